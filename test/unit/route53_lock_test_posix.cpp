// ResourceLock on POSIX: the lock file's mode and close-on-exec, the folder's modes, the trust
// rule of the lock directory (owner, mode, symbolic links on the way), no symbolic link followed
// to the lock file, and a lock file removed or replaced while held never giving two holders (the
// rest: route53_lock_test.cpp). Runs as root: the foreign owner is `nobody` (uid 65534), set with
// chown.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

#include "route53/resource_lock.hpp"
#include "route53/resource_lock_platform.hpp"
#include "test_support.hpp"
#include "test_timekeeper.hpp"
#include "util/trusted_directory.hpp"

using namespace awsdns::route53;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

constexpr uid_t kNobody = 65534;

LockRequest request(const std::string& lock_dir, const std::string& resource = "web") {
  return {lock_dir, resource, awsdns::test::caller_uid(), {}};
}

awsdns::Result<ResourceLock> try_lock(const std::string& lock_dir) {
  awsdns::test::TestTimekeeper time;
  return ResourceLock::acquire(request(lock_dir), Clock::now(), time);
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A directory `path` with exactly `mode`, owned by `owner`.
void make_dir(const fs::path& path, mode_t mode, uid_t owner = 0) {
  fs::create_directories(path);
  REQUIRE(::chmod(path.c_str(), mode) == 0);
  REQUIRE(::chown(path.c_str(), owner, static_cast<gid_t>(-1)) == 0);
}

// A symbolic link `path` -> `target`, owned by `owner` (as if `owner` had made it).
void make_link(const fs::path& target, const fs::path& path, uid_t owner = 0) {
  fs::create_symlink(target, path);
  REQUIRE(::lchown(path.c_str(), owner, static_cast<gid_t>(-1)) == 0);
}

}  // namespace

