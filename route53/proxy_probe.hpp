#pragma once
// The CONNECT probe: asks the proxy the AWS CLI uses whether it opens a tunnel to the Route 53
// endpoint. Both AWS CLI generations print the same "Failed to connect to proxy URL" for a proxy
// that is down, one that wants other credentials (407) and one whose rules refuse the tunnel
// (403); the proxy's own answer tells them apart. One connection, one request, the status line,
// all within one timeout on the Timekeeper's clock; Asio sockets, the same on every system; a
// proxy host name is resolved by c-ares (resolve_host), never by the system's NSS.

#include <chrono>
#include <string>

#include "envfile/environment.hpp"
#include "launcher/timekeeper.hpp"
#include "route53/cli_errors.hpp"
#include "route53/config.hpp"

namespace awsdns::route53 {

/// Where the AWS CLI sends its Route 53 requests.
struct Endpoint {
  std::string url;                // "https://route53.amazonaws.com", or --endpoint-url's value
  std::string scheme;             // "https" or "http" (lower case)
  std::string host;               // without IPv6 brackets
  int port = 443;                 // from the URL, else the scheme's
  std::string authority() const;  // "host:port" ("[v6]:port"), as CONNECT names it
};

/// The endpoint of `settings`: the value after --endpoint-url in extra_args when given, else
/// Route 53's global endpoint route53.amazonaws.com (route53.amazonaws.com.cn for a cn-* region
/// in settings.region, else in AWS_REGION or AWS_DEFAULT_REGION of `environment`).
Endpoint route53_endpoint(const AwsSettings& settings, const envfile::Environment& environment);

/// What the proxy said.
enum class ProxyVerdict {
  Direct,               // the AWS CLI uses no proxy for the endpoint: nothing probed
  TunnelAccepted,       // 2xx to CONNECT
  Connected,            // http:// endpoint (the CLI sends no CONNECT): the proxy accepts TCP
  AuthRequired,         // 407: the proxy wants other credentials
  Refused,              // 403 or another 4xx: the proxy's rules refuse the tunnel
  EndpointUnreachable,  // 5xx: the proxy could not reach the endpoint
  NoConnection,         // refused, timed out, closed without an answer, name not resolved
  OtherAnswer,          // no proxy's answer (1xx, 3xx, not HTTP)
  NotProbed,            // an https:// proxy (TLS to the proxy): not probed
};

/// The probe's outcome.
struct ProxyProbe {
  ProxyVerdict verdict = ProxyVerdict::Direct;
  std::string proxy;    // the proxy's "host:port"
  std::string target;   // the endpoint's "host:port"
  std::string answer;   // the status line without "HTTP/1.1 " (printable ASCII, bounded)
  std::string problem;  // NoConnection: why ("Connection refused", "no answer within 10 s")
  /// One line: 'the proxy 127.0.0.1:3128 answered CONNECT route53.amazonaws.com:443 with "407
  /// Proxy Authentication Required"'; never the proxy's user info.
  std::string text() const;
};

/// Connects to `proxy_url` (a proxy variable's value as botocore uses it), sends `CONNECT
/// host:port` for `endpoint` with Host and, when the URL has user:password@, the
/// Proxy-Authorization: Basic of the percent-decoded user and password, reads the status line and
/// closes; for an http:// endpoint only connects. Everything within `timeout` on `time`'s clock.
ProxyProbe probe_proxy(const std::string& proxy_url, const Endpoint& endpoint,
                       std::chrono::milliseconds timeout, const launcher::Timekeeper& time);

struct AwsCliContext;

/// probe_proxy for the proxy the AWS CLI of `context` uses for Route 53 (envfile::proxy_for on its
/// environment; Direct when none), within `timeout` on context.time.
ProxyProbe diagnose_proxy(const AwsCliContext& context, std::chrono::milliseconds timeout);

/// The class a verdict stands for: ProxyAuth (407), ProxyDenied (other 4xx), NoAnswer (5xx),
/// ProxyUnreachable (no connection, no proxy's answer), None (tunnel accepted, nothing probed).
ErrorClass class_of_verdict(ProxyVerdict verdict);

/// A run classified ProxyUnreachable, seen with what the proxy answered: the verdict's class and
/// a message saying what the proxy answered when it tells more (ProxyAuth, ProxyDenied,
/// NoAnswer), else `cli` with the probe's finding appended.
Classification reclassify_proxy_failure(const Classification& cli, const ProxyProbe& probe);

}  // namespace awsdns::route53
