#pragma once
// Internal to launcher/: the system's executable-file test, used by the portable PATH search
// (command_lookup.cpp) with the path rules of util/path_rules.hpp. Each system defines it next to
// its ChildProcess (process_posix.cpp, process_windows.cpp).

#include <string>

namespace awsdns::launcher::platform {

/// True when `path` names a regular file this process may execute.
bool is_executable_file(const std::string& path);

}  // namespace awsdns::launcher::platform
