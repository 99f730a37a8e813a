#pragma once
// `awsdns exec`: run any command with the settings file's environment, supervised.
// Like every command it parses its own options, does its work and returns an exit status (see
// core/exit_code.hpp), or a usage Failure the entry prints with the usage hint; "cannot
// continue" errors are thrown and printed once by the entry.

#include "cli/invocation.hpp"
#include "core/result.hpp"

namespace awsdns::cli {

/// `awsdns exec [OPTIONS] -- CMD ARGS...`: runs CMD with the settings file's environment.
Result<int> exec_command(const Invocation& invocation);

}  // namespace awsdns::cli
