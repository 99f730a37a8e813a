// The awsdns executable: capture the surroundings once, dispatch, print fatal errors once.

#include <exception>
#include <iostream>

#include "cli/dispatch.hpp"
#include "cli/options.hpp"
#include "cli/surroundings.hpp"
#include "core/exit_code.hpp"
#include "launcher/interruption.hpp"
#include "launcher/timekeeper.hpp"

int main(int argc, char** argv, char** envp) {
  using namespace awsdns;
  launcher::Interruption::of_process().install_handlers();
  try {
    cli::Invocation invocation = cli::capture_invocation(argc, argv, envp, std::cout, std::cerr);
    const std::string program = invocation.program;  // copied: the argument below is moved from
    return cli::run_main(program, std::move(invocation));
  } catch (const cli::UsageError& error) {
    std::cerr << "awsdns: " << error.what() << "\nTry 'awsdns --help'.\n";
    if (cli::wants_json(argc, argv))
      cli::print_json_failure(std::cout, ExitCode::Usage, error.what());
    return to_int(ExitCode::Usage);
  } catch (const std::exception& error) {
    std::cerr << "awsdns: error: " << error.what() << "\n";
    return to_int(ExitCode::Failed);
  }
}
