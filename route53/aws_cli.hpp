#pragma once
// One AWS CLI call: argv building, running through the CommandRunner with the child environment
// and call_timeout, classification of the outcome (cli_errors.hpp), retries of transient
// failures with backoff within a deadline. The same argv and environment serve AWS CLI v1 and v2.

#include <boost/json/value.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "core/exit_code.hpp"
#include "launcher/command_runner.hpp"
#include "launcher/log.hpp"
#include "launcher/timekeeper.hpp"
#include "route53/backoff.hpp"
#include "route53/cli_errors.hpp"
#include "route53/config.hpp"
#include "route53/proxy_probe.hpp"

namespace awsdns::route53 {

/// Full argv (without argv[0]) for an operation: service/operation args, then the fixed output and
/// time-out flags (options both CLI generations know), region and profile when configured, then
/// extra_args.
std::vector<std::string> build_aws_args(const AwsSettings& settings,
                                        const std::vector<std::string>& operation_args);

/// The result of a call after retries.
struct CallResult {
  ErrorClass error = ErrorClass::Unexpected;  // None on success
  boost::json::value output;                  // Success: parsed stdout
  std::string error_code;
  std::string message;  // failure: one line (AWS message, scrubbed by the caller's sink)
  int attempts = 0;     // AWS CLI runs made
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

/// Everything a call needs besides the operation: the CLI, its settings, environment, and the
/// injected runner, clock, random source, log and proxy diagnosis.
struct AwsCliContext {
  std::string cli_path;  // absolute path of the AWS CLI
  AwsSettings settings;
  envfile::Environment environment;  // the child environment (settings file applied)
  launcher::CommandRunner* runner = nullptr;
  launcher::Timekeeper* time = nullptr;
  RandomSource random;  // for jitter; empty = no jitter (maximum delay)
  LogSink log;          // may be empty
  std::chrono::milliseconds backoff_base{1000};
  std::chrono::milliseconds backoff_cap{20000};
  // How long a run may last past its timeout (the runner's kill grace and drain): reserved
  // before the deadline so that the run, killed or not, has ended by then.
  std::chrono::milliseconds run_overrun = launcher::run_overrun(kAwsCliKillGrace);
  // Asked when a run failed with "Failed to connect to proxy URL" (proxy-unreachable), which the
  // AWS CLI also prints when the proxy refuses the tunnel (407, 403); empty = not asked.
  ProxyDiagnosis diagnose_proxy;
};

/// The environment handed to the AWS CLI: `environment` plus awsdns's own controls: no pager
/// (AWS_PAGER empty: v2 honours it, v1 has none), errors in the legacy shape
/// (AWS_CLI_ERROR_FORMAT=legacy, ignored where unknown) and AWS_MAX_ATTEMPTS=1 unless already
/// set, so that awsdns's own retries (bounded by the deadline) are the only ones.
envfile::Environment aws_child_environment(const envfile::Environment& environment);

/// Runs the AWS CLI for `operation_args`, retrying transient failures with full-jitter backoff,
/// at most settings.attempts runs, and ended (run killed, if need be) by `deadline`: a run's
/// timeout is cut to the time left minus run_overrun; no run starts with less than kMinRunTime.
/// Never throws for call failures.
CallResult call_aws(const AwsCliContext& context, const std::vector<std::string>& operation_args,
                    std::chrono::steady_clock::time_point deadline);

}  // namespace awsdns::route53
