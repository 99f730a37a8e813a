// The real CommandRunner, portable: a ChildProcess (process.hpp) started with pipes from Asio,
// an Interruption for termination signals and the streams that Filter output goes to, all
// injected. One io_context per run watches the child's end, its output pipes and the
// Interruption; the Supervisor applies the time limit, forwards a termination signal to the
// child's tree, escalates to a kill, bounds every wait on a pipe and, while the child holds the
// terminal's foreground, relays its job-control stops to awsdns's shell.

#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <iostream>
#include <optional>
#include <thread>

#include "launcher/command_runner.hpp"
#include "launcher/interruption.hpp"
#include "launcher/pipe_reader.hpp"
#include "launcher/process.hpp"

namespace awsdns::launcher {
namespace {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// After the child exits, how long its output pipes may stay open (a grandchild holding them)
// before the rest of its tree is killed; and the last drain after a tree was killed.
constexpr milliseconds kPostExitDrain{1000};
constexpr milliseconds kFinalDrain{250};
// How often a tree whose leader has ended is checked during its grace period.
constexpr milliseconds kGroupPoll{20};
// How often a child holding the terminal's foreground is checked for a job-control stop.
constexpr milliseconds kStopPoll{100};

// Drives one started child to its end. The child is reaped only after the end (ChildProcess), so
// its tree cannot be confused with another while it may still be signalled.
class Supervisor {
 public:
  Supervisor(ChildProcess& child, const Interruption& interruption, milliseconds kill_grace,
             PipeReader& out, PipeReader& err)
      : child_(child), interruption_(interruption), kill_grace_(kill_grace), pipes_{&out, &err} {}

  /// Records that the child ended.
  void child_ended(const ChildStatus& status) {
    ended_ = true;
    status_ = status;
  }
  /// Runs `context` until the child ended, its pipes are drained or closed and, after a time-out
  /// or signal, no process of its tree is left.
  void supervise(asio::io_context& context, Clock::time_point started, milliseconds timeout) {
    if (timeout.count() > 0) timeout_at_ = started + timeout;
    for (;;) {
      if (!ended_ && child_.holds_terminal()) child_.relay_job_control_stop();
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
      if (const int signal_number = interruption_.received(); signal_number != 0) {
        begin_termination(Outcome::Interrupted, signal_number, now);
      } else if (timeout_at_ && now >= *timeout_at_) {
        begin_termination(Outcome::TimedOut, 0, now);
      }
    }
    if (terminating_ && !group_killed_) {
      if (now >= kill_at_) {
        kill_group(now);
      } else if (ended_ && !child_.tree_running()) {
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
    } else if (!group_killed_ && !terminating_ && pipes_open() && interruption_.received() != 0) {
      kill_group(now);  // awsdns is being stopped: do not wait for leftovers
    }
    return !pipes_open() && (!terminating_ || group_killed_);
  }
  Clock::time_point next_wake(Clock::time_point now) const {
    auto wake_at = now + std::chrono::hours(24);
    if (!terminating_ && !ended_ && timeout_at_) wake_at = std::min(wake_at, *timeout_at_);
    if (!ended_ && child_.holds_terminal()) wake_at = std::min(wake_at, now + kStopPoll);
    if (terminating_ && !group_killed_) {
      wake_at = std::min(wake_at, ended_ ? std::min(kill_at_, now + kGroupPoll) : kill_at_);
    }
    if (drain_until_) wake_at = std::min(wake_at, *drain_until_);
    return wake_at;
  }
  // Interrupted: `signal_number` goes to the tree; TimedOut: the tree is asked to terminate.
  void begin_termination(Outcome why, int signal_number, Clock::time_point now) {
    terminating_ = true;
    termination_ = why;
    received_signal_ = signal_number;
    kill_at_ = now + kill_grace_;
    if (why == Outcome::Interrupted) {
      child_.signal_tree(signal_number);
    } else {
      child_.terminate_tree();
    }
  }
  void kill_group(Clock::time_point now) {
    child_.kill_tree();
    group_killed_ = true;
    if (drain_until_) drain_until_ = std::min(*drain_until_, now + kFinalDrain);
  }
  bool pipes_open() const {
    return std::any_of(pipes_.begin(), pipes_.end(), [](PipeReader* p) { return p->open(); });
  }

  ChildProcess& child_;
  const Interruption& interruption_;
  const milliseconds kill_grace_;
  const std::array<PipeReader*, 2> pipes_;
  std::optional<Clock::time_point> timeout_at_;
  bool ended_ = false;
  ChildStatus status_;
  bool terminating_ = false;
  Outcome termination_ = Outcome::TimedOut;
  int received_signal_ = 0;
  Clock::time_point kill_at_{};
  bool group_killed_ = false;  // SIGKILL sent to the group, or the group is known to be empty
  std::optional<Clock::time_point> drain_until_;
};

// The choice for one of the child's output streams; `child_end` is the pipe's end for it.
StdioChoice output_choice(StreamMode mode, PipeReader& reader, asio::writable_pipe& child_end,
                          std::error_code& error) {
  switch (mode) {
    case StreamMode::Inherit:
      return {};
    case StreamMode::Capture:
    case StreamMode::Filter:
      if (!error) error = reader.connect(child_end);
      return {StdioChoice::Kind::Pipe, &child_end};
    case StreamMode::Null:
      break;
  }
  return {StdioChoice::Kind::Null, nullptr};
}

// Starts `command`'s child with its output pipes connected to `out` and `err`.
std::error_code start_child(const Command& command, asio::io_context& context, PipeReader& out,
                            PipeReader& err, ChildProcess& child) {
  ChildSpec spec;
  spec.executable = command.executable;
  spec.args = command.args;
  spec.environment = command.environment;
  spec.foreground = command.foreground;
  spec.input.kind = command.stdin_mode == StreamMode::Inherit ? StdioChoice::Kind::Inherit
                                                              : StdioChoice::Kind::Null;
  // The child's ends of the pipes are closed when they go out of scope, after the start.
  asio::writable_pipe out_end(context), err_end(context);
  std::error_code error;
  spec.output = output_choice(command.stdout_mode, out, out_end, error);
  spec.error = output_choice(command.stderr_mode, err, err_end, error);
  if (error) return error;
  return child.start(spec);
}

class ProcessRunner final : public CommandRunner {
 public:
  ProcessRunner(Interruption& interruption, std::ostream& out, std::ostream& err,
                milliseconds kill_grace)
      : interruption_(interruption), out_(out), err_(err), kill_grace_(kill_grace) {}

