#include <sys/wait.h>
// Termination signals: forwarded to the running child's process group; they cut sleeps short.
// Each test sends a real signal to this test process, with the handlers installed.

#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <thread>

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

namespace {

Interruption& interruption() {
  return Interruption::of_process();
}

// Sends `signal_number` to this process after `delay`, from another thread.
std::thread signal_self_after(std::chrono::milliseconds delay, int signal_number) {
  return std::thread([=] {
    std::this_thread::sleep_for(delay);
    ::kill(::getpid(), signal_number);
  });
}

}  // namespace

TEST_CASE("a received SIGTERM is forwarded to the child's group and ends the run",
          "[launcher][signals]") {
  interruption().install_handlers();
  interruption().clear();
  auto runner = make_process_runner(500ms);
  Command command = shell("sleep 300 & echo $$ $!; sleep 300");
  auto sender = signal_self_after(300ms, SIGTERM);
  const auto started = std::chrono::steady_clock::now();
  const RunResult result = runner->run(command);
  sender.join();
  CHECK(std::chrono::steady_clock::now() - started < 20s);
  REQUIRE(result.outcome == Outcome::Interrupted);
  CHECK(result.signal == SIGTERM);
  CHECK(exit_status_of(result) == 128 + SIGTERM);
  const auto pids = numbers_in(result.stdout_text);
  REQUIRE(pids.size() == 2);
  CHECK(group_gone_within(pids[0], 5s));
  CHECK(process_gone(pids[1]));
  interruption().clear();
}

TEST_CASE("the child receives the very signal awsdns received", "[launcher][signals]") {
  interruption().install_handlers();
  interruption().clear();
  auto runner = make_process_runner(30s);
  // The child reports the signal it got and exits by itself, well within the grace period; the
  // run ends then, without waiting for the grace period.
  Command command = shell("trap 'echo got-HUP; exit 0' HUP; sleep 300 & wait");
  auto sender = signal_self_after(300ms, SIGHUP);
  const RunResult result = runner->run(command);
  sender.join();
  REQUIRE(result.outcome == Outcome::Interrupted);
  CHECK(result.signal == SIGHUP);
  CHECK(result.stdout_text == "got-HUP\n");
  CHECK(result.elapsed < 15s);
  CHECK(exit_status_of(result) == 128 + SIGHUP);
  interruption().clear();
}

TEST_CASE("no child is started once a termination signal was received", "[launcher][signals]") {
  interruption().install_handlers();
  interruption().clear();
  {
    const Interruption::Section recorded_not_fatal(interruption());
    ::kill(::getpid(), SIGINT);
  }
  REQUIRE(interruption().received() == SIGINT);
  auto runner = make_process_runner();
  const RunResult result = runner->run(shell("echo started"));
  CHECK(result.outcome == Outcome::Interrupted);
  CHECK(result.signal == SIGINT);
  CHECK(result.stdout_text.empty());
  interruption().clear();
  CHECK(interruption().received() == 0);
}

TEST_CASE("Timekeeper::sleep_for sleeps, and a signal cuts it short", "[launcher][signals]") {
  interruption().install_handlers();
  interruption().clear();
  auto clock = make_system_timekeeper();

  auto before = clock->now();
  CHECK(clock->sleep_for(50ms));
  CHECK(clock->now() - before >= 50ms);
  CHECK(clock->interrupt_signal() == 0);

  auto sender = signal_self_after(200ms, SIGINT);
  before = clock->now();
  CHECK_FALSE(clock->sleep_for(60s));
  sender.join();
  CHECK(clock->now() - before < 20s);
  CHECK(clock->interrupt_signal() == SIGINT);
  CHECK_FALSE(clock->sleep_for(10s));  // stays interrupted until cleared
  interruption().clear();
  CHECK(clock->sleep_for(1ms));
}

TEST_CASE("only the first signal is remembered", "[launcher][signals]") {
  interruption().install_handlers();
  interruption().clear();
  {
    const Interruption::Section recorded_not_fatal(interruption());
    ::kill(::getpid(), SIGHUP);
    ::kill(::getpid(), SIGTERM);
  }
  CHECK(interruption().received() == SIGHUP);
  interruption().clear();
}

TEST_CASE("outside a run or a wait, a termination signal ends awsdns with 128+signal",
          "[launcher][signals]") {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {  // stands for awsdns busy parsing: no child, no wait
    interruption().install_handlers();
    ::kill(::getpid(), SIGTERM);
    ::sleep(10);
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 128 + SIGTERM);
}
