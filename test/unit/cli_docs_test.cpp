// The exit-code table of core/exit_code.hpp is the one README, awsdns(1), --help and --json show:
// every row of each is compared with kExitCodes in full (code, name, meaning), in order.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/help.hpp"
#include "core/exit_code.hpp"

namespace {

using awsdns::ExitCode;

std::string source_file(const std::string& relative) {
  std::ifstream in(std::string(AWSDNS_TEST_DATA_DIR) + "/../../" + relative);
  REQUIRE(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> lines_between(const std::string& text, const std::string& begin,
                                       const std::string& end) {
  std::vector<std::string> lines;
  bool inside = false;
  for (const auto& line : lines_of(text)) {
    if (line.find(begin) != std::string::npos) inside = true;
    if (line.find(end) != std::string::npos) inside = false;
    if (inside && line.starts_with("| ") && !line.starts_with("| code")) lines.push_back(line);
  }
  return lines;
}

/// One documented row: code, name (empty where the document shows none), meaning.
struct DocumentedRow {
  std::string code;
  std::string name;
  std::string meaning;
};

/// The man page's EXIT STATUS entries: ".TP", ".B CODE", "MEANING." up to the first ".PP".
std::vector<DocumentedRow> man_page_rows(const std::string& page) {
  const auto lines = lines_of(page.substr(page.find(".SH EXIT STATUS")));
  std::vector<DocumentedRow> rows;
  for (std::size_t i = 1; i < lines.size() && lines[i] != ".PP"; ++i) {
    if (lines[i] != ".TP" || i + 2 >= lines.size()) continue;
    REQUIRE(lines[i + 1].starts_with(".B "));
    rows.push_back({lines[i + 1].substr(3), "", lines[i + 2]});
  }
  return rows;
}

/// --help's rows: "  CODE  NAME  MEANING" between "Exit status:" and "exec otherwise".
std::vector<DocumentedRow> help_rows(const std::string& help) {
  std::vector<DocumentedRow> rows;
  for (const auto& line : lines_of(help)) {
    if (line == "Exit status:" || line.find("exec otherwise") != std::string::npos) continue;
    std::istringstream fields(line);
    DocumentedRow row;
    fields >> row.code >> row.name >> std::ws;
    std::getline(fields, row.meaning);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST_CASE("README's exit-code table is kExitCodes", "[cli][docs]") {
  const auto rows =
      lines_between(source_file("README.md"), "<!-- exit-codes:begin", "<!-- exit-codes:end");
  REQUIRE(rows.size() == awsdns::kExitCodes.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = awsdns::kExitCodes[i];
    CHECK(rows[i] == "| " + awsdns::exit_code_text(row.code) + " | `" + std::string(row.name) +
                         "` | " + std::string(row.meaning) + " |");
  }
}

TEST_CASE("awsdns(1) lists every exit code with its meaning", "[cli][docs]") {
  const auto rows = man_page_rows(source_file("doc/awsdns.1"));
  REQUIRE(rows.size() == awsdns::kExitCodes.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = awsdns::kExitCodes[i];
    INFO(row.name);
    CHECK(rows[i].code == awsdns::exit_code_text(row.code));
    CHECK(rows[i].meaning == std::string(row.meaning) + ".");
  }
}

TEST_CASE("the exit-code table of --help is kExitCodes", "[cli][docs]") {
  const auto rows = help_rows(awsdns::cli::exit_code_help());
  REQUIRE(rows.size() == awsdns::kExitCodes.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = awsdns::kExitCodes[i];
    CHECK(rows[i].code == awsdns::exit_code_text(row.code));
    CHECK(rows[i].name == row.name);
    CHECK(rows[i].meaning == row.meaning);
  }
}

TEST_CASE("the result names of --json come from kExitCodes", "[cli][docs]") {
  for (const auto& row : awsdns::kExitCodes) CHECK(awsdns::exit_code_name(row.code) == row.name);
  CHECK(awsdns::exit_code_name(ExitCode::RecordElsewhere) == "record-elsewhere");
  CHECK(awsdns::exit_code_name(awsdns::exit_code_of_signal(15)) == "interrupted");
  CHECK(awsdns::exit_code_name(static_cast<ExitCode>(143)) == "interrupted");
}

TEST_CASE("exit codes of a signal and of a start failure", "[cli][docs]") {
  CHECK(awsdns::to_int(awsdns::exit_code_of_signal(15)) == 143);
  CHECK(awsdns::exit_code_text(ExitCode::SignalBase) == "128+N");
  CHECK(awsdns::exit_code_text(ExitCode::NotFound) == "127");
  const auto start_error = [](std::errc error) {
    return awsdns::exit_code_of_start_error(std::make_error_code(error));
  };
  CHECK(start_error(std::errc::no_such_file_or_directory) == ExitCode::NotFound);
  CHECK(start_error(std::errc::not_a_directory) == ExitCode::NotFound);
  CHECK(start_error(std::errc::permission_denied) == ExitCode::CannotExecute);
  CHECK(start_error(std::errc::executable_format_error) == ExitCode::CannotExecute);
}

TEST_CASE("a start failure's errno (system category) maps as its generic error",
          "[cli][docs][posix]") {
  CHECK(awsdns::exit_code_of_start_error(std::error_code(ENOTDIR, std::system_category())) ==
        ExitCode::NotFound);
}
