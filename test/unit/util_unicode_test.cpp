// UTF-8 <-> UTF-16: round trips, surrogate pairs, and invalid input replaced, never an error.

#include <catch2/catch.hpp>
#include <string>

#include "util/unicode.hpp"

using awsdns::util::utf16_from_utf8;
using awsdns::util::utf8_from_utf16;

TEST_CASE("util: UTF-8 and UTF-16 convert both ways", "[util][unicode]") {
  const std::string samples[] = {"", "C:\\Program Files\\awsdns", "caf\xC3\xA9",
                                 "\xE6\x97\xA5\xE6\x9C\xAC", "\xF0\x9F\x98\x80 emoji"};
  for (const auto& text : samples) CHECK(utf8_from_utf16(utf16_from_utf8(text)) == text);
  CHECK(utf16_from_utf8("\xF0\x9F\x98\x80") == std::u16string{0xD83D, 0xDE00});
  CHECK(utf16_from_utf8("caf\xC3\xA9") == u"caf\u00E9");
}

TEST_CASE("util: invalid UTF-8 and unpaired surrogates become U+FFFD", "[util][unicode]") {
  CHECK(utf16_from_utf8("a\xFF"
                        "b") == u"a\uFFFDb");
  CHECK(utf16_from_utf8("\xC0\xAF") == u"\uFFFD\uFFFD");            // overlong
  CHECK(utf16_from_utf8("\xED\xA0\x80") == u"\uFFFD\uFFFD\uFFFD");  // a surrogate in UTF-8
  CHECK(utf16_from_utf8("\xE6\x97") == u"\uFFFD\uFFFD");            // cut short
  CHECK(utf8_from_utf16(std::u16string{u'x', char16_t(0xD800)}) == "x\xEF\xBF\xBD");
  CHECK(utf8_from_utf16(std::u16string{char16_t(0xDC00), u'y'}) == "\xEF\xBF\xBDy");
}
