// The lock file primitives with flock(2): LOCK_DIR/<resource>.lock, mode 0600, close-on-exec,
// never deleted (unlinking a flock file lets two processes lock two different inodes of "the
// same" lock).

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>

#include "route53/resource_lock_platform.hpp"

namespace awsdns::route53::lock_file {
namespace {

std::string os_error(const std::string& what, int error) {
  return what + ": " + std::strerror(error);
}

}  // namespace

// Missing parents get mode 0755 and `dir` exactly 0700 (owner: the caller, root for a cluster),
// so a fresh /run needs no packaging step.
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

std::string path_of(const std::string& lock_dir, const std::string& resource) {
  return lock_dir + "/" + resource + ".lock";
}

std::string open_file(const std::string& path, std::intptr_t& handle) {
  // O_NOFOLLOW: a planted symlink must not redirect us; O_NONBLOCK: a planted FIFO cannot block.
  const int fd =
      ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0600);
  handle = fd < 0 ? -1 : fd;
  if (const int error = errno; fd < 0) return os_error("cannot open lock file " + path, error);
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    return "lock file " + path + " is not a regular file";
  }
  return {};
}

Attempt try_lock(std::intptr_t handle, std::string& error) {
  while (::flock(static_cast<int>(handle), LOCK_EX | LOCK_NB) != 0) {
    const int failure = errno;
    if (failure == EINTR) continue;
    if (failure == EWOULDBLOCK) return Attempt::Held;
    error = std::strerror(failure);
    return Attempt::Failed;
  }
  return Attempt::Locked;
}

long read_holder_pid(std::intptr_t handle) {
  char buffer[32] = {};
  const ssize_t got = ::pread(static_cast<int>(handle), buffer, sizeof buffer - 1, 0);
  if (got <= 0) return 0;
  long pid = 0;
  std::from_chars(buffer, buffer + got, pid);
  return pid;
}

void write_holder_pid(std::intptr_t handle) {
  const int fd = static_cast<int>(handle);
  char buffer[32];
  const int length = std::snprintf(buffer, sizeof buffer, "%ld\n", static_cast<long>(::getpid()));
  if (::ftruncate(fd, 0) == 0 && length > 0) {
    [[maybe_unused]] const ssize_t ignored =
        ::pwrite(fd, buffer, static_cast<std::size_t>(length), 0);
  }
}

void close_file(std::intptr_t handle) {
  if (handle >= 0) ::close(static_cast<int>(handle));  // closing the only descriptor releases it
}

}  // namespace awsdns::route53::lock_file
