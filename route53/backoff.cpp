#include "route53/backoff.hpp"

#include <algorithm>
#include <memory>
#include <random>

namespace awsdns::route53 {

RandomSource make_random_source() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
}

std::chrono::milliseconds full_jitter_delay(int retry, std::chrono::milliseconds base,
                                            std::chrono::milliseconds cap,
                                            const RandomSource& random) {
  long long ceiling = base.count();
  for (int i = 1; i < retry && ceiling < cap.count(); ++i) ceiling *= 2;
  ceiling = std::min(ceiling, static_cast<long long>(cap.count()));
  double fraction = random ? random() : 1.0;
  fraction = std::clamp(fraction, 0.0, 1.0);
  return std::chrono::milliseconds(static_cast<long long>(fraction * static_cast<double>(ceiling)));
}

}  // namespace awsdns::route53
