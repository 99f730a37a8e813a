#include "cli/options.hpp"

#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include "core/system_paths.hpp"
#include "envfile/redact.hpp"
#include "envfile/settings_file.hpp"
#include "launcher/command_runner.hpp"
#include "util/diagnostic.hpp"
#include "util/text.hpp"

namespace po = boost::program_options;

namespace awsdns::cli {

po::options_description general_options(CommonOptions& options) {
  po::options_description description("General options");
  description.add_options()("help,h", po::bool_switch(&options.help), "show this help and exit")(
      "version", po::bool_switch(&options.version), "show the version and exit")(
      "verbose,v", po::bool_switch(&options.verbose),
      "show the child's argv and the environment changes (secrets as ***)")(
      "syslog", po::bool_switch(&options.syslog), "also log to syslog (facility daemon)");
  return description;
}

po::options_description environment_options(CommonOptions& options) {
  po::options_description description("Environment options");
  description.add_options()(
      "env-file", po::value<std::string>()->notifier([&options](const std::string& path) {
        options.env_file = path;
      }),
      (std::string("settings file ([ENVIRONMENT] NAME = value); default: the config's env_file, "
                   "else ") +
       system_paths().settings_file)
          .c_str())("inherit-proxy", po::bool_switch(&options.inherit_proxy),
                    "keep the caller's proxy variables when the settings file defines none")(
      "no-imds-bypass", po::bool_switch(&options.no_imds_bypass),
      "do not add the instance-metadata addresses to NO_PROXY");
  return description;
}

void parse_command_line(const std::vector<std::string>& args,
                        const po::options_description& visible, const char* positional_name,
                        int max_positionals, std::vector<std::string>& positionals) {
  po::options_description all;
  all.add(visible);
  po::positional_options_description positional;
  if (positional_name != nullptr) {
    all.add_options()(positional_name, po::value<std::vector<std::string>>(&positionals));
    positional.add(positional_name, max_positionals);
  }
  try {
    po::variables_map values;
    po::store(po::command_line_parser(args).options(all).positional(positional).run(), values);
    po::notify(values);
  } catch (const po::error& error) {
    throw UsageError(error.what());
  }
}

namespace {

// Prints what the environment rule changed, one line each, secrets redacted.
void log_changes(const envfile::ChildEnvironment& child, Logger& log) {
  using Kind = envfile::EnvironmentChange::Kind;
  for (const auto& change : child.changes) {
    const auto shown = [&](const std::optional<std::string>& value) {
      return value ? envfile::redact_value(change.name, *value) : std::string();
    };
    switch (change.kind) {
      case Kind::Removed:
        log.write(Severity::Debug, "env: unset " + change.name);
        break;
      case Kind::Added:
        log.write(Severity::Debug, "env: set " + change.name + "=" + shown(change.new_value));
        break;
      case Kind::Replaced:
        log.write(Severity::Debug, "env: replace " + change.name + "=" + shown(change.old_value) +
                                       " with " + shown(change.new_value));
        break;
    }
  }
  if (child.imds_bypass_added) {
    log.write(Severity::Debug, "env: instance-metadata addresses added to NO_PROXY/no_proxy");
  }
}

}  // namespace

envfile::AwsCliBase aws_cli_base(const Invocation& invocation, const CommonOptions& options,
                                 const std::string& cli_path,
                                 const std::vector<std::string>& pass_env) {
  envfile::AwsCliBase base;
  base.home = invocation.home;
  if (const auto slash = cli_path.rfind('/'); slash != std::string::npos && slash > 0) {
    base.cli_directory = cli_path.substr(0, slash);
  }
  base.pass_names = pass_env;
  base.inherit_proxy = options.inherit_proxy;
  return base;
}

std::optional<PreparedEnvironment> prepare_environment(
    const Invocation& invocation, const CommonOptions& options,
    const std::optional<std::string>& config_env_file, Logger& log,
    const std::optional<envfile::AwsCliBase>& aws_base) {
  PreparedEnvironment prepared;
  bool named_explicitly = true;
  if (options.env_file) {
    prepared.settings_path = *options.env_file;
  } else if (config_env_file) {
    prepared.settings_path = *config_env_file;
  } else {
    prepared.settings_path = system_paths().settings_file;
    named_explicitly = false;
  }
  log.add_secrets(envfile::secrets_in(invocation.parent_env));

  const auto loaded =
      envfile::load_settings_file(prepared.settings_path, named_explicitly, {invocation.uid});
  if (!loaded.ok()) {
    std::vector<std::string> messages;
    for (const auto& error : loaded.errors) messages.push_back(error.to_string());
    report_early_failure(invocation, options.json, log, ExitCode::Config, messages);
    return std::nullopt;
  }
  prepared.settings_absent = loaded.absent_default;
  if (loaded.settings) prepared.settings = *loaded.settings;
  if (prepared.settings_absent) {
    log.write(Severity::Debug,
              "settings file " + prepared.settings_path + " not found; nothing injected");
  } else {
    log.write(Severity::Debug, "settings file " + prepared.settings_path);
  }

  const envfile::ChildEnvironmentOptions rule{options.inherit_proxy, !options.no_imds_bypass};
  const envfile::Environment parent =
      aws_base ? envfile::aws_cli_base_environment(invocation.parent_env, *aws_base)
               : invocation.parent_env;
  prepared.child = envfile::build_child_environment(parent, prepared.settings, rule);
  if (aws_base) {
    prepared.ignored_caller =
        envfile::ignored_caller_variables(invocation.parent_env, prepared.child.env);
  }
  log.add_secrets(envfile::secrets_in(prepared.child.env));
  if (log.verbose()) log_changes(prepared.child, log);
  return prepared;
}

int report_early_failure(const Invocation& invocation, bool json, Logger& log, ExitCode code,
                         const std::vector<std::string>& messages) {
  std::vector<std::string> scrubbed;
  for (const auto& message : messages) {
    log.write(Severity::Error, message);
    scrubbed.push_back(log.scrub(message));
  }
  if (json) print_json_failure(*invocation.out, code, util::join(scrubbed, "; "));
  return to_int(code);
}

void print_json_failure(std::ostream& out, ExitCode code, const std::string& message) {
  const boost::json::object result{{"result", exit_code_name(code)},
                                   {"message", util::printable(message)},
                                   {"exit_code", to_int(code)}};
  out << boost::json::serialize(result) << "\n" << std::flush;
}

bool wants_json(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") return false;
    if (arg == "--json") return true;
  }
  return false;
}

std::string locate_aws_cli(const CommonOptions& options,
                           const std::optional<std::string>& configured,
                           const envfile::Environment& parent_env) {
  const auto path_it = parent_env.find("PATH");
  const std::string path_list = path_it == parent_env.end() ? std::string() : path_it->second;
  if (options.aws_cli) return launcher::find_executable(*options.aws_cli, path_list);
  if (configured) return launcher::find_executable(*configured, path_list);
  std::string installed = launcher::find_executable(system_paths().aws_cli, "");
  if (!installed.empty()) return installed;
  return launcher::find_executable("aws", path_list);
}

}  // namespace awsdns::cli
