#pragma once
// `awsdns activate | deactivate | monitor [RESOURCE]`: one route53 action and its result.
// Like every command it parses its own options, does its work and returns an exit status (see
// core/exit_code.hpp), or a usage Failure the entry prints with the usage hint; "cannot
// continue" errors are thrown and printed once by the entry.

#include "cli/invocation.hpp"
#include "core/result.hpp"

namespace awsdns::cli {

/// `awsdns activate [OPTIONS] [RESOURCE]`: points the record at this node (UPSERT, wait INSYNC).
Result<int> activate_command(const Invocation& invocation);

/// `awsdns deactivate [OPTIONS] [RESOURCE]`: deletes the record if it still points here.
Result<int> deactivate_command(const Invocation& invocation);

/// `awsdns monitor [OPTIONS] [RESOURCE]`: checks that the record points here (one API request).
Result<int> monitor_command(const Invocation& invocation);

}  // namespace awsdns::cli
