// ResourceLock: exclusive per resource, waits within its deadline, ends early on a signal.
// flock locks belong to the open file description, so two acquires in one process conflict.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "route53/resource_lock.hpp"

using namespace awsdns::route53;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// Real clock and real sleeps; sleep_for reports an interrupt once `interrupt_after` sleeps ran.
class TestTimekeeper : public awsdns::launcher::Timekeeper {
 public:
  Clock::time_point now() const override { return Clock::now(); }
  bool sleep_for(std::chrono::milliseconds duration) override {
    ++sleeps;
    if (interrupt_after >= 0 && sleeps > interrupt_after) return false;
    std::this_thread::sleep_for(duration);
    return true;
  }
  int interrupt_signal() const override {
    return interrupt_after >= 0 && sleeps > interrupt_after ? 15 : 0;
  }
  int sleeps = 0;
  int interrupt_after = -1;  // negative: never
};

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "awsdns-lock-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("lock: a second acquire is Busy until the first is released") {
  TempDir dir;
  TestTimekeeper time;
  const std::string lock_dir = (dir.path / "run" / "awsdns").string();  // created on demand
  auto first = ResourceLock::acquire(lock_dir, "web", Clock::now() + 1s, time);
  REQUIRE(first.lock);
  CHECK(first.message.empty());

  const auto started = Clock::now();
  auto second = ResourceLock::acquire(lock_dir, "web", Clock::now() + 300ms, time);
  const auto waited = Clock::now() - started;
  CHECK_FALSE(second.lock);
  CHECK(second.failure == ResourceLock::Failure::Busy);
  CHECK_THAT(second.message, Catch::Contains("resource 'web' is locked by another awsdns"));
  CHECK_THAT(second.message, Catch::Contains("(pid " + std::to_string(::getpid()) + ")"));
  CHECK_THAT(second.message, Catch::Contains(lock_dir + "/web.lock"));
  CHECK(waited >= 300ms);   // respected the deadline...
  CHECK(waited < 5s);       // ...and did not hang
  CHECK(time.sleeps >= 2);  // polled, not one long sleep

  // Another resource is independent.
  auto other = ResourceLock::acquire(lock_dir, "db", Clock::now(), time);
  CHECK(other.lock);

  first.lock.reset();
  auto third = ResourceLock::acquire(lock_dir, "web", Clock::now(), time);
  CHECK(third.lock);
}

TEST_CASE("lock: a waiter gets the lock when the holder releases it in time") {
  TempDir dir;
  TestTimekeeper time;
  auto first = ResourceLock::acquire(dir.path.string(), "web", Clock::now(), time);
  REQUIRE(first.lock);
  std::thread releaser([&] {
    std::this_thread::sleep_for(250ms);
    first.lock.reset();
  });
  auto second = ResourceLock::acquire(dir.path.string(), "web", Clock::now() + 10s, time);
  releaser.join();
  CHECK(second.lock);
}

TEST_CASE("lock: a signal ends the wait as Interrupted") {
  TempDir dir;
  TestTimekeeper time;
  auto first = ResourceLock::acquire(dir.path.string(), "web", Clock::now(), time);
  REQUIRE(first.lock);
  time.interrupt_after = 2;
  const auto started = Clock::now();
  auto second = ResourceLock::acquire(dir.path.string(), "web", Clock::now() + 60s, time);
  CHECK_FALSE(second.lock);
  CHECK(second.failure == ResourceLock::Failure::Interrupted);
  CHECK(Clock::now() - started < 10s);
  CHECK(time.sleeps == 3);
}

TEST_CASE("lock: the file is 0600, close-on-exec, and kept after release") {
  TempDir dir;
  TestTimekeeper time;
  const std::string path = (dir.path / "web.lock").string();
  {
    auto held = ResourceLock::acquire(dir.path.string(), "web", Clock::now(), time);
    REQUIRE(held.lock);
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    // The lock's descriptor is the newest one: find it through /proc and check FD_CLOEXEC.
    bool found = false;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
      std::error_code error;
      if (std::filesystem::read_symlink(entry.path(), error) == path) {
        const int fd = std::stoi(entry.path().filename().string());
        CHECK((::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
        found = true;
      }
    }
    CHECK(found);
  }
  CHECK(std::filesystem::exists(path));
}

TEST_CASE("lock: a missing directory is created 0700 (parents 0755) whatever the umask") {
  TempDir dir;
  TestTimekeeper time;
  for (const mode_t mask : {mode_t{0}, mode_t{022}, mode_t{077}}) {
    const auto run = dir.path / ("run" + std::to_string(mask));
    const std::string lock_dir = (run / "awsdns").string();
    const mode_t saved = ::umask(mask);
    auto held = ResourceLock::acquire(lock_dir, "web", Clock::now(), time);
    ::umask(saved);
    REQUIRE(held.lock);
    struct stat info {};
    REQUIRE(::stat(lock_dir.c_str(), &info) == 0);
    CHECK((info.st_mode & 07777) == 0700);
    CHECK(info.st_uid == ::geteuid());
    REQUIRE(::stat(run.c_str(), &info) == 0);
    CHECK((info.st_mode & 07777) == (0755 & ~mask));
  }
  // An existing directory keeps the mode its owner gave it.
  const auto existing = dir.path / "existing";
  std::filesystem::create_directory(existing);
  REQUIRE(::chmod(existing.c_str(), 0750) == 0);
  REQUIRE(ResourceLock::acquire(existing.string(), "web", Clock::now(), time).lock);
  struct stat info {};
  REQUIRE(::stat(existing.c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0750);
}

TEST_CASE("lock: bad resource names and directories are errors") {
  TempDir dir;
  TestTimekeeper time;
  auto traversal = ResourceLock::acquire(dir.path.string(), "../escape", Clock::now(), time);
  CHECK_FALSE(traversal.lock);
  CHECK(traversal.failure == ResourceLock::Failure::Error);

  auto relative = ResourceLock::acquire("relative/dir", "web", Clock::now(), time);
  CHECK(relative.failure == ResourceLock::Failure::Error);

  const std::string file = (dir.path / "plain-file").string();
  std::ofstream(file) << "x";
  auto not_dir = ResourceLock::acquire(file, "web", Clock::now(), time);
  CHECK(not_dir.failure == ResourceLock::Failure::Error);
  CHECK_THAT(not_dir.message, Catch::Contains(file));

  // A symlink planted where the lock file goes is not followed.
  std::filesystem::create_symlink(dir.path / "target", dir.path / "web.lock");
  auto symlink = ResourceLock::acquire(dir.path.string(), "web", Clock::now(), time);
  CHECK(symlink.failure == ResourceLock::Failure::Error);
  CHECK_FALSE(std::filesystem::exists(dir.path / "target"));
}
