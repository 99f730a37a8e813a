// Paths in the configuration on Windows: a drive or UNC path is absolute, a POSIX one is not.

#include <catch2/catch.hpp>
#include <string>

#include "failure_lines.hpp"
#include "route53/config.hpp"
#include "route53_config_samples.hpp"

using namespace awsdns::route53;

namespace {

std::string with_lock_dir(const std::string& lock_dir) {
  return "lock_dir: '" + lock_dir + "'\n" + awsdns::test::kMinimalConfig;
}

}  // namespace

TEST_CASE("Windows: lock_dir and env_file take drive and UNC paths", "[route53][config][windows]") {
  for (const std::string good : {"C:\\ProgramData\\awsdns", "d:/locks", "\\\\server\\share\\x"}) {
    const auto result = parse_config(with_lock_dir(good), "w.yaml");
    REQUIRE(result.has_value());
    CHECK(result->lock_dir == good);
  }
  for (const std::string bad : {"/run/awsdns", "\\locks", "C:locks", "locks"}) {
    const auto found =
        awsdns::test::diagnostics_of(parse_config(with_lock_dir(bad), "w.yaml"), "w.yaml");
    REQUIRE(found.size() == 1);
    CHECK_THAT(found[0].to_string(), Catch::Contains("must be an absolute path"));
  }
}
