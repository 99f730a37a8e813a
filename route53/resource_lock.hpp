#pragma once
// One exclusive lock per resource (LOCK_DIR/<resource>.lock), so that a manual awsdns-activate
// and the cluster's own call never interleave. The checks and the wait are resource_lock.cpp's;
// the file and its lock are the system's (resource_lock_platform.hpp: flock in
// resource_lock_posix.cpp, LockFileEx in resource_lock_windows.cpp).

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "launcher/timekeeper.hpp"

namespace awsdns::route53 {

/// Told once, when the lock is held by another process and acquire() starts waiting: the
/// holder's pid (0: unknown) and the longest the wait can last (until the deadline).
using LockWaitNotice = std::function<void(long holder_pid, std::chrono::milliseconds up_to)>;

/// What ResourceLock::acquire() locks, and for whom.
struct LockRequest {
  std::string lock_dir;     // absolute; created when missing, else it must pass the trust rule
  std::string resource;     // the resource's key: the lock file is LOCK_DIR/<resource>.lock
  unsigned caller_uid = 0;  // the trust rule's caller besides root (Invocation::uid)
  LockWaitNotice on_wait;   // may be empty
};

/// Holds the lock while alive; released (and the fd closed) on destruction.
class ResourceLock {
 public:
  ResourceLock(ResourceLock&& other) noexcept;
  ResourceLock& operator=(ResourceLock&& other) noexcept;
  ResourceLock(const ResourceLock&) = delete;
  ResourceLock& operator=(const ResourceLock&) = delete;
  ~ResourceLock();

  /// Takes the lock of `request.resource`, waiting until `deadline`; polls with short sleeps
  /// through `time` so signals end the wait. The directory is opened through
  /// util::open_trusted_directory and the file relative to it; a lock is only had on the file
  /// the directory names (a file removed or replaced meanwhile is opened again), and not while
  /// another process still holds the lock of a removed earlier file of the same name.
  /// Fails with LockBusy (held past the deadline), 128+N (signal N ended the wait), Config (a
  /// lock directory or file the trust rule refuses) or Failed (any other error); the message
  /// names the path, the wait and the fix.
  static awsdns::Result<ResourceLock> acquire(const LockRequest& request,
                                              std::chrono::steady_clock::time_point deadline,
                                              launcher::Timekeeper& time);

 private:
  class Acquisition;  // one acquire()'s tries and waits (resource_lock.cpp)
  explicit ResourceLock(std::intptr_t fd) : fd_(fd) {}
  std::intptr_t fd_ = -1;  // the system's handle: a POSIX descriptor, a Windows HANDLE
};

}  // namespace awsdns::route53
