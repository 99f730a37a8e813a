// Where the AWS CLI is found on Windows (real files in a temporary folder): the installed place
// (the MSI's aws.exe), its folder at the front of the PATH it gets (backslashes kept whole).
#include <catch2/catch.hpp>
#include <fstream>

#include "route53/aws_invocation.hpp"
#include "test_support.hpp"

namespace awsdns::route53::test {

TEST_CASE("Windows: the MSI's aws.exe is found and its folder leads PATH",
          "[route53][invocation][windows]") {
  awsdns::test::TempDir dir;
  const std::string program = dir.file("aws.exe");
  std::ofstream(program) << "MZ";
  AwsInvocationInputs inputs;
  inputs.uid = awsdns::test::caller_uid();
  inputs.cli_places = {dir.file("missing\\aws.exe"), program};
  const auto build = make_aws_invocation(inputs);
  REQUIRE_FALSE(build.problem);
  CHECK(build.invocation.program == program);
  CHECK(build.invocation.origin == CliOrigin::InstalledPlace);
  const std::string folder = dir.path().string();
  CHECK(build.invocation.environment.at("PATH").rfind(folder + ";", 0) == 0);
  CHECK(build.invocation.environment.at("AWS_CLI_AUTO_PROMPT") == "off");
}

TEST_CASE("Windows: a configured aws.exe that does not exist is not found",
          "[route53][invocation][windows]") {
  awsdns::test::TempDir dir;
  AwsInvocationInputs inputs;
  inputs.settings.cli = dir.file("nowhere\\aws.exe");
  const auto build = make_aws_invocation(inputs);
  REQUIRE(build.problem);
  CHECK(build.problem->error == ErrorClass::CliNotFound);
  CHECK(build.problem->message ==
        "AWS CLI not found: " + dir.file("nowhere\\aws.exe") + " (aws.cli)");
}

}  // namespace awsdns::route53::test
