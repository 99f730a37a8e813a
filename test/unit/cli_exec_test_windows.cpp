// `awsdns exec` on Windows with the stub programs: the child's exit code is awsdns's, a program
// is found through the child's PATH by its name without ".exe", a missing one is 127.

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "cli/dispatch.hpp"
#include "core/exit_code.hpp"
#include "stubs_windows.hpp"
#include "test_support.hpp"

namespace {

struct Exec {
  std::ostringstream out, err;
  int run(const std::string& settings, std::vector<std::string> child) {
    awsdns::cli::Invocation invocation;
    invocation.program = "awsdns";
    invocation.args = {"exec", "--env-file", settings, "--"};
    invocation.args.insert(invocation.args.end(), child.begin(), child.end());
    invocation.parent_env = {{"Path", awsdns::test::stubs_folder()}, {"SystemRoot", "C:\\windows"}};
    invocation.uid = awsdns::test::caller_uid();
    invocation.hostname = "server1";
    invocation.out = &out;
    invocation.err = &err;
    return awsdns::cli::run_main("awsdns", invocation).value();
  }
};

}  // namespace

TEST_CASE("Windows: exec passes the exit code through and searches PATH for NAME.exe",
          "[cli][exec][windows]") {
  const awsdns::test::TempDir dir("awsdns-exec");
  const std::string settings = dir.file("clpaws_setting.conf");
  std::ofstream(settings) << "[ENVIRONMENT]\nHTTPS_PROXY = http://127.0.0.1:3128\n";
  Exec by_path;
  CHECK(by_path.run(settings, {awsdns::test::stub("exit_with"), "3"}) == 3);
  Exec by_name;
  CHECK(by_name.run(settings, {"exit_with", "42"}) == 42);
  INFO(by_name.err.str());
  Exec missing;
  CHECK(missing.run(settings, {"no-such-command-awsdns"}) ==
        awsdns::to_int(awsdns::ExitCode::NotFound));
  CHECK_THAT(missing.err.str(), Catch::Contains("command not found"));
}
