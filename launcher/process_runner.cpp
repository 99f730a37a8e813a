// The real CommandRunner, portable: ChildProcesses (process.hpp) started with pipes from Asio,
// an Interruption for termination signals and the streams that Filter output goes to, all
// injected. One io_context per runner watches every child's end, its output pipes and the
// Interruption; a Supervisor per child applies its time limit, forwards a termination signal to
// its tree, escalates to a kill, bounds every wait on a pipe and, while the child holds the
// terminal's foreground, relays its job-control stops to awsdns's shell. Several children may
// run at once (start, wait_any, stop): each pass of the loop looks at all of them.

#include <algorithm>
#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <deque>
#include <iostream>
#include <map>
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

// Supervises one started child to its end: time limit, termination, drains. The child is reaped
// only after the end (ChildProcess), so its tree cannot be confused with another while it may
// still be signalled. The runner looks at every supervisor of its io_context in turn (step) and
// sleeps until the earliest of their next_wake().
class Supervisor {
 public:
  Supervisor(ChildProcess& child, const Interruption& interruption, milliseconds kill_grace,
             PipeReader& out, PipeReader& err, Clock::time_point started, milliseconds timeout)
      : child_(child), interruption_(interruption), kill_grace_(kill_grace), pipes_{&out, &err} {
    if (timeout.count() > 0) timeout_at_ = started + timeout;
  }

