#pragma once
// The termination requests of this process (SIGINT, SIGTERM and SIGHUP on POSIX), handed to the
// runner and the timekeeper as an object instead of being read from globals. Signal dispositions
// are process-wide, so there is one Interruption per process: outside every Section a termination
// signal ends awsdns at once with 128+N; inside one it is recorded, waits end early and the
// runner forwards it to its child's process group. interruption.cpp holds the part every system
// shares (the instance, received(), Section); the handlers and waits are the system's
// (interrupt_posix.cpp: signal handlers and a self-pipe; interrupt_windows.cpp: a console control
// handler and an event).

#include <chrono>
#include <memory>

namespace boost::asio {
class io_context;
}

namespace awsdns::launcher {

/// The process's termination signals: handlers, the first signal received, interruptible sleep.
class Interruption {
 public:
  /// The one Interruption of this process.
  static Interruption& of_process();

  /// Installs the handlers for the termination signals and ignores SIGPIPE (idempotent; each call
  /// re-applies the dispositions). Called by main before anything is spawned.
  void install_handlers();
  /// The first termination signal received since install_handlers(), or 0.
  int received() const;
  /// Forgets the received signal so later waits and runs are not interrupted by it. For tests
  /// that send themselves a signal; awsdns itself never clears it (the first signal ends it).
  void clear();
  /// Sleeps up to `duration` (inside a Section); false when a termination signal was received.
  bool sleep_for(std::chrono::milliseconds duration);

  /// While alive, a termination signal is recorded for the caller to handle (a child runs, or a
  /// wait is under way); outside every section the handler exits awsdns at once with 128+signal,
  /// so no step of awsdns can ignore SIGTERM.
  class Section {
   public:
    explicit Section(Interruption& interruption);
    ~Section();
    Section(const Section&) = delete;
    Section& operator=(const Section&) = delete;
  };

  /// Keeps an event loop from sleeping through a signal (see wake()).
  class Wake {
   public:
    virtual ~Wake() = default;
  };
  /// While the returned object lives, a termination signal completes a handler on `context`
  /// (so run_one() returns); received() tells which signal. Destroy it before `context`.
  std::unique_ptr<Wake> wake(boost::asio::io_context& context);

  Interruption(const Interruption&) = delete;
  Interruption& operator=(const Interruption&) = delete;

 private:
  Interruption() = default;
};

}  // namespace awsdns::launcher
