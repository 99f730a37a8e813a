// Unit tests of the child-environment rule (README, "The settings file"). Tests
// tagged [posix] need names that differ only in case to be two variables; on Windows they are one
// (envfile_environment_test_windows.cpp).

#include <catch2/catch.hpp>
#include <string>

#include "envfile/environment.hpp"

using namespace awsdns::envfile;

namespace {

Settings settings_of(std::string_view text) {
  auto result = parse_settings(text, "test.conf");
  INFO(text);
  REQUIRE(result.has_value());
  return *result;
}

ChildEnvironment build(const Environment& parent, std::string_view file,
                       ChildEnvironmentOptions options = {}) {
  return build_child_environment(parent, settings_of(file), options);
}

bool has(const Environment& env, const std::string& name) {
  return env.count(name) == 1;
}

const std::string kImdsBoth = "169.254.169.254,[fd00:ec2::254]";
const std::string kProxy = "http://10.0.0.1:3128";

}  // namespace

TEST_CASE("no file and no parent proxies: the environment passes through",
          "[envfile][environment]") {
  const Environment parent{{"PATH", "/usr/bin"}, {"HOME", "/root"}, {"AWS_PROFILE", "p"}};
  const auto child = build(parent, "");
  CHECK(child.env == parent);
  CHECK(child.changes.empty());
  CHECK_FALSE(child.imds_bypass_added);
  CHECK(child.overridden_parent_proxies.empty());
}

TEST_CASE("the file's proxies are set under both cases, parent proxies in any case dropped",
          "[envfile][environment][posix]") {
  const Environment parent{{"PATH", "/usr/bin"},
                           {"http_proxy", "http://127.0.0.9:1"},
                           {"HTTPS_PROXY", "http://127.0.0.9:2"},
                           {"https_proxy", "http://127.0.0.9:3"},
                           {"Https_Proxy", "http://127.0.0.9:4"},
                           {"all_proxy", "socks5://x"},
                           {"NO_PROXY", "example.com"},
                           {"REQUEST_METHOD", "GET"}};
  const auto child = build(parent, "[ENVIRONMENT]\nHTTPS_PROXY = " + kProxy + "\n");
  const Environment expected{{"PATH", "/usr/bin"},
                             {"HTTPS_PROXY", kProxy},
                             {"https_proxy", kProxy},
                             {"NO_PROXY", kImdsBoth},
                             {"no_proxy", kImdsBoth}};
  CHECK(child.env == expected);
  CHECK(child.imds_bypass_added);
  CHECK(child.overridden_parent_proxies == std::vector<std::string>{"HTTPS_PROXY", "Https_Proxy",
                                                                    "NO_PROXY", "all_proxy",
                                                                    "http_proxy", "https_proxy"});
}

TEST_CASE("a lower-case file variable is also set upper-case", "[envfile][environment]") {
  const auto child = build({}, "http_proxy=" + kProxy + "\nno_proxy=.internal\n");
  CHECK(child.env.at("HTTP_PROXY") == kProxy);
  CHECK(child.env.at("http_proxy") == kProxy);
  CHECK(child.env.at("NO_PROXY") == ".internal," + kImdsBoth);
  CHECK(child.env.at("no_proxy") == ".internal," + kImdsBoth);
}

TEST_CASE("an empty lower-case proxy in the parent cannot cancel the file's proxy",
          "[envfile][environment]") {
  const Environment parent{{"https_proxy", ""}, {"http_proxy", ""}};
  const auto child = build(parent, "HTTPS_PROXY=" + kProxy + "\nHTTP_PROXY=" + kProxy + "\n");
  CHECK(child.env.at("https_proxy") == kProxy);
  CHECK(child.env.at("http_proxy") == kProxy);
}

TEST_CASE("REQUEST_METHOD is always removed", "[envfile][environment]") {
  const Environment parent{{"REQUEST_METHOD", "POST"}, {"X", "1"}};
  for (bool inherit : {false, true}) {
    const auto child = build(parent, "", {inherit, true});
    CHECK_FALSE(has(child.env, "REQUEST_METHOD"));
    REQUIRE(child.changes.size() == 1);
    CHECK(child.changes[0].kind == EnvironmentChange::Kind::Removed);
    CHECK(child.changes[0].name == "REQUEST_METHOD");
    CHECK(child.changes[0].old_value == "POST");
    CHECK_FALSE(child.changes[0].new_value);
  }
}

