// The command layer driven in-process: dispatch, help, check's report, exec's error paths.

#include <algorithm>
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/dispatch.hpp"
#include "cli/live_check.hpp"
#include "cli/live_soa.hpp"
#include "cli/options.hpp"
#include "cli_harness.hpp"
#include "core/exit_code.hpp"
#include "route53/actions.hpp"
#include "route53/config.hpp"
#include "test_support.hpp"

namespace {

using awsdns::ExitCode;
using awsdns::to_int;
using awsdns::test::Harness;
using awsdns::test::TempSettings;

}  // namespace

TEST_CASE("awsdns --help lists the commands and the exit-code table") {
  Harness harness;
  CHECK(harness.run({"--help"}) == 0);
  const std::string text = harness.out.str();
  for (const char* word :
       {"exec", "check", "activate", "deactivate", "monitor", "124", "127", "128+N", "78"}) {
    CHECK(text.find(word) != std::string::npos);
  }
}

TEST_CASE("awsdns --version and a command's --version print the version") {
  Harness harness;
  CHECK(harness.run({"--version"}) == 0);
  CHECK(harness.out.str().rfind("awsdns ", 0) == 0);
  Harness per_command;
  CHECK(per_command.run({"exec", "--version"}) == 0);
  CHECK(per_command.out.str().rfind("awsdns ", 0) == 0);
}

TEST_CASE("unknown commands, missing commands and bad options are usage errors") {
  Harness harness;
  CHECK(harness.usage_failure({"frobnicate"}));
  CHECK(harness.usage_failure({}));
  CHECK(harness.usage_failure({"check", "--no-such-option"}));
  CHECK(harness.usage_failure({"exec"}));
  CHECK(harness.usage_failure({"exec", "--timeout", "-3", "--", "/bin/true"}));
}

TEST_CASE("the program name selects the command (awsdns-activate style links)") {
  Harness harness;
  CHECK(harness.run({"--help"}, "awsdns-monitor") == 0);
  CHECK(harness.out.str().find("monitor") != std::string::npos);
}

TEST_CASE("check shows the child environment with secrets redacted") {
  TempSettings settings(
      "[ENVIRONMENT]\n"
      "HTTPS_PROXY = http://alice:s3cr#t@127.0.0.1:3128\n"
      "AWS_SECRET_ACCESS_KEY = wJalrXUtnFEMIK7MDENG\n");
  Harness harness;
  const int status =
      harness.run({"check", "--env-file", settings.path, "--config", "/nonexistent/awsdns.yaml"});
  // The config named explicitly is missing: that is a configuration error.
  CHECK(status == to_int(ExitCode::Config));

  Harness json;
  json.run({"check", "--env-file", settings.path, "--json"});
  const std::string text = json.out.str() + json.err.str();
  CHECK(text.find("s3cr#t") == std::string::npos);
  CHECK(text.find("wJalrXUtnFEMIK7MDENG") == std::string::npos);
  CHECK(text.find("http://***@127.0.0.1:3128") != std::string::npos);
  CHECK(text.find("169.254.169.254") != std::string::npos);
}

TEST_CASE("check and exec refuse a malformed settings file with FILE:LINE and exit 78") {
  TempSettings settings("[ENVIRONMENT]\nLD_PRELOAD = /tmp/evil.so\n");
  Harness harness;
  CHECK(harness.run({"exec", "--env-file", settings.path, "--", "/bin/true"}) ==
        to_int(ExitCode::Config));
  CHECK(harness.err.str().find(settings.path + ":2:") != std::string::npos);
  Harness check;
  CHECK(check.run({"check", "--env-file", settings.path}) == to_int(ExitCode::Config));
}

TEST_CASE("check and exec refuse a non-ASCII proxy password at its line, never showing it") {
  // Both AWS CLI generations fail on it ("'ascii' codec can't encode character").
  for (const char* password : {"p\xC3\xA4sswort", "p%C3%A4sswort"}) {
    TempSettings settings("[ENVIRONMENT]\nHTTPS_PROXY = http://tester:" + std::string(password) +
                          "@127.0.0.1:3128\n");
    Harness check;
    CHECK(check.run({"check", "--env-file", settings.path}) == to_int(ExitCode::Config));
    const std::string said = check.out.str() + check.err.str();
    CHECK(said.find(settings.path + ":2: HTTPS_PROXY: ") != std::string::npos);
    CHECK(said.find("non-ASCII") != std::string::npos);
    for (const char* secret : {"sswort", "tester", "\xC3\xA4", "%C3"})
      CHECK(said.find(secret) == std::string::npos);
    Harness exec;
    CHECK(exec.run({"exec", "--env-file", settings.path, "--", "no-such-command-awsdns"}) ==
          to_int(ExitCode::Config));  // refused before the command is looked for
  }
}

