// The awsdns executable on POSIX: capture the surroundings once, then the shared entry body.

#include <iostream>

#include "cli/entry.hpp"
#include "cli/surroundings.hpp"

int main(int argc, char** argv, char** envp) {
  return awsdns::cli::run_entry(argc, argv, [&] {
    return awsdns::cli::capture_invocation(argc, argv, envp, std::cout, std::cerr);
  });
}
