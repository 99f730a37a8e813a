// The exit codes as documented and as returned: README's table, awsdns(1) and --help are compared
// with core/exit_code.hpp's kExitCodes in full, README and awsdns(1) with each other, and the
// codes and --json results awsdns really returns with README's table.
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/entry.hpp"
#include "cli/help.hpp"
#include "cli_test_invocation.hpp"
#include "core/exit_code.hpp"
#include "test_support.hpp"

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

/// README's exit-code table, row by row, as written there.
std::vector<DocumentedRow> readme_rows() {
  std::vector<DocumentedRow> rows;
  for (const auto& line :
       lines_between(source_file("README.md"), "<!-- exit-codes:begin", "<!-- exit-codes:end")) {
    // "| CODE | `NAME` | MEANING |"
    const auto first = line.find(" | "), second = line.find(" | ", first + 3);
    REQUIRE(second != std::string::npos);
    const std::string name = line.substr(first + 3, second - first - 3);
    REQUIRE(name.size() > 2);
    rows.push_back({line.substr(2, first - 2), name.substr(1, name.size() - 2),
                    line.substr(second + 3, line.size() - second - 5)});
  }
  return rows;
}

/// README's code ("64", "128+N") of the exit code it names `name`.
std::string readme_code(const std::string& name) {
  for (const auto& row : readme_rows()) {
    if (row.name == name) return row.code;
  }
  FAIL("README's exit-code table has no row named " << name);
  return {};
}

/// README's name of the exit code it writes `code`.
std::string readme_name(const std::string& code) {
  for (const auto& row : readme_rows()) {
    if (row.code == code) return row.name;
  }
  FAIL("README's exit-code table has no row for code " << code);
  return {};
}

/// What one run of awsdns returned and printed.
struct Run {
  int code = -1;
  std::string out;
};

/// Runs awsdns in-process through its real entry point (usage errors become an exit code there).
Run run_awsdns(std::vector<std::string> args) {
  std::ostringstream out, err;
  std::vector<std::string> argv_text{"awsdns"};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : argv_text) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const auto capture = [&] { return awsdns::test::cli_invocation("awsdns", args, out, err); };
  const int code = awsdns::cli::run_entry(static_cast<int>(argv_text.size()), argv.data(), capture);
  return {code, out.str()};
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

TEST_CASE("README and awsdns(1) document the same codes with the same meanings", "[cli][docs]") {
  // The two documents against each other, row by row, without kExitCodes in between.
  const auto readme = readme_rows();
  const auto man = man_page_rows(source_file("doc/awsdns.1"));
  REQUIRE(readme.size() == man.size());
  for (std::size_t i = 0; i < readme.size(); ++i) {
    INFO(readme[i].name);
    CHECK(readme[i].code == man[i].code);
    CHECK(readme[i].meaning + "." == man[i].meaning);
  }
}

TEST_CASE("awsdns exits with the codes README gives their names", "[cli][docs]") {
  CHECK(std::to_string(run_awsdns({"--version"}).code) == readme_code("ok"));
  CHECK(std::to_string(run_awsdns({"frobnicate"}).code) == readme_code("usage"));
  CHECK(std::to_string(run_awsdns({"check", "--config", "/nonexistent/awsdns.yaml"}).code) ==
        readme_code("config"));
  awsdns::test::TempDir folder{"awsdns-docs-test"};
  const std::string settings = folder.file("clpaws_setting.conf");
  std::ofstream(settings) << "[ENVIRONMENT]\nHTTPS_PROXY = http://127.0.0.1:3128\n";
  awsdns::test::make_owner_only(settings);
  CHECK(std::to_string(
            run_awsdns({"exec", "--env-file", settings, "--", "no-such-command-awsdns"}).code) ==
        readme_code("not-found"));
}

TEST_CASE("a command killed by signal N makes awsdns exit 128+N, as README says",
          "[cli][docs][posix]") {
  REQUIRE(readme_code("interrupted") == "128+N");
  awsdns::test::TempDir folder{"awsdns-docs-test"};
  const std::string settings = folder.file("clpaws_setting.conf");
  std::ofstream(settings) << "[ENVIRONMENT]\nHTTPS_PROXY = http://127.0.0.1:3128\n";
  awsdns::test::make_owner_only(settings);
  CHECK(run_awsdns({"exec", "--env-file", settings, "--", "/bin/sh", "-c", "kill -TERM $$"}).code ==
        128 + SIGTERM);
  CHECK(awsdns::exit_code_name(static_cast<ExitCode>(128 + SIGTERM)) == readme_name("128+N"));
}

TEST_CASE("with --json, the result is README's name of the exit code awsdns returns",
          "[cli][docs]") {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check", "--config", "/nonexistent/awsdns.yaml", "--json"},
        std::vector<std::string>{"monitor", "--config", "/nonexistent/awsdns.yaml", "--json"}}) {
    INFO(args[0]);
    const auto run = run_awsdns(args);
    const auto object = boost::json::parse(run.out).as_object();
    const auto code = object.at("exit_code").as_int64();
    CHECK(code == run.code);
    CHECK(object.at("result").as_string() == readme_name(std::to_string(code)));
  }
}
