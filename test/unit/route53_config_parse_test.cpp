// The configuration parses to the expected values; resource selection; missing node IP;
// reading the file (missing, not regular, too large).

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/system_paths.hpp"
#include "failure_lines.hpp"
#include "route53/config.hpp"
#include "route53/config_checks.hpp"
#include "route53/config_file.hpp"
#include "route53/config_select.hpp"
#include "route53_config_samples.hpp"
#include "test_support.hpp"

using namespace awsdns::route53;

namespace {

const std::string kDataDir = std::string(AWSDNS_TEST_DATA_DIR) + "/config";

// The failure's lines, for INFO when a configuration that should parse does not.
std::string all_errors(const awsdns::Result<Config>& result) {
  return result ? "" : result.error().message;
}

Config must_parse(const std::string& path) {
  auto result = load_config_file(path, awsdns::test::caller_uid());
  INFO(all_errors(result));
  REQUIRE(result.has_value());
  return std::move(*result);
}

const char* const kMinimal = awsdns::test::kMinimalConfig;

}  // namespace

TEST_CASE("config: the full example of the README parses to its values",
          "[posix]") {  // Linux paths
  const Config config = must_parse(kDataDir + "/example.yaml");
  CHECK(config.file == kDataDir + "/example.yaml");
  REQUIRE(config.env_file);
  CHECK(*config.env_file == "/opt/nec/clusterpro/cloud/aws/clpaws_setting.conf");
  CHECK(config.lock_dir == "/run/awsdns");
  CHECK(config.aws.cli == "/usr/bin/aws");
  CHECK(config.aws.region == "ap-northeast-1");
  CHECK(config.aws.profile == "default");
  CHECK(config.aws.extra_args.empty());
  CHECK(config.aws.connect_timeout == 10);
  CHECK(config.aws.read_timeout == 30);
  CHECK(config.aws.call_timeout == 100);
  CHECK(config.aws.attempts == 4);
  REQUIRE(config.resources.size() == 1);
  const Resource& web = config.resources.at("web");
  CHECK(web.key == "web");
  CHECK(web.hosted_zone_id == "Z0123456789ABCDEFGHIJ");
  CHECK(web.record_name == "test.clusterpro.local.");
  CHECK(web.type == RecordType::A);
  CHECK(web.ttl == 300);
  CHECK(web.ip_by_node == std::map<std::string, std::string>{{"server1", "10.0.110.100"},
                                                             {"server2", "10.0.120.100"}});
  CHECK(web.ip_location.line == 18);
  CHECK(web.ip_location.column == 5);
  CHECK(web.location.line == 13);
  CHECK(web.location.column == 3);
  CHECK(web.delete_on_deactivate);
  CHECK(web.wait_insync);
  CHECK(web.wait_timeout == 300);
  CHECK_FALSE(web.monitor.check_resolution);
  CHECK(web.monitor.resolver.empty());
  CHECK(web.monitor.resolve_timeout == 5);
  CHECK(web.monitor.on_cli_failure == CliFailureReaction::Ignore);
}

TEST_CASE("config: non-default values and normalisation", "[posix]") {
  const Config config = must_parse(kDataDir + "/two_resources.yaml");
  CHECK_FALSE(config.env_file);
  CHECK(config.lock_dir == "/tmp/awsdns-locks");
  CHECK(config.aws.cli == "aws");
  CHECK(config.aws.extra_args ==
        std::vector<std::string>{"--endpoint-url", "http://127.0.0.1:8080"});
  CHECK(config.aws.connect_timeout == 0);
  CHECK(config.aws.attempts == 1);
  const Resource& web = config.resources.at("web");
  CHECK(web.hosted_zone_id == "Z1D633PJN98FT9");       // "/hostedzone/" stripped
  CHECK(web.record_name == "test.clusterpro.local.");  // lower case, one trailing dot
  CHECK(web.type == RecordType::AAAA);
  CHECK(web.ttl == 0);
  CHECK(web.ip_by_node.at("server1") == "2001:db8::1");  // canonical form
  CHECK(web.ip_by_node.at("server2") == "2001:db8::2");
  CHECK_FALSE(web.delete_on_deactivate);
  CHECK_FALSE(web.wait_insync);
  CHECK(web.wait_timeout == 0);
  CHECK(web.monitor.check_resolution);
  CHECK(web.monitor.resolver == "[::1]:5353");
  CHECK(web.monitor.resolve_timeout == 2);
  CHECK(web.monitor.on_cli_failure == CliFailureReaction::Recover);
  const Resource& db = config.resources.at("db_1.primary");
  CHECK(db.record_name == "_db.example.com.");
  CHECK(db.ttl == 2147483647);
  CHECK(db.type == RecordType::A);
}

