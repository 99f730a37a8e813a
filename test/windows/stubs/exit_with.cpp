// Test stub: `exit_with [CODE [MS]]` sleeps MS milliseconds (none without it), then exits with
// CODE (0 without one).

#include <windows.h>

#include <cwchar>

int wmain(int argc, wchar_t** argv) {
  if (argc > 2) ::Sleep(static_cast<DWORD>(std::wcstoul(argv[2], nullptr, 10)));
  return argc > 1 ? static_cast<int>(std::wcstoul(argv[1], nullptr, 10)) : 0;
}
