// The waiter definition's directory is trusted like awsdns's own executable, on POSIX: one that
// another user owns or may write (where a planted service model or endpoints file would redirect
// the AWS CLI through AWS_DATA_PATH) is refused with its path and the fix, and activate then
// makes no AWS call. Runs as root: the foreign owner is `nobody` (uid 65534), set with chown.

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "route53/waiter.hpp"
#include "route53_fakes.hpp"
#include "test_support.hpp"

namespace awsdns::route53::test {
namespace {

namespace fs = std::filesystem;
constexpr uid_t kNobody = 65534;

// A directory `path` with exactly `mode`, owned by `owner`.
void make_dir(const fs::path& path, mode_t mode, uid_t owner = 0) {
  fs::create_directories(path);
  REQUIRE(::chmod(path.c_str(), mode) == 0);
  REQUIRE(::chown(path.c_str(), owner, static_cast<gid_t>(-1)) == 0);
}

// The place the definition for the test resource goes to in `lock_dir`.
fs::path data_dir(const fs::path& lock_dir) {
  return lock_dir / "aws-data" / waiter_directory_name(waiter_definition(web_resource()));
}

awsdns::Result<std::string> install(const fs::path& lock_dir) {
  return install_waiter_definition(lock_dir.string(), awsdns::test::caller_uid(),
                                   waiter_definition(web_resource()));
}

}  // namespace

TEST_CASE("waiter: the directories it creates are the caller's, owner-only", "[route53][waiter]") {
  const awsdns::test::TempDir dir("awsdns-waiter");
  const fs::path lock_dir = dir.path() / "locks";
  REQUIRE(install(lock_dir).has_value());
  for (fs::path path = data_dir(lock_dir) / "route53" / "2013-04-01"; path != dir.path();
       path = path.parent_path()) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    INFO(path);
    CHECK((info.st_mode & 0777) == 0700);
    CHECK(info.st_uid == ::getuid());
  }
  struct stat file {};
  REQUIRE(::stat((data_dir(lock_dir) / "route53/2013-04-01/waiters-2.json").c_str(), &file) == 0);
  CHECK((file.st_mode & 0777) == 0600);
}

TEST_CASE("waiter: a definition directory planted by another user is refused, with the fix",
          "[route53][waiter]") {
  const awsdns::test::TempDir dir("awsdns-waiter");
  const fs::path lock_dir = dir.path() / "locks";
  make_dir(lock_dir, 0700);
  const fs::path planted = data_dir(lock_dir);
  make_dir(planted.parent_path(), 0700);
  make_dir(planted, 0755, kNobody);
  std::ofstream(planted / "endpoints.json") << R"({"partitions": []})";
  const auto place = install(lock_dir);
  REQUIRE_FALSE(place.has_value());
  CHECK(place.error().code == ExitCode::Config);
  CHECK_THAT(place.error().message, Catch::Contains(planted.string()));
  CHECK_THAT(place.error().message, Catch::Contains("uid 65534"));
  CHECK_THAT(place.error().message, Catch::Contains("remove " + planted.string()));
  CHECK_THAT(place.error().message, Catch::Contains("AWS_DATA_PATH"));
  CHECK_FALSE(fs::exists(planted / "route53"));  // nothing written into it
}

TEST_CASE("waiter: a definition directory others may write is refused", "[route53][waiter]") {
  const awsdns::test::TempDir dir("awsdns-waiter");
  const fs::path lock_dir = dir.path() / "locks";
  REQUIRE(install(lock_dir).has_value());
  const fs::path model_dir = data_dir(lock_dir) / "route53";
  REQUIRE(::chmod(model_dir.c_str(), 0777) == 0);
  const auto place = install(lock_dir);
  REQUIRE_FALSE(place.has_value());
  CHECK(place.error().code == ExitCode::Config);
  CHECK_THAT(place.error().message, Catch::Contains(model_dir.string()));
  CHECK_THAT(place.error().message, Catch::Contains("writable by group or others"));
}

TEST_CASE("waiter: a symbolic link to another user's directory is refused", "[route53][waiter]") {
  const awsdns::test::TempDir dir("awsdns-waiter");
  const fs::path lock_dir = dir.path() / "locks";
  make_dir(lock_dir, 0700);
  const fs::path elsewhere = dir.path() / "elsewhere";
  make_dir(elsewhere, 0755, kNobody);
  fs::create_symlink(elsewhere, lock_dir / "aws-data");
  const auto place = install(lock_dir);
  REQUIRE_FALSE(place.has_value());
  CHECK(place.error().code == ExitCode::Config);
  CHECK_THAT(place.error().message, Catch::Contains("uid 65534"));
}

TEST_CASE("waiter: an untrusted lock directory is refused as the lock's is", "[route53][waiter]") {
  const awsdns::test::TempDir dir("awsdns-waiter");
  const fs::path lock_dir = dir.path() / "locks";
  make_dir(lock_dir, 0777);
  const auto place = install(lock_dir);
  REQUIRE_FALSE(place.has_value());
  CHECK(place.error().code == ExitCode::Config);
  CHECK_THAT(place.error().message, Catch::Contains("lock directory"));
  CHECK_THAT(place.error().message, Catch::Contains("chmod go-w"));
}

TEST_CASE("activate with a planted waiter directory: Config, no AWS call", "[route53][waiter]") {
  const awsdns::test::TempDir dir("awsdns-waiter");
  const fs::path lock_dir = dir.path() / "locks";
  make_dir(lock_dir, 0700);
  make_dir(data_dir(lock_dir), 0700, kNobody);
  FakeTime time;
  FakeRunner runner(time);
  auto context = make_context(runner, time);
  context.lock_dir = lock_dir.string();
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::Config);
  CHECK(runner.commands.empty());
  CHECK(report.action == "none");
  CHECK_THAT(report.message, Catch::Contains(data_dir(lock_dir).string()));
}

}  // namespace awsdns::route53::test
