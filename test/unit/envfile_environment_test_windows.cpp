// The child-environment rule on Windows, where a name is one variable whatever its case: the
// file's proxy is one entry, the parent's proxies in any case are dropped, the changes list names
// each variable once.

#include <catch2/catch.hpp>
#include <string>

#include "envfile/environment.hpp"

using namespace awsdns::envfile;

namespace {

const std::string kImdsBoth = "169.254.169.254,[fd00:ec2::254]";
const std::string kProxy = "http://10.0.0.1:3128";

ChildEnvironment build(const Environment& parent, std::string_view file,
                       ChildEnvironmentOptions options = {}) {
  auto parsed = parse_settings(file, "test.conf");
  REQUIRE(parsed.has_value());
  return build_child_environment(parent, *parsed, options);
}

}  // namespace

TEST_CASE(
    "Windows: the file's proxy is one entry, and the parent's proxies in any case are dropped",
    "[envfile][environment][windows]") {
  const Environment parent{{"Path", "C:\\Windows"},
                           {"http_proxy", "http://127.0.0.9:1"},
                           {"Https_Proxy", "http://127.0.0.9:4"},
                           {"all_proxy", "socks5://x"},
                           {"no_proxy", "example.com"}};
  const auto child = build(parent, "[ENVIRONMENT]\nhttps_proxy = " + kProxy + "\n");
  const Environment expected{
      {"Path", "C:\\Windows"}, {"HTTPS_PROXY", kProxy}, {"NO_PROXY", kImdsBoth}};
  CHECK(child.env == expected);
  CHECK(child.env.size() == 3);
  // In the system's order of names, upper-cased (HTTPS_PROXY before HTTP_PROXY: 'S' < '_').
  CHECK(child.overridden_parent_proxies ==
        std::vector<std::string>{"all_proxy", "Https_Proxy", "http_proxy", "no_proxy"});
}

TEST_CASE("Windows: each changed variable is listed once, in the system's order",
          "[envfile][environment][windows]") {
  const Environment parent{{"ZZ", "1"}, {"no_proxy", "x"}, {"HTTP_PROXY", "http://h:1"}};
  const auto child = build(parent, "HTTPS_PROXY=" + kProxy + "\n");
  std::vector<std::string> names;
  for (const auto& change : child.changes) names.push_back(change.name);
  CHECK(names == std::vector<std::string>{"HTTPS_PROXY", "HTTP_PROXY", "no_proxy"});
  REQUIRE(child.changes.size() == 3);
  CHECK(child.changes[0].kind == EnvironmentChange::Kind::Added);
  CHECK(child.changes[1].kind == EnvironmentChange::Kind::Removed);
  CHECK(child.changes[2].kind == EnvironmentChange::Kind::Replaced);
  CHECK(child.changes[2].new_value == kImdsBoth);
}

TEST_CASE("Windows: --inherit-proxy keeps the parent's proxy, one entry",
          "[envfile][environment][windows]") {
  const ChildEnvironmentOptions inherit{true, true};
  const auto child = build({{"https_proxy", kProxy}}, "AWS_A=1\n", inherit);
  CHECK(child.env.at("HTTPS_PROXY") == kProxy);
  CHECK(child.env.at("NO_PROXY") == kImdsBoth);
  CHECK(child.env.size() == 3);  // the proxy, NO_PROXY, AWS_A
  CHECK(child.overridden_parent_proxies.empty());
}
