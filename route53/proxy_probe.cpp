// The CONNECT probe on Asio: one connection to the proxy, one CONNECT, its status line; every
// step waits at most until one end time read from the injected Timekeeper.

#include "route53/proxy_probe.hpp"

#include <algorithm>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <optional>
#include <vector>

#include "envfile/proxy_choice.hpp"
#include "route53/aws_cli.hpp"
#include "route53/resolver.hpp"
#include "util/duration.hpp"
#include "util/expected.hpp"
#include "util/text.hpp"

namespace awsdns::route53 {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr std::size_t kMaxStatusLine = 1024;  // a proxy's status line is a few dozen bytes
constexpr std::size_t kMaxAnswerText = 200;

std::string authority_of(const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// `text` with every byte that is not printable ASCII as '?', at most kMaxAnswerText bytes: what
// the proxy sent is shown to humans and logs.
std::string printable(std::string_view text) {
  std::string out(text.substr(0, kMaxAnswerText));
  for (char& c : out) {
    if (c < 0x20 || c > 0x7E) c = '?';
  }
  return out;
}

/// One connection to the proxy; every step ends by the same end time on `time`'s clock.
class ProxyConnection {
 public:
  ProxyConnection(const launcher::Timekeeper& time, Clock::time_point end, milliseconds timeout)
      : time_(time), end_(end), timeout_(timeout) {}

  /// Connects to each of `addresses` in turn until one accepts; else fails with the last problem.
  util::Expected<> connect(const std::vector<std::string>& addresses, int port) {
    std::string problem = "no address";
    for (const auto& text : addresses) {
      boost::system::error_code error;
      const auto address = asio::ip::make_address(text, error);
      if (error) continue;
      const tcp::endpoint target(address, static_cast<unsigned short>(port));
      error = bounded([&](auto handler) { socket_.async_connect(target, std::move(handler)); });
      if (!error) return {};
      problem = describe(error);
      boost::system::error_code ignored;
      socket_.close(ignored);
    }
    return util::fail(problem);
  }

  /// Writes all of `request`; fails with what went wrong.
  util::Expected<> send(const std::string& request) {
    const auto error = bounded([&](auto handler) {
      asio::async_write(socket_, asio::buffer(request), std::move(handler));
    });
    if (error) return util::fail(describe(error));
    return {};
  }

  /// Reads up to the first line end (at most kMaxStatusLine bytes): the line without it.
  util::Expected<std::string> read_line() {
    std::string buffer;
    const auto error = bounded([&](auto handler) {
      asio::async_read_until(socket_, asio::dynamic_buffer(buffer, kMaxStatusLine), '\n',
                             std::move(handler));
    });
    if (error == asio::error::eof) return util::fail("it closed the connection without an answer");
    if (error == asio::error::not_found) return util::fail("no status line within 1 KiB");
    if (error) return util::fail(describe(error));
    std::string line = buffer.substr(0, buffer.find('\n'));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }

 private:
  // Starts one operation (`start` gets its completion handler) and runs it until it completes or
  // the end time passes (then the socket is closed, which ends it): its error, or timed_out.
  template <typename Start>
  boost::system::error_code bounded(Start start) {
    const auto left = std::chrono::duration_cast<milliseconds>(end_ - time_.now());
    if (left <= milliseconds(0)) return asio::error::timed_out;
    std::optional<boost::system::error_code> result;
    start([&result](const boost::system::error_code& error, auto&&...) { result = error; });
    io_.restart();
    io_.run_for(left);
    if (result) return *result;
    boost::system::error_code ignored;
    socket_.close(ignored);  // the pending operation completes with operation_aborted
    io_.restart();
    io_.run();
    return asio::error::timed_out;
  }

  std::string describe(const boost::system::error_code& error) const {
    if (error == asio::error::timed_out) return "no answer within " + util::duration_text(timeout_);
    return error.message();
  }

  const launcher::Timekeeper& time_;
  const Clock::time_point end_;
  const milliseconds timeout_;
  asio::io_context io_;
  tcp::socket socket_{io_};
};

// The addresses to connect to: an IP literal as it is, a name through c-ares (never NSS).
util::Expected<std::vector<std::string>> addresses_of(const std::string& host,
                                                      Clock::time_point end,
                                                      const launcher::Timekeeper& time) {
  boost::system::error_code error;
  asio::ip::make_address(host, error);
  if (!error) return std::vector<std::string>{host};
  const auto left = std::chrono::duration_cast<milliseconds>(end - time.now());
  if (left <= milliseconds(0)) return util::fail("no time left to resolve " + host);
  return resolve_host(host, left, time);
}

std::string connect_request(const Endpoint& endpoint, const envfile::UrlParts& proxy) {
  const std::string target = endpoint.authority();
  std::string request = "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n";
  // As botocore's proxy_headers_for: only when both user and password are non-empty.
  if (!proxy.user.empty() && !proxy.password.empty()) {
    request +=
        "Proxy-Authorization: Basic " + util::base64(proxy.user + ":" + proxy.password) + "\r\n";
  }
  return request + "\r\n";
}

// The verdict of the status line `line` ("HTTP/1.1 407 Proxy Authentication Required").
void judge(const std::string& line, ProxyProbe& probe) {
  const auto space = line.find(' ');
  const std::string code = space == std::string::npos ? "" : line.substr(space + 1, 3);
  const bool numeric = code.size() == 3 && std::all_of(code.begin(), code.end(),
                                                       [](char c) { return c >= '0' && c <= '9'; });
  if (!line.starts_with("HTTP/") || !numeric) {
    probe.verdict = ProxyVerdict::OtherAnswer;
    probe.answer = printable(line);
    return;
  }
  probe.answer = printable(line.substr(space + 1));
  const int status = std::stoi(code);
  if (status >= 200 && status < 300) {
    probe.verdict = ProxyVerdict::TunnelAccepted;
  } else if (status == 407) {
    probe.verdict = ProxyVerdict::AuthRequired;
  } else if (status >= 400 && status < 500) {
    probe.verdict = ProxyVerdict::Refused;
  } else if (status >= 500 && status < 600) {
    probe.verdict = ProxyVerdict::EndpointUnreachable;
  } else {
    probe.verdict = ProxyVerdict::OtherAnswer;
  }
}

std::string region_of(const AwsSettings& settings, const envfile::Environment& environment) {
  if (!settings.region.empty()) return settings.region;
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    if (const auto it = environment.find(name); it != environment.end() && !it->second.empty()) {
      return it->second;
    }
  }
  return {};
}

}  // namespace

