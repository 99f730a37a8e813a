#pragma once
// Options shared by the commands, and the pieces every command needs: the settings file turned
// into the child environment, the AWS CLI's location.

#include <boost/program_options/options_description.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/invocation.hpp"
#include "cli/logger.hpp"
#include "core/exit_code.hpp"
#include "core/result.hpp"
#include "envfile/environment.hpp"
#include "envfile/settings.hpp"

namespace awsdns::cli {

/// Options common to the commands (not every command offers all of them).
struct CommonOptions {
  bool help = false;
  bool version = false;
  bool verbose = false;
  bool syslog = false;
  bool json = false;
  bool inherit_proxy = false;
  bool no_imds_bypass = false;
  std::optional<std::string> env_file;
  std::optional<std::string> config_file;
  std::optional<std::string> aws_cli;
};

/// --help, --version, --verbose, --syslog.
boost::program_options::options_description general_options(CommonOptions& options);
/// --env-file, --inherit-proxy, --no-imds-bypass.
boost::program_options::options_description environment_options(CommonOptions& options);

/// Parses `args` against `visible` (+ positional `positional_name` collected into `positionals`,
/// max_positionals of them, -1 = unlimited). Fails with Usage on bad input (the entry prints it
/// with the usage hint).
Result<> parse_command_line(const std::vector<std::string>& args,
                            const boost::program_options::options_description& visible,
                            const char* positional_name, int max_positionals,
                            std::vector<std::string>& positionals);

/// The settings file a command uses, loaded and parsed.
struct LoadedSettings {
  std::string path;     // the file used (or that would have been used)
  bool absent = false;  // the default path only, and nothing is there
  envfile::Settings settings;
};

/// Loads the settings file (`options.env_file`, else `config_env_file`, else the system's
/// default path) and registers the caller's secrets with `log`. Fails with Config and its
/// FILE:LINE errors, one per line (for report_early_failure).
Result<LoadedSettings> load_settings(const Invocation& invocation, const CommonOptions& options,
                                     const std::optional<std::string>& config_env_file,
                                     Logger& log);

/// Registers the secrets of `child` with `log` and, when verbose, logs what the environment rule
/// changed (one line per variable, secrets redacted).
void log_environment(const envfile::ChildEnvironment& child, Logger& log);

/// exec's environment: the caller's minus the proxy family and REQUEST_METHOD, then the
/// settings file (envfile::build_child_environment); fails as load_settings does.
Result<envfile::ChildEnvironment> exec_environment(const Invocation& invocation,
                                                   const CommonOptions& options, Logger& log);

/// Prints one JSON object {"result", "message", "exit_code"} for a failure without a result.
void print_json_failure(std::ostream& out, ExitCode code, const std::string& message);

/// True when awsdns's own arguments (those before "--") contain --json.
bool wants_json(int argc, char** argv);

/// Ends a command that failed before it had a result: each message on stderr through `log`, and
/// with `json` also one object {"result", "message", "exit_code"} on stdout, so --json output is
/// never empty. Returns `code` as an int.
int report_early_failure(const Invocation& invocation, bool json, Logger& log, ExitCode code,
                         const std::vector<std::string>& messages);

/// report_early_failure for `failure`, one message per line of its message.
int report_early_failure(const Invocation& invocation, bool json, Logger& log,
                         const Failure& failure);

}  // namespace awsdns::cli
