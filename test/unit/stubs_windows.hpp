#pragma once
// The Windows unit tests' stub programs (test/windows/stubs/<name>.cpp), built into the stubs
// folder next to the tests' folder.

#include <windows.h>

#include <chrono>
#include <string>

#include "util/unicode.hpp"

namespace awsdns::test {

/// The folder of the stub programs (<build>\stubs), without a trailing backslash.
inline std::string stubs_folder() {
  std::wstring path(32768, L'\0');
  path.resize(::GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size())));
  path.resize(path.find_last_of(L"\\/"));  // <build>\test
  path.resize(path.find_last_of(L"\\/"));  // <build>
  const std::u16string wide(path.begin(), path.end());
  return util::utf8_from_utf16(wide) + "\\stubs";
}

/// The full path of stub `name` (e.g. "exit_with" -> <build>\stubs\exit_with.exe).
inline std::string stub(const std::string& name) {
  return stubs_folder() + "\\" + name + ".exe";
}

/// True when the process `pid` has ended within `limit` (or is gone already).
inline bool process_ends_within(unsigned long pid, std::chrono::milliseconds limit) {
  HANDLE process = ::OpenProcess(SYNCHRONIZE, FALSE, pid);
  if (process == nullptr) return true;
  const DWORD waited = ::WaitForSingleObject(process, static_cast<DWORD>(limit.count()));
  ::CloseHandle(process);
  return waited == WAIT_OBJECT_0;
}

}  // namespace awsdns::test
