#include "bench/fleet_sim/route53_model.hpp"

#include <algorithm>
#include <cstdio>

namespace awsdns::fleet_sim {
namespace {

Duration seconds_of(double value) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(value));
}

}  // namespace

std::string error_code(Answer answer) {
  switch (answer) {
    case Answer::Ok:
      return "";
    case Answer::Throttling:
      return "Throttling";
    case Answer::PriorRequestNotComplete:
      return "PriorRequestNotComplete";
    case Answer::NoSuchChange:
      return "NoSuchChange";
  }
  return "";
}

double Route53Model::level(Bucket& bucket, Time now) const {
  if (bucket.tokens < 0) {
    bucket.tokens = config_.burst;
  } else {
    const double elapsed = std::max(0.0, std::chrono::duration<double>(now - bucket.stamp).count());
    bucket.tokens = std::min(config_.burst, bucket.tokens + elapsed * config_.rate);
  }
  bucket.stamp = now;
  return bucket.tokens;
}

bool Route53Model::charge(const std::string& operation, double cost) {
  const Time now = sim_.now();
  ++counters_.requests[operation];
  bool enough = level(account_, now) >= cost;
  Bucket* own = config_.per_operation ? &operations_[operation] : nullptr;
  if (own && level(*own, now) < cost) enough = false;
  if (!enough) {
    ++counters_.throttled;
    return false;
  }
  account_.tokens -= cost;
  if (own) own->tokens -= cost;
  return true;
}

Answer Route53Model::change(const std::string& zone, const std::string& name,
                            const std::string& value, std::string& change_id) {
  if (!charge("ChangeResourceRecordSets", config_.change_cost)) return Answer::Throttling;
  const Time now = sim_.now();
  auto busy = zone_busy_until_.find(zone);
  if (busy != zone_busy_until_.end() && now < busy->second) {
    ++counters_.prior_request_not_complete;
    return Answer::PriorRequestNotComplete;
  }
  zone_busy_until_[zone] = now + seconds_of(config_.apply_time);
  records_[name] = value;
  accepted_.emplace(name, now);
  char id[32];
  std::snprintf(id, sizeof id, "C%013ld", next_change_++);
  change_id = id;
  changes_[change_id] = {now + seconds_of(std::max(config_.insync, config_.apply_time))};
  return Answer::Ok;
}

Answer Route53Model::get_change(const std::string& change_id, bool& insync) {
  if (!charge("GetChange", 1)) return Answer::Throttling;
  const auto found = changes_.find(change_id);
  if (found == changes_.end()) return Answer::NoSuchChange;
  insync = sim_.now() >= found->second.insync_at;
  return Answer::Ok;
}

Answer Route53Model::list(const std::string& name, std::optional<std::string>& value) {
  if (!charge("ListResourceRecordSets", 1)) return Answer::Throttling;
  const auto found = records_.find(name);
  value = found == records_.end() ? std::nullopt : std::optional(found->second);
  return Answer::Ok;
}

std::string Route53Model::value_of(const std::string& name) const {
  const auto found = records_.find(name);
  return found == records_.end() ? "" : found->second;
}

std::optional<Time> Route53Model::accepted_at(const std::string& name) const {
  const auto found = accepted_.find(name);
  return found == accepted_.end() ? std::nullopt : std::optional(found->second);
}

}  // namespace awsdns::fleet_sim
