// activate and deactivate (monitor is in monitor.cpp).
#include "route53/actions.hpp"

#include <algorithm>

#include "route53/actions_common.hpp"
#include "route53/route53_api.hpp"

namespace awsdns::route53 {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using detail::finish;

RecordSet desired_record(const ActionContext& context) {
  RecordSet record;
  record.name = context.resource.record_name;
  record.type = std::string(to_string(context.resource.type));
  record.ttl = context.resource.ttl;
  record.values = {context.ip};
  return record;
}

void log(const ActionContext& context, Severity severity, const std::string& text) {
  if (context.aws.log) context.aws.log(severity, text);
}

/// Exit code for an interruption noticed outside a call.
ExitCode interrupted_code(const ActionContext& context) {
  return exit_code_of_signal(context.aws.time->interrupt_signal());
}

/// How long the INSYNC wait may still sleep before the next poll so that the poll can run before
/// `end` (negative: no poll fits any more).
std::chrono::milliseconds sleep_allowance(const ActionContext& context,
                                          const detail::CommandEnd& end) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
      end.at - context.aws.time->now() - context.aws.run_overrun - kMinRunTime);
}

/// The INSYNC wait of one change: its bounds, and what the polls saw so far.
class InsyncWait {
 public:
  InsyncWait(const ActionContext& context, Clock::time_point start, Clock::time_point accepted,
             const detail::CommandEnd& end, ActionReport& report, std::string& message)
      : context_(context),
        time_(*context.aws.time),
        start_(start),
        accepted_(accepted),
        end_(end),
        report_(report),
        message_(message),
        wait_end_(accepted + std::chrono::seconds(context.resource.wait_timeout)),
        poll_deadline_(
            std::min(end.at, wait_end_ + std::chrono::seconds(context.aws.settings.call_timeout))),
        first_slot_(insync_poll_delay(0ms)) {}

  /// Sleeps to each poll slot and polls, until INSYNC, a failure or the end of the wait.
  ExitCode run() {
    for (;;) {
      show_progress();
      const auto remaining =
          std::chrono::duration_cast<std::chrono::milliseconds>(wait_end_ - time_.now());
      if (remaining <= 0ms) return wait_timed_out();
      const auto allowance = sleep_allowance(context_, end_);
      if (allowance < 0ms) return command_end_reached();
      const auto due = next_delay();
      if (!time_.sleep_for(std::min({due, remaining, allowance}))) {
        message_ = "interrupted while waiting for change " + report_.change_id;
        return interrupted_code(context_);
      }
      if (const auto done = poll()) return *done;
    }
  }

 private:
  std::chrono::milliseconds since_start() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time_.now() - start_);
  }

  void show_progress() const {
    const auto elapsed = since_start();
    if (context_.progress) context_.progress(report_.change_id, report_.status, elapsed);
  }

  std::string still(const std::string& why) const {
    return "change " + report_.change_id + " accepted but still " + report_.status + " " + why;
  }

  std::string last_words() const {
    return last_problem_.empty() ? "" : "; last poll: " + last_problem_;
  }

  ExitCode wait_timed_out() {
    message_ = still("after " + std::to_string(context_.resource.wait_timeout) +
                     " s (wait_timeout)" + last_words());
    return ExitCode::NotInSync;
  }

  ExitCode command_end_reached() {
    message_ =
        still((end_.by_deadline ? "at the --deadline" : "at the end of the command's budget") +
              last_words());
    return end_.by_deadline ? ExitCode::Timeout : ExitCode::NotInSync;
  }

  // The first poll is due at the first slot; a read-back that ran past it is followed at once
  // (that poll stands for the slots the read-back took, so the schedule's bounds hold).
  std::chrono::milliseconds next_delay() {
    const auto since_accepted =
        std::chrono::duration_cast<std::chrono::milliseconds>(time_.now() - accepted_);
    const auto due = first_poll_ ? std::max(first_slot_ - since_accepted, 0ms)
                                 : insync_poll_delay(since_accepted);
    first_poll_ = false;
    return due;
  }

  /// One get-change; the exit code once the wait is over (INSYNC, or a permanent failure).
  std::optional<ExitCode> poll() {
    auto polled = get_change(context_.aws, report_.change_id, poll_deadline_);
    report_.attempts += polled.call.attempts;
    if (polled.call.ok()) {
      report_.status = polled.info.status;
      last_problem_.clear();
      if (report_.status != "INSYNC") return std::nullopt;
      if (context_.progress) context_.progress(report_.change_id, report_.status, since_start());
      return ExitCode::Ok;
    }
    if (polled.call.transient()) {
      last_problem_ = polled.call.message;
      log(context_, Severity::Warning,
          "polling change " + report_.change_id + ": " + last_problem_);
      return std::nullopt;
    }
    report_.error_class = std::string(info_of(polled.call.error).name);
    message_ =
        "change " + report_.change_id + " accepted, but polling it failed: " + polled.call.message;
    return polled.call.exit_code;
  }

  const ActionContext& context_;
  launcher::Timekeeper& time_;
  const Clock::time_point start_;
  const Clock::time_point accepted_;
  const detail::CommandEnd& end_;
  ActionReport& report_;
  std::string& message_;
  const Clock::time_point wait_end_;
  const Clock::time_point poll_deadline_;
  const std::chrono::milliseconds first_slot_;
  std::string last_problem_;
  bool first_poll_ = true;
};

