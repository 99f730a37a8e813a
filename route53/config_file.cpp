// load_config_file: read the configuration without blocking or trusting the path's type (the
// reading itself is util's read_file_facts), then parse it.

#include "route53/config_file.hpp"

#include "util/file_reader.hpp"

namespace awsdns::route53 {
namespace {

ConfigResult failure(const std::string& path, std::string message) {
  ConfigResult result;
  result.config.file = path;
  result.errors.push_back(Diagnostic{path, 0, 0, std::move(message)});
  return result;
}

ConfigResult too_large(const std::string& path, std::uint64_t size) {
  return failure(path, "too large: " + std::to_string(size) + " bytes (limit " +
                           std::to_string(kMaxConfigBytes) + ")");
}

}  // namespace

ConfigResult load_config_file(const std::string& path, unsigned caller_uid) {
  using Status = util::FileFacts::Status;
  // One byte beyond the limit tells a file that grew after fstat from one that fits.
  auto facts = util::read_file_facts(path, kMaxConfigBytes + 1);
  switch (facts.status) {
    case Status::Missing:
    case Status::Failed:
      return failure(path, "cannot read: " + facts.os_error);
    case Status::NotRegular:
      return failure(path, "cannot read: " + facts.kind + ", not a regular file");
    case Status::Read:
      break;
  }
  if (auto problems = util::trust_problems(facts, path, caller_uid, "the configuration");
      !problems.empty()) {
    ConfigResult result = failure(path, std::move(problems.front()));
    for (std::size_t i = 1; i < problems.size(); ++i)
      result.errors.push_back(Diagnostic{path, 0, 0, std::move(problems[i])});
    return result;
  }
  // The size fstat reported (the real one, however large); the content is parse_config's to check.
  if (facts.size > kMaxConfigBytes) return too_large(path, facts.size);
  return parse_config(facts.content, path);
}

}  // namespace awsdns::route53
