// The real process runner against real children: exit codes, streams, environment, time limits
// on process trees, start failures.

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/exit_code.hpp"
#include "launcher/command_runner.hpp"
#include "launcher/interruption.hpp"
#include "launcher/timekeeper.hpp"
#include "launcher_support_posix.hpp"

using namespace awsdns::launcher;
using namespace std::chrono_literals;
using awsdns::launcher::test::group_gone_within;
using awsdns::launcher::test::numbers_in;
using awsdns::launcher::test::process_gone;
using awsdns::launcher::test::shell;

TEST_CASE("the child's exit code is passed through", "[launcher][runner]") {
  auto runner = make_process_runner();
  const RunResult result = runner->run(shell("exit 7"));
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.exit_code == 7);
  CHECK(exit_status_of(result) == 7);
}

TEST_CASE("stdout and stderr are captured separately", "[launcher][runner]") {
  auto runner = make_process_runner();
  const RunResult result = runner->run(shell("printf 'out\\nput'; printf 'err' >&2"));
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.exit_code == 0);
  CHECK(result.stdout_text == "out\nput");
  CHECK(result.stderr_text == "err");
}

TEST_CASE("the child gets exactly the given environment", "[launcher][runner]") {
  auto runner = make_process_runner();
  Command command;
  command.executable = "/usr/bin/env";
  command.environment = {{"HTTPS_PROXY", "http://127.0.0.1:3128"}, {"SPACED", "a b = c"}};
  RunResult result = runner->run(command);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.stdout_text == "HTTPS_PROXY=http://127.0.0.1:3128\nSPACED=a b = c\n");

  command.environment.clear();
  result = runner->run(command);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.stdout_text.empty());
}

TEST_CASE("arguments are passed verbatim, without a shell", "[launcher][runner]") {
  auto runner = make_process_runner();
  Command command;
  command.executable = "/usr/bin/printf";
  command.args = {"%s|", "$HOME", "a b", "*", ""};
  const RunResult result = runner->run(command);
  CHECK(result.stdout_text == "$HOME|a b|*||");
}

TEST_CASE("stdin Null gives end of file at once", "[launcher][runner]") {
  auto runner = make_process_runner();
  Command command = shell("cat; echo done");
  command.stdin_mode = StreamMode::Null;
  command.timeout = 20s;
  const RunResult result = runner->run(command);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.stdout_text == "done\n");
}

TEST_CASE("Null output streams are discarded", "[launcher][runner]") {
  auto runner = make_process_runner();
  Command command = shell("echo out; echo err >&2");
  command.stdout_mode = StreamMode::Null;
  command.stderr_mode = StreamMode::Null;
  const RunResult result = runner->run(command);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.stdout_text.empty());
  CHECK(result.stderr_text.empty());
}

TEST_CASE("a time-out kills the whole tree even when a grandchild holds the pipe",
          "[launcher][runner][timeout]") {
  // The tree dies of SIGTERM: the run ends without waiting for the (long) grace period.
  auto runner = make_process_runner(30s);
  Command command = shell("sleep 300 & echo $$ $!; sleep 300");
  command.timeout = 500ms;
  const auto started = std::chrono::steady_clock::now();
  const RunResult result = runner->run(command);
  const auto took = std::chrono::steady_clock::now() - started;
  CHECK(result.outcome == Outcome::TimedOut);
  CHECK(exit_status_of(result) == 124);
  CHECK(took < 15s);
  const auto pids = numbers_in(result.stdout_text);
  REQUIRE(pids.size() == 2);
  CHECK(group_gone_within(pids[0], 5s));
  CHECK(process_gone(pids[1]));
}

