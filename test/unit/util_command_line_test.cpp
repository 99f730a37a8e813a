// Windows command-line quoting: exact forms for the cases that matter to awsdns (JSON change
// batches, spaces, trailing backslashes, empty arguments) and a round trip through the Microsoft
// C runtime's splitting rules for many arguments.

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "util/command_line.hpp"

namespace {

using awsdns::util::windows_command_line;
using awsdns::util::windows_quoted_argument;

// The Microsoft C runtime's rules for the arguments after argv[0] (2n backslashes + quote: n
// backslashes, toggle quoting; 2n+1 + quote: n backslashes and a quote; "" inside quotes: a quote).
std::vector<std::string> split_like_msvcrt(const std::string& line) {
  std::vector<std::string> arguments;
  std::size_t at = 0;
  while (at < line.size()) {
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
    if (at >= line.size()) break;
    std::string argument;
    bool quoted = false;
    while (at < line.size() && (quoted || (line[at] != ' ' && line[at] != '\t'))) {
      std::size_t backslashes = 0;
      while (at < line.size() && line[at] == '\\') ++backslashes, ++at;
      if (at < line.size() && line[at] == '"') {
        argument.append(backslashes / 2, '\\');
        if (backslashes % 2 == 1) {
          argument += '"';
        } else if (quoted && at + 1 < line.size() && line[at + 1] == '"') {
          argument += '"';
          ++at;
        } else {
          quoted = !quoted;
        }
        ++at;
      } else {
        argument.append(backslashes, '\\');
        if (at < line.size() && (quoted || (line[at] != ' ' && line[at] != '\t'))) {
          argument += line[at++];
        }
      }
    }
    arguments.push_back(argument);
  }
  return arguments;
}

}  // namespace

TEST_CASE("util: plain Windows arguments stay as they are", "[util][command_line]") {
  CHECK(windows_quoted_argument("route53") == "route53");
  CHECK(windows_quoted_argument("--hosted-zone-id") == "--hosted-zone-id");
  CHECK(windows_quoted_argument(R"(C:\dir\)") == R"(C:\dir\)");
  CHECK(windows_quoted_argument(R"(a\\b)") == R"(a\\b)");
}

TEST_CASE("util: Windows quoting of JSON, spaces, trailing backslashes and empty arguments",
          "[util][command_line]") {
  CHECK(windows_quoted_argument(R"({"a":"b"})") == R"("{\"a\":\"b\"}")");
  CHECK(windows_quoted_argument("two words") == R"("two words")");
  CHECK(windows_quoted_argument(R"(C:\Program Files\)") == R"("C:\Program Files\\")");
  CHECK(windows_quoted_argument(R"(a\"b)") == R"("a\\\"b")");
  CHECK(windows_quoted_argument("") == R"("")");
  CHECK(windows_quoted_argument("tab\there") == "\"tab\there\"");
}

TEST_CASE("util: a Windows command line names the program in quotes", "[util][command_line]") {
  CHECK(windows_command_line(R"(C:\Program Files\Amazon\AWSCLIV2\aws.exe)", {"route53", ""}) ==
        R"("C:\Program Files\Amazon\AWSCLIV2\aws.exe" route53 "")");
}

TEST_CASE("util: Windows command lines split back into the same arguments",
          "[util][command_line]") {
  const std::vector<std::string> samples = {
      "",
      " ",
      "a b",
      R"(\)",
      R"(\\)",
      R"(")",
      R"(\")",
      R"(\\")",
      R"(a\\\"b)",
      R"(trailing\)",
      "x\ty",
      R"("quoted")",
      R"({"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"web.example.com."}}]})",
      R"(C:\Program Files\x\)",
      "plain",
      "new\nline",
      R"(\"\\\")",
      "multiple   spaces"};
  for (const auto& a : samples) {
    for (const auto& b : samples) {
      const std::string line = windows_command_line("C:\\awsdns.exe", {a, b});
      const std::string after_program = line.substr(line.find("\" ") + 2);
      INFO("line: " << line);
      CHECK(split_like_msvcrt(after_program) == std::vector<std::string>{a, b});
    }
  }
}
