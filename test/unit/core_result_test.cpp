// Unit tests of core's result type: fail() makes the Failure, value() on a failure throws
// CannotContinue with the failure's exit code, and Result<void> carries no value.
#include <catch2/catch.hpp>
#include <string>

#include "core/exit_code.hpp"
#include "core/result.hpp"

using awsdns::CannotContinue;
using awsdns::ExitCode;
using awsdns::fail;
using awsdns::Result;

namespace {

Result<int> half(int number) {
  if (number % 2 != 0) return fail(ExitCode::Usage, std::to_string(number) + " is odd");
  return number / 2;
}

Result<> even(int number) {
  if (number % 2 != 0) return fail(ExitCode::Config, "odd");
  return {};
}

}  // namespace

TEST_CASE("fail() makes a Failure with the code and the message", "[core]") {
  const Result<int> halved = half(3);
  REQUIRE_FALSE(halved.has_value());
  CHECK(halved.error().code == ExitCode::Usage);
  CHECK(halved.error().message == "3 is odd");
  const Result<int> fine = half(8);
  REQUIRE(fine.has_value());
  CHECK(*fine == 4);
}

TEST_CASE("value() of a failure throws CannotContinue with its code and message", "[core]") {
  const Result<int> halved = half(5);
  try {
    (void)halved.value();
    FAIL("value() of a failure returned");
  } catch (const CannotContinue& error) {
    CHECK(error.code == ExitCode::Usage);
    CHECK(std::string(error.what()) == "5 is odd");
  }
  CHECK(half(6).value() == 3);
}

TEST_CASE("Result<void> is success or a Failure", "[core]") {
  CHECK(even(2).has_value());
  const Result<> odd = even(1);
  REQUIRE_FALSE(odd.has_value());
  CHECK(odd.error().code == ExitCode::Config);
  CHECK(odd.error().message == "odd");
  CHECK_THROWS_AS(odd.value(), CannotContinue);
}
