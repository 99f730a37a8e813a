// The real CommandRunner on Boost.Process v2 (header-only, 1.81): the only file that includes it.
// The child is started by platform::spawn_child (vfork, parent-death signal), which does not copy
// awsdns's memory as Boost's fork-based launcher does; Boost.Process provides its stdio pipes.
// One io_context per run watches the child's exit (its pidfd; before Linux 5.3, a short poll),
// its output pipes and the signal self-pipe; the Supervisor applies the time limit, forwards a
// termination signal to the child's process group, escalates to SIGKILL, bounds every wait on a
// pipe and, while the child holds the terminal's foreground, relays its job-control stops to
// awsdns's shell.

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/process/v2.hpp>
#include <optional>
#include <thread>

#include "launcher/command_runner.hpp"
#include "launcher/pipe_reader.hpp"
#include "launcher/platform.hpp"
#include "launcher/timekeeper.hpp"

namespace awsdns::launcher {
namespace {

namespace asio = boost::asio;
namespace bp = boost::process::v2;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// After the child exits, how long its output pipes may stay open (a grandchild holding them)
// before the rest of its group is killed; and the last drain after a group was killed.
constexpr milliseconds kPostExitDrain{1000};
constexpr milliseconds kFinalDrain{250};
// How often a group whose leader has ended is checked during its grace period.
constexpr milliseconds kGroupPoll{20};
// How often a child holding the terminal's foreground is checked for a job-control stop.
constexpr milliseconds kStopPoll{100};
// How often the child's end is checked where the kernel has no pidfd_open (Linux < 5.3).
constexpr milliseconds kExitPoll{2};

// The child's argv (argv[0] is the executable) and exact environment as null-terminated arrays;
// the strings live in this object, which outlives the start.
class ChildArguments {
 public:
  explicit ChildArguments(const Command& command) {
    strings_ = envfile::environment_to_strings(command.environment);
    for (const auto& entry : strings_) environment_.push_back(entry.c_str());
    environment_.push_back(nullptr);
    argv_.push_back(command.executable.c_str());
    for (const auto& argument : command.args) argv_.push_back(argument.c_str());
    argv_.push_back(nullptr);
  }
  const char* const* argv() const { return argv_.data(); }
  const char* const* environment() const { return environment_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<const char*> environment_;
  std::vector<const char*> argv_;
};

// The descriptor a stdio binding gives the child, or -1 when the stream is inherited.
template <typename Binding>
int child_stream(const Binding& binding) {
  return binding.fd_needs_closing || binding.fd != Binding::target ? binding.fd : -1;
}

bp::detail::process_input_binding bind_input(StreamMode mode) {
  if (mode == StreamMode::Inherit) return {};
  return nullptr;  // /dev/null
}

template <typename Binding>
Binding bind_output(StreamMode mode, asio::readable_pipe& pipe) {
  switch (mode) {
    case StreamMode::Inherit:
      return {};
    case StreamMode::Capture:
    case StreamMode::Filter:
      return pipe;
    case StreamMode::Null:
      break;
  }
  return nullptr;
}

// Drives one started child to its end. The child is not reaped before the end, so its pid, which
// is its process-group id, cannot be reused while the group may still be signalled.
class Supervisor {
 public:
  Supervisor(int pid, milliseconds kill_grace, PipeReader& out, PipeReader& err,
             platform::TerminalLoan& terminal)
      : pid_(pid), kill_grace_(kill_grace), pipes_{&out, &err}, terminal_(terminal) {}

  /// Records that the child ended, and takes the terminal's foreground back.
  void child_ended(const platform::ChildStatus& status) {
    ended_ = true;
    status_ = status;
    terminal_.reclaim();
  }
  /// Runs `context` until the child ended, its pipes are drained or closed and, after a time-out
  /// or signal, no process of its group is left.
  void supervise(asio::io_context& context, Clock::time_point started, milliseconds timeout) {
    if (timeout.count() > 0) timeout_at_ = started + timeout;
    for (;;) {
      if (!ended_ && terminal_.terminal() >= 0) terminal_.relay_stop(pid_);
      const auto now = Clock::now();
      check_triggers(now);
      if (ended_ && finish_after_end(now)) return;
      const auto wake_at = next_wake(now);
      if (context.run_one_until(wake_at) == 0 && context.stopped()) {
        context.restart();
        std::this_thread::sleep_until(std::min(wake_at, Clock::now() + kGroupPoll));
      }
    }
  }
  /// Fills the outcome fields of `result`.
  void report(RunResult& result) const {
    if (terminating_) {
      result.outcome = termination_;
      result.signal = termination_ == Outcome::Interrupted ? received_signal_ : 0;
      result.exit_code = status_.exited ? status_.code : 0;
    } else if (!status_.known || status_.exited) {
      result.outcome = Outcome::Exited;
      result.exit_code = status_.known ? status_.code : 1;
    } else {
      result.outcome = Outcome::Signaled;
      result.signal = status_.signal;
    }
  }

