#pragma once
// The system's rules for file paths (path_rules_posix.cpp, path_rules_windows.cpp).

#include <string_view>

namespace awsdns::util {

/// True when `path` is absolute: "/..." on POSIX; "C:\..." (or "C:/...") or "\\server\share\..."
/// on Windows ("\x" and "C:x" depend on the current drive or folder: not absolute).
bool is_absolute_path(std::string_view path);

}  // namespace awsdns::util
