// POSIX environment names: case-sensitive byte strings ("http_proxy" and "HTTP_PROXY" are two).

#include "util/environment.hpp"

namespace awsdns::util {

bool EnvironmentNameLess::operator()(const std::string& a, const std::string& b) const {
  return a < b;
}

}  // namespace awsdns::util
