// Unit tests of the settings-file parser: every rule and every error with its line number.

#include <catch2/catch.hpp>
#include <string>

#include "envfile/settings.hpp"
#include "failure_lines.hpp"

using namespace awsdns::envfile;
using namespace std::string_literals;

namespace {

// parse_settings's outcome with its errors read back into Diagnostics.
struct Parsed {
  Settings settings;
  Diagnostics errors;
  bool ok() const { return errors.empty(); }
};

Parsed parse(std::string_view text) {
  auto result = parse_settings(text, "test.conf");
  if (!result) {
    CHECK(result.error().code == awsdns::ExitCode::Config);
    return {{}, awsdns::test::diagnostics_of(result.error().message, "test.conf")};
  }
  return {std::move(*result), {}};
}

// The only error of `text`, which must fail.
Diagnostic only_error(std::string_view text) {
  const auto result = parse(text);
  REQUIRE(result.errors.size() == 1);
  return result.errors.front();
}

std::string value_of(const Settings& settings, const std::string& name) {
  for (const auto& variable : settings.variables)
    if (variable.name == name) return variable.value;
  FAIL("no variable " << name);
  return {};
}

}  // namespace

TEST_CASE("parser reads the CLUSTERPRO [ENVIRONMENT] section", "[envfile][parser]") {
  const auto result = parse(
      "[ENVIRONMENT]\n"
      "HTTP_PROXY = http://10.0.0.1:3128\n"
      "HTTPS_PROXY = http://10.0.0.1:3128\n"
      "NO_PROXY = 169.254.169.254\n");
  REQUIRE(result.ok());
  CHECK(result.settings.has_section_header);
  REQUIRE(result.settings.variables.size() == 3);
  CHECK(result.settings.variables[0].name == "HTTP_PROXY");
  CHECK(result.settings.variables[0].value == "http://10.0.0.1:3128");
  CHECK(result.settings.variables[0].line == 2);
  CHECK(result.settings.variables[2].name == "NO_PROXY");
  CHECK(result.settings.variables[2].value == "169.254.169.254");
  CHECK(result.settings.variables[2].line == 4);
}

TEST_CASE("section header name is case-insensitive and may have blanks", "[envfile][parser]") {
  for (const char* header : {"[environment]", "[Environment]", "  [ ENVIRONMENT ]  "}) {
    const auto result = parse(std::string(header) + "\nAWS_DEFAULT_REGION=us-east-1\n");
    REQUIRE(result.ok());
    CHECK(value_of(result.settings, "AWS_DEFAULT_REGION") == "us-east-1");
  }
}

TEST_CASE("other sections are ignored but recorded", "[envfile][parser]") {
  const auto result = parse(
      "[GENERAL]\n"
      "PATH = /tmp/evil\n"
      "whatever line\n"
      "[ENVIRONMENT]\n"
      "AWS_DEFAULT_REGION = ap-northeast-1\n"
      "[Other]\n"
      "HTTP_PROXY = not checked here\n");
  REQUIRE(result.ok());
  REQUIRE(result.settings.variables.size() == 1);
  CHECK(result.settings.variables[0].name == "AWS_DEFAULT_REGION");
  REQUIRE(result.settings.ignored_sections.size() == 2);
  CHECK(result.settings.ignored_sections[0].name == "GENERAL");
  CHECK(result.settings.ignored_sections[0].line == 1);
  CHECK(result.settings.ignored_sections[1].name == "Other");
  CHECK(result.settings.ignored_sections[1].line == 6);
}

TEST_CASE("a file with sections but no [ENVIRONMENT] defines nothing", "[envfile][parser]") {
  const auto result = parse("[OTHER]\nAWS_X=1\n");
  REQUIRE(result.ok());
  CHECK(result.settings.has_section_header);
  CHECK(result.settings.variables.empty());
  CHECK(result.settings.ignored_sections.size() == 1);
}

