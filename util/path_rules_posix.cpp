// util/path_rules.hpp on POSIX.
#include "util/path_rules.hpp"

namespace awsdns::util {

bool is_absolute_path(std::string_view path) {
  return !path.empty() && path.front() == '/';
}

char path_list_separator() {
  return ':';
}

bool names_a_path(std::string_view name) {
  return name.find('/') != std::string_view::npos;
}

std::string path_in_directory(std::string directory, std::string_view name) {
  if (directory.empty() || directory.back() != '/') directory += '/';
  return directory.append(name);
}

std::vector<std::string> executable_candidates(std::string_view name) {
  return {std::string(name)};
}

}  // namespace awsdns::util
