// The Microsoft C runtime's argument rules, in reverse: 2n backslashes before a quote are n
// backslashes, 2n+1 backslashes before a quote are n backslashes and a literal quote; backslashes
// not before a quote are literal.

#include "util/command_line.hpp"

namespace awsdns::util {

std::string windows_quoted_argument(const std::string& argument) {
  if (!argument.empty() && argument.find_first_of(" \t\n\v\"") == std::string::npos) {
    return argument;
  }
  std::string quoted = "\"";
  std::size_t backslashes = 0;
  for (const char c : argument) {
    if (c == '\\') {
      ++backslashes;
      continue;
    }
    if (c == '"') {
      quoted.append(backslashes * 2 + 1, '\\');  // the backslashes doubled, then \"
    } else {
      quoted.append(backslashes, '\\');
    }
    backslashes = 0;
    quoted += c;
  }
  quoted.append(backslashes * 2, '\\');  // before the closing quote: doubled
  quoted += '"';
  return quoted;
}

std::string windows_command_line(const std::string& program,
                                 const std::vector<std::string>& arguments) {
  std::string line = "\"" + program + "\"";
  for (const auto& argument : arguments) line += " " + windows_quoted_argument(argument);
  return line;
}

}  // namespace awsdns::util
