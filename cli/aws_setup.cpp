#include "cli/aws_setup.hpp"

#include "route53/config_file.hpp"

namespace awsdns::cli {

Result<route53::Config> load_config(const std::string& path, unsigned caller_uid) {
  auto loaded = route53::load_config_file(path, caller_uid);
  if (loaded.ok()) return std::move(loaded.config);
  std::string lines;
  for (const auto& error : loaded.errors) lines += (lines.empty() ? "" : "\n") + error.to_string();
  return fail(ExitCode::Config, std::move(lines));
}

route53::AwsInvocationBuild aws_invocation_for(const Invocation& invocation,
                                               const CommonOptions& options,
                                               const route53::AwsSettings& settings,
                                               const LoadedSettings& loaded, Logger& log) {
  route53::AwsInvocationInputs inputs;
  inputs.cli_option = options.aws_cli;
  inputs.settings = settings;
  inputs.settings_file = loaded.settings;
  inputs.caller = invocation.parent_env;
  inputs.home = invocation.home;
  inputs.uid = invocation.uid;
  inputs.rule = {options.inherit_proxy, !options.no_imds_bypass};
  auto build = route53::make_aws_invocation(inputs);
  log_environment(build.child, log);
  if (!build.problem) {
    log.write(Severity::Debug, "AWS CLI: " + build.invocation.program + " (" +
                                   std::string(to_string(build.invocation.origin)) + ")");
  }
  return build;
}

}  // namespace awsdns::cli
