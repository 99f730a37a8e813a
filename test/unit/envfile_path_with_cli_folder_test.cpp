// The CLI's folder in front of the fixed search path (portable rule, both systems' separators).

#include <catch2/catch.hpp>

#include "envfile/aws_environment.hpp"

using awsdns::envfile::path_with_cli_folder;

TEST_CASE("the CLI's folder goes in front unless listed", "[envfile][aws-env]") {
  CHECK(path_with_cli_folder("/opt/aws", "/usr/bin:/bin", ':', false) == "/opt/aws:/usr/bin:/bin");
  CHECK(path_with_cli_folder("/bin", "/usr/bin:/bin", ':', false) == "/usr/bin:/bin");
  CHECK(path_with_cli_folder("", "/usr/bin:/bin", ':', false) == "/usr/bin:/bin");
  CHECK(path_with_cli_folder("C:\\WINDOWS", "C:\\Windows\\System32;C:\\Windows", ';', true) ==
        "C:\\Windows\\System32;C:\\Windows");
  CHECK(path_with_cli_folder("C:\\WINDOWS", "C:\\Windows", ';', false) ==
        "C:\\WINDOWS;C:\\Windows");
}
