// load_config_file: the configuration read by util's one loader of trusted files, then parsed.

#include "route53/config_file.hpp"

#include "util/trusted_file.hpp"

namespace awsdns::route53 {

Result<Config> load_config_file(const std::string& path, unsigned caller_uid) {
  auto content = util::read_trusted_file(path, kMaxConfigBytes, caller_uid, "configuration file");
  if (content) return parse_config(*content, path);
  Diagnostics refusals;
  for (auto& problem : content.error().problems)
    refusals.push_back({path, 0, 0, std::move(problem)});
  return fail(ExitCode::Config, util::lines_of(refusals));
}

}  // namespace awsdns::route53
