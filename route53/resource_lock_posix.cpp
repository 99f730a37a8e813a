// ResourceLock with flock(2): LOCK_DIR/<resource>.lock, mode 0600, close-on-exec, never deleted
// (unlinking a flock file lets two processes lock two different inodes of "the same" lock).

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>

#include "route53/config_checks.hpp"
#include "route53/resource_lock.hpp"
#include "util/duration.hpp"
#include "util/path_rules.hpp"

namespace awsdns::route53 {
namespace {

using namespace std::chrono_literals;

constexpr std::chrono::milliseconds kPollInterval = 100ms;

std::string os_error(const std::string& what, int error) {
  return what + ": " + std::strerror(error);
}

// Creates `dir` with mode 0700 (owner: the caller, root for a cluster) and missing parents with
// 0755, so a fresh /run needs no packaging step; an existing `dir` is used as it is. Empty on
// success, else the problem.
std::string make_directories(const std::string& dir) {
  for (std::size_t slash = dir.find('/', 1);; slash = dir.find('/', slash + 1)) {
    const std::string prefix = dir.substr(0, slash);
    const bool last = slash == std::string::npos;
    const mode_t mode = last ? 0700 : 0755;
    if (!prefix.empty() && ::mkdir(prefix.c_str(), mode) != 0) {
      if (errno != EEXIST) return os_error("cannot create lock directory " + prefix, errno);
    } else if (last && ::chmod(prefix.c_str(), mode) != 0) {  // exactly 0700, whatever the umask
      return os_error("cannot set the mode of lock directory " + prefix, errno);
    }
    if (last) break;
  }
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0) return os_error("cannot use lock directory " + dir, errno);
  if (!S_ISDIR(info.st_mode)) return "lock directory " + dir + " is not a directory";
  return {};
}

// The pid the current holder wrote into the file, or 0 when unreadable.
long read_holder_pid(int fd) {
  char buffer[32] = {};
  const ssize_t got = ::pread(fd, buffer, sizeof buffer - 1, 0);
  if (got <= 0) return 0;
  long pid = 0;
  std::from_chars(buffer, buffer + got, pid);
  return pid;
}

// Records our pid for the Busy message of the next caller (best effort).
void write_holder_pid(int fd) {
  char buffer[32];
  const int length = std::snprintf(buffer, sizeof buffer, "%ld\n", static_cast<long>(::getpid()));
  if (::ftruncate(fd, 0) == 0 && length > 0) {
    [[maybe_unused]] const ssize_t ignored =
        ::pwrite(fd, buffer, static_cast<std::size_t>(length), 0);
  }
}

}  // namespace

ResourceLock::ResourceLock(ResourceLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

ResourceLock& ResourceLock::operator=(ResourceLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(static_cast<int>(fd_));
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

ResourceLock::~ResourceLock() {
  if (fd_ >= 0) ::close(static_cast<int>(fd_));  // closing the only descriptor releases the flock
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
  if (std::string problem = make_directories(lock_dir); !problem.empty()) {
    result.message = problem;
    return result;
  }
  const std::string path = lock_dir + "/" + resource + ".lock";
  // O_NOFOLLOW: a planted symlink must not redirect us; O_NONBLOCK: a planted FIFO cannot block.
  const int fd =
      ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0600);
  if (fd < 0) {
    result.message = os_error("cannot open lock file " + path, errno);
    return result;
  }
  ResourceLock candidate(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    result.message = "lock file " + path + " is not a regular file";
    return result;
  }
  const auto started = time.now();
  while (true) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
      write_holder_pid(fd);
      result.lock = std::move(candidate);
      return result;
    }
    const int error = errno;
    if (error == EINTR) continue;
    if (error != EWOULDBLOCK) {
      result.message = os_error("cannot lock " + path, error);
      return result;
    }
    const auto now = time.now();
    if (now >= deadline) {
      const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - started);
      const long holder = read_holder_pid(fd);
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
