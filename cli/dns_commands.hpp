#pragma once
// `awsdns activate | deactivate | monitor [RESOURCE]`: one route53 action and its result.
// Like every command it parses its own options, does its work and returns an exit status (see
// core/exit_code.hpp); "cannot continue" errors are thrown and printed once by main.

#include "cli/invocation.hpp"

namespace awsdns::cli {

/// `awsdns activate [OPTIONS] [RESOURCE]`: points the record at this node (UPSERT, wait INSYNC).
int activate_command(const Invocation& invocation);

/// `awsdns deactivate [OPTIONS] [RESOURCE]`: deletes the record if it still points here.
int deactivate_command(const Invocation& invocation);

/// `awsdns monitor [OPTIONS] [RESOURCE]`: checks that the record points here (one API request).
int monitor_command(const Invocation& invocation);

}  // namespace awsdns::cli