TEST_CASE("IMDS addresses are appended to an existing NO_PROXY", "[envfile][environment]") {
  const auto child = build({}, "HTTP_PROXY=" + kProxy + "\nNO_PROXY = .corp, 10.1.2.3\n");
  CHECK(child.env.at("NO_PROXY") == ".corp, 10.1.2.3," + kImdsBoth);
  CHECK(child.env.at("no_proxy") == ".corp, 10.1.2.3," + kImdsBoth);
  CHECK(child.imds_bypass_added);
}

TEST_CASE("IMDS addresses already present are not duplicated", "[envfile][environment]") {
  SECTION("both present") {
    const auto child =
        build({}, "HTTP_PROXY=" + kProxy + "\nNO_PROXY=[FD00:EC2::254], 169.254.169.254\n");
    CHECK(child.env.at("NO_PROXY") == "[FD00:EC2::254], 169.254.169.254");
    CHECK_FALSE(child.imds_bypass_added);
  }
  SECTION("one present") {
    const auto child = build({}, "HTTP_PROXY=" + kProxy + "\nNO_PROXY=169.254.169.254,\n");
    CHECK(child.env.at("NO_PROXY") == "169.254.169.254,[fd00:ec2::254]");
    CHECK(child.imds_bypass_added);
  }
  SECTION("a lone * already bypasses everything") {
    const auto child = build({}, "HTTP_PROXY=" + kProxy + "\nNO_PROXY=*\n");
    CHECK(child.env.at("NO_PROXY") == "*");
    CHECK_FALSE(child.imds_bypass_added);
  }
}

TEST_CASE("no IMDS bypass without a proxy, with an empty proxy, or when turned off",
          "[envfile][environment]") {
  CHECK_FALSE(has(build({}, "AWS_A=1\n").env, "NO_PROXY"));
  const auto empty = build({}, "HTTPS_PROXY=\n");
  CHECK(empty.env.at("HTTPS_PROXY").empty());
  CHECK(empty.env.at("https_proxy").empty());
  CHECK_FALSE(has(empty.env, "NO_PROXY"));
  CHECK_FALSE(empty.imds_bypass_added);
  const auto off = build({}, "HTTPS_PROXY=" + kProxy + "\nNO_PROXY=.corp\n", {false, false});
  CHECK(off.env.at("NO_PROXY") == ".corp");
  CHECK_FALSE(off.imds_bypass_added);
  const auto all = build({}, "ALL_PROXY=" + kProxy + "\n");
  CHECK(all.env.at("no_proxy") == kImdsBoth);
}

TEST_CASE("the file's AWS_* variables win over the parent's", "[envfile][environment]") {
  const Environment parent{{"AWS_DEFAULT_REGION", "eu-west-1"}, {"AWS_PROFILE", "admin"}};
  const auto child = build(parent, "AWS_DEFAULT_REGION=us-east-1\nAWS_CA_BUNDLE=/etc/ca.pem\n");
  CHECK(child.env.at("AWS_DEFAULT_REGION") == "us-east-1");
  CHECK(child.env.at("AWS_PROFILE") == "admin");
  CHECK(child.env.at("AWS_CA_BUNDLE") == "/etc/ca.pem");
  REQUIRE(child.changes.size() == 2);
  CHECK(child.changes[0].name == "AWS_CA_BUNDLE");
  CHECK(child.changes[0].kind == EnvironmentChange::Kind::Added);
  CHECK(child.changes[1].name == "AWS_DEFAULT_REGION");
  CHECK(child.changes[1].kind == EnvironmentChange::Kind::Replaced);
  CHECK(child.changes[1].old_value == "eu-west-1");
  CHECK(child.changes[1].new_value == "us-east-1");
}

TEST_CASE("changes are sorted by name and the parent is untouched",
          "[envfile][environment][posix]") {
  const Environment parent{{"ZZ", "1"}, {"no_proxy", "x"}, {"HTTP_PROXY", "http://h:1"}};
  const Environment parent_copy = parent;
  const auto child = build(parent, "HTTPS_PROXY=" + kProxy + "\n");
  CHECK(parent == parent_copy);
  std::vector<std::string> names;
  for (const auto& change : child.changes) names.push_back(change.name);
  CHECK(names == std::vector<std::string>{"HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy",
                                          "no_proxy"});
  CHECK(child.changes[1].kind == EnvironmentChange::Kind::Removed);
  CHECK(child.changes[4].kind == EnvironmentChange::Kind::Replaced);
  CHECK(child.changes[4].new_value == kImdsBoth);
}

