#pragma once
// Choosing the command: from the program's own name (awsdns-activate, ...) or the first word.

#include "cli/invocation.hpp"
#include "core/result.hpp"

namespace awsdns::cli {

/// Dispatches on the program name (awsdns-activate, ...) or the first argument; returns the
/// exit status, or a usage Failure for the entry to print.
Result<int> run_main(const std::string& program_name, Invocation invocation);

}  // namespace awsdns::cli
