// `awsdns activate | deactivate | monitor [RESOURCE]`: options, configuration, node identity,
// the child environment, then one route53 action and its result line (or JSON object).

#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/options.hpp"
#include "cli/system_log.hpp"
#include "envfile/diagnostic.hpp"
#include "launcher/command_runner.hpp"
#include "launcher/exit_code.hpp"
#include "launcher/interruption.hpp"
#include "launcher/timekeeper.hpp"
#include "route53/actions.hpp"
#include "route53/config.hpp"

namespace po = boost::program_options;
namespace json = boost::json;

namespace awsdns::cli {
namespace {

enum class DnsAction { Activate, Deactivate, Monitor };

struct ActionText {
  const char* name;
  const char* usage;
  const char* summary;
};

ActionText text_of(DnsAction action) {
  switch (action) {
    case DnsAction::Activate:
      return {"activate", "Usage: awsdns activate [OPTIONS] [RESOURCE]",
              "Points the resource's record at this node with one UPSERT, waits for INSYNC when\n"
              "wait_insync is set (polls 1, 2, 3, 4 s after the UPSERT, then every 2 s, up to\n"
              "wait_timeout) and reads the record back. RESOURCE may be omitted when the\n"
              "configuration has exactly one resource."};
    case DnsAction::Deactivate:
      return {
          "deactivate", "Usage: awsdns deactivate [OPTIONS] [RESOURCE]",
          "When delete_on_deactivate is set, deletes the record if it still holds exactly this\n"
          "node's address (repeating its TTL and values). A record that is absent or points at\n"
          "another node is left untouched, and the command succeeds."};
    case DnsAction::Monitor:
      return {"monitor", "Usage: awsdns monitor [OPTIONS] [RESOURCE]",
              "Checks with ONE Route 53 request that the record holds this node's address\n"
              "(exit 3: missing, 4: points elsewhere); with check_resolution also resolves the\n"
              "name. When AWS cannot be reached, monitor.on_cli_failure decides: ignore (exit 0),\n"
              "warn (exit 0 and a warning on stderr and syslog) or recover (exit 69; 124 when\n"
              "--deadline cut the call)."};
  }
  return {};
}

struct DnsOptions {
  CommonOptions common;
  std::optional<std::string> node;
  std::optional<std::string> ip;
  std::optional<double> deadline;  // --deadline SECONDS
};

/// Longest --deadline accepted: a week, far beyond any budget.
constexpr double kMaxDeadlineSeconds = 7 * 24 * 3600;

po::options_description dns_options(DnsOptions& options) {
  po::options_description description("DNS options");
  description.add_options()("config",
                            po::value<std::string>()->notifier([&options](const std::string& path) {
                              options.common.config_file = path;
                            }),
                            "YAML configuration (default: /etc/awsdns/awsdns.yaml)")(
      "node", po::value<std::string>()->notifier([&options](const std::string& node) {
        options.node = node;
      }),
      "this node's name in the resource's ip: map (default: the short host name)")(
      "ip",
      po::value<std::string>()->notifier([&options](const std::string& ip) { options.ip = ip; }),
      "this node's address, overriding the configuration")(
      "aws-cli", po::value<std::string>()->notifier([&options](const std::string& path) {
        options.common.aws_cli = path;
      }),
      "the AWS CLI to run (default: config aws.cli, /usr/bin/aws, then PATH)")(
      "json", po::bool_switch(&options.common.json), "print the result as one JSON object")(
      "deadline", po::value<double>()->value_name("SECONDS")->notifier([&options](double seconds) {
        options.deadline = seconds;
      }),
      "end the whole command (AWS calls, retries, pauses, lock and INSYNC waits) before SECONDS "
      "(fractions allowed) from its start; exit 124 when it runs out (monitor: on_cli_failure)");
  return description;
}

/// The moment --deadline ends the command, from the command's start; nullopt without it.
std::optional<std::chrono::steady_clock::time_point> deadline_from(
    const std::optional<double>& seconds, std::chrono::steady_clock::time_point started) {
  if (!seconds) return std::nullopt;
  if (!(*seconds > 0.0) || *seconds > kMaxDeadlineSeconds) {
    throw UsageError("--deadline " + format_seconds(*seconds) +
                     ": must be more than 0 and at most " + format_seconds(kMaxDeadlineSeconds) +
                     " seconds");
  }
  return started + std::chrono::milliseconds(static_cast<long long>(*seconds * 1000.0));
}

std::string seconds_text(std::chrono::milliseconds elapsed) {
  return format_seconds(static_cast<double>(elapsed.count() / 100) / 10.0) + " s";
}

void print_result(std::ostream& out, const route53::ActionReport& report, const std::string& verb,
                  const std::string& message, bool as_json) {
  if (as_json) {
    const json::object result{
        {"resource", report.resource},
        {"node", report.node},
        {"ip", report.ip},
        {"action", report.action},
        {"change_id", report.change_id},
        {"status", report.status},
        {"attempts", report.attempts},
        {"elapsed_ms", report.elapsed.count()},
        {"result", exit_code_name(report.exit_code)},
        {"message", message},
        {"error_class", report.error_class},
        {"exit_code", to_int(report.exit_code)},
    };
    out << json::serialize(result) << "\n" << std::flush;
    return;
  }
  out << verb << " " << report.resource << ": " << exit_code_name(report.exit_code) << ": "
      << message << " [" << report.attempts << " AWS CLI run" << (report.attempts == 1 ? "" : "s")
      << ", " << seconds_text(report.elapsed) << "]\n"
      << std::flush;
}

/// The one updating status line of activate's INSYNC wait, on a terminal only.
class StatusLine {
 public:
  explicit StatusLine(std::ostream& err) : err_(err) {}
  void show(const std::string& change_id, const std::string& status,
            std::chrono::milliseconds elapsed) {
    err_ << "\r\033[K"
         << "awsdns: change " << change_id << " " << status << " " << seconds_text(elapsed)
         << std::flush;
    open_ = true;
  }
  void clear() {
    if (open_) err_ << "\r\033[K" << std::flush;
    open_ = false;
  }

