// Test stub: a process tree. `spawn_tree <pid file>` starts `spawn_tree` (no argument) as its own
// child, writes "<own pid> <child pid>" to the pid file and sleeps; without an argument it sleeps.
// A test kills the tree by a time-out and then checks that both processes are gone.

#include <windows.h>

#include <cstdio>
#include <string>

int wmain(int argc, wchar_t** argv) {
  if (argc < 2) {
    ::Sleep(INFINITE);
    return 0;
  }
  std::wstring self(32768, L'\0');
  self.resize(::GetModuleFileNameW(nullptr, self.data(), static_cast<DWORD>(self.size())));
  std::wstring command_line = L"\"" + self + L"\"";
  STARTUPINFOW startup{};
  startup.cb = sizeof(startup);
  PROCESS_INFORMATION child{};
  if (!::CreateProcessW(self.c_str(), command_line.data(), nullptr, nullptr, FALSE, 0, nullptr,
                        nullptr, &startup, &child)) {
    return 3;
  }
  FILE* pid_file = ::_wfopen(argv[1], L"w");
  if (pid_file == nullptr) return 4;
  std::fprintf(pid_file, "%lu %lu\n", ::GetCurrentProcessId(), child.dwProcessId);
  std::fclose(pid_file);
  ::Sleep(INFINITE);
  return 0;
}
