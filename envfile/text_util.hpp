#pragma once
// Small ASCII text helpers shared by the envfile sources (internal, not part of the public API).

#include <cstddef>
#include <string>
#include <string_view>

namespace awsdns::envfile::detail {

/// True for the blanks trimmed around names, '=' and values: space and TAB.
constexpr bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

/// `text` without leading and trailing spaces and TABs.
std::string_view trim(std::string_view text);

/// ASCII upper-case copy.
std::string to_upper(std::string_view text);

/// ASCII lower-case copy.
std::string to_lower(std::string_view text);

/// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);

/// Byte offset of the first invalid UTF-8 sequence in `text`, or npos when it is all valid
/// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t first_invalid_utf8(std::string_view text);

/// RFC 3986 percent-decoding; malformed escapes are kept as written (as Python's unquote does).
std::string percent_decode(std::string_view text);

}  // namespace awsdns::envfile::detail
