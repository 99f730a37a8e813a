// POSIX process specifics of the launcher: wait-status decoding, process-group signals, reaping
// a child whose exec failed, and the executable test used by the PATH search.

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

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
  return ::kill(-group, 0) == 0 || errno == EPERM;
}

int termination_signal() { return SIGTERM; }

int kill_signal() { return SIGKILL; }

void reap_failed_child(int pid) {
  if (pid <= 0) return;
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

bool is_executable_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
  return ::access(path.c_str(), X_OK) == 0;
}

char path_list_separator() { return ':'; }

bool is_absolute_path(const std::string& path) { return !path.empty() && path.front() == '/'; }

}  // namespace awsdns::launcher::platform
