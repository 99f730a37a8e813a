#pragma once
// The operating system's log (syslog on POSIX), used by --syslog.

#include <string_view>

#include "route53/log.hpp"

namespace awsdns::cli {

/// Opens the system log under the identity "awsdns".
void open_system_log();
/// Writes one already-scrubbed message at the matching priority.
void write_system_log(Severity severity, std::string_view message);
/// Closes the system log.
void close_system_log();

}  // namespace awsdns::cli
