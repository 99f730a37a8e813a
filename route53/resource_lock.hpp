#pragma once
// One exclusive lock per resource (LOCK_DIR/<resource>.lock), so that a manual awsdns-activate
// and the cluster's own call never interleave. The checks and the wait are resource_lock.cpp's;
// the file and its lock are the system's (resource_lock_platform.hpp: flock in
// resource_lock_posix.cpp, LockFileEx in resource_lock_windows.cpp).

#include <chrono>
#include <cstdint>
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

  /// Takes the lock for `resource` in `lock_dir` (created if missing), waiting until
  /// `deadline`; polls with short sleeps through `time` so signals end the wait.
  static Result acquire(const std::string& lock_dir, const std::string& resource,
                        std::chrono::steady_clock::time_point deadline, launcher::Timekeeper& time);

 private:
  explicit ResourceLock(std::intptr_t fd) : fd_(fd) {}
  std::intptr_t fd_ = -1;  // the system's handle: a POSIX descriptor, a Windows HANDLE
};

struct ResourceLock::Result {
  std::optional<ResourceLock> lock;  // set on success
  Failure failure = Failure::Error;
  std::string message;  // for Busy/Interrupted/Error: what happened (path, wait time, errno text)
};

}  // namespace awsdns::route53
