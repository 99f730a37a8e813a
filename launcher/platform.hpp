#pragma once
// Internal to launcher/: the path rules of the system, used by the portable PATH search
// (command_lookup.cpp). Each system defines them next to its ChildProcess (process_posix.cpp).

#include <string>

namespace awsdns::launcher::platform {

/// True when `path` names a regular file this process may execute.
bool is_executable_file(const std::string& path);

/// The separator of a PATH value (':' on POSIX).
char path_list_separator();

/// True when `path` is absolute.
bool is_absolute_path(const std::string& path);

}  // namespace awsdns::launcher::platform
