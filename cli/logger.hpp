#pragma once
// The command layer's log: "awsdns: " prefix on stderr, --verbose for Debug, optional syslog,
// and a last scrub of every known secret before anything is written.

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "route53/log.hpp"

namespace awsdns::cli {

/// Writes diagnostics to stderr (and syslog), never showing a known secret.
class Logger {
 public:
  /// `err` must outlive the logger.
  Logger(std::ostream& err, bool verbose, bool use_syslog);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  /// Adds strings that must never appear in output (see envfile::secrets_in).
  void add_secrets(const std::vector<std::string>& secrets);
  /// Scrubs `text` of every known secret and URL userinfo.
  std::string scrub(std::string_view text) const;
  /// Writes one message (Debug only when verbose).
  void write(Severity severity, std::string_view message);
  /// True when --verbose was given.
  bool verbose() const { return verbose_; }

 private:
  std::ostream& err_;
  bool verbose_;
  bool syslog_;
  std::vector<std::string> secrets_;
};

}  // namespace awsdns::cli
