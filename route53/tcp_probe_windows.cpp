// The TCP probe's socket primitives with Winsock: getaddrinfo on the literal only, a non-blocking
// connect and a select() bounded by the timeout (a refused connect is reported in the exception
// set).

#include <winsock2.h>
// after winsock2.h
#include <ws2tcpip.h>

#include "route53/tcp_probe_platform.hpp"
#include "util/duration.hpp"
#include "util/windows_text_windows.hpp"

namespace awsdns::route53::probe {
namespace {

std::string socket_error_text() {
  return util::windows_error_text(static_cast<DWORD>(WSAGetLastError()));
}

// Waits for the pending connect of `sock`; "" when it connected.
std::string wait_connected(SOCKET sock, std::chrono::milliseconds timeout) {
  fd_set writable, failed;
  FD_ZERO(&writable);
  FD_ZERO(&failed);
  FD_SET(sock, &writable);
  FD_SET(sock, &failed);
  timeval limit{static_cast<long>(timeout.count() / 1000),
                static_cast<long>(timeout.count() % 1000 * 1000)};
  const int ready = ::select(0, nullptr, &writable, &failed, &limit);
  if (ready == 0) return "no answer within " + util::duration_text(timeout);
  if (ready == SOCKET_ERROR) return socket_error_text();
  int error = 0;
  int length = sizeof error;
  if (::getsockopt(sock, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&error), &length) != 0)
    return socket_error_text();
  if (error != 0) return util::windows_error_text(static_cast<DWORD>(error));
  return FD_ISSET(sock, &writable) ? "" : "the connection failed";
}

}  // namespace

NumericAddresses numeric_addresses(const std::string& address, int port) {
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;  // the literal only
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const int error = ::getaddrinfo(address.c_str(), std::to_string(port).c_str(), &hints, &list);
  return {AddressList(list, [](addrinfo* entries) { ::freeaddrinfo(entries); }), error,
          error != EAI_NONAME, error ? util::windows_error_text(static_cast<DWORD>(error)) : ""};
}

std::string connect_once(const addrinfo& address, std::chrono::milliseconds timeout) {
  const SOCKET sock = ::socket(address.ai_family, address.ai_socktype, address.ai_protocol);
  if (sock == INVALID_SOCKET) return socket_error_text();
  std::string problem;
  u_long non_blocking = 1;
  if (::ioctlsocket(sock, FIONBIO, &non_blocking) != 0) {
    problem = socket_error_text();
  } else if (::connect(sock, address.ai_addr, static_cast<int>(address.ai_addrlen)) != 0) {
    problem =
        WSAGetLastError() == WSAEWOULDBLOCK ? wait_connected(sock, timeout) : socket_error_text();
  }
  ::closesocket(sock);
  return problem;
}

const addrinfo* next_address(const addrinfo& entry) {
  return entry.ai_next;
}

}  // namespace awsdns::route53::probe
