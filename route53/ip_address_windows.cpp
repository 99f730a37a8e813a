// IP address literals with Winsock's inet_pton/inet_ntop (ws2tcpip.h).

#include <winsock2.h>
// after winsock2.h
#include <ws2tcpip.h>

#include <cstring>

#include "route53/ip_address.hpp"

namespace awsdns::route53 {
namespace {

int family_constant(IpFamily family) {
  return family == IpFamily::V4 ? AF_INET : AF_INET6;
}

std::string text_of(int family, const void* bytes) {
  char text[INET6_ADDRSTRLEN] = {};
  if (!inet_ntop(family, bytes, text, sizeof text)) return {};
  return text;
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text, IpFamily family) {
  const std::string address(text);
  IpAddress parsed;
  parsed.family = family;
  if (inet_pton(family_constant(family), address.c_str(), parsed.bytes.data()) != 1) {
    return std::nullopt;
  }
  return parsed;
}

std::string ip_text(const IpAddress& address) {
  return text_of(family_constant(address.family), address.bytes.data());
}

std::string socket_ip_text(const sockaddr& address) {
  if (address.sa_family == AF_INET) {
    sockaddr_in v4;
    std::memcpy(&v4, &address, sizeof v4);
    return text_of(AF_INET, &v4.sin_addr);
  }
  if (address.sa_family == AF_INET6) {
    sockaddr_in6 v6;
    std::memcpy(&v6, &address, sizeof v6);
    return text_of(AF_INET6, &v6.sin6_addr);
  }
  return {};
}

}  // namespace awsdns::route53
