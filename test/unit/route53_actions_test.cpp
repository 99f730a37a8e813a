// activate / deactivate / monitor decisions with a fake runner and virtual time.
#include <algorithm>
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <limits>

#include "route53/actions.hpp"
#include "route53/aws_cli.hpp"
#include "route53/monitor.hpp"
#include "route53/resource_lock.hpp"
#include "route53_fakes.hpp"
#include "test_support.hpp"

namespace awsdns::route53::test {
namespace {

using launcher::Outcome;

const std::string kChange = "change-resource-record-sets";
const std::string kWait = "wait";
const std::string kList = "list-resource-record-sets";

launcher::RunResult absent() {
  return captured("list_empty");
}
launcher::RunResult insync() {
  return exited(0, change_info("C1", "INSYNC"));
}

/// `first` answers `answer`, then every run of `hanging` times out (repeated until the end).
void script_hang_after(FakeRunner& runner, const std::string& first, launcher::RunResult answer,
                       const std::string& hanging) {
  runner.repeat_last = true;
  runner.script(first, std::move(answer));
  runner.script(hanging, ended(Outcome::TimedOut));
}

bool has_line(const std::vector<std::string>& log, const std::string& prefix,
              const std::string& text) {
  for (const auto& line : log) {
    if (line.starts_with(prefix) && line.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("activate: a rejected change fails at once with the AWS message", "[route53][activate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kChange, captured_failure("v2", "invalid_change_batch"));
  const auto report = activate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Failed);
  CHECK(runner.commands.size() == 1);
  CHECK_THAT(report.message, Catch::Contains("InvalidChangeBatch"));
  CHECK(report.action == "none");
}

TEST_CASE("activate: throttled twice, then accepted", "[route53][activate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kChange, captured_failure("v2", "throttling"));
  runner.script(kChange, captured_failure("v2", "throttling"));
  runner.script(kChange, insync());
  runner.script(kList, ours());
  const auto report = activate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(runner.count(kChange) == 3);
  CHECK(runner.count(kWait) == 0);  // already INSYNC
  CHECK(report.attempts == 4);
}

TEST_CASE("activate: throttling is retried past attempts until the command's end",
          "[route53][activate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  runner.script(kChange, captured_failure("v2", "throttling"));
  const auto context = make_context(runner, time);
  const auto start = time.now();
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::AwsUnreachable);
  CHECK(report.error_class == "throttled");
  // The budget is shared with other clusters: a throttled try is not one of `attempts` (4).
  CHECK(runner.count(kChange) > 4 * context.aws.settings.attempts);
  CHECK(time.now() - start <= action_budget(context.aws, context.resource, "activate"));
  CHECK_THAT(report.message, Catch::Contains("throttled until the command's deadline"));
}

TEST_CASE("activate: other transient failures still stop after attempts", "[route53][activate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  runner.script(kChange, captured_failure("v2", "throttling"));
  runner.script(kChange, captured_failure("v2", "connect_timeout"));
  const auto report = activate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::AwsUnreachable);
  CHECK(runner.count(kChange) == 1 + 4);  // a throttled run, then 4 tries
}

TEST_CASE("activate: read-back shows another address: Failed", "[route53][activate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kChange, insync());
  runner.script(kList, theirs());
  const auto report = activate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Failed);
  CHECK_THAT(report.message, Catch::Contains("10.0.120.100 instead of 10.0.110.100"));
}

TEST_CASE("activate: read-back finds nothing: Failed", "[route53][activate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kChange, insync());
  runner.script(kList, absent());
  CHECK(activate(make_context(runner, time)).exit_code == ExitCode::Failed);
}

TEST_CASE("activate: an UPSERT answered INSYNC is still read back", "[route53][activate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kChange, insync());
  runner.script(kList, ours());
  const auto report = activate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(runner.count(kList) == 1);
  CHECK(runner.count(kWait) == 0);
  CHECK(report.insync == report.accepted);
}

TEST_CASE("activate without wait_insync: no polling, still verified", "[route53][activate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kChange, pending());
  runner.script(kList, ours());
  auto context = make_context(runner, time);
  context.resource.wait_insync = false;
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(report.status == "PENDING");
  CHECK(runner.count(kWait) == 0);
  CHECK(report.accepted == 500ms);
  CHECK_FALSE(report.insync);
}

TEST_CASE("activate: the lock held elsewhere past the deadline: LockBusy, no AWS call",
          "[route53][activate][lock]") {
  const awsdns::test::TempDir dir("awsdns-route53-actions");
  FakeTime time;
  FakeRunner runner(time);
  auto held = ResourceLock::acquire({dir.path().string(), "web", awsdns::test::caller_uid(), {}},
                                    time.now() + 1s, time);
  REQUIRE(held.has_value());
  auto context = make_context(runner, time);
  context.lock_dir = dir.path().string();
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::LockBusy);
  CHECK(runner.commands.empty());
  { const ResourceLock released = std::move(*held); }
  runner.script(kChange, insync());
  runner.script(kList, ours());
  CHECK(activate(context).exit_code == ExitCode::Ok);  // free again
}

