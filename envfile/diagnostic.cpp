#include "envfile/diagnostic.hpp"

namespace awsdns::envfile {

std::string Diagnostic::to_string() const {
  std::string location = file;
  if (line > 0) {
    location += (location.empty() ? "line " : ":") + std::to_string(line);
    if (column > 0) location += ":" + std::to_string(column);
  }
  if (location.empty()) return message;
  return location + ": " + message;
}

}  // namespace awsdns::envfile
