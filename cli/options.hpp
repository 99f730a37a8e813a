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
#include "envfile/aws_environment.hpp"
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

/// Thrown for a bad command line; main prints it with the usage hint and exits Usage (64).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Parses `args` against `visible` (+ positional `positional_name` collected into `positionals`,
/// max_positionals of them, -1 = unlimited). Throws UsageError on bad input.
void parse_command_line(const std::vector<std::string>& args,
                        const boost::program_options::options_description& visible,
                        const char* positional_name, int max_positionals,
                        std::vector<std::string>& positionals);

/// The settings file and the environment built from it.
struct PreparedEnvironment {
  std::string settings_path;     // the file used (or that would have been used)
  bool settings_absent = false;  // default path only, and it does not exist
  envfile::Settings settings;
  envfile::ChildEnvironment child;
  std::vector<std::string> ignored_caller;  // AWS CLI rule: the caller's AWS_*/proxy left out
};

/// Loads the settings file (`explicit_path`, else `config_env_file`, else the default path),
/// builds the child environment, registers its secrets with `log` and logs the changes when
/// verbose. Returns nullopt after printing FILE:LINE errors (as JSON too with --json; the caller
/// exits Config).
/// `aws_base` selects the rule: nullopt = exec's (the caller's environment minus the proxy
/// family and REQUEST_METHOD); set = the DNS commands' (from scratch, aws_environment.hpp).
std::optional<PreparedEnvironment> prepare_environment(
    const Invocation& invocation, const CommonOptions& options,
    const std::optional<std::string>& config_env_file, Logger& log,
    const std::optional<envfile::AwsCliBase>& aws_base = std::nullopt);

/// The DNS commands' base for the AWS CLI at `cli_path` with the config's pass_env list.
envfile::AwsCliBase aws_cli_base(const Invocation& invocation, const CommonOptions& options,
                                 const std::string& cli_path,
                                 const std::vector<std::string>& pass_env);

/// Prints one JSON object {"result", "message", "exit_code"} for a failure without a result.
void print_json_failure(std::ostream& out, ExitCode code, const std::string& message);

/// True when awsdns's own arguments (those before "--") contain --json.
bool wants_json(int argc, char** argv);

/// Ends a command that failed before it had a result: each message on stderr through `log`, and
/// with `json` also one object {"result", "message", "exit_code"} on stdout, so --json output is
/// never empty. Returns `code` as an int.
int report_early_failure(const Invocation& invocation, bool json, Logger& log, ExitCode code,
                         const std::vector<std::string>& messages);

/// Where the AWS CLI is: --aws-cli, else the config's `aws.cli` when configured, else the
/// system's installed path (system_paths().aws_cli) when it exists, else a PATH search for "aws".
/// Empty when not found.
std::string locate_aws_cli(const CommonOptions& options,
                           const std::optional<std::string>& configured,
                           const envfile::Environment& parent_env);

}  // namespace awsdns::cli
