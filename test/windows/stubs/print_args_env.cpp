// Test stub: prints each argument (argv[1..]) on a line of its own, as UTF-8 in brackets, then
// "--", then each entry of its environment block, so tests can compare both exactly.

#include <windows.h>

#include <cstdio>
#include <string>

#include "util/unicode.hpp"

namespace {

void print_line(const wchar_t* text) {
  const std::u16string wide(reinterpret_cast<const char16_t*>(text));
  const std::string line = "[" + awsdns::util::utf8_from_utf16(wide) + "]\n";
  std::fwrite(line.data(), 1, line.size(), stdout);
}

}  // namespace

int wmain(int argc, wchar_t** argv) {
  for (int index = 1; index < argc; ++index) print_line(argv[index]);
  std::fputs("--\n", stdout);
  wchar_t* block = ::GetEnvironmentStringsW();
  for (const wchar_t* entry = block; entry != nullptr && *entry != L'\0';
       entry += std::wcslen(entry) + 1) {
    print_line(entry);
  }
  if (block != nullptr) ::FreeEnvironmentStringsW(block);
  return 0;
}
