#pragma once
// A problem found in an input file, located by file, line and (optionally) column.

#include <string>
#include <vector>

namespace awsdns::envfile {

/// One located problem in an input file; line and column are 1-based, 0 means "not known".
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;

  /// Renders as "FILE:LINE:COLUMN: message" (LINE and COLUMN only when known).
  std::string to_string() const;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace awsdns::envfile
