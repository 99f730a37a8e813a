// The parts of open_trusted_directory's outcome every system shares.

#include "util/trusted_directory.hpp"

#include <stdexcept>

#include "util/text.hpp"

namespace awsdns::util {

std::string DirectoryRefusal::message() const {
  return problems.empty() ? error : join(problems, "; ");
}

void throw_exception_from_error(const DirectoryRefusal& refusal,
                                const boost::source_location& /*where*/) {
  throw std::runtime_error(refusal.message());
}

}  // namespace awsdns::util
