// The AWS CLI's invocation: its fixed arguments, its environment (from scratch, the settings
// file, awsdns's pinned variables), and which caller variables aws.pass_env may name.
#include <catch2/catch.hpp>

#include "envfile/aws_environment.hpp"
#include "route53/aws_invocation.hpp"

namespace awsdns::route53::test {
namespace {

envfile::Settings settings_file(std::vector<envfile::Assignment> variables) {
  envfile::Settings settings;
  settings.variables = std::move(variables);
  return settings;
}

}  // namespace

TEST_CASE("fixed arguments: output, timeouts, region, profile, then extra_args",
          "[route53][invocation]") {
  AwsSettings settings;
  settings.connect_timeout = 7;
  settings.read_timeout = 9;
  CHECK(fixed_aws_args(settings) == std::vector<std::string>{"--output", "json",
                                                             "--cli-connect-timeout", "7",
                                                             "--cli-read-timeout", "9"});
  settings.region = "ap-northeast-1";
  settings.profile = "cluster";
  settings.extra_args = {"--endpoint-url", "https://route53.example"};
  AwsInvocation invocation;
  invocation.fixed_args = fixed_aws_args(settings);
  CHECK(invocation.args_for({"route53", "get-change", "--id", "C1"}) ==
        std::vector<std::string>{"route53", "get-change", "--id", "C1", "--output", "json",
                                 "--cli-connect-timeout", "7", "--cli-read-timeout", "9",
                                 "--region", "ap-northeast-1", "--profile", "cluster",
                                 "--endpoint-url", "https://route53.example"});
}

TEST_CASE("fixed arguments have no option that only AWS CLI v2 knows", "[route53][invocation]") {
  for (const auto& arg : fixed_aws_args(AwsSettings{})) {
    CHECK(arg != "--no-cli-pager");
    CHECK(arg != "--cli-binary-format");
    CHECK(arg != "--cli-error-format");
    CHECK(arg != "--cli-auto-prompt");
  }
}

TEST_CASE("pager, error shape and auto-prompt are pinned after the settings file",
          "[route53][invocation]") {
  AwsInvocationInputs inputs;
  inputs.caller = {{"AWS_PAGER", "less"}, {"AWS_CLI_AUTO_PROMPT", "on"}};
  inputs.settings_file = settings_file({{"AWS_CLI_AUTO_PROMPT", "on-partial", 1},
                                        {"AWS_CLI_ERROR_FORMAT", "json", 2},
                                        {"AWS_PAGER", "more", 3}});
  const auto env = aws_cli_environment(inputs, "").env;
  CHECK(env.at("AWS_PAGER").empty());
  CHECK(env.at("AWS_CLI_ERROR_FORMAT") == "legacy");
  CHECK(env.at("AWS_CLI_AUTO_PROMPT") == "off");
  CHECK(env.at("AWS_MAX_ATTEMPTS") == "1");
}

TEST_CASE("AWS_MAX_ATTEMPTS of the settings file is kept, the caller's is not",
          "[route53][invocation]") {
  AwsInvocationInputs inputs;
  inputs.caller = {{"AWS_MAX_ATTEMPTS", "9"}};
  CHECK(aws_cli_environment(inputs, "").env.at("AWS_MAX_ATTEMPTS") == "1");
  inputs.settings_file = settings_file({{"AWS_MAX_ATTEMPTS", "5", 1}});
  CHECK(aws_cli_environment(inputs, "").env.at("AWS_MAX_ATTEMPTS") == "5");
}

TEST_CASE("the environment is the same whatever the caller has, but pass_env names",
          "[route53][invocation]") {
  AwsInvocationInputs quiet;
  quiet.home = "/root";
  quiet.settings_file = settings_file({{"HTTPS_PROXY", "http://10.0.0.1:3128", 1}});
  AwsInvocationInputs polluted = quiet;
  polluted.caller = {{"AWS_PROFILE", "admin"},    {"https_proxy", "http://evil:1"},
                     {"PYTHONPATH", "/tmp/evil"}, {"LD_PRELOAD", "/tmp/evil.so"},
                     {"TZ", "Asia/Tokyo"},        {"PATH", "/tmp/evil:/usr/bin"}};
  CHECK(aws_cli_environment(quiet, "/usr/bin").env ==
        aws_cli_environment(polluted, "/usr/bin").env);
  polluted.settings.pass_env = {"TZ"};
  CHECK(aws_cli_environment(polluted, "/usr/bin").env.at("TZ") == "Asia/Tokyo");
}

TEST_CASE("pass_env refuses names that change which code runs or which proxy is used",
          "[route53][invocation]") {
  using envfile::pass_env_problem;
  CHECK(pass_env_problem("TZ").empty());
  CHECK(pass_env_problem("AWS_PROFILE").empty());
  CHECK(pass_env_problem("AWS_RETRY_MODE").empty());
  for (const char* name :
       {"LD_PRELOAD", "LD_LIBRARY_PATH", "ld_audit", "PYTHONPATH", "PYTHONHOME", "PythonStartup",
        "DYLD_INSERT_LIBRARIES", "GCONV_PATH", "BASH_ENV", "ENV", "AWS_DATA_PATH"}) {
    CAPTURE(name);
    CHECK_THAT(pass_env_problem(name), Catch::Contains("can change which code the AWS CLI runs"));
  }
  for (const char* name :
       {"HTTPS_PROXY", "https_proxy", "NO_PROXY", "ALL_PROXY", "REQUEST_METHOD"}) {
    CAPTURE(name);
    CHECK_THAT(pass_env_problem(name), Catch::Contains("put it in the settings file"));
  }
  for (const char* name : {"PATH", "HOME", "LANG", "LC_ALL", "AWS_PAGER", "AWS_CLI_AUTO_PROMPT",
                           "AWS_CLI_ERROR_FORMAT"}) {
    CAPTURE(name);
    CHECK_THAT(pass_env_problem(name), Catch::Contains("is set by awsdns itself"));
  }
}

}  // namespace awsdns::route53::test
