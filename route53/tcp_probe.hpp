#pragma once
// A bounded TCP connect, for `check --live` to tell "the proxy is reachable" apart from "the
// proxy lets the AWS call through". tcp_probe.cpp is portable; its sockets are the system's
// (tcp_probe_platform.hpp: tcp_probe_posix.cpp, tcp_probe_windows.cpp).

#include <chrono>
#include <string>

#include "launcher/timekeeper.hpp"

namespace awsdns::route53 {

/// Host and port of a proxy URL ("http://user:pw@10.0.0.1:3128/", "[fd00::1]:8080", "proxy");
/// port 80 (443 for https://) when the URL names none. Empty host when the URL has none.
struct HostPort {
  std::string host;
  int port = 0;
};
HostPort proxy_host_port(const std::string& url);

/// Connects to host:port (an IP literal, or a name: resolve_host on `time`'s clock), waiting at
/// most `timeout`, and closes again. Returns "" on success, else what went wrong, for humans.
std::string tcp_probe(const HostPort& target, std::chrono::milliseconds timeout,
                      const launcher::Timekeeper& time);

/// Connects to the IP literal `address` (IPv6 with an optional %scope) and `port`, each of its
/// addresses once, at most `timeout` each; "" on success, else what went wrong. `numeric` tells
/// whether `address` was an IP literal at all (false: resolve it first).
std::string connect_numeric(const std::string& address, int port, std::chrono::milliseconds timeout,
                            bool& numeric);

}  // namespace awsdns::route53
