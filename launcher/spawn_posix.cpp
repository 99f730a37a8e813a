// POSIX start of a child. vfork: the child shares
// awsdns's memory (so nothing is copied: BENCHMARKS.md B1) and runs on its stack until execve,
// so it only makes async-signal-safe system calls on data prepared by the parent, with every
// signal blocked; posix_spawn would be as fast but cannot set a parent-death signal.

#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>

#include "launcher/internal_posix.hpp"
#if defined(__linux__)
#include <sys/prctl.h>
#endif

namespace awsdns::launcher::posix {
namespace {

// Everything the child needs, prepared by the parent: the child allocates nothing.
struct ChildPlan {
  const char* executable = nullptr;
  char* const* argv = nullptr;
  char* const* environment = nullptr;
  int sources[3] = {-1, -1, -1};
  int terminal = -1;
  pid_t parent = 0;
  sigset_t mask{};      // the mask the program starts with
  sigset_t defaults{};  // signals set to SIG_DFL whatever their disposition
  bool restore_ttou = false;
  struct sigaction ttou {};
  long open_max = 0;
  volatile int* error = nullptr;  // errno of the step that failed, read by the parent
};

[[noreturn]] void fail(const ChildPlan& plan) noexcept {
  *plan.error = errno != 0 ? errno : EINVAL;
  ::_exit(127);
}

// Handlers would run in memory the child shares with awsdns: every caught signal goes back to
// SIG_DFL (as posix_spawn does), and the signals of `defaults` too.
void reset_dispositions(const ChildPlan& plan) noexcept {
  struct sigaction by_default {};
  by_default.sa_handler = SIG_DFL;
  sigemptyset(&by_default.sa_mask);
  if (plan.restore_ttou) ::sigaction(SIGTTOU, &plan.ttou, nullptr);
  for (int signal_number = 1; signal_number < NSIG; ++signal_number) {
    if (signal_number == SIGKILL || signal_number == SIGSTOP) continue;
    struct sigaction current {};
    if (::sigaction(signal_number, nullptr, &current) != 0) continue;  // reserved by the libc
    const bool caught = (current.sa_flags & SA_SIGINFO) != 0 ||
                        (current.sa_handler != SIG_DFL && current.sa_handler != SIG_IGN);
    if (caught ||
        (sigismember(&plan.defaults, signal_number) == 1 && current.sa_handler != SIG_DFL)) {
      ::sigaction(signal_number, &by_default, nullptr);
    }
  }
}

// `sources` onto 0-2; every other descriptor closed.
void place_streams(const ChildPlan& plan) noexcept {
  int sources[3] = {plan.sources[0], plan.sources[1], plan.sources[2]};
  // A source below 3 could be overwritten by an earlier dup2 (or be its own target, which dup2
  // leaves close-on-exec): move it above 2 first.
  for (int& source : sources) {
    if (source >= 0 && source < 3 && (source = ::fcntl(source, F_DUPFD, 3)) < 0) fail(plan);
  }
  for (int target = 0; target < 3; ++target) {
    if (sources[target] >= 0 && ::dup2(sources[target], target) < 0) fail(plan);
  }
#if defined(__linux__) && defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 34)
  if (::close_range(3, ~0U, 0) == 0) return;
#endif
  for (long fd = 3; fd < plan.open_max; ++fd) ::close(static_cast<int>(fd));
}

[[noreturn]] void exec_child(const ChildPlan& plan) noexcept {
#if defined(__linux__)
  // Dies with awsdns, also when awsdns is SIGKILLed; awsdns may have died before this line.
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(plan);
  if (::getppid() != plan.parent) ::_exit(127);
#endif
  if (::setpgid(0, 0) != 0) fail(plan);
  // Before execve, so the program never reads the terminal from the background. SIGTTOU, sent to
  // a background group that calls this, is blocked here.
  if (plan.terminal >= 0) ::tcsetpgrp(plan.terminal, ::getpid());
  reset_dispositions(plan);
  place_streams(plan);
  ::sigprocmask(SIG_SETMASK, &plan.mask, nullptr);
  ::execve(plan.executable, plan.argv, plan.environment);
  fail(plan);
}

// The child runs on this frame's stack until it execs or exits; only then does vfork return here.
__attribute__((noinline)) pid_t start_child(const ChildPlan& plan) {
  const pid_t pid = ::vfork();
  if (pid == 0) exec_child(plan);
  return pid;
}

}  // namespace

int spawn_child(const char* executable, const char* const* argv, const char* const* environment,
                const ChildStreams& streams, const ChildTerminal& terminal, int& pid) {
  volatile int child_error = 0;
  ChildPlan plan;
  plan.executable = executable;
  plan.argv = const_cast<char* const*>(argv);
  plan.environment = const_cast<char* const*>(environment);
  plan.sources[0] = streams.input;
  plan.sources[1] = streams.output;
  plan.sources[2] = streams.error;
  plan.terminal = terminal.descriptor;
  plan.parent = ::getpid();
  sigemptyset(&plan.defaults);
  add_child_default_signals(plan.defaults);
  plan.restore_ttou = terminal.ttou != nullptr;
  if (plan.restore_ttou) plan.ttou = *terminal.ttou;
  plan.open_max = ::sysconf(_SC_OPEN_MAX) > 0 ? ::sysconf(_SC_OPEN_MAX) : 1024;
  plan.error = &child_error;

  sigset_t all, before;
  sigfillset(&all);
  if (const int error = ::pthread_sigmask(SIG_BLOCK, &all, &before); error != 0) return error;
  plan.mask = mask_before_block() != nullptr ? *mask_before_block() : before;
  const pid_t child = start_child(plan);
  const int fork_error = child < 0 ? errno : 0;
  ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
  if (child < 0) return fork_error;
  if (const int error = child_error; error != 0) {
    const int tty = terminal.descriptor;
    if (tty >= 0 && ::tcgetpgrp(tty) == child) ::tcsetpgrp(tty, ::getpgrp());
    reap_child(child);
    return error;
  }
  pid = child;
  return 0;
}

}  // namespace awsdns::launcher::posix
