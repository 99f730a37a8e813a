#pragma once
// Internal to launcher/ (POSIX only): what spawn_posix.cpp needs of the signal state kept in
// signals_posix.cpp.

#include <signal.h>

namespace awsdns::launcher::posix {

/// Adds to `set` the signals a child must start with at their default disposition: the
/// termination signals and SIGPIPE once install_signal_handlers() ran; nothing otherwise.
void add_child_default_signals(sigset_t& set);

/// The calling thread's signal mask from before its TerminationSignalsBlocked, or nullptr when
/// none is alive.
const sigset_t* mask_before_block();

}  // namespace awsdns::launcher::posix
