#pragma once
// activate / deactivate (monitor: monitor.hpp): the decisions, the AWS calls they make, and
// their reports.
//
// Deadlines: a command ends before min(its budget, --deadline) from its start, less
// kReportMargin for printing the result. The budget (action_budget(), printed by `check` as the
// worst case) covers every call, retry, backoff pause and the INSYNC wait at their maxima; the
// wait for the resource lock comes out of the same time, it is not added to it. Every wait stops
// at that end and every AWS CLI run is killed by it. Monitor changes nothing and takes no lock:
// it must answer quickly even while an activate holds the lock during a long INSYNC wait, and
// what it reads during an in-flight change is transient either way.

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "core/exit_code.hpp"
#include "route53/aws_cli.hpp"
#include "route53/config.hpp"
#include "route53/resolver.hpp"
#include "route53/resource_lock.hpp"

namespace awsdns::route53 {

/// What an action did and how it ended; printed as the result line or JSON.
struct ActionReport {
  std::string resource;
  std::string node;
  std::string ip;               // this node's address
  std::string action = "none";  // "upsert", "delete", "none" or "check"
  std::string change_id;        // Route 53 change id (without "/change/"), when a change was made
  std::string status;  // PENDING/INSYNC for changes; ours/missing/elsewhere/unknown for monitor
  int attempts = 0;    // AWS CLI runs made
  std::chrono::milliseconds elapsed{0};
  ExitCode exit_code = ExitCode::Ok;
  std::string message;      // one line for humans, secrets scrubbed
  std::string error_class;  // a failed AWS CLI call: its class name (cli_errors.hpp), else ""
};

/// Called during the INSYNC wait: change id, current status, time since the action started.
using ProgressSink =
    std::function<void(const std::string&, const std::string&, std::chrono::milliseconds)>;

/// Resolves a name (route53::resolve without its Timekeeper argument), injectable for tests.
using ResolveFunction = std::function<Resolution(const std::string&, RecordType, const std::string&,
                                                 std::chrono::milliseconds)>;

/// Everything an action needs.
struct ActionContext {
  AwsCliContext aws;  // CLI, settings, environment, runner, clock, random, log
  Resource resource;
  std::string node;          // this node's name
  std::string ip;            // this node's address for the resource (canonical form)
  std::string lock_dir;      // directory of the resource locks; empty = take no lock
  unsigned caller_uid = 0;   // the lock directory's trust rule: root or this user may own it
  LockWaitNotice lock_wait;  // told once when the lock is held by another awsdns; may be empty
  ProgressSink progress;     // may be empty
  ResolveFunction resolve;   // empty = route53::resolve
  // --deadline: the command must have ended by then (its start + the seconds given); empty =
  // only the budget bounds it.
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

/// How long before its end a command stops waiting, to print its result and exit in time.
inline constexpr std::chrono::milliseconds kReportMargin{200};

/// What a budget allows besides the waits: start-up, configuration, output, CPU time.
inline constexpr std::chrono::milliseconds kCommandAllowance{1000};

/// The longest one call_aws() can take with these settings: `attempts` runs of call_timeout plus
/// the runner's overrun each, and the backoff pauses between them at their maximum.
std::chrono::milliseconds call_budget(const AwsCliContext& aws);

/// The longest `action` ("activate", "deactivate", "monitor") can take without --deadline, lock
/// wait included: activate 2 calls (UPSERT, read-back) + wait_timeout + call_timeout with
/// wait_insync; deactivate 3 calls (read, DELETE, re-read after a race) when
/// delete_on_deactivate, else none; monitor 1 call + resolve_timeout with check_resolution;
/// plus kCommandAllowance. `check` prints it as the command's worst case.
std::chrono::milliseconds action_budget(const AwsCliContext& aws, const Resource& resource,
                                        std::string_view action);

/// Points the record at this node: one UPSERT, at once a read-back check (while the change is
/// PENDING: Route 53's API shows the submitted values), then the INSYNC wait when configured.
ActionReport activate(const ActionContext& context);

/// Deletes the record when it still holds exactly this node's address (repeating its TTL and
/// values); an absent record or one holding another address is left alone (success).
ActionReport deactivate(const ActionContext& context);

}  // namespace awsdns::route53
