#pragma once
// Internal to launcher/: the path rules of the system, used by the portable PATH search
// (command_lookup.cpp). Each system defines them next to its ChildProcess (process_posix.cpp,
// process_windows.cpp).

#include <string>
#include <string_view>
#include <vector>

namespace awsdns::launcher::platform {

/// True when `path` names a regular file this process may execute.
bool is_executable_file(const std::string& path);

/// The separator of a PATH value (':' on POSIX, ';' on Windows).
char path_list_separator();

/// True when a command name is a path to take as given, not a name to search for (it has a '/';
/// on Windows also a '\' or a drive's ':').
bool names_a_path(std::string_view name);

/// `name` in `directory` (a separator added when the directory lacks one).
std::string path_in_directory(std::string directory, std::string_view name);

/// The file names a PATH search tries for `name` in each directory, in order: `name` itself on
/// POSIX; on Windows `name`.exe and `name`.com when it has no extension, else `name`.
std::vector<std::string> executable_candidates(std::string_view name);

}  // namespace awsdns::launcher::platform