TEST_CASE("config: defaults of a minimal file") {
  const auto result = parse_config(kMinimal, "min.yaml");
  INFO(all_errors(result));
  REQUIRE(result.has_value());
  const Config& config = *result;
  CHECK_FALSE(config.aws.cli);
  CHECK(config.aws.region.empty());
  CHECK(config.aws.attempts == 4);
  CHECK(config.lock_dir == awsdns::system_paths().lock_dir);
  const Resource& web = config.resources.at("web");
  CHECK(web.type == RecordType::A);
  CHECK(web.ttl == 300);
  CHECK(web.monitor.on_cli_failure == CliFailureReaction::Ignore);
  CHECK(web.monitor.resolve_timeout == 5);
}

TEST_CASE("config: select_resource", "[posix]") {
  const Config two = must_parse(kDataDir + "/two_resources.yaml");
  SECTION("by name") {
    const auto choice = select_resource(two, std::string("db_1.primary"));
    REQUIRE(choice.has_value());
    CHECK(choice->key == "db_1.primary");
  }
  SECTION("omitted with several resources lists them") {
    const auto choice = select_resource(two, std::nullopt);
    REQUIRE_FALSE(choice.has_value());
    CHECK(choice.error().code == awsdns::ExitCode::Usage);
    CHECK_THAT(choice.error().message, Catch::Contains("2 resources (db_1.primary, web)"));
    CHECK_THAT(choice.error().message, Catch::Contains("two_resources.yaml"));
  }
  SECTION("unknown name lists the configured ones and suggests") {
    const auto choice = select_resource(two, std::string("wbe"));
    REQUIRE_FALSE(choice.has_value());
    CHECK(choice.error().code == awsdns::ExitCode::Usage);
    CHECK_THAT(choice.error().message, Catch::Contains("no resource 'wbe'"));
    CHECK_THAT(choice.error().message, Catch::Contains("configured: db_1.primary, web"));
    CHECK_THAT(choice.error().message, Catch::Contains("did you mean 'web'?"));
  }
  SECTION("omitted with one resource picks it") {
    const Config one = must_parse(kDataDir + "/example.yaml");
    const auto choice = select_resource(one, std::nullopt);
    REQUIRE(choice.has_value());
    CHECK(choice->key == "web");
  }
}

TEST_CASE("config: missing node IP is located at ip:", "[posix]") {
  const Config config = must_parse(kDataDir + "/example.yaml");
  const Resource& web = config.resources.at("web");
  CHECK_FALSE(missing_node_ip(config, web, "server1"));
  const auto missing = missing_node_ip(config, web, "server3");
  REQUIRE(missing);
  CHECK(missing->file == kDataDir + "/example.yaml");
  CHECK(missing->line == 18);
  CHECK(missing->column == 5);
  CHECK_THAT(missing->message, Catch::Contains("no IP for node 'server3'"));
  CHECK_THAT(missing->message, Catch::Contains("configured nodes: server1, server2"));
  CHECK_THAT(missing->message, Catch::Contains("--node"));
  CHECK_THAT(missing->message, Catch::Contains("--ip"));
  CHECK_THAT(missing->to_string(), Catch::StartsWith(kDataDir + "/example.yaml:18:5: "));
}

