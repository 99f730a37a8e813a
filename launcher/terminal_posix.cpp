// POSIX job control for an interactive child: lending it the terminal's foreground, taking it
// back, and relaying its terminal stops (SIGTSTP, SIGTTIN, SIGTTOU) to awsdns's own shell.

#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "launcher/internal_posix.hpp"

namespace awsdns::launcher::posix {

int foreground_terminal() {
  if (::isatty(STDIN_FILENO) != 1) return -1;
  const pid_t group = ::tcgetpgrp(STDIN_FILENO);
  return group > 0 && group == ::getpgrp() ? STDIN_FILENO : -1;
}

TerminalLoan::TerminalLoan(int terminal) : terminal_(terminal) {
  if (terminal_ < 0) return;
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  if (::sigaction(SIGTTOU, &ignore, &ttou_before_) != 0) terminal_ = -1;
}

TerminalLoan::~TerminalLoan() {
  if (terminal_ < 0) return;
  reclaim();
  ::sigaction(SIGTTOU, &ttou_before_, nullptr);
}

ChildTerminal TerminalLoan::for_child() const {
  if (terminal_ < 0) return {};
  return {terminal_, &ttou_before_};
}

void TerminalLoan::reclaim() {
  if (terminal_ >= 0 && group_ > 0 && ::tcgetpgrp(terminal_) == group_) {
    ::tcsetpgrp(terminal_, ::getpgrp());
  }
}

bool TerminalLoan::relay_stop(int pid) {
  if (terminal_ < 0 || group_ <= 0) return false;
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WSTOPPED | WNOHANG) != 0 ||
      info.si_pid != pid || info.si_code != CLD_STOPPED) {
    return false;
  }
  const int stop = info.si_status;
  if (stop != SIGTSTP && stop != SIGTTIN && stop != SIGTTOU) return false;  // SIGSTOP: not ours
  reclaim();
  // awsdns ignores SIGTTOU while lending; its shell shows SIGTSTP instead. Returns when continued
  // (at once if awsdns ignores the signal or its group is orphaned).
  ::kill(::getpid(), stop == SIGTTOU ? SIGTSTP : stop);
  if (::tcgetpgrp(terminal_) == ::getpgrp()) ::tcsetpgrp(terminal_, group_);
  signal_group(group_, pid, SIGCONT);
  return true;
}

}  // namespace awsdns::launcher::posix