 private:
  std::ostream& err_;
  bool open_ = false;
};

/// Resource choice: a named resource that does not exist is a usage error; no resource at all
/// in the file is a configuration error.
std::optional<route53::Resource> choose_resource(const route53::Config& config,
                                                 const std::vector<std::string>& positionals,
                                                 std::string& error, ExitCode& failure) {
  const std::optional<std::string> name =
      positionals.empty() ? std::nullopt : std::optional(positionals.front());
  auto choice = route53::select_resource(config, name);
  if (choice.resource) return choice.resource;
  error = choice.error;
  failure = (name || config.resources.size() > 1) ? ExitCode::Usage : ExitCode::Config;
  return std::nullopt;
}

int run_dns_command(const Invocation& invocation, DnsAction action) {
  const auto started = std::chrono::steady_clock::now();
  const ActionText text = text_of(action);
  DnsOptions options;
  po::options_description visible;
  visible.add(general_options(options.common))
      .add(environment_options(options.common))
      .add(dns_options(options));
  std::vector<std::string> positionals;
  parse_command_line(invocation.args, visible, "resource", 1, positionals);
  if (options.common.help) {
    return print_command_help(*invocation.out, text.usage, text.summary, visible);
  }
  if (options.common.version) return print_version(*invocation.out);
  const auto deadline = deadline_from(options.deadline, started);

  Logger log(*invocation.err, options.common.verbose, options.common.syslog);
  const std::string config_path = options.common.config_file.value_or(route53::kDefaultConfigPath);
  auto loaded = route53::load_config_file(config_path, invocation.uid);
  const bool json = options.common.json;
  if (!loaded.ok()) {
    std::vector<std::string> messages;
    for (const auto& error : loaded.errors) messages.push_back(error.to_string());
    return report_early_failure(invocation, json, log, ExitCode::Config, messages);
  }
  const route53::Config& config = loaded.config;
  ExitCode failure = ExitCode::Config;
  std::string choice_error;
  const auto resource = choose_resource(config, positionals, choice_error, failure);
  if (!resource) return report_early_failure(invocation, json, log, failure, {choice_error});

  const std::string node = options.node.value_or(invocation.hostname);
  std::string ip;
  if (options.ip) {
    const auto checked = route53::check_address(*options.ip, resource->type);
    if (!checked.ok()) throw UsageError("--ip " + *options.ip + ": " + checked.error);
    ip = checked.canonical;
  } else if (const auto missing = route53::missing_node_ip(config, *resource, node)) {
    return report_early_failure(invocation, json, log, ExitCode::Config, {missing->to_string()});
  } else {
    const auto& configured = resource->ip_by_node.at(node);
    const auto checked = route53::check_address(configured, resource->type);
    ip = checked.ok() ? checked.canonical : configured;
  }

  const std::optional<std::string> configured_cli =
      config.aws.cli_configured ? std::optional(config.aws.cli) : std::nullopt;
  const std::string cli = locate_aws_cli(options.common, configured_cli, invocation.parent_env);
  const auto prepared =
      prepare_environment(invocation, options.common, config.env_file, log,
                          aws_cli_base(invocation, options.common, cli, config.aws.pass_env));
  if (!prepared) return to_int(ExitCode::Config);
  if (cli.empty()) {
    return report_early_failure(
        invocation, json, log, ExitCode::NotFound,
        {"AWS CLI not found (" +
         options.common.aws_cli.value_or(configured_cli.value_or("/usr/bin/aws, then PATH")) +
         ")"});
  }

  // monitor with on_cli_failure=warn always puts its warning into syslog too.
  const bool warn_to_syslog = action == DnsAction::Monitor && !options.common.syslog &&
                              resource->monitor.on_cli_failure == route53::CliFailureReaction::Warn;
  StatusLine status_line(*invocation.err);
  const LogSink sink = [&](Severity severity, std::string_view message) {
    status_line.clear();
    log.write(severity, message);
    if (warn_to_syslog && severity == Severity::Warning) {
      open_system_log();
      write_system_log(severity, log.scrub(message));
      close_system_log();
    }
  };

  auto& interruption = launcher::Interruption::of_process();
  const auto runner = launcher::make_process_runner(interruption, *invocation.out, *invocation.err,
                                                    route53::kAwsCliKillGrace);
  const auto time = launcher::make_system_timekeeper(interruption);
  route53::ActionContext context;
  context.aws.cli_path = cli;
  context.aws.settings = config.aws;
  context.aws.environment = prepared->child.env;
  context.aws.runner = runner.get();
  context.aws.time = time.get();
  context.aws.random = route53::make_random_source();
  context.aws.log = sink;
  context.resource = *resource;
  context.node = node;
  context.ip = ip;
  context.lock_dir = config.lock_dir;
  context.deadline = deadline;
  if (action == DnsAction::Activate && invocation.stderr_is_terminal) {
    context.progress = [&](const std::string& id, const std::string& status,
                           std::chrono::milliseconds elapsed) {
      status_line.show(id, status, elapsed);
    };
  }
  log.write(Severity::Debug, std::string(text.name) + " " + resource->key + " on node " + node +
                                 " (" + ip + ") with " + cli);
  const auto budget = route53::action_budget(context.aws, *resource, text.name);
  log.write(Severity::Debug,
            "time limit: " + seconds_text(budget) + " (worst case)" +
                (options.deadline ? ", --deadline " + format_seconds(*options.deadline) + " s"
                                  : std::string()));

  route53::ActionReport report;
  switch (action) {
    case DnsAction::Activate:
      report = route53::activate(context);
      break;
    case DnsAction::Deactivate:
      report = route53::deactivate(context);
      break;
    case DnsAction::Monitor:
      report = route53::monitor(context);
      break;
  }
  status_line.clear();
  const std::string message = envfile::printable(log.scrub(report.message));
  if (report.exit_code != ExitCode::Ok) {
    log.write(Severity::Error, std::string(text.name) + " " + resource->key + ": " + message);
  }
  print_result(*invocation.out, report, text.name, message, options.common.json);
  return to_int(report.exit_code);
}

}  // namespace

int activate_command(const Invocation& invocation) {
  return run_dns_command(invocation, DnsAction::Activate);
}

int deactivate_command(const Invocation& invocation) {
  return run_dns_command(invocation, DnsAction::Deactivate);
}

int monitor_command(const Invocation& invocation) {
  return run_dns_command(invocation, DnsAction::Monitor);
}

}  // namespace awsdns::cli
