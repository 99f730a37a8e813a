#pragma once
// How a util function reports an expected failure: Expected<T> is the same result type as
// awsdns's own (core/result.hpp: boost::system::result), with an error that carries only the
// message, because util knows no exit codes. The caller that knows what the failure means for
// awsdns turns it into a Failure with its exit code.

#include <boost/system/result.hpp>
#include <stdexcept>
#include <string>
#include <utility>

namespace awsdns::util {

/// What failed, worded for the operator (with the path or value it concerns). Not constructible
/// from a string on purpose (Expected<std::string> would not know which one it holds): use fail.
struct Error {
  Error() = default;
  std::string message;
};

/// A value of type T, or the Error that prevented it. A function whose callers must tell kinds of
/// failure apart (trusted_directory.hpp: refused by the trust rule or failed) names its own E.
template <class T = void, class E = Error>
using Expected = boost::system::result<T, E>;

/// The error `message`: `return util::fail("cannot read " + path);`.
inline Error fail(std::string message) {
  Error error;
  error.message = std::move(message);
  return error;
}

/// Expected::value() on an error (a programming error): boost finds this by argument-dependent
/// lookup.
[[noreturn]] inline void throw_exception_from_error(const Error& error,
                                                    const boost::source_location& /*where*/) {
  throw std::runtime_error(error.message);
}

}  // namespace awsdns::util
