// libFuzzer target: the settings-file parser, the child-environment rule and secret scrubbing.
// Besides "no crash, no sanitizer report" it checks invariants whose failure would be a bug:
// accepted names are allowed names, line numbers are in range, scrubbed text holds no secret.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "envfile/environment.hpp"
#include "envfile/redact.hpp"
#include "envfile/settings.hpp"

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
  const ParseResult parsed = parse_settings(text, "fuzz.conf");
  const int lines = count_lines(text);
  for (const Diagnostic& error : parsed.errors) {
    require(error.line >= 0 && error.line <= lines);
    require(!error.to_string().empty());
  }
  if (!parsed.ok()) return 0;
  for (const Assignment& variable : parsed.settings.variables) {
    require(is_allowed_name(variable.name));
    require(variable.line >= 1 && variable.line <= lines);
    require(variable.value.find('\0') == std::string::npos);
    require(variable.value.find('\n') == std::string::npos);
  }
  const Environment parent = {{"PATH", "/usr/bin:/bin"},
                              {"https_proxy", "http://parent:pw@127.0.0.9:1"},
                              {"REQUEST_METHOD", "GET"}};
  for (const bool bypass : {true, false}) {
    const ChildEnvironment child =
        build_child_environment(parent, parsed.settings, {false, bypass});
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
