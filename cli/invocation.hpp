#pragma once
// What main() hands to a command: its arguments and the process's surroundings, as values.
// Commands never call getenv/setenv, gethostname or isatty themselves.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "envfile/environment.hpp"

namespace awsdns::cli {

/// One run of the awsdns executable, as seen by a command.
struct Invocation {
  std::string program;              // how awsdns was called, for messages ("awsdns")
  std::vector<std::string> args;    // the command's own arguments (after the command name)
  envfile::Environment parent_env;  // awsdns's environment, captured once in main
  unsigned uid = 0;                 // real user id, for the settings-file ownership rule
  std::optional<std::string> home;  // effective user's home from /etc/passwd (nullopt: none)
  std::string hostname;             // short host name: the default node name
  bool stdout_is_terminal = false;
  bool stderr_is_terminal = false;
  std::ostream* out = nullptr;  // standard output
  std::ostream* err = nullptr;  // standard error
};

}  // namespace awsdns::cli
