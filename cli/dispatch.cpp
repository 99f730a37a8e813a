// Choosing the command: from the program's own name (awsdns-activate, ...) or the first word.

#include "cli/dispatch.hpp"

#include <functional>
#include <map>
#include <ostream>

#include "cli/check_command.hpp"
#include "cli/dns_commands.hpp"
#include "cli/exec_command.hpp"
#include "cli/help.hpp"
#include "cli/options.hpp"

namespace awsdns::cli {

int run_main(const std::string& program_name, Invocation invocation) {
  static const std::map<std::string, std::function<int(const Invocation&)>> kCommands = {
      {"exec", exec_command},         {"check", check_command},
      {"activate", activate_command}, {"deactivate", deactivate_command},
      {"monitor", monitor_command},
  };
  // awsdns-activate, awsdns-deactivate, awsdns-monitor: the action is in the name.
  const std::string prefix = "awsdns-";
  if (program_name.rfind(prefix, 0) == 0) {
    const auto command = kCommands.find(program_name.substr(prefix.size()));
    if (command != kCommands.end()) return command->second(invocation);
  }
  if (invocation.args.empty()) throw UsageError("no command given");
  const std::string first = invocation.args.front();
  if (first == "--help" || first == "-h" || first == "help")
    return print_main_help(*invocation.out);
  if (first == "--version") return print_version(*invocation.out);
  const auto command = kCommands.find(first);
  if (command == kCommands.end()) throw UsageError("unknown command '" + first + "'");
  invocation.args.erase(invocation.args.begin());
  return command->second(invocation);
}

}  // namespace awsdns::cli
