// Loading the settings file: util's loader of trusted files (type, size, permissions, owner),
// then the parser.

#include "envfile/settings_file.hpp"

#include "util/trusted_file.hpp"

namespace awsdns::envfile {

Result<std::optional<Settings>> load_settings_file(const std::string& path, bool named_explicitly,
                                                   Caller caller) {
  auto content = util::read_trusted_file(path, kMaxSettingsBytes, caller.uid, "settings file");
  if (!content) {
    util::FileRefusal refusal = content.error();
    if (refusal.missing && !named_explicitly) return std::optional<Settings>();
    Diagnostics errors;
    for (auto& problem : refusal.problems) errors.push_back({path, 0, 0, std::move(problem)});
    return fail(ExitCode::Config, util::lines_of(errors));
  }
  auto parsed = parse_settings(*content, path);
  if (!parsed) return parsed.error();
  return std::optional<Settings>(std::move(*parsed));
}

}  // namespace awsdns::envfile