TEST_CASE("a section-less file is read as KEY=VALUE lines, export accepted", "[envfile][parser]") {
  const auto result = parse(
      "# dotenv style\n"
      "export HTTPS_PROXY=http://10.0.0.1:3128\n"
      "AWS_DEFAULT_REGION=us-east-1\n"
      "export\tAWS_PROFILE = cluster\n");
  REQUIRE(result.ok());
  CHECK_FALSE(result.settings.has_section_header);
  REQUIRE(result.settings.variables.size() == 3);
  CHECK(value_of(result.settings, "HTTPS_PROXY") == "http://10.0.0.1:3128");
  CHECK(value_of(result.settings, "AWS_PROFILE") == "cluster");
  CHECK(result.settings.variables[0].line == 2);
}

TEST_CASE("whitespace is trimmed around name, '=' and value", "[envfile][parser]") {
  const auto result = parse("  \tAWS_A\t =   x y z \t \nAWS_B=\nAWS_C =   \n");
  REQUIRE(result.ok());
  CHECK(value_of(result.settings, "AWS_A") == "x y z");
  CHECK(value_of(result.settings, "AWS_B").empty());
  CHECK(value_of(result.settings, "AWS_C").empty());
}

TEST_CASE("matching quotes are removed, inner text kept verbatim", "[envfile][parser]") {
  const auto result = parse(
      "AWS_A = \"  spaced  \"\n"
      "AWS_B = 'single'\n"
      "AWS_C = \"it's\"\n"
      "AWS_D = 'say \"hi\"'\n"
      "AWS_E = \"\"\n"
      "AWS_F = a\"b'c\n"
      "AWS_G = \"back\\slash\\\"\n");
  REQUIRE(result.ok());
  CHECK(value_of(result.settings, "AWS_A") == "  spaced  ");
  CHECK(value_of(result.settings, "AWS_B") == "single");
  CHECK(value_of(result.settings, "AWS_C") == "it's");
  CHECK(value_of(result.settings, "AWS_D") == "say \"hi\"");
  CHECK(value_of(result.settings, "AWS_E").empty());
  CHECK(value_of(result.settings, "AWS_F") == "a\"b'c");
  CHECK(value_of(result.settings, "AWS_G") == "back\\slash\\");
}

TEST_CASE("'#' inside a value is data, not a comment", "[envfile][parser]") {
  const auto result = parse(
      "HTTP_PROXY = http://user:p%23ss@10.0.0.1:3128\n"
      "AWS_A = abc # not a comment\n"
      "AWS_B = ;semicolon too\n");
  REQUIRE(result.ok());
  CHECK(value_of(result.settings, "AWS_A") == "abc # not a comment");
  CHECK(value_of(result.settings, "AWS_B") == ";semicolon too");
}

TEST_CASE("comment and blank lines are ignored", "[envfile][parser]") {
  const auto result =
      parse("# comment\n; comment\n   # indented\n\n \t \n[ENVIRONMENT]\n#x\nAWS_A=1\n");
  REQUIRE(result.ok());
  REQUIRE(result.settings.variables.size() == 1);
  CHECK(result.settings.variables[0].line == 8);
}

TEST_CASE("UTF-8 BOM and CRLF line endings are accepted", "[envfile][parser]") {
  const auto result = parse(
      "\xEF\xBB\xBF[ENVIRONMENT]\r\nHTTP_PROXY = http://10.0.0.1:3128\r\n"
      "AWS_A = \"q\"\r\nAWS_B = x\r\n");
  REQUIRE(result.ok());
  CHECK(result.settings.has_section_header);
  CHECK(value_of(result.settings, "HTTP_PROXY") == "http://10.0.0.1:3128");
  CHECK(value_of(result.settings, "AWS_A") == "q");
  CHECK(value_of(result.settings, "AWS_B") == "x");
  CHECK(result.settings.variables[0].line == 2);
}

TEST_CASE("a BOM on a section-less file is accepted", "[envfile][parser]") {
  const auto result = parse(
      "\xEF\xBB\xBF"
      "AWS_A=1");
  REQUIRE(result.ok());
  CHECK(value_of(result.settings, "AWS_A") == "1");
}

TEST_CASE("allowed names", "[envfile][parser]") {
  for (const char* name :
       {"HTTP_PROXY", "http_proxy", "Https_Proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
        "AWS_DEFAULT_REGION", "AWS_CA_BUNDLE", "AWS_1"})
    CHECK(is_allowed_name(name));
  for (const char* name : {"PATH", "LD_PRELOAD", "PYTHONPATH", "HOME", "aws_region", "AWS_Region",
                           "AWS_", "AWS", "XAWS_A", "FTP_PROXY", "HTTP_PROXY2", ""})
    CHECK_FALSE(is_allowed_name(name));
  CHECK(is_proxy_family("hTTp_pRoXy"));
  CHECK_FALSE(is_proxy_family("AWS_PROXY"));
}

