#pragma once
// Reading the process's surroundings (environment, user, host name, terminals) into a value.

#include <iosfwd>

#include "cli/invocation.hpp"

namespace awsdns::cli {

/// Builds the Invocation for this process from main's arguments; args are argv[1..].
Invocation capture_invocation(int argc, char** argv, char** envp, std::ostream& out,
                              std::ostream& err);

}  // namespace awsdns::cli
