// capture_invocation on Windows: the arguments arrive as UTF-8 from wmain (main_windows.cpp); the
// environment from GetEnvironmentStringsW, home = the user's profile folder, the short DNS host
// name, and console checks for the terminals. `envp` is not used (nullptr from wmain).

#include <windows.h>
// after windows.h
#include <shlobj.h>

#include <string>

#include "cli/environment_block.hpp"
#include "cli/surroundings.hpp"
#include "util/text.hpp"
#include "util/windows_text_windows.hpp"

namespace awsdns::cli {
namespace {

std::optional<std::string> profile_folder() {
  wchar_t* path = nullptr;
  std::optional<std::string> folder;
  if (SHGetKnownFolderPath(FOLDERID_Profile, 0, nullptr, &path) == S_OK)
    folder = util::utf8_from_wide(path);
  CoTaskMemFree(path);
  return folder;
}

std::string short_host_name() {
  wchar_t name[256] = {};
  DWORD size = 256;
  if (!GetComputerNameExW(ComputerNameDnsHostname, name, &size)) return {};
  std::string host = util::utf8_from_wide(std::wstring_view(name, size));
  if (const auto dot = host.find('.'); dot != std::string::npos) host.resize(dot);
  return host;
}

// True when `handle` is a console (not a file or a pipe).
bool is_console(DWORD which) {
  DWORD mode = 0;
  return GetConsoleMode(GetStdHandle(which), &mode) != 0;
}

}  // namespace

Invocation capture_invocation(int argc, char** argv, char** /*envp*/, std::ostream& out,
                              std::ostream& err) {
  Invocation invocation;
  const std::string called = argc > 0 && argv[0] != nullptr ? argv[0] : "awsdns";
  const auto slash = called.find_last_of("\\/");
  std::string program = slash == std::string::npos ? called : called.substr(slash + 1);
  if (program.size() > 4 &&
      util::iequals(std::string_view(program).substr(program.size() - 4), ".exe"))
    program.resize(program.size() - 4);
  invocation.program = program;
  for (int i = 1; i < argc; ++i) invocation.args.emplace_back(argv[i]);
  wchar_t* block = GetEnvironmentStringsW();
  invocation.parent_env = environment_from_block(reinterpret_cast<const char16_t*>(block));
  if (block != nullptr) FreeEnvironmentStringsW(block);
  invocation.uid = 0;  // unused on Windows: the trust rule compares owners with the token
  invocation.home = profile_folder();
  invocation.hostname = short_host_name();
  invocation.stdout_is_terminal = is_console(STD_OUTPUT_HANDLE);
  invocation.stderr_is_terminal = is_console(STD_ERROR_HANDLE);
  invocation.out = &out;
  invocation.err = &err;
  return invocation;
}

}  // namespace awsdns::cli
