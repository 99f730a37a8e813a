// monitor: one Route 53 request, optional name resolution, and the on_cli_failure reactions.

#include "route53/monitor.hpp"

#include <algorithm>

#include "route53/actions_common.hpp"
#include "route53/address.hpp"
#include "route53/route53_api.hpp"
#include "util/text.hpp"

namespace awsdns::route53 {
namespace {

using detail::finish;

std::string_view reaction_name(CliFailureReaction reaction) {
  switch (reaction) {
    case CliFailureReaction::Ignore:
      return "ignore";
    case CliFailureReaction::Warn:
      return "warn";
    case CliFailureReaction::Recover:
      return "recover";
  }
  return "ignore";
}

/// Compares what the name resolves to with this node's address, within resolve_timeout and
/// before the command's end (Timeout when --deadline leaves no time or cuts the resolution).
ExitCode check_resolution(const ActionContext& context, const detail::CommandEnd& end,
                          std::string& message) {
  const auto& settings = context.resource.monitor;
  const auto configured = std::chrono::milliseconds(std::chrono::seconds(settings.resolve_timeout));
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(end.at - context.aws.time->now());
  const bool cut = end.by_deadline && left < configured;
  if (cut && left <= std::chrono::milliseconds(0)) {
    message = "Route 53 holds " + context.ip + ", but no time was left to resolve " +
              context.resource.record_name + " (--deadline reached)";
    return ExitCode::Timeout;
  }
  const auto timeout = std::clamp(left, std::chrono::milliseconds(1), configured);
  const Resolution resolution =
      context.resolve ? context.resolve(context.resource.record_name, context.resource.type,
                                        settings.resolver, timeout)
                      : resolve(context.resource.record_name, context.resource.type,
                                settings.resolver, timeout, *context.aws.time);
  const std::string via = settings.resolver.empty() ? "the system resolver" : settings.resolver;
  if (!resolution) {
    message = "Route 53 holds " + context.ip + ", but resolving " + context.resource.record_name +
              " via " + via + " failed: " + resolution.error().message +
              (cut ? " (--deadline reached)" : "");
    return cut ? ExitCode::Timeout : ExitCode::Failed;
  }
  const bool found = std::any_of(resolution->begin(), resolution->end(), [&](const auto& a) {
    return same_address(a, context.ip, context.resource.type);
  });
  const std::string addresses = util::join(*resolution, ", ");
  if (!found) {
    message = "Route 53 holds " + context.ip + ", but " + context.resource.record_name +
              " resolves to " + (addresses.empty() ? "nothing" : addresses) + " via " + via;
    return ExitCode::RecordElsewhere;
  }
  message = "; resolves to " + addresses + " via " + via;
  return ExitCode::Ok;
}

}  // namespace

ActionReport monitor(const ActionContext& context) {
  auto& time = *context.aws.time;
  const auto start = time.now();
  ActionReport report = detail::begin_report(context);
  report.action = "check";
  const auto end = detail::command_end(context, "monitor", start);
  const std::string label = detail::record_label(context.resource);

  auto current =
      find_record(context.aws, context.resource.hosted_zone_id, context.resource.record_name,
                  to_string(context.resource.type), end.at);
  report.attempts = current.call.attempts;
  if (!current.call.ok()) {
    report.status = "unknown";
    if (!current.call.transient()) {  // a permanent error fails whatever on_cli_failure says
      return detail::finish_failed_call(report, context, start, current.call, end,
                                        "cannot read " + label + ": ");
    }
    report.error_class = std::string(info_of(current.call.error).name);
    const auto reaction = context.resource.monitor.on_cli_failure;
    const std::string text = "AWS unreachable, " + label + " not checked (on_cli_failure " +
                             std::string(reaction_name(reaction)) + "): " + current.call.message +
                             detail::deadline_note(current.call, end);
    if (reaction == CliFailureReaction::Recover) {
      // A --deadline that cut the call is "no answer" too; with recover it exits Timeout.
      return finish(report, context, start,
                    current.call.deadline_reached && end.by_deadline ? ExitCode::Timeout
                                                                     : ExitCode::AwsUnreachable,
                    text);
    }
    if (context.aws.log) {
      context.aws.log(reaction == CliFailureReaction::Warn ? Severity::Warning : Severity::Info,
                      text);
    }
    return finish(report, context, start, ExitCode::Ok, text);
  }
  if (!current.record) {
    report.status = "missing";
    return finish(report, context, start, ExitCode::RecordMissing, label + " does not exist");
  }
  if (!detail::is_ours(*current.record, context)) {
    report.status = "elsewhere";
    return finish(
        report, context, start, ExitCode::RecordElsewhere,
        label + " holds " + detail::describe_values(*current.record) + ", not " + context.ip);
  }
  report.status = "ours";
  std::string resolution_text;
  if (context.resource.monitor.check_resolution) {
    const ExitCode resolved = check_resolution(context, end, resolution_text);
    if (resolved != ExitCode::Ok) {
      if (resolved == ExitCode::RecordElsewhere) report.status = "elsewhere";
      return finish(report, context, start, resolved, resolution_text);
    }
  }
  return finish(report, context, start, ExitCode::Ok,
                label + " -> " + context.ip + resolution_text);
}

}  // namespace awsdns::route53