/// Polls get-change until INSYNC, wait_timeout or the command's end; the schedule and
/// wait_timeout count from `accepted`, when the UPSERT's run returned (backoff.hpp). Returns Ok,
/// NotInSync, Timeout (--deadline), 128+N or a call failure.
ExitCode wait_insync(const ActionContext& context, Clock::time_point start,
                     Clock::time_point accepted, const detail::CommandEnd& end,
                     ActionReport& report, std::string& message) {
  return InsyncWait(context, start, accepted, end, report, message).run();
}

/// Reads the record back after our UPSERT: true when it holds exactly this node's address;
/// otherwise finishes `report` (a failed read: the call's failure; absent or another value:
/// Failed) and returns false. Never success for a change it could not confirm.
bool verified_on_read_back(const ActionContext& context, Clock::time_point start,
                           const detail::CommandEnd& end, const std::string& label,
                           ActionReport& report) {
  auto readback =
      find_record(context.aws, context.resource.hosted_zone_id, context.resource.record_name,
                  to_string(context.resource.type), end.at);
  report.attempts += readback.call.attempts;
  const std::string change = "change " + report.change_id + " " + report.status + ", but ";
  if (!readback.call.ok()) {
    detail::finish_failed_call(report, context, start, readback.call, end,
                               change + "the record could not be read back: ");
    return false;
  }
  if (!readback.record) {
    finish(report, context, start, ExitCode::Failed, change + label + " is absent on read-back");
    return false;
  }
  if (!detail::is_ours(*readback.record, context)) {
    finish(report, context, start, ExitCode::Failed,
           change + label + " holds " + detail::describe_values(*readback.record) + " instead of " +
               context.ip + " on read-back");
    return false;
  }
  return true;
}

/// Takes the resource lock (waiting until the command's end). When it cannot be had: finishes
/// `report` with the lock failure (Timeout when --deadline ended the wait) and returns false.
bool lock_in_time(const ActionContext& context, const detail::CommandEnd& end,
                  Clock::time_point start, ActionReport& report,
                  std::optional<ResourceLock>& lock) {
  ExitCode failure = ExitCode::Failed;
  std::string message;
  if (detail::take_lock(context, end.at, lock, failure, message)) return true;
  if (failure == ExitCode::LockBusy && end.by_deadline) {
    failure = ExitCode::Timeout;
    message += " (--deadline reached)";
  }
  finish(report, context, start, failure, message);
  return false;
}

/// The longest pause call_aws() makes before retry `retry` (full jitter at its maximum).
std::chrono::milliseconds max_backoff(const AwsCliContext& aws, int retry) {
  return full_jitter_delay(retry, aws.backoff_base, aws.backoff_cap, RandomSource());
}

/// The longest budget computed: far beyond any configuration (aws.attempts <= 10 ...), and far
/// from the clock's range, so that start + budget never overflows whatever the numbers.
constexpr std::chrono::milliseconds kLongestBudget = std::chrono::hours(24 * 366);

/// The backoff pauses before retries 1..`retries` at their maxima. Their ceilings double up to
/// backoff_cap within a few retries and stay there: the rising ones are added one by one, the
/// rest in one product, so the cost does not grow with aws.attempts.
double max_pauses_ms(const AwsCliContext& aws, int retries) {
  constexpr int kMostRising = 64;  // a ceiling doubled this often reached any cap long before
  double total = 0;
  int retry = 1;
  for (; retry <= retries && retry < kMostRising; ++retry) {
    const auto pause = max_backoff(aws, retry);
    if (pause >= aws.backoff_cap) break;
    total += static_cast<double>(pause.count());
  }
  if (retry <= retries) {
    total += static_cast<double>(retries - retry + 1) *
             static_cast<double>(max_backoff(aws, retry).count());
  }
  return total;
}

/// `total_ms` as a budget, at most kLongestBudget.
std::chrono::milliseconds bounded_budget(double total_ms) {
  const auto longest = static_cast<double>(kLongestBudget.count());
  return std::chrono::milliseconds(static_cast<long long>(std::min(total_ms, longest)));
}

}  // namespace

std::chrono::milliseconds call_budget(const AwsCliContext& aws) {
  const int attempts = std::max(1, aws.settings.attempts);
  const auto run =
      std::chrono::milliseconds(std::chrono::seconds(std::max(1, aws.settings.call_timeout))) +
      aws.run_overrun;
  return bounded_budget(static_cast<double>(run.count()) * attempts +
                        max_pauses_ms(aws, attempts - 1));
}

