// The real CommandRunner on Boost.Process v2 (header-only, 1.81): the only file that includes it.
// One io_context per run watches the child's exit (pidfd), its output pipes and the signal
// self-pipe; a small state machine applies the time limit, forwards a termination signal to the
// child's process group, escalates to SIGKILL and bounds every wait on a pipe.

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/process/v2.hpp>

#include "launcher/command_runner.hpp"
#include "launcher/output_stream.hpp"
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
// How often a lingering group is checked while it has its grace period to exit.
constexpr milliseconds kGroupPoll{20};

// Gives the child exactly the Command's environment (bp::process_environment does not link in
// header-only 1.81). The strings live in this object, which outlives the launch.
class EnvironmentInitializer {
 public:
  explicit EnvironmentInitializer(const Environment& environment) {
    for (const auto& [name, value] : environment) strings_.push_back(name + "=" + value);
    for (const auto& entry : strings_) pointers_.push_back(entry.c_str());
    pointers_.push_back(nullptr);
  }
  bp::error_code on_setup(bp::posix::default_launcher& launcher, const bp::filesystem::path&,
                          const char* const*) {
    launcher.env = pointers_.data();
    return {};
  }

 private:
  std::vector<std::string> strings_;
  std::vector<const char*> pointers_;
};

// New process group and default signal dispositions, in the child before exec.
struct ChildSetupInitializer {
  bp::error_code on_exec_setup(bp::posix::default_launcher&, const bp::filesystem::path&,
                               const char* const*) {
    const int error = platform::prepare_child_process();
    return error == 0 ? bp::error_code{} : bp::error_code(error, bp::system_category());
  }
};

bp::detail::process_input_binding bind_input(StreamMode mode) {
  if (mode == StreamMode::Inherit) return {};
  return nullptr;
}

bp::detail::process_output_binding bind_output(StreamMode mode, asio::readable_pipe& pipe) {
  switch (mode) {
    case StreamMode::Inherit:
      return {};
    case StreamMode::Null:
      return nullptr;
    case StreamMode::Capture:
    case StreamMode::Filter:
      return pipe;
  }
  return nullptr;
}

bp::detail::process_error_binding bind_error(StreamMode mode, asio::readable_pipe& pipe) {
  switch (mode) {
    case StreamMode::Inherit:
      return {};
    case StreamMode::Null:
      return nullptr;
    case StreamMode::Capture:
    case StreamMode::Filter:
      return pipe;
  }
  return nullptr;
}

// Reads one output pipe until end of file or until closed by the supervisor.
class PipeReader {
 public:
  PipeReader(asio::io_context& context, OutputStream sink) : pipe_(context), sink_(std::move(sink)) {}
  asio::readable_pipe& pipe() { return pipe_; }
  bool open() const { return open_; }
  void start() {
    open_ = pipe_.is_open();
    if (open_) read_more();
  }
  void close() {
    if (!open_) return;
    open_ = false;
    boost::system::error_code ignored;
    pipe_.close(ignored);
    sink_.finish();
  }

 private:
  void read_more() {
    pipe_.async_read_some(asio::buffer(buffer_), [this](boost::system::error_code error,
                                                        std::size_t count) {
      if (!open_) return;
      if (count > 0) sink_.append(std::string_view(buffer_.data(), count));
      if (error) return close();
      read_more();
    });
  }

  asio::readable_pipe pipe_;
  OutputStream sink_;
  std::array<char, 8192> buffer_{};
  bool open_ = false;
};

class ProcessRunner final : public CommandRunner {
 public:
  explicit ProcessRunner(milliseconds kill_grace) : kill_grace_(kill_grace) {}
  RunResult run(const Command& command) override;

 private:
  milliseconds kill_grace_;
};

// The state of one supervised run after a successful start.
struct Supervision {
  int pid = 0;
  bool reaped = false;
  int native_status = 0;
  bool terminating = false;  // a timeout or signal is ending the run
  Outcome termination = Outcome::TimedOut;
  int received = 0;
  Clock::time_point kill_at{};
  bool group_killed = false;  // SIGKILL sent to the group, or the group is known to be empty
  std::optional<Clock::time_point> drain_until;
};

}  // namespace

