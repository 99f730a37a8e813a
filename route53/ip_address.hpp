#pragma once
// IP address literals: parsing and canonical text behind a portable interface. The conversions
// are c-ares's, held to inet_pton's rules, the same on every system (ip_address.cpp), so every
// part of awsdns agrees on what an address is and how it is written.

#include <array>
#include <optional>
#include <string>
#include <string_view>

struct sockaddr;

namespace awsdns::route53 {

/// The two address families awsdns handles.
enum class IpFamily { V4, V6 };

/// An address in network byte order: the first 4 bytes for V4, all 16 for V6.
struct IpAddress {
  IpFamily family = IpFamily::V4;
  std::array<unsigned char, 16> bytes{};
};

/// Parses `text` (up to a NUL) as an address of `family` with inet_pton's rules (dotted quad for
/// V4, RFC 4291 text for V6); nullopt when it is not one.
std::optional<IpAddress> parse_ip(std::string_view text, IpFamily family);

/// The canonical text of `address` (inet_ntop form: "10.0.0.1", "2001:db8::1").
std::string ip_text(const IpAddress& address);

/// The canonical text of the address in a sockaddr_in or sockaddr_in6; "" for other families.
std::string socket_ip_text(const sockaddr& address);

}  // namespace awsdns::route53
