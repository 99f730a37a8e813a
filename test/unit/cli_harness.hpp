#pragma once
// The command layer driven in-process by the cli unit tests: output to string streams, a
// settings file in a private temporary directory.

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/dispatch.hpp"
#include "cli/invocation.hpp"
#include "cli_test_invocation.hpp"
#include "core/exit_code.hpp"
#include "core/result.hpp"
#include "test_support.hpp"

namespace awsdns::test {

// An Invocation whose output goes to string streams.
struct Harness {
  std::ostringstream out, err;
  cli::Invocation make(std::vector<std::string> args, std::string program = "awsdns") {
    return cli_invocation(std::move(program), std::move(args), out, err);
  }
  // The exit status of a command that ran (a failure returned to the entry: its code).
  int run(std::vector<std::string> args, std::string program = "awsdns") {
    const Result<int> status = cli::run_main(program, make(args, program));
    return status ? *status : to_int(status.error().code);
  }
  // True when run_main returns a usage failure for the entry to print (nothing printed yet).
  bool usage_failure(std::vector<std::string> args) {
    const Result<int> status = cli::run_main("awsdns", make(std::move(args)));
    return !status && status.error().code == ExitCode::Usage && out.str().empty() &&
           err.str().empty();
  }
};

// A settings file in a private temporary directory, owner-only.
struct TempSettings {
  TempDir folder{"awsdns-cli-test"};
  std::string dir = folder.path().string(), path = folder.file("clpaws_setting.conf");
  explicit TempSettings(const std::string& text) {
    std::ofstream(path) << text;
    make_owner_only(path);
  }
};

}  // namespace awsdns::test
