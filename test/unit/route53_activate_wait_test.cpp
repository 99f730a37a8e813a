// activate's INSYNC wait with the fake runner in virtual time: the read-back and ONE run of the
// AWS CLI's own waiter start together and overlap; the read-back's verdict stands; a transient
// waiter failure brings another run after a backoff, a permanent one fails; wait_timeout and
// --deadline end the wait; a signal interrupts it.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "route53/actions.hpp"
#include "route53/aws_invocation.hpp"
#include "route53/waiter.hpp"
#include "route53_fakes.hpp"
#include "util/fs_path.hpp"

namespace awsdns::route53::test {
namespace {

using launcher::Outcome;

const std::string kChange = "change-resource-record-sets";
const std::string kWait = "wait";
const std::string kList = "list-resource-record-sets";

/// The UPSERT accepted (PENDING), then the waiter's run and the read-back as given.
void script_activate(FakeRunner& runner, launcher::RunResult waiter,
                     launcher::RunResult read_back) {
  runner.script(kChange, pending());
  runner.script(kWait, std::move(waiter));
  runner.script(kList, std::move(read_back));
}

/// A waiter run that saw INSYNC `after` its start (it prints nothing and exits 0).
launcher::RunResult saw_insync(std::chrono::milliseconds after) {
  auto result = exited(0);
  result.elapsed = after;
  return result;
}
/// A waiter run that failed as the real AWS CLI v2 did (test/data/aws_stderr), `after` its start.
launcher::RunResult waiter_failed(const std::string& name, std::chrono::milliseconds after) {
  auto result = captured_failure("v2", name);
  result.elapsed = after;
  return result;
}
/// A waiter run that would go on far longer than any wait (it is killed at its time limit).
launcher::RunResult never_insync() {
  return saw_insync(std::chrono::hours(1));
}

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The index in runner.commands of the first run of `operation`.
std::size_t first_run_of(const FakeRunner& runner, const std::string& operation) {
  for (std::size_t i = 0; i < runner.commands.size(); ++i) {
    if (runner.commands[i].args.size() > 1 && runner.commands[i].args[1] == operation) return i;
  }
  FAIL("no run of " << operation);
  return 0;
}

}  // namespace

TEST_CASE("activate: INSYNC after T costs exactly 3 AWS CLI runs, read-back beside the waiter",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);  // every run without a scripted length: 0.5 s
  script_activate(runner, saw_insync(6s), ours());
  const auto start = time.now();
  const auto report = activate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(report.status == "INSYNC");
  CHECK(report.attempts == 3);
  CHECK(runner.commands.size() == 3);
  CHECK(runner.count("get-change") == 0);  // no poll of awsdns's own
  // The waiter started when the UPSERT returned, and the read-back at the same moment: the
  // read-back's 0.5 s did not delay the wait.
  REQUIRE(runner.starts.size() == 1);
  CHECK(runner.starts[0].at == start + 500ms);
  CHECK(runner.commands[1].args[1] == kWait);
  CHECK(runner.commands[2].args[1] == kList);
  CHECK(report.accepted == 500ms);
  CHECK(report.insync == 6500ms);
  CHECK(report.elapsed == 6500ms);
  CHECK(runner.going() == 0);
  CHECK_THAT(report.message, Catch::Contains("accepted after 500 ms, INSYNC after 6.5 s"));
}

TEST_CASE("activate: the waiter's run: its argv, its definition, its environment, its limit",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);
  script_activate(runner, saw_insync(3s), ours());
  auto context = make_context(runner, time);
  context.resource.wait_timeout = 120;
  context.resource.poll_interval = 5;
  CHECK(activate(context).exit_code == ExitCode::Ok);
  const auto& waiter = runner.commands.at(first_run_of(runner, kWait));
  CHECK(waiter.executable == "/usr/bin/aws");
  const std::vector<std::string> operation = {"route53", "wait", "resource-record-sets-changed",
                                              "--id", "C1"};
  CHECK(std::vector<std::string>(waiter.args.begin(), waiter.args.begin() + 5) == operation);
  CHECK(std::vector<std::string>(waiter.args.begin() + 5, waiter.args.end()) ==
        context.aws.invocation.fixed_args);
  CHECK(waiter.timeout == 120s);  // wait_timeout after the UPSERT was accepted: now
  // The invocation's environment and the waiter's additions, nothing else.
  auto expected = context.aws.invocation.environment;
  const std::string data_path = waiter.environment.at("AWS_DATA_PATH");
  expected["AWS_DATA_PATH"] = data_path;
  expected["AWS_RETRY_MODE"] = "standard";
  expected["AWS_MAX_ATTEMPTS"] = std::to_string(kWaiterClientAttempts);
  CHECK(waiter.environment == expected);
  const auto file = util::fs_path(data_path) / "route53" / "2013-04-01" / "waiters-2.json";
  CHECK(file_text(file) == waiter_definition(context.resource));
  CHECK_THAT(file_text(file), Catch::Contains("\"delay\":5,\"maxAttempts\":24"));
  CHECK(std::filesystem::path(data_path).parent_path().parent_path() ==
        std::filesystem::path(context.lock_dir));
  // Every other run uses the invocation unchanged.
  for (const auto& command : runner.commands) {
    if (command.args[1] != kWait) CHECK(command.environment == context.aws.invocation.environment);
  }
}

