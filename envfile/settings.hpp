#pragma once
// Parser of the cluster's environment-variable settings file (CLUSTERPRO X clpaws_setting.conf
// format: an [ENVIRONMENT] section of NAME = value lines, or a section-less KEY=VALUE file).
// Text in, values or located errors out; reading the file is settings_file.hpp's job.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "util/diagnostic.hpp"

namespace awsdns::envfile {

using util::Diagnostic;
using util::Diagnostics;

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
  bool has_section_header = false;  // any [SECTION] line; false: read as plain KEY=VALUE lines
};

/// Largest settings file accepted, in bytes.
inline constexpr std::size_t kMaxSettingsBytes = std::size_t{64} * 1024;

/// The parser's size rule (the file loader applies kMaxSettingsBytes with util's message): the
/// message for text of `bytes` bytes when that is over kMaxSettingsBytes, else "".
std::string size_problem(std::size_t bytes);

/// Parses settings-file text; `file_name` is used only to label diagnostics. Every error is
/// reported: the Failure (ExitCode::Config) holds one "FILE:LINE[:COLUMN]: message" per line
/// (util::lines_of). Rules beyond the documented file format:
/// in a file with section headers, an assignment before the first header is an error; NUL bytes,
/// invalid UTF-8 and control characters other than TAB are errors on any line (comments and
/// ignored sections too); values are taken verbatim (no escapes, no inline comments); messages
/// never quote a value. Text over kMaxSettingsBytes gives a single error and is not parsed.
Result<Settings> parse_settings(std::string_view text, std::string_view file_name);

/// True for HTTP_PROXY, HTTPS_PROXY, NO_PROXY, ALL_PROXY in any letter case.
bool is_proxy_family(std::string_view name);

/// True for names the file may define: the proxy family and names starting with "AWS_".
bool is_allowed_name(std::string_view name);

/// Checks a proxy URL: http(s)://[user:pass@]host[:port][/], port 1-65535 (scheme optional,
/// as the AWS CLI assumes http://; IPv6 hosts in brackets; '#', '/', '?' in the credentials must
/// be percent-encoded). An empty string is valid ("explicitly no proxy"). Returns an empty
/// string when valid, else the reason, which never quotes the user, password or host.
std::string proxy_url_problem(std::string_view url);

/// The proxy URL as the AWS CLI must receive it: characters of the credentials that would end
/// them early ('#', '/', '?', '@', '[', ']') percent-encoded; botocore decodes them again for
/// the Proxy-Authorization header. Other URLs are returned unchanged.
std::string proxy_url_for_child(std::string_view url);

}  // namespace awsdns::envfile
