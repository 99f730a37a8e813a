#pragma once
// std::filesystem::path from and to awsdns's UTF-8 strings. On Windows a path built from a
// narrow std::string would be read in the ANSI code page; these go through char8_t instead.

#include <filesystem>
#include <string>
#include <string_view>

namespace awsdns::util {

/// The path named by UTF-8 text.
std::filesystem::path fs_path(std::string_view utf8);

/// The UTF-8 text of `path`, in the system's own separators.
std::string utf8_path(const std::filesystem::path& path);

}  // namespace awsdns::util
