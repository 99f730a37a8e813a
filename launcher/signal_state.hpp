#pragma once
// Internal to launcher/: the state Interruption's portable part (interruption.cpp) shares with the
// system's handlers (interrupt_posix.cpp, interrupt_windows.cpp). Lock-free atomics: every
// function may be called from a signal handler or a console control handler's thread.

namespace awsdns::launcher::signal_state {

/// True while an Interruption::Section is alive (a child runs, or a wait is under way).
bool in_section();

/// Records `signal_number` unless a signal is recorded already; true when this one was recorded.
bool record(int signal_number);

/// Forgets the recorded signal, so Interruption::received() is 0 again.
void forget();

}  // namespace awsdns::launcher::signal_state
