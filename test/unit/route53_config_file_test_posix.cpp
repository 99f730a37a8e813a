// Reading the configuration file where POSIX rules apply: a FIFO, mode bits, the owner's uid.

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "failure_lines.hpp"
#include "route53/config.hpp"
#include "route53/config_file.hpp"
#include "route53_config_samples.hpp"
#include "test_support.hpp"

using namespace awsdns::route53;

namespace {

const char* const kMinimal = awsdns::test::kMinimalConfig;

}  // namespace

TEST_CASE("config: reading the file (POSIX: FIFO, mode, owner)") {
  awsdns::test::TempDir dir("awsdns-config");
  SECTION("a missing file: the system's words") {
    const std::string path = (dir.path() / "absent.yaml").string();
    const Diagnostics found =
        awsdns::test::diagnostics_of(load_config_file(path, awsdns::test::caller_uid()), path);
    REQUIRE(found.size() == 1);
    CHECK(found[0].to_string() ==
          path + ": configuration file not found (No such file or directory)");
  }
  SECTION("a FIFO is refused without blocking") {
    const std::string path = (dir.path() / "fifo.yaml").string();
    REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
    const Diagnostics found =
        awsdns::test::diagnostics_of(load_config_file(path, awsdns::test::caller_uid()), path);
    REQUIRE(found.size() == 1);
    CHECK_THAT(found[0].message, Catch::Contains("FIFO"));
  }
  SECTION("a file others may write is refused: it names the program awsdns runs") {
    const std::string path = (dir.path() / "open.yaml").string();
    std::ofstream(path) << kMinimal;
    REQUIRE(::chmod(path.c_str(), 0666) == 0);
    const Diagnostics found =
        awsdns::test::diagnostics_of(load_config_file(path, awsdns::test::caller_uid()), path);
    REQUIRE(found.size() == 1);
    CHECK_THAT(found[0].message, Catch::Contains("run: chmod go-w " + path));
  }
  SECTION("a file owned by another user is refused") {
    const std::string path = (dir.path() / "theirs.yaml").string();
    std::ofstream(path) << kMinimal;
    const unsigned someone_else = awsdns::test::caller_uid() + 4242;
    const Diagnostics found =
        awsdns::test::diagnostics_of(load_config_file(path, someone_else), path);
    if (getuid() == 0) {
      CHECK(found.empty());  // root owns it: root files are always trusted
    } else {
      REQUIRE(found.size() == 1);
      CHECK_THAT(found[0].message, Catch::Contains("run: chown root"));
    }
  }
}
