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

/// The descriptors that become a child's stdin, stdout and stderr; -1 leaves the stream inherited.
struct ChildStreams {
  int input = -1;
  int output = -1;
  int error = -1;
};

/// Starts `executable` (an absolute path) with `argv` and exactly `environment` (both
/// null-terminated) without copying awsdns's memory (vfork; the child makes only async-signal-safe
/// system calls until execve): parent-death signal SIGKILL (Linux; the child ends at once if awsdns
/// already died), new process group, which takes the foreground of `terminal` when it is >= 0,
/// default dispositions for the signals awsdns handles and for SIGPIPE, the signal mask of before
/// TerminationSignalsBlocked, `streams` on 0-2 and no other descriptor. Returns 0 and sets `pid`,
/// or an errno value, exec failures (ENOENT, EACCES) included; a child that failed is reaped and
/// the terminal's foreground is awsdns's again.
int spawn_child(const char* executable, const char* const* argv, const char* const* environment,
                const ChildStreams& streams, int terminal, int& pid);

/// The descriptor of the terminal whose foreground awsdns holds (stdin, when it is a terminal
/// whose foreground process group is awsdns's own), or -1.
int foreground_terminal();

/// Lends the foreground of a terminal (from foreground_terminal(); -1: does nothing) to one child's
/// process group. While alive, awsdns ignores SIGTTOU, so that it may write to the terminal and
/// take the foreground back from the background; the child gets awsdns's earlier SIGTTOU
/// disposition. The destructor takes the foreground back.
class TerminalLoan {
 public:
  explicit TerminalLoan(int terminal);
  ~TerminalLoan();
  TerminalLoan(const TerminalLoan&) = delete;
  TerminalLoan& operator=(const TerminalLoan&) = delete;

  /// The terminal lent (pass it to spawn_child), or -1.
  int terminal() const { return terminal_; }
  /// Records the process group that took the foreground (the child's).
  void lent_to(int group) { group_ = group; }
  /// Gives the foreground back to awsdns's group if the child's group holds it.
  void reclaim();
  /// When child `pid` (the group's leader) was stopped from the terminal (SIGTSTP, SIGTTIN,
  /// SIGTTOU) since the last call: takes the foreground back, stops awsdns the same way for its
  /// shell and, once awsdns is continued, lends the foreground again if awsdns holds it and
  /// continues the child's group. True when that happened.
  bool relay_stop(int pid);

 private:
  int terminal_;
  int group_ = 0;
};

/// The exit status of child `pid` once it has ended (nullopt while it runs), without reaping it:
/// the zombie keeps its pid, and so its process-group id, from being reused while the group is
/// still signalled.
std::optional<ChildStatus> exit_status_without_reaping(int pid);

/// Reaps child `pid` (blocking; it has ended or was killed); ignores pid <= 0.
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

/// Blocks the termination signals in the calling thread for its lifetime (around the start of a
/// child, so a signal cannot run awsdns's handler in a child that has not exec'd yet).
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

/// While alive, a termination signal is recorded for the caller to handle (a child runs, or a wait
/// is under way); outside every section the handler exits awsdns at once with 128+signal, so no
/// step of awsdns can ignore SIGTERM.
class SignalSection {
 public:
  SignalSection();
  ~SignalSection();
  SignalSection(const SignalSection&) = delete;
  SignalSection& operator=(const SignalSection&) = delete;
};

/// Waits up to `duration` for a termination signal; true when one was received.
bool wait_for_signal(std::chrono::milliseconds duration);

}  // namespace awsdns::launcher::platform
