#include "cli/logger.hpp"

#include <algorithm>
#include <ostream>

#include "cli/system_log.hpp"
#include "envfile/redact.hpp"
#include "util/diagnostic.hpp"

namespace awsdns::cli {

Logger::Logger(std::ostream& err, bool verbose, bool use_syslog)
    : err_(err), verbose_(verbose), syslog_(use_syslog) {
  if (syslog_) open_system_log();
}

Logger::~Logger() {
  if (syslog_) close_system_log();
}

void Logger::add_secrets(const std::vector<std::string>& secrets) {
  secrets_.insert(secrets_.end(), secrets.begin(), secrets.end());
  // Longest first, so a secret that contains another is replaced whole.
  std::sort(secrets_.begin(), secrets_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  secrets_.erase(std::unique(secrets_.begin(), secrets_.end()), secrets_.end());
}

std::string Logger::scrub(std::string_view text) const {
  return envfile::scrub(text, secrets_);
}

void Logger::write(Severity severity, std::string_view message) {
  if (severity == Severity::Debug && !verbose_) return;
  const char* label = severity == Severity::Error     ? "error: "
                      : severity == Severity::Warning ? "warning: "
                                                      : "";
  // One output line per message line, each prefixed; nothing unprintable reaches the terminal.
  const std::string clean = scrub(message);
  std::string_view rest = clean;
  do {
    const auto newline = rest.find('\n');
    const std::string line = util::printable(rest.substr(0, newline));
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
    if (line.empty() && !rest.empty()) continue;
    err_ << "awsdns: " << label << line << '\n';
    if (syslog_) write_system_log(severity, line);
  } while (!rest.empty());
  err_ << std::flush;
}

}  // namespace awsdns::cli