  /// Records that the child ended.
  void child_ended(const ChildStatus& status) {
    ended_ = true;
    status_ = status;
  }
  /// One look at the run at `now`: relays a job-control stop, starts or escalates the
  /// termination, drains the pipes after the end. True once the child ended, its pipes are
  /// drained or closed and, after a time-out or signal, no process of its tree is left.
  bool step(Clock::time_point now) {
    if (!ended_ && child_.holds_terminal()) child_.relay_job_control_stop();
    check_triggers(now);
    return ended_ && finish_after_end(now);
  }
  /// When the run needs its next look (time limit, kill, drain, polls); events on the
  /// io_context (the child's end, output) come earlier by themselves.
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
  /// Ends the run as a time-out would (stop()): the tree asked to end, killed after the grace;
  /// after the child's own end, what is left of its tree is killed at once.
  void stop(Clock::time_point now) {
    if (!ended_ && !terminating_) {
      begin_termination(Outcome::TimedOut, 0, now);
    } else if (ended_ && !group_killed_) {
      kill_group(now);
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

// One child of the runner, from its start to the hand-over of its result; it stays at one
// address (its pipe readers write into `result`).
struct ActiveRun {
  ActiveRun(asio::io_context& context, const Command& command, std::ostream& out, std::ostream& err)
      : out_reader(context,
                   OutputStream(command.stdout_mode, &result.stdout_text, &out, command.redact)),
        err_reader(context,
                   OutputStream(command.stderr_mode, &result.stderr_text, &err, command.redact)) {}

  RunResult result;
  PipeReader out_reader;
  PipeReader err_reader;
  ChildProcess child;
  std::optional<Supervisor> supervisor;
  Clock::time_point started;
  bool background = false;  // made by start(): its result is kept for wait_any()
  bool stopping = false;    // stop() ends it: its result is dropped
};

// A result without a child (awsdns is stopping, or no executable): the run ends at once.
std::optional<RunResult> refused_start(const Interruption& interruption, const Command& command) {
  RunResult result;
  if (const int signal_number = interruption.received(); signal_number != 0) {
    result.outcome = Outcome::Interrupted;  // awsdns is stopping: start nothing new
    result.signal = signal_number;
    return result;
  }
  if (command.executable.empty()) {
    result.outcome = Outcome::StartFailed;
    result.start_error = std::make_error_code(std::errc::no_such_file_or_directory);
    return result;
  }
  return std::nullopt;
}

// Every child on one io_context: run() drives the loop until its own child is over, wait_any()
// until a started one is, and each pass looks at every child, so started runs keep their time
// limits and get a received signal during either.
class ProcessRunner final : public CommandRunner {
 public:
  ProcessRunner(Interruption& interruption, std::ostream& out, std::ostream& err,
                milliseconds kill_grace)
      : interruption_(interruption), out_(out), err_(err), kill_grace_(kill_grace) {}
  ~ProcessRunner() override = default;  // runs_ (their ChildProcess kills and reaps) first
  ProcessRunner(const ProcessRunner&) = delete;
  ProcessRunner& operator=(const ProcessRunner&) = delete;

  RunResult run(const Command& command) override {
    const Interruption::Section signals_handled_here(interruption_);
    if (auto refused = refused_start(interruption_, command)) return *refused;
    const RunId id = next_id_++;
    if (auto failed = launch(command, id, false)) return std::move(*failed);
    drive(Clock::time_point::max(), [this, id] { return !runs_.at(id)->supervisor; });
    RunResult result = std::move(runs_.at(id)->result);
    runs_.erase(id);
    return result;
  }

  RunId start(const Command& command) override {
    if (!section_) section_.emplace(interruption_);
    const RunId id = next_id_++;
    if (auto refused = refused_start(interruption_, command)) {
      finished_.push_back({id, std::move(*refused)});
      return id;
    }
    if (auto failed = launch(command, id, true)) finished_.push_back({id, std::move(*failed)});
    return id;
  }

  std::optional<FinishedRun> wait_any(Clock::time_point until) override {
    if (finished_.empty() && background_running()) {
      drive(until, [this] { return !finished_.empty(); });
    }
    if (finished_.empty()) {
      release_section();
      return std::nullopt;
    }
    FinishedRun next = std::move(finished_.front());
    finished_.pop_front();
    release_section();
    return next;
  }

  void stop(RunId id) override {
    std::erase_if(finished_, [id](const FinishedRun& run) { return run.id == id; });
    if (const auto found = runs_.find(id); found != runs_.end()) {
      found->second->stopping = true;
      if (found->second->supervisor) found->second->supervisor->stop(Clock::now());
      drive(Clock::time_point::max(), [this, id] { return !runs_.contains(id); });
    }
    release_section();
  }

 private:
  // Starts `command`'s child as run `id`; the result when it could not start.
  std::optional<RunResult> launch(const Command& command, RunId id, bool background) {
    auto run = std::make_unique<ActiveRun>(context_, command, out_, err_);
    run->started = Clock::now();
    run->background = background;
    if (const std::error_code error =
            start_child(command, context_, run->out_reader, run->err_reader, run->child)) {
      run->result.outcome = Outcome::StartFailed;
      run->result.start_error = error;
      run->result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - run->started);
      return std::move(run->result);
    }
    ActiveRun& active = *run;
    active.supervisor.emplace(active.child, interruption_, kill_grace_, active.out_reader,
                              active.err_reader, active.started, command.timeout);
    active.child.on_exit(context_, [&active](const ChildStatus& status) {
      if (active.supervisor) active.supervisor->child_ended(status);
    });
    active.out_reader.start();
    active.err_reader.start();
    runs_.emplace(id, std::move(run));
    return std::nullopt;
  }

  // Runs the io_context, looking at every child after each event, until `done()` or `until`.
  template <typename Done>
  void drive(Clock::time_point until, Done done) {
    if (context_.stopped()) context_.restart();
    const auto wake = interruption_.wake(context_);
    for (;;) {
      const auto now = Clock::now();
      auto wake_at = until;
      for (auto it = runs_.begin(); it != runs_.end();) {
        ActiveRun& run = *it->second;
        if (!run.supervisor) {
          ++it;
        } else if (!run.supervisor->step(now)) {
          wake_at = std::min(wake_at, run.supervisor->next_wake(now));
          ++it;
        } else {
          it = conclude(it, now);
        }
      }
      if (done() || now >= until) return;
      if (context_.run_one_until(wake_at) == 0 && context_.stopped()) {
        context_.restart();
        std::this_thread::sleep_until(std::min(wake_at, Clock::now() + kGroupPoll));
      }
    }
  }

  // A child's run is over: reap it and hand its result on (run(), wait_any()) or drop it.
  std::map<RunId, std::unique_ptr<ActiveRun>>::iterator conclude(
      std::map<RunId, std::unique_ptr<ActiveRun>>::iterator it, Clock::time_point now) {
    ActiveRun& run = *it->second;
    run.child.reap();
    run.supervisor->report(run.result);
    run.supervisor.reset();
    run.result.elapsed = std::chrono::duration_cast<milliseconds>(now - run.started);
    if (!run.background) return std::next(it);  // run() takes it
    if (!run.stopping) finished_.push_back({it->first, std::move(run.result)});
    return runs_.erase(it);
  }

  bool background_running() const {
    return std::any_of(runs_.begin(), runs_.end(),
                       [](const auto& entry) { return entry.second->background; });
  }

  // Signals are the runner's to handle while started runs are going or not yet collected.
  void release_section() {
    if (finished_.empty() && !background_running()) section_.reset();
  }

  Interruption& interruption_;
  std::ostream& out_;
  std::ostream& err_;
  milliseconds kill_grace_;
  asio::io_context context_;
  std::map<RunId, std::unique_ptr<ActiveRun>> runs_;  // destroyed before context_
  std::deque<FinishedRun> finished_;
  RunId next_id_ = 1;
  std::optional<Interruption::Section> section_;
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
