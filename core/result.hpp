#pragma once
// The one way awsdns reports an expected failure: a function that can fail returns Result<T>,
// a value or a Failure that carries the exit code the failure ends awsdns with and the message
// for the operator. Exceptions are only for "cannot continue"; main catches them once.

#include <boost/system/result.hpp>
#include <stdexcept>
#include <string>
#include <utility>

#include "core/exit_code.hpp"

namespace awsdns {

/// An expected failure: the exit code it maps to and what to tell the operator.
struct Failure {
  ExitCode code = ExitCode::Failed;
  std::string message;
};

/// A value of type T, or the Failure that prevented it.
template <class T = void>
using Result = boost::system::result<T, Failure>;

/// The failure `code` with `message`: `return fail(ExitCode::Config, "...");`.
inline Failure fail(ExitCode code, std::string message) {
  return Failure{code, std::move(message)};
}

/// Thrown when awsdns cannot continue (and by Result::value() on a failure, a programming
/// error): main prints it once as "awsdns: error: MESSAGE" and exits with `code`.
struct CannotContinue : std::runtime_error {
  CannotContinue(ExitCode exit_code, const std::string& message)
      : std::runtime_error(message), code(exit_code) {}
  ExitCode code;
};

/// Result::value() on a failure: boost::system::result finds this by argument-dependent lookup.
[[noreturn]] inline void throw_exception_from_error(const Failure& failure,
                                                    const boost::source_location& /*where*/) {
  throw CannotContinue(failure.code, failure.message);
}

}  // namespace awsdns
