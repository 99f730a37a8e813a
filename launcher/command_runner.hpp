#pragma once
// Spawning behind a small interface (cf. ninja's CommandRunner): the route53 logic and the
// commands run children only through CommandRunner, so tests can substitute a fake. A run is
// either waited for at once (run) or started to go on beside others (start, wait_any, stop; cf.
// ninja's SubprocessSet); time is the caller's steady clock (a fake runner's virtual time).

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "util/environment.hpp"

namespace awsdns::launcher {

using util::Environment;
class Interruption;

/// Where a child's standard stream goes.
enum class StreamMode {
  Inherit,  // the child uses awsdns's own stream
  Capture,  // collected into RunResult (stdout_text / stderr_text)
  Null,     // /dev/null
  Filter,   // piped, `Command::redact` strings replaced by ***, written to the runner's stream
};

/// One child to run: an argv (never a shell) with a complete environment and a time limit.
struct Command {
  std::string executable;                    // absolute path; resolve with find_executable() first
  std::vector<std::string> args;             // argv[1..]; argv[0] is the executable
  Environment environment;                   // the child's whole environment
  std::chrono::milliseconds timeout{0};      // wall-clock limit; 0 = none
  StreamMode stdin_mode = StreamMode::Null;  // Inherit or Null
  StreamMode stdout_mode = StreamMode::Capture;
  StreamMode stderr_mode = StreamMode::Capture;
  /// For StreamMode::Filter: each occurrence of these strings (those at least
  /// kMinScrubbedSecretLength (core/redaction.hpp) long) becomes ***; no other byte is added,
  /// removed or delayed, except a tail that could be the start of one of them (until more output
  /// decides).
  std::vector<std::string> redact;
  /// With stdin Inherit: when stdin is the terminal whose foreground awsdns holds, the child's
  /// process group holds it while the child runs (interactive commands), then awsdns again.
  bool foreground = false;
};

/// How a run ended.
enum class Outcome {
  Exited,       // the child exited by itself; see exit_code
  Signaled,     // the child died of a signal it was not sent by us; see signal
  TimedOut,     // the time limit expired; the whole process group was killed
  StartFailed,  // the child could not be started; see start_error
  Interrupted,  // awsdns received SIGINT/SIGTERM/SIGHUP; forwarded to the child's group
};

/// Everything known about a finished run.
struct RunResult {
  Outcome outcome = Outcome::Exited;
  int exit_code = 0;            // Exited: the child's code
  int signal = 0;               // Signaled: the child's signal; Interrupted: the signal received
  std::error_code start_error;  // StartFailed: e.g. ENOENT, EACCES
  std::string stdout_text;      // Capture only
  std::string stderr_text;      // Capture only
  std::chrono::milliseconds elapsed{0};
};

/// Names a run made with CommandRunner::start (never 0).
using RunId = std::uint64_t;

/// A run made with CommandRunner::start that ended.
struct FinishedRun {
  RunId id = 0;
  RunResult result;
};

/// Runs children and reports how they ended (exit, time-out, interruption). Runs made with
/// start() go on beside each other and beside run(): each is supervised as run() supervises its
/// child (time limit, a received termination signal forwarded, the tree killed) during every
/// call of run(), wait_any() and stop(); between those calls they run on unsupervised, so a
/// caller keeps its pauses short and bounded by its own deadline.
class CommandRunner {
 public:
  virtual ~CommandRunner() = default;
  /// Runs `command` to its end; never throws for failures of the child itself.
  virtual RunResult run(const Command& command) = 0;
  /// Starts `command` and returns at once; its result comes from wait_any() (a child that could
  /// not start, or awsdns already interrupted, ends at once).
  virtual RunId start(const Command& command) = 0;
  /// Waits until a started run has ended, at most until `until`: the run that ended first (each
  /// once), or nullopt at `until`, and at once when no started run is left.
  virtual std::optional<FinishedRun> wait_any(std::chrono::steady_clock::time_point until) = 0;
  /// Ends started run `id` now (its tree asked to end, killed after the kill grace) and waits
  /// for it; its result is dropped. Nothing for a run wait_any() returned already.
  virtual void stop(RunId id) = 0;
};

/// The real runner (a ChildProcess per run, all supervised on one io_context): the child's tree is
/// its own (POSIX: a new process group, SIGKILLed by the kernel if awsdns dies, on Linux);
/// tree-wide SIGTERM then SIGKILL after `kill_grace` on time-out or stop(), the received signal on
/// interruption (read from `interruption`); never blocks on a pipe held open by a grandchild.
/// Filter output goes to `out` (stdout) and `err`.
std::unique_ptr<CommandRunner> make_process_runner(
    Interruption& interruption, std::ostream& out, std::ostream& err,
    std::chrono::milliseconds kill_grace = std::chrono::milliseconds(2000));

/// The same with the process's Interruption and std::cout / std::cerr (tests and tools).
std::unique_ptr<CommandRunner> make_process_runner(
    std::chrono::milliseconds kill_grace = std::chrono::milliseconds(2000));

/// The longest a run of make_process_runner(kill_grace) can last past Command::timeout: the kill
/// grace, then the last drain of its pipes. A caller with a deadline gives a run at most
/// (deadline - now - run_overrun(kill_grace)) as its timeout.
std::chrono::milliseconds run_overrun(std::chrono::milliseconds kill_grace);

/// Resolves a command name: a name containing '/' is taken as a path; otherwise it is searched in
/// `path_list` (a PATH value). Returns an empty string when not found.
std::string find_executable(std::string_view name, std::string_view path_list);

/// True when `path` names a regular file this process may execute.
bool is_executable_file(const std::string& path);

/// True when a command name is a path to take as given, not a name to search for in PATH (it
/// has a '/'; on Windows also a '\\' or a drive's ':').
bool names_a_path(std::string_view name);

/// The exit status awsdns reports for a run (child's code, 128+N, Timeout, NotFound, ...).
int exit_status_of(const RunResult& result);

}  // namespace awsdns::launcher