TEST_CASE("a tree that ignores SIGTERM is killed after the grace period",
          "[launcher][runner][timeout]") {
  auto runner = make_process_runner(300ms);
  Command command = shell("trap '' TERM; sleep 300 & echo $$ $!; sleep 300");
  command.timeout = 300ms;
  const auto started = std::chrono::steady_clock::now();
  const RunResult result = runner->run(command);
  CHECK(result.outcome == Outcome::TimedOut);
  CHECK(std::chrono::steady_clock::now() - started < 20s);
  const auto pids = numbers_in(result.stdout_text);
  REQUIRE(pids.size() == 2);
  CHECK(group_gone_within(pids[0], 5s));
  CHECK(process_gone(pids[1]));
}

TEST_CASE("a child that exits while a grandchild keeps its pipe open does not hang the runner",
          "[launcher][runner]") {
  auto runner = make_process_runner(500ms);
  Command command = shell("sleep 300 & echo $$ $!; exit 3");
  const auto started = std::chrono::steady_clock::now();
  const RunResult result = runner->run(command);
  CHECK(std::chrono::steady_clock::now() - started < 20s);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.exit_code == 3);
  const auto pids = numbers_in(result.stdout_text);
  REQUIRE(pids.size() == 2);
  CHECK(group_gone_within(pids[0], 5s));
  CHECK(process_gone(pids[1]));
}

TEST_CASE("a time limit that is not reached changes nothing", "[launcher][runner][timeout]") {
  auto runner = make_process_runner();
  Command command = shell("echo fast");
  command.timeout = 30s;
  const RunResult result = runner->run(command);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.stdout_text == "fast\n");
  CHECK(result.elapsed < 20s);
}

TEST_CASE("a missing executable is a start failure with ENOENT (127)", "[launcher][runner]") {
  auto runner = make_process_runner();
  Command command;
  command.executable = "/nonexistent/awsdns-test-command";
  const RunResult result = runner->run(command);
  REQUIRE(result.outcome == Outcome::StartFailed);
  CHECK(result.start_error == std::errc::no_such_file_or_directory);
  CHECK(exit_status_of(result) == 127);

  command.executable.clear();
  CHECK(runner->run(command).outcome == Outcome::StartFailed);
}

TEST_CASE("a file without execute permission is a start failure (126)", "[launcher][runner]") {
  char path[] = "/tmp/awsdns-launcher-test-XXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, "#!/bin/sh\nexit 0\n", 17) == 17);
  ::close(fd);
  ::chmod(path, 0644);
  auto runner = make_process_runner();
  Command command;
  command.executable = path;
  const RunResult result = runner->run(command);
  ::unlink(path);
  REQUIRE(result.outcome == Outcome::StartFailed);
  CHECK(result.start_error == std::errc::permission_denied);
  CHECK(exit_status_of(result) == 126);
}

TEST_CASE("a child killed by a signal reports 128+N", "[launcher][runner]") {
  auto runner = make_process_runner();
  const RunResult result = runner->run(shell("kill -9 $$"));
  REQUIRE(result.outcome == Outcome::Signaled);
  CHECK(result.signal == SIGKILL);
  CHECK(exit_status_of(result) == 137);
}

TEST_CASE("the child runs in its own process group with default signal handling",
          "[launcher][runner]") {
  Interruption::of_process().install_handlers();  // awsdns ignores SIGPIPE and catches INT/TERM/HUP
  auto runner = make_process_runner();
  Command command;
  command.executable = "/bin/cat";
  command.args = {"/proc/self/stat"};
  RunResult result = runner->run(command);
  REQUIRE(result.outcome == Outcome::Exited);
  // "pid (comm) state ppid pgrp ..."
  const auto after_name = result.stdout_text.substr(result.stdout_text.rfind(')') + 4);
  const auto ids = numbers_in(after_name);
  const int pid = std::stoi(result.stdout_text);
  REQUIRE(ids.size() >= 2);
  CHECK(ids[1] == pid);          // pgrp == pid: a group of its own
  CHECK(ids[1] != ::getpgrp());  // not ours

  // exec keeps a blocked mask and ignored signals: both must be clean in the child.
  command.executable = "/bin/grep";
  command.args = {"-E", "^Sig(Ign|Blk)", "/proc/self/status"};
  result = runner->run(command);
  REQUIRE(result.outcome == Outcome::Exited);
  auto mask_of = [&](const std::string& name) {
    const auto at = result.stdout_text.find(name + ":");
    REQUIRE(at != std::string::npos);
    return std::stoull(result.stdout_text.substr(at + name.size() + 1), nullptr, 16);
  };
  auto bit = [](int signal_number) { return 1ULL << (signal_number - 1); };
  CHECK((mask_of("SigIgn") & bit(SIGPIPE)) == 0);
  CHECK((mask_of("SigBlk") & (bit(SIGINT) | bit(SIGTERM) | bit(SIGHUP))) == 0);
}

