// Capture and line filtering of child output, independent of any process.

#include <catch2/catch.hpp>
#include <cstdio>

#include "launcher/output_stream.hpp"

using awsdns::launcher::OutputStream;
using awsdns::launcher::StreamMode;

namespace {

std::string read_all(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  for (int c; (c = std::fgetc(file)) != EOF;) text += static_cast<char>(c);
  return text;
}

}  // namespace

TEST_CASE("Filter joins lines split across reads and prints a final partial line",
          "[launcher][output]") {
  std::FILE* sink = std::tmpfile();
  REQUIRE(sink != nullptr);
  OutputStream stream(StreamMode::Filter, nullptr, sink,
                      [](std::string_view line) { return "<" + std::string(line) + ">"; });
  stream.append("ab");
  stream.append("c\n\nde");
  stream.append("f\ng");
  stream.finish();
  CHECK(read_all(sink) == "<abc>\n<>\n<def>\n<g>\n");
  std::fclose(sink);
}

TEST_CASE("Filter without a function prints lines unchanged", "[launcher][output]") {
  std::FILE* sink = std::tmpfile();
  REQUIRE(sink != nullptr);
  OutputStream stream(StreamMode::Filter, nullptr, sink, {});
  stream.append("x\ny\n");
  stream.finish();
  CHECK(read_all(sink) == "x\ny\n");
  std::fclose(sink);
}

TEST_CASE("Capture keeps the bytes as they came", "[launcher][output]") {
  std::string captured;
  OutputStream stream(StreamMode::Capture, &captured, nullptr, {});
  stream.append("a\r\n");
  stream.append(std::string_view("\0b", 2));
  stream.finish();
  CHECK(captured == std::string("a\r\n\0b", 5));
}
