#pragma once
// Internal to launcher/: where the bytes read from a child's stdout or stderr pipe go (Capture:
// into a string; Filter: through a StreamRedactor, then to awsdns's own stream).

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "launcher/command_runner.hpp"
#include "launcher/stream_redactor.hpp"

namespace awsdns::launcher {

/// Receives a child's output in arbitrary chunks and delivers it according to a StreamMode.
class OutputStream {
 public:
  /// `capture` receives Capture output; `sink` receives Filter output, with each occurrence of a
  /// string of `redact` replaced by *** and nothing else changed.
  OutputStream(StreamMode mode, std::string* capture, std::ostream* sink,
               std::vector<std::string> redact);
  /// Delivers the next chunk read from the pipe (Filter: at once, but for a tail that could
  /// start a secret).
  void append(std::string_view data);
  /// End of output: delivers what was held back.
  void finish();

 private:
  void write(const std::string& bytes);

  StreamMode mode_;
  std::string* capture_;
  std::ostream* sink_;
  StreamRedactor redactor_;
};

}  // namespace awsdns::launcher
