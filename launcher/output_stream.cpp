// Capture and line filtering of a child's output.

#include "launcher/output_stream.hpp"

namespace awsdns::launcher {
namespace {

// A child that prints without end must not exhaust memory: capture stops growing here.
constexpr std::size_t kMaxCapture = 64u << 20;
// A "line" this long without '\n' is filtered and printed in pieces.
constexpr std::size_t kMaxLine = 1u << 20;

}  // namespace

OutputStream::OutputStream(StreamMode mode, std::string* capture, std::FILE* sink,
                           std::function<std::string(std::string_view)> filter)
    : mode_(mode), capture_(capture), sink_(sink), filter_(std::move(filter)) {}

void OutputStream::append(std::string_view data) {
  if (mode_ == StreamMode::Capture) {
    if (capture_ == nullptr || capture_->size() >= kMaxCapture) return;
    capture_->append(data.substr(0, kMaxCapture - capture_->size()));
    return;
  }
  if (mode_ != StreamMode::Filter) return;
  while (!data.empty()) {
    const auto newline = data.find('\n');
    if (newline == std::string_view::npos) {
      partial_line_.append(data);
      if (partial_line_.size() >= kMaxLine) {
        emit_line(partial_line_);
        partial_line_.clear();
      }
      return;
    }
    if (partial_line_.empty()) {
      emit_line(data.substr(0, newline));
    } else {
      partial_line_.append(data.substr(0, newline));
      emit_line(partial_line_);
      partial_line_.clear();
    }
    data.remove_prefix(newline + 1);
  }
}

void OutputStream::finish() {
  if (mode_ == StreamMode::Filter && !partial_line_.empty()) {
    emit_line(partial_line_);
    partial_line_.clear();
  }
}

void OutputStream::emit_line(std::string_view line) {
  if (sink_ == nullptr) return;
  std::string text = filter_ ? filter_(line) : std::string(line);
  text += '\n';
  std::fwrite(text.data(), 1, text.size(), sink_);  // a closed stream is not the child's failure
  std::fflush(sink_);
}

}  // namespace awsdns::launcher
