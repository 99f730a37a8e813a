// Looking commands up in kCommands.

#include "cli/commands.hpp"

#include <string>

#include "core/result.hpp"

namespace awsdns::cli {

const Command* find_command(std::string_view name) {
  for (const Command& command : kCommands) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

const Command& command_named(std::string_view name) {
  const Command* command = find_command(name);
  if (command == nullptr) {
    throw CannotContinue(ExitCode::Failed, "no command '" + std::string(name) + "'");
  }
  return *command;
}

}  // namespace awsdns::cli
