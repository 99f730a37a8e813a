#pragma once
// Route 53 as the fleet simulation sees it, with the rules of test/emulators/route53_budget.py and
// route53_model.py: token buckets (one per account and, by default, one per operation, each of
// `burst` tokens refilled continuously at `rate` per second, starting full); a request takes its
// cost from every bucket or, when one holds too little, nothing (Throttling); a
// ChangeResourceRecordSets costs `change_cost`, every other request 1; a change to a zone that
// is still applying its previous one (apply_time) is answered PriorRequestNotComplete (tokens
// kept); a change is INSYNC max(insync, apply_time) after it was accepted.

#include <map>
#include <optional>
#include <string>

#include "bench/fleet_sim/simulation.hpp"

namespace awsdns::fleet_sim {

/// The account's request budget and Route 53's timing.
struct ModelConfig {
  double burst = 50;
  double rate = 10;  // tokens per second
  double change_cost = 2;
  bool per_operation = true;  // a bucket per operation as well (same burst and rate)
  double insync = 30;         // seconds from acceptance to INSYNC
  double apply_time = 0.5;    // seconds a zone is busy after an accepted change
};

/// How Route 53 answered one request.
enum class Answer { Ok, Throttling, PriorRequestNotComplete, NoSuchChange };

/// The API error code of `answer` ("" for Ok).
std::string error_code(Answer answer);

/// Requests by operation and what was refused.
struct Counters {
  std::map<std::string, long> requests;  // by API operation, throttled ones included
  long throttled = 0;
  long prior_request_not_complete = 0;
};

/// The simulated account: buckets, zones, records, changes.
class Route53Model {
 public:
  Route53Model(const ModelConfig& config, const Simulation& sim) : config_(config), sim_(sim) {}

  /// ChangeResourceRecordSets: sets `name` to `value` in `zone`; `change_id` on success.
  Answer change(const std::string& zone, const std::string& name, const std::string& value,
                std::string& change_id);
  /// GetChange: `insync` tells the change's status on success.
  Answer get_change(const std::string& change_id, bool& insync);
  /// ListResourceRecordSets starting at `name`: its value, or nullopt when absent.
  Answer list(const std::string& name, std::optional<std::string>& value);

  /// Sets a record without a request (the state before the failover).
  void seed_record(const std::string& name, const std::string& value) { records_[name] = value; }
  /// The record's value now ("" when absent).
  std::string value_of(const std::string& name) const;
  /// When the first change setting `name` was accepted, if one was.
  std::optional<Time> accepted_at(const std::string& name) const;
  /// What was asked and refused so far.
  const Counters& counters() const { return counters_; }

 private:
  struct Bucket {
    double tokens = -1;  // < 0: not used yet (full)
    Time stamp;
  };
  struct Change {
    Time insync_at;
  };
  double level(Bucket& bucket, Time now) const;
  bool charge(const std::string& operation, double cost);

  ModelConfig config_;
  const Simulation& sim_;
  Bucket account_;
  std::map<std::string, Bucket> operations_;
  std::map<std::string, Time> zone_busy_until_;
  std::map<std::string, std::string> records_;
  std::map<std::string, Time> accepted_;
  std::map<std::string, Change> changes_;
  Counters counters_;
  long next_change_ = 1;
};

}  // namespace awsdns::fleet_sim
