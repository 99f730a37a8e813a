#include "bench/fleet_sim/sim_runner.hpp"

#include <algorithm>

namespace awsdns::fleet_sim {

bool SimTime::sleep_for(std::chrono::milliseconds duration) {
  sim_.wait_until(sim_.now() + duration);
  return true;
}

launcher::RunResult SimRunner::run(const launcher::Command& command) {
  return cli_.run(command);
}

launcher::RunId SimRunner::start(const launcher::Command& command) {
  const launcher::RunId id = next_id_++;
  going_[id] = sim_.spawn([this, id, command] {
    launcher::RunResult result = cli_.run(command);
    going_.erase(id);
    finished_.push_back({id, std::move(result)});
    if (waiter_ >= 0) sim_.wake(waiter_);
  });
  return id;
}

std::optional<launcher::FinishedRun> SimRunner::wait_any(
    std::chrono::steady_clock::time_point until) {
  if (finished_.empty() && !going_.empty()) {
    waiter_ = Simulation::current();
    sim_.wait_until(until);
    waiter_ = -1;
  }
  if (finished_.empty()) return std::nullopt;
  launcher::FinishedRun first = std::move(finished_.front());
  finished_.pop_front();
  return first;
}

void SimRunner::stop(launcher::RunId id) {
  const auto going = going_.find(id);
  if (going != going_.end()) {
    sim_.cancel(going->second);
    going_.erase(going);
  }
  std::erase_if(finished_, [id](const launcher::FinishedRun& run) { return run.id == id; });
}

}  // namespace awsdns::fleet_sim
