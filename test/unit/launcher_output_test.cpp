// Capture and redacting pass-through of child output, independent of any process.

#include <catch2/catch.hpp>
#include <sstream>

#include "launcher/output_stream.hpp"

using awsdns::launcher::OutputStream;
using awsdns::launcher::StreamMode;

namespace {

std::string read_all(const std::ostringstream& sink) {
  return sink.str();
}

}  // namespace

TEST_CASE("Filter passes every byte on at once, with only the secrets replaced",
          "[launcher][output]") {
  std::ostringstream sink;
  OutputStream stream(StreamMode::Filter, nullptr, &sink, {"s3cret-pw"});
  stream.append("ab");
  CHECK(read_all(sink) == "ab");  // a partial line is not held for its newline
  stream.append(std::string_view("c\r\n\0\xff x=s3cret-pw;", 18));
  stream.append("prompt> ");
  stream.finish();
  CHECK(read_all(sink) == std::string("abc\r\n\0\xff x=***;prompt> ", 22));  // no '\n' added
}

TEST_CASE("Filter without secrets prints the bytes unchanged", "[launcher][output]") {
  std::ostringstream sink;
  OutputStream stream(StreamMode::Filter, nullptr, &sink, {});
  const std::string long_line(3u << 20, 'x');  // longer than any buffer: not split
  stream.append(long_line);
  stream.append("\ny");
  stream.finish();
  CHECK(read_all(sink) == long_line + "\ny");
}

TEST_CASE("Capture keeps the bytes as they came", "[launcher][output]") {
  std::string captured;
  OutputStream stream(StreamMode::Capture, &captured, nullptr, {});
  stream.append("a\r\n");
  stream.append(std::string_view("\0b", 2));
  stream.finish();
  CHECK(captured == std::string("a\r\n\0b", 5));
}
