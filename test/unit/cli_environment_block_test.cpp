// The Windows environment block as a value (portable parser, tested on every system).

#include <catch2/catch.hpp>

#include "cli/environment_block.hpp"

using awsdns::cli::environment_from_block;

TEST_CASE("environment block: entries, drive directories left out", "[cli][environment]") {
  const char16_t block[] =
      u"=C:=C:\\work\0PATH=C:\\Windows\0EMPTY=\0NOEQUALS\0"
      u"A=b=c\0\u00e9t\u00e9=\u65e5\u672c\0";
  const auto env = environment_from_block(block);
  CHECK(env.size() == 4);
  CHECK(env.at("PATH") == "C:\\Windows");
  CHECK(env.at("EMPTY").empty());
  CHECK(env.at("A") == "b=c");
  CHECK(env.at("\xc3\xa9t\xc3\xa9") == "\xe6\x97\xa5\xe6\x9c\xac");
  CHECK(env.count("=C:") == 0);
}

TEST_CASE("environment block: empty and null", "[cli][environment]") {
  const char16_t empty[] = u"\0";
  CHECK(environment_from_block(empty).empty());
  CHECK(environment_from_block(nullptr).empty());
}
