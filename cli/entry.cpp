#include "cli/entry.hpp"

#include <exception>
#include <iostream>

#include "cli/dispatch.hpp"
#include "cli/options.hpp"
#include "core/exit_code.hpp"
#include "launcher/interruption.hpp"

namespace awsdns::cli {

int run_entry(int argc, char** argv, const std::function<Invocation()>& capture) {
  launcher::Interruption::of_process().install_handlers();
  try {
    Invocation invocation = capture();
    const std::string program = invocation.program;  // copied: the argument below is moved from
    return run_main(program, std::move(invocation));
  } catch (const UsageError& error) {
    std::cerr << "awsdns: " << error.what() << "\nTry 'awsdns --help'.\n";
    if (wants_json(argc, argv)) print_json_failure(std::cout, ExitCode::Usage, error.what());
    return to_int(ExitCode::Usage);
  } catch (const std::exception& error) {
    std::cerr << "awsdns: error: " << error.what() << "\n";
    return to_int(ExitCode::Failed);
  }
}

}  // namespace awsdns::cli
