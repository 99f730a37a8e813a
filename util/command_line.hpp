#pragma once
// A Windows command line from an argv: the one string CreateProcessW takes, quoted so that the
// Microsoft C runtime (and CommandLineToArgvW) splits it back into exactly the same arguments.
// Portable text processing, so the rules are tested on every system.

#include <string>
#include <vector>

namespace awsdns::util {

/// `argument` quoted for a Windows command line: unchanged when it has no space, TAB, newline,
/// vertical tab or double quote and is not empty; otherwise in double quotes, with each double
/// quote as \" and the backslashes before it (or before the closing quote) doubled.
std::string windows_quoted_argument(const std::string& argument);

/// The command line for `program` (argv[0]: in double quotes, as the system parses it without
/// escapes; a Windows path cannot contain one) followed by each of `arguments` quoted.
std::string windows_command_line(const std::string& program,
                                 const std::vector<std::string>& arguments);

}  // namespace awsdns::util
