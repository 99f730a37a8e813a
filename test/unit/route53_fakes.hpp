#pragma once
// Test doubles for the route53 unit tests: a scripted CommandRunner (per AWS CLI operation),
// a virtual-time Timekeeper that never sleeps, and readers of the captured AWS CLI outputs.

#include <catch2/catch.hpp>
#include <deque>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "launcher/command_runner.hpp"
#include "launcher/timekeeper.hpp"
#include "route53/actions.hpp"
#include "route53/config.hpp"
#include "test_support.hpp"

namespace awsdns::route53::test {

using namespace std::chrono_literals;

/// Contents of a file under test/data ("" and a test failure when missing).
inline std::string read_data(const std::string& relative) {
  std::ifstream in(std::string(AWSDNS_TEST_DATA_DIR) + "/" + relative, std::ios::binary);
  INFO("test data file " << relative);
  REQUIRE(in.good());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Virtual time: sleep_for advances the clock instantly; a signal can be scheduled.
class FakeTime : public launcher::Timekeeper {
 public:
  std::chrono::steady_clock::time_point now() const override { return now_; }
  bool sleep_for(std::chrono::milliseconds duration) override {
    sleeps.push_back(duration);
    if (interrupt_at_sleep > 0 && static_cast<int>(sleeps.size()) == interrupt_at_sleep) {
      signal = 15;
      return false;
    }
    now_ += duration;
    return true;
  }
  int interrupt_signal() const override { return signal; }
  void advance(std::chrono::milliseconds duration) { now_ += duration; }

  std::vector<std::chrono::milliseconds> sleeps;
  int interrupt_at_sleep = 0;  // the Nth sleep is interrupted by SIGTERM (0 = never)
  int signal = 0;

 private:
  std::chrono::steady_clock::time_point now_ = std::chrono::steady_clock::time_point(1000h);
};

/// A finished run with exit code, stdout and stderr.
inline launcher::RunResult exited(int code, std::string out = "", std::string err = "") {
  launcher::RunResult result;
  result.outcome = launcher::Outcome::Exited;
  result.exit_code = code;
  result.stdout_text = std::move(out);
  result.stderr_text = std::move(err);
  return result;
}

/// A run with another outcome (TimedOut, Interrupted, StartFailed, Signaled).
inline launcher::RunResult ended(launcher::Outcome outcome, int signal = 0,
                                 std::error_code start_error = {}) {
  launcher::RunResult result;
  result.outcome = outcome;
  result.signal = signal;
  result.start_error = start_error;
  return result;
}

/// The run recorded as DIR/NAME.exit (+ NAME.json, NAME.stderr when present) under test/data.
inline launcher::RunResult recorded_run(const std::string& dir, const std::string& name) {
  auto slurp = [&](const std::string& file) {
    std::ifstream in(std::string(AWSDNS_TEST_DATA_DIR) + "/" + dir + "/" + file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string code = slurp(name + ".exit");
  INFO("recorded run " << dir << "/" << name);
  REQUIRE(!code.empty());
  return exited(std::stoi(code), slurp(name + ".json"), slurp(name + ".stderr"));
}

/// A captured real AWS CLI run (test/data/aws_output/NAME.{json,stderr,exit}).
inline launcher::RunResult captured(const std::string& name) {
  return recorded_run("aws_output", name);
}

/// A failed real AWS CLI run of one generation ("v1", "v2", "v2_enhanced"), captured by
/// test/data/aws_stderr/capture.py: test/data/aws_stderr/GENERATION/NAME.{stderr,exit}.
inline launcher::RunResult captured_failure(const std::string& generation,
                                            const std::string& name) {
  return recorded_run("aws_stderr/" + generation, name);
}

/// Answers AWS CLI runs from per-operation scripts ("change-resource-record-sets",
/// "get-change", "list-resource-record-sets"); each run costs `cost` of virtual time, a
/// scripted TimedOut run its whole timeout.
class FakeRunner : public launcher::CommandRunner {
 public:
  explicit FakeRunner(FakeTime& time) : time_(time) {}
  launcher::RunResult run(const launcher::Command& command) override {
    commands.push_back(command);
    const std::string operation = command.args.size() > 1 ? command.args[1] : "";
    auto& queue = scripts[operation];
    INFO("unexpected AWS CLI run: " << operation);
    REQUIRE(!queue.empty());
    auto result = queue.front();
    if (queue.size() > 1 || !repeat_last) queue.pop_front();
    const bool timed_out = result.outcome == launcher::Outcome::TimedOut;
    result.elapsed = timed_out ? command.timeout : cost;
    time_.advance(result.elapsed);
    return result;
  }
  void script(const std::string& operation, launcher::RunResult result) {
    scripts[operation].push_back(std::move(result));
  }
  int count(const std::string& operation) const {
    int n = 0;
    for (const auto& c : commands) n += (c.args.size() > 1 && c.args[1] == operation) ? 1 : 0;
    return n;
  }
  /// The value following `flag` in run `index`'s argv.
  std::string arg_after(std::size_t index, const std::string& flag) const {
    const auto& args = commands.at(index).args;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
      if (args[i] == flag) return args[i + 1];
    }
    return {};
  }

  std::map<std::string, std::deque<launcher::RunResult>> scripts;
  std::vector<launcher::Command> commands;
  std::chrono::milliseconds cost = 500ms;
  bool repeat_last = false;  // keep answering with the last scripted result

 private:
  FakeTime& time_;
};

/// The two-node resource (server1 10.0.110.100, server2 10.0.120.100).
inline Resource web_resource() {
  Resource resource;
  resource.key = "web";
  resource.hosted_zone_id = "Z0123456789ABCDEFGHIJ";
  resource.record_name = "test.clusterpro.local.";
  resource.type = RecordType::A;
  resource.ttl = 300;
  resource.ip_by_node = {{"server1", "10.0.110.100"}, {"server2", "10.0.120.100"}};
  resource.wait_timeout = 60;
  return resource;
}

/// AWS settings for tests: short timeouts, 4 attempts.
inline AwsSettings test_aws_settings() {
  AwsSettings settings;
  settings.extra_args = {"--endpoint-url", "http://127.0.0.2:8053"};
  settings.call_timeout = 30;
  settings.attempts = 4;
  return settings;
}

/// An action context on server1 wired to the fakes (no lock, no jitter randomness: 0.5).
inline ActionContext make_context(FakeRunner& runner, FakeTime& time,
                                  std::vector<std::string>* log = nullptr) {
  ActionContext context;
  context.aws.settings = test_aws_settings();
  context.aws.invocation.program = "/usr/bin/aws";
  context.aws.invocation.environment = {{"PATH", "/usr/bin"},
                                        {"AWS_SECRET_ACCESS_KEY", "s3cr3t-key"}};
  context.aws.invocation.fixed_args = fixed_aws_args(context.aws.settings);
  context.aws.runner = &runner;
  context.aws.time = &time;
  context.aws.random = [] { return 0.5; };
  if (log) {
    context.aws.log = [log](Severity severity, std::string_view text) {
      const char* label = severity == Severity::Warning ? "W: "
                          : severity == Severity::Info  ? "I: "
                          : severity == Severity::Error ? "E: "
                                                        : "D: ";
      log->push_back(label + std::string(text));
    };
  }
  context.resource = web_resource();
  context.node = "server1";
  context.ip = "10.0.110.100";
  context.caller_uid = awsdns::test::caller_uid();
  return context;
}

/// list-resource-record-sets output holding one record set.
inline std::string listing(const std::string& name, const std::string& type, long long ttl,
                           const std::vector<std::string>& values) {
  std::string records;
  for (const auto& v : values)
    records += (records.empty() ? "" : ",") + ("{\"Value\":\"" + v + "\"}");
  return "{\"ResourceRecordSets\":[{\"Name\":\"" + name + "\",\"Type\":\"" + type +
         "\",\"TTL\":" + std::to_string(ttl) + ",\"ResourceRecords\":[" + records +
         "]}],\"IsTruncated\":false,\"MaxItems\":\"1\"}";
}

/// change-resource-record-sets / get-change output.
inline std::string change_info(const std::string& id, const std::string& status) {
  return "{\"ChangeInfo\":{\"Id\":\"/change/" + id + "\",\"Status\":\"" + status +
         "\",\"SubmittedAt\":\"2026-11-26T18:07:59.391000+00:00\"}}";
}

}  // namespace awsdns::route53::test
