#pragma once
// Internal to launcher/: where the bytes read from a child's stdout or stderr pipe go (Capture:
// into a string; Filter: line by line through a function, then to awsdns's own stream).

#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "launcher/command_runner.hpp"

namespace awsdns::launcher {

/// Receives a child's output in arbitrary chunks and delivers it according to a StreamMode.
class OutputStream {
 public:
  /// `capture` receives Capture output; `sink` receives Filter output; `filter` maps each line
  /// (identity when empty).
  OutputStream(StreamMode mode, std::string* capture, std::FILE* sink,
               std::function<std::string(std::string_view)> filter);
  /// Delivers the next chunk read from the pipe.
  void append(std::string_view data);
  /// End of output: delivers a final line that had no '\n'.
  void finish();

 private:
  void emit_line(std::string_view line);

  StreamMode mode_;
  std::string* capture_;
  std::FILE* sink_;
  std::function<std::string(std::string_view)> filter_;
  std::string partial_line_;
};

}  // namespace awsdns::launcher
