#include "bench/fleet_sim/fleet.hpp"

#include <boost/json.hpp>
#include <filesystem>
#include <memory>
#include <random>

#include "bench/fleet_sim/caller_uid.hpp"
#include "bench/fleet_sim/peers.hpp"
#include "bench/fleet_sim/sim_runner.hpp"
#include "envfile/aws_environment.hpp"
#include "route53/actions.hpp"
#include "route53/aws_invocation.hpp"

namespace awsdns::fleet_sim {
namespace {

namespace fs = std::filesystem;

/// A folder for the clusters' locks and waiter definitions, removed at the end.
class LockFolder {
 public:
  explicit LockFolder(std::uint64_t seed) {
    std::random_device device;
    path_ = fs::temp_directory_path() /
            ("awsdns-fleet-sim-" + std::to_string(seed) + "-" + std::to_string(device()));
    fs::create_directory(path_);
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::replace);
  }
  ~LockFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  LockFolder(const LockFolder&) = delete;
  LockFolder& operator=(const LockFolder&) = delete;
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

std::string address(int prefix, int index) {
  return "10." + std::to_string(prefix) + "." + std::to_string(index / 256) + "." +
         std::to_string(index % 256);
}

/// awsdns's activate for one cluster, with the settings' defaults.
route53::ActionContext awsdns_context(const FleetConfig& config, const Cluster& cluster,
                                      SimRunner& runner, SimTime& time, std::mt19937_64& random,
                                      const std::string& lock_dir) {
  route53::ActionContext context;
  context.aws.invocation.program = "/usr/bin/aws";
  for (const auto& [name, value] : envfile::kPinnedVariables) {
    context.aws.invocation.environment[std::string(name)] = std::string(value);
  }
  const auto& [attempts_name, attempts_value] = envfile::kDefaultMaxAttempts;
  context.aws.invocation.environment[std::string(attempts_name)] = std::string(attempts_value);
  context.aws.invocation.fixed_args = route53::fixed_aws_args(context.aws.settings);
  context.aws.runner = &runner;
  context.aws.time = &time;
  context.aws.random = [&random] {
    return std::uniform_real_distribution<double>(0.0, 1.0)(random);
  };
  context.resource.key = "c" + std::to_string(cluster.index);
  context.resource.hosted_zone_id = cluster.zone;
  context.resource.record_name = cluster.name;
  context.resource.type = route53::RecordType::A;
  context.resource.ttl = 60;
  context.resource.poll_interval = config.poll_interval;
  context.resource.wait_timeout = config.wait_timeout;
  context.resource.ip_by_node = {{"new", cluster.ip}, {"old", cluster.old_ip}};
  context.node = "new";
  context.ip = cluster.ip;
  context.lock_dir = lock_dir;
  context.caller_uid = caller_uid();
  return context;
}

ClusterOutcome run_awsdns(const route53::ActionContext& context) {
  const route53::ActionReport report = route53::activate(context);
  ClusterOutcome outcome;
  outcome.exit_code = static_cast<int>(report.exit_code);
  if (report.insync) outcome.insync_seen = std::chrono::duration<double>(*report.insync).count();
  return outcome;
}

}  // namespace

FleetOutcome run_fleet(const FleetConfig& config) {
  Simulation sim;
  Route53Model route53(config.model, sim);
  std::mt19937_64 random(config.seed);
  CliModel cli(
      sim, route53, random,
      std::chrono::duration_cast<Duration>(std::chrono::duration<double>(config.cli_start)));
  const LockFolder lock_folder(config.seed);
  SimTime time(sim);
  std::vector<std::unique_ptr<SimRunner>> runners;
  FleetOutcome fleet;
  fleet.clusters.resize(static_cast<std::size_t>(config.clusters));
  for (int i = 0; i < config.clusters; ++i) {
    Cluster cluster{i, config.layout == "shared" ? "ZFLEET" : "Z" + std::to_string(100000 + i),
                    "c" + std::to_string(i) + ".fleet.example.", address(1, i), address(2, i)};
    route53.seed_record(cluster.name, cluster.old_ip);
    auto& runner = *runners.emplace_back(std::make_unique<SimRunner>(sim, cli));
    auto& outcome = fleet.clusters[static_cast<std::size_t>(i)];
    sim.spawn([&, cluster] {
      if (config.tool == "awsdns") {
        outcome =
            run_awsdns(awsdns_context(config, cluster, runner, time, random, lock_folder.path()));
      } else {
        outcome = run_peer(config.tool, cluster, runner, time);
      }
      outcome.finished = Simulation::seconds(sim.now());
    });
  }
  sim.run();
  for (int i = 0; i < config.clusters; ++i) {
    const auto accepted = route53.accepted_at("c" + std::to_string(i) + ".fleet.example.");
    if (accepted)
      fleet.clusters[static_cast<std::size_t>(i)].accepted = Simulation::seconds(*accepted);
  }
  fleet.counters = route53.counters();
  fleet.cli = cli.stats();
  return fleet;
}

}  // namespace awsdns::fleet_sim
