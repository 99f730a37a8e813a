#include "cli/entry.hpp"

#include <exception>
#include <iostream>

#include "cli/dispatch.hpp"
#include "cli/options.hpp"
#include "core/exit_code.hpp"
#include "core/result.hpp"
#include "launcher/interruption.hpp"

namespace awsdns::cli {
namespace {

// A failure no command reported: a usage failure with the usage hint (and, with --json, as the
// one JSON object), any other as an error; returns its exit code.
int print_failure(const Failure& failure, bool json) {
  if (failure.code != ExitCode::Usage) {
    std::cerr << "awsdns: error: " << failure.message << "\n";
    return to_int(failure.code);
  }
  std::cerr << "awsdns: " << failure.message << "\nTry 'awsdns --help'.\n";
  if (json) print_json_failure(std::cout, ExitCode::Usage, failure.message);
  return to_int(ExitCode::Usage);
}

}  // namespace

int run_entry(int argc, char** argv, const std::function<Invocation()>& capture) {
  launcher::Interruption::of_process().install_handlers();
  try {
    Invocation invocation = capture();
    const std::string program = invocation.program;  // copied: the argument below is moved from
    const Result<int> status = run_main(program, std::move(invocation));
    if (status) return *status;
    return print_failure(status.error(), wants_json(argc, argv));
  } catch (const CannotContinue& error) {
    std::cerr << "awsdns: error: " << error.what() << "\n";
    return to_int(error.code);
  } catch (const std::exception& error) {
    std::cerr << "awsdns: error: " << error.what() << "\n";
    return to_int(ExitCode::Failed);
  }
}

}  // namespace awsdns::cli