TEST_CASE("lock: the file is 0600, close-on-exec, and kept after release") {
  const awsdns::test::TempDir dir("awsdns-lock");
  awsdns::test::TestTimekeeper time;
  const std::string path = (dir.path() / "web.lock").string();
  {
    auto held = ResourceLock::acquire(request(dir.path().string()), Clock::now(), time);
    REQUIRE(held.has_value());
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    // The lock's descriptor is the only one on the file: find it through /proc and check
    // FD_CLOEXEC (the directory's descriptor is closed once the lock is taken).
    int found = 0;
    for (const auto& entry : fs::directory_iterator("/proc/self/fd")) {
      std::error_code error;
      const fs::path target = fs::read_symlink(entry.path(), error);
      if (target == path) {
        const int fd = std::stoi(entry.path().filename().string());
        CHECK((::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
        ++found;
      }
      CHECK(target != dir.path());
    }
    CHECK(found == 1);
  }
  CHECK(fs::exists(path));
}

TEST_CASE("lock: a missing directory is created 0700 (parents 0755) whatever the umask") {
  const awsdns::test::TempDir dir("awsdns-lock");
  awsdns::test::TestTimekeeper time;
  for (const mode_t mask : {mode_t{0}, mode_t{022}, mode_t{077}}) {
    const auto run = dir.path() / ("run" + std::to_string(mask));
    const std::string lock_dir = (run / "awsdns").string();
    const mode_t saved = ::umask(mask);
    auto held = ResourceLock::acquire(request(lock_dir), Clock::now(), time);
    ::umask(saved);
    REQUIRE(held.has_value());
    struct stat info {};
    REQUIRE(::stat(lock_dir.c_str(), &info) == 0);
    CHECK((info.st_mode & 07777) == 0700);
    CHECK(info.st_uid == ::geteuid());
    REQUIRE(::stat(run.c_str(), &info) == 0);
    CHECK((info.st_mode & 07777) == (0755 & ~mask));
  }
  // An existing directory keeps the mode its owner gave it.
  const auto existing = dir.path() / "existing";
  make_dir(existing, 0750);
  REQUIRE(try_lock(existing.string()).has_value());
  struct stat info {};
  REQUIRE(::stat(existing.c_str(), &info) == 0);
  CHECK((info.st_mode & 07777) == 0750);
}

TEST_CASE("lock directory: owned by another user, or writable by group or others: refused") {
  REQUIRE(::geteuid() == 0);  // chown to nobody
  const awsdns::test::TempDir dir("awsdns-lock");
  const auto foreign = dir.path() / "foreign";
  make_dir(foreign, 0700, kNobody);
  auto owned = try_lock(foreign.string());
  CHECK_FALSE(owned.has_value());
  CHECK(owned.error().code == awsdns::ExitCode::Config);
  CHECK_THAT(owned.error().message,
             Catch::Contains("lock directory " + foreign.string() +
                             " is owned by uid 65534, neither root nor the caller"));
  CHECK_THAT(owned.error().message, Catch::EndsWith("run: chown root " + foreign.string()));
  CHECK_FALSE(fs::exists(foreign / "web.lock"));

  for (const mode_t mode : {mode_t{0770}, mode_t{0707}, mode_t{01777}}) {
    const auto open = dir.path() / ("open" + std::to_string(mode));
    make_dir(open, mode);
    auto writable = try_lock(open.string());
    CHECK(writable.error().code == awsdns::ExitCode::Config);
    CHECK_THAT(writable.error().message, Catch::Contains("lock directory " + open.string() +
                                                         " is writable by group or others"));
    CHECK_THAT(writable.error().message, Catch::EndsWith("run: chmod go-w " + open.string()));
    CHECK_FALSE(fs::exists(open / "web.lock"));
  }
}

TEST_CASE("lock directory: every directory on the way is checked, a sticky one (/tmp) allowed") {
  REQUIRE(::geteuid() == 0);
  const awsdns::test::TempDir dir("awsdns-lock");
  // Not sticky and writable by others: anyone could replace what is below it.
  const auto open = dir.path() / "open";
  make_dir(open, 0777);
  auto below_open = try_lock((open / "awsdns").string());
  CHECK(below_open.error().code == awsdns::ExitCode::Config);
  CHECK_THAT(below_open.error().message,
             Catch::Contains("directory " + open.string() + ", on the way to the lock directory " +
                             (open / "awsdns").string() + ", is writable by group or others"));
  CHECK_THAT(below_open.error().message, Catch::EndsWith("run: chmod go-w " + open.string()));
  CHECK_FALSE(fs::exists(open / "awsdns"));  // refused before anything was made there

  // Owned by another user on the way.
  const auto foreign = dir.path() / "foreign";
  make_dir(foreign / "inner", 0755);
  REQUIRE(::chown(foreign.c_str(), kNobody, static_cast<gid_t>(-1)) == 0);
  auto below_foreign = try_lock((foreign / "inner").string());
  CHECK(below_foreign.error().code == awsdns::ExitCode::Config);
  CHECK_THAT(below_foreign.error().message, Catch::Contains("run: chown root " + foreign.string()));

  // Sticky and world-writable (like /tmp): a directory of root's below it is fine, and a
  // missing one is created there; one of another user's is not.
  const auto sticky = dir.path() / "sticky";
  make_dir(sticky, 01777);
  CHECK(try_lock((sticky / "made" / "awsdns").string()).has_value());
  make_dir(sticky / "theirs" / "awsdns", 0700);
  REQUIRE(::chown((sticky / "theirs").c_str(), kNobody, static_cast<gid_t>(-1)) == 0);
  auto theirs = try_lock((sticky / "theirs" / "awsdns").string());
  CHECK(theirs.error().code == awsdns::ExitCode::Config);
  CHECK_THAT(theirs.error().message,
             Catch::Contains((sticky / "theirs").string() + ", on the way to the lock directory"));
}

TEST_CASE(
    "lock directory: a symbolic link in a sticky directory is refused, its target untouched") {
  REQUIRE(::geteuid() == 0);
  const awsdns::test::TempDir dir("awsdns-lock");
  // The truncation attack: in a world-writable sticky directory, another user plants the lock
  // directory as a link to a directory of root's holding a file named like the lock file.
  const auto sticky = dir.path() / "tmp";
  make_dir(sticky, 01777);
  const auto victim = dir.path() / "etc";
  make_dir(victim, 0755);
  std::ofstream(victim / "web.lock") << "root's data\n";
  for (const uid_t owner : {kNobody, uid_t{0}}) {
    fs::remove(sticky / "awsdns");
    make_link(victim, sticky / "awsdns", owner);
    auto planted = try_lock((sticky / "awsdns").string());
    CHECK_FALSE(planted.has_value());
    CHECK(planted.error().code == awsdns::ExitCode::Config);
    CHECK_THAT(planted.error().message,
               Catch::Contains("lock directory " + (sticky / "awsdns").string() +
                               " is a symbolic link in " + sticky.string() +
                               ", a directory others can write"));
    CHECK_THAT(planted.error().message, Catch::Contains("run: rm " + (sticky / "awsdns").string()));
    CHECK(read_all(victim / "web.lock") == "root's data\n");
  }
  // Also a link further up: tmp/a -> etc, lock_dir tmp/a/awsdns.
  make_link(victim, sticky / "a", kNobody);
  auto above = try_lock((sticky / "a" / "awsdns").string());
  CHECK(above.error().code == awsdns::ExitCode::Config);
  CHECK_THAT(above.error().message,
             Catch::Contains((sticky / "a").string() + ", on the way to the lock directory " +
                             (sticky / "a" / "awsdns").string() + ", is a symbolic link in " +
                             sticky.string()));
  CHECK_FALSE(fs::exists(victim / "awsdns"));
}

TEST_CASE("lock directory: a symbolic link in a trusted directory is followed (/var/run -> /run)") {
  const awsdns::test::TempDir dir("awsdns-lock");
  const auto root = dir.path();
  make_dir(root / "run", 0755);
  make_dir(root / "var", 0755);
  make_link("../run", root / "var" / "run");  // Debian's relative form
  const auto via_link = root / "var" / "run" / "awsdns";
  auto relative = try_lock(via_link.string());
  REQUIRE(relative.has_value());
  CHECK(fs::is_regular_file(root / "run" / "awsdns" / "web.lock"));
  { const ResourceLock released = std::move(*relative); }

  make_link(root / "run", root / "absolute");  // an absolute target
  CHECK(try_lock((root / "absolute" / "awsdns").string()).has_value());
  // ".." and "." after a link go up from where the link led.
  CHECK(try_lock((root / "var" / "run" / ".." / "run" / "." / "awsdns").string()).has_value());

  // The link's target is checked like any directory: a group-writable one is refused, and the
  // message names both the configured path and the directory it leads to.
  make_dir(root / "shared", 0775);
  make_link(root / "shared", root / "to-shared");
  auto shared = try_lock((root / "to-shared").string());
  CHECK(shared.error().code == awsdns::ExitCode::Config);
  CHECK_THAT(shared.error().message,
             Catch::Contains("lock directory " + (root / "to-shared").string() + " (" +
                             (root / "shared").string() + ") is writable"));

  // A loop of links ends with an error, not a hang.
  make_link(root / "loop-b", root / "loop-a");
  make_link(root / "loop-a", root / "loop-b");
  auto loop = try_lock((root / "loop-a").string());
  CHECK(loop.error().code == awsdns::ExitCode::Failed);
  CHECK_THAT(loop.error().message, Catch::Contains("symbolic links"));
}

TEST_CASE("lock: a symbolic link planted as the lock file is not followed") {
  const awsdns::test::TempDir dir("awsdns-lock");
  std::ofstream(dir.path() / "target") << "kept\n";
  fs::create_symlink(dir.path() / "target", dir.path() / "web.lock");
  auto symlink = try_lock(dir.path().string());
  CHECK(symlink.error().code == awsdns::ExitCode::Config);
  CHECK_THAT(
      symlink.error().message,
      Catch::Contains("lock file " + (dir.path() / "web.lock").string() + " is a symbolic link"));
  CHECK_THAT(symlink.error().message,
             Catch::Contains("run: rm " + (dir.path() / "web.lock").string()));
  CHECK(read_all(dir.path() / "target") == "kept\n");
  fs::remove(dir.path() / "web.lock");
  fs::create_directory(dir.path() / "web.lock");
  CHECK(try_lock(dir.path().string()).error().code == awsdns::ExitCode::Config);
}

TEST_CASE("lock: a lock file removed while held gives no second holder") {
  const awsdns::test::TempDir dir("awsdns-lock");
  awsdns::test::TestTimekeeper time;
  const std::string lock_dir = dir.path().string();
  auto first = ResourceLock::acquire(request(lock_dir), Clock::now(), time);
  REQUIRE(first.has_value());
  fs::remove(dir.path() / "web.lock");

  // The next caller makes a new file, but the holder of the removed one still holds the lock.
  auto second = ResourceLock::acquire(request(lock_dir), Clock::now() + 300ms, time);
  CHECK_FALSE(second.has_value());
  CHECK(second.error().code == awsdns::ExitCode::LockBusy);
  CHECK_THAT(second.error().message,
             Catch::Contains("(pid " + std::to_string(::getpid()) +
                             ") (its lock file was removed while it held it)"));

  // A waiter gets the lock once the holder of the removed file lets go; a third caller, who
  // finds the new file, waits for the waiter.
  std::thread releaser([&] {
    std::this_thread::sleep_for(300ms);
    { const ResourceLock released = std::move(*first); }
  });
  auto waiter = ResourceLock::acquire(request(lock_dir), Clock::now() + 10s, time);
  releaser.join();
  REQUIRE(waiter.has_value());
  CHECK(try_lock(lock_dir).error().code == awsdns::ExitCode::LockBusy);
}

TEST_CASE("lock: a waiter on a file that is replaced meanwhile locks the new file") {
  const awsdns::test::TempDir dir("awsdns-lock");
  awsdns::test::TestTimekeeper time;
  const std::string lock_dir = dir.path().string();
  auto first = ResourceLock::acquire(request(lock_dir), Clock::now(), time);
  REQUIRE(first.has_value());
  // While a waiter polls the held file, it is replaced by a new file that someone else holds:
  // when the first holder lets go, the waiter must not get the old file's lock.
  std::optional<ResourceLock> other;
  std::thread replacer([&] {
    std::this_thread::sleep_for(250ms);
    fs::rename(dir.path() / "web.lock", dir.path() / "old.lock");
    awsdns::test::TestTimekeeper own_time;
    auto taken = ResourceLock::acquire(request(lock_dir), Clock::now() + 5s, own_time);
    {
      const ResourceLock released = std::move(*first);
    }  // the removed file's holder lets go: the new one may proceed
    if (taken) other = std::move(*taken);
  });
  auto waiter = ResourceLock::acquire(request(lock_dir), Clock::now() + 1500ms, time);
  replacer.join();
  CHECK(other);
  CHECK_FALSE(waiter.has_value());
  CHECK(waiter.error().code == awsdns::ExitCode::LockBusy);
}

TEST_CASE("lock file: still_named tells whether the name is still the opened file") {
  const awsdns::test::TempDir dir("awsdns-lock");
  const auto directory = awsdns::util::open_trusted_directory(dir.path().string(), 0, "lock dir");
  REQUIRE(directory.has_value());
  const std::string path = (dir.path() / "web.lock").string();
  const auto opened = lock_file::open_file(directory->get(), path, "web.lock");
  REQUIRE(opened.has_value());
  CHECK(opened->created);
  const std::intptr_t file = opened->handle;
  CHECK(lock_file::still_named(directory->get(), path, "web.lock", file));
  fs::rename(path, dir.path() / "moved.lock");  // replaced: another file under the name
  std::ofstream(path) << "";
  CHECK_FALSE(lock_file::still_named(directory->get(), path, "web.lock", file));
  fs::remove(path);  // removed: no file under the name
  CHECK_FALSE(lock_file::still_named(directory->get(), path, "web.lock", file));
  lock_file::close_file(file);
  const auto created = lock_file::open_file(directory->get(), path, "web.lock");
  REQUIRE(created.has_value());
  CHECK(created->created);
  lock_file::close_file(created->handle);
  const auto existing = lock_file::open_file(directory->get(), path, "web.lock");
  REQUIRE(existing.has_value());
  CHECK_FALSE(existing->created);
  lock_file::close_file(existing->handle);
}
