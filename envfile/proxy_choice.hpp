#pragma once
// Which proxy the AWS CLI uses for a request, read from its environment as botocore reads it
// (Python urllib's getproxies_environment and proxy_bypass_environment, then botocore's
// ProxyConfiguration): one source for check's warnings, check --live and the CONNECT probe.

#include <optional>
#include <string>
#include <string_view>

#include "envfile/environment.hpp"
#include "envfile/settings.hpp"

namespace awsdns::envfile {

/// The CGI variable under which Python's urllib ignores HTTP_PROXY (not http_proxy).
inline constexpr std::string_view kRequestMethod = "REQUEST_METHOD";

/// The parts of a URL as urllib splits it: user and password percent-decoded (botocore unquotes
/// them for the Proxy-Authorization header), host without IPv6 brackets.
struct UrlParts {
  std::string scheme;    // as written; "" when the URL has no "scheme://"
  std::string user;      // "" when the URL has no user info
  std::string password;  // "" when the user info has no ':'
  std::string host;
  int port = 0;  // as written, else 80 for http and 443 for https (any case); 0: not a number
};

/// Splits `url`: the authority ends at the first '/', '?' or '#', the user info at its last '@',
/// the user at the first ':' of the user info.
UrlParts split_url(std::string_view url);

/// A proxy variable's value as botocore uses it: unchanged when it starts with "http:" or
/// "https:" (lower case only), "http:" put before "//host", "http://" before anything else.
std::string botocore_proxy_url(std::string_view value);

/// The value the AWS CLI reads for `lower_name` ("https_proxy", "http_proxy", "no_proxy") in
/// `env`: non-empty values in any letter case, the lower-case name winning and an empty
/// lower-case value cancelling the others; HTTP_PROXY (not http_proxy) ignored when
/// REQUEST_METHOD is set. nullopt when none applies.
std::optional<std::string> effective_proxy(const Environment& env, std::string_view lower_name);

/// True when the NO_PROXY value `no_proxy` sends a request to `netloc` ("host", "host:port",
/// "[v6]:port") directly: "*" as the whole value, or an entry (leading dots ignored) equal to
/// the host, with or without the port, or a domain suffix of it; no CIDR, no wildcards.
bool no_proxy_matches(std::string_view no_proxy, std::string_view netloc);

/// What the AWS CLI does for a request to `endpoint_url` ("https://route53.amazonaws.com").
struct ProxyChoice {
  std::string url;     // the proxy URL as botocore uses it (botocore_proxy_url); "" = direct
  std::string reason;  // for a direct connection: why, e.g. "NO_PROXY matches route53..."
  bool direct() const { return url.empty(); }
};

/// The proxy of `endpoint_url`'s scheme (http_proxy / https_proxy by effective_proxy) unless
/// NO_PROXY (by effective_proxy too) bypasses its host; ALL_PROXY is never used.
ProxyChoice proxy_for(const Environment& env, std::string_view endpoint_url);

/// The settings file's HTTP_PROXY line (any letter case, non-empty) when the file sets no
/// HTTPS_PROXY in any letter case: the AWS API's https requests then bypass the proxy.
std::optional<Assignment> http_proxy_without_https(const Settings& settings);

}  // namespace awsdns::envfile
