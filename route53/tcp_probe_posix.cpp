#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "route53/tcp_probe.hpp"
#include "util/duration.hpp"

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
        problem = "no answer within " + util::duration_text(timeout);
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

// Numeric only, so glibc's getaddrinfo needs no NSS module (safe in a static executable).
std::string connect_numeric(const std::string& address, int port, std::chrono::milliseconds timeout,
                            bool& numeric) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  const int error = ::getaddrinfo(address.c_str(), service.c_str(), &hints, &found);
  numeric = error != EAI_NONAME;
  if (error) return std::string("cannot use address ") + address + ": " + ::gai_strerror(error);
  std::string problem = "no address";
  for (const addrinfo* candidate = found; candidate; candidate = candidate->ai_next) {
    problem = connect_once(*candidate, timeout);
    if (problem.empty()) break;
  }
  ::freeaddrinfo(found);
  return problem;
}

}  // namespace awsdns::route53
