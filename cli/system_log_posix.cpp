#include <syslog.h>

#include <string>

#include "cli/system_log.hpp"

namespace awsdns::cli {

void open_system_log() {
  openlog("awsdns", LOG_PID, LOG_DAEMON);
}

void write_system_log(Severity severity, std::string_view message) {
  const int priority = severity == Severity::Error     ? LOG_ERR
                       : severity == Severity::Warning ? LOG_WARNING
                       : severity == Severity::Info    ? LOG_INFO
                                                       : LOG_DEBUG;
  syslog(priority, "%s", std::string(message).c_str());
}

void close_system_log() {
  closelog();
}

}  // namespace awsdns::cli
