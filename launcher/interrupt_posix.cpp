// POSIX termination-signal handling behind Interruption: sigaction handlers that record the first
// SIGINT/SIGTERM/SIGHUP and write one byte to a self-pipe (which then stays readable), so waits
// and the runner wake at once. SIGPIPE is ignored by awsdns; children get default dispositions
// back before exec (spawn_posix.cpp asks here which). The recorded signal and the Sections are
// kept by interruption.cpp.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cerrno>
#include <csignal>
#include <mutex>

#include "core/exit_code.hpp"
#include "launcher/internal_posix.hpp"
#include "launcher/interruption.hpp"
#include "launcher/signal_state.hpp"

namespace awsdns::launcher {
namespace {

constexpr int kTerminationSignals[] = {SIGINT, SIGTERM, SIGHUP};

std::atomic<bool> g_installed{false};
int g_wake_read = -1;
int g_wake_write = -1;

// Signal mask of the thread before TerminationSignalsBlocked, restored in the spawned child.
thread_local sigset_t t_mask_before_block;
thread_local bool t_mask_saved = false;

extern "C" void on_termination_signal(int signal_number) {
  if (!signal_state::in_section())
    ::_exit(to_int(exit_code_of_signal(signal_number)));  // no child, no lock to undo
  const int saved_errno = errno;
  if (signal_state::record(signal_number)) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t ignored = ::write(g_wake_write, &byte, 1);
  }
  errno = saved_errno;
}

void set_disposition(int signal_number, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  for (int blocked : kTerminationSignals) sigaddset(&action.sa_mask, blocked);
  action.sa_flags = (handler == SIG_DFL || handler == SIG_IGN) ? 0 : SA_RESTART;
  ::sigaction(signal_number, &action, nullptr);
}

void drain_wake_pipe() {
  char buffer[64];
  while (g_wake_read >= 0 && ::read(g_wake_read, buffer, sizeof buffer) > 0) {
  }
}

// A close-on-exec duplicate of the self-pipe's read end watched on an io_context: it only wakes
// the loop; the signal itself is read by received().
class PipeWake final : public Interruption::Wake {
 public:
  PipeWake(boost::asio::io_context& context, int descriptor) : watch_(context, descriptor) {
    watch_.async_wait(boost::asio::posix::descriptor_base::wait_read,
                      [](boost::system::error_code) {});
  }

 private:
  boost::asio::posix::stream_descriptor watch_;
};

class NoWake final : public Interruption::Wake {};

}  // namespace

void Interruption::install_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    int fds[2];
    if (::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) return;  // no handlers: default dispositions
    g_wake_read = fds[0];
    g_wake_write = fds[1];
    g_installed = true;
  });
  if (!g_installed) return;
  // Applied on every call, so a caller can take the signals back from a framework that replaced
  // the handlers (a test runner does).
  for (int signal_number : kTerminationSignals)
    set_disposition(signal_number, on_termination_signal);
  set_disposition(SIGPIPE, SIG_IGN);
}

void Interruption::clear() {
  drain_wake_pipe();
  signal_state::forget();
}

bool Interruption::sleep_for(std::chrono::milliseconds duration) {
  const Section section(*this);
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + duration;
  while (received() == 0) {
    const auto now = Clock::now();
    if (now >= deadline) return true;
    // Round up so that a sub-millisecond remainder does not spin.
    const auto remaining = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
    const int timeout_ms = remaining > 60'000 ? 60'000 : static_cast<int>(remaining);
    struct pollfd wake {
      g_wake_read, POLLIN, 0
    };
    const int ready = ::poll(&wake, g_wake_read >= 0 ? 1 : 0, timeout_ms);
    if (ready > 0 && received() == 0) {
      drain_wake_pipe();  // a stale byte (cleared signal): do not spin on it
    }
  }
  return false;
}

std::unique_ptr<Interruption::Wake> Interruption::wake(boost::asio::io_context& context) {
  const int descriptor = g_wake_read < 0 ? -1 : ::fcntl(g_wake_read, F_DUPFD_CLOEXEC, 0);
  if (descriptor < 0) return std::make_unique<NoWake>();
  return std::make_unique<PipeWake>(context, descriptor);
}

namespace posix {

void add_child_default_signals(sigset_t& set) {
  if (!g_installed.load()) return;
  for (int signal_number : kTerminationSignals) sigaddset(&set, signal_number);
  sigaddset(&set, SIGPIPE);
}

const sigset_t* mask_before_block() {
  return t_mask_saved ? &t_mask_before_block : nullptr;
}

TerminationSignalsBlocked::TerminationSignalsBlocked() {
  sigset_t set;
  sigemptyset(&set);
  for (int signal_number : kTerminationSignals) sigaddset(&set, signal_number);
  if (::pthread_sigmask(SIG_BLOCK, &set, &t_mask_before_block) == 0) {
    t_mask_saved = true;
    restore_ = true;
  }
}

TerminationSignalsBlocked::~TerminationSignalsBlocked() {
  if (!restore_) return;
  t_mask_saved = false;
  ::pthread_sigmask(SIG_SETMASK, &t_mask_before_block, nullptr);
}

}  // namespace posix
}  // namespace awsdns::launcher