TEST_CASE("activate: INSYNC seen before the read-back ended: success only after the read-back",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.cost = 1500ms;  // the UPSERT and the read-back
  script_activate(runner, saw_insync(200ms), ours());
  const auto report = activate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(report.insync == 1700ms);  // when the waiter saw it, not when awsdns looked
  CHECK(report.elapsed == 3s);     // the read-back's verdict came last
}

TEST_CASE("activate: the read-back's verdict stands over the waiter's INSYNC",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.cost = 1500ms;
  script_activate(runner, saw_insync(200ms), theirs());
  const auto report = activate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Failed);
  CHECK_THAT(report.message, Catch::Contains("10.0.120.100 instead of 10.0.110.100"));
}

TEST_CASE("activate: another value or none on read-back fails, and the waiter is stopped",
          "[route53][activate][wait]") {
  for (const bool other : {true, false}) {
    FakeTime time;
    FakeRunner runner(time);
    script_activate(runner, never_insync(), other ? theirs() : captured("list_empty"));
    const auto start = time.now();
    const auto report = activate(make_context(runner, time));
    CHECK(report.exit_code == ExitCode::Failed);
    CHECK(report.status == "PENDING");
    CHECK_THAT(report.message, Catch::Contains("change C1 PENDING, but"));
    REQUIRE(runner.stopped.size() == 1);
    CHECK(runner.stopped[0].id == runner.starts.at(0).id);
    CHECK(runner.stopped[0].at == start + 1s);  // right after the read-back
    CHECK(runner.going() == 0);
    CHECK(report.elapsed == 1s);
  }
}

TEST_CASE("activate: a read-back failing on every attempt fails activate and stops the waiter",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  script_activate(runner, never_insync(), captured_failure("v2", "connect_timeout"));
  const auto report = activate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::AwsUnreachable);
  CHECK(runner.count(kList) == 4);
  CHECK(runner.count(kWait) == 1);
  CHECK(runner.stopped.size() == 1);
  CHECK(runner.going() == 0);
  CHECK_THAT(report.message, Catch::Contains("could not be read back"));
}

TEST_CASE("activate: a transient read-back failure is retried while the waiter goes on",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);
  script_activate(runner, saw_insync(10s), captured_failure("v2", "throttling"));
  runner.script(kList, ours());
  const auto report = activate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(runner.count(kList) == 2);
  CHECK(runner.count(kWait) == 1);
  CHECK(report.attempts == 4);
  CHECK(report.elapsed == 10500ms);  // the waiter's 10 s from the UPSERT's return
}

TEST_CASE("activate: a transient waiter failure starts another waiter run after a backoff",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);
  std::vector<std::string> log;
  runner.script(kChange, pending());
  runner.script(kWait, waiter_failed("connection_closed", 3s));
  runner.script(kWait, saw_insync(4s));
  runner.script(kList, ours());
  const auto start = time.now();
  const auto report = activate(make_context(runner, time, &log));
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(runner.count(kWait) == 2);
  CHECK(report.attempts == 4);
  REQUIRE(runner.starts.size() == 2);
  // The first run ended 3.5 s after the start; the pause before retry 1 is up to 1 s (0.5 here).
  CHECK(runner.starts[1].at == start + 4s);
  CHECK(runner.commands.back().timeout == 60s - 3500ms);  // still wait_timeout after acceptance
  CHECK(report.insync == 8s);
  bool warned = false;
  for (const auto& line : log)
    warned |= line.starts_with("W: ") && line.find("no-answer, transient") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("activate: transient waiter failures until wait_timeout: not in sync, the last said",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  runner.script(kChange, pending());
  runner.script(kList, ours());
  runner.script(kWait, waiter_failed("endpoint_refused", 500ms));
  auto context = make_context(runner, time);
  context.resource.wait_timeout = 30;
  const auto start = time.now();
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::NotInSync);
  CHECK(runner.count(kWait) >= 3);
  CHECK(time.now() - start <= 500ms + 30s);
  CHECK_THAT(report.message, Catch::Contains("wait_timeout"));
  CHECK_THAT(report.message, Catch::Contains("last waiter run: Could not connect"));
}

