#include "route53/aws_invocation.hpp"

#include <filesystem>

#include "envfile/aws_environment.hpp"
#include "launcher/command_runner.hpp"
#include "util/expected.hpp"
#include "util/file_reader.hpp"
#include "util/fs_path.hpp"
#include "util/text.hpp"

namespace awsdns::route53 {
namespace {

namespace fs = std::filesystem;

/// The program found for the AWS CLI, or why none was.
struct Located {
  std::string program;
  CliOrigin origin = CliOrigin::InstalledPlace;
  std::optional<CliProblem> problem;
};

std::string caller_path_list(const envfile::Environment& caller) {
  const auto it = caller.find("PATH");
  return it == caller.end() ? std::string() : it->second;
}

/// `wanted` (--aws-cli or aws.cli): a path is taken as given (made absolute), a bare name is
/// searched in the caller's PATH; it must exist and be executable.
Located locate_wanted(const std::string& wanted, CliOrigin origin, const std::string& path_list) {
  Located located{"", origin, std::nullopt};
  const std::string source(to_string(origin));
  if (!launcher::names_a_path(wanted)) {
    located.program = launcher::find_executable(wanted, path_list);
    if (located.program.empty()) {
      located.problem = CliProblem{ErrorClass::CliNotFound, "AWS CLI not found: " + wanted + " (" +
                                                                source + ", searched in PATH)"};
    }
    return located;
  }
  std::error_code error;
  const std::string absolute = util::utf8_path(fs::absolute(util::fs_path(wanted), error));
  if (launcher::is_executable_file(absolute)) {
    located.program = absolute;
  } else if (fs::exists(util::fs_path(absolute), error)) {
    located.problem = CliProblem{ErrorClass::CliNotUsable, "AWS CLI " + absolute + " (" + source +
                                                               ") is not an executable file"};
  } else {
    located.problem =
        CliProblem{ErrorClass::CliNotFound, "AWS CLI not found: " + wanted + " (" + source + ")"};
  }
  return located;
}

/// The first installed place that holds an executable, else "aws" on the caller's PATH.
Located locate_default(const std::vector<std::string>& places, const std::string& path_list) {
  std::string looked_at;
  for (const auto& place : places) {
    if (launcher::is_executable_file(place))
      return {place, CliOrigin::InstalledPlace, std::nullopt};
    looked_at += place + ", ";
  }
  std::string found = launcher::find_executable("aws", path_list);
  if (!found.empty()) return {found, CliOrigin::Path, std::nullopt};
  return {"", CliOrigin::Path,
          CliProblem{ErrorClass::CliNotFound,
                     "AWS CLI not found (looked at " + looked_at + "then PATH)"}};
}

/// The trust rule of the settings file, for `path` (a program or a folder); fails with what it
/// refuses.
util::Expected<> trusted(const std::string& path, unsigned uid, const std::string& what) {
  const util::FileFacts facts = util::examine_path(path);
  if (facts.status != util::FileFacts::Status::Read) {
    return util::fail("cannot examine " + what + " " + path + ": " + facts.os_error);
  }
  const auto problems = util::trust_problems(facts, path, uid, what + " " + path);
  if (problems.empty()) return {};
  return util::fail(util::join(problems, "; "));
}

/// Refuses a program that someone other than root or the caller could change: the file (after
/// symbolic links) and the folders of the name and of the file.
std::optional<CliProblem> untrusted(const std::string& program, unsigned uid) {
  std::error_code error;
  const fs::path given = util::fs_path(program);
  const fs::path real = fs::canonical(given, error);
  std::vector<std::pair<std::string, std::string>> checks = {
      {util::utf8_path(given.parent_path()), "the AWS CLI's folder"}};
  if (!error) {
    checks.emplace_back(util::utf8_path(real), "the AWS CLI");
    if (real.parent_path() != given.parent_path()) {
      checks.emplace_back(util::utf8_path(real.parent_path()), "the AWS CLI's folder");
    }
  } else {
    checks.emplace_back(program, "the AWS CLI");
  }
  std::vector<std::string> problems;
  for (const auto& [path, what] : checks) {
    if (auto checked = trusted(path, uid, what); !checked) {
      problems.push_back(std::move(checked.error().message));
    }
  }
  if (problems.empty()) return std::nullopt;
  return CliProblem{ErrorClass::CliUntrusted,
                    "AWS CLI " + program + " refused: " + util::join(problems, "; ")};
}

Located locate(const AwsInvocationInputs& inputs) {
  const std::string path_list = caller_path_list(inputs.caller);
  Located located =
      inputs.cli_option     ? locate_wanted(*inputs.cli_option, CliOrigin::Option, path_list)
      : inputs.settings.cli ? locate_wanted(*inputs.settings.cli, CliOrigin::Config, path_list)
                            : locate_default(inputs.cli_places, path_list);
  if (!located.problem) located.problem = untrusted(located.program, inputs.uid);
  if (located.problem) located.program.clear();
  return located;
}

}  // namespace

std::string_view to_string(CliOrigin origin) {
  switch (origin) {
    case CliOrigin::Option:
      return "--aws-cli";
    case CliOrigin::Config:
      return "aws.cli";
    case CliOrigin::InstalledPlace:
      return "installed place";
    case CliOrigin::Path:
      return "PATH";
  }
  return "?";
}

std::vector<std::string> AwsInvocation::args_for(
    const std::vector<std::string>& operation_args) const {
  std::vector<std::string> args = operation_args;
  args.insert(args.end(), fixed_args.begin(), fixed_args.end());
  return args;
}

WaiterRun waiter_run(const AwsInvocation& invocation, const std::string& change_id,
                     const std::string& data_path) {
  WaiterRun run;
  run.args =
      invocation.args_for({"route53", "wait", "resource-record-sets-changed", "--id", change_id});
  run.environment = invocation.environment;
  run.environment["AWS_DATA_PATH"] = data_path;
  run.environment["AWS_RETRY_MODE"] = "standard";
  run.environment["AWS_MAX_ATTEMPTS"] = std::to_string(kWaiterClientAttempts);
  return run;
}

std::vector<std::string> fixed_aws_args(const AwsSettings& settings) {
  std::vector<std::string> args = {"--output",
                                   "json",
                                   "--cli-connect-timeout",
                                   std::to_string(settings.connect_timeout),
                                   "--cli-read-timeout",
                                   std::to_string(settings.read_timeout)};
  if (!settings.region.empty()) args.insert(args.end(), {"--region", settings.region});
  if (!settings.profile.empty()) args.insert(args.end(), {"--profile", settings.profile});
  args.insert(args.end(), settings.extra_args.begin(), settings.extra_args.end());
  return args;
}

envfile::ChildEnvironment aws_cli_environment(const AwsInvocationInputs& inputs,
                                              const std::string& cli_directory) {
  envfile::AwsCliBase base;
  base.home = inputs.home;
  base.cli_directory = cli_directory;
  base.pass_names = inputs.settings.pass_env;
  base.inherit_proxy = inputs.rule.inherit_proxy;
  envfile::ChildEnvironment child = envfile::build_child_environment(
      envfile::aws_cli_base_environment(inputs.caller, base), inputs.settings_file, inputs.rule);
  for (const auto& [name, value] : envfile::kPinnedVariables) {
    child.env[std::string(name)] = std::string(value);
  }
  const auto& [attempts_name, attempts_value] = envfile::kDefaultMaxAttempts;
  child.env.emplace(std::string(attempts_name), std::string(attempts_value));
  return child;
}

AwsInvocationBuild make_aws_invocation(const AwsInvocationInputs& inputs) {
  Located located = locate(inputs);
  AwsInvocationBuild build;
  const std::string folder =
      located.program.empty() ? "" : util::utf8_path(util::fs_path(located.program).parent_path());
  build.child = aws_cli_environment(inputs, folder);
  build.invocation.program = located.program;
  build.invocation.origin = located.origin;
  build.invocation.environment = build.child.env;
  build.invocation.fixed_args = fixed_aws_args(inputs.settings);
  build.problem = std::move(located.problem);
  return build;
}

}  // namespace awsdns::route53