 private:
  // A time-out or a received signal starts the termination of a running child.
  void check_triggers(Clock::time_point now) {
    if (!terminating_ && !ended_) {
      if (const int signal_number = received_signal(); signal_number != 0) {
        begin_termination(Outcome::Interrupted, signal_number, now);
      } else if (timeout_at_ && now >= *timeout_at_) {
        begin_termination(Outcome::TimedOut, platform::termination_signal(), now);
      }
    }
    if (terminating_ && !group_killed_) {
      if (now >= kill_at_) {
        kill_group(now);
      } else if (ended_ && !platform::group_exists(pid_)) {
        group_killed_ = true;  // the whole tree exited within its grace period
      }
    }
  }
  // After the child ended: drain its pipes for a bounded time. True when the run is over.
  bool finish_after_end(Clock::time_point now) {
    if (!drain_until_) {
      drain_until_ = now + (group_killed_  ? kFinalDrain
                            : terminating_ ? kill_grace_ + kFinalDrain
                                           : kPostExitDrain);
      // A child that ended by itself: its leftovers are drained no later than its time limit.
      if (!terminating_ && timeout_at_) {
        drain_until_ = std::min(*drain_until_, std::max(now, *timeout_at_));
      }
    }
    if (now >= *drain_until_) {
      if (!group_killed_ && pipes_open()) {
        kill_group(now);  // a grandchild still holds a pipe: end it, then a last short drain
        drain_until_ = now + kFinalDrain;
        return false;
      }
      for (PipeReader* pipe : pipes_) pipe->close();
    } else if (!group_killed_ && !terminating_ && pipes_open() && received_signal() != 0) {
      kill_group(now);  // awsdns is being stopped: do not wait for leftovers
    }
    return !pipes_open() && (!terminating_ || group_killed_);
  }
  Clock::time_point next_wake(Clock::time_point now) const {
    auto wake_at = now + std::chrono::hours(24);
    if (!terminating_ && !ended_ && timeout_at_) wake_at = std::min(wake_at, *timeout_at_);
    if (!ended_ && terminal_.terminal() >= 0) wake_at = std::min(wake_at, now + kStopPoll);
    if (terminating_ && !group_killed_) {
      wake_at = std::min(wake_at, ended_ ? std::min(kill_at_, now + kGroupPoll) : kill_at_);
    }
    if (drain_until_) wake_at = std::min(wake_at, *drain_until_);
    return wake_at;
  }
  void begin_termination(Outcome why, int signal_number, Clock::time_point now) {
    terminating_ = true;
    termination_ = why;
    received_signal_ = signal_number;
    kill_at_ = now + kill_grace_;
    platform::signal_group(pid_, leader(), signal_number);
  }
  void kill_group(Clock::time_point now) {
    platform::signal_group(pid_, leader(), platform::kill_signal());
    group_killed_ = true;
    if (drain_until_) drain_until_ = std::min(*drain_until_, now + kFinalDrain);
  }
  // The child itself, while it has not ended (an ended child needs no signal).
  int leader() const { return ended_ ? 0 : pid_; }
  bool pipes_open() const {
    return std::any_of(pipes_.begin(), pipes_.end(), [](PipeReader* p) { return p->open(); });
  }

  const int pid_;
  const milliseconds kill_grace_;
  const std::array<PipeReader*, 2> pipes_;
  platform::TerminalLoan& terminal_;
  std::optional<Clock::time_point> timeout_at_;
  bool ended_ = false;
  platform::ChildStatus status_;
  bool terminating_ = false;
  Outcome termination_ = Outcome::TimedOut;
  int received_signal_ = 0;
  Clock::time_point kill_at_{};
  bool group_killed_ = false;  // SIGKILL sent to the group, or the group is known to be empty
  std::optional<Clock::time_point> drain_until_;
};

// Waits on the child's pidfd for its end, then collects the status without reaping.
void watch_exit(asio::posix::stream_descriptor& exit_watch, int pid, Supervisor& supervisor) {
  exit_watch.async_wait(asio::posix::descriptor_base::wait_read,
                        [&exit_watch, pid, &supervisor](boost::system::error_code error) {
                          if (error == asio::error::operation_aborted) return;
                          if (auto status = platform::exit_status_without_reaping(pid)) {
                            supervisor.child_ended(*status);
                          } else {
                            watch_exit(exit_watch, pid, supervisor);
                          }
                        });
}

// Without a pidfd (Linux < 5.3): looks for the child's end every kExitPoll, without reaping.
void poll_exit(asio::steady_timer& timer, int pid, Supervisor& supervisor) {
  if (auto status = platform::exit_status_without_reaping(pid)) {
    supervisor.child_ended(*status);
    return;
  }
  timer.expires_after(kExitPoll);
  timer.async_wait([&timer, pid, &supervisor](boost::system::error_code error) {
    if (error != asio::error::operation_aborted) poll_exit(timer, pid, supervisor);
  });
}

class ProcessRunner final : public CommandRunner {
 public:
  explicit ProcessRunner(milliseconds kill_grace) : kill_grace_(kill_grace) {}

