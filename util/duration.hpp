#pragma once
// The one way durations are shown in messages, and seconds given on a command line echoed back.

#include <chrono>
#include <string>

namespace awsdns::util {

/// How a duration shown in tenths of a second is rounded: to the nearest tenth, or up (for a
/// bound that must not be understated, such as a worst case).
enum class Rounding { Nearest, Up };

/// A duration for a message: "3 s" for whole seconds, "700 ms" below one second, otherwise
/// seconds with one decimal, a trailing ".0" dropped ("2.5 s", "410.2 s", 1.96 s -> "2 s").
std::string duration_text(std::chrono::milliseconds duration,
                          Rounding rounding = Rounding::Nearest);

/// A number of seconds as the user wrote it, without a unit: "2", "0.5", "12.25" (up to six
/// significant digits, no trailing zeros).
std::string seconds_number(double seconds);

}  // namespace awsdns::util
