// Every key of the README's configuration block is one the parser knows, and changing its value
// changes the parsed configuration: a key the parser lists but does not handle fails here. The
// parser's own key lists are read from its unknown-key messages, not from its tables.

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "failure_lines.hpp"
#include "route53/config.hpp"

using awsdns::route53::Config;
using awsdns::route53::parse_config;

namespace {

// One line of the README's block that holds a key: where, its dotted path, its indentation.
struct KeyLine {
  std::size_t index;
  std::string path;  // "aws.region", "resources.web.monitor.resolver"
  std::size_t indent;
  bool leaf;  // has a value on its line (else it opens a section or map)
};

std::vector<std::string> readme_block() {
  std::ifstream in(std::string(AWSDNS_TEST_DATA_DIR) + "/../../README.md");
  REQUIRE(in);
  std::vector<std::string> block;
  bool seen_heading = false, inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("## Configuration")) seen_heading = true;
    if (inside && line == "```") break;
    if (inside) block.push_back(line);
    if (seen_heading && line == "```yaml") inside = true;
  }
  REQUIRE_FALSE(block.empty());
  return block;
}

std::string text_of(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

std::vector<KeyLine> key_lines(const std::vector<std::string>& block) {
  std::vector<KeyLine> keys;
  std::vector<std::pair<std::size_t, std::string>> open;  // indentation, key
  for (std::size_t i = 0; i < block.size(); ++i) {
    const std::string& line = block[i];
    const auto indent = line.find_first_not_of(' ');
    const auto colon = line.find(':');
    if (indent == std::string::npos || line[indent] == '#' || colon == std::string::npos) continue;
    while (!open.empty() && open.back().first >= indent) open.pop_back();
    std::string path;
    for (const auto& [unused, key] : open) path += key + ".";
    const std::string key = line.substr(indent, colon - indent);
    const auto value = line.find_first_not_of(' ', colon + 1);
    keys.push_back({i, path + key, indent, value != std::string::npos && line[value] != '#'});
    open.emplace_back(indent, key);
  }
  return keys;
}

// The README block with the value of the key at `path` replaced by `value`.
std::vector<std::string> with_value(std::vector<std::string> block, const std::string& path,
                                    const std::string& value) {
  for (const KeyLine& key : key_lines(block)) {
    if (key.path != path) continue;
    std::string& line = block[key.index];
    line.erase(line.find(':'));
    line.append(": ").append(value);
    return block;
  }
  FAIL("no key " << path << " in the README's block");
  return block;
}

// The keys the parser knows in the section opened by `section` ("" for the top level), from its
// message for an unknown key placed there.
std::vector<std::string> parser_keys(std::vector<std::string> block, const std::string& section) {
  std::size_t at = 0, indent = 0;
  for (const KeyLine& key : key_lines(block)) {
    if (key.path == section) at = key.index + 1, indent = key.indent + 2;
  }
  block.insert(block.begin() + static_cast<std::ptrdiff_t>(at),
               std::string(indent, ' ') + "zzzz_qqqq: 1");
  const auto result = parse_config(text_of(block), "awsdns.yaml");
  for (const auto& error : awsdns::test::diagnostics_of(result, "awsdns.yaml")) {
    const auto from = error.message.find("(known keys: ");
    if (from == std::string::npos) continue;
    std::istringstream list(error.message.substr(from + 13, error.message.rfind(')') - from - 13));
    std::vector<std::string> names;
    for (std::string name; std::getline(list, name, ',');)
      names.push_back(name.substr(name[0] == ' '));
    std::sort(names.begin(), names.end());
    return names;
  }
  FAIL("no unknown-key message for section '" << section << "'");
  return {};
}

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += item + ",";
  return text;
}

// Per README key: another valid value (with other keys it needs), and the field it must set.
struct Change {
  std::vector<std::pair<std::string, std::string>> values;  // path -> new value
  std::function<std::string(const Config&)> field;
  std::string expected;
};

const awsdns::route53::Resource& web(const Config& config) {
  return config.resources.at("web");
}

std::map<std::string, Change> top_and_aws_changes() {
  return {
      {"env_file",
       {{{"env_file", "/etc/other.conf"}},
        [](const Config& c) { return c.env_file.value_or(""); },
        "/etc/other.conf"}},
      {"lock_dir",
       {{{"lock_dir", "/run/other"}}, [](const Config& c) { return c.lock_dir; }, "/run/other"}},
      {"aws.cli",
       {{{"aws.cli", "/opt/aws/bin/aws"}},
        [](const Config& c) { return c.aws.cli.value_or(""); },
        "/opt/aws/bin/aws"}},
      {"aws.region",
       {{{"aws.region", "eu-west-1"}}, [](const Config& c) { return c.aws.region; }, "eu-west-1"}},
      {"aws.profile",
       {{{"aws.profile", "other"}}, [](const Config& c) { return c.aws.profile; }, "other"}},
      {"aws.extra_args",
       {{{"aws.extra_args", "[--debug]"}},
        [](const Config& c) { return joined(c.aws.extra_args); },
        "--debug,"}},
      {"aws.connect_timeout",
       {{{"aws.connect_timeout", "11"}},
        [](const Config& c) { return std::to_string(c.aws.connect_timeout); },
        "11"}},
      {"aws.read_timeout",
       {{{"aws.read_timeout", "31"}},
        [](const Config& c) { return std::to_string(c.aws.read_timeout); },
        "31"}},
      {"aws.call_timeout",
       {{{"aws.call_timeout", "101"}},
        [](const Config& c) { return std::to_string(c.aws.call_timeout); },
        "101"}},
      {"aws.attempts",
       {{{"aws.attempts", "5"}},
        [](const Config& c) { return std::to_string(c.aws.attempts); },
        "5"}},
      {"aws.pass_env",
       {{{"aws.pass_env", "[MY_VARIABLE]"}},
        [](const Config& c) { return joined(c.aws.pass_env); },
        "MY_VARIABLE,"}},
  };
}

