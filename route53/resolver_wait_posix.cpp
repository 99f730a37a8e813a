// wait_and_process() with poll(): the sockets c-ares wants watched, bounded by its own timeout.

#include <poll.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>

#include "route53/resolver_wait.hpp"

namespace awsdns::route53 {
namespace {

// The channel's sockets as pollfds; returns how many.
nfds_t watched_sockets(ares_channel channel, pollfd (&fds)[ARES_GETSOCK_MAXNUM]) {
  ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
  const int bits = ares_getsock(channel, sockets, ARES_GETSOCK_MAXNUM);
  nfds_t count = 0;
  for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
    const bool readable = ARES_GETSOCK_READABLE(bits, i);
    const bool writable = ARES_GETSOCK_WRITABLE(bits, i);
    if (!readable && !writable) continue;
    fds[count++] = pollfd{
        sockets[i], static_cast<short>((readable ? POLLIN : 0) | (writable ? POLLOUT : 0)), 0};
  }
  return count;
}

// c-ares' next timeout, at most `remaining`, in whole milliseconds rounded up.
int wait_milliseconds(ares_channel channel, std::chrono::microseconds remaining) {
  timeval limit{static_cast<time_t>(remaining.count() / 1000000),
                static_cast<suseconds_t>(remaining.count() % 1000000)};
  timeval wait{};
  const timeval* next = ares_timeout(channel, &limit, &wait);
  return static_cast<int>(next->tv_sec * 1000 + (next->tv_usec + 999) / 1000);
}

}  // namespace

bool wait_and_process(ares_channel channel, std::chrono::microseconds remaining) {
  pollfd fds[ARES_GETSOCK_MAXNUM];
  const nfds_t count = watched_sockets(channel, fds);
  const int ready = ::poll(fds, count, std::max(wait_milliseconds(channel, remaining), 1));
  if (ready < 0 && errno != EINTR) return false;
  if (ready <= 0) {
    ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // handles retries/timeouts
    return true;
  }
  for (nfds_t i = 0; i < count; ++i) {
    const bool in = (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
    const bool out = (fds[i].revents & POLLOUT) != 0;
    if (in || out) {
      ares_process_fd(channel, in ? fds[i].fd : ARES_SOCKET_BAD, out ? fds[i].fd : ARES_SOCKET_BAD);
    }
  }
  return true;
}

}  // namespace awsdns::route53
