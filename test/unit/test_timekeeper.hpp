#pragma once
// A Timekeeper of the tests that wait for real: the real clock and real sleeps, with an
// interruption after a given number of sleeps.

#include <chrono>
#include <thread>

#include "launcher/timekeeper.hpp"

namespace awsdns::test {

// Real clock and real sleeps; sleep_for reports an interrupt once `interrupt_after` sleeps ran.
class TestTimekeeper : public launcher::Timekeeper {
 public:
  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::now();
  }
  bool sleep_for(std::chrono::milliseconds duration) override {
    ++sleeps;
    if (interrupt_after >= 0 && sleeps > interrupt_after) return false;
    std::this_thread::sleep_for(duration);
    return true;
  }
  int interrupt_signal() const override {
    return interrupt_after >= 0 && sleeps > interrupt_after ? 15 : 0;
  }
  int sleeps = 0;
  int interrupt_after = -1;  // negative: never
};

}  // namespace awsdns::test
