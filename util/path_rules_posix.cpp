// util/path_rules.hpp on POSIX.
#include "util/path_rules.hpp"

namespace awsdns::util {

bool is_absolute_path(std::string_view path) {
  return !path.empty() && path.front() == '/';
}

}  // namespace awsdns::util
