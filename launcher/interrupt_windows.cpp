// Windows termination requests behind Interruption: a console control handler (it runs on a
// thread of its own that the system starts) records the first CTRL_C, CTRL_BREAK, CTRL_CLOSE,
// CTRL_LOGOFF or CTRL_SHUTDOWN event as a signal-like number (internal_windows.hpp), sets an
// event that interruptible sleeps wait on and posts a wake-up to every io_context registered by
// wake(). Outside every Section it ends awsdns at once with 128+N. Windows ends the process
// after the handler returns for the close, log-off and shut-down events anyway; the child's tree
// then ends with the job handle (KILL_ON_JOB_CLOSE, process_windows.cpp). The recorded signal and
// the Sections are kept by interruption.cpp.

#include <windows.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <mutex>
#include <set>

#include "core/exit_code.hpp"
#include "launcher/internal_windows.hpp"
#include "launcher/interruption.hpp"
#include "launcher/signal_state.hpp"

namespace awsdns::launcher {
namespace {

// The event sleeps wait on (manual reset: set from the first event until clear()) and the
// io_contexts to wake, shared by the handler thread and the rest of awsdns.
class WakeTargets {
 public:
  static WakeTargets& instance() {
    static WakeTargets targets;
    return targets;
  }
  HANDLE event() const { return event_; }
  void add(boost::asio::io_context* context) {
    const std::lock_guard lock(mutex_);
    contexts_.insert(context);
  }
  void remove(boost::asio::io_context* context) {
    const std::lock_guard lock(mutex_);
    contexts_.erase(context);
  }
  // Sets the event and completes a handler on each registered context.
  void wake_all() {
    if (event_ != nullptr) ::SetEvent(event_);
    const std::lock_guard lock(mutex_);
    for (boost::asio::io_context* context : contexts_) boost::asio::post(*context, [] {});
  }

 private:
  WakeTargets() : event_(::CreateEventW(nullptr, TRUE, FALSE, nullptr)) {}
  HANDLE event_;
  std::mutex mutex_;
  std::set<boost::asio::io_context*> contexts_;
};

// The signal-like number of a console control event, or 0 for an event awsdns leaves alone.
int signal_of(DWORD control_event) {
  switch (control_event) {
    case CTRL_C_EVENT:
      return windows::kInterruptSignal;
    case CTRL_BREAK_EVENT:
      return windows::kBreakSignal;
    case CTRL_CLOSE_EVENT:
      return windows::kCloseSignal;
    case CTRL_LOGOFF_EVENT:
    case CTRL_SHUTDOWN_EVENT:
      return windows::kTerminateSignal;
    default:
      return 0;
  }
}

BOOL WINAPI on_control_event(DWORD control_event) {
  const int signal_number = signal_of(control_event);
  if (signal_number == 0) return FALSE;
  if (!signal_state::in_section()) {
    // No child, no lock to undo (as _exit in the POSIX handler).
    ::TerminateProcess(::GetCurrentProcess(),
                       static_cast<UINT>(to_int(exit_code_of_signal(signal_number))));
  }
  if (signal_state::record(signal_number)) WakeTargets::instance().wake_all();
  return TRUE;
}

// Keeps one io_context registered for wake-ups.
class ContextWake final : public Interruption::Wake {
 public:
  explicit ContextWake(boost::asio::io_context& context) : context_(context) {
    WakeTargets::instance().add(&context_);
  }
  ~ContextWake() override { WakeTargets::instance().remove(&context_); }

 private:
  boost::asio::io_context& context_;
};

}  // namespace

void Interruption::install_handlers() {
  WakeTargets::instance();  // created before the handler can run
  // A parent that started awsdns in a new process group left CTRL_C disabled: take it back.
  ::SetConsoleCtrlHandler(nullptr, FALSE);
  static std::once_flag once;
  std::call_once(once, [] { ::SetConsoleCtrlHandler(on_control_event, TRUE); });
}

void Interruption::clear() {
  signal_state::forget();
  if (const HANDLE event = WakeTargets::instance().event()) ::ResetEvent(event);
}

bool Interruption::sleep_for(std::chrono::milliseconds duration) {
  const Section section(*this);
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + duration;
  const HANDLE event = WakeTargets::instance().event();
  while (received() == 0) {
    const auto now = Clock::now();
    if (now >= deadline) return true;
    // Round up so that a sub-millisecond remainder does not spin.
    const auto remaining = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
    const DWORD timeout_ms = remaining > 60'000 ? 60'000 : static_cast<DWORD>(remaining);
    if (event == nullptr) {
      ::Sleep(timeout_ms);
    } else if (::WaitForSingleObject(event, timeout_ms) == WAIT_OBJECT_0 && received() == 0) {
      ::ResetEvent(event);  // set for a signal that was cleared since: do not spin on it
    }
  }
  return false;
}

std::unique_ptr<Interruption::Wake> Interruption::wake(boost::asio::io_context& context) {
  return std::make_unique<ContextWake>(context);
}

}  // namespace awsdns::launcher
