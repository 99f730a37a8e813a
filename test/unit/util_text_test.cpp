// Unit tests of util/text.hpp: ASCII trimming, case, joining, UTF-8 validity, percent-decoding,
// base64.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "util/text.hpp"

using namespace awsdns::util;

TEST_CASE("trim removes spaces and TABs, or the given characters", "[util][text]") {
  CHECK(trim("  a b\t") == "a b");
  CHECK(trim("\t \t").empty());
  CHECK(trim("").empty());
  CHECK(trim(" x\r\n") == "x\r\n");
  CHECK(trim(" x\r\n", " \t\r\n") == "x");
  CHECK(trim("\r\n", " \t\r\n").empty());
  CHECK(is_blank(' '));
  CHECK(is_blank('\t'));
  CHECK_FALSE(is_blank('\n'));
}

TEST_CASE("ASCII case: only A-Z and a-z change", "[util][text]") {
  CHECK(to_lower("HTTPS_Proxy-1") == "https_proxy-1");
  CHECK(to_upper("https_proxy-1") == "HTTPS_PROXY-1");
  CHECK(to_lower("\xC3\x89") == "\xC3\x89");  // no locale: UTF-8 bytes unchanged
  CHECK(ascii_lower('Q') == 'q');
  CHECK(ascii_upper('q') == 'Q');
  CHECK(ascii_lower('@') == '@');
  CHECK(iequals("No_Proxy", "NO_PROXY"));
  CHECK_FALSE(iequals("NO_PROXY", "NO_PROX"));
  CHECK_FALSE(iequals("a", "b"));
  CHECK(iequals("", ""));
}

TEST_CASE("join puts the separator between the parts", "[util][text]") {
  CHECK(join({}, ", ").empty());
  CHECK(join({"a"}, ", ") == "a");
  CHECK(join({"a", "", "c"}, ", ") == "a, , c");
  CHECK(join({"x", "y"}, " ") == "x y");
}

TEST_CASE("first_invalid_utf8 finds the first bad byte", "[util][text]") {
  CHECK(first_invalid_utf8("plain") == std::string_view::npos);
  CHECK(first_invalid_utf8("caf\xC3\xA9") == std::string_view::npos);
  CHECK(first_invalid_utf8("ab\xFF") == 2);
  CHECK(first_invalid_utf8("\xC0\x80") == 0);          // overlong
  CHECK(first_invalid_utf8("\xED\xA0\x80") == 0);      // surrogate
  CHECK(first_invalid_utf8("x\xE6\x97") == 1);         // truncated
  CHECK(first_invalid_utf8("\xF4\x90\x80\x80") == 0);  // above U+10FFFF
}

TEST_CASE("percent_decode decodes valid escapes and keeps the rest", "[util][text]") {
  CHECK(percent_decode("p%23ss") == "p#ss");
  CHECK(percent_decode("%2f%2F") == "//");
  CHECK(percent_decode("100%") == "100%");
  CHECK(percent_decode("%zz%4") == "%zz%4");
}

TEST_CASE("base64 pads to whole groups of four", "[util][text]") {
  CHECK(base64("") == "");
  CHECK(base64("a") == "YQ==");
  CHECK(base64("ab") == "YWI=");
  CHECK(base64("user:pw") == "dXNlcjpwdw==");
  CHECK(base64("\xff\xfe\xfd") == "//79");
}
