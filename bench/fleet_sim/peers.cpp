#include "bench/fleet_sim/peers.hpp"

#include <boost/json.hpp>

#include "route53/change_batch.hpp"

namespace awsdns::fleet_sim {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr int kOcfErrGeneric = 1;
constexpr auto kAgentPause = 20s;  // the agent's MYSECONDS

launcher::RunResult aws(launcher::CommandRunner& runner, std::vector<std::string> args) {
  launcher::Command command;
  command.executable = "/usr/bin/aws";
  command.args = std::move(args);
  return runner.run(command);
}

std::string upsert_batch(const Cluster& cluster) {
  route53::RecordSet record;
  record.name = cluster.name;
  record.type = "A";
  record.ttl = 60;
  record.values = {cluster.ip};
  return route53::build_change_batch(route53::ChangeAction::Upsert, record,
                                     "Update record to reflect new IP address for a system");
}

launcher::RunResult change(launcher::CommandRunner& runner, const Cluster& cluster) {
  return aws(runner, {"route53", "change-resource-record-sets", "--hosted-zone-id", cluster.zone,
                      "--change-batch", upsert_batch(cluster)});
}

std::string change_field(const launcher::RunResult& run, const char* field) {
  const json::value output = json::parse(run.stdout_text);
  return std::string(output.at("ChangeInfo").at(field).as_string());
}

std::string change_id(const launcher::RunResult& run) {
  const std::string id = change_field(run, "Id");
  return id.substr(id.rfind('/') + 1);
}

double seconds_now(const launcher::Timekeeper& time) {
  return std::chrono::duration<double>(time.now() - Simulation::origin()).count();
}

ClusterOutcome aws_wait(const Cluster& cluster, launcher::CommandRunner& runner,
                        launcher::Timekeeper& time) {
  ClusterOutcome outcome;
  const auto changed = change(runner, cluster);
  if (changed.exit_code != 0) {
    outcome.exit_code = changed.exit_code;
    return outcome;
  }
  const auto waited =
      aws(runner, {"route53", "wait", "resource-record-sets-changed", "--id", change_id(changed)});
  outcome.exit_code = waited.exit_code;
  if (waited.exit_code == 0) outcome.insync_seen = seconds_now(time);
  return outcome;
}

/// The record's value in a list-resource-record-sets output ("" when absent).
std::string listed_value(const launcher::RunResult& run) {
  const json::value output = json::parse(run.stdout_text);
  const auto& sets = output.at("ResourceRecordSets").as_array();
  if (sets.empty()) return "";
  return std::string(sets.at(0).at("ResourceRecords").at(0).at("Value").as_string());
}

ClusterOutcome agent(const Cluster& cluster, launcher::CommandRunner& runner,
                     launcher::Timekeeper& time) {
  ClusterOutcome outcome;
  const auto listed =
      aws(runner, {"route53", "list-resource-record-sets", "--hosted-zone-id", cluster.zone,
                   "--start-record-name", cluster.name, "--start-record-type", "A"});
  if (listed.exit_code != 0) {
    outcome.exit_code = kOcfErrGeneric;
    return outcome;
  }
  if (listed_value(listed) == cluster.ip) return outcome;
  const auto changed = change(runner, cluster);
  if (changed.exit_code != 0) {
    outcome.unchanged_success = true;  // _update_record's failure is not the start's
    return outcome;
  }
  const std::string id = change_id(changed);
  for (;;) {
    time.sleep_for(kAgentPause);
    const auto status = aws(runner, {"route53", "get-change", "--id", id});
    if (status.exit_code != 0) return outcome;  // STATUS="" ends the loop: success
    if (change_field(status, "Status") == "INSYNC") {
      outcome.insync_seen = seconds_now(time);
      return outcome;
    }
  }
}

}  // namespace

ClusterOutcome run_peer(const std::string& tool, const Cluster& cluster,
                        launcher::CommandRunner& runner, launcher::Timekeeper& time) {
  if (tool == "aws_wait") return aws_wait(cluster, runner, time);
  return agent(cluster, runner, time);
}

}  // namespace awsdns::fleet_sim