TEST_CASE("activate: a permanent waiter failure fails activate, without another run",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);
  script_activate(runner, waiter_failed("waiter_access_denied", 2s), ours());
  const auto report = activate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::AwsCredentials);
  CHECK(report.error_class == "access-denied");
  CHECK(runner.count(kWait) == 1);
  CHECK_THAT(report.message, Catch::Contains("accepted, but waiting for it failed"));
  CHECK_THAT(report.message, Catch::Contains("AccessDenied"));
  CHECK_THAT(report.message, Catch::Contains("[access-denied, permanent]"));
}

TEST_CASE("activate: a waiter that made its polls ends the wait: not in sync (wait_timeout)",
          "[route53][activate][wait]") {
  for (const char* name : {"waiter_max_attempts", "waiter_max_attempts_throttled"}) {
    FakeTime time;
    FakeRunner runner(time);
    script_activate(runner, waiter_failed(name, 59s), ours());
    const auto report = activate(make_context(runner, time));
    INFO(name);
    CHECK(report.exit_code == ExitCode::NotInSync);
    CHECK(report.error_class.empty());
    CHECK(runner.count(kWait) == 1);
    CHECK_THAT(report.message, Catch::Contains("still PENDING after 60 s (wait_timeout)"));
    CHECK_THAT(report.message, Catch::Contains("30 polls"));
  }
}

TEST_CASE("activate: a waiter still going at wait_timeout is killed then: not in sync",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);
  script_activate(runner, never_insync(), ours());
  const auto start = time.now();
  const auto report = activate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::NotInSync);
  CHECK(runner.count(kWait) == 1);
  CHECK(time.now() - start == 500ms + 60s);
  CHECK_THAT(report.message, Catch::Contains("(wait_timeout)"));
}

TEST_CASE("activate: --deadline kills the waiter and ends the wait before it",
          "[route53][activate][wait][deadline]") {
  FakeTime time;
  FakeRunner runner(time);
  script_activate(runner, never_insync(), ours());
  auto context = make_context(runner, time);
  context.deadline = time.now() + 20s;
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::Timeout);
  CHECK(report.status == "PENDING");
  const auto& waiter = runner.commands.at(first_run_of(runner, kWait));
  CHECK(waiter.timeout == 20s - 500ms - kReportMargin - context.aws.run_overrun);
  CHECK(time.now() + context.aws.run_overrun + kReportMargin <= *context.deadline);
  CHECK_THAT(report.message, Catch::Contains("still PENDING at the --deadline"));
}

TEST_CASE("activate: --deadline cuts a hanging read-back: Timeout, the waiter stopped",
          "[route53][activate][wait][deadline]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  runner.script(kChange, pending());
  runner.script(kList, ended(Outcome::TimedOut));
  runner.script(kWait, never_insync());
  auto context = make_context(runner, time);
  context.deadline = time.now() + 10s;
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::Timeout);
  CHECK(runner.stopped.size() == 1);
  CHECK(time.now() + context.aws.run_overrun + kReportMargin <= *context.deadline);
  CHECK_THAT(report.message, Catch::Contains("could not be read back"));
}

TEST_CASE("activate: SIGTERM during the wait ends the waiter run: 128+15",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);
  script_activate(runner, never_insync(), ours());
  time.signal_at = time.now() + 5s;
  const auto report = activate(make_context(runner, time));
  CHECK(to_int(report.exit_code) == 143);
  CHECK(runner.count(kWait) == 1);
  CHECK(report.elapsed == 5s);
  CHECK_THAT(report.message, Catch::Contains("interrupted while waiting for change C1"));
}

TEST_CASE("activate: the status line hears the wait's length each second, then INSYNC",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);
  script_activate(runner, saw_insync(3200ms), ours());
  auto context = make_context(runner, time);
  std::vector<std::string> shown;
  context.progress = [&](const std::string& id, const std::string& status,
                         std::chrono::milliseconds waited) {
    shown.push_back(id + " " + status + " " + std::to_string(waited.count()));
  };
  CHECK(activate(context).exit_code == ExitCode::Ok);
  // The read-back took the first 0.5 s; then a look every second until the waiter's end.
  CHECK(shown == std::vector<std::string>{"C1 PENDING 1500", "C1 PENDING 2500", "C1 INSYNC 3200"});
}

