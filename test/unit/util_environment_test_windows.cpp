// Environment names on Windows: one variable whatever the letter case of its name.

#include <catch2/catch.hpp>
#include <string>

#include "util/environment.hpp"

using awsdns::util::Environment;

TEST_CASE("Windows: names differing in case are one variable", "[util][environment][windows]") {
  Environment env{{"Path", "C:\\Windows"}};
  env["PATH"] = "D:\\bin";
  REQUIRE(env.size() == 1);
  CHECK(env.begin()->first == "Path");
  CHECK(env.at("path") == "D:\\bin");
}
