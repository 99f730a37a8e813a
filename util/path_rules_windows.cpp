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

char path_list_separator() {
  return ';';
}

bool names_a_path(std::string_view name) {
  return name.find_first_of("/\\:") != std::string_view::npos;
}

std::string path_in_directory(std::string directory, std::string_view name) {
  if (directory.empty() || !is_separator(directory.back())) directory += '\\';
  return directory.append(name);
}

std::vector<std::string> executable_candidates(std::string_view name) {
  if (name.find('.') != std::string_view::npos) return {std::string(name)};
  return {std::string(name) + ".exe", std::string(name) + ".com"};
}

}  // namespace awsdns::util
