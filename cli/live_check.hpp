#pragma once
// `awsdns check --live`: the pre-flight an operator runs before trusting a failover. The AWS CLI
// is found and runs, the proxy it uses for the Route 53 endpoint opens a tunnel to it (CONNECT),
// ONE read of each record goes through the whole path (proxy, credentials, permission, zone),
// and the zone's SOA tells whether deleting the record on deactivate lets clients cache "no such
// name" for long.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/exit_code.hpp"
#include "envfile/environment.hpp"
#include "route53/aws_invocation.hpp"
#include "route53/config.hpp"
#include "route53/log.hpp"
#include "route53/route53_api.hpp"

namespace awsdns::cli {

/// One step of the pre-flight, printed as one pass/warn/FAIL line.
struct LiveStep {
  std::string name;         // "aws-cli", "aws-cli-version", "proxy-https", "record web"
  bool ok = false;          // false: a failover would not work now
  bool warning = false;     // ok, but something to act on (AWS CLI v1, https going direct)
  std::string detail;       // what was found, secrets scrubbed
  std::string fix;          // for a failure or warning: what to do
  std::string error_class;  // for a failed AWS call: its class (route53/cli_errors.hpp)
};

/// Every step, and the exit code: Ok only when every step passed.
struct LiveReport {
  std::vector<LiveStep> steps;
  ExitCode status = ExitCode::Ok;
};

/// What the pre-flight works on.
struct LiveInputs {
  route53::AwsInvocation aws;                      // the AWS CLI as every command runs it
  std::optional<route53::CliProblem> cli_problem;  // set: there is no AWS CLI to run
  const route53::Config* config = nullptr;         // nullptr: no configuration, no record check
  std::vector<std::string> resources;              // the resources to read
  std::string node;                                // this node's name in the ip: maps
  std::ostream* out = nullptr;  // awsdns's standard output and error (the runner's)
  std::ostream* err = nullptr;
  LogSink log;
};

/// Runs the steps in order; later steps are skipped once the AWS CLI cannot run. "proxy-https"
/// and "proxy-http": the proxy per endpoint scheme, the Route 53 endpoint's probed (CONNECT).
/// Per resource: "record NAME", then one read of the zone's apex for "zone NAME" (the record's
/// name lies in the zone's domain) and "negative-caching NAME" (the SOA, with
/// delete_on_deactivate).
LiveReport run_live_checks(const LiveInputs& inputs);

/// "aws-cli/2.9.19" -> 2, "aws-cli/1.45.11" -> 1; 0 when the text is no AWS CLI version.
int aws_cli_major_version(const std::string& version_text);

}  // namespace awsdns::cli
