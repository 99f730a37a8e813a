// The portable part of the TCP probe: proxy URLs, name or literal, each address in turn; the
// sockets are the system's (tcp_probe_platform.hpp).

#include "route53/tcp_probe.hpp"

#include "route53/resolver.hpp"
#include "route53/tcp_probe_platform.hpp"

namespace awsdns::route53 {

std::string connect_numeric(const std::string& address, int port, std::chrono::milliseconds timeout,
                            bool& numeric) {
  const probe::NumericAddresses found = probe::numeric_addresses(address, port);
  numeric = found.literal;
  if (found.error != 0) return "cannot use address " + address + ": " + found.error_text;
  std::string problem = "no address";
  for (const addrinfo* candidate = found.list.get(); candidate;
       candidate = probe::next_address(*candidate)) {
    problem = probe::connect_once(*candidate, timeout);
    if (problem.empty()) break;
  }
  return problem;
}

HostPort proxy_host_port(const std::string& url) {
  std::string rest = url;
  int port = 80;
  if (const auto scheme = rest.find("://"); scheme != std::string::npos) {
    if (rest.compare(0, scheme, "https") == 0) port = 443;
    rest.erase(0, scheme + 3);
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string::npos) rest.erase(0, at + 1);
  std::string host = rest;
  std::string port_text;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    host = rest.substr(1, close == std::string::npos ? std::string::npos : close - 1);
    if (close != std::string::npos && close + 1 < rest.size() && rest[close + 1] == ':') {
      port_text = rest.substr(close + 2);
    }
  } else if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
    host = rest.substr(0, colon);
    port_text = rest.substr(colon + 1);
  }
  if (!port_text.empty()) {
    try {
      port = std::stoi(port_text);
    } catch (const std::exception&) {
      port = 0;
    }
  }
  return {host, port};
}

std::string tcp_probe(const HostPort& target, std::chrono::milliseconds timeout,
                      const launcher::Timekeeper& time) {
  bool numeric = false;
  std::string problem = connect_numeric(target.host, target.port, timeout, numeric);
  if (numeric) return problem;
  const Resolution resolution = resolve_host(target.host, timeout, time);
  if (!resolution.ok) return resolution.error;
  for (const std::string& address : resolution.addresses) {
    problem = connect_numeric(address, target.port, timeout, numeric);
    if (problem.empty()) break;
  }
  return problem;
}

}  // namespace awsdns::route53
