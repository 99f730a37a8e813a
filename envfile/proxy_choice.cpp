// The AWS CLI's proxy choice as a function of its environment (see proxy_choice.hpp).

#include "envfile/proxy_choice.hpp"

#include "util/text.hpp"

namespace awsdns::envfile {
namespace {

using util::iequals;
using util::to_lower;
using util::to_upper;
using util::trim;

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_digits(std::string_view text) {
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

// urllib's _splitport: "host:123" -> "host"; anything else (no port, "[v6]") unchanged.
std::string_view host_of_netloc(std::string_view netloc) {
  const auto colon = netloc.rfind(':');
  if (colon == std::string_view::npos || !is_digits(netloc.substr(colon + 1))) return netloc;
  return netloc.substr(0, colon);
}

// The netloc of a URL: after "scheme://", up to the first '/', '?' or '#', without user info.
std::string_view netloc_of(std::string_view url) {
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos)
    url.remove_prefix(scheme + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (const auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  return url;
}

// Why `env` gives no proxy for `lower_name` ("https_proxy"), for a direct connection's reason.
std::string no_proxy_reason(const Environment& env, std::string_view lower_name) {
  const std::string upper = to_upper(lower_name);
  const auto lower = env.find(std::string(lower_name));
  if (lower != env.end() && lower->second.empty() && env.count(upper) && !env.at(upper).empty())
    return std::string(lower_name) + " is empty: it cancels " + upper;
  if (lower_name == "http_proxy" && env.count(std::string(kRequestMethod)) && env.count(upper))
    return "REQUEST_METHOD is set: the AWS CLI ignores HTTP_PROXY";
  return "no " + upper;
}

}  // namespace

std::optional<std::string> effective_proxy(const Environment& env, std::string_view lower_name) {
  // Python's getproxies_environment: pass 1 takes non-empty values in any letter case (HTTP_PROXY
  // dropped under REQUEST_METHOD); pass 2 lets names ending in a lower-case "_proxy" override,
  // an empty one cancelling the proxy.
  std::optional<std::string> value;
  for (const auto& [name, text] : env) {
    if (!iequals(name, lower_name) || text.empty()) continue;
    if (!value || name == to_upper(lower_name)) value = text;
  }
  if (lower_name == "http_proxy" && env.count(std::string(kRequestMethod))) value.reset();
  const std::string* lower_value = nullptr;
  for (const auto& [name, text] : env) {
    if (!iequals(name, lower_name) || !ends_with(name, "_proxy")) continue;
    if (!lower_value || name == lower_name) lower_value = &text;
  }
  if (lower_value) {
    if (lower_value->empty())
      value.reset();
    else
      value = *lower_value;
  }
  return value;
}

bool no_proxy_matches(std::string_view no_proxy, std::string_view netloc) {
  if (no_proxy == "*") return true;
  const std::string host_port = to_lower(netloc);
  const std::string host(host_of_netloc(host_port));
  while (!no_proxy.empty()) {
    const auto comma = no_proxy.find(',');
    std::string entry = to_lower(trim(no_proxy.substr(0, comma), " \t\r\n"));
    entry.erase(0, entry.find_first_not_of('.'));
    if (!entry.empty()) {
      if (host == entry || host_port == entry) return true;
      std::string suffix(1, '.');
      suffix += entry;
      if (ends_with(host, suffix) || ends_with(host_port, suffix)) return true;
    }
    if (comma == std::string_view::npos) break;
    no_proxy.remove_prefix(comma + 1);
  }
  return false;
}

ProxyChoice proxy_for(const Environment& env, std::string_view endpoint_url) {
  const auto scheme_end = endpoint_url.find("://");
  const std::string scheme =
      to_lower(endpoint_url.substr(0, scheme_end == std::string_view::npos ? 0 : scheme_end));
  const std::string_view netloc = netloc_of(endpoint_url);
  if (const auto no_proxy = effective_proxy(env, "no_proxy");
      no_proxy && no_proxy_matches(*no_proxy, netloc)) {
    return {"", "NO_PROXY matches " + std::string(host_of_netloc(netloc))};
  }
  if (scheme != "http" && scheme != "https") return {"", "the AWS CLI uses no proxy for " + scheme};
  const std::string lower_name = scheme + "_proxy";
  if (const auto value = effective_proxy(env, lower_name)) return {botocore_proxy_url(*value), ""};
  return {"", no_proxy_reason(env, lower_name)};
}

std::optional<Assignment> http_proxy_without_https(const Settings& settings) {
  std::optional<Assignment> http;
  for (const auto& variable : settings.variables) {
    if (iequals(variable.name, "HTTPS_PROXY")) return std::nullopt;
    if (iequals(variable.name, "HTTP_PROXY") && !variable.value.empty()) http = variable;
  }
  return http;
}

}  // namespace awsdns::envfile
