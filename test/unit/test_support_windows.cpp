// test_support.hpp on Windows.
#include "test_support.hpp"

namespace awsdns::test {

unsigned caller_uid() {
  return 0;
}

void make_owner_only(const std::string& /*path*/) {}

}  // namespace awsdns::test
