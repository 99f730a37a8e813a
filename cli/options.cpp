#include "cli/options.hpp"

#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include "core/system_paths.hpp"
#include "envfile/redact.hpp"
#include "envfile/settings_file.hpp"
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

Result<> parse_command_line(const std::vector<std::string>& args,
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
  } catch (const po::error& error) {  // Boost.Program_options reports bad input by throwing
    return fail(ExitCode::Usage, error.what());
  }
  return {};
}

void log_environment(const envfile::ChildEnvironment& child, Logger& log) {
  using Kind = envfile::EnvironmentChange::Kind;
  log.add_secrets(envfile::secrets_in(child.env));
  if (!log.verbose()) return;
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

Result<LoadedSettings> load_settings(const Invocation& invocation, const CommonOptions& options,
                                     const std::optional<std::string>& config_env_file,
                                     Logger& log) {
  LoadedSettings loaded;
  const bool named_explicitly = options.env_file || config_env_file;
  loaded.path = options.env_file.value_or(config_env_file.value_or(system_paths().settings_file));
  log.add_secrets(envfile::secrets_in(invocation.parent_env));
  const auto read = envfile::load_settings_file(loaded.path, named_explicitly, {invocation.uid});
  if (!read) return read.error();
  loaded.absent = !*read;
  if (*read) loaded.settings = **read;
  log.write(Severity::Debug, loaded.absent
                                 ? "settings file " + loaded.path + " not found; nothing injected"
                                 : "settings file " + loaded.path);
  return loaded;
}

Result<envfile::ChildEnvironment> exec_environment(const Invocation& invocation,
                                                   const CommonOptions& options, Logger& log) {
  const auto loaded = load_settings(invocation, options, std::nullopt, log);
  if (!loaded) return loaded.error();
  const envfile::ChildEnvironmentOptions rule{options.inherit_proxy, !options.no_imds_bypass};
  auto child = envfile::build_child_environment(invocation.parent_env, loaded->settings, rule);
  log_environment(child, log);
  return child;
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

int report_early_failure(const Invocation& invocation, bool json, Logger& log,
                         const Failure& failure) {
  return report_early_failure(invocation, json, log, failure.code,
                              util::split_lines(failure.message));
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

}  // namespace awsdns::cli
