#pragma once
// One AWS CLI call: the operation run through the CommandRunner as the AwsInvocation says
// (program, environment, fixed arguments), bounded by call_timeout; the outcome classified
// (cli_errors.hpp); transient failures retried with backoff within a deadline. The same argv and
// environment serve AWS CLI v1 and v2.

#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/exit_code.hpp"
#include "launcher/command_runner.hpp"
#include "launcher/timekeeper.hpp"
#include "route53/aws_invocation.hpp"
#include "route53/backoff.hpp"
#include "route53/cli_errors.hpp"
#include "route53/config.hpp"
#include "route53/log.hpp"
#include "route53/proxy_probe.hpp"

namespace awsdns::route53 {

/// The result of a call after retries.
struct CallResult {
  ErrorClass error = ErrorClass::Unexpected;  // None on success
  boost::json::value output;                  // Success: parsed stdout
  std::string error_code;
  std::string message;  // failure: one line (AWS message, scrubbed by the caller's sink)
  int attempts = 0;     // AWS CLI runs made
  int throttled = 0;    // runs Route 53 throttled (its account-wide budget was busy)
  int signal = 0;       // Interrupted: the signal received
  ExitCode exit_code = ExitCode::Ok;  // failure: what awsdns should exit with
  bool deadline_reached = false;      // the deadline passed to call_aws cut a run or left no time
  bool ok() const { return error == ErrorClass::None; }
  bool transient() const { return is_transient(error); }
};

/// The kill grace of an AWS CLI run (SIGTERM, then SIGKILL): the CLI has nothing to save.
inline constexpr std::chrono::milliseconds kAwsCliKillGrace{250};

/// No AWS CLI run is started with less time than this before the deadline (a run costs ~0.5 s).
inline constexpr std::chrono::milliseconds kMinRunTime{1000};

/// Asks the proxy of `context`'s AWS CLI what it answers, within the timeout (diagnose_proxy).
using ProxyDiagnosis = std::function<ProxyProbe(const AwsCliContext&, std::chrono::milliseconds)>;

/// Everything a call needs besides the operation: the AWS CLI's invocation, the settings that
/// bound a call (attempts, call_timeout), and the injected runner, clock, random source, log
/// and proxy diagnosis.
struct AwsCliContext {
  AwsInvocation invocation;
  AwsSettings settings;
  launcher::CommandRunner* runner = nullptr;
  launcher::Timekeeper* time = nullptr;
  RandomSource random;  // for jitter; empty = no jitter (maximum delay)
  LogSink log;          // may be empty
  std::chrono::milliseconds backoff_base{1000};
  std::chrono::milliseconds backoff_cap{20000};
  /// The longest pause before a throttled read or INSYNC wait goes on: they yield Route 53's
  /// account-wide budget to changes, whose throttled retries keep `backoff_cap`.
  std::chrono::milliseconds yield_cap{60000};
  /// The longest pause before a throttled change is tried again: short, so that a change takes
  /// its turn as soon as the account's budget has room (a throttled try costs no budget).
  std::chrono::milliseconds change_turn_cap{5000};
  // How long a run may last past its timeout (the runner's kill grace and drain): reserved
  // before the deadline so that the run, killed or not, has ended by then.
  std::chrono::milliseconds run_overrun = launcher::run_overrun(kAwsCliKillGrace);
  // Asked when a run failed with "Failed to connect to proxy URL" (proxy-unreachable), which the
  // AWS CLI also prints when the proxy refuses the tunnel (407, 403); empty = not asked.
  ProxyDiagnosis diagnose_proxy;
};

/// `program` and `args` as one line for logs: arguments with spaces, quotes or JSON in single
/// quotes (a shell's reading of it is the argv), nothing else changed.
std::string argv_text(const std::string& program, const std::vector<std::string>& args);

/// Runs the AWS CLI for `operation_args`, retrying transient failures with full-jitter backoff,
/// at most settings.attempts runs, and ended (run killed, if need be) by `deadline`: a run's
/// timeout is cut to the time left minus run_overrun; no run starts with less than kMinRunTime.
/// Never throws for call failures.
CallResult call_aws(const AwsCliContext& context, const std::vector<std::string>& operation_args,
                    std::chrono::steady_clock::time_point deadline);

}  // namespace awsdns::route53
