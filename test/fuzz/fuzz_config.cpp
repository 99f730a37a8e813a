// libFuzzer target: the YAML configuration parser and validator (yaml-cpp underneath).
// Checks that it never crashes or throws, that every error is located inside the text, and that
// an accepted configuration satisfies the validation rules.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "failure_lines.hpp"  // test/unit: a failure read back as Diagnostics
#include "route53/config.hpp"
#include "route53/config_checks.hpp"

namespace {

void require(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace awsdns::route53;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto result = parse_config(text, "fuzz.yaml");
  int lines = 1;
  for (char c : text) lines += c == '\n' || c == '\r';
  if (!result) require(result.error().code == awsdns::ExitCode::Config);
  for (const Diagnostic& error : awsdns::test::diagnostics_of(result, "fuzz.yaml")) {
    require(error.line >= 0 && error.line <= lines + 1);
    require(error.column >= 0);
    require(!error.message.empty());
  }
  if (!result) return 0;
  const Config& config = *result;
  require(!config.resources.empty());
  require(config.aws.attempts >= 1 && config.aws.call_timeout >= 1);
  for (const auto& [key, resource] : config.resources) {
    require(key == resource.key);
    require(!resource.hosted_zone_id.empty() && resource.hosted_zone_id.front() == 'Z');
    require(!resource.record_name.empty() && resource.record_name.back() == '.');
    require(resource.record_name.size() <= 254);
    require(resource.ttl >= 0 && resource.ttl <= 2147483647LL);
    for (const auto& [node, address] : resource.ip_by_node) {
      require(!node.empty());
      require(check_address(address, resource.type).has_value());
    }
    for (char c : resource.record_name)
      require((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.');
  }
  return 0;
}