TEST_CASE("names outside the allowed set are refused with the reason", "[envfile][parser]") {
  for (const char* name : {"PATH", "LD_PRELOAD", "PYTHONPATH"}) {
    const auto error = only_error("[ENVIRONMENT]\n\n" + std::string(name) + " = /tmp/x\n");
    CHECK(error.line == 3);
    CHECK(error.file == "test.conf");
    CHECK_THAT(error.message, Catch::Contains(name) && Catch::Contains("not allowed") &&
                                  Catch::Contains("run code as root"));
  }
  const auto lower = only_error("aws_region=us-east-1\n");
  CHECK(lower.line == 1);
  CHECK_THAT(lower.message, Catch::Contains("upper-case"));
}

TEST_CASE("a line that is not section, comment or assignment is an error", "[envfile][parser]") {
  const auto error = only_error("[ENVIRONMENT]\nAWS_A=1\nthis is not valid\n");
  CHECK(error.line == 3);
  CHECK_THAT(error.message, Catch::Contains("not a section header, comment or NAME = value"));
  CHECK(only_error("[ENVIRONMENT]\nAWS_A=1\n[ENVIRONMENT\n").line == 3);
  CHECK(only_error("[]\nAWS_A=1\n").line == 1);
  CHECK(only_error("= value\n").line == 1);
  CHECK(only_error("AWS A = 1\n").line == 1);
  CHECK(only_error("1AWS = 1\n").line == 1);
}

TEST_CASE("an assignment before the first section header is an error", "[envfile][parser]") {
  const auto error = only_error("AWS_A=1\n[ENVIRONMENT]\nAWS_B=2\n");
  CHECK(error.line == 1);
  CHECK_THAT(error.message, Catch::Contains("[ENVIRONMENT]"));
}

TEST_CASE("a name given twice is an error, proxy family case-insensitively", "[envfile][parser]") {
  const auto twice = only_error("AWS_A=1\n\nAWS_A=2\n");
  CHECK(twice.line == 3);
  CHECK_THAT(twice.message, Catch::Contains("AWS_A") && Catch::Contains("line 1"));
  const auto proxy = only_error("[ENVIRONMENT]\nHTTPS_PROXY=http://a:1\nhttps_proxy=http://b:2\n");
  CHECK(proxy.line == 3);
  CHECK_THAT(proxy.message, Catch::Contains("https_proxy") && Catch::Contains("line 2"));
  const auto result = parse("HTTP_PROXY=http://a:1\nHTTPS_PROXY=http://a:1\n");
  CHECK(result.ok());
}

TEST_CASE("an unterminated quote is an error", "[envfile][parser]") {
  const auto double_quote = only_error("AWS_A=1\nAWS_B = \"abc\n");
  CHECK(double_quote.line == 2);
  CHECK_THAT(double_quote.message, Catch::Contains("unterminated double quote"));
  const auto single_quote = only_error("AWS_B = 'abc\"\n");
  CHECK(single_quote.line == 1);
  CHECK_THAT(single_quote.message, Catch::Contains("unterminated single quote"));
  CHECK(only_error("AWS_B = \"\n").line == 1);
  const auto trailing = only_error("AWS_B = \"abc\"def\n");
  CHECK_THAT(trailing.message, Catch::Contains("after the closing double quote"));
}

TEST_CASE("a NUL byte is an error with its line and column", "[envfile][parser]") {
  const auto error = only_error("AWS_A=1\nAWS_B=a\0b\n"s);
  CHECK(error.line == 2);
  CHECK(error.column == 8);
  CHECK_THAT(error.message, Catch::Contains("NUL"));
}

