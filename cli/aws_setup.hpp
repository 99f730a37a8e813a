#pragma once
// The AWS CLI of the DNS commands and check: route53::make_aws_invocation fed with the command
// line, the configuration, the settings file and the caller's surroundings.

#include "cli/invocation.hpp"
#include "cli/logger.hpp"
#include "cli/options.hpp"
#include "core/result.hpp"
#include "route53/aws_invocation.hpp"
#include "route53/config.hpp"

namespace awsdns::cli {

/// The AWS CLI's invocation for `settings` (the configuration's aws: section, or its defaults)
/// and the loaded settings file; registers its secrets with `log` and, when verbose, logs the
/// environment's changes and which AWS CLI was chosen.
route53::AwsInvocationBuild aws_invocation_for(const Invocation& invocation,
                                               const CommonOptions& options,
                                               const route53::AwsSettings& settings,
                                               const LoadedSettings& loaded, Logger& log);

}  // namespace awsdns::cli
