#pragma once
// The user id the lock directory's trust rule accepts besides root.

namespace awsdns::fleet_sim {

/// This process's real user id (0 on Windows, which has no such number).
unsigned caller_uid();

}  // namespace awsdns::fleet_sim
