// wait_and_process() with Winsock's select(): the SOCKETs c-ares wants watched, bounded by its
// own timeout. select() refuses three empty sets, so with no socket it sleeps instead.

#include <winsock2.h>

#include "route53/resolver_wait.hpp"

namespace awsdns::route53 {
namespace {

// The sockets c-ares wants watched and for what (ares_getsock's bits).
struct Watched {
  ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
  int bits = 0;
};

// Puts the watched sockets into the sets; false when there is none.
bool fill_sets(const Watched& watched, fd_set& readable, fd_set& writable) {
  FD_ZERO(&readable);
  FD_ZERO(&writable);
  bool any = false;
  for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
    if (ARES_GETSOCK_READABLE(watched.bits, i)) FD_SET(watched.sockets[i], &readable);
    if (ARES_GETSOCK_WRITABLE(watched.bits, i)) FD_SET(watched.sockets[i], &writable);
    any = any || ARES_GETSOCK_READABLE(watched.bits, i) || ARES_GETSOCK_WRITABLE(watched.bits, i);
  }
  return any;
}

// c-ares' next timeout, at most `remaining`, at least 1 ms.
timeval wait_limit(ares_channel channel, std::chrono::microseconds remaining) {
  timeval limit{static_cast<long>(remaining.count() / 1000000),
                static_cast<long>(remaining.count() % 1000000)};
  timeval wait{};
  timeval next = *ares_timeout(channel, &limit, &wait);
  if (next.tv_sec == 0 && next.tv_usec < 1000) next.tv_usec = 1000;
  return next;
}

}  // namespace

bool wait_and_process(ares_channel channel, std::chrono::microseconds remaining) {
  Watched watched;
  watched.bits = ares_getsock(channel, watched.sockets, ARES_GETSOCK_MAXNUM);
  fd_set readable, writable;
  timeval limit = wait_limit(channel, remaining);
  int ready = 0;
  if (fill_sets(watched, readable, writable)) {
    ready = ::select(0, &readable, &writable, nullptr, &limit);
    if (ready == SOCKET_ERROR) return false;
  } else {
    Sleep(static_cast<DWORD>(limit.tv_sec * 1000 + (limit.tv_usec + 999) / 1000));
  }
  if (ready == 0) {
    ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // handles retries/timeouts
    return true;
  }
  for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
    const ares_socket_t sock = watched.sockets[i];
    const bool in = ARES_GETSOCK_READABLE(watched.bits, i) && FD_ISSET(sock, &readable);
    const bool out = ARES_GETSOCK_WRITABLE(watched.bits, i) && FD_ISSET(sock, &writable);
    if (in || out)
      ares_process_fd(channel, in ? sock : ARES_SOCKET_BAD, out ? sock : ARES_SOCKET_BAD);
  }
  return true;
}

}  // namespace awsdns::route53
