#pragma once
// The body of every entry point (main on POSIX, wmain on Windows): signal handlers, the captured
// surroundings, dispatch, and the one place a fatal error or a usage error is printed.

#include <functional>

#include "cli/invocation.hpp"

namespace awsdns::cli {

/// Runs awsdns for `argv` (UTF-8, argv[0] the program) with the Invocation `capture` builds;
/// returns the exit code.
int run_entry(int argc, char** argv, const std::function<Invocation()>& capture);

}  // namespace awsdns::cli
