// PATH search and the exit-status table.

#include <catch2/catch.hpp>
#include <csignal>

#include "core/exit_code.hpp"
#include "launcher/command_runner.hpp"

using namespace awsdns::launcher;

TEST_CASE("find_executable searches the PATH value", "[launcher][lookup][posix]") {
  CHECK(find_executable("sh", "/nonexistent:/bin") == "/bin/sh");
  CHECK(find_executable("sh", "/nonexistent/:/bin/") == "/bin/sh");
  CHECK(find_executable("awsdns-no-such-command", "/bin:/usr/bin").empty());
  CHECK(find_executable("sh", "").empty());
  CHECK(find_executable("", "/bin").empty());
}

TEST_CASE("find_executable skips empty and relative PATH entries", "[launcher][lookup][posix]") {
  CHECK(find_executable("sh", ":bin:.").empty());
  CHECK(find_executable("sh", "::/bin") == "/bin/sh");
}

TEST_CASE("find_executable skips directories and non-executable files",
          "[launcher][lookup][posix]") {
  CHECK(find_executable("passwd", "/etc:/usr/bin") == "/usr/bin/passwd");
  CHECK(find_executable("bin", "/usr:/").empty());
}

TEST_CASE("a name containing a slash is taken as a path", "[launcher][lookup]") {
  CHECK(find_executable("/usr/bin/env", "") == "/usr/bin/env");
  CHECK(find_executable("./script", "/bin") == "./script");
}

TEST_CASE("exit_status_of maps every outcome", "[launcher][exit]") {
  RunResult result;
  result.outcome = Outcome::Exited;
  result.exit_code = 254;
  CHECK(exit_status_of(result) == 254);

  result = {};
  result.outcome = Outcome::Signaled;
  result.signal = SIGSEGV;
  CHECK(exit_status_of(result) == 139);

  result = {};
  result.outcome = Outcome::TimedOut;
  CHECK(exit_status_of(result) == awsdns::to_int(awsdns::ExitCode::Timeout));
  CHECK(exit_status_of(result) == 124);

  result = {};
  result.outcome = Outcome::StartFailed;
  result.start_error = std::make_error_code(std::errc::no_such_file_or_directory);
  CHECK(exit_status_of(result) == 127);
  result.start_error = std::make_error_code(std::errc::permission_denied);
  CHECK(exit_status_of(result) == 126);
  result.start_error = std::error_code(ENOEXEC, std::system_category());
  CHECK(exit_status_of(result) == 126);

  result = {};
  result.outcome = Outcome::Interrupted;
  result.signal = SIGINT;
  CHECK(exit_status_of(result) == 130);
}
