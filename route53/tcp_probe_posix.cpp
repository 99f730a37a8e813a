#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "route53/tcp_probe.hpp"

namespace awsdns::route53 {
namespace {

/// One non-blocking connect to `address`, bounded by `timeout`; "" on success.
std::string connect_once(const addrinfo& address, std::chrono::milliseconds timeout) {
  const int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                          address.ai_protocol);
  if (fd < 0) return std::strerror(errno);
  std::string problem;
  if (::connect(fd, address.ai_addr, address.ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      problem = std::strerror(errno);
    } else {
      pollfd waiting{fd, POLLOUT, 0};
      const int ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
      int error = 0;
      socklen_t length = sizeof error;
      if (ready == 0) {
        problem = "no answer within " + std::to_string(timeout.count()) + " ms";
      } else if (ready < 0 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) {
        problem = std::strerror(errno);
      } else if (error != 0) {
        problem = std::strerror(error);
      }
    }
  }
  ::close(fd);
  return problem;
}

}  // namespace

std::string tcp_probe(const HostPort& target, std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(target.port);
  if (const int error = ::getaddrinfo(target.host.c_str(), port.c_str(), &hints, &found)) {
    return std::string("cannot resolve ") + target.host + ": " + ::gai_strerror(error);
  }
  std::string problem = "no address";
  for (const addrinfo* address = found; address; address = address->ai_next) {
    problem = connect_once(*address, timeout);
    if (problem.empty()) break;
  }
  ::freeaddrinfo(found);
  return problem;
}

}  // namespace awsdns::route53