  RunResult run(const Command& command) override {
    const Interruption::Section signals_handled_here(interruption_);
    const auto started = Clock::now();
    RunResult result;
    if (const int signal_number = interruption_.received(); signal_number != 0) {
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
                   OutputStream(command.stdout_mode, &result.stdout_text, &out_, command.redact));
    PipeReader err(context,
                   OutputStream(command.stderr_mode, &result.stderr_text, &err_, command.redact));
    ChildProcess child;
    if (const std::error_code error = start_child(command, context, out, err, child)) {
      result.outcome = Outcome::StartFailed;
      result.start_error = error;
      result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
      return result;
    }

    Supervisor supervisor(child, interruption_, kill_grace_, out, err);
    child.on_exit(context,
                  [&supervisor](const ChildStatus& status) { supervisor.child_ended(status); });
    const auto wake = interruption_.wake(context);
    out.start();
    err.start();

    supervisor.supervise(context, started, command.timeout);
    child.reap();
    supervisor.report(result);
    result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    return result;
  }

 private:
  Interruption& interruption_;
  std::ostream& out_;
  std::ostream& err_;
  milliseconds kill_grace_;
};

}  // namespace

std::unique_ptr<CommandRunner> make_process_runner(Interruption& interruption, std::ostream& out,
                                                   std::ostream& err, milliseconds kill_grace) {
  return std::make_unique<ProcessRunner>(interruption, out, err, kill_grace);
}

std::unique_ptr<CommandRunner> make_process_runner(milliseconds kill_grace) {
  return make_process_runner(Interruption::of_process(), std::cout, std::cerr, kill_grace);
}

milliseconds run_overrun(milliseconds kill_grace) {
  // After the time limit: SIGTERM, up to kill_grace, SIGKILL, then the final drain; checks of an
  // ended leader's group happen every kGroupPoll.
  return kill_grace + kFinalDrain + kGroupPoll;
}

}  // namespace awsdns::launcher
