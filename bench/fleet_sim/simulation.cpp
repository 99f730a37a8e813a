#include "bench/fleet_sim/simulation.hpp"

#include <algorithm>

namespace awsdns::fleet_sim {
namespace {

thread_local int current_actor = -1;

}  // namespace

Simulation::~Simulation() {
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

Time Simulation::now() const {
  const std::lock_guard lock(mutex_);
  return now_;
}

Time Simulation::origin() {
  return Time(std::chrono::hours(1000));
}

double Simulation::seconds(Time at) {
  return std::chrono::duration<double>(at - origin()).count();
}

int Simulation::current() {
  return current_actor;
}

void Simulation::enqueue(int id, Time at) {
  Actor& actor = actors_[static_cast<std::size_t>(id)];
  if (actor.key) queue_.erase(*actor.key);
  actor.key = std::make_pair(std::max(at, now_), sequence_++);
  queue_.emplace(*actor.key, id);
}

int Simulation::spawn(std::function<void()> body) {
  const std::lock_guard lock(mutex_);
  const int id = static_cast<int>(actors_.size());
  actors_.emplace_back();
  enqueue(id, now_);
  threads_.emplace_back([this, id, body = std::move(body)] { actor_main(id, body); });
  return id;
}

void Simulation::block(std::unique_lock<std::mutex>& lock, Actor& actor) {
  actor.runnable = false;
  --running_;
  conductor_.notify_one();
  actor.cv.wait(lock, [&actor] { return actor.runnable; });
}

void Simulation::actor_main(int id, const std::function<void()>& body) {
  current_actor = id;
  Actor* actor = nullptr;
  {
    std::unique_lock lock(mutex_);
    actor = &actors_[static_cast<std::size_t>(id)];
    actor->cv.wait(lock, [actor] { return actor->runnable; });
  }
  try {
    if (!actor->cancelled) body();
  } catch (const Cancelled&) {
    // A stopped run ends here, with no effect beyond what it did before.
  } catch (...) {
    const std::lock_guard lock(mutex_);
    if (!error_) error_ = std::current_exception();
  }
  const std::lock_guard lock(mutex_);
  actor->runnable = false;
  --running_;
  conductor_.notify_one();
}

void Simulation::wait_until(Time at) {
  std::unique_lock lock(mutex_);
  Actor& actor = actors_[static_cast<std::size_t>(current_actor)];
  if (actor.cancelled) throw Cancelled{};
  enqueue(current_actor, at);
  block(lock, actor);
  if (actor.cancelled) throw Cancelled{};
}

void Simulation::wake(int id) {
  const std::lock_guard lock(mutex_);
  if (actors_[static_cast<std::size_t>(id)].key) enqueue(id, now_);
}

void Simulation::cancel(int id) {
  const std::lock_guard lock(mutex_);
  Actor& actor = actors_[static_cast<std::size_t>(id)];
  actor.cancelled = true;
  if (actor.key) enqueue(id, now_);
}

void Simulation::run() {
  {
    std::unique_lock lock(mutex_);
    for (;;) {
      conductor_.wait(lock, [this] { return running_ == 0; });
      if (queue_.empty()) break;
      const auto first = queue_.begin();
      Actor& actor = actors_[static_cast<std::size_t>(first->second)];
      now_ = std::max(now_, first->first.first);
      queue_.erase(first);
      actor.key.reset();
      actor.runnable = true;
      running_ = 1;
      actor.cv.notify_one();
    }
  }
  for (auto& thread : threads_) thread.join();
  threads_.clear();
  if (error_) std::rethrow_exception(error_);
}

}  // namespace awsdns::fleet_sim