TEST_CASE(
    "check: HTTP_PROXY without HTTPS_PROXY warns, and the scheme reaches the CLI lower-case") {
  TempSettings settings("[ENVIRONMENT]\nNO_PROXY = x\nHTTP_PROXY = HTTP://127.0.0.1:3128\n");
  Harness harness;
  harness.run({"check", "--env-file", settings.path, "--json"});
  const auto report = boost::json::parse(harness.out.str()).as_object();
  bool warned = false;
  for (const auto& warning : report.at("warnings").as_array()) {
    const std::string text(warning.as_string());
    warned = warned || text == settings.path +
                                   ":3: HTTP_PROXY is set without HTTPS_PROXY: AWS API calls "
                                   "(https) will not use the proxy; set HTTPS_PROXY in the "
                                   "settings file";
  }
  CHECK(warned);
  const auto& environment = report.at("environment").as_object();
  CHECK(environment.at("HTTP_PROXY").as_string() == "http://127.0.0.1:3128");
}

TEST_CASE("check: the lower-case proxy copy reaches the CLI lower-case too", "[posix]") {
  // POSIX names are case-sensitive, so the copy is a variable of its own; on Windows it is not.
  TempSettings settings("[ENVIRONMENT]\nHTTPS_PROXY = HTTP://127.0.0.1:3128\n");
  Harness harness;
  harness.run({"check", "--env-file", settings.path, "--json"});
  const auto report = boost::json::parse(harness.out.str()).as_object();
  CHECK(report.at("environment").at("https_proxy").as_string() == "http://127.0.0.1:3128");
}

TEST_CASE("exec reports a missing command as 127 and a missing settings file as 78") {
  TempSettings settings("[ENVIRONMENT]\nHTTPS_PROXY = http://127.0.0.1:3128\n");
  Harness missing;
  CHECK(missing.run({"exec", "--env-file", settings.path, "--", "no-such-command-awsdns"}) ==
        to_int(ExitCode::NotFound));
  CHECK(missing.err.str().find("command not found") != std::string::npos);
  Harness named_missing_file;
  CHECK(named_missing_file.run({"exec", "--env-file", settings.dir + "/absent.conf", "--",
                                "/bin/true"}) == to_int(ExitCode::Config));
}

TEST_CASE("exec passes the command's exit code through", "[posix]") {
  TempSettings settings("[ENVIRONMENT]\nHTTPS_PROXY = http://127.0.0.1:3128\n");
  Harness failing;
  CHECK(failing.run({"exec", "--env-file", settings.path, "--", "/bin/false"}) == 1);
}

TEST_CASE("with --json, one object is printed also when the settings file or config is refused") {
  TempSettings settings("[ENVIRONMENT]\nLD_PRELOAD = /tmp/evil.so\n");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check", "--env-file", settings.path, "--json"},
        std::vector<std::string>{"check", "--config", "/nonexistent/awsdns.yaml", "--json"},
        std::vector<std::string>{"monitor", "--config", "/nonexistent/awsdns.yaml", "--json"},
        std::vector<std::string>{"activate", "--config", "/nonexistent/awsdns.yaml", "--json"}}) {
    INFO(args[0] << " " << args[2]);
    Harness harness;
    CHECK(harness.run(args) == to_int(ExitCode::Config));
    const std::string out = harness.out.str();
    CHECK(out.rfind("{\"result\":\"config\",\"message\":\"", 0) == 0);
    CHECK(out.find("\"exit_code\":78}") != std::string::npos);
    CHECK(std::count(out.begin(), out.end(), '\n') == 1);
  }
}

TEST_CASE("check --live takes RESOURCE, plain check does not") {
  Harness harness;
  CHECK(harness.usage_failure({"check", "web"}));
}

namespace {

awsdns::route53::SoaOutcome soa_read(long long ttl, long long minimum) {
  awsdns::route53::SoaOutcome read;
  read.call.error = awsdns::route53::ErrorClass::None;
  read.soa = awsdns::route53::ZoneSoa{"clusterpro.local.", ttl, minimum};
  read.requests = 1;
  return read;
}

awsdns::route53::Resource resource_with(long long ttl, bool delete_on_deactivate) {
  awsdns::route53::Resource resource;
  resource.key = "web";
  resource.hosted_zone_id = "Z0123456789ABCDEFGHIJ";
  resource.ttl = ttl;
  resource.delete_on_deactivate = delete_on_deactivate;
  return resource;
}

}  // namespace

