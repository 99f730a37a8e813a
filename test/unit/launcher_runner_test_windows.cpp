// The real runner on Windows (process_windows.cpp), with the stub programs of test/windows/stubs:
// the exact environment block, arguments that survive Windows quoting, exit codes, a missing
// program, a time-out that ends the whole tree (child and grandchild), the PATH search.

#include <windows.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/exit_code.hpp"
#include "launcher/command_runner.hpp"
#include "stubs_windows.hpp"
#include "test_support.hpp"

using namespace awsdns::launcher;
using namespace std::chrono_literals;
using awsdns::test::process_ends_within;
using awsdns::test::stub;

namespace {

// What print_args_env printed: its arguments, and its environment without what Wine adds to
// every process (WINE*, and the system drive Wine sets when a block lacks it).
struct Printed {
  std::vector<std::string> args;
  std::vector<std::string> environment;
};

bool added_by_wine(const std::string& entry) {
  return entry.rfind("WINE", 0) == 0 || entry.rfind("SystemDrive=", 0) == 0 ||
         entry.rfind("SYSTEMDRIVE=", 0) == 0;
}

Printed parse_printed(const std::string& text) {
  Printed printed;
  std::istringstream lines(text);
  bool in_environment = false;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // the stub's text mode: CRLF
    if (line == "--") {
      in_environment = true;
      continue;
    }
    REQUIRE(line.size() >= 2);
    const std::string value = line.substr(1, line.size() - 2);  // [value]
    if (!in_environment)
      printed.args.push_back(value);
    else if (!added_by_wine(value))
      printed.environment.push_back(value);
  }
  return printed;
}

Command command_of(const std::string& stub_name, std::vector<std::string> args) {
  Command command;
  command.executable = stub(stub_name);
  command.args = std::move(args);
  command.timeout = 30s;  // catches a hang only
  return command;
}

}  // namespace

TEST_CASE("Windows: the child gets exactly the given environment", "[launcher][windows]") {
  auto runner = make_process_runner();
  auto command = command_of("print_args_env", {});
  command.environment = {{"SystemRoot", "C:\\windows"},
                         {"Path", "C:\\windows\\system32"},
                         {"HTTPS_PROXY", "http://user:pass@127.0.0.1:3128"},
                         {"aws_region", "eu-west-1"},
                         {"EMPTY", ""},
                         {"UNICODE_VALUE", "caf\xc3\xa9"}};
  const RunResult result = runner->run(command);
  REQUIRE(result.outcome == Outcome::Exited);
  CHECK(result.exit_code == 0);
  // Wine sets SystemRoot again at the block's end, so the block is compared as a set.
  auto environment = parse_printed(result.stdout_text).environment;
  std::sort(environment.begin(), environment.end());
  CHECK(environment ==
        std::vector<std::string>{"EMPTY=", "HTTPS_PROXY=http://user:pass@127.0.0.1:3128",
                                 "Path=C:\\windows\\system32", "SystemRoot=C:\\windows",
                                 "UNICODE_VALUE=caf\xc3\xa9", "aws_region=eu-west-1"});
}

TEST_CASE("Windows: arguments arrive exactly, whatever their quotes, spaces and backslashes",
          "[launcher][windows]") {
  const std::vector<std::string> args = {
      R"({"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"a b."}}]})",
      "two words",
      "trailing backslash\\",
      "C:\\Program Files\\",
      "",
      R"(quote " inside)",
      R"(\\server\share\"x")",
      "tab\there",
      "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac"};
  auto runner = make_process_runner();
  const RunResult result = runner->run(command_of("print_args_env", args));
  REQUIRE(result.outcome == Outcome::Exited);
  CHECK(parse_printed(result.stdout_text).args == args);
}

TEST_CASE("Windows: exit codes pass through, and a missing program is 127", "[launcher][windows]") {
  auto runner = make_process_runner();
  for (const int code : {0, 1, 3, 78, 255, 1000}) {
    const RunResult result = runner->run(command_of("exit_with", {std::to_string(code)}));
    INFO("exit code " << code << "; start error: " << result.start_error.message());
    REQUIRE(result.outcome == Outcome::Exited);
    CHECK(result.exit_code == code);
  }
  Command missing = command_of("exit_with", {});
  missing.executable = awsdns::test::stubs_folder() + "\\no-such-program.exe";
  const RunResult result = runner->run(missing);
  CHECK(result.outcome == Outcome::StartFailed);
  CHECK(exit_status_of(result) == awsdns::to_int(awsdns::ExitCode::NotFound));
}

TEST_CASE("Windows: a time-out ends the child and the grandchild it started",
          "[launcher][windows]") {
  const awsdns::test::TempDir dir("awsdns-tree");
  const std::string pid_file = dir.file("pids.txt");
  auto runner = make_process_runner(200ms);
  auto command = command_of("spawn_tree", {pid_file});
  command.timeout = 1500ms;
  const RunResult result = runner->run(command);
  CHECK(result.outcome == Outcome::TimedOut);
  CHECK(exit_status_of(result) == awsdns::to_int(awsdns::ExitCode::Timeout));
  unsigned long child = 0, grandchild = 0;
  std::ifstream(pid_file) >> child >> grandchild;
  REQUIRE(child != 0);
  REQUIRE(grandchild != 0);
  CHECK(process_ends_within(child, 5000ms));
  CHECK(process_ends_within(grandchild, 5000ms));
}

TEST_CASE("Windows: the PATH search tries NAME.exe and NAME.com, semicolon-separated",
          "[launcher][windows][lookup]") {
  const std::string folder = awsdns::test::stubs_folder();
  const std::string expected = folder + "\\exit_with.exe";
  CHECK(find_executable("exit_with", "C:\\no-such-folder;" + folder) == expected);
  CHECK(find_executable("exit_with", ";;" + folder + "\\") == expected);
  CHECK(find_executable("exit_with.exe", folder) == expected);
  CHECK(find_executable("exit_with", "relative;.").empty());
  CHECK(find_executable("awsdns-no-such-command", folder).empty());
  CHECK(find_executable("stubs", folder + "\\..").empty());  // a folder is not a program
  CHECK(find_executable(expected, "") == expected);
}
