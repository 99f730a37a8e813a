#pragma once
// The commands of awsdns in one table, as ninja keeps its tools: dispatch, `awsdns --help`,
// each command's usage line and check's worst-case report are all made from it.

#include <array>
#include <cstddef>
#include <string_view>

#include "cli/check_command.hpp"
#include "cli/dns_commands.hpp"
#include "cli/exec_command.hpp"
#include "cli/invocation.hpp"

namespace awsdns::cli {

/// One command: its word, its --help texts, what runs it, whether it is a DNS command.
struct Command {
  const char* name;      // `awsdns NAME`
  const char* synopsis;  // its arguments in `awsdns --help` ("" when none are shown)
  const char* summary;   // its line in `awsdns --help`
  const char* usage;     // the first line of `awsdns NAME --help`
  Result<int> (*handler)(const Invocation&);
  // A DNS command: also installed as awsdns-NAME, and `check` prints its worst case.
  bool dns;
};

/// Every command, in the order `awsdns --help` lists them.
inline constexpr std::array<Command, 5> kCommands = {{
    {"exec", "[--] CMD ARGS...", "run CMD with the settings file's environment",
     "Usage: awsdns exec [OPTIONS] [--] COMMAND [ARGS...]", exec_command, false},
    {"check", "", "validate the settings file (and config); show the child environment",
     "Usage: awsdns check [OPTIONS] [--live [RESOURCE]]", check_command, false},
    {"activate", "[RESOURCE]", "point the record at this node (UPSERT, wait for INSYNC)",
     "Usage: awsdns activate [OPTIONS] [RESOURCE]", activate_command, true},
    {"deactivate", "[RESOURCE]", "delete the record if it still points at this node",
     "Usage: awsdns deactivate [OPTIONS] [RESOURCE]", deactivate_command, true},
    {"monitor", "[RESOURCE]", "check that the record points at this node (one API request)",
     "Usage: awsdns monitor [OPTIONS] [RESOURCE]", monitor_command, true},
}};

/// How many of kCommands are DNS commands.
inline constexpr std::size_t kDnsCommandCount = [] {
  std::size_t count = 0;
  for (const Command& command : kCommands) count += command.dns ? 1 : 0;
  return count;
}();

/// The DNS commands' names, in table order (the order check prints their worst cases).
inline constexpr std::array<const char*, kDnsCommandCount> kDnsCommands = [] {
  std::array<const char*, kDnsCommandCount> names{};
  std::size_t next = 0;
  for (const Command& command : kCommands) {
    if (command.dns) names.at(next++) = command.name;
  }
  return names;
}();

/// The command called `name`, or nullptr.
const Command* find_command(std::string_view name);

/// The command called `name`, which must be in kCommands (else CannotContinue: a programming
/// error).
const Command& command_named(std::string_view name);

}  // namespace awsdns::cli