TEST_CASE("deactivate: our record is deleted with its exact TTL and values",
          "[route53][deactivate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kList, exited(0, listing("test.clusterpro.local.", "A", 60, {"10.0.110.100"})));
  runner.script(kChange, pending());
  const auto report = deactivate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(report.action == "delete");
  CHECK(report.change_id == "C1");
  const auto batch = boost::json::parse(runner.arg_after(1, "--change-batch"));
  const auto& change = batch.at("Changes").at(0);
  CHECK(change.at("Action").as_string() == "DELETE");
  CHECK(change.at("ResourceRecordSet").at("TTL").to_number<long long>() ==
        60);  // not the config's 300
  CHECK(change.at("ResourceRecordSet").at("ResourceRecords").at(0).at("Value").as_string() ==
        "10.0.110.100");
  CHECK(runner.count(kWait) == 0);
  CHECK(report.accepted == 1s);  // the read, then the DELETE's run
}

TEST_CASE("deactivate: absent record: nothing changed, success", "[route53][deactivate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kList, absent());
  const auto report = deactivate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(report.action == "none");
  CHECK(runner.count(kChange) == 0);
  CHECK_THAT(report.message, Catch::Contains("absent"));
}

TEST_CASE("deactivate: the other node took over: left untouched, success",
          "[route53][deactivate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kList, theirs());
  const auto report = deactivate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(report.action == "none");
  CHECK(runner.count(kChange) == 0);
  CHECK_THAT(report.message, Catch::Contains("10.0.120.100"));
}

TEST_CASE("deactivate: several values, ours among them: not ours alone, untouched",
          "[route53][deactivate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kList, exited(0, listing("test.clusterpro.local.", "A", 300,
                                         {"10.0.110.100", "10.0.120.100"})));
  const auto report = deactivate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(report.action == "none");
  CHECK(runner.count(kChange) == 0);
}

TEST_CASE("deactivate: the record changed between read and DELETE", "[route53][deactivate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kList, ours());
  runner.script(kChange, captured_failure("v2", "invalid_change_batch"));
  runner.script(kList, theirs());
  const auto report = deactivate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(report.action == "none");
  CHECK(runner.count(kChange) == 1);
}

TEST_CASE("deactivate: DELETE rejected while the record is still ours: Failed",
          "[route53][deactivate]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kList, ours());
  runner.script(kChange, captured_failure("v2", "invalid_change_batch"));
  runner.script(kList, ours());
  const auto report = deactivate(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::Failed);
  CHECK(runner.count(kChange) == 1);
}

TEST_CASE("deactivate with delete_on_deactivate off: no AWS call", "[route53][deactivate]") {
  FakeTime time;
  FakeRunner runner(time);
  auto context = make_context(runner, time);
  context.resource.delete_on_deactivate = false;
  const auto report = deactivate(context);
  CHECK(report.exit_code == ExitCode::Ok);
  CHECK(runner.commands.empty());
}

TEST_CASE("monitor: one request: ours, missing, elsewhere", "[route53][monitor]") {
  struct Row {
    launcher::RunResult listing;
    ExitCode code;
    const char* status;
  };
  const Row rows[] = {{ours(), ExitCode::Ok, "ours"},
                      {absent(), ExitCode::RecordMissing, "missing"},
                      {captured("list_other_type"), ExitCode::RecordMissing, "missing"},
                      {theirs(), ExitCode::RecordElsewhere, "elsewhere"}};
  for (const auto& row : rows) {
    FakeTime time;
    FakeRunner runner(time);
    runner.script(kList, row.listing);
    const auto report = monitor(make_context(runner, time));
    CHECK(report.exit_code == row.code);
    CHECK(report.status == row.status);
    CHECK(report.action == "check");
    CHECK(runner.commands.size() == 1);
  }
}

