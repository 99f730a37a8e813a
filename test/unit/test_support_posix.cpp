// test_support.hpp on POSIX.
#include <sys/stat.h>
#include <unistd.h>

#include "test_support.hpp"

namespace awsdns::test {

unsigned caller_uid() {
  return static_cast<unsigned>(::getuid());
}

void make_owner_only(const std::string& path) {
  ::chmod(path.c_str(), 0600);
}

}  // namespace awsdns::test
