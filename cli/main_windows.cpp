// The awsdns executable on Windows: wmain (UTF-16 arguments, linked with -municode), Winsock
// started once for c-ares and the TCP probe, then the shared entry body with UTF-8 arguments.

#include <winsock2.h>

#include <iostream>
#include <string>
#include <vector>

#include "cli/entry.hpp"
#include "cli/surroundings.hpp"
#include "util/windows_text_windows.hpp"

int wmain(int argc, wchar_t** argv) {
  WSADATA winsock{};
  if (WSAStartup(MAKEWORD(2, 2), &winsock) != 0) {
    std::cerr << "awsdns: error: cannot start Winsock\n";
    return 1;
  }
  std::vector<std::string> arguments;
  arguments.reserve(static_cast<std::size_t>(argc));
  for (int i = 0; i < argc; ++i) arguments.push_back(awsdns::util::utf8_from_wide(argv[i]));
  std::vector<char*> utf8_argv;
  utf8_argv.reserve(arguments.size() + 1);
  for (std::string& argument : arguments) utf8_argv.push_back(argument.data());
  utf8_argv.push_back(nullptr);
  const int code = awsdns::cli::run_entry(argc, utf8_argv.data(), [&] {
    return awsdns::cli::capture_invocation(argc, utf8_argv.data(), nullptr, std::cout, std::cerr);
  });
  WSACleanup();
  return code;
}
