// ResourceLock on every system: the checks, the lock file and the wait for a held lock, polled
// with short sleeps through the Timekeeper; the file and its lock are the system's
// (resource_lock_platform.hpp).

#include "route53/resource_lock.hpp"

#include <algorithm>

#include "route53/config_checks.hpp"
#include "route53/resource_lock_platform.hpp"
#include "util/duration.hpp"
#include "util/path_rules.hpp"

namespace awsdns::route53 {
namespace {

using namespace std::chrono_literals;

constexpr std::chrono::milliseconds kPollInterval = 100ms;

}  // namespace

ResourceLock::ResourceLock(ResourceLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

ResourceLock& ResourceLock::operator=(ResourceLock&& other) noexcept {
  if (this != &other) {
    lock_file::close_file(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

ResourceLock::~ResourceLock() {
  lock_file::close_file(fd_);
}

ResourceLock::Result ResourceLock::acquire(const std::string& lock_dir, const std::string& resource,
                                           std::chrono::steady_clock::time_point deadline,
                                           launcher::Timekeeper& time) {
  Result result;
  if (const checks::Checked key = checks::resource_key(resource); !key.ok()) {
    result.message = key.error;
    return result;
  }
  if (!util::is_absolute_path(lock_dir)) {
    result.message = "lock directory '" + lock_dir + "' is not an absolute path";
    return result;
  }
  if (std::string problem = lock_file::make_directories(lock_dir); !problem.empty()) {
    result.message = problem;
    return result;
  }
  const std::string path = lock_file::path_of(lock_dir, resource);
  std::intptr_t file = -1;
  const std::string problem = lock_file::open_file(path, file);
  if (file == -1) {
    result.message = problem;
    return result;
  }
  ResourceLock candidate(file);
  if (!problem.empty()) {
    result.message = problem;
    return result;
  }
  const auto started = time.now();
  while (true) {
    std::string error;
    const lock_file::Attempt attempt = lock_file::try_lock(file, error);
    if (attempt == lock_file::Attempt::Locked) {
      lock_file::write_holder_pid(file);
      result.lock = std::move(candidate);
      return result;
    }
    if (attempt == lock_file::Attempt::Failed) {
      result.message = "cannot lock " + path;
      result.message.append(": ").append(error);
      return result;
    }
    const auto now = time.now();
    if (now >= deadline) {
      const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - started);
      const long holder = lock_file::read_holder_pid(file);
      result.failure = Failure::Busy;
      result.message = "resource '" + resource + "' is locked by another awsdns";
      if (holder > 0) result.message += " (pid " + std::to_string(holder) + ")";
      result.message += "; gave up after waiting " + util::duration_text(waited) + " for " + path;
      return result;
    }
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    if (!time.sleep_for(std::clamp(remaining, std::chrono::milliseconds(1), kPollInterval))) {
      result.failure = Failure::Interrupted;
      result.message = "interrupted while waiting for the lock on " + path;
      return result;
    }
  }
}

}  // namespace awsdns::route53
