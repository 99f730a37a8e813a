#pragma once
// The fleet simulation's result as one JSON object (keys: main.cpp's comment).

#include <string>

#include "bench/fleet_sim/fleet.hpp"

namespace awsdns::fleet_sim {

/// Seconds of CPU one request costs inside a run (parsing, signing, TLS), besides the start.
inline constexpr double kCpuPerRequest = 0.02;

/// The JSON object of a run; per-cluster arrays when `per_cluster`.
std::string fleet_json(const FleetConfig& config, const FleetOutcome& outcome, bool per_cluster);

}  // namespace awsdns::fleet_sim
