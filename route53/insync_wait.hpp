#pragma once
// Internal to route53/: activate's wait for INSYNC. ONE run of the AWS CLI's own waiter
// (waiter.hpp; `aws route53 wait resource-record-sets-changed`, polling in one process) is
// started together with the read-back and goes on beside it (CommandRunner::start); after a
// transient failure another run follows with backoff while the wait's time lasts. The wait ends
// at wait_timeout after the change was accepted (the waiter gives up by itself before that; a run
// still going is killed then) and at the command's end, and only through the injected runner and
// clock: no thread, no sleep of its own.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "route53/actions.hpp"
#include "route53/actions_common.hpp"

namespace awsdns::route53::detail {

/// The directories (AWS_DATA_PATH) of the two waiter definitions (install_waiter_definition).
struct WaiterPaths {
  std::string usual;      // polls every poll_interval
  std::string contended;  // polls every contended_poll_interval: Route 53 throttles the account
};

/// The wait for one accepted change (report.change_id, status PENDING).
class InsyncWait {
 public:
  /// `start`: when activate started; `accepted`: when the UPSERT's run returned; `contended`:
  /// Route 53 throttled the UPSERT (the account's budget is busy: other clusters' changes come
  /// first, so the wait starts after a pause and polls less).
  InsyncWait(const ActionContext& context, std::chrono::steady_clock::time_point start,
             std::chrono::steady_clock::time_point accepted, const CommandEnd& end,
             WaiterPaths paths, bool contended, ActionReport& report);
  ~InsyncWait();
  InsyncWait(const InsyncWait&) = delete;
  InsyncWait& operator=(const InsyncWait&) = delete;

  /// Starts the first waiter run, which goes on while the caller reads the record back (when
  /// contended, plans it after a pause instead).
  void start();
  /// Waits for the outcome: Ok (INSYNC; report.insync and status set), NotInSync (wait_timeout,
  /// or the budget's end), Timeout (--deadline), 128+N, or a permanent failure's exit code (its
  /// class in report.error_class); `message` says why when it is not Ok.
  ExitCode finish(std::string& message);
  /// Ends a waiter run that is still going (the read-back failed: nothing to wait for).
  void abandon();

 private:
  using Clock = std::chrono::steady_clock;

  bool launch();
  std::optional<ExitCode> judge(const launcher::RunResult& result, std::string& message);
  std::optional<ExitCode> retry_later(const Classification& failure, std::string& message);
  ExitCode out_of_time(std::string& message) const;
  ExitCode failed(const Classification& failure, std::string& message);
  int interval() const;  // seconds between the current waiter's polls
  void show_progress(const std::string& status) const;
  void log(Severity severity, const std::string& text) const;
  std::string still(const std::string& why) const;

  const ActionContext& context_;
  launcher::Timekeeper& time_;
  const Clock::time_point start_;
  const Clock::time_point accepted_;
  const CommandEnd& end_;
  const Clock::time_point wait_end_;  // accepted + wait_timeout
  const WaiterPaths paths_;
  bool contended_;  // polls every contended_poll_interval, and yields after a throttled run
  const std::vector<std::string> secrets_;
  ActionReport& report_;
  std::optional<launcher::RunId> run_;  // the waiter run going on
  Clock::time_point run_started_{};
  bool run_cut_by_end_ = false;  // its time limit is the command's end, not wait_end
  std::optional<Clock::time_point> next_run_at_;  // after a transient failure
  int failures_ = 0;                              // transient failures in a row
  std::string last_problem_;
};

}  // namespace awsdns::route53::detail
