#pragma once
// Delays between retries: exponential backoff with full jitter.

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

}  // namespace awsdns::route53
