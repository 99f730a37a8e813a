// Unit tests of secret redaction and scrubbing.

#include <catch2/catch.hpp>
#include <string>

#include "envfile/redact.hpp"

using namespace awsdns::envfile;

namespace {
bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}
}  // namespace

TEST_CASE("secret names", "[envfile][redact]") {
  for (const char* name :
       {"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "MY_PASSWORD",
        "db_password", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "client_secret"})
    CHECK(is_secret_name(name));
  for (const char* name : {"AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION", "HTTP_PROXY", "PATH"})
    CHECK_FALSE(is_secret_name(name));
}

TEST_CASE("URL userinfo is redacted", "[envfile][redact]") {
  CHECK(redact_url_userinfo("http://user:pass@host:3128") == "http://***@host:3128");
  CHECK(redact_url_userinfo("https://u:p%23w@127.0.0.1:3128/") == "https://***@127.0.0.1:3128/");
  CHECK(redact_url_userinfo("http://u:p@ss@h:1") == "http://***@h:1");
  CHECK(redact_url_userinfo("u:p@h:1") == "***@h:1");
  CHECK(redact_url_userinfo("http://host:3128") == "http://host:3128");
  CHECK(redact_url_userinfo("10.0.0.1:3128") == "10.0.0.1:3128");
  CHECK(redact_url_userinfo("") == "");
}

TEST_CASE("redact_value hides secrets and proxy credentials", "[envfile][redact]") {
  CHECK(redact_value("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG") == "***");
  CHECK(redact_value("AWS_SESSION_TOKEN", "FwoGZXIvYXdzE") == "***");
  CHECK(redact_value("AWS_SESSION_TOKEN", "") == "");
  CHECK(redact_value("https_proxy", "http://u:p@10.0.0.1:3128") == "http://***@10.0.0.1:3128");
  CHECK(redact_value("HTTPS_PROXY", "http://10.0.0.1:3128") == "http://10.0.0.1:3128");
  CHECK(redact_value("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE") == "AKIDEXAMPLE");
  CHECK(redact_value("AWS_ENDPOINT_URL", "http://u:pw@127.0.0.2:80") == "http://***@127.0.0.2:80");
  CHECK(redact_value("NO_PROXY", "169.254.169.254") == "169.254.169.254");
}

TEST_CASE("secrets_in collects secret values and proxy credentials", "[envfile][redact]") {
  const Environment env{{"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI"},
                        {"AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLE"},
                        {"AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"},
                        {"HTTPS_PROXY", "http://proxyuser:p%23ss@127.0.0.1:3128"},
                        {"http_proxy", "alice:wonder@127.0.0.1:3128"},
                        {"AWS_PASSWORD_EMPTY", ""},
                        {"PATH", "/usr/bin"}};
  const auto secrets = secrets_in(env);
  CHECK(contains(secrets, "wJalrXUtnFEMI"));
  CHECK(contains(secrets, "FwoGZXIvYXdzEXAMPLE"));
  CHECK(contains(secrets, "p%23ss"));
  CHECK(contains(secrets, "p#ss"));
  CHECK(contains(secrets, "proxyuser:p%23ss"));
  CHECK(contains(secrets, "proxyuser:p#ss"));
  CHECK(contains(secrets, "cHJveHl1c2VyOnAjc3M="));  // base64("proxyuser:p#ss"), Basic auth
  CHECK(contains(secrets, "wonder"));
  CHECK(contains(secrets, "alice:wonder"));
  CHECK_FALSE(contains(secrets, "AKIDEXAMPLE"));
  CHECK_FALSE(contains(secrets, "/usr/bin"));
  CHECK_FALSE(contains(secrets, ""));
  for (std::size_t i = 1; i < secrets.size(); ++i)
    CHECK(secrets[i - 1].size() >= secrets[i].size());
  CHECK(std::adjacent_find(secrets.begin(), secrets.end()) == secrets.end());
}

TEST_CASE("scrub hides the AWS CLI's proxy error and secret values in free text",
          "[envfile][redact]") {
  const Environment env{{"HTTPS_PROXY", "http://u:p%23w@127.0.0.1:3128"},
                        {"https_proxy", "http://u:p%23w@127.0.0.1:3128"},
                        {"AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMIK7MDENG"}};
  const auto secrets = secrets_in(env);
  const std::string cli_error =
      "\nFailed to connect to proxy URL: \"http://u:p%23w@127.0.0.1:3128\"\n";
  const auto scrubbed = scrub(cli_error, secrets);
  CHECK(scrubbed == "\nFailed to connect to proxy URL: \"http://***@127.0.0.1:3128\"\n");
  CHECK(scrub("key=wJalrXUtnFEMIK7MDENG and again wJalrXUtnFEMIK7MDENG", secrets) ==
        "key=*** and again ***");
  CHECK(scrub("decoded password p#w leaked", secrets) == "decoded password p#w leaked");  // < 4
  CHECK(scrub("Proxy-Authorization: Basic dTpwI3c=", secrets) == "Proxy-Authorization: Basic ***");
}

TEST_CASE("scrub removes URL userinfo even for unknown secrets", "[envfile][redact]") {
  CHECK(scrub("via https://bob:hunter2@10.0.0.1:3128 and http://x:y@h/", {}) ==
        "via https://***@10.0.0.1:3128 and http://***@h/");
  CHECK(scrub("socks5://a:b@c", {}) == "socks5://***@c");
  CHECK(scrub("plain http://host:3128/path?q=a@b", {}) == "plain http://***@b");  // over-redacts
  CHECK(scrub("mail user@example.com, http://host/x@y", {}) ==
        "mail user@example.com, http://host/x@y");  // no ':' before '@': not userinfo
  CHECK(scrub("ends with ://", {}) == "ends with ://");
  CHECK(scrub("", {"secret"}) == "");
}

TEST_CASE("scrub skips secrets shorter than the minimum, longest first", "[envfile][redact]") {
  CHECK(scrub("a b c", {"a", "ab", "abc"}) == "a b c");
  CHECK(scrub("token abcdefgh here", {"abcd", "abcdefgh"}) == "token *** here");
  CHECK(scrub("xxxxxxxx", {"xxxx"}) == "******");
}
