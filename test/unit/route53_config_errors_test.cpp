// Every validation error of the configuration, with its FILE:LINE:COLUMN.

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "failure_lines.hpp"
#include "route53/config.hpp"
#include "route53/config_file.hpp"
#include "test_support.hpp"

using namespace awsdns::route53;

namespace {

std::string render(const Diagnostics& errors) {
  std::string text;
  for (const auto& error : errors) text += error.to_string() + "\n";
  return text;
}

// The rendered errors of parsing `yaml` as "t.yaml".
std::string errors_of(const std::string& yaml) {
  const auto result = parse_config(yaml, "t.yaml");
  if (!result) REQUIRE(result.error().code == awsdns::ExitCode::Config);
  return render(awsdns::test::diagnostics_of(result, "t.yaml"));
}

// One resource "web" whose body (indented by 4) is `body`.
std::string resource(const std::string& body) {
  return "resources:\n"  // line 1
         "  web:\n"      // line 2
         + body;         // line 3...
}

const std::string kZoneAndName = "    hosted_zone_id: Z123\n    name: www.example.com\n";

std::size_t count_lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("config errors: a valid base has none") {
  CHECK(errors_of(resource(kZoneAndName + "    ip:\n      s1: 10.0.0.1\n")).empty());
}

TEST_CASE("config errors: unknown keys at every level, with suggestions") {
  const std::string yaml =
      "aws:\n"                        // 1
      "  regoin: eu-west-1\n"         // 2  typo
      "  connect_timout: 3\n"         // 3  typo
      "lockdir: /tmp\n"               // 4  typo
      "resources:\n"                  // 5
      "  web:\n"                      // 6
      "    hosted_zone: Z123\n"       // 7  cut short
      "    name: www.example.com\n"   // 8
      "    tll: 60\n"                 // 9  typo
      "    colour: blue\n"            // 10 nothing close
      "    monitor:\n"                // 11
      "      on_cli_fail: warn\n"     // 12
      "      resolver_timeout: 3\n";  // 13
  const std::string errors = errors_of(yaml);
  INFO(errors);
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:2:3: aws: unknown key 'regoin' (did you mean 'region'?)"));
  CHECK_THAT(
      errors,
      Catch::Contains(
          "t.yaml:3:3: aws: unknown key 'connect_timout' (did you mean 'connect_timeout'?)"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:4:1: unknown key 'lockdir' (did you mean 'lock_dir'?)"));
  CHECK_THAT(
      errors,
      Catch::Contains(
          "t.yaml:7:5: resources.web: unknown key 'hosted_zone' (did you mean 'hosted_zone_id'?)"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:9:5: resources.web: unknown key 'tll' (did you mean 'ttl'?)"));
  CHECK_THAT(
      errors,
      Catch::Contains(
          "t.yaml:10:5: resources.web: unknown key 'colour' (known keys: hosted_zone_id, name,"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:12:7: resources.web.monitor: unknown key "
                                     "'on_cli_fail' (did you mean 'on_cli_failure'?)"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:13:7: resources.web.monitor: unknown key "
                                     "'resolver_timeout' (did you mean 'resolve_timeout'?)"));
  // The misspelt zone id also means the required key is missing, reported at the resource.
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:6:3: resources.web: missing required key 'hosted_zone_id'"));
  CHECK(count_lines(errors) == 9);
}

TEST_CASE("config errors: duplicate keys") {
  const std::string errors = errors_of(resource(kZoneAndName + "    ttl: 60\n    ttl: 70\n"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:6:5: resources.web: duplicate key 'ttl' (first at line 5)"));
}

TEST_CASE("config errors: hosted zone id") {
  const auto zone_error = [](const std::string& id) {
    return errors_of(resource("    hosted_zone_id: " + id + "\n    name: www.example.com\n"));
  };
  CHECK(zone_error("Z0123456789ABCDEFGHIJ").empty());
  CHECK(zone_error("/hostedzone/Z0123456789ABCDEFGHIJ").empty());
  CHECK(zone_error("Z" + std::string(31, '1')).empty());
  CHECK_THAT(
      zone_error("z123"),
      Catch::Contains(
          "t.yaml:3:21: resources.web.hosted_zone_id: hosted zone id 'z123' is not a Route 53 id"));
  CHECK_THAT(zone_error("Z12ab"), Catch::Contains("t.yaml:3:21:"));
  CHECK_THAT(zone_error("Z"), Catch::Contains("t.yaml:3:21:"));
  CHECK_THAT(zone_error("Z" + std::string(32, '1')), Catch::Contains("t.yaml:3:21:"));
  CHECK_THAT(zone_error("/hostedzone/"), Catch::Contains("t.yaml:3:21:"));
  CHECK_THAT(zone_error("Z12-3"), Catch::Contains("t.yaml:3:21:"));
}

TEST_CASE("config errors: DNS name syntax") {
  const auto name_error = [](const std::string& name) {
    return errors_of(resource("    hosted_zone_id: Z1\n    name: " + name + "\n"));
  };
  const std::string label63(63, 'a');
  const std::string label64(64, 'a');
  // 4 labels of 63 = 252 characters with dots, + ".a" = 254; one less is 253.
  const std::string name253 = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
  const std::string name254 = name253 + "c";
  REQUIRE(name253.size() == 253);
  CHECK(name_error(label63 + ".example.com").empty());
  CHECK(name_error(name253).empty());
  CHECK(name_error(name253 + ".").empty());
  CHECK(name_error("_service.example.com").empty());
  CHECK_THAT(name_error(label64 + ".example.com"),
             Catch::Contains("t.yaml:4:11: resources.web.name: record name") &&
                 Catch::Contains("is 64 characters long (at most 63)"));
  CHECK_THAT(name_error(name254), Catch::Contains("t.yaml:4:11:") &&
                                      Catch::Contains("254 characters long (at most 253"));
  CHECK_THAT(name_error("-www.example.com"),
             Catch::Contains("t.yaml:4:11:") && Catch::Contains("starts or ends with '-'"));
  CHECK_THAT(name_error("www-.example.com"), Catch::Contains("starts or ends with '-'"));
  CHECK_THAT(name_error("www..example.com"), Catch::Contains("empty label"));
  CHECK_THAT(name_error("'*.example.com'"), Catch::Contains("wildcard names are not supported"));
  CHECK_THAT(name_error("w w.example.com"), Catch::Contains("contains ' '"));
  CHECK_THAT(name_error("caf\xc3\xa9.example.com"), Catch::Contains("letters, digits"));
  CHECK_THAT(name_error("'.'"), Catch::Contains("record name is empty"));
}

TEST_CASE("config errors: type and IP family") {
  const std::string yaml = resource(kZoneAndName +
                                    "    type: AAAA\n"         // 5
                                    "    ip:\n"                // 6
                                    "      s1: 10.0.0.1\n"     // 7
                                    "      s2: 2001:db8::1\n"  // 8
                                    "      s3: not-an-ip\n"    // 9
                                    "      s4: [1, 2]\n");     // 10
  const std::string errors = errors_of(yaml);
  INFO(errors);
  CHECK_THAT(errors, Catch::Contains("t.yaml:7:11: resources.web.ip.s1: '10.0.0.1' is an IPv4 "
                                     "address but the record type is AAAA"));
  CHECK_THAT(errors, Catch::Contains(
                         "t.yaml:9:11: resources.web.ip.s3: 'not-an-ip' is not an IPv6 address"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:10:11: resources.web.ip.s4: expected a string, got a list"));
  CHECK(count_lines(errors) == 3);

  const std::string a_errors = errors_of(resource(kZoneAndName + "    ip:\n      s1: ::1\n"));
  CHECK_THAT(
      a_errors,
      Catch::Contains(
          "t.yaml:6:11: resources.web.ip.s1: '::1' is an IPv6 address but the record type is A"));

  const std::string bad_type =
      errors_of(resource(kZoneAndName + "    type: CNAME\n    ip:\n      s1: 10.0.0.1\n"));
  CHECK_THAT(bad_type,
             Catch::Contains(
                 "t.yaml:5:11: resources.web.type: 'CNAME' is not a supported type (A or AAAA)"));
  CHECK(count_lines(bad_type) == 1);
}

TEST_CASE("config errors: TTL range") {
  const auto ttl_error = [](const std::string& ttl) {
    return errors_of(resource(kZoneAndName + "    ttl: " + ttl + "\n"));
  };
  CHECK(ttl_error("0").empty());
  CHECK(ttl_error("2147483647").empty());
  CHECK_THAT(
      ttl_error("2147483648"),
      Catch::Contains("t.yaml:5:10: resources.web.ttl: 2147483648 is out of range 0..2147483647"));
  CHECK_THAT(ttl_error("-1"),
             Catch::Contains("t.yaml:5:10: resources.web.ttl: -1 is out of range 0..2147483647"));
  CHECK_THAT(ttl_error("99999999999999999999999"),
             Catch::Contains("t.yaml:5:10:") && Catch::Contains("out of range"));
  CHECK_THAT(ttl_error("5m"),
             Catch::Contains("t.yaml:5:10: resources.web.ttl: expected an integer, got '5m'"));
  CHECK_THAT(ttl_error("1.5"), Catch::Contains("expected an integer"));
}

namespace {

// A configuration whose counts and timeouts are the given texts, on lines 2, 3, 4, 5, 10 and 12.
std::string with_limits(const std::string& connect, const std::string& read,
                        const std::string& call, const std::string& attempts,
                        const std::string& wait, const std::string& resolve) {
  return "aws:\n  connect_timeout: " + connect + "\n  read_timeout: " + read +
         "\n  call_timeout: " + call + "\n  attempts: " + attempts + "\n" +
         resource(kZoneAndName + "    wait_timeout: " + wait +
                  "\n    monitor:\n      resolve_timeout: " + resolve + "\n");
}

}  // namespace

TEST_CASE("config errors: negative timeouts and attempts") {
  const std::string errors = errors_of(with_limits("-1", "-5", "0", "0", "-300", "-2"));
  INFO(errors);
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:2:20: aws.connect_timeout: -1 is out of range 0..300"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:3:17: aws.read_timeout: -5 is out of range 0.."));
  CHECK_THAT(errors, Catch::Contains("t.yaml:4:17: aws.call_timeout: 0 is out of range 1.."));
  CHECK_THAT(errors, Catch::Contains("t.yaml:5:13: aws.attempts: 0 is out of range 1.."));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:10:19: resources.web.wait_timeout: -300 is out of range 0.."));
  CHECK_THAT(errors,
             Catch::Contains(
                 "t.yaml:12:24: resources.web.monitor.resolve_timeout: -2 is out of range 1.."));
  CHECK(count_lines(errors) == 6);
}

TEST_CASE("config errors: counts and timeouts above their bounds") {
  const std::string errors =
      errors_of(with_limits("301", "3601", "86400", "2147483647", "3601", "301"));
  INFO(errors);
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:2:20: aws.connect_timeout: 301 is out of range 0..300"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:3:17: aws.read_timeout: 3601 is out of range 0..3600"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:4:17: aws.call_timeout: 86400 is out of range 1..3600"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:5:13: aws.attempts: 2147483647 is out of range 1..10"));
  CHECK_THAT(errors, Catch::Contains(
                         "t.yaml:10:19: resources.web.wait_timeout: 3601 is out of range 0..3600"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:12:24: resources.web.monitor.resolve_timeout: 301 is "
                                     "out of range 1..300"));
  CHECK(count_lines(errors) == 6);
  // The bounds themselves are accepted.
  CHECK(errors_of(with_limits("300", "3600", "3600", "10", "3600", "300")).empty());
}

TEST_CASE("config errors: monitor values") {
  const std::string yaml = resource(kZoneAndName +
                                    "    monitor:\n"                     // 5
                                    "      on_cli_failure: restart\n"    // 6
                                    "      resolver: dns.example.com\n"  // 7
                                    "      check_resolution: maybe\n");  // 8
  const std::string errors = errors_of(yaml);
  INFO(errors);
  CHECK_THAT(errors, Catch::Contains("t.yaml:6:23: resources.web.monitor.on_cli_failure: 'restart' "
                                     "is not one of ignore, warn, recover"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:7:17: resources.web.monitor.resolver: "
                                     "'dns.example.com' is not a DNS server address"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:8:25: resources.web.monitor.check_resolution: "
                                     "expected true or false, got 'maybe'"));
  for (const char* good : {"\"\"", "127.0.0.53", "127.0.0.53:5353", "'[::1]:53'", "::1"}) {
    INFO(good);
    CHECK(
        errors_of(resource(kZoneAndName + "    monitor:\n      resolver: " + good + "\n")).empty());
  }
}

TEST_CASE("config errors: wrong types") {
  const std::string yaml =
      "env_file: [a]\n"                // 1
      "aws:\n"                         // 2
      "  attempts: \"4\"\n"            // 3 quoted: a string
      "  extra_args: --debug\n"        // 4
      "  region: {a: 1}\n"             // 5
      "resources:\n"                   // 6
      "  web:\n"                       // 7
      "    hosted_zone_id: Z1\n"       // 8
      "    name: [www.example.com]\n"  // 9
      "    ttl: true\n"                // 10
      "    wait_insync: \"yes\"\n"     // 11
      "    ip: 10.0.0.1\n"             // 12
      "    monitor: off\n"             // 13
      "  db: just-a-string\n";         // 14
  const std::string errors = errors_of(yaml);
  INFO(errors);
  CHECK_THAT(errors, Catch::Contains("t.yaml:1:11: env_file: expected a string, got a list"));
  CHECK_THAT(
      errors,
      Catch::Contains("t.yaml:3:13: aws.attempts: expected an integer, got the quoted string '4'"));
  CHECK_THAT(errors, Catch::Contains(
                         "t.yaml:4:15: aws.extra_args: expected a list of strings, got '--debug'"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:5:11: aws.region: expected a string, got a mapping"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:9:11: resources.web.name: expected a string, got a list"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:10:10: resources.web.ttl: expected an integer, got 'true'"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:11:18: resources.web.wait_insync: expected true or "
                                     "false, got the quoted string 'yes'"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:12:9: resources.web.ip: expected a mapping, got '10.0.0.1'"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:13:14: resources.web.monitor: expected a mapping, got 'off'"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:14:7: resources.db: expected a mapping, got 'just-a-string'"));
  CHECK(count_lines(errors) == 10);
}

TEST_CASE("config errors: empty values and paths") {
  const std::string errors = errors_of(
      "env_file:\n"             // 1: no value -> located at the key
      "lock_dir: run/awsdns\n"  // 2: relative
      "aws:\n"
      "  cli: ''\n" +  // 4
      resource(kZoneAndName));
  INFO(errors);
  CHECK_THAT(errors, Catch::Contains("t.yaml:1:1: env_file: expected a string, got nothing"));
  CHECK_THAT(errors,
             Catch::Contains("t.yaml:2:11: lock_dir: must be an absolute path, got 'run/awsdns'"));
  CHECK_THAT(errors, Catch::Contains("t.yaml:4:8: aws.cli: must not be empty"));
}

TEST_CASE("config errors: resources") {
  CHECK_THAT(errors_of("aws:\n  attempts: 2\n"),
             Catch::Contains("t.yaml:1:1: missing required key 'resources'"));
  CHECK_THAT(errors_of("resources:\n"),
             Catch::Contains("t.yaml:1:1: resources: at least one resource is required"));
  CHECK_THAT(errors_of("resources: {}\n"),
             Catch::Contains("t.yaml:1:12: resources: at least one resource is required"));
  CHECK_THAT(errors_of("resources:\n  ../etc/passwd:\n    name: a.b\n"),
             Catch::Contains("t.yaml:2:3: resources: resource name '../etc/passwd' must be"));
  CHECK_THAT(errors_of("resources:\n  .hidden: {}\n"),
             Catch::Contains("t.yaml:2:3: resources: resource name '.hidden'"));
  CHECK_THAT(errors_of("resources:\n  web:\n    ttl: 1\n"),
             Catch::Contains("t.yaml:2:3: resources.web: missing required key 'hosted_zone_id'") &&
                 Catch::Contains("t.yaml:2:3: resources.web: missing required key 'name'"));
  CHECK_THAT(errors_of("resources:\n  [a]: {}\n"),
             Catch::Contains("t.yaml:2:3: resources: keys must be strings"));
}

TEST_CASE("config errors: YAML syntax, empty file, several documents") {
  CHECK_THAT(
      errors_of("resources:\n  web: [1,\n  x: 2\n"),
      Catch::Matches("t\\.yaml:\\d+:\\d+: YAML syntax error: .*\n", Catch::CaseSensitive::Yes));
  CHECK_THAT(errors_of("aws: {cli: x\n"), Catch::Contains("YAML syntax error"));
  CHECK_THAT(errors_of("a: b: c\n"), Catch::StartsWith("t.yaml:1:5: YAML syntax error"));
  CHECK_THAT(errors_of(""), Catch::StartsWith("t.yaml:1:1: the configuration is empty"));
  CHECK_THAT(errors_of("# only a comment\n"),
             Catch::StartsWith("t.yaml:1:1: the configuration is empty"));
  CHECK_THAT(errors_of("just text\n"), Catch::StartsWith("t.yaml:1:1: expected a mapping"));
  CHECK_THAT(errors_of(resource(kZoneAndName) + "---\nresources: {}\n"),
             Catch::Contains("more than one YAML document"));
  CHECK_THAT(errors_of(std::string(2000, '[')),
             Catch::Contains("YAML syntax error"));  // depth guard
}

TEST_CASE("config errors: alias bombs are refused") {
  // 2000 node names shared (by alias) by 100 resources: 200,000+ nodes to check from 12 KB.
  std::string yaml = "resources:\n";
  yaml += "  r0:\n    hosted_zone_id: Z1\n    name: a.example\n    ip: &ips\n";
  for (int i = 0; i < 2000; ++i) yaml += "      n" + std::to_string(i) + ": 10.0.0.1\n";
  for (int r = 1; r < 100; ++r) {
    yaml += "  r" + std::to_string(r) +
            ":\n    hosted_zone_id: Z1\n    name: a.example\n    ip: *ips\n";
  }
  const auto result = parse_config(yaml, "t.yaml");
  REQUIRE_FALSE(result.has_value());
  const Diagnostics found = awsdns::test::diagnostics_of(result, "t.yaml");
  CHECK_THAT(render(found), Catch::Contains("document too large: more than 100000 YAML nodes"));
  CHECK(found.size() == 1);

  // The classic "billion laughs" shape stays cheap: nested lists of aliases are never expanded.
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    laughs += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) laughs += std::string(i ? ", *" : "*") + static_cast<char>(c - 1);
    laughs += "]\n";
  }
  laughs +=
      "resources:\n  web:\n    hosted_zone_id: Z1\n    name: a.example\n"
      "aws:\n  extra_args: *j\n";
  const std::string laugh_errors = errors_of(laughs);
  CHECK_THAT(laugh_errors, Catch::Contains("unknown key 'a'"));
  CHECK_THAT(laugh_errors, Catch::Contains("aws.extra_args[0]: expected a string, got a list"));
}

TEST_CASE("config errors: all errors are reported, not only the first") {
  const std::string yaml =
      resource("    hosted_zone_id: bad\n    name: -bad-\n    ttl: -1\n    type: MX\n");
  CHECK(count_lines(errors_of(yaml)) == 4);
}

TEST_CASE("config errors: oversized text") {
  const std::string yaml = resource(kZoneAndName) + std::string(kMaxConfigBytes, '#');
  const Diagnostics found = awsdns::test::diagnostics_of(parse_config(yaml, "t.yaml"), "t.yaml");
  REQUIRE(found.size() == 1);
  CHECK_THAT(found[0].to_string(), Catch::StartsWith("t.yaml: too large"));
}

TEST_CASE("config errors: a flood of errors is cut short") {
  std::string yaml = resource(kZoneAndName);
  for (int i = 0; i < 500; ++i) yaml += "junk" + std::to_string(i) + ": 1\n";
  const Diagnostics found = awsdns::test::diagnostics_of(parse_config(yaml, "t.yaml"), "t.yaml");
  REQUIRE(found.size() == 101);
  CHECK_THAT(found.back().message, Catch::StartsWith("too many errors (more than 100)"));
  CHECK(found.front().line == 5);
}

TEST_CASE("config errors: a stray comma does not make yaml-cpp loop forever") {
  // yaml-cpp 0.7's LoadAll() appends null documents forever on these (jbeder/yaml-cpp#1040).
  CHECK(errors_of(",") == "t.yaml:1:1: YAML syntax error: unexpected ','\n");
  CHECK(errors_of(",a\n") == "t.yaml:1:1: YAML syntax error: unexpected ','\n");
  CHECK_THAT(errors_of(resource(kZoneAndName) + ",ttl: 5\n"),
             Catch::StartsWith("t.yaml:5:1: YAML syntax error"));
  const auto result = load_config_file(
      std::string(AWSDNS_TEST_DATA_DIR) + "/config/stray_comma.yaml", awsdns::test::caller_uid());
  REQUIRE_FALSE(result.has_value());
  CHECK_THAT(result.error().message, Catch::Contains("stray_comma.yaml:"));
}

TEST_CASE("config errors: a second document is located") {
  CHECK(errors_of(resource(kZoneAndName) + "---\nresources: {}\n") ==
        "t.yaml:5:1: more than one YAML document ('---'); put everything in one\n");
}

TEST_CASE("config errors: aws.pass_env names variables awsdns does not fix itself") {
  const std::string ok = parse_config("aws:\n  pass_env: [TZ, AWS_RETRY_MODE]\n" +
                                          resource(kZoneAndName + "    ip: {server1: 10.0.0.1}\n"),
                                      "t.yaml")
                                 .has_value()
                             ? ""
                             : "errors";
  CHECK(ok.empty());
  CHECK_THAT(errors_of("aws:\n  pass_env: [PATH]\n"),
             Catch::Contains("t.yaml:2:13: aws.pass_env: 'PATH' is set by awsdns itself"));
  CHECK_THAT(errors_of("aws:\n  pass_env: [\"A-B\"]\n"),
             Catch::Contains("aws.pass_env: 'A-B' is not a variable name"));
}

TEST_CASE("config errors: aws.pass_env refuses what changes the code run or the proxy used") {
  CHECK_THAT(errors_of("aws:\n  pass_env: [TZ, LD_PRELOAD]\n"),
             Catch::Contains("t.yaml:2:13: aws.pass_env: 'LD_PRELOAD' can change which code the "
                             "AWS CLI runs (as root): awsdns never passes it"));
  CHECK_THAT(errors_of("aws:\n  pass_env: [PYTHONPATH]\n"),
             Catch::Contains("'PYTHONPATH' can change which code the AWS CLI runs"));
  CHECK_THAT(errors_of("aws:\n  pass_env: [HTTPS_PROXY]\n"),
             Catch::Contains("'HTTPS_PROXY' decides the AWS CLI's proxy: put it in the settings "
                             "file (or run with --inherit-proxy), not in aws.pass_env"));
}