TEST_CASE("activate: no waiter run fits (wait_timeout 0): verified, then not in sync",
          "[route53][activate][wait]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kChange, pending());
  runner.script(kList, ours());
  auto context = make_context(runner, time);
  context.resource.wait_timeout = 0;
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::NotInSync);
  CHECK(runner.count(kWait) == 0);
  CHECK(runner.count(kList) == 1);
  CHECK_THAT(report.message, Catch::Contains("after 0 s (wait_timeout)"));
}

TEST_CASE("an uncontended activate at its worst case ends within its budget", "[route53][budget]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  auto context = make_context(runner, time);
  context.aws.random = [] { return 1.0; };  // every pause at its maximum
  for (const int wait_timeout : {60, 300}) {
    context.resource.wait_timeout = wait_timeout;
    runner.scripts.clear();
    // UPSERT: 3 time-outs, then accepted; read-back: 3 time-outs, then our record; INSYNC never.
    for (int i = 0; i < 3; ++i) runner.script(kChange, ended(Outcome::TimedOut));
    runner.script(kChange, pending());
    for (int i = 0; i < 3; ++i) runner.script(kList, ended(Outcome::TimedOut));
    runner.script(kList, ours());
    runner.script(kWait, never_insync());
    const auto start = time.now();
    const auto report = activate(context);
    INFO("wait_timeout " << wait_timeout);
    CHECK(report.exit_code == ExitCode::NotInSync);
    CHECK(time.now() - start <= action_budget(context.aws, context.resource, "activate"));
  }
}

TEST_CASE("activate: a throttled UPSERT: the wait starts after a pause, polls less, then reads",
          "[route53][activate][wait][budget]") {
  FakeTime time;
  FakeRunner runner(time);  // every run without a scripted length: 0.5 s
  runner.script(kChange, captured_failure("v2", "throttling"));
  runner.script(kChange, pending());
  runner.script(kWait, saw_insync(3s));
  runner.script(kList, ours());
  auto context = make_context(runner, time);
  const auto start = time.now();
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(report.status == "INSYNC");
  // Other clusters' changes need the account's budget: the first poll waits one contended
  // interval and a random part of two more (randomness 0.5: one more), and the read-back
  // follows the wait.
  const auto accepted = start + *report.accepted;
  const auto interval = std::chrono::seconds(contended_poll_interval(context.resource));
  REQUIRE(runner.starts.size() == 1);
  CHECK(runner.starts[0].at == accepted + 2 * interval);
  CHECK(first_run_of(runner, kWait) < first_run_of(runner, kList));
  const auto& waiter = runner.commands.at(first_run_of(runner, kWait));
  const auto file = util::fs_path(waiter.environment.at("AWS_DATA_PATH")) / "route53" /
                    "2013-04-01" / "waiters-2.json";
  CHECK(file_text(file) ==
        waiter_definition(context.resource, contended_poll_interval(context.resource)));
  CHECK_THAT(file_text(file), Catch::Contains("\"delay\":15,"));  // wait_timeout 60 s / 4
}

TEST_CASE("activate: a waiter run ended by throttling: a longer pause, then fewer polls",
          "[route53][activate][wait][budget]") {
  FakeTime time;
  FakeRunner runner(time);
  script_activate(runner, waiter_failed("throttling", 2s), ours());
  runner.script(kWait, saw_insync(1s));
  auto context = make_context(runner, time);
  context.aws.yield_cap = 60s;
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::Ok);
  REQUIRE(runner.starts.size() == 2);
  // The first run ended 2 s after its start; the next follows a full-jitter pause of up to
  // yield_cap's first step (the backoff base, 1 s; randomness 0.5), at the contended interval.
  CHECK(runner.starts[1].at == runner.starts[0].at + 2s + 500ms);
  const auto& second = runner.commands.at(first_run_of(runner, kList) + 1);
  REQUIRE(second.args[1] == kWait);
  const auto file = util::fs_path(second.environment.at("AWS_DATA_PATH")) / "route53" /
                    "2013-04-01" / "waiters-2.json";
  CHECK_THAT(file_text(file), Catch::Contains("\"delay\":15,"));  // wait_timeout 60 s / 4
}

}  // namespace awsdns::route53::test
