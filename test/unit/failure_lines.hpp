#pragma once
// A Failure's message read back into the Diagnostics it was made of (util::lines_of: one
// "FILE[:LINE[:COLUMN]]: message" per line), so tests check each error's line and column.

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "util/diagnostic.hpp"

namespace awsdns::test {

/// `message`'s lines as Diagnostics of `file` (a line that does not start with it: message only).
inline util::Diagnostics diagnostics_of(const std::string& message, const std::string& file) {
  util::Diagnostics diagnostics;
  for (const std::string& line : util::split_lines(message)) {
    util::Diagnostic diagnostic;
    std::string_view rest = line;
    if (rest.substr(0, file.size()) == file) {
      diagnostic.file = file;
      rest.remove_prefix(file.size());
      int* fields[] = {&diagnostic.line, &diagnostic.column};
      for (int* field : fields) {
        if (rest.size() < 2 || rest[0] != ':' || rest[1] < '0' || rest[1] > '9') break;
        rest.remove_prefix(1);
        std::size_t digits = 0;
        *field = std::stoi(std::string(rest), &digits);
        rest.remove_prefix(digits);
      }
      if (rest.substr(0, 2) == ": ") rest.remove_prefix(2);
    }
    diagnostic.message = std::string(rest);
    diagnostics.push_back(std::move(diagnostic));
  }
  return diagnostics;
}

/// The Diagnostics of `result`'s failure (none when it holds a value).
template <class T>
util::Diagnostics diagnostics_of(const Result<T>& result, const std::string& file) {
  return result ? util::Diagnostics{} : diagnostics_of(result.error().message, file);
}

}  // namespace awsdns::test