RunResult ProcessRunner::run(const Command& command) {
  const auto started = Clock::now();
  RunResult result;
  if (const int signal_number = received_signal(); signal_number != 0) {
    result.outcome = Outcome::Interrupted;
    result.signal = signal_number;
    return result;
  }
  asio::io_context context;
  PipeReader out(context, OutputStream(command.stdout_mode, &result.stdout_text, stdout,
                                       command.filter_line));
  PipeReader err(context, OutputStream(command.stderr_mode, &result.stderr_text, stderr,
                                       command.filter_line));
  bp::error_code start_error;
  bp::posix::default_launcher launcher;
  std::optional<bp::basic_process<asio::io_context::executor_type>> child;
  {
    EnvironmentInitializer environment(command.environment);
    ChildSetupInitializer child_setup;
    // The child's pipe ends close when `stdio` goes out of scope, right after the launch.
    bp::process_stdio stdio{bind_input(command.stdin_mode),
                            bind_output(command.stdout_mode, out.pipe()),
                            bind_error(command.stderr_mode, err.pipe())};
    platform::TerminationSignalsBlocked blocked;
    child.emplace(launcher(context.get_executor(), start_error,
                           bp::filesystem::path(command.executable), command.args, environment,
                           stdio, child_setup));
  }
  if (start_error || command.executable.empty()) {
    platform::reap_failed_child(launcher.pid);
    result.outcome = Outcome::StartFailed;
    result.start_error = start_error ? std::error_code(start_error.value(), std::system_category())
                                     : std::make_error_code(std::errc::no_such_file_or_directory);
    result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
    return result;
  }

  Supervision state;
  state.pid = child->id();
  child->async_wait([&](boost::system::error_code error, int) {
    state.reaped = true;
    state.native_status = error ? 0 : child->native_exit_code();
  });
  out.start();
  err.start();
  std::optional<asio::posix::stream_descriptor> signal_watch;
  if (const int wake_fd = platform::duplicate_signal_wake_fd(); wake_fd >= 0) {
    signal_watch.emplace(context, wake_fd);
    signal_watch->async_wait(asio::posix::descriptor_base::wait_read,
                             [](boost::system::error_code) {});
  }

  const bool has_timeout = command.timeout.count() > 0;
  const auto timeout_at = started + command.timeout;
  auto begin_termination = [&](Outcome why, int signal_number, Clock::time_point now) {
    state.terminating = true;
    state.termination = why;
    state.received = signal_number;
    state.kill_at = now + kill_grace_;
    platform::signal_group(state.pid, state.reaped ? 0 : state.pid, signal_number);
  };
  auto kill_group = [&](Clock::time_point now) {
    platform::signal_group(state.pid, state.reaped ? 0 : state.pid, platform::kill_signal());
    state.group_killed = true;
    if (state.drain_until) state.drain_until = std::min(*state.drain_until, now + kFinalDrain);
  };

  for (;;) {
    const auto now = Clock::now();
    if (!state.terminating && !state.reaped) {
      if (const int signal_number = received_signal(); signal_number != 0) {
        begin_termination(Outcome::Interrupted, signal_number, now);
      } else if (has_timeout && now >= timeout_at) {
        begin_termination(Outcome::TimedOut, platform::termination_signal(), now);
      }
    }
    if (state.terminating && !state.group_killed) {
      if (now >= state.kill_at) {
        kill_group(now);
      } else if (state.reaped && !platform::group_exists(state.pid)) {
        state.group_killed = true;  // everything exited within the grace period
      }
    }
    if (state.reaped) {
      if (!state.drain_until) {
        state.drain_until = now + (state.terminating ? kill_grace_ + kFinalDrain : kPostExitDrain);
        if (state.group_killed) state.drain_until = now + kFinalDrain;
      }
      if (now >= *state.drain_until) {
        if (!state.group_killed && (out.open() || err.open())) {
          kill_group(now);  // a grandchild still holds a pipe: end it
          continue;
        }
        out.close();
        err.close();
      } else if (!state.terminating && !state.group_killed && received_signal() != 0) {
        kill_group(now);  // awsdns is being stopped: stop waiting for leftovers
      }
      const bool pipes_done = !out.open() && !err.open();
      if (pipes_done && (!state.terminating || state.group_killed)) break;
    }

    // Sleep until something happens or the next deadline.
    auto wake_at = now + std::chrono::hours(24);
    if (!state.terminating && !state.reaped && has_timeout) wake_at = std::min(wake_at, timeout_at);
    if (state.terminating && !state.group_killed) wake_at = std::min(wake_at, state.kill_at);
    if (state.terminating && !state.group_killed && state.reaped) wake_at = now + kGroupPoll;
    if (state.drain_until) wake_at = std::min(wake_at, *state.drain_until);
    if (context.run_one_until(wake_at) == 0 && context.stopped()) {
      context.restart();
      std::this_thread::sleep_until(std::min(wake_at, Clock::now() + kGroupPoll));
    }
  }

  if (signal_watch) signal_watch->close();
  const auto status = platform::decode_wait_status(state.native_status);
  if (state.terminating) {
    result.outcome = state.termination;
    result.signal = state.termination == Outcome::Interrupted ? state.received : 0;
    result.exit_code = status.exited ? status.code : 0;
  } else if (status.exited) {
    result.outcome = Outcome::Exited;
    result.exit_code = status.code;
  } else {
    result.outcome = Outcome::Signaled;
    result.signal = status.signal;
  }
  result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - started);
  return result;
}

std::unique_ptr<CommandRunner> make_process_runner(milliseconds kill_grace) {
  return std::make_unique<ProcessRunner>(kill_grace);
}

}  // namespace awsdns::launcher
