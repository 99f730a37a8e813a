#include <unistd.h>

#include "bench/fleet_sim/caller_uid.hpp"

namespace awsdns::fleet_sim {

unsigned caller_uid() {
  return static_cast<unsigned>(::getuid());
}

}  // namespace awsdns::fleet_sim
