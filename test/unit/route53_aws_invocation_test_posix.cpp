// Where the AWS CLI is found and which one awsdns agrees to run (real files in a temporary
// folder): the configured path must exist and run; else the installed places in order, else
// PATH; the CLI and its folders only root or the caller may change.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "route53/aws_invocation.hpp"
#include "test_support.hpp"

namespace awsdns::route53::test {
namespace {

using awsdns::test::TempDir;

/// An executable shell script at `path`, mode 0755.
std::string make_program(const std::string& path) {
  std::ofstream(path) << "#!/bin/sh\nexit 0\n";
  ::chmod(path.c_str(), 0755);
  return path;
}

AwsInvocationInputs inputs_in(const TempDir& dir) {
  ::chmod(dir.path().c_str(), 0755);
  AwsInvocationInputs inputs;
  inputs.uid = ::getuid();
  inputs.cli_places = {dir.file("usr-bin-aws"), dir.file("usr-local-bin-aws")};
  inputs.caller = {{"PATH", dir.file("path1") + ":" + dir.file("path2")}};
  return inputs;
}

}  // namespace

TEST_CASE("the first installed place that holds a program wins, then PATH",
          "[route53][invocation][posix]") {
  TempDir dir;
  auto inputs = inputs_in(dir);
  auto build = make_aws_invocation(inputs);
  REQUIRE(build.problem);
  CHECK(build.problem->error == ErrorClass::CliNotFound);
  CHECK(build.problem->message == "AWS CLI not found (looked at " + dir.file("usr-bin-aws") + ", " +
                                      dir.file("usr-local-bin-aws") + ", then PATH)");
  CHECK(build.invocation.program.empty());
  CHECK(build.invocation.environment.count("AWS_PAGER"));  // built for check to show

  ::mkdir(dir.file("path2").c_str(), 0755);
  make_program(dir.file("path2") + "/aws");
  build = make_aws_invocation(inputs);
  REQUIRE_FALSE(build.problem);
  CHECK(build.invocation.program == dir.file("path2") + "/aws");
  CHECK(build.invocation.origin == CliOrigin::Path);

  make_program(dir.file("usr-local-bin-aws"));
  build = make_aws_invocation(inputs);
  CHECK(build.invocation.program == dir.file("usr-local-bin-aws"));
  CHECK(build.invocation.origin == CliOrigin::InstalledPlace);

  std::ofstream(dir.file("usr-bin-aws")) << "not executable\n";
  CHECK(make_aws_invocation(inputs).invocation.program == dir.file("usr-local-bin-aws"));
  ::chmod(dir.file("usr-bin-aws").c_str(), 0755);
  CHECK(make_aws_invocation(inputs).invocation.program == dir.file("usr-bin-aws"));
}

TEST_CASE("a configured AWS CLI must exist and run, with no fallback behind it",
          "[route53][invocation][posix]") {
  TempDir dir;
  auto inputs = inputs_in(dir);
  make_program(dir.file("usr-bin-aws"));
  inputs.cli_option = dir.file("nonexistent/aws");
  auto build = make_aws_invocation(inputs);
  REQUIRE(build.problem);
  CHECK(build.problem->error == ErrorClass::CliNotFound);
  CHECK(build.problem->message ==
        "AWS CLI not found: " + dir.file("nonexistent/aws") + " (--aws-cli)");

  inputs.cli_option.reset();
  inputs.settings.cli = dir.file("plain");
  std::ofstream(dir.file("plain")) << "data\n";
  build = make_aws_invocation(inputs);
  REQUIRE(build.problem);
  CHECK(build.problem->error == ErrorClass::CliNotUsable);
  CHECK_THAT(build.problem->message, Catch::Contains("(aws.cli) is not an executable file"));

  inputs.settings.cli = "aws-v1";  // a bare name: searched in the caller's PATH
  build = make_aws_invocation(inputs);
  REQUIRE(build.problem);
  CHECK(build.problem->message == "AWS CLI not found: aws-v1 (aws.cli, searched in PATH)");
  ::mkdir(dir.file("path1").c_str(), 0755);
  make_program(dir.file("path1") + "/aws-v1");
  build = make_aws_invocation(inputs);
  REQUIRE_FALSE(build.problem);
  CHECK(build.invocation.program == dir.file("path1") + "/aws-v1");
  CHECK(build.invocation.origin == CliOrigin::Config);
}

TEST_CASE("the CLI's own folder leads the PATH it gets", "[route53][invocation][posix]") {
  TempDir dir;
  auto inputs = inputs_in(dir);
  make_program(dir.file("usr-bin-aws"));
  const auto build = make_aws_invocation(inputs);
  REQUIRE_FALSE(build.problem);
  CHECK(build.invocation.environment.at("PATH").rfind(dir.path().string() + ":", 0) == 0);
}

TEST_CASE("an AWS CLI that others could change is refused with the fix",
          "[route53][invocation][posix]") {
  TempDir dir;
  auto inputs = inputs_in(dir);
  inputs.settings.cli = make_program(dir.file("aws"));
  REQUIRE_FALSE(make_aws_invocation(inputs).problem);

  ::chmod(dir.file("aws").c_str(), 0757);
  auto build = make_aws_invocation(inputs);
  REQUIRE(build.problem);
  CHECK(build.problem->error == ErrorClass::CliUntrusted);
  CHECK_THAT(build.problem->message,
             Catch::Contains("the AWS CLI " + dir.file("aws") +
                             " is writable by group or others (mode 0757); run: chmod go-w " +
                             dir.file("aws")));
  ::chmod(dir.file("aws").c_str(), 0755);

  ::chmod(dir.path().c_str(), 0777);
  build = make_aws_invocation(inputs);
  REQUIRE(build.problem);
  CHECK_THAT(build.problem->message, Catch::Contains("the AWS CLI's folder " + dir.path().string() +
                                                     " is writable by group or others"));
  ::chmod(dir.path().c_str(), 0755);

  if (::getuid() == 0) {  // only root can give a file away
    REQUIRE(::chown(dir.file("aws").c_str(), 65534, 65534) == 0);
    build = make_aws_invocation(inputs);
    REQUIRE(build.problem);
    CHECK_THAT(build.problem->message,
               Catch::Contains("is owned by uid 65534, neither root nor the caller"));
  }
}

TEST_CASE("a symbolic link to the AWS CLI is judged by the file and both folders",
          "[route53][invocation][posix]") {
  TempDir dir;
  auto inputs = inputs_in(dir);
  ::mkdir(dir.file("dist").c_str(), 0755);
  make_program(dir.file("dist") + "/aws");
  REQUIRE(::symlink((dir.file("dist") + "/aws").c_str(), dir.file("aws").c_str()) == 0);
  inputs.settings.cli = dir.file("aws");
  auto build = make_aws_invocation(inputs);
  REQUIRE_FALSE(build.problem);
  CHECK(build.invocation.program == dir.file("aws"));

  ::chmod(dir.file("dist").c_str(), 0777);  // the link's target may be swapped
  build = make_aws_invocation(inputs);
  REQUIRE(build.problem);
  CHECK_THAT(build.problem->message,
             Catch::Contains("the AWS CLI's folder " + dir.file("dist") + " is writable"));
}

}  // namespace awsdns::route53::test
