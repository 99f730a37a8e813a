// Windows environment names: case-insensitive ("Path" and "PATH" are one variable), ordered as
// the system sorts an environment block (upper-cased ASCII).

#include <algorithm>

#include "util/environment.hpp"
#include "util/text.hpp"

namespace awsdns::util {

bool EnvironmentNameLess::operator()(const std::string& a, const std::string& b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return static_cast<unsigned char>(ascii_upper(x)) < static_cast<unsigned char>(ascii_upper(y));
  });
}

}  // namespace awsdns::util
