// `awsdns activate | deactivate | monitor [RESOURCE]`: options, configuration, node identity,
// the child environment, then one route53 action and its result line (or JSON object).

#include "cli/dns_commands.hpp"

#include <ostream>

#include "cli/aws_setup.hpp"
#include "cli/dns_options.hpp"
#include "cli/dns_output.hpp"
#include "cli/help.hpp"
#include "cli/options.hpp"
#include "cli/system_log.hpp"
#include "core/exit_code.hpp"
#include "core/system_paths.hpp"
#include "launcher/command_runner.hpp"
#include "launcher/interruption.hpp"
#include "launcher/timekeeper.hpp"
#include "route53/actions.hpp"
#include "route53/config.hpp"
#include "route53/config_checks.hpp"
#include "route53/config_file.hpp"
#include "route53/config_select.hpp"
#include "route53/monitor.hpp"
#include "util/diagnostic.hpp"
#include "util/duration.hpp"

namespace awsdns::cli {
namespace {

/// What the command acts on: the configuration, the resource, this node and its address.
struct DnsTarget {
  route53::Config config;
  route53::Resource resource;
  std::string node;
  std::string ip;  // canonical form
};

/// This node's address for the resource in the configuration; a missing one fails with Config.
Result<std::string> configured_address(const DnsTarget& target) {
  if (const auto missing = route53::missing_node_ip(target.config, target.resource, target.node)) {
    return fail(ExitCode::Config, missing->to_string());
  }
  const auto& configured = target.resource.ip_by_node.at(target.node);
  const auto checked = route53::check_address(configured, target.resource.type);
  return checked ? *checked : configured;
}

/// Loads the configuration, chooses the resource (a named resource that does not exist is a
/// usage failure; no resource at all in the file a configuration failure), this node and,
/// without --ip, its configured address.
Result<DnsTarget> find_target(const Invocation& invocation, const DnsCommandLine& line) {
  DnsTarget target;
  const std::string config_path =
      line.options.common.config_file.value_or(system_paths().config_file);
  auto config = route53::load_config_file(config_path, invocation.uid);
  if (!config) return config.error();
  target.config = std::move(*config);
  const std::optional<std::string> name =
      line.positionals.empty() ? std::nullopt : std::optional(line.positionals.front());
  auto resource = route53::select_resource(target.config, name);
  if (!resource) return resource.error();
  target.resource = std::move(*resource);
  target.node = line.options.node.value_or(invocation.hostname);
  if (line.options.ip) return target;
  auto address = configured_address(target);
  if (!address) return address.error();
  target.ip = std::move(*address);
  return target;
}

/// --ip checked against the resource's record type, canonical; a bad one is a usage failure.
Result<std::string> ip_option(const std::string& ip, const route53::Resource& resource) {
  auto checked = route53::check_address(ip, resource.type);
  if (!checked) return fail(ExitCode::Usage, "--ip " + ip + ": " + checked.error().message);
  return std::move(*checked);
}

/// The AWS CLI's invocation for the configuration's aws: section and the settings file; fails
/// with Config for an untrusted CLI, NotFound when not found.
Result<route53::AwsInvocation> set_up_aws_cli(const Invocation& invocation,
                                              const CommonOptions& options,
                                              const route53::AwsSettings& settings,
                                              const LoadedSettings& loaded, Logger& log) {
  auto build = aws_invocation_for(invocation, options, settings, loaded, log);
  if (build.problem) {
    return fail(route53::info_of(build.problem->error).exit_code, build.problem->message);
  }
  return std::move(build.invocation);
}

/// The libraries' log: clears the status line first; with `warn_to_syslog` (monitor with
/// on_cli_failure=warn) a warning goes into syslog too.
LogSink dns_log_sink(Logger& log, StatusLine& status_line, bool warn_to_syslog) {
  return [&log, &status_line, warn_to_syslog](Severity severity, std::string_view message) {
    status_line.clear();
    log.write(severity, message);
    if (warn_to_syslog && severity == Severity::Warning) {
      open_system_log();
      write_system_log(severity, log.scrub(message));
      close_system_log();
    }
  };
}

/// The action's context: target, AWS CLI, runner, clock, --deadline.
route53::ActionContext action_context(const DnsTarget& target, const route53::AwsInvocation& aws,
                                      launcher::CommandRunner& runner, launcher::Timekeeper& time,
                                      std::optional<std::chrono::steady_clock::time_point> deadline,
                                      unsigned invocation_uid) {
  route53::ActionContext context;
  context.aws.invocation = aws;
  context.aws.settings = target.config.aws;
  context.aws.runner = &runner;
  context.aws.time = &time;
  context.aws.random = route53::make_random_source();
  context.aws.diagnose_proxy = route53::diagnose_proxy;
  context.resource = target.resource;
  context.node = target.node;
  context.ip = target.ip;
  context.lock_dir = target.config.lock_dir;
  context.caller_uid = invocation_uid;
  context.deadline = deadline;
  return context;
}

/// At a terminal: the wait for the resource lock (once) and activate's INSYNC wait on the
/// status line.
void show_waits(DnsAction action, StatusLine& status_line, route53::ActionContext& context) {
  context.lock_wait = [&status_line, resource = context.resource.key](
                          long holder, std::chrono::milliseconds up_to) {
    status_line.show_text("waiting for the lock of resource " + resource +
                          (holder > 0 ? " (held by pid " + std::to_string(holder) + ")" : "") +
                          " up to " + util::duration_text(up_to) + " ...");
  };
  if (action != DnsAction::Activate) return;
  context.progress = [&status_line](const std::string& id, const std::string& status,
                                    std::chrono::milliseconds elapsed) {
    status_line.show(id, status, elapsed);
  };
}

void log_start(Logger& log, const ActionText& text, const route53::ActionContext& context,
               const DnsOptions& options) {
  log.write(Severity::Debug, std::string(text.name) + " " + context.resource.key + " on node " +
                                 context.node + " (" + context.ip + ")");
  const auto budget = route53::action_budget(context.aws, context.resource, text.name);
  log.write(Severity::Debug,
            "time limit: " + util::duration_text(budget) + " (worst case)" +
                (options.deadline ? ", --deadline " + util::seconds_number(*options.deadline) + " s"
                                  : std::string()));
}

route53::ActionReport run_action(DnsAction action, const route53::ActionContext& context) {
  switch (action) {
    case DnsAction::Activate:
      return route53::activate(context);
    case DnsAction::Deactivate:
      return route53::deactivate(context);
    case DnsAction::Monitor:
      return route53::monitor(context);
  }
  return {};
}

/// Logs a failure and prints the result line (or JSON); returns the exit status.
int report_result(const Invocation& invocation, Logger& log, const ActionText& text,
                  const std::string& resource, const route53::ActionReport& report, bool json) {
  const std::string message = util::printable(log.scrub(report.message));
  if (report.exit_code != ExitCode::Ok) {
    log.write(Severity::Error, std::string(text.name) + " " + resource + ": " + message);
  }
  print_result(*invocation.out, report, text.name, message, json);
  return to_int(report.exit_code);
}

Result<int> run_dns_command(const Invocation& invocation, DnsAction action) {
  auto& interruption = launcher::Interruption::of_process();
  const auto time = launcher::make_system_timekeeper(interruption);
  const auto started = time->now();
  const ActionText text = text_of(action);
  DnsCommandLine line;
  if (auto parsed = parse_dns_command_line(invocation, line); !parsed) return parsed.error();
  const CommonOptions& common = line.options.common;
  if (common.help)
    return print_command_help(*invocation.out, text.usage, text.summary, line.visible);
  if (common.version) return print_version(*invocation.out);
  const auto deadline = deadline_from(line.options.deadline, started);
  if (!deadline) return deadline.error();

  Logger log(*invocation.err, common.verbose, common.syslog);
  auto target = find_target(invocation, line);
  if (!target) return report_early_failure(invocation, common.json, log, target.error());
  if (line.options.ip) {
    auto ip = ip_option(*line.options.ip, target->resource);
    if (!ip) return ip.error();  // a usage failure: the entry prints it with the usage hint
    target->ip = std::move(*ip);
  }
  const auto loaded = load_settings(invocation, common, target->config.env_file, log);
  if (!loaded) return report_early_failure(invocation, common.json, log, loaded.error());
  auto aws = set_up_aws_cli(invocation, common, target->config.aws, *loaded, log);
  if (!aws) return report_early_failure(invocation, common.json, log, aws.error());

  const bool warn_to_syslog =
      action == DnsAction::Monitor && !common.syslog &&
      target->resource.monitor.on_cli_failure == route53::CliFailureReaction::Warn;
  StatusLine status_line(*invocation.err);
  const auto runner = launcher::make_process_runner(interruption, *invocation.out, *invocation.err,
                                                    route53::kAwsCliKillGrace);
  route53::ActionContext context =
      action_context(*target, *aws, *runner, *time, *deadline, invocation.uid);
  context.aws.log = dns_log_sink(log, status_line, warn_to_syslog);
  if (invocation.stderr_is_terminal) show_waits(action, status_line, context);
  log_start(log, text, context, line.options);
  const route53::ActionReport report = run_action(action, context);
  status_line.clear();
  return report_result(invocation, log, text, target->resource.key, report, common.json);
}

}  // namespace

Result<int> activate_command(const Invocation& invocation) {
  return run_dns_command(invocation, DnsAction::Activate);
}

Result<int> deactivate_command(const Invocation& invocation) {
  return run_dns_command(invocation, DnsAction::Deactivate);
}

Result<int> monitor_command(const Invocation& invocation) {
  return run_dns_command(invocation, DnsAction::Monitor);
}

}  // namespace awsdns::cli
