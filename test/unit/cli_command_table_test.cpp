// The command table (cli/commands.hpp) against the manual page's SYNOPSIS, an independent list:
// `awsdns --help`, dispatch (by first word and by program name) and check's worst-case report
// must each show exactly the commands the manual names, in its order.
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "cli_harness.hpp"

namespace {

using awsdns::test::Harness;
using awsdns::test::TempSettings;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The SYNOPSIS of doc/awsdns.1: ".B awsdns NAME" lines (commands) or ".B awsdns\-NAME" lines
// (the names also installed as programs), in order.
std::vector<std::string> manual_synopsis(const std::string& lead) {
  std::ifstream in(std::string(AWSDNS_TEST_DATA_DIR) + "/../../doc/awsdns.1");
  REQUIRE(in);
  std::ostringstream page;
  page << in.rdbuf();
  std::vector<std::string> names;
  bool inside = false;
  for (const auto& line : lines_of(page.str())) {
    if (line.starts_with(".SH")) inside = line == ".SH SYNOPSIS";
    if (inside && line.starts_with(lead)) names.push_back(line.substr(lead.size()));
  }
  return names;
}

std::vector<std::string> manual_commands() {
  return manual_synopsis(".B awsdns ");
}

std::vector<std::string> manual_programs() {
  return manual_synopsis(".B awsdns\\-");
}

}  // namespace

TEST_CASE("the manual's SYNOPSIS names the commands and programs this test compares with") {
  CHECK(manual_commands().size() >= 5);
  CHECK(manual_programs().size() >= 3);
}

TEST_CASE("awsdns --help lists exactly the manual's commands and programs, in order") {
  Harness harness;
  REQUIRE(harness.run({"--help"}) == 0);
  std::vector<std::string> listed;
  std::string programs;
  bool inside = false;
  for (const auto& line : lines_of(harness.out.str())) {
    if (line.starts_with("Also installed as ")) programs = line;
    if (line.empty()) inside = false;
    if (inside) listed.push_back(line.substr(2, line.find(' ', 2) - 2));
    if (line == "Commands:") inside = true;
  }
  CHECK(listed == manual_commands());
  std::string expected = "Also installed as ";
  const auto names = manual_programs();
  for (std::size_t i = 0; i < names.size(); ++i) {
    expected += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + ("awsdns-" + names[i]);
  }
  CHECK(programs == expected + ".");
}

TEST_CASE("dispatch runs each of the manual's commands and programs, and nothing else") {
  for (const auto& name : manual_commands()) {
    INFO(name);
    Harness harness;
    CHECK(harness.run({name, "--help"}) == 0);
    CHECK(harness.out.str().starts_with("Usage: awsdns " + name + " "));
  }
  for (const auto& name : manual_programs()) {
    INFO(name);
    Harness harness;
    CHECK(harness.run({"--help"}, "awsdns-" + name) == 0);
    CHECK(harness.out.str().starts_with("Usage: awsdns " + name + " "));
  }
  Harness harness;
  CHECK(harness.usage_failure({"status"}));
}

TEST_CASE("check reports the worst case of exactly the manual's programs, in order") {
  TempSettings settings("[ENVIRONMENT]\nHTTPS_PROXY = http://127.0.0.1:3128\n");
  const std::string config_path = settings.dir + "/awsdns.yaml";
  std::ofstream(config_path) << "resources:\n  web:\n    hosted_zone_id: Z0123456789ABCDEFGHIJ\n"
                                "    name: test.clusterpro.local\n    ip: {server1: 10.0.0.1}\n";
  awsdns::test::make_owner_only(config_path);

  Harness json;
  json.run({"check", "--env-file", settings.path, "--config", config_path, "--json"});
  const auto worst = boost::json::parse(json.out.str()).at("worst_case_ms").at("web").as_object();
  std::vector<std::string> reported;
  for (const auto& entry : worst) reported.emplace_back(entry.key());
  CHECK(reported == manual_programs());

  Harness text;
  text.run({"check", "--env-file", settings.path, "--config", config_path});
  // "worst case of web without --deadline: activate 7m6s, deactivate 2m6s, monitor 2m6s"
  const std::string out = text.out.str();
  const auto from = out.find(": ", out.find("worst case of web")) + 2;
  std::istringstream line(out.substr(from, out.find('\n', from) - from));
  std::vector<std::string> printed;
  for (std::string item; std::getline(line, item, ',');) {
    const auto start = item.find_first_not_of(' ');
    printed.push_back(item.substr(start, item.find(' ', start) - start));
  }
  CHECK(printed == manual_programs());
}
