#include "util/duration.hpp"

#include <iomanip>
#include <sstream>

namespace awsdns::util {

std::string duration_text(std::chrono::milliseconds duration, Rounding rounding) {
  const long long ms = duration.count();
  if (ms < 0) return "-" + duration_text(-duration, rounding);
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + " s";
  if (ms < 1000) return std::to_string(ms) + " ms";
  const long long tenths = rounding == Rounding::Up ? (ms + 99) / 100 : (ms + 50) / 100;
  if (tenths % 10 == 0) return std::to_string(tenths / 10) + " s";
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

std::string seconds_number(double seconds) {
  std::ostringstream text;
  text << std::setprecision(6) << std::noshowpoint << seconds;
  return text.str();
}

}  // namespace awsdns::util
