// The error contract: every recorded failure of AWS CLI v1 and v2 (test/data/aws_stderr, captured
// from the real programs) lands in the class EXPECTED.tsv names; the class table's invariants;
// what monitor does for each class; README's table equals the one in code.
#include <catch2/catch.hpp>
#include <fstream>
#include <set>
#include <sstream>

#include "route53/actions.hpp"
#include "route53/cli_errors.hpp"
#include "route53/monitor.hpp"
#include "route53_fakes.hpp"

namespace awsdns::route53::test {
namespace {

struct Expected {
  std::string generation;
  std::string fixture;
  std::string error_class;
  std::string error_code;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, '\t');) fields.push_back(field);
  return fields;
}

/// EXPECTED.tsv with "*" expanded to v1 and v2.
std::vector<Expected> expected_rows() {
  std::ifstream in(std::string(AWSDNS_TEST_DATA_DIR) + "/aws_stderr/EXPECTED.tsv");
  std::vector<Expected> rows;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = split_tabs(line);
    REQUIRE(f.size() == 4);
    const std::string code = f[3] == "-" ? "" : f[3];
    for (const std::string generation : {"v1", "v2"}) {
      if (f[0] == "*") rows.push_back({generation, f[1], f[2], code});
    }
    if (f[0] != "*") rows.push_back({f[0], f[1], f[2], code});
  }
  return rows;
}

std::string class_name(ErrorClass error) {
  return error == ErrorClass::None ? "none" : std::string(info_of(error).name);
}

}  // namespace

TEST_CASE("every recorded failure of AWS CLI v1 and v2 is classified as expected",
          "[route53][errors]") {
  const auto rows = expected_rows();
  REQUIRE(rows.size() >= 40);
  for (const auto& row : rows) {
    INFO(row.generation << "/" << row.fixture);
    const auto c = classify_run(captured_failure(row.generation, row.fixture));
    CHECK(class_name(c.error) == row.error_class);
    CHECK(c.error_code == row.error_code);
    CHECK_FALSE(c.message.empty());
    CHECK(c.message.find("aws: [ERROR]") == std::string::npos);
  }
}

TEST_CASE("a waiter that made all its polls gave up in both generations, and nothing else did",
          "[route53][errors][waiter]") {
  for (const std::string generation : {"v1", "v2"}) {
    INFO(generation);
    for (const char* name : {"waiter_max_attempts", "waiter_max_attempts_throttled"}) {
      INFO(name);
      CHECK(waiter_gave_up(captured_failure(generation, name).stderr_text));
    }
    for (const char* name : {"waiter_terminal_failure", "waiter_access_denied", "throttling",
                             "access_denied", "connection_closed"}) {
      INFO(name);
      CHECK_FALSE(waiter_gave_up(captured_failure(generation, name).stderr_text));
    }
    const auto denied = classify_run(captured_failure(generation, "waiter_access_denied"));
    CHECK(denied.error == ErrorClass::AccessDenied);
    CHECK_FALSE(is_transient(denied.error));
    CHECK_THAT(denied.message, Catch::Contains("Waiter ResourceRecordSetsChanged failed"));
    const auto terminal = classify_run(captured_failure(generation, "waiter_terminal_failure"));
    CHECK_FALSE(is_transient(terminal.error));
  }
}

TEST_CASE("v1's usage errors and every v1 service error, all exit 255, are told apart",
          "[route53][errors]") {
  const auto unknown = classify_run(captured_failure("v1", "unknown_option"));
  CHECK(unknown.error == ErrorClass::CliUsage);
  CHECK(unknown.message.starts_with("Unknown options: --no-cli-pager"));
  CHECK(classify_run(captured_failure("v1", "invalid_change_batch")).error == ErrorClass::Rejected);
  CHECK(classify_run(captured_failure("v1", "throttling")).error == ErrorClass::Throttled);
}

TEST_CASE("the class table: one row per class, only 'no answer' is transient",
          "[route53][errors]") {
  std::set<std::string_view> names;
  int index = 1;
  for (const auto& row : kErrorClasses) {
    INFO(row.name);
    CHECK(static_cast<int>(row.id) == index++);  // enum order, None excluded
    CHECK(names.insert(row.name).second);
    CHECK_FALSE(row.meaning.empty());
    CHECK_FALSE(row.fix.empty());
    CHECK(row.transient == (row.exit_code == ExitCode::AwsUnreachable));
  }
  CHECK(is_transient(ErrorClass::NoAnswer));
  CHECK(is_transient(ErrorClass::Throttled));
  CHECK_FALSE(is_transient(ErrorClass::ProxyAuth));
  CHECK_FALSE(is_transient(ErrorClass::CliUsage));
  CHECK_FALSE(is_transient(ErrorClass::None));
}

TEST_CASE("monitor fails on every permanent class whatever on_cli_failure says",
          "[route53][errors][monitor]") {
  for (const auto& row : expected_rows()) {
    for (const auto reaction :
         {CliFailureReaction::Ignore, CliFailureReaction::Warn, CliFailureReaction::Recover}) {
      INFO(row.generation << "/" << row.fixture << " reaction " << static_cast<int>(reaction));
      FakeTime time;
      FakeRunner runner(time);
      runner.repeat_last = true;
      runner.script("list-resource-record-sets", captured_failure(row.generation, row.fixture));
      auto context = make_context(runner, time);
      context.resource.monitor.on_cli_failure = reaction;
      const auto report = monitor(context);
      const auto error = classify_run(captured_failure(row.generation, row.fixture)).error;
      if (is_transient(error)) {
        // Retried first: `attempts` (4) tries, and throttled runs until the command's end.
        if (error == ErrorClass::Throttled)
          CHECK(runner.commands.size() > 4);
        else
          CHECK(runner.commands.size() == 4);
        CHECK(report.exit_code ==
              (reaction == CliFailureReaction::Recover ? ExitCode::AwsUnreachable : ExitCode::Ok));
      } else {
        CHECK(runner.commands.size() == 1);  // never retried
        CHECK(report.exit_code == info_of(error).exit_code);
        CHECK(report.exit_code != ExitCode::Ok);
      }
      CHECK(report.error_class == row.error_class);
    }
  }
}

TEST_CASE("README's error-class table is the table in code", "[route53][errors][docs]") {
  std::ifstream in(std::string(AWSDNS_TEST_DATA_DIR) + "/../../README.md");
  REQUIRE(in);
  std::vector<std::string> documented;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.find("<!-- error-classes:begin") != std::string::npos) inside = true;
    if (line.find("<!-- error-classes:end") != std::string::npos) inside = false;
    if (inside && line.starts_with("| `")) documented.push_back(line);
  }
  REQUIRE(documented.size() == kErrorClasses.size());
  for (std::size_t i = 0; i < documented.size(); ++i) {
    const auto& row = kErrorClasses[i];
    const std::string code =
        row.id == ErrorClass::Interrupted ? "128+N" : std::to_string(to_int(row.exit_code));
    const std::string line =
        "| `" + std::string(row.name) + "` | " + (row.transient ? "yes" : "no") + " | " + code +
        " " + std::string(exit_code_name(row.exit_code)) + " | " + std::string(row.meaning) + " |";
    CHECK(documented[i] == line);
  }
}

}  // namespace awsdns::route53::test
