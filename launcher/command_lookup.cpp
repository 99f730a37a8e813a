// PATH search and the mapping from a run's outcome to awsdns's exit status.

#include "core/exit_code.hpp"
#include "launcher/command_runner.hpp"
#include "launcher/platform.hpp"
#include "util/path_rules.hpp"

namespace awsdns::launcher {

std::string find_executable(std::string_view name, std::string_view path_list) {
  if (name.empty()) return {};
  if (util::names_a_path(name)) return std::string(name);
  const std::vector<std::string> candidates = util::executable_candidates(name);
  const char separator = util::path_list_separator();
  std::size_t begin = 0;
  while (begin <= path_list.size()) {
    std::size_t end = path_list.find(separator, begin);
    if (end == std::string_view::npos) end = path_list.size();
    std::string directory(path_list.substr(begin, end - begin));
    begin = end + 1;
    // Empty and relative entries would search the current directory: not for a tool run as root.
    if (!util::is_absolute_path(directory)) continue;
    for (const std::string& file_name : candidates) {
      std::string candidate = util::path_in_directory(directory, file_name);
      if (platform::is_executable_file(candidate)) return candidate;
    }
  }
  return {};
}

bool is_executable_file(const std::string& path) {
  return platform::is_executable_file(path);
}

bool names_a_path(std::string_view name) {
  return util::names_a_path(name);
}

int exit_status_of(const RunResult& result) {
  switch (result.outcome) {
    case Outcome::Exited:
      return result.exit_code;
    case Outcome::Signaled:
    case Outcome::Interrupted:
      return to_int(exit_code_of_signal(result.signal));
    case Outcome::TimedOut:
      return to_int(ExitCode::Timeout);
    case Outcome::StartFailed:
      return to_int(exit_code_of_start_error(result.start_error));
  }
  return to_int(ExitCode::Failed);
}

}  // namespace awsdns::launcher
