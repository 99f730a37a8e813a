#pragma once
// `awsdns check`: validate the settings file (and the config) and show the child environment.
// Like every command it parses its own options, does its work and returns an exit status (see
// core/exit_code.hpp), or a usage Failure the entry prints with the usage hint; "cannot
// continue" errors are thrown and printed once by the entry.

#include "cli/invocation.hpp"
#include "core/result.hpp"

namespace awsdns::cli {

/// `awsdns check [OPTIONS]`: validates the settings file and shows the child environment.
Result<int> check_command(const Invocation& invocation);

}  // namespace awsdns::cli
