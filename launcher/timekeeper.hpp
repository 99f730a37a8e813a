#pragma once
// Time and termination signals, behind an interface so retry/wait logic can be tested without
// sleeping. The real one sleeps through an Interruption (interruption.hpp): waits end early when
// a termination signal arrives.

#include <chrono>
#include <memory>

namespace awsdns::launcher {

class Interruption;

/// A clock plus interruptible sleep.
class Timekeeper {
 public:
  virtual ~Timekeeper() = default;
  /// The current time on a monotonic clock.
  virtual std::chrono::steady_clock::time_point now() const = 0;
  /// Sleeps for `duration`, or less when a termination signal arrives; false when interrupted.
  virtual bool sleep_for(std::chrono::milliseconds duration) = 0;
  /// The first termination signal received (SIGINT/SIGTERM/SIGHUP), or 0.
  virtual int interrupt_signal() const = 0;
};

/// The real clock and a sleep that a signal received by `interruption` cuts short.
std::unique_ptr<Timekeeper> make_system_timekeeper(Interruption& interruption);

/// The same with the process's Interruption (tests and tools).
std::unique_ptr<Timekeeper> make_system_timekeeper();

}  // namespace awsdns::launcher