TEST_CASE("without --inherit-proxy the parent's proxies are dropped even if the file sets none",
          "[envfile][environment]") {
  const auto child = build({{"HTTPS_PROXY", kProxy}, {"no_proxy", ".corp"}}, "AWS_A=1\n");
  CHECK_FALSE(has(child.env, "HTTPS_PROXY"));
  CHECK_FALSE(has(child.env, "no_proxy"));
  CHECK(child.overridden_parent_proxies == std::vector<std::string>{"HTTPS_PROXY", "no_proxy"});
}

TEST_CASE("inherit_proxy (--inherit-proxy) keeps the parent's effective proxies, normalised",
          "[envfile][environment][posix]") {
  const ChildEnvironmentOptions inherit{true, true};
  SECTION("upper-case only: copied to lower-case, IMDS appended") {
    const auto child = build({{"HTTPS_PROXY", kProxy}}, "AWS_A=1\n", inherit);
    CHECK(child.env.at("HTTPS_PROXY") == kProxy);
    CHECK(child.env.at("https_proxy") == kProxy);
    CHECK(child.env.at("NO_PROXY") == kImdsBoth);
    CHECK(child.overridden_parent_proxies.empty());
  }
  SECTION("lower-case wins over upper-case") {
    const auto child =
        build({{"HTTPS_PROXY", "http://upper:1"}, {"https_proxy", "http://lower:2"}}, "", inherit);
    CHECK(child.env.at("HTTPS_PROXY") == "http://lower:2");
    CHECK(child.env.at("https_proxy") == "http://lower:2");
    CHECK(child.overridden_parent_proxies == std::vector<std::string>{"HTTPS_PROXY"});
  }
  SECTION("an empty lower-case variable cancels the upper-case one") {
    const auto child =
        build({{"HTTPS_PROXY", "http://upper:1"}, {"https_proxy", ""}, {"no_proxy", ".corp"}}, "",
              inherit);
    CHECK_FALSE(has(child.env, "HTTPS_PROXY"));
    CHECK_FALSE(has(child.env, "https_proxy"));
    CHECK(child.env.at("NO_PROXY") == ".corp");  // no proxy left: no IMDS bypass needed
    CHECK_FALSE(child.imds_bypass_added);
  }
  SECTION("HTTP_PROXY under REQUEST_METHOD is not effective; http_proxy is") {
    const auto upper = build({{"HTTP_PROXY", kProxy}, {"REQUEST_METHOD", "GET"}}, "", inherit);
    CHECK_FALSE(has(upper.env, "HTTP_PROXY"));
    CHECK_FALSE(has(upper.env, "REQUEST_METHOD"));
    const auto lower = build({{"http_proxy", kProxy}, {"REQUEST_METHOD", "GET"}}, "", inherit);
    CHECK(lower.env.at("HTTP_PROXY") == kProxy);
  }
  SECTION("a file that defines any proxy variable replaces all the parent's") {
    const auto child =
        build({{"HTTPS_PROXY", "http://parent:1"}, {"HTTP_PROXY", "http://parent:2"}},
              "NO_PROXY=.corp\n", inherit);
    CHECK_FALSE(has(child.env, "HTTPS_PROXY"));
    CHECK_FALSE(has(child.env, "HTTP_PROXY"));
    CHECK(child.env.at("NO_PROXY") == ".corp");
  }
  SECTION("--no-imds-bypass with inherited proxies") {
    const auto child = build({{"HTTPS_PROXY", kProxy}}, "", {true, false});
    CHECK_FALSE(has(child.env, "NO_PROXY"));
  }
}

TEST_CASE("ineffective NO_PROXY entries are reported", "[envfile][environment]") {
  CHECK(ineffective_no_proxy_entries("").empty());
  CHECK(ineffective_no_proxy_entries("*").empty());
  CHECK(ineffective_no_proxy_entries(" * ").empty());
  CHECK(ineffective_no_proxy_entries("169.254.169.254,.example.com,[fd00:ec2::254]").empty());
  const auto findings =
      ineffective_no_proxy_entries("10.0.0.0/8, *.example.com,ok.com,10.0.*,*,,[fd00::]/64");
  REQUIRE(findings.size() == 5);
  CHECK_THAT(findings[0], Catch::StartsWith("10.0.0.0/8:") && Catch::Contains("CIDR"));
  CHECK_THAT(findings[1], Catch::StartsWith("*.example.com:") && Catch::Contains("wildcard"));
  CHECK_THAT(findings[2], Catch::StartsWith("10.0.*:") && Catch::Contains("wildcard"));
  CHECK_THAT(findings[3], Catch::StartsWith("*:") && Catch::Contains("whole"));
  CHECK_THAT(findings[4], Catch::StartsWith("[fd00::]/64:") && Catch::Contains("CIDR"));
}
