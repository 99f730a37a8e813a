#pragma once
// The awsdns commands. Each parses its own options, does its work and returns an exit status
// (see core/exit_code.hpp); "cannot continue" errors are thrown and printed once by main.

#include "cli/invocation.hpp"

namespace awsdns::cli {

/// `awsdns exec [OPTIONS] -- CMD ARGS...`: runs CMD with the settings file's environment.
int exec_command(const Invocation& invocation);

/// `awsdns check [OPTIONS]`: validates the settings file and shows the child environment.
int check_command(const Invocation& invocation);

/// `awsdns activate [OPTIONS] [RESOURCE]`: points the record at this node (UPSERT, wait INSYNC).
int activate_command(const Invocation& invocation);

/// `awsdns deactivate [OPTIONS] [RESOURCE]`: deletes the record if it still points here.
int deactivate_command(const Invocation& invocation);

/// `awsdns monitor [OPTIONS] [RESOURCE]`: checks that the record points here (one API request).
int monitor_command(const Invocation& invocation);

/// Dispatches on the program name (awsdns-activate, ...) or the first argument; returns the
/// exit status.
int run_main(const std::string& program_name, Invocation invocation);

}  // namespace awsdns::cli