TEST_CASE("monitor: AWS unreachable: ignore, warn, recover", "[route53][monitor]") {
  struct Row {
    CliFailureReaction reaction;
    ExitCode code;
    const char* log_prefix;
  };
  const Row rows[] = {{CliFailureReaction::Ignore, ExitCode::Ok, "I: "},
                      {CliFailureReaction::Warn, ExitCode::Ok, "W: "},
                      {CliFailureReaction::Recover, ExitCode::AwsUnreachable, ""}};
  for (const auto& row : rows) {
    FakeTime time;
    FakeRunner runner(time);
    runner.repeat_last = true;
    runner.script(kList, captured_failure("v2", "proxy_refused"));
    std::vector<std::string> log;
    auto context = make_context(runner, time, &log);
    context.resource.monitor.on_cli_failure = row.reaction;
    const auto report = monitor(context);
    CHECK(report.exit_code == row.code);
    CHECK(report.status == "unknown");
    CHECK(runner.commands.size() == 4);  // retried first
    if (*row.log_prefix) CHECK(has_line(log, row.log_prefix, "on_cli_failure"));
    if (row.reaction != CliFailureReaction::Warn)
      CHECK_FALSE(has_line(log, "W: ", "on_cli_failure"));
  }
}

TEST_CASE("monitor: credentials problems are not 'no answer'", "[route53][monitor]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script(kList, captured_failure("v2", "no_credentials"));
  const auto report = monitor(make_context(runner, time));
  CHECK(report.exit_code == ExitCode::AwsCredentials);
}

TEST_CASE("monitor: check_resolution compares what the name resolves to", "[route53][monitor]") {
  const std::pair<Resolution, ExitCode> rows[] = {
      {Resolution(std::vector<std::string>{"10.0.110.100"}), ExitCode::Ok},
      {Resolution(std::vector<std::string>{"10.0.120.100"}), ExitCode::RecordElsewhere},
      {Resolution(awsdns::util::fail("timed out after 5 s")), ExitCode::Failed},
  };
  for (const auto& [resolution, code] : rows) {
    FakeTime time;
    FakeRunner runner(time);
    runner.script(kList, ours());
    auto context = make_context(runner, time);
    context.resource.monitor.check_resolution = true;
    context.resource.monitor.resolver = "127.0.0.53:5353";
    std::string asked_server;
    context.resolve = [&](const std::string& name, RecordType, const std::string& server,
                          std::chrono::milliseconds timeout) {
      CHECK(name == "test.clusterpro.local.");
      CHECK(timeout == 5s);
      asked_server = server;
      return resolution;
    };
    const auto report = monitor(context);
    CHECK(report.exit_code == code);
    CHECK(asked_server == "127.0.0.53:5353");
  }
}

TEST_CASE("budgets follow the settings", "[route53][budget]") {
  FakeTime time;
  FakeRunner runner(time);
  auto context = make_context(runner, time);  // 4 attempts x 30 s, wait_timeout 60 s
  const auto& aws = context.aws;
  auto& resource = context.resource;
  const auto run = 30s + aws.run_overrun;
  CHECK(aws.run_overrun == 250ms + 250ms + 20ms);  // kill grace, final drain, group poll
  const auto call = 4 * run + 1s + 2s + 4s;        // backoff pauses at their maximum
  CHECK(call_budget(aws) == call);
  CHECK(action_budget(aws, resource, "monitor") == kCommandAllowance + call);
  // The read-back beside the wait: the longer of the two after the UPSERT.
  CHECK(action_budget(aws, resource, "activate") == kCommandAllowance + 2 * call);
  resource.wait_timeout = 300;
  CHECK(action_budget(aws, resource, "activate") ==
        kCommandAllowance + call + 300s + aws.run_overrun);
  resource.wait_timeout = 60;
  CHECK(action_budget(aws, resource, "deactivate") == kCommandAllowance + 3 * call);
  resource.wait_insync = false;
  CHECK(action_budget(aws, resource, "activate") == kCommandAllowance + 2 * call);
  resource.delete_on_deactivate = false;
  CHECK(action_budget(aws, resource, "deactivate") == kCommandAllowance);
  resource.monitor.check_resolution = true;
  CHECK(action_budget(aws, resource, "monitor") == kCommandAllowance + call + 5s);
  context.aws.settings.attempts = 6;  // the pauses double up to the 20 s cap: 1+2+4+8+16
  CHECK(call_budget(context.aws) == 6 * run + 31s);
  context.aws.backoff_cap = 3s;  // 1+2+3+3+3
  CHECK(call_budget(context.aws) == 6 * run + 12s);
}

