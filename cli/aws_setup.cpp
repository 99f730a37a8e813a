#include "cli/aws_setup.hpp"

namespace awsdns::cli {

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
