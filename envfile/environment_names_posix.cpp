// POSIX environment names: case-sensitive byte strings ("http_proxy" and "HTTP_PROXY" are two).

#include "envfile/environment.hpp"

namespace awsdns::envfile {

bool EnvironmentNameLess::operator()(const std::string& a, const std::string& b) const {
  return a < b;
}

}  // namespace awsdns::envfile
