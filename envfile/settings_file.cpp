// Loading the settings file: the file policy (type, size, permissions, owner), then the parser.

#include "envfile/settings_file.hpp"

#include "util/file_reader.hpp"

namespace awsdns::envfile {

LoadResult load_settings_file(const std::string& path, bool named_explicitly, Caller caller) {
  LoadResult result;
  const auto refuse = [&](std::string message) {
    result.errors.push_back({path, 0, 0, std::move(message)});
  };
  using Status = util::FileFacts::Status;
  // One byte beyond the limit tells a file over it (or one that grew after fstat).
  const auto facts = util::read_file_facts(path, kMaxSettingsBytes + 1);
  switch (facts.status) {
    case Status::Missing:
      if (named_explicitly)
        refuse("settings file not found (" + facts.os_error + ")");
      else
        result.absent_default = true;
      return result;
    case Status::NotRegular:
      refuse("the settings file is " + facts.kind + ", not a regular file");
      return result;
    case Status::Failed:
      refuse("cannot read the settings file: " + facts.os_error);
      return result;
    case Status::Read:
      break;
  }
  for (auto& problem : util::trust_problems(facts, path, caller.uid, "the settings file"))
    refuse(std::move(problem));
  if (auto problem = size_problem(facts.content.size()); !problem.empty()) refuse(problem);
  if (!result.errors.empty()) return result;
  auto parsed = parse_settings(facts.content, path);
  if (!parsed.ok()) {
    result.errors = std::move(parsed.errors);
    return result;
  }
  result.settings = std::move(parsed.settings);
  return result;
}

}  // namespace awsdns::envfile
