// The fleet failover simulation (bench/fleet_sim) on small cases whose outcome is known: the
// virtual clock, the request budget, PriorRequestNotComplete, and its determinism.
#include <catch2/catch.hpp>

#include "bench/fleet_sim/fleet.hpp"
#include "bench/fleet_sim/report.hpp"
#include "bench/fleet_sim/sim_runner.hpp"
#include "route53/cli_errors.hpp"

namespace awsdns::fleet_sim {
namespace {

using namespace std::chrono_literals;

FleetConfig small_fleet(int clusters, const std::string& layout, const std::string& tool) {
  FleetConfig config;
  config.clusters = clusters;
  config.layout = layout;
  config.tool = tool;
  return config;
}

launcher::Command upsert(int index) {
  launcher::Command command;
  command.executable = "/usr/bin/aws";
  command.args = {
      "route53",
      "change-resource-record-sets",
      "--hosted-zone-id",
      "Z" + std::to_string(index),
      "--change-batch",
      R"({"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"c)" + std::to_string(index) +
          R"(.example.","Type":"A","TTL":60,"ResourceRecords":[{"Value":"10.0.0.1"}]}}]})"};
  command.environment = {{"AWS_MAX_ATTEMPTS", "1"}};
  return command;
}

}  // namespace

TEST_CASE("fleet sim: one cluster is accepted after one CLI start and INSYNC within a poll") {
  const auto outcome = run_fleet(small_fleet(1, "per-zone", "awsdns"));
  REQUIRE(outcome.clusters.size() == 1);
  const auto& cluster = outcome.clusters[0];
  CHECK(cluster.exit_code == 0);
  REQUIRE(cluster.accepted);
  CHECK(*cluster.accepted == Approx(0.8).margin(0.001));
  REQUIRE(cluster.insync_seen);
  CHECK(*cluster.insync_seen >= 0.8 + 30);
  CHECK(*cluster.insync_seen <= 0.8 + 30 + 2 + 0.001);
  CHECK(outcome.counters.throttled == 0);
  CHECK(outcome.counters.requests.at("ChangeResourceRecordSets") == 1);
}

TEST_CASE("fleet sim: a bucket of burst 2 and rate 1 throttles three clusters' changes exactly") {
  // Each change costs 2 tokens; a throttled one takes none. At 0.8 s (one CLI start) the first
  // takes both, the other two are throttled (2). Each sleeps 1 s and runs again: at 2.6 s
  // (0.8 + 1 + 0.8) 1.8 tokens are back, too few for either (4); at 4.4 s two: one passes, one
  // is throttled (5); the last finds 1.8 at 6.2 s (6) and passes at 8.0 s.
  Simulation sim;
  ModelConfig model;
  model.burst = 2;
  model.rate = 1;
  model.per_operation = false;
  Route53Model route53(model, sim);
  std::mt19937_64 random(1);
  CliModel cli(sim, route53, random, 800ms);
  SimTime time(sim);
  std::vector<double> accepted(3, 0);
  std::vector<route53::ErrorClass> failures;
  for (int i = 0; i < 3; ++i) {
    sim.spawn([&, i] {
      SimRunner runner(sim, cli);
      for (;;) {
        const auto result = runner.run(upsert(i));
        if (result.exit_code == 0) break;
        failures.push_back(route53::classify_run(result).error);
        time.sleep_for(1s);
      }
      accepted[static_cast<std::size_t>(i)] = Simulation::seconds(sim.now());
    });
  }
  sim.run();
  CHECK(route53.counters().throttled == 6);
  CHECK(failures == std::vector<route53::ErrorClass>(6, route53::ErrorClass::Throttled));
  std::sort(accepted.begin(), accepted.end());
  CHECK(accepted[0] == Approx(0.8));
  CHECK(accepted[1] == Approx(4.4));
  CHECK(accepted[2] == Approx(8.0));
}

TEST_CASE("fleet sim: changes to one shared zone meet PriorRequestNotComplete, not so per zone") {
  const auto shared = run_fleet(small_fleet(3, "shared", "awsdns"));
  CHECK(shared.counters.prior_request_not_complete >= 2);
  for (const auto& cluster : shared.clusters) CHECK(cluster.exit_code == 0);
  const auto apart = run_fleet(small_fleet(3, "per-zone", "awsdns"));
  CHECK(apart.counters.prior_request_not_complete == 0);
}

TEST_CASE("fleet sim: a run is the same for the same seed") {
  auto config = small_fleet(40, "shared", "awsdns");
  config.seed = 7;
  const std::string first = fleet_json(config, run_fleet(config), true);
  const std::string second = fleet_json(config, run_fleet(config), true);
  CHECK(first == second);
  CHECK(first.find("\"throttled\":0,") == std::string::npos);  // the budget was reached
}

TEST_CASE("fleet sim: the aws-vpc-route53 agent reports success with its UPSERT throttled") {
  auto config = small_fleet(30, "per-zone", "agent");
  config.model.burst = 5;
  const auto outcome = run_fleet(config);
  long unchanged = 0;
  for (const auto& cluster : outcome.clusters) {
    if (cluster.unchanged_success) {
      ++unchanged;
      CHECK(cluster.exit_code == 0);
      CHECK_FALSE(cluster.accepted);
    }
  }
  CHECK(unchanged > 0);
}

}  // namespace awsdns::fleet_sim