  RunResult run(const Command& command) override {
    const platform::SignalSection signals_handled_here;
    const auto started = Clock::now();
    RunResult result;
    if (const int signal_number = received_signal(); signal_number != 0) {
      result.outcome = Outcome::Interrupted;  // awsdns is stopping: start nothing new
      result.signal = signal_number;
      return result;
    }
    if (command.executable.empty()) {
      result.outcome = Outcome::StartFailed;
      result.start_error = std::make_error_code(std::errc::no_such_file_or_directory);
      return result;
    }
    asio::io_context context;
    PipeReader out(context,
                   OutputStream(command.stdout_mode, &result.stdout_text, stdout, command.redact));
    PipeReader err(context,
                   OutputStream(command.stderr_mode, &result.stderr_text, stderr, command.redact));
    platform::TerminalLoan terminal(command.foreground && command.stdin_mode == StreamMode::Inherit
                                        ? platform::foreground_terminal()
                                        : -1);
    int start_error = 0;
    int pid = -1;
    {
      const ChildArguments arguments(command);
      // The child's ends of the pipes are closed when `stdio` goes out of scope.
      bp::process_stdio stdio{
          bind_input(command.stdin_mode),
          bind_output<bp::detail::process_output_binding>(command.stdout_mode, out.pipe()),
          bind_output<bp::detail::process_error_binding>(command.stderr_mode, err.pipe())};
      for (const bp::error_code& error : {stdio.in.ec, stdio.out.ec, stdio.err.ec}) {
        if (error && start_error == 0) start_error = error.value();
      }
      if (start_error == 0) {
        platform::TerminationSignalsBlocked blocked;
        // Exec failures (ENOENT, EACCES) arrive here too.
        start_error = platform::spawn_child(
            command.executable.c_str(), arguments.argv(), arguments.environment(),
            {child_stream(stdio.in), child_stream(stdio.out), child_stream(stdio.err)},
            terminal.terminal(), pid);
      }
    }
    if (start_error != 0) {
      result.outcome = Outcome::StartFailed;
      result.start_error = std::error_code(start_error, std::system_category());
      result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
      return result;
    }

    terminal.lent_to(pid);
    Supervisor supervisor(pid, kill_grace_, out, err, terminal);
    asio::posix::stream_descriptor exit_watch(context);
    asio::steady_timer exit_poll(context);
    // Not bp::basic_process: its constructor throws where pidfd_open does not exist.
    if (const int pidfd = platform::open_process_fd(pid); pidfd >= 0) {
      exit_watch.assign(pidfd);
      watch_exit(exit_watch, pid, supervisor);
    } else {
      poll_exit(exit_poll, pid, supervisor);
    }
    asio::posix::stream_descriptor signal_watch(context);
    if (const int wake_fd = platform::duplicate_signal_wake_fd(); wake_fd >= 0) {
      signal_watch.assign(wake_fd);  // only wakes the loop; the signal is read by received_signal()
      signal_watch.async_wait(asio::posix::descriptor_base::wait_read,
                              [](boost::system::error_code) {});
    }
    out.start();
    err.start();

    supervisor.supervise(context, started, command.timeout);
    platform::reap_child(pid);
    supervisor.report(result);
    result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    return result;
  }

 private:
  milliseconds kill_grace_;
};

}  // namespace

std::unique_ptr<CommandRunner> make_process_runner(milliseconds kill_grace) {
  return std::make_unique<ProcessRunner>(kill_grace);
}

milliseconds run_overrun(milliseconds kill_grace) {
  // After the time limit: SIGTERM, up to kill_grace, SIGKILL, then the final drain; checks of an
  // ended leader's group happen every kGroupPoll.
  return kill_grace + kFinalDrain + kGroupPoll;
}

}  // namespace awsdns::launcher
