// The TCP probe's socket primitives with BSD sockets: getaddrinfo on the literal only, a
// non-blocking connect and a poll() bounded by the timeout.

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "route53/tcp_probe_platform.hpp"
#include "util/duration.hpp"

namespace awsdns::route53::probe {

NumericAddresses numeric_addresses(const std::string& address, int port) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  // Numeric only, so glibc's getaddrinfo needs no NSS module (safe in a static executable).
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* list = nullptr;
  const int error = ::getaddrinfo(address.c_str(), std::to_string(port).c_str(), &hints, &list);
  return {AddressList(list, [](addrinfo* entries) { ::freeaddrinfo(entries); }), error,
          error != EAI_NONAME, error ? ::gai_strerror(error) : ""};
}

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

const addrinfo* next_address(const addrinfo& entry) {
  return entry.ai_next;
}

}  // namespace awsdns::route53::probe
