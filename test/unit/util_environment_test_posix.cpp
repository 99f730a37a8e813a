// Environment names on POSIX: bytes, so names differing only in letter case are two variables.

#include <catch2/catch.hpp>
#include <string>

#include "util/environment.hpp"

using awsdns::util::Environment;

TEST_CASE("POSIX: names differing in case are two variables", "[util][environment][posix]") {
  Environment env{{"http_proxy", "http://a:1"}};
  env["HTTP_PROXY"] = "http://b:2";
  REQUIRE(env.size() == 2);
  CHECK(env.begin()->first == "HTTP_PROXY");
  CHECK(env.at("http_proxy") == "http://a:1");
}
