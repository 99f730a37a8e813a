#pragma once
// The peers' failover loops, modelled as their scripts are written, on the same modelled AWS CLI
// (AWS CLI v2's default retries: standard mode, 3 attempts):
//   aws_wait: `aws route53 change-resource-record-sets`, then `aws route53 wait
//             resource-record-sets-changed` with the bundled waiter (30 s delay, 60 polls); a
//             failed change stops the pipeline.
//   agent:    resource-agents' aws-vpc-route53 `start`: list-resource-record-sets (a failure
//             fails the start), the UPSERT whose failure is ignored (the start succeeds with
//             the record unchanged), then `sleep 20` + get-change while the status is PENDING
//             (a failed get-change prints nothing, which ends the loop).

#include <string>

#include "bench/fleet_sim/fleet.hpp"
#include "bench/fleet_sim/sim_runner.hpp"

namespace awsdns::fleet_sim {

/// One simulated cluster: its index, zone, record name, new and old address.
struct Cluster {
  int index = 0;
  std::string zone;
  std::string name;
  std::string ip;
  std::string old_ip;
};

/// Runs peer `tool` ("aws_wait" or "agent") for `cluster` in the calling actor.
ClusterOutcome run_peer(const std::string& tool, const Cluster& cluster,
                        launcher::CommandRunner& runner, launcher::Timekeeper& time);

}  // namespace awsdns::fleet_sim