TEST_CASE("invalid UTF-8 and control characters are errors", "[envfile][parser]") {
  const auto utf8 = only_error("AWS_A=caf\xC3\xA9\nAWS_B=caf\xE9\n");
  CHECK(utf8.line == 2);
  CHECK(utf8.column == 10);
  CHECK_THAT(utf8.message, Catch::Contains("UTF-8"));
  CHECK(only_error("AWS_A=\xC0\xAF\n").line == 1);      // overlong
  CHECK(only_error("AWS_A=\xED\xA0\x80\n").line == 1);  // surrogate
  CHECK(only_error("# comment \xFF\n").line == 1);      // also in comments
  const auto control = only_error("AWS_A=1\n\nAWS_B=a\x1B[31mb\n");
  CHECK(control.line == 3);
  CHECK(control.column == 8);
  CHECK_THAT(control.message, Catch::Contains("control character 0x1B"));
  CHECK(only_error("AWS_A=a\rb\n").line == 1);  // a lone CR is not a line ending
  CHECK(only_error("AWS_A=a\x7F\n").line == 1);
  CHECK(parse("AWS_A=\ta\tb\n").ok());                    // TAB is fine
  CHECK(parse("AWS_A=\xE6\x97\xA5\xE6\x9C\xAC\n").ok());  // valid multi-byte UTF-8
}

TEST_CASE("text over 64 KiB is an error", "[envfile][parser]") {
  std::string text = "AWS_A=1\n";
  text += std::string(kMaxSettingsBytes - text.size(), '#');
  CHECK(parse(text).ok());
  text += "\n";
  const auto error = only_error(text);
  CHECK_THAT(error.message, Catch::Contains("64 KiB"));
}

TEST_CASE("proxy URL values are validated", "[envfile][parser]") {
  const auto error = only_error("[ENVIRONMENT]\nHTTPS_PROXY = socks5://10.0.0.1:1080\n");
  CHECK(error.line == 2);
  CHECK_THAT(error.message, Catch::Contains("HTTPS_PROXY") && Catch::Contains("socks5"));
  CHECK(only_error("all_proxy=http://h:0\n").line == 1);
  CHECK(only_error("HTTP_PROXY=http://h:65536\n").line == 1);
  CHECK(parse("HTTP_PROXY=\nHTTPS_PROXY=''\n").ok());        // empty: explicitly no proxy
  CHECK(parse("NO_PROXY=*.example.com,10.0.0.0/8\n").ok());  // NO_PROXY is not a URL
  CHECK(parse("HTTP_PROXY=10.0.0.1:3128\n").ok());           // no scheme = http
}

TEST_CASE("proxy URL errors never show the password", "[envfile][parser]") {
  for (const char* url :
       {"http://user:s3cr3tpw@h:99999", "http://user:s3cr3tpw@h:port", "http://user:s3cr3tpw@",
        "ftp://user:s3cr3tpw@h:21", "http://user:s3cr3tpw#x@h:1/x", "http://user:s3cr3tpw@h:1/path",
        "http://user:s3cr3tpw", "http://:s3cr3tpw@h"}) {
    const auto result = parse("HTTPS_PROXY=\"" + std::string(url) + "\"\n");
    REQUIRE(result.errors.size() == 1);
    CHECK_THAT(result.errors[0].message, !Catch::Contains("s3cr3tpw"));
  }
}

TEST_CASE("all errors are reported, each with its line", "[envfile][parser]") {
  const auto result = parse(
      "[ENVIRONMENT]\n"
      "PATH=/x\n"
      "AWS_A=1\n"
      "garbage\n"
      "AWS_A=2\n"
      "HTTP_PROXY=http://h:0\n"
      "AWS_B='x\n"
      "AWS_C=ok\n");
  REQUIRE(result.errors.size() == 5);
  CHECK(result.errors[0].line == 2);
  CHECK(result.errors[1].line == 4);
  CHECK(result.errors[2].line == 5);
  CHECK(result.errors[3].line == 6);
  CHECK(result.errors[4].line == 7);
  CHECK_FALSE(result.ok());
}

TEST_CASE("proxy_url_problem accepts the documented forms", "[envfile][proxy-url]") {
  for (const char* url :
       {"http://10.0.0.1:3128", "https://proxy.example.com:8443", "HTTP://h", "http://h:1",
        "http://h:65535", "http://u:p@10.0.0.1:3128", "http://u:p%23w@127.0.0.1:3128",
        "http://u:p@ss@h:1", "http://[fd00::1]:3128", "http://[::1]", "10.0.0.1:3128",
        "proxy.local", "u:p@h:8080", "http://h:3128/", ""})
    CHECK(proxy_url_problem(url).empty());
}

