// activate's INSYNC wait: the AWS CLI's own waiter, one run at a time beside the read-back.
#include "route53/insync_wait.hpp"

#include <algorithm>

#include "envfile/redact.hpp"
#include "route53/aws_invocation.hpp"
#include "route53/backoff.hpp"
#include "route53/waiter.hpp"
#include "util/duration.hpp"

namespace awsdns::route53::detail {
namespace {

using namespace std::chrono_literals;

// How often the status line is renewed while a waiter run goes on: the run polls by itself, so
// awsdns shows the time the wait has lasted, not each poll.
constexpr std::chrono::milliseconds kProgressEvery = 1s;

std::chrono::milliseconds ms(std::chrono::steady_clock::duration duration) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(duration);
}

}  // namespace

InsyncWait::InsyncWait(const ActionContext& context, Clock::time_point start,
                       Clock::time_point accepted, const CommandEnd& end, WaiterPaths paths,
                       bool contended, ActionReport& report)
    : context_(context),
      time_(*context.aws.time),
      start_(start),
      accepted_(accepted),
      end_(end),
      wait_end_(accepted + std::chrono::seconds(context.resource.wait_timeout)),
      paths_(std::move(paths)),
      contended_(contended),
      secrets_(envfile::secrets_in(context.aws.invocation.environment)),
      report_(report) {}

InsyncWait::~InsyncWait() {
  abandon();
}

void InsyncWait::start() {
  if (!contended_) {
    launch();  // when no run fits, finish() says so
    return;
  }
  // Other clusters' changes wait for the same budget: the first poll comes one contended
  // interval later (a change is rarely INSYNC sooner), plus a random part of two more, so that
  // the fleet's polls spread out behind its changes.
  const auto interval = std::chrono::seconds(contended_poll_interval(context_.resource));
  next_run_at_ = time_.now() + interval +
                 full_jitter_delay(1, 2 * interval, 2 * interval, context_.aws.random);
}

void InsyncWait::abandon() {
  if (run_) context_.aws.runner->stop(*run_);
  run_.reset();
}

ExitCode InsyncWait::finish(std::string& message) {
  for (;;) {
    if (!run_) {
      if (!next_run_at_) return out_of_time(message);
      const auto pause = ms(*next_run_at_ - time_.now());
      if (pause > 0ms && !time_.sleep_for(pause)) {
        message = "interrupted while waiting for change " + report_.change_id;
        return exit_code_of_signal(time_.interrupt_signal());
      }
      next_run_at_.reset();
      if (!launch()) return out_of_time(message);
    }
    const auto until = context_.progress ? time_.now() + kProgressEvery : end_.at;
    auto finished = context_.aws.runner->wait_any(until);
    if (!finished && time_.now() >= end_.at) {
      abandon();  // its time limit should have ended it already: never wait past the end
      return out_of_time(message);
    }
    if (!finished) {
      show_progress("PENDING");
      continue;
    }
    if (finished->id != *run_) continue;  // not ours (no other run is started by activate)
    run_.reset();
    if (auto done = judge(finished->result, message)) return *done;
  }
}

// Starts a waiter run with a time limit of wait_end (or the command's end, when sooner); false
// when less than a run's minimum is left.
bool InsyncWait::launch() {
  const auto now = time_.now();
  const auto run_end = end_.at - context_.aws.run_overrun;
  const auto limit = std::min(wait_end_, run_end);
  if (limit - now < kMinRunTime) return false;
  const AwsInvocation& invocation = context_.aws.invocation;
  const std::string& data_path = contended_ ? paths_.contended : paths_.usual;
  WaiterRun waiter = waiter_run(invocation, report_.change_id, data_path);
  launcher::Command command;
  command.executable = invocation.program;
  command.args = std::move(waiter.args);
  command.environment = std::move(waiter.environment);
  command.timeout = ms(limit - now);
  log(Severity::Debug,
      "running the AWS CLI's waiter (run " + std::to_string(failures_ + 1) +
          ", with AWS_DATA_PATH=" + data_path +
          " AWS_RETRY_MODE=standard AWS_MAX_ATTEMPTS=" + std::to_string(kWaiterClientAttempts) +
          "): " + argv_text(command.executable, command.args));
  run_cut_by_end_ = run_end < wait_end_;
  run_started_ = now;
  run_ = context_.aws.runner->start(command);
  report_.attempts += 1;
  return true;
}

