// Unit tests of util/duration.hpp: the one duration format of messages.

#include <catch2/catch.hpp>

#include "util/duration.hpp"

using namespace awsdns::util;
using namespace std::chrono_literals;

TEST_CASE("whole seconds are shown without a decimal", "[util][duration]") {
  CHECK(duration_text(0ms) == "0 s");
  CHECK(duration_text(3s) == "3 s");
  CHECK(duration_text(900s) == "900 s");
  CHECK(duration_text(3000ms, Rounding::Up) == "3 s");
}

TEST_CASE("below one second in milliseconds", "[util][duration]") {
  CHECK(duration_text(700ms) == "700 ms");
  CHECK(duration_text(1ms) == "1 ms");
  CHECK(duration_text(999ms, Rounding::Up) == "999 ms");
}

TEST_CASE("otherwise seconds with one decimal, rounded", "[util][duration]") {
  CHECK(duration_text(2500ms) == "2.5 s");
  CHECK(duration_text(2549ms) == "2.5 s");
  CHECK(duration_text(2550ms) == "2.6 s");
  CHECK(duration_text(1960ms) == "2 s");  // a trailing .0 is dropped
  CHECK(duration_text(410120ms, Rounding::Up) == "410.2 s");
  CHECK(duration_text(125560ms, Rounding::Up) == "125.6 s");
  CHECK(duration_text(2501ms, Rounding::Up) == "2.6 s");
  CHECK(duration_text(2501ms) == "2.5 s");
  CHECK(duration_text(-1500ms) == "-1.5 s");
}

TEST_CASE("seconds_number echoes a number of seconds without trailing zeros", "[util][duration]") {
  CHECK(seconds_number(2) == "2");
  CHECK(seconds_number(0.5) == "0.5");
  CHECK(seconds_number(12.25) == "12.25");
  CHECK(seconds_number(86400) == "86400");
}
