// ResourceLock on Windows: a held lock file cannot be removed or renamed, so it can never give a
// second holder (the rest: route53_lock_test.cpp; the lock folder's rule:
// util_file_trust_test_windows.cpp; a symbolic link as the lock file cannot be made under Wine 8).

#include <windows.h>

#include <catch2/catch.hpp>

#include "route53/resource_lock.hpp"
#include "test_support.hpp"
#include "test_timekeeper.hpp"
#include "util/unicode.hpp"

using namespace awsdns::route53;
using Clock = std::chrono::steady_clock;

namespace {

std::wstring wide(const std::string& text) {
  const std::u16string converted = awsdns::util::utf16_from_utf8(text);
  return {converted.begin(), converted.end()};
}

awsdns::Result<ResourceLock> try_lock(const std::string& lock_dir) {
  awsdns::test::TestTimekeeper time;
  return ResourceLock::acquire({lock_dir, "web", awsdns::test::caller_uid(), {}}, Clock::now(),
                               time);
}

}  // namespace

TEST_CASE("Windows lock: a held lock file can be neither removed nor renamed",
          "[route53][lock][windows]") {
  const awsdns::test::TempDir dir("awsdns-lock");
  const std::string path = dir.file("web.lock");
  auto held = try_lock(dir.path().string());
  REQUIRE(held.has_value());
  CHECK_FALSE(::DeleteFileW(wide(path).c_str()));
  CHECK_FALSE(::MoveFileW(wide(path).c_str(), wide(dir.file("old.lock")).c_str()));
  CHECK(try_lock(dir.path().string()).error().code == awsdns::ExitCode::LockBusy);
  { const ResourceLock released = std::move(*held); }
  CHECK(::DeleteFileW(wide(path).c_str()));  // released: an old file may go
  CHECK(try_lock(dir.path().string()).has_value());
}
