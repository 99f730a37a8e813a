// The part of Interruption that is the same on every system: the one instance, the first signal
// received and the count of live Sections; the handlers are the system's (interrupt_posix.cpp,
// interrupt_windows.cpp), which reach this state through signal_state.hpp.

#include "launcher/interruption.hpp"

#include <atomic>

#include "launcher/signal_state.hpp"

namespace awsdns::launcher {
namespace {

std::atomic<int> g_received_signal{0};
static_assert(std::atomic<int>::is_always_lock_free, "signal handler needs a lock-free atomic");
// > 0 while a child runs or a wait is under way: a signal is recorded and handled there. At 0
// nothing would look at it soon (awsdns is parsing or computing), so the handler ends awsdns.
std::atomic<int> g_signal_sections{0};

}  // namespace

namespace signal_state {

bool in_section() {
  return g_signal_sections.load() != 0;
}

bool record(int signal_number) {
  int expected = 0;
  return g_received_signal.compare_exchange_strong(expected, signal_number);
}

void forget() {
  g_received_signal.store(0);
}

}  // namespace signal_state

Interruption& Interruption::of_process() {
  static Interruption interruption;
  return interruption;
}

int Interruption::received() const {
  return g_received_signal.load();
}

Interruption::Section::Section(Interruption&) {
  ++g_signal_sections;
}

Interruption::Section::~Section() {
  --g_signal_sections;
}

}  // namespace awsdns::launcher
