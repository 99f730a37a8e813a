// The exit-code table of launcher/exit_code.hpp is the one README, awsdns(1) and --help show.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/help.hpp"
#include "launcher/exit_code.hpp"

namespace {

using awsdns::ExitCode;

std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(AWSDNS_TEST_DATA_DIR) + "/../../" + relative);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string code_text(const awsdns::ExitCodeInfo& row) {
  return row.code == ExitCode::SignalBase ? "128+N" : std::to_string(awsdns::to_int(row.code));
}

std::vector<std::string> lines_between(const std::string& text, const std::string& begin,
                                       const std::string& end) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.find(begin) != std::string::npos) inside = true;
    if (line.find(end) != std::string::npos) inside = false;
    if (inside && line.starts_with("| ") && !line.starts_with("| code")) lines.push_back(line);
  }
  return lines;
}

}  // namespace

TEST_CASE("README's exit-code table is kExitCodes", "[cli][docs]") {
  const auto rows =
      lines_between(source_file("README.md"), "<!-- exit-codes:begin", "<!-- exit-codes:end");
  REQUIRE(rows.size() == awsdns::kExitCodes.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = awsdns::kExitCodes[i];
    CHECK(rows[i] == "| " + code_text(row) + " | `" + std::string(row.name) + "` | " +
                         std::string(row.meaning) + " |");
  }
}

TEST_CASE("awsdns(1) lists every exit code with its meaning", "[cli][docs]") {
  const std::string page = source_file("doc/awsdns.1");
  const auto section = page.substr(page.find(".SH EXIT STATUS"));
  for (const auto& row : awsdns::kExitCodes) {
    INFO(row.name);
    CHECK(section.find(".TP\n.B " + code_text(row) + "\n" + std::string(row.meaning) + ".\n") !=
          std::string::npos);
  }
}

TEST_CASE("the exit-code table of --help is kExitCodes", "[cli][docs]") {
  const std::string help = awsdns::cli::exit_code_help();
  for (const auto& row : awsdns::kExitCodes) {
    INFO(row.name);
    CHECK(help.find(std::string(row.name) + " ") != std::string::npos);
    CHECK(help.find(std::string(row.meaning) + "\n") != std::string::npos);
  }
  CHECK(awsdns::exit_code_name(ExitCode::RecordElsewhere) == "record-elsewhere");
  CHECK(awsdns::exit_code_name(static_cast<ExitCode>(143)) == "interrupted");
}
