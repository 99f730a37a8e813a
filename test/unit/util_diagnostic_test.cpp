// Unit tests of util/diagnostic.hpp: FILE:LINE:COLUMN rendering and printable() (moved here
// with Diagnostic from envfile/).

#include <catch2/catch.hpp>
#include <string>

#include "util/diagnostic.hpp"

using awsdns::util::Diagnostic;
using awsdns::util::printable;

TEST_CASE("Diagnostic renders FILE:LINE:COLUMN: message", "[util][diagnostic]") {
  CHECK(Diagnostic{"f.conf", 3, 7, "bad"}.to_string() == "f.conf:3:7: bad");
  CHECK(Diagnostic{"f.conf", 3, 0, "bad"}.to_string() == "f.conf:3: bad");
  CHECK(Diagnostic{"f.conf", 0, 0, "bad"}.to_string() == "f.conf: bad");
  CHECK(Diagnostic{"", 4, 0, "bad"}.to_string() == "line 4: bad");
  CHECK(Diagnostic{"", 0, 0, "bad"}.to_string() == "bad");
}

TEST_CASE("diagnostics never carry control characters or invalid UTF-8", "[util][diagnostic]") {
  CHECK(printable("plain text, caf\xc3\xa9\t") == "plain text, caf\xc3\xa9\t");
  CHECK(printable("\x1b]0;pwned\x07") == "\\x1b]0;pwned\\x07");
  CHECK(printable(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(printable("bad \xff\xfe utf8") == "bad \\xff\\xfe utf8");
  CHECK(Diagnostic{"f\x1b.yaml", 1, 2, "value '\x1b[31m'"}.to_string() ==
        "f\\x1b.yaml:1:2: value '\\x1b[31m'");
}

TEST_CASE("a column without a line is not shown, and newline and DEL are escaped",
          "[util][diagnostic]") {
  CHECK(Diagnostic{"a.yaml", 0, 5, "bad"}.to_string() == "a.yaml: bad");
  CHECK(printable("a\nb") == "a\\x0ab");
  CHECK(printable("\x7f") == "\\x7f");
  CHECK(printable("\xE6\x97") == "\\xe6\\x97");  // a truncated sequence, byte by byte
}
