#pragma once
// Waiting on a c-ares channel's sockets: the platform part of name resolution (poll() on POSIX,
// resolver_wait_posix.cpp). The clock and the overall deadline stay with the caller.

#include <ares.h>

#include <chrono>

namespace awsdns::route53 {

/// Waits until one of `channel`'s sockets is ready, c-ares' next timeout is due or `remaining`
/// has passed (at least 1 ms), then lets c-ares handle what happened (answers, retries,
/// timeouts). False when waiting itself failed.
bool wait_and_process(ares_channel channel, std::chrono::microseconds remaining);

}  // namespace awsdns::route53
