// `awsdns check`: validate the settings file (and the config) and show the child environment.
// What it finds goes into a CheckReport (check_report.hpp), printed once.

#include "cli/check_command.hpp"

#include <boost/program_options.hpp>
#include <chrono>
#include <filesystem>

#include "cli/aws_setup.hpp"
#include "cli/check_report.hpp"
#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/live_check.hpp"
#include "cli/options.hpp"
#include "core/exit_code.hpp"
#include "core/system_paths.hpp"
#include "envfile/aws_environment.hpp"
#include "envfile/proxy_choice.hpp"
#include "envfile/redact.hpp"
#include "launcher/command_runner.hpp"
#include "launcher/interruption.hpp"
#include "route53/actions.hpp"
#include "route53/aws_invocation.hpp"
#include "route53/config.hpp"
#include "route53/config_file.hpp"

namespace po = boost::program_options;

namespace awsdns::cli {
namespace {

// check's --help summary; the default configuration's path is this system's (core/system_paths).
std::string check_summary() {
  return std::string(
             "Validates the settings file (and the YAML configuration when one is given or present "
             "at\n") +
         system_paths().config_file +
         ") and shows the environment the AWS CLI will get: the proxy\n"
         "family and AWS_* variables only, secrets as ***. With a configuration it prints each\n"
         "resource's worst-case durations of activate, deactivate and monitor without --deadline\n"
         "(set the cluster's timeouts at least that high). Exits 0 when usable.\n"
         "With --live also runs the pre-flight: the AWS CLI and its version, the proxy per "
         "endpoint\n"
         "scheme and its answer to CONNECT for the Route 53 endpoint, then ONE read of each "
         "record\n"
         "(or of RESOURCE) through the whole path (and the zone's SOA: a warning when clients may\n"
         "cache NXDOMAIN past the record's TTL); each step\n"
         "passes or fails with the fix. Exits 0 only when a failover would work right now.";
}

// What the DNS commands take at most for each resource: the budget they apply themselves.
std::vector<WorstCase> worst_cases(const route53::Config& config) {
  route53::AwsCliContext aws;  // the DNS commands' timing (backoff, kill overrun) by default
  aws.settings = config.aws;
  std::vector<WorstCase> rows;
  for (const auto& [name, resource] : config.resources) {
    WorstCase row{name, {}};
    for (std::size_t i = 0; i < kDnsCommands.size(); ++i) {
      row.durations[i] = route53::action_budget(aws, resource, kDnsCommands[i]);
    }
    rows.push_back(row);
  }
  return rows;
}

// "aws-cli/2.9.19 Python/3.11.2 ..." from `aws --version`, run as every call runs it;
// "" and `failure` set (127 not found, 78 not usable) when it does not run.
std::string aws_cli_version(const Invocation& invocation, const route53::AwsInvocation& aws,
                            ExitCode& failure) {
  launcher::Command command;
  command.executable = aws.program;
  command.args = {"--version"};
  command.environment = aws.environment;
  command.timeout = std::chrono::seconds(30);
  const auto runner = launcher::make_process_runner(launcher::Interruption::of_process(),
                                                    *invocation.out, *invocation.err);
  const auto result = runner->run(command);
  if (result.outcome != launcher::Outcome::Exited || result.exit_code != 0) {
    const bool missing = route53::classify_run(result).error == route53::ErrorClass::CliNotFound;
    failure = missing ? ExitCode::NotFound : ExitCode::Config;
    return {};
  }
  std::string text = result.stdout_text.empty() ? result.stderr_text : result.stdout_text;
  if (const auto newline = text.find('\n'); newline != std::string::npos) text.resize(newline);
  return text;
}

// ALL_PROXY in the settings file or the caller's environment: the AWS CLI never uses it.
void add_all_proxy_warnings(const Invocation& invocation, const LoadedSettings& loaded,
                            CheckReport& report) {
  for (const auto& variable : loaded.settings.variables) {
    if (variable.name == "ALL_PROXY" || variable.name == "all_proxy") {
      report.warnings.push_back(loaded.path + ":" + std::to_string(variable.line) + ": " +
                                variable.name +
                                " is ignored by the AWS CLI: set HTTPS_PROXY (and HTTP_PROXY)");
    }
  }
  for (const char* name : {"ALL_PROXY", "all_proxy"}) {
    if (invocation.parent_env.count(name)) {
      report.warnings.push_back(std::string("the caller's ") + name +
                                " is ignored by the AWS CLI (and not passed to it)");
    }
  }
}

void add_environment_warnings(const LoadedSettings& loaded, const envfile::ChildEnvironment& child,
                              CheckReport& report) {
  if (loaded.absent) {
    report.warnings.push_back("settings file " + loaded.path +
                              " not found: no proxy or AWS_* variable is injected");
  }
  for (const auto& section : loaded.settings.ignored_sections) {
    report.warnings.push_back(loaded.path + ":" + std::to_string(section.line) + ": section [" +
                              section.name + "] is ignored");
  }
  if (const auto http = envfile::http_proxy_without_https(loaded.settings)) {
    report.warnings.push_back(loaded.path + ":" + std::to_string(http->line) + ": " + http->name +
                              " is set without HTTPS_PROXY: AWS API calls (https) will not use "
                              "the proxy; set HTTPS_PROXY in the settings file");
  }
  if (child.imds_bypass_added) {
    report.warnings.push_back(
        "instance-metadata addresses 169.254.169.254 and [fd00:ec2::254] added to NO_PROXY "
        "(--no-imds-bypass turns this off)");
  }
  if (const auto no_proxy = child.env.find("NO_PROXY"); no_proxy != child.env.end()) {
    for (const auto& entry : envfile::ineffective_no_proxy_entries(no_proxy->second)) {
      report.warnings.push_back("NO_PROXY entry " + entry);
    }
  }
}

/// Loads the configuration when named or present (nullopt when neither) into `report`; fails
/// with Config on its errors.
Result<std::optional<route53::Config>> load_check_config(const Invocation& invocation,
                                                         const CommonOptions& options,
                                                         CheckReport& report) {
  const std::string config_path = options.config_file.value_or(system_paths().config_file);
  std::error_code ignored_error;
  if (!options.config_file && !std::filesystem::exists(config_path, ignored_error)) {
    return std::optional<route53::Config>();
  }
  auto config = route53::load_config_file(config_path, invocation.uid);
  if (!config) return config.error();
  report.config_path = config_path;
  for (const auto& [name, resource] : config->resources) report.resources.push_back(name);
  report.worst_cases = worst_cases(*config);
  return std::optional<route53::Config>(std::move(*config));
}

/// What check finds without talking to AWS: the AWS CLI's invocation, its environment's
/// warnings, the CLI's version.
void add_static_findings(const Invocation& invocation, const LoadedSettings& loaded,
                         const route53::AwsInvocationBuild& build, CheckReport& report) {
  report.settings_path = loaded.path;
  report.settings_absent = loaded.absent;
  report.ignored_sections = loaded.settings.ignored_sections;
  for (const auto& [name, value] : build.invocation.environment) {
    report.shown_environment.emplace_back(name, envfile::redact_value(name, value));
  }
  for (const auto& name :
       envfile::ignored_caller_variables(invocation.parent_env, build.child.env)) {
    report.warnings.push_back("the caller's " + name +
                              " is not passed to the AWS CLI: put it in the settings file " +
                              loaded.path + ", or name it in aws.pass_env");
  }
  add_environment_warnings(loaded, build.child, report);
  add_all_proxy_warnings(invocation, loaded, report);
  report.aws_cli = build.invocation.program;
  report.aws_cli_args = build.invocation.fixed_args;
  if (build.problem) {
    report.warnings.push_back(build.problem->message);
    report.status = route53::info_of(build.problem->error).exit_code;
    return;
  }
  report.aws_cli_origin = std::string(to_string(build.invocation.origin));
  ExitCode failure = ExitCode::Ok;
  report.aws_cli_version = aws_cli_version(invocation, build.invocation, failure);
  if (report.aws_cli_version.empty()) {
    report.warnings.push_back(report.aws_cli + " --version failed");
    report.status = failure;
  }
}

/// --config, --aws-cli, --json, --live and --node, stored into the caller's variables.
po::options_description check_options(CommonOptions& options, bool& live, std::string& node) {
  po::options_description description("Check options");
  description.add_options()(
      "config", po::value<std::string>()->notifier([&](const std::string& path) {
        options.config_file = path;
      }),
      ("YAML configuration to validate too (default: " + std::string(system_paths().config_file) +
       " if present)")
          .c_str())("aws-cli", po::value<std::string>()->notifier([&](const std::string& path) {
    options.aws_cli = path;
  }),
                    ("the AWS CLI to report on (default: " + aws_cli_default_text() + ")").c_str())(
      "json", po::bool_switch(&options.json), "print the result as one JSON object")(
      "live", po::bool_switch(&live),
      "also check the whole path now: CLI, proxy, one read of each record [RESOURCE]")(
      "node", po::value<std::string>(&node),
      "this node's name in the ip: maps, for --live (default: the short host name)");
  return description;
}

/// Runs the --live pre-flight on `resources` (all configured ones when empty) into `report`.
void add_live_checks(const Invocation& invocation, const std::optional<route53::Config>& config,
                     const route53::AwsInvocationBuild& build,
                     const std::vector<std::string>& resources, const std::string& node,
                     Logger& log, CheckReport& report) {
  LiveInputs inputs;
  inputs.aws = build.invocation;
  inputs.cli_problem = build.problem;
  inputs.config = config ? &*config : nullptr;
  inputs.resources = resources.empty() ? report.resources : resources;
  inputs.node = node;
  inputs.out = invocation.out;
  inputs.err = invocation.err;
  inputs.log = [&log](Severity severity, std::string_view text) { log.write(severity, text); };
  report.live = run_live_checks(inputs);
  for (auto& step : report.live->steps) step.detail = log.scrub(step.detail);
  if (report.status == ExitCode::Ok) report.status = report.live->status;
}

}  // namespace

Result<int> check_command(const Invocation& invocation) {
  CommonOptions options;
  bool live = false;
  std::string node = invocation.hostname;
  po::options_description visible;
  visible.add(general_options(options))
      .add(environment_options(options))
      .add(check_options(options, live, node));
  std::vector<std::string> positionals;
  if (auto parsed = parse_command_line(invocation.args, visible, "resource", 1, positionals);
      !parsed) {
    return parsed.error();
  }
  if (!positionals.empty() && !live) {
    return fail(ExitCode::Usage, "check takes RESOURCE only with --live");
  }
  if (options.help)
    return print_command_help(*invocation.out, command_named("check").usage,
                              check_summary().c_str(), visible);
  if (options.version) return print_version(*invocation.out);

  Logger log(*invocation.err, options.verbose, options.syslog);
  CheckReport report;
  auto loaded_config = load_check_config(invocation, options, report);
  if (!loaded_config) {
    return report_early_failure(invocation, options.json, log, loaded_config.error());
  }
  const std::optional<route53::Config>& config = *loaded_config;
  if (live && !positionals.empty() && (!config || !config->resources.count(positionals[0]))) {
    return report_early_failure(invocation, options.json, log, ExitCode::Usage,
                                {"no resource '" + positionals[0] + "' in the configuration"});
  }
  const auto loaded =
      load_settings(invocation, options, config ? config->env_file : std::nullopt, log);
  if (!loaded) return report_early_failure(invocation, options.json, log, loaded.error());
  const auto build = aws_invocation_for(
      invocation, options, config ? config->aws : route53::AwsSettings{}, *loaded, log);
  add_static_findings(invocation, *loaded, build, report);
  if (live) add_live_checks(invocation, config, build, positionals, node, log, report);
  for (auto& warning : report.warnings) warning = log.scrub(warning);

  if (options.json) {
    print_check_json(*invocation.out, report);
  } else {
    print_check_text(*invocation.out, report);
  }
  return to_int(report.status);
}

}  // namespace awsdns::cli
