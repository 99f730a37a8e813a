#pragma once
// Parser of the cluster's environment-variable settings file (CLUSTERPRO X clpaws_setting.conf
// format: an [ENVIRONMENT] section of NAME = value lines, or a section-less KEY=VALUE file).
// Text in, values or located errors out; reading the file is settings_file.hpp's job.

#include <string>
#include <string_view>
#include <vector>

#include "envfile/diagnostic.hpp"

namespace awsdns::envfile {

/// One accepted NAME = value line of the settings file.
struct Assignment {
  std::string name;   // as written in the file (letter case kept)
  std::string value;  // trimmed, surrounding matching quotes removed
  int line = 0;
};

/// A section other than [ENVIRONMENT]; its lines are skipped, `check` reports it.
struct IgnoredSection {
  std::string name;
  int line = 0;
};

/// The meaning of a settings file: the variables it defines, in file order.
struct Settings {
  std::vector<Assignment> variables;
  std::vector<IgnoredSection> ignored_sections;
  bool has_section_header = false;  // false: read as plain KEY=VALUE lines
};

/// Result of parsing: `settings` is meaningful only when `errors` is empty.
struct ParseResult {
  Settings settings;
  Diagnostics errors;
  bool ok() const { return errors.empty(); }
};

/// Largest settings file accepted, in bytes.
inline constexpr std::size_t kMaxSettingsBytes = 64 * 1024;

/// Parses settings-file text; `file_name` is used only to label diagnostics.
ParseResult parse_settings(std::string_view text, std::string_view file_name);

/// True for HTTP_PROXY, HTTPS_PROXY, NO_PROXY, ALL_PROXY in any letter case.
bool is_proxy_family(std::string_view name);

/// True for names the file may define: the proxy family and names starting with "AWS_".
bool is_allowed_name(std::string_view name);

/// Checks a proxy URL: http(s)://[user:pass@]host[:port], port 1-65535 (scheme optional,
/// as the AWS CLI assumes http://). Returns an empty string when valid, else the reason.
std::string proxy_url_problem(std::string_view url);

}  // namespace awsdns::envfile
