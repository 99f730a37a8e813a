#pragma once
// The Invocation the cli tests run awsdns with: fixed surroundings, output into string streams.

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "cli/invocation.hpp"
#include "test_support.hpp"

namespace awsdns::test {

/// An Invocation of `program` with `args`, a small fixed environment, the caller's uid, the host
/// name "server1", and its output written to `out` and `err`.
inline cli::Invocation cli_invocation(std::string program, std::vector<std::string> args,
                                      std::ostream& out, std::ostream& err) {
  cli::Invocation invocation;
  invocation.program = std::move(program);
  invocation.args = std::move(args);
  invocation.parent_env = {{"PATH", "/usr/bin:/bin"}, {"HOME", "/root"}};
  invocation.uid = caller_uid();
  invocation.hostname = "server1";
  invocation.out = &out;
  invocation.err = &err;
  return invocation;
}

}  // namespace awsdns::test
