// The real Timekeeper: the monotonic clock and a sleep that a termination signal cuts short.

#include "launcher/timekeeper.hpp"

#include "launcher/platform.hpp"

namespace awsdns::launcher {
namespace {

class SystemTimekeeper final : public Timekeeper {
 public:
  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::now();
  }
  bool sleep_for(std::chrono::milliseconds duration) override {
    return !platform::wait_for_signal(duration);
  }
  int interrupt_signal() const override { return received_signal(); }
};

}  // namespace

std::unique_ptr<Timekeeper> make_system_timekeeper() {
  return std::make_unique<SystemTimekeeper>();
}

}  // namespace awsdns::launcher
