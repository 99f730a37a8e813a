// The AWS CLI's base environment on Windows: system folders, profile, nothing else of the caller.

#include <catch2/catch.hpp>

#include "envfile/aws_environment.hpp"

using namespace awsdns::envfile;

TEST_CASE("Windows base: SystemRoot, PATH, profile variables", "[envfile][aws-env][windows]") {
  Environment caller{{"SystemRoot", "D:\\WINNT"}, {"TEMP", "C:\\Temp"}, {"Secret", "x"}};
  AwsCliBase base;
  base.home = "C:\\Users\\Admin";
  base.cli_directory = "C:\\Program Files\\Amazon\\AWSCLIV2";
  const Environment env = aws_cli_base_environment(caller, base);
  CHECK(env.at("PATH") ==
        "C:\\Program "
        "Files\\Amazon\\AWSCLIV2;D:\\WINNT\\System32;D:\\WINNT;D:\\WINNT\\System32\\Wbem");
  CHECK(env.at("SYSTEMROOT") == "D:\\WINNT");
  CHECK(env.at("USERPROFILE") == "C:\\Users\\Admin");
  CHECK(env.at("HOMEDRIVE") == "C:");
  CHECK(env.at("HOMEPATH") == "\\Users\\Admin");
  CHECK(env.at("TEMP") == "C:\\Temp");
  CHECK(env.count("TMP") == 0);
  CHECK(env.count("Secret") == 0);
  CHECK(env.at("COMSPEC") == "D:\\WINNT\\System32\\cmd.exe");
}
