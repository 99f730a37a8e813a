#pragma once
// The system's rules for file paths (path_rules_posix.cpp, path_rules_windows.cpp).

#include <string>
#include <string_view>
#include <vector>

namespace awsdns::util {

/// True when `path` is absolute: "/..." on POSIX; "C:\..." (or "C:/...") or "\\server\share\..."
/// on Windows ("\x" and "C:x" depend on the current drive or folder: not absolute).
bool is_absolute_path(std::string_view path);

/// The separator of a PATH value (':' on POSIX, ';' on Windows).
char path_list_separator();

/// True when a command name is a path to take as given, not a name to search for (it has a '/';
/// on Windows also a '\' or a drive's ':').
bool names_a_path(std::string_view name);

/// `name` in `directory` (a separator added when the directory lacks one: '/' on POSIX, '\' on
/// Windows, where '/' ends a directory too).
std::string path_in_directory(std::string directory, std::string_view name);

/// The file names a PATH search tries for `name` in each directory, in order: `name` itself on
/// POSIX; on Windows `name`.exe and `name`.com when it has no extension, else `name`.
std::vector<std::string> executable_candidates(std::string_view name);

}  // namespace awsdns::util
