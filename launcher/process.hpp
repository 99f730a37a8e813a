#pragma once
// One child process, portably: start it with an argv, an environment value and a choice for each
// standard stream; learn on an io_context when it ended (a caller waits with a deadline by
// running the context until then); signal, terminate or kill its whole tree. Implemented once
// per system: process_posix.cpp (process group, parent-death signal, pidfd or a poll; with
// spawn_posix.cpp and terminal_posix.cpp) and process_windows.cpp (a job object holds the tree).

#include <boost/asio/io_context.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <functional>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "util/environment.hpp"

namespace awsdns::launcher {

/// How a child ended.
struct ChildStatus {
  bool exited = false;  // exited by itself with `code`
  int code = 0;
  int signal = 0;     // otherwise: the signal that killed it
  bool known = true;  // false: the status could not be collected
};

/// What one standard stream of a child is connected to.
struct StdioChoice {
  enum class Kind { Inherit, Null, Pipe };
  Kind kind = Kind::Inherit;
  boost::asio::writable_pipe* pipe = nullptr;  // Pipe (stdout, stderr): the child's end
};

/// Everything a child is started with.
struct ChildSpec {
  std::string executable;            // absolute path; also argv[0]
  std::vector<std::string> args;     // argv[1..]
  util::Environment environment;     // the child's whole environment
  StdioChoice input, output, error;  // input: Inherit or Null
  bool foreground = false;  // with input Inherit: the child holds the terminal's foreground
};

/// A started child and the tree of processes it starts. The child is not reaped before reap(),
/// so its identity (on POSIX its pid, which is its process group's id) is not reused meanwhile.
class ChildProcess {
 public:
  ChildProcess();
  /// Kills and reaps a child that was started and not reaped.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  /// Starts the child in a tree of its own that dies with awsdns; termination signals are at
  /// their default disposition in it. Returns the error when it could not be started (an exec
  /// failure such as ENOENT or EACCES included).
  std::error_code start(const ChildSpec& spec);
  /// Calls `ended` from `context` once the child has ended, with its status (at most once).
  void on_exit(boost::asio::io_context& context, std::function<void(const ChildStatus&)> ended);
  /// Sends `signal_number` (one Interruption::received() returned) to the whole tree.
  void signal_tree(int signal_number);
  /// Asks the whole tree to end (SIGTERM on POSIX).
  void terminate_tree();
  /// Ends the whole tree at once (SIGKILL on POSIX).
  void kill_tree();
  /// True while a process of the tree other than the ended child still runs.
  bool tree_running() const;
  /// True while the child holds the terminal's foreground: call relay_job_control_stop() every
  /// so often then.
  bool holds_terminal() const;
  /// When the child was stopped from the terminal: stops awsdns the same way and, once awsdns is
  /// continued, continues the child with the terminal. True when that happened.
  bool relay_job_control_stop();
  /// Waits for the child's end (it has ended or was killed) and releases it.
  void reap();

 private:
  struct Native;
  std::unique_ptr<Native> native_;
};

}  // namespace awsdns::launcher
