#pragma once
// Delays between retries: exponential backoff with full jitter, and the INSYNC polling schedule.

#include <chrono>
#include <functional>

namespace awsdns::route53 {

/// A uniform random number in [0, 1); injected so tests are deterministic.
using RandomSource = std::function<double()>;

/// A RandomSource seeded from std::random_device.
RandomSource make_random_source();

/// Exponential backoff with full jitter: a random delay in [0, min(cap, base * 2^(retry-1))]
/// before retry number `retry` (1 = the first retry).
std::chrono::milliseconds full_jitter_delay(int retry, std::chrono::milliseconds base,
                                            std::chrono::milliseconds cap,
                                            const RandomSource& random);

/// The INSYNC polling schedule: poll slots at 1, 2, 3 and 4 s after the change was accepted, then
/// every 2 s (6, 8, 10 ... s). Returns the pause from `elapsed` (time since the change was
/// accepted) to the first slot after it; a poll whose call overran a slot waits for the next one.
/// Polls at distinct slots see INSYNC at T with at most T/2 + 3 get-change requests, and the poll
/// that sees it starts at most 2 s after T (1 s during the first 4 s).
std::chrono::milliseconds insync_poll_delay(std::chrono::milliseconds elapsed);

}  // namespace awsdns::route53
