#pragma once
// The AWS CLI (v2, 2.9) as a model: one run costs `start` of virtual time (the interpreter's
// start) before its first request reaches Route 53 (route53_model.hpp); the client's own retries
// follow botocore's standard mode (AWS_RETRY_MODE, default standard; AWS_MAX_ATTEMPTS, default
// 3; a Throttling or PriorRequestNotComplete answer is tried again after rand() * 2^(n-1) s, at
// most 20 s); a failed request ends the run as the CLI does (exit 254, "An error occurred (CODE)
// when calling the OP operation (reached max retries: N): MESSAGE" on stderr). `route53 wait
// resource-record-sets-changed` polls GetChange inside the one run with the waiter definition of
// AWS_DATA_PATH (awsdns's) or the bundled one (delay 30 s, 60 attempts, no error acceptors), as
// botocore's waiter does (first poll at once, `delay` between polls, exit 255 when it gives up).

#include <random>

#include "bench/fleet_sim/route53_model.hpp"
#include "bench/fleet_sim/simulation.hpp"
#include "launcher/command_runner.hpp"

namespace awsdns::fleet_sim {

/// What the modelled AWS CLI runs did.
struct CliStats {
  long runs = 0;
  long requests = 0;  // HTTP requests sent (client retries and waiter polls included)
};

/// Runs of the modelled AWS CLI, each in the actor that asks for it.
class CliModel {
 public:
  CliModel(Simulation& sim, Route53Model& route53, std::mt19937_64& random, Duration start)
      : sim_(sim), route53_(route53), random_(random), start_(start) {}

  /// Runs `command` (argv after the program, environment, timeout) in virtual time in the
  /// calling actor; a run longer than its timeout ends TimedOut then.
  launcher::RunResult run(const launcher::Command& command);
  /// What the runs did so far.
  const CliStats& stats() const { return stats_; }

 private:
  friend class CliRun;
  Simulation& sim_;
  Route53Model& route53_;
  std::mt19937_64& random_;
  Duration start_;
  CliStats stats_;
};

}  // namespace awsdns::fleet_sim
