// The lock file primitives with flock(2): <resource>.lock in the trusted lock directory, opened
// relative to its descriptor (openat, O_NOFOLLOW), mode 0600, close-on-exec, never deleted.
// Deleting one while it is held would let a second process create and lock another inode of
// "the same" lock: still_named() and removed_file_holder() are what keep that from giving two
// holders.

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "route53/resource_lock_platform.hpp"
#include "util/file_trust_posix.hpp"
#include "util/path_rules.hpp"
#include "util/text.hpp"

namespace awsdns::route53::lock_file {
namespace {

std::string os_error(const std::string& what, int error) {
  return what + ": " + std::strerror(error);
}

int fd_of(std::intptr_t handle) {
  return static_cast<int>(handle);
}

// The name the kernel shows for descriptor `fd` of process `pid` ("/run/awsdns/web.lock",
// "/run/awsdns/web.lock (deleted)"), or "".
std::string fd_target(const std::string& pid, const std::string& fd) {
  std::error_code error;
  return std::filesystem::read_symlink("/proc/" + pid + "/fd/" + fd, error).string();
}

// True when process `pid` has a descriptor open on the removed file `removed_name` (as the
// kernel shows it) with inode `inode` on `device`.
// The inodes of the removed files on `device` named `removed_name` that process `pid` holds open.
std::set<ino_t> removed_files_held(const std::string& pid, dev_t device,
                                   const std::string& removed_name) {
  std::set<ino_t> held;
  std::error_code error;
  for (std::filesystem::directory_iterator it("/proc/" + pid + "/fd", error), end;
       !error && it != end; it.increment(error)) {
    struct stat info {};
    if (::stat(it->path().c_str(), &info) != 0) continue;
    if (info.st_dev == device && info.st_nlink == 0 &&
        fd_target(pid, it->path().filename().string()) == removed_name)
      held.insert(info.st_ino);
  }
  return held;
}

}  // namespace

std::string path_of(const std::string& lock_dir, const std::string& resource) {
  return util::path_in_directory(lock_dir, resource + ".lock");
}

Result<OpenedFile> open_file(std::intptr_t directory, const std::string& path,
                             const std::string& name) {
  // O_NOFOLLOW: a planted symlink must not redirect us; O_NONBLOCK: a planted FIFO cannot block.
  constexpr int flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY;
  bool created = true;
  int fd = ::openat(fd_of(directory), name.c_str(), flags | O_CREAT | O_EXCL, 0600);
  if (fd < 0 && errno == EEXIST) {
    created = false;
    fd = ::openat(fd_of(directory), name.c_str(), flags);
  }
  const int error = errno;
  if (fd < 0 && error == ELOOP) {
    return fail(ExitCode::Config, "lock file " + path +
                                      " is a symbolic link (not followed); run: rm " +
                                      util::shell_word(path) + " (awsdns then creates the file)");
  }
  struct stat info {};
  if ((fd < 0 && error == EISDIR) ||
      (fd >= 0 && (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)))) {
    if (fd >= 0) ::close(fd);
    return fail(ExitCode::Config, "lock file " + path + " is not a regular file; run: rm -r " +
                                      util::shell_word(path) + " (awsdns then creates the file)");
  }
  if (fd < 0) return fail(ExitCode::Failed, os_error("cannot open lock file " + path, error));
  return OpenedFile{fd, created};
}

Result<Attempt> try_lock(std::intptr_t handle) {
  while (::flock(fd_of(handle), LOCK_EX | LOCK_NB) != 0) {
    const int failure = errno;
    if (failure == EINTR) continue;
    if (failure == EWOULDBLOCK) return Attempt::Held;
    return fail(ExitCode::Failed, std::strerror(failure));
  }
  return Attempt::Locked;
}

bool still_named(std::intptr_t directory, const std::string& /*path*/, const std::string& name,
                 std::intptr_t handle) {
  struct stat named {};
  struct stat opened {};
  return ::fstatat(fd_of(directory), name.c_str(), &named, AT_SYMLINK_NOFOLLOW) == 0 &&
         ::fstat(fd_of(handle), &opened) == 0 && named.st_dev == opened.st_dev &&
         named.st_ino == opened.st_ino;
}

// The kernel lists every flock in /proc/locks ("1: FLOCK  ADVISORY  WRITE 1234 fd:01:5678 0
// EOF"; a waiter's line has "->" after the number), also the locks of removed files, which
// /proc/PID/fd shows as "NAME (deleted)". Without /proc (a chroot) nothing can be told: 0.
long removed_file_holder(std::intptr_t directory, const std::string& name, std::intptr_t handle) {
  struct stat mine {};
  if (::fstat(fd_of(handle), &mine) != 0) return 0;
  const std::string removed_name =
      fd_target("self", std::to_string(fd_of(directory))) + "/" + name + " (deleted)";
  std::ifstream locks("/proc/locks");
  std::map<std::string, std::set<ino_t>> removed_by_pid;
  for (std::string line; std::getline(locks, line);) {
    std::istringstream fields(line);
    std::string number, kind, mode, access, pid, device;
    fields >> number >> kind;
    if (kind == "->") fields >> kind;
    fields >> mode >> access >> pid >> device;
    unsigned major = 0, minor = 0;
    unsigned long long inode = 0;
    if (kind != "FLOCK" || access != "WRITE" ||
        std::sscanf(device.c_str(), "%x:%x:%llu", &major, &minor, &inode) != 3)
      continue;
    if (makedev(major, minor) != mine.st_dev || inode == mine.st_ino) continue;
    long holder = 0;
    const auto parsed = std::from_chars(pid.data(), pid.data() + pid.size(), holder);
    if (parsed.ec != std::errc() || holder <= 0) continue;
    // Each holder's open files are read once, however many locks it holds.
    auto [held, fresh] = removed_by_pid.try_emplace(pid);
    if (fresh) held->second = removed_files_held(pid, mine.st_dev, removed_name);
    if (held->second.count(static_cast<ino_t>(inode)) != 0) return holder;
  }
  return 0;
}

long read_holder_pid(std::intptr_t handle) {
  char buffer[32] = {};
  const ssize_t got = ::pread(fd_of(handle), buffer, sizeof buffer - 1, 0);
  if (got <= 0) return 0;
  long pid = 0;
  std::from_chars(buffer, buffer + got, pid);
  return pid;
}

void write_holder_pid(std::intptr_t handle) {
  const int fd = fd_of(handle);
  char buffer[32];
  const int length = std::snprintf(buffer, sizeof buffer, "%ld\n", static_cast<long>(::getpid()));
  if (::ftruncate(fd, 0) == 0 && length > 0) {
    [[maybe_unused]] const ssize_t ignored =
        ::pwrite(fd, buffer, static_cast<std::size_t>(length), 0);
  }
}

void close_file(std::intptr_t handle) {
  if (handle >= 0) ::close(fd_of(handle));  // closing the only descriptor releases it
}

}  // namespace awsdns::route53::lock_file
