// The path rules on POSIX: absolute means "/...", PATH entries split at ':', a '/' makes a path.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "util/path_rules.hpp"

using namespace awsdns::util;

TEST_CASE("POSIX: an absolute path starts with '/'", "[util][path_rules][posix]") {
  CHECK(is_absolute_path("/usr/bin"));
  CHECK_FALSE(is_absolute_path("usr/bin"));
  CHECK_FALSE(is_absolute_path(""));
  CHECK_FALSE(is_absolute_path("C:\\Windows"));
}

TEST_CASE("POSIX: a PATH search's names and directories", "[util][path_rules][posix]") {
  CHECK(path_list_separator() == ':');
  CHECK(names_a_path("./aws"));
  CHECK(names_a_path("/usr/bin/aws"));
  CHECK_FALSE(names_a_path("aws"));
  CHECK_FALSE(names_a_path("C:aws"));
  CHECK(executable_candidates("aws") == std::vector<std::string>{"aws"});
  CHECK(executable_candidates("aws.exe") == std::vector<std::string>{"aws.exe"});
}

TEST_CASE("POSIX: a file in a directory gets one '/' between", "[util][path_rules][posix]") {
  CHECK(path_in_directory("/usr/bin", "aws") == "/usr/bin/aws");
  CHECK(path_in_directory("/usr/bin/", "aws") == "/usr/bin/aws");
  CHECK(path_in_directory("/", "aws") == "/aws");
  CHECK(path_in_directory("C:\\bin\\", "aws") == "C:\\bin\\/aws");
}
