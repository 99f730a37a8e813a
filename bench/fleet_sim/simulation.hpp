#pragma once
// A discrete-event simulation in virtual time whose actors are threads: exactly one actor runs at
// a time; when it blocks (wait_until), the conductor moves the clock to the earliest wake-up and
// runs that actor. Ties go to the earliest registered wake-up, so a run is deterministic.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace awsdns::fleet_sim {

using Clock = std::chrono::steady_clock;
using Time = Clock::time_point;
using Duration = Clock::duration;

/// Thrown inside an actor that another actor cancelled (a stopped AWS CLI run).
struct Cancelled {};

/// The virtual clock, its actors and the conductor.
class Simulation {
 public:
  Simulation() = default;
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  /// The virtual time now (starts at origin()).
  Time now() const;
  /// The virtual time the simulation started at.
  static Time origin();
  /// Seconds since origin().
  static double seconds(Time at);
  /// Starts `body` as a new actor, first run at now() once the running actor blocks; its id.
  int spawn(std::function<void()> body);
  /// Blocks the calling actor until `at` (or until wake() or cancel() moves it); throws
  /// Cancelled when the actor was cancelled.
  void wait_until(Time at);
  /// Moves actor `id`'s wake-up to now (a finished child run wakes the actor waiting for it).
  void wake(int id);
  /// Cancels actor `id`: its current or next wait throws Cancelled.
  void cancel(int id);
  /// The id of the calling actor.
  static int current();
  /// Runs actors until none is left; rethrows the first exception an actor let escape.
  void run();

 private:
  struct Actor {
    std::condition_variable cv;
    std::optional<std::pair<Time, std::uint64_t>> key;  // in queue_ when set
    bool runnable = false;
    bool cancelled = false;
  };
  void enqueue(int id, Time at);
  void actor_main(int id, const std::function<void()>& body);
  void block(std::unique_lock<std::mutex>& lock, Actor& actor);

  mutable std::mutex mutex_;
  std::condition_variable conductor_;
  std::deque<Actor> actors_;
  std::vector<std::thread> threads_;
  std::map<std::pair<Time, std::uint64_t>, int> queue_;
  std::uint64_t sequence_ = 0;
  int running_ = 0;
  Time now_ = origin();
  std::exception_ptr error_;
};

}  // namespace awsdns::fleet_sim
