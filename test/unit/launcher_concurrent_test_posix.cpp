// Several children at once on the real runner (start, wait_any, stop): they overlap, each keeps
// its own time limit (also while run() drives another child), stop() ends a whole tree, and a
// received termination signal ends every one of them.

#include <signal.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

#include "launcher/command_runner.hpp"
#include "launcher/interruption.hpp"
#include "launcher_support_posix.hpp"

using namespace awsdns::launcher;
using namespace std::chrono_literals;
using awsdns::launcher::test::group_gone_within;
using awsdns::launcher::test::numbers_in;
using awsdns::launcher::test::process_gone;
using awsdns::launcher::test::shell;
using Clock = std::chrono::steady_clock;

namespace {

// A started run's result, waiting at most `limit` (a hang guard).
FinishedRun wait_for_one(CommandRunner& runner, std::chrono::milliseconds limit = 30s) {
  auto finished = runner.wait_any(Clock::now() + limit);
  REQUIRE(finished);
  return std::move(*finished);
}

}  // namespace

TEST_CASE("two started runs overlap and end in the order they end", "[launcher][concurrent]") {
  auto runner = make_process_runner();
  const auto started = Clock::now();
  const RunId slow = runner->start(shell("sleep 1.2; echo slow"));
  const RunId fast = runner->start(shell("sleep 0.6; echo fast >&2; exit 3"));
  CHECK(slow != fast);
  const FinishedRun first = wait_for_one(*runner);
  CHECK(first.id == fast);
  CHECK(first.result.outcome == Outcome::Exited);
  CHECK(first.result.exit_code == 3);
  CHECK(first.result.stderr_text == "fast\n");
  const FinishedRun second = wait_for_one(*runner);
  CHECK(second.id == slow);
  CHECK(second.result.stdout_text == "slow\n");
  CHECK(second.result.elapsed >= 1200ms);
  // One after the other they would take 1.8 s: they ran at the same time.
  CHECK(Clock::now() - started < 1700ms);
  CHECK_FALSE(runner->wait_any(Clock::now() + 10s));  // none left: at once
}

TEST_CASE("wait_any returns nothing at its time while a run goes on", "[launcher][concurrent]") {
  auto runner = make_process_runner();
  const RunId id = runner->start(shell("sleep 1; echo done"));
  const auto asked = Clock::now();
  CHECK_FALSE(runner->wait_any(asked + 200ms));
  CHECK(Clock::now() - asked >= 200ms);
  CHECK(Clock::now() - asked < 900ms);
  const FinishedRun finished = wait_for_one(*runner);
  CHECK(finished.id == id);
  CHECK(finished.result.stdout_text == "done\n");
}

TEST_CASE("a started run keeps its time limit while run() drives another child",
          "[launcher][concurrent]") {
  auto runner = make_process_runner(300ms);
  Command hanging = shell("sleep 300 & echo $$ $!; sleep 300");
  hanging.timeout = 500ms;
  const RunId id = runner->start(hanging);
  const RunResult other = runner->run(shell("sleep 1.5; echo other"));
  CHECK(other.stdout_text == "other\n");
  // Ended (and queued) during run(): wait_any hands it over at once.
  const auto asked = Clock::now();
  const FinishedRun finished = wait_for_one(*runner);
  CHECK(Clock::now() - asked < 100ms);
  CHECK(finished.id == id);
  CHECK(finished.result.outcome == Outcome::TimedOut);
  CHECK(finished.result.elapsed < 1500ms);
  const auto pids = numbers_in(finished.result.stdout_text);
  REQUIRE(pids.size() == 2);
  CHECK(group_gone_within(pids[0], 5s));
  CHECK(process_gone(pids[1]));
}

TEST_CASE("stop ends a started run's whole tree, and its result is dropped",
          "[launcher][concurrent]") {
  const std::string pid_file = "/tmp/awsdns-launcher-stop-" + std::to_string(::getpid()) + ".pids";
  auto runner = make_process_runner(300ms);
  const RunId stopped =
      runner->start(shell("sleep 300 & echo $$ $! > " + pid_file + "; sleep 300"));
  const RunId other = runner->start(shell("sleep 0.5; echo other"));
  std::vector<int> pids;
  for (int tries = 0; pids.size() < 2 && tries < 250; ++tries) {
    std::this_thread::sleep_for(20ms);
    std::ifstream in(pid_file);
    pids = numbers_in(std::string(std::istreambuf_iterator<char>(in), {}));
  }
  std::remove(pid_file.c_str());
  REQUIRE(pids.size() == 2);
  const auto asked = Clock::now();
  runner->stop(stopped);
  CHECK(Clock::now() - asked < 5s);
  CHECK(group_gone_within(pids[0], 5s));
  CHECK(process_gone(pids[1]));
  const FinishedRun finished = wait_for_one(*runner);
  CHECK(finished.id == other);
  CHECK(finished.result.stdout_text == "other\n");
  CHECK_FALSE(runner->wait_any(Clock::now() + 1s));  // the stopped one is not returned
  runner->stop(other);                               // returned already: nothing happens
}

TEST_CASE("a child that cannot start ends at once as a started run", "[launcher][concurrent]") {
  auto runner = make_process_runner();
  Command missing;
  missing.executable = "/nonexistent/awsdns-test-program";
  const RunId id = runner->start(missing);
  const auto finished = runner->wait_any(Clock::now());
  REQUIRE(finished);
  CHECK(finished->id == id);
  CHECK(finished->result.outcome == Outcome::StartFailed);
  CHECK(exit_status_of(finished->result) == 127);
}

TEST_CASE("a received SIGTERM ends every started run with the signal",
          "[launcher][concurrent][signals]") {
  auto& interruption = Interruption::of_process();
  interruption.install_handlers();
  interruption.clear();
  auto runner = make_process_runner(500ms);
  const RunId a = runner->start(shell("echo $$; sleep 300"));
  const RunId b = runner->start(shell("echo $$; sleep 300"));
  std::thread sender([] {
    std::this_thread::sleep_for(300ms);
    ::kill(::getpid(), SIGTERM);
  });
  std::set<RunId> ended;
  for (int i = 0; i < 2; ++i) {
    const FinishedRun finished = wait_for_one(*runner);
    ended.insert(finished.id);
    CHECK(finished.result.outcome == Outcome::Interrupted);
    CHECK(finished.result.signal == SIGTERM);
    const auto pids = numbers_in(finished.result.stdout_text);
    REQUIRE(pids.size() == 1);
    CHECK(group_gone_within(pids[0], 5s));
  }
  sender.join();
  CHECK(ended == std::set<RunId>{a, b});
  // awsdns is stopping: nothing new starts.
  const RunId late = runner->start(shell("echo never"));
  const auto refused = runner->wait_any(Clock::now());
  REQUIRE(refused);
  CHECK(refused->id == late);
  CHECK(refused->result.outcome == Outcome::Interrupted);
  CHECK(refused->result.stdout_text.empty());
  interruption.clear();
}