std::map<std::string, Change> resource_changes() {
  const std::string w = "resources.web.";
  return {
      {w + "hosted_zone_id",
       {{{w + "hosted_zone_id", "Z9999999999ABCDEFGHIJ"}},
        [](const Config& c) { return web(c).hosted_zone_id; },
        "Z9999999999ABCDEFGHIJ"}},
      {w + "name",
       {{{w + "name", "other.clusterpro.local"}},
        [](const Config& c) { return web(c).record_name; },
        "other.clusterpro.local."}},
      {w + "type",
       {{{w + "type", "AAAA"},
         {w + "ip.server1", "\"2001:db8::1\""},
         {w + "ip.server2", "\"2001:db8::2\""}},
        [](const Config& c) { return std::string(to_string(web(c).type)); },
        "AAAA"}},
      {w + "ttl",
       {{{w + "ttl", "60"}}, [](const Config& c) { return std::to_string(web(c).ttl); }, "60"}},
      {w + "ip.server1",
       {{{w + "ip.server1", "10.0.110.101"}},
        [](const Config& c) { return web(c).ip_by_node.at("server1"); },
        "10.0.110.101"}},
      {w + "ip.server2",
       {{{w + "ip.server2", "10.0.120.101"}},
        [](const Config& c) { return web(c).ip_by_node.at("server2"); },
        "10.0.120.101"}},
      {w + "delete_on_deactivate",
       {{{w + "delete_on_deactivate", "false"}},
        [](const Config& c) { return std::to_string(web(c).delete_on_deactivate); },
        "0"}},
      {w + "wait_insync",
       {{{w + "wait_insync", "false"}},
        [](const Config& c) { return std::to_string(web(c).wait_insync); },
        "0"}},
      {w + "wait_timeout",
       {{{w + "wait_timeout", "301"}},
        [](const Config& c) { return std::to_string(web(c).wait_timeout); },
        "301"}},
      {w + "poll_interval",
       {{{w + "poll_interval", "3"}},
        [](const Config& c) { return std::to_string(web(c).poll_interval); },
        "3"}},
  };
}

std::map<std::string, Change> monitor_changes() {
  const std::string m = "resources.web.monitor.";
  return {
      {m + "check_resolution",
       {{{m + "check_resolution", "true"}},
        [](const Config& c) { return std::to_string(web(c).monitor.check_resolution); },
        "1"}},
      {m + "resolver",
       {{{m + "resolver", "\"127.0.0.1:53\""}},
        [](const Config& c) { return web(c).monitor.resolver; },
        "127.0.0.1:53"}},
      {m + "resolve_timeout",
       {{{m + "resolve_timeout", "6"}},
        [](const Config& c) { return std::to_string(web(c).monitor.resolve_timeout); },
        "6"}},
      {m + "on_cli_failure",
       {{{m + "on_cli_failure", "warn"}},
        [](const Config& c) {
          return std::to_string(static_cast<int>(web(c).monitor.on_cli_failure));
        },
        std::to_string(static_cast<int>(awsdns::route53::CliFailureReaction::Warn))}},
  };
}

}  // namespace

// The README's block uses POSIX absolute paths (env_file, lock_dir).
TEST_CASE("config: the README's keys are exactly the keys the parser knows", "[posix]") {
  const auto block = readme_block();
  const auto keys = key_lines(block);
  for (const std::string section : {"", "aws", "resources.web", "resources.web.monitor"}) {
    INFO("section '" << section << "'");
    std::vector<std::string> documented;
    const std::string prefix = section.empty() ? "" : section + ".";
    for (const KeyLine& key : keys) {
      const std::string rest = key.path.substr(std::min(prefix.size(), key.path.size()));
      if (key.path.starts_with(prefix) && rest.find('.') == std::string::npos) {
        documented.push_back(rest);
      }
    }
    std::sort(documented.begin(), documented.end());
    CHECK(joined(parser_keys(block, section)) == joined(documented));
  }
}

TEST_CASE("config: every key of the README's block parses and changes its value", "[posix]") {
  const auto block = readme_block();
  const auto readme = parse_config(text_of(block), "awsdns.yaml");
  INFO((readme ? "" : readme.error().message));
  REQUIRE(readme.has_value());
  auto all = top_and_aws_changes();
  all.merge(resource_changes());
  all.merge(monitor_changes());
  std::size_t leaves = 0;
  for (const KeyLine& key : key_lines(block)) {
    if (!key.leaf) continue;
    ++leaves;
    INFO(key.path);
    const auto change = all.find(key.path);
    REQUIRE(change != all.end());  // a README key this test does not yet change
    auto changed = block;
    for (const auto& [path, value] : change->second.values)
      changed = with_value(changed, path, value);
    const auto result = parse_config(text_of(changed), "awsdns.yaml");
    INFO((result ? "" : result.error().message));
    REQUIRE(result.has_value());
    CHECK(change->second.field(*readme) != change->second.expected);
    CHECK(change->second.field(*result) == change->second.expected);
  }
  CHECK(leaves == all.size());
}