TEST_CASE("proxy_url_problem refuses malformed URLs with a reason", "[envfile][proxy-url]") {
  const std::pair<const char*, const char*> cases[] = {
      {"socks5://h:1080", "not supported"},
      {"http://h:0", "out of range"},
      {"http://h:65536", "out of range"},
      {"http://h:123456", "out of range"},
      {"http://h:", "empty"},
      {"http://h:abc", "not a number"},
      {"http://", "no host"},
      {"http://u:p@", "no host"},
      {"http://:3128", "no host"},
      {"http://h/path", "no path"},
      {"http://h?x=1", "no path"},
      {"http://u@h:1", "user:password"},
      {"http://:p@h:1", "user:password"},
      {"http://u:@h:1", "user:password"},
      {"http://fd00::1:3128", "brackets"},
      {"http://[fd00::1:3128", "closing"},
      {"http://[zz]:1", "IPv6"},
      {"http://[::1]x", "unexpected"},
      {"http://h h:1", "space"},
      {"http://h!:1", "host"},
      {"1http://h", "scheme"},
  };
  for (const auto& [url, reason] : cases) {
    INFO(url);
    CHECK_THAT(proxy_url_problem(url), Catch::Contains(reason));
  }
}

TEST_CASE("a proxy password may hold '#', '/', '?' and '@' as data", "[envfile][proxy-url]") {
  for (const char* url : {"http://u:p#w@h:1", "http://u:a/b?c@10.0.0.1:3128", "http://u:p@w@h:1"}) {
    INFO(url);
    CHECK(proxy_url_problem(url).empty());
  }
  // The AWS CLI would read a raw '#' as the start of a fragment: the child gets it encoded.
  CHECK(proxy_url_for_child("http://u:p#w@h:1") == "http://u:p%23w@h:1");
  CHECK(proxy_url_for_child("http://u:a/b?c@10.0.0.1:3128/") ==
        "http://u:a%2Fb%3Fc@10.0.0.1:3128/");
  CHECK(proxy_url_for_child("u:p@w@h:1") == "u:p%40w@h:1");
  CHECK(proxy_url_for_child("http://10.0.0.1:3128") == "http://10.0.0.1:3128");
}

TEST_CASE("a proxy scheme in any letter case reaches the AWS CLI in lower case",
          "[envfile][proxy-url]") {
  // botocore would read "HTTP://h:3128" as "http://HTTP://h:3128", a host named "http".
  CHECK(proxy_url_for_child("HTTP://10.0.0.1:3128") == "http://10.0.0.1:3128");
  CHECK(proxy_url_for_child("Https://u:p#w@h:1") == "https://u:p%23w@h:1");
  CHECK(proxy_url_for_child("h:3128") == "h:3128");
}

TEST_CASE("a non-ASCII proxy user or password is refused at its line, never shown",
          "[envfile][parser]") {
  // Both AWS CLIs fail on it: "'ascii' codec can't encode character".
  for (const char* url :
       {"http://t\xC3\xA9ster:secretpw@10.0.0.1:3128",
        "http://tester:s\xC3\xA9"
        "cretpw@10.0.0.1:3128",
        "http://tester:s%C3%A9cretpw@10.0.0.1:3128", "http://t%E9ster:secretpw@h:1"}) {
    INFO(url);
    const auto result =
        parse("[ENVIRONMENT]\nNO_PROXY=x\nHTTPS_PROXY = " + std::string(url) + "\n");
    REQUIRE(result.errors.size() == 1);
    const auto& error = result.errors[0];
    CHECK(error.to_string().starts_with("test.conf:3: "));
    CHECK_THAT(error.message, Catch::Contains("HTTPS_PROXY") && Catch::Contains("non-ASCII"));
    for (const char* shown : {"secretpw", "cretpw", "ster", "\xC3\xA9", "%C3", "%E9", "10.0.0.1"})
      CHECK_THAT(error.message, !Catch::Contains(shown));
  }
  CHECK(parse("HTTPS_PROXY=http://user:p%41ss@h:1\n").ok());  // ASCII when decoded
  CHECK(parse("NO_PROXY=h\xC3\xA9.example\n").ok());          // not a proxy URL
}