std::string Endpoint::authority() const {
  return authority_of(host, port);
}

Endpoint route53_endpoint(const AwsSettings& settings, const envfile::Environment& environment) {
  constexpr std::string_view option = "--endpoint-url";
  std::string url;
  const auto& args = settings.extra_args;
  for (std::size_t i = 0; i < args.size() && url.empty(); ++i) {
    if (args[i] == option && i + 1 < args.size()) url = args[i + 1];
    if (args[i].starts_with(std::string(option) + "=")) url = args[i].substr(option.size() + 1);
  }
  if (url.empty()) {
    url = region_of(settings, environment).starts_with("cn-") ? "https://route53.amazonaws.com.cn"
                                                              : "https://route53.amazonaws.com";
  }
  const auto parts = envfile::split_url(url);
  return {url, util::to_lower(parts.scheme), parts.host, parts.port};
}

std::string ProxyProbe::text() const {
  const std::string who = "the proxy " + proxy;
  switch (verdict) {
    case ProxyVerdict::Direct:
      return "no proxy: the AWS CLI connects directly to " + target;
    case ProxyVerdict::Connected:
      return who + " accepts connections";
    case ProxyVerdict::NotProbed:
      return who + " is an https:// proxy: awsdns does not probe TLS to a proxy";
    case ProxyVerdict::NoConnection:
      return who + ": " + problem;
    default:
      return who + " answered CONNECT " + target + " with \"" + answer + "\"";
  }
}

ProxyProbe probe_proxy(const std::string& proxy_url, const Endpoint& endpoint,
                       std::chrono::milliseconds timeout, const launcher::Timekeeper& time) {
  const auto end = time.now() + timeout;
  const auto proxy = envfile::split_url(envfile::botocore_proxy_url(proxy_url));
  ProxyProbe probe;
  probe.proxy = authority_of(proxy.host, proxy.port);
  probe.target = endpoint.authority();
  if (proxy.scheme == "https") {
    probe.verdict = ProxyVerdict::NotProbed;
    return probe;
  }
  probe.verdict = ProxyVerdict::NoConnection;
  if (proxy.host.empty() || proxy.port == 0) {
    probe.problem = "the proxy URL names no usable host and port";
    return probe;
  }
  const auto addresses = addresses_of(proxy.host, end, time);
  if (!addresses) {
    probe.problem = addresses.error().message;
    return probe;
  }
  ProxyConnection connection(time, end, timeout);
  if (auto connected = connection.connect(*addresses, proxy.port); !connected) {
    probe.problem = connected.error().message;
    return probe;
  }
  if (endpoint.scheme != "https") {
    probe.verdict = ProxyVerdict::Connected;
    return probe;
  }
  const auto sent = connection.send(connect_request(endpoint, proxy));
  const auto line = sent ? connection.read_line() : util::Expected<std::string>(sent.error());
  if (line) {
    judge(*line, probe);
  } else {
    probe.problem = line.error().message;
  }
  return probe;
}

ProxyProbe diagnose_proxy(const AwsCliContext& context, std::chrono::milliseconds timeout) {
  const Endpoint endpoint = route53_endpoint(context.settings, context.invocation.environment);
  const auto choice = envfile::proxy_for(context.invocation.environment, endpoint.url);
  if (choice.direct()) {
    ProxyProbe probe;
    probe.target = endpoint.authority();
    probe.problem = choice.reason;
    return probe;
  }
  return probe_proxy(choice.url, endpoint, timeout, *context.time);
}

ErrorClass class_of_verdict(ProxyVerdict verdict) {
  switch (verdict) {
    case ProxyVerdict::AuthRequired:
      return ErrorClass::ProxyAuth;
    case ProxyVerdict::Refused:
      return ErrorClass::ProxyDenied;
    case ProxyVerdict::EndpointUnreachable:
      return ErrorClass::NoAnswer;
    case ProxyVerdict::NoConnection:
    case ProxyVerdict::OtherAnswer:
      return ErrorClass::ProxyUnreachable;
    default:
      return ErrorClass::None;
  }
}

Classification reclassify_proxy_failure(const Classification& cli, const ProxyProbe& probe) {
  const ErrorClass error = class_of_verdict(probe.verdict);
  if (error == ErrorClass::ProxyAuth || error == ErrorClass::ProxyDenied ||
      error == ErrorClass::NoAnswer) {
    const std::string code = probe.answer.substr(0, 3);
    return {error, code, probe.text() + " (the AWS CLI said: " + cli.message + ")"};
  }
  if (probe.verdict == ProxyVerdict::Direct) return cli;
  return {cli.error, cli.error_code, cli.message + " (" + probe.text() + ")"};
}

}  // namespace awsdns::route53
