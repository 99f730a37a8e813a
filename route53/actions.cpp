// activate and deactivate (monitor is in monitor.cpp).
#include "route53/actions.hpp"

#include <algorithm>

#include "route53/actions_common.hpp"
#include "route53/insync_wait.hpp"
#include "route53/route53_api.hpp"
#include "route53/waiter.hpp"
#include "util/duration.hpp"

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
  auto taken = detail::take_lock(context, end.at);
  if (taken) {
    lock = std::move(*taken);
    return true;
  }
  Failure failure = std::move(taken.error());
  if (failure.code == ExitCode::LockBusy && end.by_deadline) {
    failure.code = ExitCode::Timeout;
    failure.message += " (--deadline reached)";
  }
  finish(report, context, start, failure.code, failure.message);
  return false;
}

/// Writes the AWS CLI waiter's definition into the lock directory (install_waiter_definition).
/// When it cannot be had: finishes `report` (Config: nothing was changed) and returns false.
bool waiter_in_place(const ActionContext& context, Clock::time_point start, ActionReport& report,
                     detail::WaiterPaths& paths) {
  if (context.lock_dir.empty()) {
    finish(report, context, start, ExitCode::Config,
           "no lock directory (lock_dir) to hold the AWS CLI waiter's definition: set lock_dir, "
           "or wait_insync: false");
    return false;
  }
  for (const bool contended : {false, true}) {
    const int interval = contended ? contended_poll_interval(context.resource) : 0;
    auto place = install_waiter_definition(context.lock_dir, context.caller_uid,
                                           waiter_definition(context.resource, interval));
    if (!place) {
      finish(report, context, start, place.error().code, place.error().message);
      return false;
    }
    (contended ? paths.contended : paths.usual) = std::move(*place);
  }
  return true;
}

/// When activate started and when its change was accepted.
struct Moments {
  Clock::time_point start;
  Clock::time_point accepted;
};

/// The read-back and the INSYNC wait (`waiter`: its definitions, null without a wait); true when
/// both passed, else `report` is finished. Uncontended they start together: Route 53's API shows
/// the submitted values from the moment it accepted them, so the check does not delay the wait.
/// When Route 53 throttled the UPSERT (`contended`), other clusters' changes need the account's
/// budget: the wait starts after a pause and polls less, and the read-back follows it. The wait's
/// verdict counts only once the read-back confirmed the record.
bool waited_and_verified(const ActionContext& context, const Moments& moments,
                         const detail::CommandEnd& end, const detail::WaiterPaths* waiter,
                         bool contended, const std::string& label, ActionReport& report) {
  std::optional<detail::InsyncWait> wait;
  if (waiter && report.status != "INSYNC") {
    wait.emplace(context, moments.start, moments.accepted, end, *waiter, contended, report);
    wait->start();
  }
  const bool read_first = !contended || !wait;
  if (read_first && !verified_on_read_back(context, moments.start, end, label, report)) {
    return false;
  }
  if (wait) {
    std::string message;
    const ExitCode waited = wait->finish(message);
    if (waited != ExitCode::Ok) {
      finish(report, context, moments.start, waited, message);
      return false;
    }
  }
  return read_first || verified_on_read_back(context, moments.start, end, label, report);
}

/// ", accepted after 0.6 s, INSYNC after 6.5 s" (what of it is known).
std::string timing_words(const ActionReport& report) {
  std::string words;
  if (report.accepted) words += ", accepted after " + util::duration_text(*report.accepted);
  if (report.insync) words += ", INSYNC after " + util::duration_text(*report.insync);
  return words;
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
    // The UPSERT, then the read-back and the INSYNC wait side by side (the wait's last run is
    // killed at wait_timeout after the UPSERT was accepted, at the latest).
    budget += call;
    budget += resource.wait_insync ? std::max(call, std::chrono::milliseconds(std::chrono::seconds(
                                                        resource.wait_timeout)) +
                                                        aws.run_overrun)
                                   : call;
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
  const bool waits = context.resource.wait_insync;
  detail::WaiterPaths waiter;
  if (waits && !waiter_in_place(context, start, report, waiter)) return report;
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
  const auto accepted = time.now();
  report.action = "upsert";
  report.change_id = change.info.id;
  report.status = change.info.status;
  report.accepted = std::chrono::duration_cast<std::chrono::milliseconds>(accepted - start);
  if (report.status == "INSYNC") report.insync = report.accepted;
  log(context, Severity::Debug, "change " + report.change_id + " accepted: " + report.status);

  const Moments moments{start, accepted};
  if (!waited_and_verified(context, moments, end, waits ? &waiter : nullptr,
                           change.call.throttled > 0, label, report)) {
    return report;
  }
  return finish(report, context, start, ExitCode::Ok,
                label + " -> " + context.ip + " (change " + report.change_id + " " + report.status +
                    timing_words(report) + ", verified)");
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
      report.accepted = std::chrono::duration_cast<std::chrono::milliseconds>(time.now() - start);
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
