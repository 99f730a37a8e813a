#pragma once
// A fleet of clusters of one account failing over at once: each runs one tool's activate
// (awsdns's own route53::activate, or a peer's loop modelled here) against the simulated Route 53
// and the modelled AWS CLI, all on one virtual clock.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/fleet_sim/cli_model.hpp"
#include "bench/fleet_sim/route53_model.hpp"

namespace awsdns::fleet_sim {

/// What to simulate.
struct FleetConfig {
  int clusters = 10;
  std::string layout = "per-zone";  // per-zone: a hosted zone per cluster; shared: one zone
  std::string tool = "awsdns";      // awsdns, aws_wait (change + the CLI's waiter), agent
  ModelConfig model;
  double cli_start = 0.8;  // seconds of one AWS CLI run before its request goes out
  int poll_interval = 2;   // awsdns's poll_interval (its waiter's delay)
  int wait_timeout = 300;  // awsdns's wait_timeout
  std::uint64_t seed = 1;
};

/// How one cluster's failover went (seconds since the failure).
struct ClusterOutcome {
  std::optional<double> accepted;     // Route 53 accepted the cluster's UPSERT
  std::optional<double> insync_seen;  // the tool saw the change INSYNC
  int exit_code = 0;                  // the activate's (or start's) exit code
  bool unchanged_success = false;     // reported success with the record not changed
  double finished = 0;                // when the activate ended
};

/// The whole run.
struct FleetOutcome {
  std::vector<ClusterOutcome> clusters;
  Counters counters;
  CliStats cli;
};

/// Runs the failover of `config` to its end (deterministic for config.seed).
FleetOutcome run_fleet(const FleetConfig& config);

}  // namespace awsdns::fleet_sim
