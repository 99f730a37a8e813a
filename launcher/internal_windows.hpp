#pragma once
// Internal to launcher/ (Windows only): what process_windows.cpp and interrupt_windows.cpp share.

#include <string>
#include <string_view>
#include <system_error>

namespace awsdns::launcher::windows {

// ---- interrupt_windows.cpp -------------------------------------------------------------------

/// The signal-like numbers Interruption::received() returns for the console's control events
/// (the C runtime's numbers where it has one): CTRL_C_EVENT -> SIGINT (2), CTRL_BREAK_EVENT ->
/// SIGBREAK (21), CTRL_CLOSE_EVENT -> 1 (SIGHUP's number: the console went away),
/// CTRL_LOGOFF_EVENT and CTRL_SHUTDOWN_EVENT -> SIGTERM (15).
constexpr int kInterruptSignal = 2;
constexpr int kBreakSignal = 21;
constexpr int kCloseSignal = 1;
constexpr int kTerminateSignal = 15;

// ---- process_windows.cpp ---------------------------------------------------------------------

/// `text` (UTF-8) as a wide string for the W functions.
std::wstring wide(std::string_view text);

/// GetLastError() as an error code of the system category.
std::error_code last_error();

/// A CreateProcessW failure as an error code: a missing program or directory as the portable
/// no_such_file_or_directory / not_a_directory (so it means "not found", 127, everywhere), any
/// other error as the Windows error of the system category.
std::error_code start_error(unsigned long error);

}  // namespace awsdns::launcher::windows
