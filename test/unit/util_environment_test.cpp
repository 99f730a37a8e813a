// Environment values: from main's envp, to exec's strings.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "util/environment.hpp"

using namespace awsdns::util;

TEST_CASE("environment_from_envp and environment_to_strings", "[util][environment]") {
  const char* envp[] = {"A=1", "B=x=y", "EMPTY=", "NOEQUALS", "A=2", nullptr};
  const auto env = environment_from_envp(envp);
  CHECK(env == Environment{{"A", "1"}, {"B", "x=y"}, {"EMPTY", ""}});
  CHECK(environment_to_strings(env) == std::vector<std::string>{"A=1", "B=x=y", "EMPTY="});
  CHECK(environment_from_envp(nullptr).empty());
}
