// Capture and redacting pass-through of a child's output.

#include "launcher/output_stream.hpp"

namespace awsdns::launcher {
namespace {

// A child that prints without end must not exhaust memory: capture stops growing here.
constexpr std::size_t kMaxCapture = 64u << 20;

}  // namespace

OutputStream::OutputStream(StreamMode mode, std::string* capture, std::ostream* sink,
                           std::vector<std::string> redact)
    : mode_(mode), capture_(capture), sink_(sink), redactor_(std::move(redact)) {}

void OutputStream::append(std::string_view data) {
  if (mode_ == StreamMode::Capture) {
    if (capture_ == nullptr || capture_->size() >= kMaxCapture) return;
    capture_->append(data.substr(0, kMaxCapture - capture_->size()));
    return;
  }
  if (mode_ == StreamMode::Filter) write(redactor_.push(data));
}

void OutputStream::finish() {
  if (mode_ == StreamMode::Filter) write(redactor_.finish());
}

void OutputStream::write(const std::string& bytes) {
  if (sink_ == nullptr || bytes.empty()) return;
  // A closed stream is not the child's failure.
  sink_->write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  sink_->flush();
}

}  // namespace awsdns::launcher
