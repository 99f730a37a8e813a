#pragma once
// What the DNS commands print: the result line (or one JSON object) and, on a terminal, the
// updating status line of their waits (the resource lock, activate's INSYNC).

#include <chrono>
#include <iosfwd>
#include <string>

#include "route53/actions.hpp"

namespace awsdns::cli {

/// Prints the result of `verb` ("activate", ...) as one line, or as one JSON object with `as_json`;
/// `message` is the report's message, scrubbed and printable.
void print_result(std::ostream& out, const route53::ActionReport& report, const std::string& verb,
                  const std::string& message, bool as_json);

/// The one updating status line of a wait at a terminal (the resource lock, activate's INSYNC);
/// used on a terminal only.
class StatusLine {
 public:
  /// `err` must outlive the status line.
  explicit StatusLine(std::ostream& err) : err_(err) {}
  /// Replaces the line with the change's status and the time since the action started.
  void show(const std::string& change_id, const std::string& status,
            std::chrono::milliseconds elapsed);
  /// Replaces the line with "awsdns: " + `text` (one printable line).
  void show_text(const std::string& text);
  /// Erases the line, when one is shown.
  void clear();

 private:
  std::ostream& err_;
  bool open_ = false;
};

}  // namespace awsdns::cli
