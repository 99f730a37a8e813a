// A run that failed with "Failed to connect to proxy URL" (the same words for a proxy that is down,
// one that answers 407 and one that answers 403) is looked at again with the proxy's own answer,
// through the diagnosis injected in AwsCliContext (a fake here; the probe itself is
// route53_proxy_probe_test.cpp): refusals become permanent, never retried, and monitor fails on
// them whatever on_cli_failure says.
#include <catch2/catch.hpp>

#include "route53/aws_cli.hpp"
#include "route53/monitor.hpp"
#include "route53/proxy_probe.hpp"
#include "route53_fakes.hpp"

namespace awsdns::route53::test {
namespace {

const std::vector<std::string> kList = {"route53", "list-resource-record-sets"};

ProxyProbe answered(ProxyVerdict verdict, const std::string& answer) {
  ProxyProbe probe;
  probe.verdict = verdict;
  probe.proxy = "127.0.0.1:3128";
  probe.target = "route53.amazonaws.com:443";
  probe.answer = answer;
  return probe;
}

ProxyProbe unreachable() {
  ProxyProbe probe = answered(ProxyVerdict::NoConnection, "");
  probe.problem = "Connection refused";
  return probe;
}

// A fake diagnosis answering `probe`, counting its calls and recording each timeout.
struct FakeDiagnosis {
  ProxyProbe probe;
  std::vector<std::chrono::milliseconds> timeouts;
  ProxyDiagnosis function() {
    return [this](const AwsCliContext&, std::chrono::milliseconds timeout) {
      timeouts.push_back(timeout);
      return probe;
    };
  }
};

// A context whose every run fails with "Failed to connect to proxy URL" (captured from `cli`).
ActionContext proxy_failing(FakeRunner& runner, FakeTime& time, FakeDiagnosis& diagnosis,
                            const std::string& cli = "v2") {
  runner.repeat_last = true;
  runner.script("list-resource-record-sets", captured_failure(cli, "proxy_refused"));
  auto context = make_context(runner, time);
  context.aws.invocation.environment["HTTPS_PROXY"] = "http://tester:s3cret-pw@127.0.0.1:3128";
  context.aws.diagnose_proxy = diagnosis.function();
  return context;
}

}  // namespace

TEST_CASE("407 from the proxy: proxy-auth after one run, exit 77, what the proxy said",
          "[route53][aws][proxy]") {
  for (const char* cli : {"v1", "v2"}) {
    FakeTime time;
    FakeRunner runner(time);
    FakeDiagnosis diagnosis{
        answered(ProxyVerdict::AuthRequired, "407 Proxy Authentication Required"), {}};
    const auto context = proxy_failing(runner, time, diagnosis, cli);
    const auto result = call_aws(context.aws, kList, time.now() + 1h);
    CHECK(result.error == ErrorClass::ProxyAuth);
    CHECK(result.attempts == 1);
    CHECK(time.sleeps.empty());
    CHECK(result.exit_code == ExitCode::AwsCredentials);
    CHECK_THAT(result.message,
               Catch::Contains("the proxy 127.0.0.1:3128 answered CONNECT "
                               "route53.amazonaws.com:443 with \"407 Proxy Authentication "
                               "Required\""));
    CHECK_THAT(result.message, Catch::EndsWith("[proxy-auth, permanent]"));
    CHECK_THAT(result.message, !Catch::Contains("s3cret-pw"));
  }
}

TEST_CASE("403 from the proxy: proxy-denied, not retried", "[route53][aws][proxy]") {
  FakeTime time;
  FakeRunner runner(time);
  FakeDiagnosis diagnosis{answered(ProxyVerdict::Refused, "403 Forbidden"), {}};
  const auto context = proxy_failing(runner, time, diagnosis);
  const auto result = call_aws(context.aws, kList, time.now() + 1h);
  CHECK(result.error == ErrorClass::ProxyDenied);
  CHECK(result.attempts == 1);
  CHECK(result.exit_code == ExitCode::AwsCredentials);
  CHECK_THAT(result.message, Catch::Contains("with \"403 Forbidden\""));
}

TEST_CASE("a proxy that is down stays proxy-unreachable and is retried", "[route53][aws][proxy]") {
  FakeTime time;
  FakeRunner runner(time);
  FakeDiagnosis diagnosis{unreachable(), {}};
  const auto context = proxy_failing(runner, time, diagnosis);
  const auto result = call_aws(context.aws, kList, time.now() + 1h);
  CHECK(result.error == ErrorClass::ProxyUnreachable);
  CHECK(result.attempts == 4);
  CHECK(diagnosis.timeouts.size() == 4);  // asked after every such run
  CHECK(result.exit_code == ExitCode::AwsUnreachable);
  CHECK_THAT(result.message, Catch::Contains("the proxy 127.0.0.1:3128: Connection refused"));
}

TEST_CASE("502/503/504 from the proxy: no answer from the endpoint, retried",
          "[route53][aws][proxy]") {
  FakeTime time;
  FakeRunner runner(time);
  FakeDiagnosis diagnosis{answered(ProxyVerdict::EndpointUnreachable, "503 Service Unavailable"),
                          {}};
  const auto context = proxy_failing(runner, time, diagnosis);
  const auto result = call_aws(context.aws, kList, time.now() + 1h);
  CHECK(result.error == ErrorClass::NoAnswer);
  CHECK(result.attempts == 4);
}

TEST_CASE("the probe is bounded by connect_timeout and by the deadline", "[route53][aws][proxy]") {
  FakeTime time;
  FakeRunner runner(time);
  FakeDiagnosis diagnosis{unreachable(), {}};
  auto context = proxy_failing(runner, time, diagnosis);
  context.aws.settings.connect_timeout = 10;
  context.aws.settings.attempts = 1;
  call_aws(context.aws, kList, time.now() + 1h);
  REQUIRE(diagnosis.timeouts.size() == 1);
  CHECK(diagnosis.timeouts[0] == 10s);
  diagnosis.timeouts.clear();
  call_aws(context.aws, kList, time.now() + 4s);  // the run costs 0.5 s: 3.5 s are left
  REQUIRE(diagnosis.timeouts.size() == 1);
  CHECK(diagnosis.timeouts[0] == 3500ms);
}

TEST_CASE("no diagnosis, or another class: the proxy is not asked", "[route53][aws][proxy]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script("list-resource-record-sets", captured_failure("v2", "proxy_refused"));
  auto context = make_context(runner, time);
  context.aws.settings.attempts = 1;
  CHECK(call_aws(context.aws, kList, time.now() + 1h).error == ErrorClass::ProxyUnreachable);
  FakeDiagnosis diagnosis{answered(ProxyVerdict::AuthRequired, "407 x"), {}};
  context.aws.diagnose_proxy = diagnosis.function();
  runner.script("list-resource-record-sets", captured_failure("v2", "endpoint_refused"));
  CHECK(call_aws(context.aws, kList, time.now() + 1h).error == ErrorClass::NoAnswer);
  CHECK(diagnosis.timeouts.empty());
}

TEST_CASE("monitor fails on proxy-auth and proxy-denied even with on_cli_failure ignore",
          "[route53][monitor][proxy]") {
  const std::pair<ProxyProbe, std::string> rows[] = {
      {answered(ProxyVerdict::AuthRequired, "407 Proxy Authentication Required"), "proxy-auth"},
      {answered(ProxyVerdict::Refused, "403 Forbidden"), "proxy-denied"},
  };
  for (const auto& [probe, name] : rows) {
    for (const auto reaction :
         {CliFailureReaction::Ignore, CliFailureReaction::Warn, CliFailureReaction::Recover}) {
      FakeTime time;
      FakeRunner runner(time);
      FakeDiagnosis diagnosis{probe, {}};
      auto context = proxy_failing(runner, time, diagnosis);
      context.resource.monitor.on_cli_failure = reaction;
      const auto report = monitor(context);
      CHECK(report.exit_code == ExitCode::AwsCredentials);
      CHECK(report.error_class == name);
      CHECK(runner.commands.size() == 1);
    }
  }
  // The same run with a proxy that is down: transient, on_cli_failure ignore exits 0.
  FakeTime time;
  FakeRunner runner(time);
  FakeDiagnosis diagnosis{unreachable(), {}};
  auto context = proxy_failing(runner, time, diagnosis);
  context.resource.monitor.on_cli_failure = CliFailureReaction::Ignore;
  CHECK(monitor(context).exit_code == ExitCode::Ok);
}

TEST_CASE("reclassification keeps the CLI's words and never gains the password",
          "[route53][proxy]") {
  const Classification cli{ErrorClass::ProxyUnreachable, "",
                           "Failed to connect to proxy URL: \"http://***:***@127.0.0.1:3128\""};
  const auto auth =
      reclassify_proxy_failure(cli, answered(ProxyVerdict::AuthRequired, "407 Proxy Auth"));
  CHECK(auth.error == ErrorClass::ProxyAuth);
  CHECK(auth.error_code == "407");
  CHECK_THAT(auth.message, Catch::EndsWith("(the AWS CLI said: " + cli.message + ")"));
  const auto accepted =
      reclassify_proxy_failure(cli, answered(ProxyVerdict::TunnelAccepted, "200 OK"));
  CHECK(accepted.error == ErrorClass::ProxyUnreachable);
  CHECK_THAT(accepted.message, Catch::StartsWith(cli.message));
  ProxyProbe direct;
  CHECK(reclassify_proxy_failure(cli, direct).message == cli.message);
}

}  // namespace awsdns::route53::test
