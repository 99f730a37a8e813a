#pragma once
// ASCII text helpers (trimming, case, joining, UTF-8 validity, percent-decoding, base64); no
// locale.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace awsdns::util {

/// True for a space or a TAB (the characters of kBlanks).
constexpr bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

/// The blanks trim() removes by default: space and TAB.
inline constexpr std::string_view kBlanks = " \t";

/// `text` without leading and trailing characters of `characters` (default: spaces and TABs).
std::string_view trim(std::string_view text, std::string_view characters = kBlanks);

/// `c` in ASCII lower case (other bytes unchanged).
constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// `c` in ASCII upper case (other bytes unchanged).
constexpr char ascii_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

/// ASCII upper-case copy.
std::string to_upper(std::string_view text);

/// ASCII lower-case copy.
std::string to_lower(std::string_view text);

/// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);

/// The `parts` with `separator` between them ("a, b, c"); empty for no parts.
std::string join(const std::vector<std::string>& parts, std::string_view separator);

/// `text` as one POSIX shell word: as it is when it holds only letters, digits and /._-+,:@=%,
/// else in single quotes (a quote inside as '\''). For commands shown to people.
std::string shell_word(std::string_view text);

/// Byte offset of the first invalid UTF-8 sequence in `text`, or npos when it is all valid
/// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t first_invalid_utf8(std::string_view text);

/// RFC 3986 percent-decoding; malformed escapes are kept as written (as Python's unquote does).
std::string percent_decode(std::string_view text);

/// RFC 4648 base64 with padding ("user:pw" -> "dXNlcjpwdw=="), as in a Basic authorization.
std::string base64(std::string_view bytes);

}  // namespace awsdns::util
