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

/// The pause before get-change poll number `poll` (1-based): polls fall at about 1 s, 2 s, 4 s
/// and 8 s after the change was accepted, then every `cap` (default 10 s).
std::chrono::milliseconds insync_poll_delay(
    int poll, std::chrono::milliseconds cap = std::chrono::seconds(10));

}  // namespace awsdns::route53
