// IP address literals with c-ares's ares_inet_pton/ares_inet_ntop, the same on every system.
// ares_inet_pton also takes network forms ("10.1", "10/8", "01.2.3.4"): those are refused first,
// so what parses is what inet_pton(3) takes (glibc's rules).

#include "route53/ip_address.hpp"

#include <ares.h>

#include <cstring>

namespace awsdns::route53 {
namespace {

int family_constant(IpFamily family) {
  return family == IpFamily::V4 ? AF_INET : AF_INET6;
}

std::string text_of(int family, const void* bytes) {
  char text[INET6_ADDRSTRLEN] = {};
  if (!ares_inet_ntop(family, bytes, text, sizeof text)) return {};
  return text;
}

// True for a dotted quad as inet_pton takes it: four decimal parts of 0-255, no leading zero.
bool is_dotted_quad(std::string_view text) {
  int parts = 0;
  for (std::size_t start = 0;; ++parts) {
    const std::size_t dot = text.find('.', start);
    const std::string_view part = text.substr(start, dot - start);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part.front() == '0')) return false;
    int value = 0;
    for (const char digit : part) {
      if (digit < '0' || digit > '9') return false;
      value = value * 10 + (digit - '0');
    }
    if (value > 255) return false;
    if (dot == std::string_view::npos) return parts == 3;
    start = dot + 1;
  }
}

// True when `text` has no form that ares_inet_pton takes and inet_pton does not.
bool is_strict_literal(std::string_view text, IpFamily family) {
  if (family == IpFamily::V4) return is_dotted_quad(text);
  if (text.find('/') != std::string_view::npos) return false;  // a prefix length
  const std::size_t colon = text.rfind(':');
  return text.find('.') == std::string_view::npos ||
         (colon != std::string_view::npos && is_dotted_quad(text.substr(colon + 1)));
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text, IpFamily family) {
  const std::string address(text);
  IpAddress parsed;
  parsed.family = family;
  if (!is_strict_literal(address.c_str(), family) ||
      ares_inet_pton(family_constant(family), address.c_str(), parsed.bytes.data()) != 1) {
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
