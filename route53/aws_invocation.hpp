#pragma once
// How awsdns runs the AWS CLI, as one value built in one place: which program (the configured
// one, else the first of the places the CLI's installers use, else PATH; only a file that exists,
// may run and only root or the caller can change), the environment it gets (built from scratch,
// then the settings file, then awsdns's pinned variables) and the arguments every call ends
// with. activate, deactivate, monitor, check and check --live all use this value unchanged, but
// for one run built here too: activate's INSYNC waiter (waiter_run), whose environment adds the
// waiter's definition (AWS_DATA_PATH) and the AWS CLI's own retries of a throttled poll.

#include <optional>
#include <string>
#include <vector>

#include "core/exit_code.hpp"
#include "core/system_paths.hpp"
#include "envfile/environment.hpp"
#include "envfile/settings.hpp"
#include "route53/cli_errors.hpp"
#include "route53/config.hpp"

namespace awsdns::route53 {

/// Where the AWS CLI's path came from.
enum class CliOrigin { Option, Config, InstalledPlace, Path };

/// "--aws-cli", "aws.cli", "installed place", "PATH".
std::string_view to_string(CliOrigin origin);

/// The AWS CLI as every command runs it.
struct AwsInvocation {
  std::string program;  // absolute path of the AWS CLI
  CliOrigin origin = CliOrigin::InstalledPlace;
  envfile::Environment environment;     // exactly the CLI's environment
  std::vector<std::string> fixed_args;  // after each operation's own arguments

  /// The arguments (without argv[0]) of one call: `operation_args`, then fixed_args.
  std::vector<std::string> args_for(const std::vector<std::string>& operation_args) const;
};

/// Why there is no AWS CLI to run: not found (cli-not-found, 127) or not trusted
/// (cli-untrusted, 78), or not a program (cli-not-usable, 78); `message` is one sentence
/// starting "AWS CLI" that says what was looked at or what is wrong, with the fix.
struct CliProblem {
  ErrorClass error = ErrorClass::CliNotFound;
  std::string message;
};

/// What the invocation is built from.
struct AwsInvocationInputs {
  std::optional<std::string> cli_option;  // --aws-cli
  AwsSettings settings;                   // the configuration's aws: section (or its defaults)
  envfile::Settings settings_file;        // the parsed settings file (empty when absent)
  envfile::Environment caller;            // awsdns's own environment (PATH search, pass_env)
  std::optional<std::string> home;        // the effective user's home (nullopt: none)
  unsigned uid = 0;                       // the caller, for the trust rule
  envfile::ChildEnvironmentOptions rule;  // --inherit-proxy, --no-imds-bypass
  // Where the installers put the AWS CLI, tried in order without --aws-cli and aws.cli.
  std::vector<std::string> cli_places{system_paths().aws_cli_places.begin(),
                                      system_paths().aws_cli_places.end()};
};

/// The invocation, and what check and --verbose show about how it was made.
struct AwsInvocationBuild {
  AwsInvocation invocation;         // program empty when `problem` is set
  envfile::ChildEnvironment child;  // the settings file's changes to the from-scratch base
  std::optional<CliProblem> problem;
};

/// How often the AWS CLI itself tries one GetChange of a waiter run: once. A throttled or failed
/// poll ends the run and awsdns decides what follows (InsyncWait: a throttled wait pauses longer
/// than the CLI would and then polls less, leaving the account's budget to other changes).
inline constexpr int kWaiterClientAttempts = 1;

/// The argv (after the program) and environment of one run of the INSYNC waiter.
struct WaiterRun {
  std::vector<std::string> args;
  envfile::Environment environment;
};

/// `route53 wait resource-record-sets-changed --id CHANGE` and the invocation's fixed arguments,
/// with its environment plus AWS_DATA_PATH = `data_path` (the directory of awsdns's waiter
/// definition, route53/waiter.hpp; a settings file's own value does not reach this run),
/// AWS_RETRY_MODE=standard and AWS_MAX_ATTEMPTS=kWaiterClientAttempts (whatever the settings file
/// says): the only AWS CLI run whose environment is not the invocation's.
WaiterRun waiter_run(const AwsInvocation& invocation, const std::string& change_id,
                     const std::string& data_path);

/// Locates and checks the AWS CLI (file system), then builds its environment and fixed
/// arguments. The environment is built even when the CLI is not found, for check to show.
AwsInvocationBuild make_aws_invocation(const AwsInvocationInputs& inputs);

/// The fixed arguments for `settings`: --output json, the connect and read timeouts (options
/// both CLI generations know), --region and --profile when configured, then extra_args.
std::vector<std::string> fixed_aws_args(const AwsSettings& settings);

/// The environment of an AWS CLI in `cli_directory` (may be ""): the from-scratch base, the
/// settings file by `rule`, then the pinned variables (envfile::kPinnedVariables,
/// kDefaultMaxAttempts).
envfile::ChildEnvironment aws_cli_environment(const AwsInvocationInputs& inputs,
                                              const std::string& cli_directory);

}  // namespace awsdns::route53
