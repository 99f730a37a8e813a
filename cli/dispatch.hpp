#pragma once
// Choosing the command: from the program's own name (awsdns-activate, ...) or the first word.

#include "cli/invocation.hpp"

namespace awsdns::cli {

/// Dispatches on the program name (awsdns-activate, ...) or the first argument; returns the
/// exit status.
int run_main(const std::string& program_name, Invocation invocation);

}  // namespace awsdns::cli
