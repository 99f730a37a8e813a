#include "route53/actions_common.hpp"

#include "route53/address.hpp"
#include "util/text.hpp"

namespace awsdns::route53::detail {

CommandEnd command_end(const ActionContext& context, std::string_view action,
                       std::chrono::steady_clock::time_point start) {
  CommandEnd end;
  end.at = start + action_budget(context.aws, context.resource, action);
  if (context.deadline && *context.deadline < end.at) {
    end.at = *context.deadline;
    end.by_deadline = true;
  }
  end.at -= kReportMargin;
  return end;
}

ExitCode failure_code(const CallResult& call, const CommandEnd& end) {
  return call.deadline_reached && end.by_deadline ? ExitCode::Timeout : call.exit_code;
}

std::string deadline_note(const CallResult& call, const CommandEnd& end) {
  return call.deadline_reached && end.by_deadline ? " (--deadline reached)" : "";
}

ActionReport begin_report(const ActionContext& context) {
  ActionReport report;
  report.resource = context.resource.key;
  report.node = context.node;
  report.ip = context.ip;
  return report;
}

ActionReport& finish(ActionReport& report, const ActionContext& context,
                     std::chrono::steady_clock::time_point start, ExitCode code,
                     std::string message) {
  report.exit_code = code;
  report.message = std::move(message);
  report.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(context.aws.time->now() - start);
  return report;
}

ActionReport& finish_failed_call(ActionReport& report, const ActionContext& context,
                                 std::chrono::steady_clock::time_point start,
                                 const CallResult& call, const CommandEnd& end,
                                 const std::string& what) {
  report.error_class = std::string(info_of(call.error).name);
  return finish(report, context, start, failure_code(call, end),
                what + call.message + deadline_note(call, end));
}

Result<std::optional<ResourceLock>> take_lock(const ActionContext& context,
                                              std::chrono::steady_clock::time_point deadline) {
  if (context.lock_dir.empty()) return std::optional<ResourceLock>();
  const LockRequest request{context.lock_dir, context.resource.key, context.caller_uid,
                            context.lock_wait};
  auto taken = ResourceLock::acquire(request, deadline, *context.aws.time);
  if (taken) return std::optional<ResourceLock>(std::move(*taken));
  Failure failure = std::move(taken.error());
  if (to_int(failure.code) > to_int(ExitCode::SignalBase)) {
    failure.message = "interrupted while waiting for the lock of " + context.resource.key;
  } else if (failure.code != ExitCode::LockBusy) {  // Config: nothing was changed
    failure.message = "cannot take the lock of " + context.resource.key + ": " + failure.message;
  }
  return failure;
}

bool is_ours(const RecordSet& record, const ActionContext& context) {
  return !record.alias && record.set_identifier.empty() && record.values.size() == 1 &&
         same_address(record.values.front(), context.ip, context.resource.type);
}

std::string describe_values(const RecordSet& record) {
  if (record.alias) return "an alias target";
  if (record.values.empty()) return "no value";
  std::string text = util::join(record.values, ", ");
  if (!record.set_identifier.empty()) text += " (set identifier " + record.set_identifier + ")";
  return text;
}

std::string record_label(const Resource& resource) {
  return resource.record_name + " " + std::string(to_string(resource.type));
}

}  // namespace awsdns::route53::detail
