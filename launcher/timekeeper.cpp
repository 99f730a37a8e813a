// The real Timekeeper: the monotonic clock and a sleep that a termination signal cuts short.

#include "launcher/timekeeper.hpp"

#include "launcher/interruption.hpp"

namespace awsdns::launcher {
namespace {

class SystemTimekeeper final : public Timekeeper {
 public:
  explicit SystemTimekeeper(Interruption& interruption) : interruption_(interruption) {}

  std::chrono::steady_clock::time_point now() const override {
    return std::chrono::steady_clock::now();
  }
  bool sleep_for(std::chrono::milliseconds duration) override {
    return interruption_.sleep_for(duration);
  }
  int interrupt_signal() const override { return interruption_.received(); }

 private:
  Interruption& interruption_;
};

}  // namespace

std::unique_ptr<Timekeeper> make_system_timekeeper(Interruption& interruption) {
  return std::make_unique<SystemTimekeeper>(interruption);
}

std::unique_ptr<Timekeeper> make_system_timekeeper() {
  return make_system_timekeeper(Interruption::of_process());
}

}  // namespace awsdns::launcher
