// The from-scratch base of the AWS CLI's environment, and HOME from /etc/passwd text.
#include <catch2/catch.hpp>

#include "envfile/aws_environment.hpp"

using namespace awsdns::envfile;

TEST_CASE("the base keeps nothing of the caller but pass_env names", "[envfile][aws-env][posix]") {
  const Environment caller = {{"AWS_PROFILE", "x"},      {"AWS_CA_BUNDLE", ""},
                              {"HOME", "/home/admin"},   {"PATH", "/tmp/evil:/usr/bin"},
                              {"LANG", "de_DE.UTF-8"},   {"https_proxy", "http://dead:1"},
                              {"REQUEST_METHOD", "GET"}, {"TZ", "Asia/Tokyo"}};
  AwsCliBase base;
  base.home = "/root";
  base.cli_directory = "/opt/aws/bin";
  const auto env = aws_cli_base_environment(caller, base);
  CHECK(env == Environment{{"HOME", "/root"},
                           {"LANG", "C.UTF-8"},
                           {"LC_ALL", "C.UTF-8"},
                           {"PATH", std::string("/opt/aws/bin:") + kSafePath}});
  base.pass_names = {"TZ", "AWS_RETRY_MODE"};
  CHECK(aws_cli_base_environment(caller, base).at("TZ") == "Asia/Tokyo");
  CHECK_FALSE(aws_cli_base_environment(caller, base).count("AWS_RETRY_MODE"));
  base.inherit_proxy = true;
  CHECK(aws_cli_base_environment(caller, base).at("https_proxy") == "http://dead:1");
}

TEST_CASE("the CLI's folder is not repeated when the safe PATH has it, and no HOME without one",
          "[envfile][aws-env][posix]") {
  AwsCliBase base;
  base.cli_directory = "/usr/bin";
  const auto env = aws_cli_base_environment({}, base);
  CHECK(env.at("PATH") == kSafePath);
  CHECK_FALSE(env.count("HOME"));
}

TEST_CASE("ignored caller variables: AWS_* and proxies the child lacks or has otherwise",
          "[envfile][aws-env]") {
  const Environment caller = {{"AWS_PROFILE", "x"},
                              {"AWS_REGION", "eu-west-1"},
                              {"http_proxy", "http://a:1"},
                              {"EDITOR", "vi"}};
  const Environment child = {{"AWS_REGION", "eu-west-1"}, {"http_proxy", "http://b:2"}};
  CHECK(ignored_caller_variables(caller, child) ==
        std::vector<std::string>{"AWS_PROFILE", "http_proxy"});
}

TEST_CASE("HOME from /etc/passwd text", "[envfile][aws-env]") {
  const std::string passwd =
      "root:x:0:0:root:/root:/bin/bash\n"
      "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
      "broken line\n"
      "hacluster:x:108:115::/var/lib/pacemaker:/usr/sbin/nologin\n"
      "nohome:x:200:200:::/bin/sh\n";
  CHECK(home_from_passwd(passwd, 0) == "/root");
  CHECK(home_from_passwd(passwd, 108) == "/var/lib/pacemaker");
  CHECK_FALSE(home_from_passwd(passwd, 200).has_value());
  CHECK_FALSE(home_from_passwd(passwd, 4242).has_value());
  CHECK_FALSE(home_from_passwd("", 0).has_value());
  CHECK_FALSE(home_from_passwd("x:x:0x:0::/root:/bin/sh\n", 0).has_value());
}