TEST_CASE("Filter mode replaces only the secrets, also one split across writes",
          "[launcher][runner][filter]") {
  std::FILE* capture = std::tmpfile();
  REQUIRE(capture != nullptr);
  std::fflush(stderr);
  const int saved_stderr = ::dup(STDERR_FILENO);
  ::dup2(::fileno(capture), STDERR_FILENO);

  auto runner = make_process_runner();
  Command command = shell(
      "printf 'one secret\\n' >&2; printf 'two sec' >&2; sleep 0.2; printf 'ret\\r\\n' >&2;"
      "printf 'three secret' >&2");
  command.stderr_mode = StreamMode::Filter;
  command.redact = {"secret"};
  const RunResult result = runner->run(command);

  std::fflush(stderr);
  ::dup2(saved_stderr, STDERR_FILENO);
  ::close(saved_stderr);
  std::rewind(capture);
  std::string printed;
  for (int c; (c = std::fgetc(capture)) != EOF;) printed += static_cast<char>(c);
  std::fclose(capture);

  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.stderr_text.empty());
  CHECK(printed == "one ***\ntwo ***\r\nthree ***");
}

TEST_CASE("a grandchild that left the group and holds the pipe does not hang the runner",
          "[launcher][runner]") {
  auto runner = make_process_runner(300ms);
  Command command = shell("setsid sleep 300 & echo $!; exit 0");
  const auto started = std::chrono::steady_clock::now();
  const RunResult result = runner->run(command);
  CHECK(std::chrono::steady_clock::now() - started < 20s);
  CHECK(result.outcome == Outcome::Exited);
  CHECK(result.exit_code == 0);
  const auto pids = numbers_in(result.stdout_text);
  REQUIRE(pids.size() == 1);
  ::kill(pids[0], SIGKILL);  // out of the runner's reach by design: clean up here
}

TEST_CASE("a run never outlasts its timeout by more than run_overrun(kill_grace)",
          "[launcher][runner][timeout]") {
  // Two ways to end late: the child exits by itself and a grandchild keeps the pipe open (the
  // drain of its leftovers must stop at the time limit, not 1 s after the exit), and a tree that
  // ignores SIGTERM (killed after the grace). A caller with a deadline relies on this bound.
  const auto grace = 100ms;
  CHECK(run_overrun(grace) > grace);
  auto runner = make_process_runner(grace);
  for (const char* script :
       {"sleep 300 & echo $$ $!; exit 0", "trap '' TERM; sleep 300 & echo $$ $!; sleep 300"}) {
    INFO(script);
    Command command = shell(script);
    command.timeout = 100ms;
    const auto started = std::chrono::steady_clock::now();
    const RunResult result = runner->run(command);
    const auto took = std::chrono::steady_clock::now() - started;
    // 400 ms of slack for a loaded machine; without the bound the first case takes 1 s.
    CHECK(took < command.timeout + run_overrun(grace) + 400ms);
    const auto pids = numbers_in(result.stdout_text);
    REQUIRE(pids.size() == 2);
    CHECK(group_gone_within(pids[0], 5s));
  }
}
