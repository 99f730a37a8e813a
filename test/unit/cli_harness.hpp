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
#include "test_support.hpp"

namespace awsdns::test {

// An Invocation whose output goes to string streams.
struct Harness {
  std::ostringstream out, err;
  cli::Invocation make(std::vector<std::string> args, std::string program = "awsdns") {
    return cli_invocation(std::move(program), std::move(args), out, err);
  }
  int run(std::vector<std::string> args, std::string program = "awsdns") {
    return cli::run_main(program, make(std::move(args), program));
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
