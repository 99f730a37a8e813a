#pragma once
// Time and termination signals, behind an interface so retry/wait logic can be tested without
// sleeping. SIGINT, SIGTERM and SIGHUP are caught process-wide once install_signal_handlers() ran;
// waits end early when one arrives, and a running child's process group receives it.

#include <chrono>
#include <memory>

namespace awsdns::launcher {

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

/// Installs the process-wide handlers for SIGINT, SIGTERM and SIGHUP and ignores SIGPIPE
/// (idempotent; each call re-applies the dispositions). Called by main before anything is spawned.
/// While a child runs or a Timekeeper/lock wait is under way, a signal is recorded (forwarded to
/// the child, the wait ends early); at any other moment awsdns exits at once with 128+signal.
void install_signal_handlers();

/// The first termination signal received since install_signal_handlers(), or 0.
int received_signal();

/// Forgets the received signal so later waits and runs are not interrupted by it. For tests that
/// send themselves a signal; awsdns itself never clears it (the first signal ends the program).
void clear_received_signal();

/// The real clock and sleep, woken by the signal handlers.
std::unique_ptr<Timekeeper> make_system_timekeeper();

}  // namespace awsdns::launcher
