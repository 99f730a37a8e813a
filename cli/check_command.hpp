#pragma once
// `awsdns check`: validate the settings file (and the config) and show the child environment.
// Like every command it parses its own options, does its work and returns an exit status (see
// core/exit_code.hpp); "cannot continue" errors are thrown and printed once by main.

#include "cli/invocation.hpp"

namespace awsdns::cli {

/// `awsdns check [OPTIONS]`: validates the settings file and shows the child environment.
int check_command(const Invocation& invocation);

}  // namespace awsdns::cli
