#pragma once
// The launcher interfaces in virtual time: a Timekeeper whose sleeps and a CommandRunner whose
// runs (the modelled AWS CLI, cli_model.hpp) advance the simulation's clock. One pair per
// simulated cluster; a run made with start() goes on in an actor of its own.

#include <deque>
#include <map>

#include "bench/fleet_sim/cli_model.hpp"
#include "bench/fleet_sim/simulation.hpp"
#include "launcher/command_runner.hpp"
#include "launcher/timekeeper.hpp"

namespace awsdns::fleet_sim {

/// The simulation's clock; a sleep blocks the calling actor (never interrupted).
class SimTime : public launcher::Timekeeper {
 public:
  explicit SimTime(Simulation& sim) : sim_(sim) {}
  std::chrono::steady_clock::time_point now() const override { return sim_.now(); }
  bool sleep_for(std::chrono::milliseconds duration) override;
  int interrupt_signal() const override { return 0; }

 private:
  Simulation& sim_;
};

/// Runs the modelled AWS CLI: run() in the calling actor, start() in a new actor.
class SimRunner : public launcher::CommandRunner {
 public:
  SimRunner(Simulation& sim, CliModel& cli) : sim_(sim), cli_(cli) {}
  launcher::RunResult run(const launcher::Command& command) override;
  launcher::RunId start(const launcher::Command& command) override;
  std::optional<launcher::FinishedRun> wait_any(
      std::chrono::steady_clock::time_point until) override;
  void stop(launcher::RunId id) override;

 private:
  Simulation& sim_;
  CliModel& cli_;
  launcher::RunId next_id_ = 1;
  std::map<launcher::RunId, int> going_;  // run -> its actor
  std::deque<launcher::FinishedRun> finished_;
  int waiter_ = -1;  // the actor blocked in wait_any(), if one is
};

}  // namespace awsdns::fleet_sim
