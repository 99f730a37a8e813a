// `awsdns check`: validate the settings file (and the config) and show the child environment.

#include <array>
#include <boost/json.hpp>
#include <boost/program_options.hpp>
#include <chrono>
#include <filesystem>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/options.hpp"
#include "envfile/redact.hpp"
#include "launcher/command_runner.hpp"
#include "launcher/exit_code.hpp"
#include "route53/actions.hpp"
#include "route53/config.hpp"

namespace po = boost::program_options;
namespace json = boost::json;

namespace awsdns::cli {
namespace {

constexpr const char* kCheckUsage = "Usage: awsdns check [OPTIONS]";
constexpr const char* kCheckSummary =
    "Validates the settings file (and the YAML configuration when one is given or present at\n"
    "/etc/awsdns/awsdns.yaml) and shows the environment the AWS CLI will get: the proxy\n"
    "family and AWS_* variables only, secrets as ***. With a configuration it prints each\n"
    "resource's worst-case durations of activate, deactivate and monitor without --deadline\n"
    "(set the cluster's timeouts at least that high). Exits 0 when usable.";

// The three DNS commands, in the order check prints them.
constexpr std::array<const char*, 3> kDnsCommands = {"activate", "deactivate", "monitor"};

// One resource's worst-case durations, in kDnsCommands order.
struct WorstCase {
  std::string resource;
  std::array<std::chrono::milliseconds, 3> durations{};
};

// What check found, gathered first and printed once, as text or JSON.
struct CheckReport {
  std::string settings_path;
  bool settings_absent = false;
  std::vector<envfile::IgnoredSection> ignored_sections;
  std::vector<std::pair<std::string, std::string>> shown_environment;  // redacted
  std::vector<std::string> warnings;
  std::string config_path;
  std::vector<std::string> resources;
  std::vector<WorstCase> worst_cases;
  std::string aws_cli;
  std::string aws_cli_version;
  ExitCode status = ExitCode::Ok;
};

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

// Rounded up to 0.1 s: a worst case must not be understated.
std::string seconds_text(std::chrono::milliseconds duration) {
  return format_seconds(static_cast<double>((duration.count() + 99) / 100) / 10.0) + " s";
}

bool shown_in_check(const std::string& name) {
  return envfile::is_proxy_family(name) || name.rfind("AWS_", 0) == 0;
}

// "aws-cli/2.9.19 Python/3.11.2 ..." from `aws --version`, run with the child environment.
std::string aws_cli_version(const std::string& cli, const envfile::Environment& env) {
  launcher::Command command;
  command.executable = cli;
  command.args = {"--version"};
  command.environment = env;
  command.timeout = std::chrono::seconds(30);
  const auto result = launcher::make_process_runner()->run(command);
  if (result.outcome != launcher::Outcome::Exited || result.exit_code != 0) return {};
  std::string text = result.stdout_text.empty() ? result.stderr_text : result.stdout_text;
  if (const auto newline = text.find('\n'); newline != std::string::npos) text.resize(newline);
  return text;
}

void add_environment_warnings(const PreparedEnvironment& prepared, const CommonOptions& options,
                              CheckReport& report) {
  if (prepared.settings_absent) {
    report.warnings.push_back("settings file " + prepared.settings_path +
                              " not found: no proxy or AWS_* variable is injected");
  }
  for (const auto& section : prepared.settings.ignored_sections) {
    report.warnings.push_back(prepared.settings_path + ":" + std::to_string(section.line) +
                              ": section [" + section.name + "] is ignored");
  }
  if (prepared.child.imds_bypass_added) {
    report.warnings.push_back(
        "instance-metadata addresses 169.254.169.254 and [fd00:ec2::254] added to NO_PROXY "
        "(--no-imds-bypass turns this off)");
  }
  for (const auto& name : prepared.child.overridden_parent_proxies) {
    report.warnings.push_back("the caller's " + name + " is not passed to the AWS CLI" +
                              (options.inherit_proxy ? "" : " (the settings file decides)"));
  }
  if (const auto no_proxy = prepared.child.env.find("NO_PROXY");
      no_proxy != prepared.child.env.end()) {
    for (const auto& entry : envfile::ineffective_no_proxy_entries(no_proxy->second)) {
      report.warnings.push_back("NO_PROXY entry " + entry);
    }
  }
}

void print_text(std::ostream& out, const CheckReport& report) {
  out << "settings file: " << report.settings_path
      << (report.settings_absent ? " (absent: nothing injected)" : "") << "\n";
  if (!report.config_path.empty()) {
    out << "config: " << report.config_path << " (resources:";
    for (const auto& resource : report.resources) out << " " << resource;
    out << ")\n";
  }
  for (const auto& row : report.worst_cases) {
    out << "worst case of " << row.resource << " without --deadline:";
    for (std::size_t i = 0; i < kDnsCommands.size(); ++i) {
      out << (i == 0 ? " " : ", ") << kDnsCommands[i] << " " << seconds_text(row.durations[i]);
    }
    out << "\n";
  }
  out << "AWS CLI: "
      << (report.aws_cli.empty() ? "not found"
                                 : report.aws_cli + " (" + report.aws_cli_version + ")")
      << "\n";
  out << "environment of the AWS CLI (proxy and AWS_* variables):\n";
  if (report.shown_environment.empty()) out << "  (none)\n";
  for (const auto& [name, value] : report.shown_environment) {
    out << "  " << name << "=" << value << "\n";
  }
  for (const auto& warning : report.warnings) out << "warning: " << warning << "\n";
  out << (report.status == ExitCode::Ok ? "usable\n" : "NOT usable\n");
}

void print_json(std::ostream& out, const CheckReport& report) {
  json::object environment;
  for (const auto& [name, value] : report.shown_environment) environment[name] = value;
  json::array ignored;
  for (const auto& section : report.ignored_sections) {
    ignored.push_back(json::object{{"name", section.name}, {"line", section.line}});
  }
  json::array warnings(report.warnings.begin(), report.warnings.end());
  json::array resources(report.resources.begin(), report.resources.end());
  json::object result{
      {"settings_file", report.settings_path},     {"settings_absent", report.settings_absent},
      {"ignored_sections", std::move(ignored)},    {"environment", std::move(environment)},
      {"warnings", std::move(warnings)},           {"aws_cli", report.aws_cli},
      {"aws_cli_version", report.aws_cli_version}, {"usable", report.status == ExitCode::Ok},
      {"exit_code", to_int(report.status)},
  };
  if (!report.config_path.empty()) {
    result["config"] = report.config_path;
    result["resources"] = std::move(resources);
    json::object worst;
    for (const auto& row : report.worst_cases) {
      json::object durations;
      for (std::size_t i = 0; i < kDnsCommands.size(); ++i) {
        durations[kDnsCommands[i]] = row.durations[i].count();
      }
      worst[row.resource] = std::move(durations);
    }
    result["worst_case_ms"] = std::move(worst);
  }
  out << json::serialize(result) << "\n";
}

}  // namespace

int check_command(const Invocation& invocation) {
  CommonOptions options;
  po::options_description visible;
  po::options_description check_options("Check options");
  check_options.add_options()(
      "config", po::value<std::string>()->notifier([&](const std::string& path) {
        options.config_file = path;
      }),
      "YAML configuration to validate too (default: /etc/awsdns/awsdns.yaml if present)")(
      "aws-cli",
      po::value<std::string>()->notifier([&](const std::string& path) { options.aws_cli = path; }),
      "the AWS CLI to report on (default: config, /usr/bin/aws, then PATH)")(
      "json", po::bool_switch(&options.json), "print the result as one JSON object");
  visible.add(general_options(options)).add(environment_options(options)).add(check_options);
  std::vector<std::string> no_positionals;
  parse_command_line(invocation.args, visible, nullptr, 0, no_positionals);
  if (options.help) return print_command_help(*invocation.out, kCheckUsage, kCheckSummary, visible);
  if (options.version) return print_version(*invocation.out);

  Logger log(*invocation.err, options.verbose, options.syslog);
  CheckReport report;

  // The configuration first: it may name the settings file and the AWS CLI.
  std::optional<route53::Config> config;
  const bool config_named = options.config_file.has_value();
  const std::string config_path = options.config_file.value_or(route53::kDefaultConfigPath);
  std::error_code ignored_error;
  if (config_named || std::filesystem::exists(config_path, ignored_error)) {
    auto loaded = route53::load_config_file(config_path, invocation.uid);
    if (!loaded.ok()) {
      for (const auto& error : loaded.errors) log.write(Severity::Error, error.to_string());
      return to_int(ExitCode::Config);
    }
    config = std::move(loaded.config);
    report.config_path = config_path;
    for (const auto& [name, resource] : config->resources) report.resources.push_back(name);
    report.worst_cases = worst_cases(*config);
  }

  const auto prepared =
      prepare_environment(invocation, options, config ? config->env_file : std::nullopt, log);
  if (!prepared) return to_int(ExitCode::Config);
  report.settings_path = prepared->settings_path;
  report.settings_absent = prepared->settings_absent;
  report.ignored_sections = prepared->settings.ignored_sections;
  for (const auto& [name, value] : prepared->child.env) {
    if (shown_in_check(name)) {
      report.shown_environment.emplace_back(name, envfile::redact_value(name, value));
    }
  }
  add_environment_warnings(*prepared, options, report);

  const std::optional<std::string> configured_cli =
      config && config->aws.cli_configured ? std::optional(config->aws.cli) : std::nullopt;
  report.aws_cli = locate_aws_cli(options, configured_cli, invocation.parent_env);
  if (report.aws_cli.empty()) {
    report.warnings.push_back(
        "AWS CLI not found (looked at --aws-cli, the config, /usr/bin/aws, PATH)");
    report.status = ExitCode::NotFound;
  } else {
    report.aws_cli_version = aws_cli_version(report.aws_cli, prepared->child.env);
    if (report.aws_cli_version.empty()) {
      report.warnings.push_back(report.aws_cli + " --version failed");
      report.status = ExitCode::CannotExecute;
    }
  }
  for (auto& warning : report.warnings) warning = log.scrub(warning);

  if (options.json) {
    print_json(*invocation.out, report);
  } else {
    print_text(*invocation.out, report);
  }
  return to_int(report.status);
}

}  // namespace awsdns::cli
