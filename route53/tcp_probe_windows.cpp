// connect_numeric with Winsock: getaddrinfo on the literal only, a non-blocking connect and a
// select() bounded by the timeout (a refused connect is reported in the exception set).

#include <winsock2.h>
// after winsock2.h
#include <ws2tcpip.h>

#include "route53/tcp_probe.hpp"
#include "util/duration.hpp"
#include "util/windows_text_windows.hpp"

namespace awsdns::route53 {
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

/// One non-blocking connect to `address`, bounded by `timeout`; "" on success.
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

}  // namespace

std::string connect_numeric(const std::string& address, int port, std::chrono::milliseconds timeout,
                            bool& numeric) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  const int error = ::getaddrinfo(address.c_str(), service.c_str(), &hints, &found);
  numeric = error != EAI_NONAME;
  if (error)
    return "cannot use address " + address + ": " +
           util::windows_error_text(static_cast<DWORD>(error));
  std::string problem = "no address";
  for (const addrinfo* candidate = found; candidate; candidate = candidate->ai_next) {
    problem = connect_once(*candidate, timeout);
    if (problem.empty()) break;
  }
  ::freeaddrinfo(found);
  return problem;
}

}  // namespace awsdns::route53