TEST_CASE("config: missing node IP without any ip: mapping points at the resource") {
  const auto result = parse_config(
      "resources:\n  web:\n    hosted_zone_id: Z1\n    name: a.example\n", "noip.yaml");
  REQUIRE(result.has_value());
  const auto missing = missing_node_ip(*result, result->resources.at("web"), "n1");
  REQUIRE(missing);
  CHECK(missing->line == 2);
  CHECK(missing->column == 3);
  CHECK_THAT(missing->message, Catch::Contains("no nodes configured"));
}

TEST_CASE("config: check_address for --ip") {
  CHECK(check_address("10.0.0.1", RecordType::A).value() == "10.0.0.1");
  CHECK(check_address("2001:DB8::1", RecordType::AAAA).value() == "2001:db8::1");
  CHECK_THAT(check_address("::1", RecordType::A).error().message,
             Catch::Contains("IPv6 address but the record type is A"));
  CHECK_THAT(check_address("10.0.0.1", RecordType::AAAA).error().message,
             Catch::Contains("IPv4 address but the record type is AAAA"));
  CHECK_FALSE(check_address("10.0.0.256", RecordType::A).has_value());
  CHECK_FALSE(check_address("", RecordType::A).has_value());
}

TEST_CASE("config: parse_dns_server") {
  const auto plain = parse_dns_server("127.0.0.53");
  REQUIRE(plain);
  CHECK(plain->port == 53);
  const auto with_port = parse_dns_server("127.0.0.53:5353");
  REQUIRE(with_port);
  CHECK(with_port->address == "127.0.0.53");
  CHECK(with_port->port == 5353);
  const auto v6 = parse_dns_server("[::1]:5300");
  REQUIRE(v6);
  CHECK(v6->address == "::1");
  CHECK(v6->port == 5300);
  CHECK(parse_dns_server("::1"));
  CHECK_FALSE(parse_dns_server("dns.example.com"));
  CHECK_FALSE(parse_dns_server("127.0.0.1:0"));
  CHECK_FALSE(parse_dns_server("127.0.0.1:65536"));
  CHECK_FALSE(parse_dns_server("127.0.0.1:"));
  CHECK_FALSE(parse_dns_server("[::1"));
  CHECK_FALSE(parse_dns_server("[127.0.0.1]:53"));
}

TEST_CASE("config: reading the file") {
  awsdns::test::TempDir dir("awsdns-config");
  SECTION("missing file") {
    const std::string path = (dir.path() / "absent.yaml").string();
    const Diagnostics found =
        awsdns::test::diagnostics_of(load_config_file(path, awsdns::test::caller_uid()), path);
    REQUIRE(found.size() == 1);
    CHECK_THAT(found[0].to_string(), Catch::StartsWith(path + ": configuration file not found ("));
  }
  SECTION("a directory is refused") {
    const Diagnostics found = awsdns::test::diagnostics_of(
        load_config_file(dir.path().string(), awsdns::test::caller_uid()), dir.path().string());
    REQUIRE(found.size() == 1);
    CHECK(found[0].message == "the configuration file is a directory, not a regular file");
  }
  SECTION("more than 1 MiB is refused") {
    const std::string path = (dir.path() / "big.yaml").string();
    std::ofstream(path) << kMinimal << std::string(kMaxConfigBytes, '#') << "\n";
    const Diagnostics found =
        awsdns::test::diagnostics_of(load_config_file(path, awsdns::test::caller_uid()), path);
    REQUIRE(found.size() == 1);
    CHECK_THAT(found[0].message, Catch::StartsWith("the configuration file is too large: ") &&
                                     Catch::EndsWith(" bytes (limit 1048576)"));
  }
  SECTION("a good file") {
    const std::string path = (dir.path() / "ok.yaml").string();
    std::ofstream(path) << kMinimal;
    const auto result = load_config_file(path, awsdns::test::caller_uid());
    REQUIRE(result.has_value());
    CHECK(result->file == path);
  }
}
