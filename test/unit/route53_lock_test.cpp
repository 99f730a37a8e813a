// ResourceLock on every system: exclusive per resource (two acquires in one process conflict:
// flock locks belong to the open file description, LockFileEx locks to the handle), waits within
// its deadline, ends early on a signal, refuses bad names and folders.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "route53/resource_lock.hpp"
#include "test_support.hpp"
#include "test_timekeeper.hpp"

using namespace awsdns::route53;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// The lock of `resource` in `lock_dir` for this test's user.
LockRequest request(const std::string& lock_dir, const std::string& resource) {
  return {lock_dir, resource, awsdns::test::caller_uid(), {}};
}

}  // namespace

TEST_CASE("lock: a second acquire is Busy until the first is released") {
  const awsdns::test::TempDir dir("awsdns-lock");
  awsdns::test::TestTimekeeper time;
  const std::string lock_dir = (dir.path() / "run" / "awsdns").string();  // created on demand
  auto first = ResourceLock::acquire(request(lock_dir, "web"), Clock::now() + 1s, time);
  REQUIRE(first.has_value());

  const auto started = Clock::now();
  auto second = ResourceLock::acquire(request(lock_dir, "web"), Clock::now() + 300ms, time);
  const auto waited = Clock::now() - started;
  CHECK_FALSE(second.has_value());
  CHECK(second.error().code == awsdns::ExitCode::LockBusy);
  CHECK_THAT(second.error().message, Catch::Contains("resource 'web' is locked by another awsdns"));
  CHECK_THAT(second.error().message, Catch::Contains("(pid " + std::to_string(::getpid()) + ")"));
  CHECK_THAT(second.error().message,
             Catch::Contains((std::filesystem::path(lock_dir) / "web.lock").string()));
  CHECK(waited >= 300ms);   // respected the deadline...
  CHECK(waited < 5s);       // ...and did not hang
  CHECK(time.sleeps >= 2);  // polled, not one long sleep

  // Another resource is independent.
  auto other = ResourceLock::acquire(request(lock_dir, "db"), Clock::now(), time);
  CHECK(other.has_value());

  { const ResourceLock released = std::move(*first); }
  auto third = ResourceLock::acquire(request(lock_dir, "web"), Clock::now(), time);
  CHECK(third.has_value());
}

TEST_CASE("lock: a waiter gets the lock when the holder releases it in time") {
  const awsdns::test::TempDir dir("awsdns-lock");
  awsdns::test::TestTimekeeper time;
  auto first = ResourceLock::acquire(request(dir.path().string(), "web"), Clock::now(), time);
  REQUIRE(first.has_value());
  std::thread releaser([&] {
    std::this_thread::sleep_for(250ms);
    { const ResourceLock released = std::move(*first); }
  });
  auto second =
      ResourceLock::acquire(request(dir.path().string(), "web"), Clock::now() + 10s, time);
  releaser.join();
  CHECK(second.has_value());
}

TEST_CASE("lock: a signal ends the wait as Interrupted") {
  const awsdns::test::TempDir dir("awsdns-lock");
  awsdns::test::TestTimekeeper time;
  auto first = ResourceLock::acquire(request(dir.path().string(), "web"), Clock::now(), time);
  REQUIRE(first.has_value());
  time.interrupt_after = 2;
  const auto started = Clock::now();
  auto second =
      ResourceLock::acquire(request(dir.path().string(), "web"), Clock::now() + 60s, time);
  CHECK_FALSE(second.has_value());
  CHECK(awsdns::to_int(second.error().code) > awsdns::to_int(awsdns::ExitCode::SignalBase));
  CHECK(Clock::now() - started < 10s);
  CHECK(time.sleeps == 3);
}

TEST_CASE("lock: bad resource names and directories are errors") {
  const awsdns::test::TempDir dir("awsdns-lock");
  awsdns::test::TestTimekeeper time;
  auto traversal =
      ResourceLock::acquire(request(dir.path().string(), "../escape"), Clock::now(), time);
  CHECK_FALSE(traversal.has_value());
  CHECK(traversal.error().code == awsdns::ExitCode::Failed);

  auto relative = ResourceLock::acquire(request("relative/dir", "web"), Clock::now(), time);
  CHECK(relative.error().code == awsdns::ExitCode::Failed);

  const std::string file = (dir.path() / "plain-file").string();
  std::ofstream(file) << "x";
  auto not_dir = ResourceLock::acquire(request(file, "web"), Clock::now(), time);
  CHECK(not_dir.error().code == awsdns::ExitCode::Failed);
  CHECK_THAT(not_dir.error().message, Catch::Contains(file));
}

TEST_CASE("lock: a wait for a held lock is told once, with the holder and the time left") {
  const awsdns::test::TempDir dir("awsdns-lock");
  awsdns::test::TestTimekeeper time;
  auto first = ResourceLock::acquire(request(dir.path().string(), "web"), Clock::now(), time);
  REQUIRE(first.has_value());
  int told = 0;
  long holder = -1;
  std::chrono::milliseconds up_to{0};
  LockRequest waiting = request(dir.path().string(), "web");
  waiting.on_wait = [&](long pid, std::chrono::milliseconds left) {
    ++told;
    holder = pid;
    up_to = left;
  };
  auto second = ResourceLock::acquire(waiting, Clock::now() + 400ms, time);
  CHECK(second.error().code == awsdns::ExitCode::LockBusy);
  CHECK(told == 1);
  CHECK(holder == static_cast<long>(::getpid()));
  CHECK(up_to > 200ms);
  CHECK(up_to <= 400ms);

  // A free lock is taken without a word.
  { const ResourceLock released = std::move(*first); }
  told = 0;
  CHECK(ResourceLock::acquire(waiting, Clock::now() + 400ms, time).has_value());
  CHECK(told == 0);
}
