// Which proxy the AWS CLI uses, as botocore reads its environment (REFERENCE facts measured
// through a real squid): lower case wins, an empty lower-case value cancels, NO_PROXY bypasses by
// host suffix or exact IP, REQUEST_METHOD drops HTTP_PROXY, ALL_PROXY is never used; and the
// parts of a proxy URL as urllib splits them.

#include <catch2/catch.hpp>

#include "envfile/proxy_choice.hpp"

using namespace awsdns::envfile;

namespace {

const char* const kRoute53 = "https://route53.amazonaws.com";

std::string proxy_of(const Environment& env, const char* url = kRoute53) {
  return proxy_for(env, url).url;
}

}  // namespace

TEST_CASE("the proxy of the endpoint's scheme, lower case winning", "[envfile][proxy-choice]") {
  Environment env{{"HTTPS_PROXY", "http://upper:3128"}, {"HTTP_PROXY", "http://plain:3128"}};
  CHECK(proxy_of(env) == "http://upper:3128");
  CHECK(proxy_of(env, "http://127.0.0.2:8053") == "http://plain:3128");
  env["https_proxy"] = "http://lower:3128";
  CHECK(proxy_of(env) == "http://lower:3128");
}

// [posix]: on Windows a name in any letter case is one variable (environment_names_windows.cpp).
TEST_CASE("an empty lower-case variable cancels the upper-case one",
          "[envfile][proxy-choice][posix]") {
  const Environment env{{"HTTPS_PROXY", "http://upper:3128"}, {"https_proxy", ""}};
  const auto choice = proxy_for(env, kRoute53);
  CHECK(choice.direct());
  CHECK(choice.reason == "https_proxy is empty: it cancels HTTPS_PROXY");
}

TEST_CASE("no proxy for the scheme, and ALL_PROXY is never used", "[envfile][proxy-choice]") {
  const Environment env{{"HTTP_PROXY", "http://plain:3128"}, {"ALL_PROXY", "http://all:3128"}};
  const auto choice = proxy_for(env, kRoute53);
  CHECK(choice.direct());
  CHECK(choice.reason == "no HTTPS_PROXY");
}

TEST_CASE("REQUEST_METHOD drops HTTP_PROXY but not http_proxy", "[envfile][proxy-choice][posix]") {
  Environment env{{"HTTP_PROXY", "http://plain:3128"}, {"REQUEST_METHOD", "GET"}};
  const auto choice = proxy_for(env, "http://127.0.0.2:8053");
  CHECK(choice.direct());
  CHECK(choice.reason == "REQUEST_METHOD is set: the AWS CLI ignores HTTP_PROXY");
  env["http_proxy"] = "http://lower:3128";
  CHECK(proxy_of(env, "http://127.0.0.2:8053") == "http://lower:3128");
}

TEST_CASE("a value without a scheme is http://, as botocore reads it", "[envfile][proxy-choice]") {
  CHECK(proxy_of({{"HTTPS_PROXY", "10.0.0.1:3128"}}) == "http://10.0.0.1:3128");
  CHECK(botocore_proxy_url("//h:1") == "http://h:1");
  CHECK(botocore_proxy_url("https://h:1") == "https://h:1");
  // botocore knows only lower-case schemes (the settings file's values reach it lower-cased).
  CHECK(botocore_proxy_url("HTTP://h:1") == "http://HTTP://h:1");
}

TEST_CASE("NO_PROXY: host suffix, exact IP, '*' alone, but no CIDR", "[envfile][proxy-choice]") {
  Environment env{{"HTTPS_PROXY", "http://p:3128"}, {"HTTP_PROXY", "http://p:3128"}};
  const auto bypassed = [&](const char* no_proxy, const char* url) {
    env["NO_PROXY"] = no_proxy;
    return proxy_for(env, url).direct();
  };
  CHECK(bypassed("amazonaws.com", kRoute53));
  CHECK(bypassed(".amazonaws.com", kRoute53));
  CHECK(bypassed("169.254.169.254, ROUTE53.amazonaws.com", kRoute53));
  CHECK_FALSE(bypassed("zonaws.com", kRoute53));
  CHECK_FALSE(bypassed("route53.amazonaws.com.cn", kRoute53));
  CHECK(bypassed("127.0.0.2", "http://127.0.0.2:8053"));
  CHECK(bypassed("127.0.0.2:8053", "http://127.0.0.2:8053"));
  CHECK_FALSE(bypassed("127.0.0.0/8", "http://127.0.0.2:8053"));
  CHECK_FALSE(bypassed("127.0.0.20", "http://127.0.0.2:8053"));
  CHECK(bypassed("*", kRoute53));
  CHECK_FALSE(bypassed("x.example,*", kRoute53));
  CHECK(proxy_for(env, "https://r53.example.com").reason.empty());
  env["NO_PROXY"] = "amazonaws.com";
  CHECK(proxy_for(env, kRoute53).reason == "NO_PROXY matches route53.amazonaws.com");
  env["no_proxy"] = "";  // an empty lower-case no_proxy cancels NO_PROXY too
  CHECK_FALSE(proxy_for(env, kRoute53).direct());
}

TEST_CASE("the parts of a URL, credentials percent-decoded", "[envfile][proxy-choice]") {
  const auto parts = split_url("http://tester:p%40ss%23w:rd@10.0.0.1:3128/");
  CHECK(parts.scheme == "http");
  CHECK(parts.user == "tester");
  CHECK(parts.password == "p@ss#w:rd");
  CHECK(parts.host == "10.0.0.1");
  CHECK(parts.port == 3128);
  CHECK(split_url("http://u:p@ss@h:1").password == "p@ss");
  CHECK(split_url("http://h").port == 80);
  CHECK(split_url("HTTPS://h").port == 443);
  CHECK(split_url("http://[fd00::1]:8080").host == "fd00::1");
  CHECK(split_url("http://[fd00::1]:8080").port == 8080);
  CHECK(split_url("http://[fd00::1]").port == 80);
  CHECK(split_url("http://h:notaport").port == 0);
  CHECK(split_url("http://h:70000").port == 0);
  CHECK(split_url("http://tester@h:1").password.empty());
}

TEST_CASE("HTTP_PROXY without HTTPS_PROXY in the settings file", "[envfile][proxy-choice]") {
  const auto settings = [](const std::string& text) {
    const auto parsed = parse_settings(text, "test.conf");
    REQUIRE(parsed.has_value());
    return *parsed;
  };
  const auto found = http_proxy_without_https(settings("NO_PROXY=x\nhttp_proxy=http://h:1\n"));
  REQUIRE(found);
  CHECK(found->line == 2);
  CHECK(found->name == "http_proxy");
  CHECK_FALSE(
      http_proxy_without_https(settings("HTTP_PROXY=http://h:1\nHttps_Proxy=http://h:1\n")));
  CHECK_FALSE(http_proxy_without_https(settings("HTTP_PROXY=http://h:1\nHTTPS_PROXY=\n")));
  CHECK_FALSE(http_proxy_without_https(settings("HTTP_PROXY=\n")));
}
