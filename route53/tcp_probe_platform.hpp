#pragma once
// Internal to route53/: the socket primitives the portable connect_numeric (tcp_probe.cpp) is
// written against; tcp_probe_posix.cpp (BSD sockets, poll) and tcp_probe_windows.cpp (Winsock,
// select) implement them.

#include <chrono>
#include <memory>
#include <string>

struct addrinfo;  // the system's (netdb.h, ws2tcpip.h)

namespace awsdns::route53::probe {

/// A list getaddrinfo returned, freed (freeaddrinfo) on destruction.
using AddressList = std::unique_ptr<addrinfo, void (*)(addrinfo*)>;

/// What getaddrinfo found for an IP literal and a port.
struct NumericAddresses {
  AddressList list;        // the addresses, in getaddrinfo's order
  int error = 0;           // getaddrinfo's result: 0 on success
  bool literal = true;     // false: the host was no IP literal (EAI_NONAME)
  std::string error_text;  // for a nonzero `error`: what it means
};

/// getaddrinfo of `address` and `port`, numeric only (no name service), for a TCP stream.
NumericAddresses numeric_addresses(const std::string& address, int port);

/// The entry after `entry` in its getaddrinfo list, or nullptr.
const addrinfo* next_address(const addrinfo& entry);

/// One non-blocking connect to `address`, bounded by `timeout`, closed again; "" on success.
std::string connect_once(const addrinfo& address, std::chrono::milliseconds timeout);

}  // namespace awsdns::route53::probe
