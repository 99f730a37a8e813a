#pragma once
// What a failed AWS CLI run means: one table from message class to "transient?" and to awsdns's
// exit code. Classification reads what the CLI printed first (botocore's messages are the same
// in AWS CLI v1 and v2, legacy and "aws: [ERROR]:" shapes alike) and the exit code second (v1
// exits 255 for nearly everything).

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "core/exit_code.hpp"
#include "launcher/command_runner.hpp"

namespace awsdns::route53 {

/// Why an AWS CLI run failed. Only the first five are transient ("no answer").
enum class ErrorClass {
  None,                // the run succeeded
  NoAnswer,            // endpoint refused/timed out/closed the connection
  ProxyUnreachable,    // the proxy of the settings file did not accept the connection
  CallTimeout,         // the run exceeded call_timeout (or the deadline) and was killed
  Throttled,           // Throttling, PriorRequestNotComplete and the like
  ServiceUnavailable,  // HTTP 5xx, InternalFailure, ServiceUnavailable
  ProxyAuth,           // HTTP 407 from the proxy: its credentials are wrong
  ProxyDenied,         // the proxy's rules refuse the tunnel (HTTP 403 or another 4xx)
  AccessDenied,        // AWS refused the credentials or the permission
  NoCredentials,       // the CLI found no credentials at all
  TlsFailed,           // certificate verification failed (CA bundle, intercepting proxy)
  ProfileNotFound,     // the configured profile does not exist (or the config file is broken)
  RegionInvalid,       // no region, or a region name the CLI refuses
  CliUsage,            // the CLI refused its arguments: unknown option, bad parameter
  Rejected,            // AWS answered with an error retrying cannot fix (InvalidChangeBatch...)
  CliNotFound,         // the AWS CLI does not exist
  CliNotUsable,        // the AWS CLI exists but does not run (permission, interpreter, crash)
  CliUntrusted,        // someone other than root or the caller could change the AWS CLI
  Interrupted,         // awsdns received a termination signal
  Unexpected,          // anything else: unknown message, odd exit code, unparsable output
};

/// One row of the table: the class, its name (JSON, README), whether it is transient (retried,
/// subject to monitor's on_cli_failure), awsdns's exit code, what it means, how to fix it.
struct ErrorClassInfo {
  ErrorClass id;
  std::string_view name;
  bool transient;
  ExitCode exit_code;
  std::string_view meaning;
  std::string_view fix;
};

/// The table, in the order of the enum (ErrorClass::None excluded).
extern const std::array<ErrorClassInfo, 19> kErrorClasses;

/// The row of `error` (None and out-of-range values get the Unexpected row).
const ErrorClassInfo& info_of(ErrorClass error);

/// True when a failure of this class means "no answer" and may be retried.
bool is_transient(ErrorClass error);

/// The class of an AWS error code ("Throttling", "AccessDenied", "407", "503", ...).
ErrorClass class_of_error_code(std::string_view code);

/// The AWS error code in an AWS CLI stderr text ("An error occurred (CODE)..."), or "".
std::string aws_error_code(std::string_view stderr_text);

/// How one run ended: its class, the AWS error code if any, one line for humans.
struct Classification {
  ErrorClass error = ErrorClass::Unexpected;
  std::string error_code;
  std::string message;
};

/// True when a run of `aws route53 wait ...` ended because its waiter made all its polls without
/// reaching the success state ("Waiter NAME failed: Max attempts exceeded", both generations):
/// not a failure of the call, the change is just not INSYNC yet.
bool waiter_gave_up(std::string_view stderr_text);

/// Classifies a finished run by what the CLI printed, then by how it ended (stdout is not
/// parsed here; a run that exited 0 is ErrorClass::None).
Classification classify_run(const launcher::RunResult& result);

}  // namespace awsdns::route53
