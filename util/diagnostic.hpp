#pragma once
// A problem found in an input file, located by file, line and (optionally) column.

#include <string>
#include <string_view>
#include <vector>

namespace awsdns::util {

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

/// The diagnostics as one text, one to_string() per line: the message of a failure that carries
/// them all (a Failure, an Error).
std::string lines_of(const Diagnostics& diagnostics);

/// The lines of a message made by lines_of (any text: split at '\n'), to report one by one.
std::vector<std::string> split_lines(std::string_view message);

/// `text` safe for a terminal or a log: control characters (except TAB) and bytes that are not
/// valid UTF-8 are shown as \xNN, so a hostile input cannot inject escape sequences or NULs.
std::string printable(std::string_view text);

}  // namespace awsdns::util
