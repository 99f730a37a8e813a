// Choosing the command: from the program's own name (awsdns-activate, ...) or the first word.

#include "cli/dispatch.hpp"

#include <ostream>

#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/options.hpp"

namespace awsdns::cli {

Result<int> run_main(const std::string& program_name, Invocation invocation) {
  // awsdns-activate, awsdns-deactivate, awsdns-monitor: the action is in the name.
  const std::string prefix = "awsdns-";
  if (program_name.rfind(prefix, 0) == 0) {
    const Command* command = find_command(program_name.substr(prefix.size()));
    if (command != nullptr) return command->handler(invocation);
  }
  if (invocation.args.empty()) return fail(ExitCode::Usage, "no command given");
  const std::string first = invocation.args.front();
  if (first == "--help" || first == "-h" || first == "help")
    return print_main_help(*invocation.out);
  if (first == "--version") return print_version(*invocation.out);
  const Command* command = find_command(first);
  if (command == nullptr) return fail(ExitCode::Usage, "unknown command '" + first + "'");
  invocation.args.erase(invocation.args.begin());
  return command->handler(invocation);
}

}  // namespace awsdns::cli