TEST_CASE("budgets of huge settings are bounded and cost nothing, and --deadline still holds",
          "[route53][budget][deadline]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  auto context = make_context(runner, time);
  context.aws.settings.attempts = 10;  // the bound of the configuration: 1+2+4+8+16+20+20+20+20
  const auto run = 30s + context.aws.run_overrun;
  CHECK(call_budget(context.aws) == 10 * run + 111s);
  // Settings beyond any configuration's bounds (made in code): the budget was once summed one
  // retry at a time (16.8 s of CPU for monitor --deadline 5 with 2147483647 attempts) and
  // overflowed the clock; now it is a product, bounded by a year.
  context.aws.settings.attempts = std::numeric_limits<int>::max();
  context.aws.settings.call_timeout = std::numeric_limits<int>::max();
  context.resource.wait_timeout = std::numeric_limits<int>::max();
  const auto cpu_started = std::chrono::steady_clock::now();
  CHECK(call_budget(context.aws) == std::chrono::hours(24 * 366));
  for (const char* action : {"activate", "deactivate", "monitor"})
    CHECK(action_budget(context.aws, context.resource, action) == std::chrono::hours(24 * 366));
  runner.script(kList, ended(Outcome::TimedOut));
  context.aws.settings.call_timeout = 30;
  context.deadline = time.now() + 5s;
  const auto report = monitor(context);
  CHECK(time.now() <= *context.deadline - kReportMargin);
  CHECK(runner.count(kList) >= 1);
  // A hang guard, not a speed goal: the loop per attempt took seconds.
  CHECK(std::chrono::steady_clock::now() - cpu_started < 2s);
  CHECK(report.attempts == runner.count(kList));
}

TEST_CASE("activate: --deadline cuts a hanging UPSERT: Timeout, ended before the deadline",
          "[route53][activate][deadline]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  runner.script(kChange, ended(Outcome::TimedOut));
  auto context = make_context(runner, time);
  context.deadline = time.now() + 10s;
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::Timeout);
  CHECK(runner.count(kChange) == 1);
  CHECK(runner.commands[0].timeout == 10s - kReportMargin - context.aws.run_overrun);
  CHECK(time.now() + context.aws.run_overrun + kReportMargin <= *context.deadline);
  CHECK_THAT(report.message, Catch::Contains("--deadline reached"));
}

TEST_CASE("activate: a --deadline beyond the budget changes nothing",
          "[route53][activate][deadline]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  runner.script(kChange, ended(Outcome::TimedOut));
  auto context = make_context(runner, time);
  context.deadline = time.now() + 24h;
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::AwsUnreachable);  // attempts exhausted, not a deadline
  CHECK(runner.count(kChange) == 4);
}

TEST_CASE("deactivate: --deadline cuts a hanging DELETE: Timeout",
          "[route53][deactivate][deadline]") {
  FakeTime time;
  FakeRunner runner(time);
  script_hang_after(runner, kList, ours(), kChange);
  auto context = make_context(runner, time);
  context.deadline = time.now() + 8s;
  const auto report = deactivate(context);
  CHECK(report.exit_code == ExitCode::Timeout);
  CHECK(time.now() <= *context.deadline - kReportMargin);
}

