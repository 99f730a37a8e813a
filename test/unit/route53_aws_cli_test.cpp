// AWS CLI calls: argv, classification of real AWS CLI outcomes, retries, backoff, deadlines.
#include <catch2/catch.hpp>

#include "route53/aws_cli.hpp"
#include "route53/backoff.hpp"
#include "route53_fakes.hpp"

namespace awsdns::route53::test {
namespace {

using launcher::Outcome;

AwsCliContext make_cli_context(FakeRunner& runner, FakeTime& time,
                               std::vector<std::string>* log = nullptr) {
  return make_context(runner, time, log).aws;
}

const std::vector<std::string> kList = {"route53", "list-resource-record-sets"};

}  // namespace

TEST_CASE("a call runs the invocation unchanged, bounded by call_timeout", "[route53][aws]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script("get-change", captured("get_change_insync"));
  auto context = make_cli_context(runner, time);
  const auto result = call_aws(context, {"route53", "get-change", "--id", "C1"}, time.now() + 1h);
  REQUIRE(result.ok());
  CHECK(result.attempts == 1);
  REQUIRE(runner.commands.size() == 1);
  const auto& command = runner.commands[0];
  CHECK(command.executable == "/usr/bin/aws");
  CHECK(command.timeout == 30s);
  CHECK(command.environment == context.invocation.environment);
  CHECK(command.args == context.invocation.args_for({"route53", "get-change", "--id", "C1"}));
  CHECK(command.stdout_mode == launcher::StreamMode::Capture);
  CHECK(result.output.at("ChangeInfo").at("Status").as_string() == "INSYNC");
}

TEST_CASE("the last call is shortened to the deadline, less the runner's overrun",
          "[route53][aws]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script("get-change", captured("get_change_insync"));
  auto context = make_cli_context(runner, time);
  REQUIRE(call_aws(context, {"route53", "get-change", "--id", "C1"}, time.now() + 12s).ok());
  CHECK(runner.commands[0].timeout == 12s - context.run_overrun);
  CHECK(context.run_overrun == launcher::run_overrun(kAwsCliKillGrace));
}

TEST_CASE("a run cut by the deadline ends the call, flagged, killed before the deadline",
          "[route53][aws][deadline]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  runner.script("list-resource-record-sets", ended(Outcome::TimedOut));
  auto context = make_cli_context(runner, time);  // call_timeout 30 s, 4 attempts
  const auto deadline = time.now() + 10s;
  const auto result = call_aws(context, kList, deadline);
  CHECK(result.error == ErrorClass::CallTimeout);
  CHECK(result.deadline_reached);
  CHECK(result.attempts == 1);
  REQUIRE(runner.commands.size() == 1);
  CHECK(runner.commands[0].timeout == 10s - context.run_overrun);
  CHECK(time.now() + context.run_overrun <= deadline);
  CHECK_THAT(result.message, Catch::Contains("stopped at the command's deadline"));
}

TEST_CASE("a call_timeout expiry before the deadline is retried, not a deadline",
          "[route53][aws][deadline]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script("list-resource-record-sets", ended(Outcome::TimedOut));
  runner.script("list-resource-record-sets", captured("list_found"));
  auto context = make_cli_context(runner, time);
  const auto result = call_aws(context, kList, time.now() + 1h);
  CHECK(result.ok());
  CHECK_FALSE(result.deadline_reached);
  CHECK(result.attempts == 2);
}

TEST_CASE("no run starts with less than kMinRunTime before the deadline",
          "[route53][aws][deadline]") {
  FakeTime time;
  FakeRunner runner(time);
  auto context = make_cli_context(runner, time);
  const auto result =
      call_aws(context, kList, time.now() + kMinRunTime + context.run_overrun - 1ms);
  CHECK(result.attempts == 0);
  CHECK(result.deadline_reached);
  CHECK(runner.commands.empty());
  CHECK(result.exit_code == ExitCode::AwsUnreachable);
}

TEST_CASE("classification of other outcomes", "[route53][aws]") {
  CHECK(classify_run(ended(Outcome::TimedOut)).error == ErrorClass::CallTimeout);
  CHECK(is_transient(ErrorClass::CallTimeout));
  CHECK(classify_run(ended(Outcome::Interrupted, 15)).error == ErrorClass::Interrupted);
  const auto missing =
      ended(Outcome::StartFailed, 0, std::make_error_code(std::errc::no_such_file_or_directory));
  CHECK(classify_run(missing).error == ErrorClass::CliNotFound);
  CHECK(info_of(ErrorClass::CliNotFound).exit_code == ExitCode::NotFound);
  const auto denied =
      ended(Outcome::StartFailed, 0, std::make_error_code(std::errc::permission_denied));
  CHECK(classify_run(denied).error == ErrorClass::CliNotUsable);
  CHECK(classify_run(ended(Outcome::Signaled, 9)).error == ErrorClass::Unexpected);
  CHECK(classify_run(exited(1, "", "boom")).error == ErrorClass::Unexpected);
  CHECK(classify_run(exited(255, "", "something new\n")).error == ErrorClass::Unexpected);
  CHECK(classify_run(exited(1, "", "Traceback (most recent call last):\n  File x\n")).error ==
        ErrorClass::CliNotUsable);
  CHECK(
      classify_run(exited(127, "", "/usr/bin/env: 'python3': No such file or directory\n")).error ==
      ErrorClass::CliNotUsable);
  CHECK(classify_run(
            exited(254, "", "\nAn error occurred (500) when calling the GetChange operation: x"))
            .error == ErrorClass::ServiceUnavailable);
  CHECK(class_of_error_code("503") == ErrorClass::ServiceUnavailable);
  CHECK(class_of_error_code("RequestExpired") == ErrorClass::AccessDenied);
  CHECK(class_of_error_code("InvalidInput") == ErrorClass::Rejected);
  CHECK(aws_error_code("x\nAn error occurred (Throttling) when calling") == "Throttling");
  CHECK(aws_error_code("Could not connect to the endpoint URL") == "");
}

TEST_CASE("throttled twice, then success: three runs with growing jittered pauses",
          "[route53][aws]") {
  FakeTime time;
  FakeRunner runner(time);
  std::vector<std::string> log;
  runner.script("list-resource-record-sets", captured_failure("v2", "throttling"));
  runner.script("list-resource-record-sets", captured_failure("v2", "throttling"));
  runner.script("list-resource-record-sets", captured("list_found"));
  auto context = make_cli_context(runner, time, &log);
  const auto result = call_aws(context, kList, time.now() + 1h);
  REQUIRE(result.ok());
  CHECK(result.attempts == 3);
  // full jitter with random()=0.5: half of 1 s, then half of 2 s
  CHECK(time.sleeps == std::vector<std::chrono::milliseconds>{500ms, 1000ms});
  REQUIRE(log.size() >= 2);
}

TEST_CASE("a rejected request is not retried and carries the AWS message", "[route53][aws]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script("change-resource-record-sets", captured_failure("v2", "invalid_change_batch"));
  auto context = make_cli_context(runner, time);
  const auto result =
      call_aws(context, {"route53", "change-resource-record-sets"}, time.now() + 1h);
  CHECK(result.error == ErrorClass::Rejected);
  CHECK(result.attempts == 1);
  CHECK(result.exit_code == ExitCode::Failed);
  CHECK(result.error_code == "InvalidChangeBatch");
  CHECK_THAT(result.message, Catch::Contains("but it was not found"));
  CHECK(time.sleeps.empty());
}

TEST_CASE("retries stop after `attempts` runs: AwsUnreachable", "[route53][aws]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  runner.script("list-resource-record-sets", captured_failure("v2", "proxy_refused"));
  auto context = make_cli_context(runner, time);
  const auto result = call_aws(context, kList, time.now() + 1h);
  CHECK(result.error == ErrorClass::ProxyUnreachable);
  CHECK(result.attempts == 4);
  CHECK(runner.commands.size() == 4);
  CHECK(time.sleeps.size() == 3);
  CHECK(result.exit_code == ExitCode::AwsUnreachable);
  CHECK_THAT(result.message, Catch::Contains("after 4 attempts"));
}

TEST_CASE("retries stop at the deadline, and never sleep past it", "[route53][aws]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  runner.cost = 30s;  // each run times out after call_timeout
  runner.script("list-resource-record-sets", ended(Outcome::TimedOut));
  auto context = make_cli_context(runner, time);
  context.random = [] { return 1.0; };
  const auto start = time.now();
  const auto deadline = start + 62s;
  const auto result = call_aws(context, kList, deadline);
  CHECK(result.error == ErrorClass::CallTimeout);
  // run 30 s, pause 1 s, run 30 s (now 61 s), a 2 s pause would pass the deadline: stop
  CHECK(result.attempts == 2);
  CHECK(time.now() <= deadline);
  CHECK(result.deadline_reached);
  CHECK_THAT(result.message, Catch::Contains("deadline"));
}

TEST_CASE("no time left: no run at all", "[route53][aws]") {
  FakeTime time;
  FakeRunner runner(time);
  auto context = make_cli_context(runner, time);
  const auto result = call_aws(context, kList, time.now());
  CHECK(result.error == ErrorClass::CallTimeout);
  CHECK(result.attempts == 0);
  CHECK(runner.commands.empty());
}

TEST_CASE("an interrupted backoff pause ends the call with 128+signal", "[route53][aws]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script("list-resource-record-sets", captured_failure("v2", "throttling"));
  time.interrupt_at_sleep = 1;
  auto context = make_cli_context(runner, time);
  const auto result = call_aws(context, kList, time.now() + 1h);
  CHECK(result.error == ErrorClass::Interrupted);
  CHECK(to_int(result.exit_code) == 143);
  CHECK(runner.commands.size() == 1);
}

TEST_CASE("an interrupted run is not retried", "[route53][aws]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script("list-resource-record-sets", ended(Outcome::Interrupted, 2));
  auto context = make_cli_context(runner, time);
  const auto result = call_aws(context, kList, time.now() + 1h);
  CHECK(to_int(result.exit_code) == 130);
  CHECK(result.attempts == 1);
}

TEST_CASE("permanent errors of both CLIs are not retried", "[route53][aws]") {
  const std::pair<launcher::RunResult, ExitCode> rows[] = {
      {captured_failure("v2", "no_credentials"), ExitCode::AwsCredentials},
      {captured_failure("v2", "access_denied"), ExitCode::AwsCredentials},
      {captured_failure("v2", "unknown_option"), ExitCode::Config},
      {ended(Outcome::StartFailed, 0, std::make_error_code(std::errc::no_such_file_or_directory)),
       ExitCode::NotFound},
      {exited(0, "this is not json"), ExitCode::Failed},
      {captured_failure("v1", "unknown_option"), ExitCode::Config},
      {captured_failure("v2", "profile_not_found"), ExitCode::Config},
      {captured_failure("v1", "profile_not_found"), ExitCode::Config},
      {captured_failure("v2", "tls_untrusted"), ExitCode::Config},
      {captured_failure("v2", "proxy_auth_required"), ExitCode::AwsCredentials},
  };
  for (const auto& [run, code] : rows) {
    FakeTime time;
    FakeRunner runner(time);
    runner.script("list-resource-record-sets", run);
    auto context = make_cli_context(runner, time);
    const auto result = call_aws(context, kList, time.now() + 1h);
    CHECK(result.exit_code == code);
    CHECK(result.attempts == 1);
  }
}

TEST_CASE("secrets of the child environment never reach messages", "[route53][aws]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(
      "list-resource-record-sets",
      exited(255, "", "\nFailed to connect to proxy URL: \"http://user:pa55@127.0.0.1:3128\"\n"));
  auto context = make_cli_context(runner, time);
  context.settings.attempts = 1;
  context.invocation.environment["HTTPS_PROXY"] = "http://user:pa55@127.0.0.1:3128";
  const auto result = call_aws(context, kList, time.now() + 1h);
  CHECK_THAT(result.message, !Catch::Contains("pa55"));
  CHECK_THAT(result.message, Catch::Contains("127.0.0.1:3128"));
}

TEST_CASE("full jitter stays within [0, min(cap, base*2^(n-1))]", "[route53][backoff]") {
  const RandomSource top = [] { return 1.0; };
  CHECK(full_jitter_delay(1, 1s, 20s, top) == 1s);
  CHECK(full_jitter_delay(2, 1s, 20s, top) == 2s);
  CHECK(full_jitter_delay(5, 1s, 20s, top) == 16s);
  CHECK(full_jitter_delay(6, 1s, 20s, top) == 20s);
  CHECK(full_jitter_delay(60, 1s, 20s, top) == 20s);
  CHECK(full_jitter_delay(3, 1s, 20s, [] { return 0.0; }) == 0s);
  const auto random = make_random_source();
  for (int i = 0; i < 100; ++i) {
    const auto delay = full_jitter_delay(3, 1s, 20s, random);
    CHECK(delay >= 0ms);
    CHECK(delay <= 4s);
  }
}

}  // namespace awsdns::route53::test
