#pragma once
// Windows only: text between awsdns' UTF-8 and the wide (UTF-16) strings of Windows' APIs, and
// the system's message for an error code (FormatMessageW), shared by every *_windows.cpp file.

#include <windows.h>

#include <string>
#include <string_view>

#include "util/unicode.hpp"

namespace awsdns::util {

/// `text` (UTF-8) as a wide string for a W API.
inline std::wstring wide_from_utf8(std::string_view text) {
  const std::u16string utf16 = utf16_from_utf8(text);
  return std::wstring(utf16.begin(), utf16.end());
}

/// A wide string of a W API as UTF-8.
inline std::string utf8_from_wide(std::wstring_view text) {
  return utf8_from_utf16(std::u16string(text.begin(), text.end()));
}

/// The system's text for `code` (GetLastError, WSAGetLastError), without the final period and
/// line break; "error N" when the system has none.
inline std::string windows_error_text(DWORD code) {
  wchar_t* buffer = nullptr;
  const DWORD length = FormatMessageW(
      FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      nullptr, code, MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), reinterpret_cast<LPWSTR>(&buffer),
      0, nullptr);
  std::string text = length > 0 ? utf8_from_wide(std::wstring_view(buffer, length)) : "";
  if (buffer != nullptr) LocalFree(buffer);
  while (!text.empty() &&
         (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '.'))
    text.pop_back();
  return text.empty() ? "error " + std::to_string(code) : text;
}

}  // namespace awsdns::util
