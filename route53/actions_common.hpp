#pragma once
// Internal helpers shared by the action implementations (not part of the library's interface).

#include <optional>
#include <string>

#include "core/result.hpp"
#include "route53/actions.hpp"
#include "route53/aws_cli.hpp"
#include "route53/change_batch.hpp"
#include "route53/resource_lock.hpp"

namespace awsdns::route53::detail {

/// When a command's waits must be over, and whether --deadline (rather than the budget) set it.
struct CommandEnd {
  std::chrono::steady_clock::time_point at;
  bool by_deadline = false;
};

/// The end of `action` started at `start`: min(start + budget, --deadline) - kReportMargin.
CommandEnd command_end(const ActionContext& context, std::string_view action,
                       std::chrono::steady_clock::time_point start);

/// The exit code of a failed call: Timeout when --deadline cut it, else the call's own code.
ExitCode failure_code(const CallResult& call, const CommandEnd& end);

/// " (--deadline reached)" when --deadline cut `call`, else "".
std::string deadline_note(const CallResult& call, const CommandEnd& end);

/// Starts a report for `context` with the time `start`.
ActionReport begin_report(const ActionContext& context);

/// Finishes `report`: exit code, message, elapsed time since `start`.
ActionReport& finish(ActionReport& report, const ActionContext& context,
                     std::chrono::steady_clock::time_point start, ExitCode code,
                     std::string message);

/// Finishes `report` for the failed AWS call `call`: its exit code (failure_code) and class,
/// `what` + its message + deadline_note.
ActionReport& finish_failed_call(ActionReport& report, const ActionContext& context,
                                 std::chrono::steady_clock::time_point start,
                                 const CallResult& call, const CommandEnd& end,
                                 const std::string& what);

/// Takes the resource lock (when context.lock_dir is set; else nullopt) waiting until
/// `deadline`. Fails with LockBusy, 128+N, Config (a lock directory or file the trust rule
/// refuses) or Failed.
Result<std::optional<ResourceLock>> take_lock(const ActionContext& context,
                                              std::chrono::steady_clock::time_point deadline);

/// True when `record` is this node's: one value equal to context.ip, plain (not alias/weighted).
bool is_ours(const RecordSet& record, const ActionContext& context);

/// "10.0.120.100" or "10.0.120.100, 10.0.120.101" or "an alias" for messages.
std::string describe_values(const RecordSet& record);

/// "test.clusterpro.local. A".
std::string record_label(const Resource& resource);

}  // namespace awsdns::route53::detail
