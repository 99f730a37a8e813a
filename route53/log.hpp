#pragma once
// Where route53 and the commands send diagnostics. They never print; the command layer supplies the
// sink, which prefixes "awsdns: ", scrubs secrets, honours --verbose and mirrors to syslog.

#include <functional>
#include <string_view>

namespace awsdns {

/// How important a log message is; Debug is shown only with --verbose.
enum class Severity { Debug, Info, Warning, Error };

/// Receives one complete message (no trailing newline).
using LogSink = std::function<void(Severity, std::string_view)>;

}  // namespace awsdns
