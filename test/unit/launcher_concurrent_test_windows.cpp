// Several children at once on the real runner on Windows (start, wait_any, stop), with the stub
// programs of test/windows/stubs: they overlap, end in the order they end, keep their own time
// limits while run() drives another child, and stop() ends a whole tree (its Job object).

#include <windows.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

#include "launcher/command_runner.hpp"
#include "stubs_windows.hpp"
#include "test_support.hpp"

using namespace awsdns::launcher;
using namespace std::chrono_literals;
using awsdns::test::process_ends_within;
using awsdns::test::stub;
using Clock = std::chrono::steady_clock;

namespace {

Command exit_after(int code, std::chrono::milliseconds sleep) {
  Command command;
  command.executable = stub("exit_with");
  command.args = {std::to_string(code), std::to_string(sleep.count())};
  command.timeout = 30s;  // catches a hang only
  return command;
}

FinishedRun wait_for_one(CommandRunner& runner) {
  auto finished = runner.wait_any(Clock::now() + 30s);
  REQUIRE(finished);
  return std::move(*finished);
}

}  // namespace

TEST_CASE("Windows: two started runs overlap and end in the order they end",
          "[launcher][windows][concurrent]") {
  auto runner = make_process_runner();
  const auto started = Clock::now();
  const RunId slow = runner->start(exit_after(5, 2000ms));
  const RunId fast = runner->start(exit_after(3, 1000ms));
  const FinishedRun first = wait_for_one(*runner);
  CHECK(first.id == fast);
  CHECK(first.result.outcome == Outcome::Exited);
  CHECK(first.result.exit_code == 3);
  const FinishedRun second = wait_for_one(*runner);
  CHECK(second.id == slow);
  CHECK(second.result.exit_code == 5);
  CHECK(Clock::now() - started < 2900ms);  // one after the other: 3 s
  CHECK_FALSE(runner->wait_any(Clock::now() + 10s));
}

TEST_CASE("Windows: a started run keeps its time limit while run() drives another",
          "[launcher][windows][concurrent]") {
  auto runner = make_process_runner(200ms);
  Command hanging = exit_after(0, 60000ms);
  hanging.timeout = 500ms;
  const RunId id = runner->start(hanging);
  CHECK(runner->run(exit_after(7, 1500ms)).exit_code == 7);
  const FinishedRun finished = wait_for_one(*runner);
  CHECK(finished.id == id);
  CHECK(finished.result.outcome == Outcome::TimedOut);
  CHECK(finished.result.elapsed < 1500ms);
}

TEST_CASE("Windows: stop ends a started run's tree, and wait_any does not return it",
          "[launcher][windows][concurrent]") {
  const awsdns::test::TempDir dir("awsdns-stop");
  const std::string pid_file = dir.file("pids.txt");
  auto runner = make_process_runner(200ms);
  Command tree;
  tree.executable = stub("spawn_tree");
  tree.args = {pid_file};
  tree.timeout = 60s;
  const RunId stopped = runner->start(tree);
  const RunId other = runner->start(exit_after(4, 500ms));
  unsigned long child = 0, grandchild = 0;
  for (int tries = 0; grandchild == 0 && tries < 250; ++tries) {
    std::this_thread::sleep_for(20ms);
    std::ifstream(pid_file) >> child >> grandchild;
  }
  REQUIRE(grandchild != 0);
  runner->stop(stopped);
  CHECK(process_ends_within(child, 5000ms));
  CHECK(process_ends_within(grandchild, 5000ms));
  const FinishedRun finished = wait_for_one(*runner);
  CHECK(finished.id == other);
  CHECK(finished.result.exit_code == 4);
  CHECK_FALSE(runner->wait_any(Clock::now() + 1s));
}

TEST_CASE("Windows: a started program that does not exist ends at once",
          "[launcher][windows][concurrent]") {
  auto runner = make_process_runner();
  Command missing = exit_after(0, 0ms);
  missing.executable = awsdns::test::stubs_folder() + "\\no-such-program.exe";
  const RunId id = runner->start(missing);
  const auto finished = runner->wait_any(Clock::now());
  REQUIRE(finished);
  CHECK(finished->id == id);
  CHECK(finished->result.outcome == Outcome::StartFailed);
}
