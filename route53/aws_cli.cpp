#include "route53/aws_cli.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>

#include "envfile/redact.hpp"
#include "util/duration.hpp"
#include "util/text.hpp"

namespace awsdns::route53 {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

/// The exit code awsdns reports for a failure of class `error` (128+N when interrupted).
ExitCode exit_code_of(ErrorClass error, int signal) {
  if (error == ErrorClass::Interrupted) return exit_code_of_signal(signal);
  return info_of(error).exit_code;
}

/// One call's retry loop: the fixed inputs and what the last attempt gave.
class CallLoop {
 public:
  CallLoop(const AwsCliContext& context, const std::vector<std::string>& operation_args,
           Clock::time_point deadline)
      : context_(context),
        deadline_(deadline),
        secrets_(envfile::secrets_in(context.invocation.environment)),
        operation_(operation_args.size() >= 2 ? operation_args[0] + " " + operation_args[1]
                                              : "aws"),
        attempts_(std::max(1, context.settings.attempts)),
        changes_(operation_args.size() >= 2 && operation_args[1] == "change-resource-record-sets") {
    command_.executable = context.invocation.program;
    command_.args = context.invocation.args_for(operation_args);
    command_.environment = context.invocation.environment;
  }

  /// Runs the call until it succeeds, fails permanently, or has no try or time left. Route 53's
  /// budget is shared by every client of the account, so a throttled run (Throttling,
  /// PriorRequestNotComplete) is not a try of `attempts`: it is made again after a full-jitter
  /// pause for as long as the deadline allows, which keeps the change in line instead of failing
  /// it while other clusters hold the budget.
  CallResult run() {
    int tries = 0;      // failed runs that count against `attempts`
    int throttles = 0;  // throttled runs in a row
    for (int run = 1;; ++run) {
      if (!run_attempt(run, tries + 1)) break;
      if (result_.ok()) return std::move(result_);
      if (!is_transient(last_.error)) break;
      const bool throttled = last_.error == ErrorClass::Throttled;
      throttles = throttled ? throttles + 1 : 0;
      result_.throttled += throttled ? 1 : 0;
      if (!throttled) ++tries;
      if (!pause_before(throttled ? throttles : tries, throttled, tries)) break;
    }
    return failed();
  }

 private:
  void log(Severity severity, const std::string& text) const {
    if (context_.log) context_.log(severity, envfile::scrub(text, secrets_));
  }

  void interrupted(int signal) {
    last_ = {ErrorClass::Interrupted, "", "interrupted by signal " + std::to_string(signal)};
    signal_ = signal;
  }

  /// Run `run` of the CLI (try `attempt` of `attempts`) within what is left of the deadline;
  /// false when none was made.
  bool run_attempt(int run_number, int attempt) {
    if (const int sig = context_.time->interrupt_signal()) {
      interrupted(sig);
      return false;
    }
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline_ - context_.time->now() - context_.run_overrun);
    if (remaining < kMinRunTime) {
      if (run_number == 1) last_ = {ErrorClass::CallTimeout, "", "no time left"};
      last_.message += " (command deadline reached)";
      result_.deadline_reached = true;
      return false;
    }
    const auto call_timeout = std::chrono::milliseconds(
        std::chrono::seconds(std::max(1, context_.settings.call_timeout)));
    command_.timeout = std::min(call_timeout, remaining);
    log(Severity::Debug, "running (attempt " + std::to_string(attempt) + "/" +
                             std::to_string(attempts_) +
                             "): " + argv_text(command_.executable, command_.args));
    const launcher::RunResult run = context_.runner->run(command_);
    result_.attempts = run_number;
    last_ = classify_run(run);
    if (last_.error == ErrorClass::ProxyUnreachable) ask_proxy();
    if (run.outcome == launcher::Outcome::TimedOut && command_.timeout < call_timeout) {
      last_.message = "the AWS CLI was stopped at the command's deadline after " +
                      util::duration_text(run.elapsed);
      result_.deadline_reached = true;
      return false;
    }
    if (last_.error == ErrorClass::Interrupted) signal_ = run.signal;
    if (last_.error == ErrorClass::None) parse_output(run.stdout_text);
    return true;
  }

  /// The proxy's own answer turns "proxy unreachable" into a refusal (407, 403) when it is one;
  /// one connect and one exchange within connect_timeout and the deadline.
  void ask_proxy() {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - context_.time->now());
    if (!context_.diagnose_proxy || left <= 0ms) return;
    const auto connect = std::chrono::milliseconds(
        std::chrono::seconds(std::max(1, context_.settings.connect_timeout)));
    last_ =
        reclassify_proxy_failure(last_, context_.diagnose_proxy(context_, std::min(connect, left)));
  }

  void parse_output(const std::string& text) {
    try {
      result_.output = boost::json::parse(text.empty() ? "{}" : text);
      result_.error = ErrorClass::None;
    } catch (const std::exception& error) {
      last_ = {ErrorClass::Unexpected, "",
               std::string("the AWS CLI printed something that is not JSON: ") + error.what()};
    }
  }

  /// The backoff pause after the `retry`th failure in a row (of a kind: throttled or not);
  /// false when there is no further run to make (`tries` used up, or no time left).
  bool pause_before(int retry, bool throttled, int tries) {
    if (!throttled && tries >= attempts_) {
      last_.message += " (after " + std::to_string(attempts_) + " attempts)";
      return false;
    }
    const auto cap = !throttled ? context_.backoff_cap
                     : changes_ ? context_.change_turn_cap
                                : context_.yield_cap;
    const auto delay = full_jitter_delay(retry, context_.backoff_base, cap, context_.random);
    if (context_.time->now() + delay + context_.run_overrun + kMinRunTime > deadline_) {
      last_.message += throttled ? " (throttled until the command's deadline)"
                                 : " (no time left for another attempt before the command's "
                                   "deadline)";
      result_.deadline_reached = true;
      return false;
    }
    log(Severity::Debug, operation_ +
                             (throttled ? ": throttled (not counted in attempts): "
                                        : ": attempt " + std::to_string(tries) + "/" +
                                              std::to_string(attempts_) + " failed: ") +
                             last_.message + "; retrying in " + util::duration_text(delay));
    if (!context_.time->sleep_for(delay)) {
      interrupted(context_.time->interrupt_signal());
      return false;
    }
    return true;
  }

  CallResult failed() {
    const ErrorClassInfo& info = info_of(last_.error);
    result_.error = last_.error;
    result_.error_code = last_.error_code;
    result_.signal = signal_;
    result_.exit_code = exit_code_of(last_.error, signal_);
    result_.message =
        envfile::scrub(operation_ + ": " + last_.message + " [" + std::string(info.name) +
                           (info.transient ? ", transient" : ", permanent") + "]",
                       secrets_);
    return std::move(result_);
  }

  const AwsCliContext& context_;
  const Clock::time_point deadline_;
  const std::vector<std::string> secrets_;
  const std::string operation_;
  const int attempts_;
  const bool changes_;  // a change: its throttled retries keep the shorter backoff_cap
  launcher::Command command_;
  CallResult result_;
  Classification last_;
  int signal_ = 0;
};

}  // namespace

std::string argv_text(const std::string& program, const std::vector<std::string>& args) {
  std::string text = util::shell_word(program);
  for (const auto& arg : args) text += " " + util::shell_word(arg);
  return text;
}

CallResult call_aws(const AwsCliContext& context, const std::vector<std::string>& operation_args,
                    std::chrono::steady_clock::time_point deadline) {
  return CallLoop(context, operation_args, deadline).run();
}

}  // namespace awsdns::route53
