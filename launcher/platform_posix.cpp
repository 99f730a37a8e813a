// POSIX process specifics of the launcher: wait-status decoding, process-group signals and
// liveness, pidfd, reaping, and the executable test used by the PATH search.

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "launcher/platform.hpp"

namespace awsdns::launcher::platform {

ChildStatus decode_wait_status(int native_status) {
  ChildStatus status;
  if (WIFEXITED(native_status)) {
    status.exited = true;
    status.code = WEXITSTATUS(native_status);
  } else if (WIFSIGNALED(native_status)) {
    status.signal = WTERMSIG(native_status);
  } else {
    status.exited = true;  // stopped/continued are not reported by a blocking reap
    status.code = native_status;
  }
  return status;
}

void signal_group(int group, int leader, int signal_number) {
  if (group > 0) ::kill(-group, signal_number);
  // The leader is our unreaped child, so its pid is still its own; reach it even if it moved to
  // another group.
  if (leader > 0 && ::getpgid(leader) != group) ::kill(leader, signal_number);
}

bool group_exists(int group) {
  if (group <= 0) return false;
#if defined(__linux__)
  // kill(-group, 0) also counts zombies, and the group's leader stays an unreaped zombie until
  // the run ends: look for a member that still runs.
  if (DIR* proc = ::opendir("/proc")) {
    bool found = false;
    while (const dirent* entry = ::readdir(proc)) {
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
      const std::string path = std::string("/proc/") + entry->d_name + "/stat";
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      char buffer[512];
      const ssize_t size = ::read(fd, buffer, sizeof buffer - 1);
      ::close(fd);
      if (size <= 0) continue;
      buffer[size] = '\0';
      // "pid (comm) state ppid pgrp ...": comm may contain anything, so parse after the last ')'.
      const char* after_name = std::strrchr(buffer, ')');
      char state = 0;
      int parent = 0, member_group = 0;
      if (after_name == nullptr ||
          std::sscanf(after_name + 1, " %c %d %d", &state, &parent, &member_group) != 3) {
        continue;
      }
      if (member_group == group && state != 'Z' && state != 'X') {
        found = true;
        break;
      }
    }
    ::closedir(proc);
    return found;
  }
#endif
  return ::kill(-group, 0) == 0 || errno == EPERM;
}

int termination_signal() {
  return SIGTERM;
}

int kill_signal() {
  return SIGKILL;
}

std::optional<ChildStatus> exit_status_without_reaping(int pid) {
  siginfo_t info{};
  int rc;
  while ((rc = ::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT)) < 0 &&
         errno == EINTR) {
  }
  ChildStatus status;
  if (rc < 0) {
    status.known = false;
    return status;
  }
  if (info.si_pid == 0) return std::nullopt;  // still running
  if (info.si_code == CLD_EXITED) {
    status.exited = true;
    status.code = info.si_status;
  } else {
    status.signal = info.si_status;  // CLD_KILLED or CLD_DUMPED
  }
  return status;
}

void reap_child(int pid) {
  if (pid <= 0) return;
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

int open_process_fd(int pid) {
#if defined(SYS_pidfd_open)
  // Safe from pid reuse: `pid` is our own child and has not been reaped.
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

bool is_executable_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
  return ::access(path.c_str(), X_OK) == 0;
}

char path_list_separator() {
  return ':';
}

bool is_absolute_path(const std::string& path) {
  return !path.empty() && path.front() == '/';
}

}  // namespace awsdns::launcher::platform