std::chrono::milliseconds action_budget(const AwsCliContext& aws, const Resource& resource,
                                        std::string_view action) {
  const auto call = call_budget(aws);
  std::chrono::milliseconds budget = kCommandAllowance;  // each term below kLongestBudget
  if (action == "activate") {
    budget += 2 * call;
    if (resource.wait_insync) {
      budget += std::chrono::seconds(resource.wait_timeout) +
                std::chrono::seconds(std::max(1, aws.settings.call_timeout));
    }
  } else if (action == "deactivate") {
    if (resource.delete_on_deactivate) budget += 3 * call;
  } else {
    budget += call;
    if (resource.monitor.check_resolution) {
      budget += std::chrono::seconds(resource.monitor.resolve_timeout);
    }
  }
  return std::min(budget, kLongestBudget);
}

ActionReport activate(const ActionContext& context) {
  auto& time = *context.aws.time;
  const auto start = time.now();
  ActionReport report = detail::begin_report(context);
  const auto end = detail::command_end(context, "activate", start);
  std::optional<ResourceLock> lock;
  if (!lock_in_time(context, end, start, report, lock)) return report;
  std::string message;
  const std::string label = detail::record_label(context.resource);

  const std::string batch =
      build_change_batch(ChangeAction::Upsert, desired_record(context),
                         "awsdns activate " + context.resource.key + " on " + context.node);
  auto change = change_record_sets(context.aws, context.resource.hosted_zone_id, batch, end.at);
  report.attempts += change.call.attempts;
  if (!change.call.ok()) {
    return detail::finish_failed_call(report, context, start, change.call, end,
                                      "UPSERT " + label + " -> " + context.ip + " failed: ");
  }
  report.action = "upsert";
  report.change_id = change.info.id;
  report.status = change.info.status;
  log(context, Severity::Debug, "change " + report.change_id + " accepted: " + report.status);

  // Read back at once, while the change propagates: Route 53's API shows the submitted values
  // from the moment it accepted them, so the check overlaps the wait and seeing INSYNC ends
  // activate. The schedule still counts from the UPSERT; the read-back fits before the first slot.
  const auto accepted = time.now();
  if (!verified_on_read_back(context, start, end, label, report)) return report;
  if (context.resource.wait_insync && report.status != "INSYNC") {
    const ExitCode waited = wait_insync(context, start, accepted, end, report, message);
    if (waited != ExitCode::Ok) return finish(report, context, start, waited, message);
  }
  return finish(report, context, start, ExitCode::Ok,
                label + " -> " + context.ip + " (change " + report.change_id + " " + report.status +
                    ", verified)");
}

ActionReport deactivate(const ActionContext& context) {
  auto& time = *context.aws.time;
  const auto start = time.now();
  ActionReport report = detail::begin_report(context);
  const std::string label = detail::record_label(context.resource);
  if (!context.resource.delete_on_deactivate) {
    return finish(report, context, start, ExitCode::Ok,
                  "delete_on_deactivate is off: " + label + " left as it is");
  }
  const auto end = detail::command_end(context, "deactivate", start);
  std::optional<ResourceLock> lock;
  if (!lock_in_time(context, end, start, report, lock)) return report;
  const auto& zone = context.resource.hosted_zone_id;
  const auto type = to_string(context.resource.type);

  bool retried_after_race = false;
  std::string first_rejection;
  for (;;) {
    auto current = find_record(context.aws, zone, context.resource.record_name, type, end.at);
    report.attempts += current.call.attempts;
    if (!current.call.ok()) {
      return detail::finish_failed_call(report, context, start, current.call, end,
                                        "cannot read " + label + ": ");
    }
    if (!current.record) {
      return finish(report, context, start, ExitCode::Ok,
                    label + " is absent: nothing to delete" +
                        (retried_after_race ? " (it changed while we deleted it)" : ""));
    }
    if (!detail::is_ours(*current.record, context)) {
      return finish(report, context, start, ExitCode::Ok,
                    label + " holds " + detail::describe_values(*current.record) + ", not " +
                        context.ip + ": left untouched (another node took over)");
    }
    if (retried_after_race) {
      return finish(report, context, start, ExitCode::Failed, first_rejection);
    }
    const std::string batch =
        build_change_batch(ChangeAction::Delete, *current.record,
                           "awsdns deactivate " + context.resource.key + " on " + context.node);
    auto change = change_record_sets(context.aws, zone, batch, end.at);
    report.attempts += change.call.attempts;
    if (change.call.ok()) {
      report.action = "delete";
      report.change_id = change.info.id;
      report.status = change.info.status;
      return finish(report, context, start, ExitCode::Ok,
                    label + " " + context.ip + " deleted (change " + report.change_id + " " +
                        report.status + ")");
    }
    if (change.call.error_code != "InvalidChangeBatch") {
      return detail::finish_failed_call(report, context, start, change.call, end,
                                        "DELETE " + label + " failed: ");
    }
    // The record changed between our read and our DELETE (e.g. the other node's UPSERT): Route 53
    // refused the stale values. Read once more and decide again.
    first_rejection = "DELETE " + label + " failed: " + change.call.message;
    retried_after_race = true;
  }
}

}  // namespace awsdns::route53
