// ResourceLock on POSIX: the lock file's mode and close-on-exec, the folder's modes, no symbolic
// link followed (the rest: route53_lock_test.cpp).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "route53/resource_lock.hpp"
#include "test_support.hpp"
#include "test_timekeeper.hpp"

using namespace awsdns::route53;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

TEST_CASE("lock: the file is 0600, close-on-exec, and kept after release") {
  const awsdns::test::TempDir dir("awsdns-lock");
  awsdns::test::TestTimekeeper time;
  const std::string path = (dir.path() / "web.lock").string();
  {
    auto held = ResourceLock::acquire(dir.path().string(), "web", Clock::now(), time);
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
  const awsdns::test::TempDir dir("awsdns-lock");
  awsdns::test::TestTimekeeper time;
  for (const mode_t mask : {mode_t{0}, mode_t{022}, mode_t{077}}) {
    const auto run = dir.path() / ("run" + std::to_string(mask));
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
  const auto existing = dir.path() / "existing";
  std::filesystem::create_directory(existing);
  REQUIRE(::chmod(existing.c_str(), 0750) == 0);
  REQUIRE(ResourceLock::acquire(existing.string(), "web", Clock::now(), time).lock);
  struct stat info {};
  REQUIRE(::stat(existing.c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0750);
}

TEST_CASE("lock: a symbolic link planted as the lock file is not followed") {
  const awsdns::test::TempDir dir("awsdns-lock");
  awsdns::test::TestTimekeeper time;
  // A symlink planted where the lock file goes is not followed.
  std::filesystem::create_symlink(dir.path() / "target", dir.path() / "web.lock");
  auto symlink = ResourceLock::acquire(dir.path().string(), "web", Clock::now(), time);
  CHECK(symlink.failure == ResourceLock::Failure::Error);
  CHECK_FALSE(std::filesystem::exists(dir.path() / "target"));
}