TEST_CASE("check --live warns when NXDOMAIN may be cached past the record's TTL") {
  using awsdns::cli::negative_caching_step;
  // Route 53's default SOA (TTL 900, minimum 86400) and the example's ttl 300
  auto step = negative_caching_step(resource_with(300, true), soa_read(900, 86400));
  CHECK(step.name == "negative-caching web");
  CHECK(step.ok);  // a warning: failover works, clients may wait
  CHECK(step.warning);
  CHECK_THAT(step.detail, Catch::Contains("for 900 s"));
  CHECK_THAT(step.detail, Catch::Contains("NXDOMAIN cached for 900 s during a planned move"));
  CHECK_THAT(step.detail, Catch::Contains("record's TTL 300 s"));
  CHECK_THAT(step.fix, Catch::Contains("lower the zone's SOA minimum and SOA TTL to 300 s"));
  CHECK_THAT(step.fix, Catch::Contains("delete_on_deactivate: false"));
  // min(TTL, minimum): a low minimum alone is enough, and equal to the TTL is fine
  step = negative_caching_step(resource_with(60, true), soa_read(900, 60));
  CHECK_FALSE(step.warning);
  CHECK_THAT(step.detail, Catch::Contains("for 60 s, not longer than the record's TTL 60 s"));
  step = negative_caching_step(resource_with(60, true), soa_read(30, 86400));
  CHECK_FALSE(step.warning);
  CHECK(negative_caching_step(resource_with(60, true), soa_read(61, 61)).warning);
}

TEST_CASE("check --live: no warning without delete_on_deactivate, a warning when unread") {
  using awsdns::cli::negative_caching_step;
  awsdns::route53::SoaOutcome unread;  // not read: delete_on_deactivate is off
  auto step = negative_caching_step(resource_with(300, false), unread);
  CHECK(step.ok);
  CHECK_FALSE(step.warning);
  CHECK_THAT(step.detail, Catch::Contains("record stays in place"));
  awsdns::route53::SoaOutcome failed;
  failed.call.error = awsdns::route53::ErrorClass::AccessDenied;
  failed.call.message = "An error occurred (AccessDenied)";
  step = negative_caching_step(resource_with(300, true), failed);
  CHECK(step.ok);
  CHECK(step.warning);
  CHECK_THAT(step.detail, Catch::Contains("AccessDenied"));
  CHECK_FALSE(step.error_class.empty());
}

TEST_CASE("check --live reads only AWS CLI version strings it knows") {
  CHECK(awsdns::cli::aws_cli_major_version("aws-cli/2.9.19 Python/3.11.2") == 2);
  CHECK(awsdns::cli::aws_cli_major_version("aws-cli/1.45.11 Python/3.11.7") == 1);
  CHECK(awsdns::cli::aws_cli_major_version("Traceback (most recent call last):") == 0);
  CHECK(awsdns::cli::aws_cli_major_version("aws-cli/") == 0);
}

TEST_CASE("check prints each command's worst case, the budget the commands apply") {
  TempSettings settings("[ENVIRONMENT]\nHTTPS_PROXY = http://127.0.0.1:3128\n");
  const std::string config_path = settings.dir + "/awsdns.yaml";
  const std::string yaml =
      "aws:\n  call_timeout: 40\n  attempts: 3\nresources:\n  web:\n"
      "    hosted_zone_id: Z0123456789ABCDEFGHIJ\n    name: test.clusterpro.local\n"
      "    ip: {server1: 10.0.110.100}\n    wait_timeout: 300\n";
  std::ofstream(config_path) << yaml;
  awsdns::test::make_owner_only(config_path);
  const auto parsed = awsdns::route53::parse_config(yaml, config_path);
  REQUIRE(parsed.has_value());
  awsdns::route53::AwsCliContext timing;  // the DNS commands' defaults
  timing.settings = parsed->aws;
  const auto& web = parsed->resources.at("web");

  Harness json;
  json.run({"check", "--env-file", settings.path, "--config", config_path, "--json"});
  const auto worst = boost::json::parse(json.out.str()).at("worst_case_ms").at("web");
  for (const char* command : {"activate", "deactivate", "monitor"}) {
    INFO(command);
    CHECK(worst.at(command).as_int64() ==
          awsdns::route53::action_budget(timing, web, command).count());
  }
  // 3 x (40 s + 0.52 s) + 1 s + 2 s = 124.56 s per call; activate: the UPSERT's call, then the
  // read-back's call beside the INSYNC wait (300 s + 0.52 s), the longer of the two, + 1 s.
  CHECK(worst.at("activate").as_int64() == 426080);

  Harness text;
  text.run({"check", "--env-file", settings.path, "--config", config_path});
  CHECK(text.out.str().find("worst case of web without --deadline: activate 426.1 s, "
                            "deactivate 374.7 s, monitor 125.6 s\n") != std::string::npos);
  std::remove(config_path.c_str());
}

TEST_CASE("a DNS command refuses a --deadline that is not a positive number of seconds") {
  for (const char* bad : {"0", "-5", "soon", "nan", "1e9"}) {
    Harness harness;
    INFO(bad);
    CHECK(harness.usage_failure({"monitor", "--deadline", bad, "--config", "/nonexistent.yaml"}));
  }
  Harness fine;  // a valid one gets as far as the configuration
  CHECK(fine.run({"monitor", "--deadline", "0.5", "--config", "/nonexistent.yaml"}) ==
        to_int(ExitCode::Config));
}
