// awsdns_fleet_sim: a virtual-time simulation of N clusters of one AWS account failing over at
// once under Route 53's request budget (since 2026-07-30), running awsdns's own
// route53::activate (or a peer's loop) against a model of Route 53 and the AWS CLI.
//
// Options (defaults in brackets):
//   --clusters N [10]       clusters failing over at the same moment
//   --layout per-zone|shared [per-zone]  a hosted zone per cluster, or all records in one zone
//   --tool awsdns|aws_wait|agent [awsdns]
//   --burst B [50] --rate R [10] --change-cost C [2]   the account's token bucket
//   --no-per-operation      no per-operation bucket (by default one per operation, same B/R)
//   --insync T [30]         seconds from acceptance to INSYNC
//   --apply-time S [0.5]    seconds a zone answers PriorRequestNotComplete after a change
//   --cli-start S [0.8]     seconds of one AWS CLI run before its request goes out
//   --poll-interval S [2]   awsdns's poll_interval
//   --wait-timeout S [300]  awsdns's wait_timeout
//   --seed S [1]            the run is deterministic for a seed
//   --per-cluster           add per-cluster arrays (always with N <= 100)
// Output: one JSON object on stdout. Times are seconds since the failure. Keys: the options
// above; floor_s = max(0, (2N - burst) / rate); accept_goal_s = 1.5 floor_s + 5;
// all_accepted_s (every UPSERT accepted by Route 53, null when one never was),
// all_insync_seen_s (every tool saw its change INSYNC, else null); accepted and insync_seen
// {count, p50, p90, p99, max}; failed (activates with exit code != 0), exit_codes {code: n},
// unchanged_success (agent starts that succeeded with the record unchanged), last_end_s,
// throttled (Throttling answers), prior_request_not_complete, requests {API operation: n,
// throttled ones included}, cli_runs, cpu_s (modelled CPU: cli_runs * cli_start + 0.02 s per
// request sent); with --per-cluster: accepted_s, insync_seen_s, exit_code (arrays by cluster).

#include <iostream>
#include <stdexcept>
#include <string>

#include "bench/fleet_sim/fleet.hpp"
#include "bench/fleet_sim/report.hpp"

namespace {

using awsdns::fleet_sim::FleetConfig;

void set_option(FleetConfig& config, const std::string& name, const std::string& value) {
  if (name == "--clusters")
    config.clusters = std::stoi(value);
  else if (name == "--layout")
    config.layout = value;
  else if (name == "--tool")
    config.tool = value;
  else if (name == "--burst")
    config.model.burst = std::stod(value);
  else if (name == "--rate")
    config.model.rate = std::stod(value);
  else if (name == "--change-cost")
    config.model.change_cost = std::stod(value);
  else if (name == "--insync")
    config.model.insync = std::stod(value);
  else if (name == "--apply-time")
    config.model.apply_time = std::stod(value);
  else if (name == "--cli-start")
    config.cli_start = std::stod(value);
  else if (name == "--poll-interval")
    config.poll_interval = std::stoi(value);
  else if (name == "--wait-timeout")
    config.wait_timeout = std::stoi(value);
  else if (name == "--seed")
    config.seed = std::stoull(value);
  else
    throw std::invalid_argument("unknown option " + name);
}

void check(const FleetConfig& config) {
  if (config.clusters < 1 || config.clusters > 100000) {
    throw std::invalid_argument("--clusters must be 1..100000");
  }
  if (config.layout != "per-zone" && config.layout != "shared") {
    throw std::invalid_argument("--layout must be per-zone or shared");
  }
  if (config.tool != "awsdns" && config.tool != "aws_wait" && config.tool != "agent") {
    throw std::invalid_argument("--tool must be awsdns, aws_wait or agent");
  }
}

}  // namespace

int main(int argc, char** argv) {
  FleetConfig config;
  bool per_cluster = false;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string name = argv[i];
      if (name == "--per-cluster") {
        per_cluster = true;
        continue;
      }
      if (name == "--no-per-operation") {
        config.model.per_operation = false;
        continue;
      }
      if (i + 1 >= argc) throw std::invalid_argument(name + " needs a value");
      set_option(config, name, argv[++i]);
    }
    check(config);
  } catch (const std::exception& error) {
    std::cerr << "awsdns_fleet_sim: " << error.what() << "\n";
    return 2;
  }
  const auto outcome = awsdns::fleet_sim::run_fleet(config);
  std::cout << awsdns::fleet_sim::fleet_json(config, outcome, per_cluster || config.clusters <= 100)
            << "\n";
  return 0;
}
