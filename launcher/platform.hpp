#pragma once
// Internal to launcher/: the operating-system specifics behind the runner, the signal handlers
// and the timekeeper. POSIX implementation: platform_posix.cpp and signals_posix.cpp; a port to
// another system provides these functions in its own file.

#include <chrono>
#include <optional>
#include <string>

namespace awsdns::launcher::platform {

/// How a reaped child ended, decoded from the native wait status.
struct ChildStatus {
  bool exited = false;  // exited by itself with `code`
  int code = 0;
  int signal = 0;     // otherwise: the signal that killed it
  bool known = true;  // false: the status could not be collected
};

/// Decodes a native wait status (waitpid's `status`).
ChildStatus decode_wait_status(int native_status);

/// Sends `signal_number` to the process group `group` (and to `leader` when > 0, in case the
/// leader left its group). Missing processes are not an error.
void signal_group(int group, int leader, int signal_number);

/// True while any process of the group `group` exists (zombies excepted).
bool group_exists(int group);

/// The signal sent when a run times out (SIGTERM) and the one that cannot be caught (SIGKILL).
int termination_signal();
int kill_signal();

/// Runs in the child between fork and exec (async-signal-safe only): new process group, default
/// dispositions for the signals awsdns handles and for SIGPIPE, signal mask of before the launch.
/// Returns 0 or an errno value.
int prepare_child_process();

/// The exit status of child `pid` once it has ended (nullopt while it runs), without reaping it:
/// the zombie keeps its pid, and so its process-group id, from being reused while the group is
/// still signalled.
std::optional<ChildStatus> exit_status_without_reaping(int pid);

/// Reaps child `pid` (blocking; it has ended or was killed); ignores pid <= 0. Also used for a
/// child whose exec failed, which the Boost.Process launcher leaves as a zombie.
void reap_child(int pid);

/// A descriptor that becomes readable when child `pid` ends (Linux pidfd; close-on-exec), or -1
/// where the system has none. The caller closes it.
int open_process_fd(int pid);

/// True when `path` names a regular file this process may execute.
bool is_executable_file(const std::string& path);

/// The separator of a PATH value (':' on POSIX).
char path_list_separator();

/// True when `path` is absolute.
bool is_absolute_path(const std::string& path);

/// Blocks the termination signals in the calling thread for its lifetime (around fork, so a
/// signal cannot run awsdns's handler in a child that has not exec'd yet).
class TerminationSignalsBlocked {
 public:
  TerminationSignalsBlocked();
  ~TerminationSignalsBlocked();
  TerminationSignalsBlocked(const TerminationSignalsBlocked&) = delete;
  TerminationSignalsBlocked& operator=(const TerminationSignalsBlocked&) = delete;

 private:
  bool restore_ = false;
};

/// A close-on-exec duplicate of the self-pipe's read end, readable once a termination signal was
/// received (it stays readable); -1 when install_signal_handlers() was not called. Caller closes.
int duplicate_signal_wake_fd();

/// Waits up to `duration` for a termination signal; true when one was received.
bool wait_for_signal(std::chrono::milliseconds duration);

}  // namespace awsdns::launcher::platform