TEST_CASE("activate: --deadline ends the wait for a held lock: Timeout, no AWS call",
          "[route53][activate][lock][deadline]") {
  const awsdns::test::TempDir dir("awsdns-route53-deadline");
  FakeTime time;
  FakeRunner runner(time);
  auto held = ResourceLock::acquire({dir.path().string(), "web", awsdns::test::caller_uid(), {}},
                                    time.now() + 1s, time);
  REQUIRE(held.has_value());
  auto context = make_context(runner, time);
  context.lock_dir = dir.path().string();
  context.deadline = time.now() + 5s;
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::Timeout);
  CHECK(runner.commands.empty());
  CHECK(time.now() <= *context.deadline - kReportMargin);
  CHECK(time.now() >= *context.deadline - kReportMargin - 1s);
  CHECK_THAT(report.message, Catch::Contains("locked by another awsdns"));
  { const ResourceLock released = std::move(*held); }  // an open file cannot be removed on Windows
}

TEST_CASE("monitor: a --deadline that cuts the call is 'no answer' (on_cli_failure)",
          "[route53][monitor][deadline]") {
  const std::pair<CliFailureReaction, ExitCode> rows[] = {
      {CliFailureReaction::Ignore, ExitCode::Ok},
      {CliFailureReaction::Warn, ExitCode::Ok},
      {CliFailureReaction::Recover, ExitCode::Timeout}};
  for (const auto& [reaction, code] : rows) {
    FakeTime time;
    FakeRunner runner(time);
    runner.script(kList, ended(Outcome::TimedOut));
    auto context = make_context(runner, time);
    context.resource.monitor.on_cli_failure = reaction;
    context.deadline = time.now() + 6s;
    const auto report = monitor(context);
    CHECK(report.exit_code == code);
    CHECK(report.status == "unknown");
    CHECK(runner.commands.size() == 1);
    CHECK(time.now() <= *context.deadline - kReportMargin);
    CHECK_THAT(report.message, Catch::Contains("--deadline reached"));
  }
}

TEST_CASE("monitor: --deadline shortens the name resolution", "[route53][monitor][deadline]") {
  const std::pair<Resolution, ExitCode> rows[] = {
      {Resolution(std::vector<std::string>{"10.0.110.100"}), ExitCode::Ok},
      {Resolution(awsdns::util::fail("timed out")), ExitCode::Timeout},
  };
  for (const auto& [resolution, code] : rows) {
    FakeTime time;
    FakeRunner runner(time);  // the listing costs 500 ms
    runner.script(kList, ours());
    auto context = make_context(runner, time);
    context.resource.monitor.check_resolution = true;
    context.deadline = time.now() + 3s;
    std::chrono::milliseconds asked{0};
    context.resolve = [&](const std::string&, RecordType, const std::string&,
                          std::chrono::milliseconds timeout) {
      asked = timeout;
      return resolution;
    };
    CHECK(monitor(context).exit_code == code);
    CHECK(asked == 3s - kReportMargin - 500ms);
  }
}

TEST_CASE("result names", "[route53]") {
  CHECK(exit_code_name(ExitCode::Ok) == "ok");
  CHECK(exit_code_name(ExitCode::RecordElsewhere) == "record-elsewhere");
  CHECK(exit_code_name(static_cast<ExitCode>(143)) == "interrupted");
}

TEST_CASE("a throttled read yields longer than a throttled change", "[route53][budget]") {
  // Route 53's budget is the account's: a throttled change tries again within change_turn_cap,
  // a read pauses up to yield_cap, so the reads of a failing-over fleet leave it to changes.
  FakeTime time;
  FakeRunner runner(time);
  runner.repeat_last = true;
  runner.script(kChange, captured_failure("v2", "throttling"));
  runner.script("list-resource-record-sets", captured_failure("v2", "throttling"));
  auto context = make_context(runner, time);
  context.aws.change_turn_cap = 4s;
  context.aws.yield_cap = 40s;
  const auto deadline = time.now() + 300s;
  call_aws(context.aws, {"route53", "change-resource-record-sets"}, deadline);
  const auto change_pauses = time.sleeps;
  time.sleeps.clear();
  call_aws(context.aws, {"route53", "list-resource-record-sets"}, time.now() + 300s);
  REQUIRE(change_pauses.size() > 5);
  REQUIRE(time.sleeps.size() > 5);
  // Randomness 0.5: half of 1, 2, 4, ... s up to the cap.
  CHECK(*std::max_element(change_pauses.begin(), change_pauses.end()) == 2s);
  CHECK(*std::max_element(time.sleeps.begin(), time.sleeps.end()) == 20s);
}

}  // namespace awsdns::route53::test
