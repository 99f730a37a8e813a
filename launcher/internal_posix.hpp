#pragma once
// Internal to launcher/ (POSIX only): what the *_posix.cpp files need of each other. The child
// is started by spawn_posix.cpp, lent the terminal by terminal_posix.cpp, held and signalled by
// process_posix.cpp; interrupt_posix.cpp keeps the signal state the start depends on.

#include <signal.h>

namespace awsdns::launcher::posix {

// ---- interrupt_posix.cpp ---------------------------------------------------------------------

/// Adds to `set` the signals a child must start with at their default disposition: the
/// termination signals and SIGPIPE once the handlers were installed; nothing otherwise.
void add_child_default_signals(sigset_t& set);

/// The calling thread's signal mask from before its TerminationSignalsBlocked, or nullptr when
/// none is alive.
const sigset_t* mask_before_block();

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

// ---- spawn_posix.cpp -------------------------------------------------------------------------

/// The descriptors that become a child's stdin, stdout and stderr; -1 leaves the stream inherited.
struct ChildStreams {
  int input = -1;
  int output = -1;
  int error = -1;
};

/// What spawn_child needs of a terminal lent to the child (TerminalLoan).
struct ChildTerminal {
  int descriptor = -1;                     // the terminal, or -1: none lent
  const struct sigaction* ttou = nullptr;  // SIGTTOU disposition the child gets back, or null
};

/// Starts `executable` (an absolute path) with `argv` and exactly `environment` (both
/// null-terminated) without copying awsdns's memory (vfork; the child makes only async-signal-safe
/// system calls until execve): parent-death signal SIGKILL (Linux; the child ends at once if awsdns
/// already died), new process group, which takes the foreground of `terminal` when one is lent,
/// default dispositions for the signals awsdns handles and for SIGPIPE, the signal mask of before
/// TerminationSignalsBlocked, `streams` on 0-2 and no other descriptor. Returns 0 and sets `pid`,
/// or an errno value, exec failures (ENOENT, EACCES) included; a child that failed is reaped and
/// the terminal's foreground is awsdns's again.
int spawn_child(const char* executable, const char* const* argv, const char* const* environment,
                const ChildStreams& streams, const ChildTerminal& terminal, int& pid);

// ---- terminal_posix.cpp ----------------------------------------------------------------------

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

  /// What spawn_child needs: the terminal lent (or -1) and the SIGTTOU disposition to restore.
  ChildTerminal for_child() const;
  /// True when a terminal is lent.
  bool lending() const { return terminal_ >= 0; }
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
  struct sigaction ttou_before_ {};
};

// ---- process_posix.cpp -----------------------------------------------------------------------

/// Sends `signal_number` to the process group `group` (and to `leader` when > 0, in case the
/// leader left its group). Missing processes are not an error.
void signal_group(int group, int leader, int signal_number);

/// Reaps child `pid` (blocking; it has ended or was killed); ignores pid <= 0.
void reap_child(int pid);

}  // namespace awsdns::launcher::posix
