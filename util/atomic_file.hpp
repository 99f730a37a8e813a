#pragma once
// Replacing a small file inside a directory opened by util::open_trusted_directory, so that a
// reader sees the old content or the new one, never a part: a temporary file in the same
// directory, written and flushed, then renamed over the name. One file per system:
// atomic_file_posix.cpp (openat/renameat relative to the directory's descriptor, O_NOFOLLOW),
// atomic_file_windows.cpp (the held folder's path, MoveFileExW).

#include <cstdint>
#include <string>
#include <string_view>

#include "util/expected.hpp"

namespace awsdns::util {

/// Replaces the file `name` in the open directory `directory` (a handle of
/// open_trusted_directory; `directory_path` is its path) with `content`, owner-only (0600), never
/// writing through a symbolic link or a file someone planted under the temporary name. The error
/// says what failed, with the path.
Expected<> replace_file_in(std::intptr_t directory, const std::string& directory_path,
                           const std::string& name, std::string_view content);

}  // namespace awsdns::util
