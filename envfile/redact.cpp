// Secret redaction for printed values and scrubbing of free text (child stderr, log lines).

#include "envfile/redact.hpp"

#include <algorithm>

#include "envfile/settings.hpp"
#include "util/text.hpp"

namespace awsdns::envfile {
namespace {

constexpr std::string_view kSchemeSeparator = "://";

// Start of the user-info part of a URL-like value (after "scheme://", or 0 without a scheme)
// and the position of the '@' that ends it; npos when the value has no user info.
std::pair<std::size_t, std::size_t> userinfo_span(std::string_view url) {
  const auto separator = url.find(kSchemeSeparator);
  const auto start = separator == std::string_view::npos ? 0 : separator + kSchemeSeparator.size();
  const auto at = url.rfind('@');
  if (at == std::string_view::npos || at < start) return {std::string_view::npos, 0};
  return {start, at};
}

void add_userinfo_secrets(std::string_view url, std::vector<std::string>& secrets) {
  const auto [start, at] = userinfo_span(url);
  if (start == std::string_view::npos) return;
  const auto userinfo = url.substr(start, at - start);
  const auto decoded = util::percent_decode(userinfo);
  secrets.emplace_back(userinfo);
  secrets.push_back(decoded);
  secrets.push_back(util::base64(decoded));  // the Proxy-Authorization: Basic credentials
  if (const auto colon = userinfo.find(':'); colon != std::string_view::npos) {
    const auto password = userinfo.substr(colon + 1);
    secrets.emplace_back(password);
    secrets.push_back(util::percent_decode(password));
  }
}

bool ends_url_authority(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == '<' ||
         c == '>' || c == '`';
}

// Replaces "scheme://user:pass@" user info with *** everywhere in `text`.
std::string scrub_url_userinfo(std::string text) {
  std::size_t from = 0;
  while ((from = text.find(kSchemeSeparator, from)) != std::string::npos) {
    const auto start = from + kSchemeSeparator.size();
    auto end = start;
    while (end < text.size() && !ends_url_authority(text[end])) ++end;
    const auto at = std::string_view(text).substr(start, end - start).rfind('@');
    if (at != std::string_view::npos && text.substr(start, at).find(':') != std::string::npos &&
        text.substr(start, at) != kRedacted) {
      text.replace(start, at, kRedacted);
      end = start + kRedacted.size();
    }
    from = std::max(end, start);
  }
  return text;
}

}  // namespace

bool is_secret_name(std::string_view name) {
  const auto upper = util::to_upper(name);
  for (const char* word : {"SECRET", "TOKEN", "PASSWORD"})
    if (upper.find(word) != std::string::npos) return true;
  return false;  // covers AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_SECURITY_TOKEN
}

std::string redact_url_userinfo(std::string_view url) {
  const auto [start, at] = userinfo_span(url);
  if (start == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, start)) + std::string(kRedacted) + std::string(url.substr(at));
}

std::string redact_value(std::string_view name, std::string_view value) {
  if (value.empty()) return {};
  if (is_secret_name(name)) return std::string(kRedacted);
  if (is_proxy_family(name)) return redact_url_userinfo(value);
  return scrub_url_userinfo(std::string(value));
}

std::vector<std::string> secrets_in(const Environment& env) {
  std::vector<std::string> secrets;
  for (const auto& [name, value] : env) {
    if (value.empty()) continue;
    if (is_secret_name(name)) secrets.push_back(value);
    if (is_proxy_family(name) || value.find(kSchemeSeparator) != std::string::npos)
      add_userinfo_secrets(value, secrets);
  }
  std::erase_if(secrets, [](const std::string& secret) { return secret.empty(); });
  std::sort(secrets.begin(), secrets.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  secrets.erase(std::unique(secrets.begin(), secrets.end()), secrets.end());
  return secrets;
}

std::string scrub(std::string_view text, const std::vector<std::string>& secrets) {
  std::vector<std::string_view> ordered(secrets.begin(), secrets.end());
  std::erase_if(ordered, [](std::string_view s) { return s.size() < kMinScrubbedSecretLength; });
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](std::string_view a, std::string_view b) { return a.size() > b.size(); });
  std::string out(text);
  for (auto secret : ordered) {
    for (auto at = out.find(secret); at != std::string::npos;
         at = out.find(secret, at + kRedacted.size()))
      out.replace(at, secret.size(), kRedacted);
  }
  return scrub_url_userinfo(std::move(out));
}

}  // namespace awsdns::envfile
