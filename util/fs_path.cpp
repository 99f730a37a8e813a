#include "util/fs_path.hpp"

namespace awsdns::util {

std::filesystem::path fs_path(std::string_view utf8) {
  const std::u8string text(utf8.begin(), utf8.end());
  return {text};
}

std::string utf8_path(const std::filesystem::path& path) {
  const std::u8string text = path.u8string();
  return {text.begin(), text.end()};
}

}  // namespace awsdns::util
