#include "bench/fleet_sim/report.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

namespace awsdns::fleet_sim {
namespace {

namespace json = boost::json;

double rounded(double value) {
  return std::round(value * 1000.0) / 1000.0;
}

json::value maybe(const std::optional<double>& value) {
  return value ? json::value(rounded(*value)) : json::value(nullptr);
}

/// p50, p90, p99 and max of the values present, with how many there are.
json::object percentiles(std::vector<double> values) {
  json::object out{{"count", values.size()}};
  if (values.empty()) return out;
  std::sort(values.begin(), values.end());
  const auto at = [&values](double share) {
    const auto rank =
        static_cast<std::size_t>(std::ceil(share * static_cast<double>(values.size())));
    return rounded(values[std::max<std::size_t>(rank, 1) - 1]);
  };
  out["p50"] = at(0.5);
  out["p90"] = at(0.9);
  out["p99"] = at(0.99);
  out["max"] = rounded(values.back());
  return out;
}

/// The latest value when every cluster has one, else null.
json::value all_of(const std::vector<ClusterOutcome>& clusters,
                   std::optional<double> ClusterOutcome::*field) {
  double latest = 0;
  for (const auto& cluster : clusters) {
    if (!(cluster.*field)) return nullptr;
    latest = std::max(latest, *(cluster.*field));
  }
  return rounded(latest);
}

std::vector<double> present(const std::vector<ClusterOutcome>& clusters,
                            std::optional<double> ClusterOutcome::*field) {
  std::vector<double> values;
  for (const auto& cluster : clusters) {
    if (cluster.*field) values.push_back(*(cluster.*field));
  }
  return values;
}

json::object config_json(const FleetConfig& config) {
  return {{"clusters", config.clusters},
          {"layout", config.layout},
          {"tool", config.tool},
          {"burst", config.model.burst},
          {"rate", config.model.rate},
          {"change_cost", config.model.change_cost},
          {"insync", config.model.insync},
          {"apply_time", config.model.apply_time},
          {"cli_start", config.cli_start},
          {"poll_interval", config.poll_interval},
          {"per_operation", config.model.per_operation},
          {"seed", config.seed}};
}

}  // namespace

std::string fleet_json(const FleetConfig& config, const FleetOutcome& outcome, bool per_cluster) {
  const auto& clusters = outcome.clusters;
  json::object out = config_json(config);
  const double floor =
      std::max(0.0, (2.0 * config.clusters - config.model.burst) / config.model.rate);
  out["floor_s"] = rounded(floor);
  out["accept_goal_s"] = rounded(1.5 * floor + 5);
  out["all_accepted_s"] = all_of(clusters, &ClusterOutcome::accepted);
  out["all_insync_seen_s"] = all_of(clusters, &ClusterOutcome::insync_seen);
  out["accepted"] = percentiles(present(clusters, &ClusterOutcome::accepted));
  out["insync_seen"] = percentiles(present(clusters, &ClusterOutcome::insync_seen));
  long failed = 0;
  long unchanged = 0;
  double last_end = 0;
  json::object exit_codes;
  for (const auto& cluster : clusters) {
    failed += cluster.exit_code != 0 ? 1 : 0;
    unchanged += cluster.unchanged_success ? 1 : 0;
    last_end = std::max(last_end, cluster.finished);
    const std::string code = std::to_string(cluster.exit_code);
    exit_codes[code] = (exit_codes.contains(code) ? exit_codes[code].as_int64() : 0) + 1;
  }
  out["failed"] = failed;
  out["unchanged_success"] = unchanged;
  out["exit_codes"] = std::move(exit_codes);
  out["last_end_s"] = rounded(last_end);
  out["throttled"] = outcome.counters.throttled;
  out["prior_request_not_complete"] = outcome.counters.prior_request_not_complete;
  json::object requests;
  for (const auto& [operation, count] : outcome.counters.requests) requests[operation] = count;
  out["requests"] = std::move(requests);
  out["cli_runs"] = outcome.cli.runs;
  out["cpu_s"] = rounded(static_cast<double>(outcome.cli.runs) * config.cli_start +
                         static_cast<double>(outcome.cli.requests) * kCpuPerRequest);
  if (per_cluster) {
    json::array accepted;
    json::array insync;
    json::array codes;
    for (const auto& cluster : clusters) {
      accepted.push_back(maybe(cluster.accepted));
      insync.push_back(maybe(cluster.insync_seen));
      codes.push_back(cluster.exit_code);
    }
    out["accepted_s"] = std::move(accepted);
    out["insync_seen_s"] = std::move(insync);
    out["exit_code"] = std::move(codes);
  }
  return json::serialize(out);
}

}  // namespace awsdns::fleet_sim
