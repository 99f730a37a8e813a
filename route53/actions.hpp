#pragma once
// activate / deactivate / monitor: the decisions, the AWS calls they make, and their reports.
//
// Deadlines: each action has a budget computed by action_budget(). Activate and deactivate first
// wait for the resource lock (up to one budget), then the action itself gets one budget counted
// from the moment the lock was taken. Monitor changes nothing and takes no lock: it must answer
// quickly even while an activate holds the lock during a long INSYNC wait, and what it reads
// during an in-flight change is transient either way.

#include <chrono>
#include <functional>
#include <string>

#include "launcher/exit_code.hpp"
#include "route53/aws_cli.hpp"
#include "route53/config.hpp"
#include "route53/resolver.hpp"

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
  std::string message;  // one line for humans, secrets scrubbed
  std::string error_class;  // a failed AWS CLI call: its class name (cli_errors.hpp), else ""
};

/// Called during the INSYNC wait: change id, current status, time since the action started.
using ProgressSink =
    std::function<void(const std::string&, const std::string&, std::chrono::milliseconds)>;

/// Resolves a name (the signature of route53::resolve), injectable for tests.
using ResolveFunction = std::function<Resolution(const std::string&, RecordType, const std::string&,
                                                 std::chrono::milliseconds)>;

/// Everything an action needs.
struct ActionContext {
  AwsCliContext aws;  // CLI, settings, environment, runner, clock, random, log
  Resource resource;
  std::string node;         // this node's name
  std::string ip;           // this node's address for the resource (canonical form)
  std::string lock_dir;     // directory of the resource locks; empty = take no lock
  ProgressSink progress;    // may be empty
  ResolveFunction resolve;  // empty = route53::resolve
};

/// The time one action may take after it holds the lock: per AWS call
/// attempts*call_timeout + (attempts-1)*backoff cap; activate 2 calls (+ wait_timeout and one
/// more call_timeout when waiting for INSYNC), deactivate 3 calls (read, delete, re-read on a
/// race), monitor 1 call (+ resolve_timeout); plus a 5 s margin.
std::chrono::milliseconds action_budget(const AwsSettings& aws, const Resource& resource,
                                        std::string_view action,
                                        std::chrono::milliseconds backoff_cap);

/// Points the record at this node: one UPSERT, INSYNC wait when configured, read-back check.
ActionReport activate(const ActionContext& context);

/// Deletes the record when it still holds exactly this node's address (repeating its TTL and
/// values); an absent record or one holding another address is left alone (success).
ActionReport deactivate(const ActionContext& context);

/// Checks with one request that the record holds this node's address (and, with
/// check_resolution, that the name resolves to it); applies on_cli_failure when AWS is unreachable.
ActionReport monitor(const ActionContext& context);


}  // namespace awsdns::route53
