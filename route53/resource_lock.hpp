#pragma once
// One exclusive lock per resource (flock on LOCK_DIR/<resource>.lock), so that a manual
// awsdns-activate and the cluster's own call never interleave.

#include <chrono>
#include <optional>
#include <string>

#include "launcher/timekeeper.hpp"

namespace awsdns::route53 {

/// Holds the lock while alive; released (and the fd closed) on destruction.
class ResourceLock {
 public:
  ResourceLock(ResourceLock&& other) noexcept;
  ResourceLock& operator=(ResourceLock&& other) noexcept;
  ResourceLock(const ResourceLock&) = delete;
  ResourceLock& operator=(const ResourceLock&) = delete;
  ~ResourceLock();

  /// Why acquire() failed.
  enum class Failure { Busy, Interrupted, Error };
  /// Outcome of acquire(); defined below, where ResourceLock is complete.
  struct Result;

  /// Takes the lock for `resource` in `lock_dir` (created 0755 if missing), waiting until
  /// `deadline`; polls with short sleeps through `time` so signals end the wait.
  static Result acquire(const std::string& lock_dir, const std::string& resource,
                        std::chrono::steady_clock::time_point deadline, launcher::Timekeeper& time);

 private:
  explicit ResourceLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

struct ResourceLock::Result {
  std::optional<ResourceLock> lock;  // set on success
  Failure failure = Failure::Error;
  std::string message;  // for Busy/Interrupted/Error: what happened (path, wait time, errno text)
};

}  // namespace awsdns::route53
