// The path rules on Windows: drive and UNC paths are absolute, PATH entries split at ';', '\\',
// '/' or a drive's ':' make a path, a bare name is tried as .exe and .com.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "util/path_rules.hpp"

using namespace awsdns::util;

TEST_CASE("Windows: absolute paths are a drive's or a share's", "[util][path_rules][windows]") {
  CHECK(is_absolute_path("C:\\Windows"));
  CHECK(is_absolute_path("c:/Windows"));
  CHECK(is_absolute_path("\\\\server\\share\\x"));
  CHECK_FALSE(is_absolute_path("\\Windows"));
  CHECK_FALSE(is_absolute_path("C:Windows"));
  CHECK_FALSE(is_absolute_path(""));
}

TEST_CASE("Windows: a PATH search's names and directories", "[util][path_rules][windows]") {
  CHECK(path_list_separator() == ';');
  CHECK(names_a_path("bin\\aws"));
  CHECK(names_a_path("bin/aws"));
  CHECK(names_a_path("C:aws"));
  CHECK_FALSE(names_a_path("aws"));
  CHECK(executable_candidates("aws") == std::vector<std::string>{"aws.exe", "aws.com"});
  CHECK(executable_candidates("aws.cmd") == std::vector<std::string>{"aws.cmd"});
}

TEST_CASE("Windows: a file in a folder gets one separator between", "[util][path_rules][windows]") {
  CHECK(path_in_directory("C:\\bin", "aws.exe") == "C:\\bin\\aws.exe");
  CHECK(path_in_directory("C:\\bin\\", "aws.exe") == "C:\\bin\\aws.exe");
  CHECK(path_in_directory("C:/bin/", "aws.exe") == "C:/bin/aws.exe");
  CHECK(path_in_directory("", "aws.exe") == "\\aws.exe");
}
