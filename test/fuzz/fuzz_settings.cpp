// libFuzzer target: the settings-file parser, the child-environment rule and secret scrubbing.
// Besides "no crash, no sanitizer report" it checks invariants whose failure would be a bug:
// accepted names are allowed names, line numbers are in range, scrubbed text holds no secret.

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "envfile/environment.hpp"
#include "envfile/redact.hpp"
#include "envfile/settings.hpp"
#include "util/diagnostic.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

int count_lines(std::string_view text) {
  int lines = 1;
  for (char c : text) lines += c == '\n';
  return lines;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace awsdns::envfile;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = parse_settings(text, "fuzz.conf");
  const int lines = count_lines(text);
  if (!parsed) {
    // One "fuzz.conf[:LINE[:COLUMN]]: message" per error, each line in range.
    for (const std::string& error : awsdns::util::split_lines(parsed.error().message)) {
      require(error.rfind("fuzz.conf", 0) == 0);
      const int line = error.size() > 10 && error[9] == ':' &&
                               std::isdigit(static_cast<unsigned char>(error[10]))
                           ? std::atoi(error.c_str() + 10)
                           : 0;
      require(line >= 0 && line <= lines);
    }
    return 0;
  }
  for (const Assignment& variable : parsed->variables) {
    require(is_allowed_name(variable.name));
    require(variable.line >= 1 && variable.line <= lines);
    require(variable.value.find('\0') == std::string::npos);
    require(variable.value.find('\n') == std::string::npos);
  }
  const Environment parent = {{"PATH", "/usr/bin:/bin"},
                              {"https_proxy", "http://parent:pw@127.0.0.9:1"},
                              {"REQUEST_METHOD", "GET"}};
  for (const bool bypass : {true, false}) {
    const ChildEnvironment child = build_child_environment(parent, *parsed, {false, bypass});
    require(child.env.count("REQUEST_METHOD") == 0);
    require(child.env.at("PATH") == "/usr/bin:/bin");
    const auto secrets = secrets_in(child.env);
    for (const auto& [name, value] : child.env) {
      (void)redact_value(name, value);
      (void)ineffective_no_proxy_entries(value);
      const std::string scrubbed = scrub("error: " + name + "=" + value + " end", secrets);
      for (const std::string& secret : secrets) {
        if (secret.size() < kMinScrubbedSecretLength || secret.find('*') != std::string::npos)
          continue;
        require(scrubbed.find(secret) == std::string::npos);
      }
    }
  }
  return 0;
}
