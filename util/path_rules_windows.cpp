// util/path_rules.hpp on Windows.
#include "util/path_rules.hpp"

namespace awsdns::util {

namespace {

bool is_separator(char c) {
  return c == '\\' || c == '/';
}

bool is_drive_letter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

}  // namespace

bool is_absolute_path(std::string_view path) {
  if (path.size() >= 2 && is_separator(path[0]) && is_separator(path[1])) return true;  // UNC
  return path.size() >= 3 && is_drive_letter(path[0]) && path[1] == ':' && is_separator(path[2]);
}

}  // namespace awsdns::util