// What a finished waiter run means: the wait's outcome, or nullopt with the next run planned.
std::optional<ExitCode> InsyncWait::judge(const launcher::RunResult& result, std::string& message) {
  if (result.outcome == launcher::Outcome::Exited && result.exit_code == 0) {
    report_.status = "INSYNC";
    report_.insync = ms(run_started_ + result.elapsed - start_);
    show_progress("INSYNC");
    return ExitCode::Ok;
  }
  if (result.outcome == launcher::Outcome::TimedOut) {
    last_problem_ = "the waiter run was stopped after " + util::duration_text(result.elapsed);
    if (!run_cut_by_end_) {
      message =
          still("after " + std::to_string(context_.resource.wait_timeout) + " s (wait_timeout)");
      return ExitCode::NotInSync;
    }
    return out_of_time(message);
  }
  if (result.outcome == launcher::Outcome::Exited && waiter_gave_up(result.stderr_text)) {
    message = still("after " + std::to_string(context_.resource.wait_timeout) +
                    " s (wait_timeout): the AWS CLI's waiter made its " +
                    std::to_string(waiter_max_attempts(context_.resource, interval())) + " polls");
    return ExitCode::NotInSync;
  }
  Classification failure = classify_run(result);
  if (failure.error == ErrorClass::ProxyUnreachable && context_.aws.diagnose_proxy) {
    const auto connect = std::chrono::milliseconds(
        std::chrono::seconds(std::max(1, context_.aws.settings.connect_timeout)));
    const auto left = std::max(ms(end_.at - time_.now()), 0ms);
    failure = reclassify_proxy_failure(
        failure, context_.aws.diagnose_proxy(context_.aws, std::min(connect, left)));
  }
  if (failure.error == ErrorClass::Interrupted) {
    message = "interrupted while waiting for change " + report_.change_id;
    return exit_code_of_signal(result.signal);
  }
  if (is_transient(failure.error)) return retry_later(failure, message);
  return failed(failure, message);
}

// A transient failure: another run after a backoff pause, when one still fits.
std::optional<ExitCode> InsyncWait::retry_later(const Classification& failure,
                                                std::string& message) {
  ++failures_;
  last_problem_ = failure.message;
  // A throttled wait yields the account's budget to other clusters' changes: a longer pause,
  // then polls at the contended interval.
  const bool throttled = failure.error == ErrorClass::Throttled;
  contended_ = contended_ || throttled;
  const auto delay = full_jitter_delay(
      failures_, context_.aws.backoff_base,
      throttled ? context_.aws.yield_cap : context_.aws.backoff_cap, context_.aws.random);
  const auto at = time_.now() + delay;
  const auto limit = std::min(wait_end_, end_.at - context_.aws.run_overrun);
  if (limit - at < kMinRunTime) return out_of_time(message);
  log(Severity::Warning, "waiting for change " + report_.change_id + ": " + failure.message + " [" +
                             std::string(info_of(failure.error).name) +
                             ", transient]; another waiter run in " + util::duration_text(delay));
  next_run_at_ = at;
  return std::nullopt;
}

ExitCode InsyncWait::failed(const Classification& failure, std::string& message) {
  const ErrorClassInfo& info = info_of(failure.error);
  report_.error_class = std::string(info.name);
  message =
      envfile::scrub("change " + report_.change_id +
                         " accepted, but waiting for it failed: route53 wait: " + failure.message +
                         " [" + std::string(info.name) + ", permanent]",
                     secrets_);
  return info.exit_code;
}

// No waiter run fits any more: wait_timeout, or the command's end came first.
ExitCode InsyncWait::out_of_time(std::string& message) const {
  const std::string last = last_problem_.empty() ? "" : "; last waiter run: " + last_problem_;
  if (wait_end_ <= end_.at - context_.aws.run_overrun) {
    message = envfile::scrub(still("after " + std::to_string(context_.resource.wait_timeout) +
                                   " s (wait_timeout)" + last),
                             secrets_);
    return ExitCode::NotInSync;
  }
  message = envfile::scrub(
      still((end_.by_deadline ? "at the --deadline" : "at the end of the command's budget") + last),
      secrets_);
  return end_.by_deadline ? ExitCode::Timeout : ExitCode::NotInSync;
}

int InsyncWait::interval() const {
  return contended_ ? contended_poll_interval(context_.resource) : context_.resource.poll_interval;
}

void InsyncWait::show_progress(const std::string& status) const {
  if (context_.progress) context_.progress(report_.change_id, status, ms(time_.now() - accepted_));
}

void InsyncWait::log(Severity severity, const std::string& text) const {
  if (context_.aws.log) context_.aws.log(severity, envfile::scrub(text, secrets_));
}

std::string InsyncWait::still(const std::string& why) const {
  return "change " + report_.change_id + " accepted but still " + report_.status + " " + why;
}

}  // namespace awsdns::route53::detail
