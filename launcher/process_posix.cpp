// POSIX ChildProcess: the child is started by spawn_posix.cpp (vfork, parent-death signal, new
// process group) and is its process group's leader; the tree is that group. Its end is seen on
// its pidfd (Linux >= 5.3) or, without one, by a short poll, and its status is read without
// reaping it. Also the executable-file test of the PATH search.

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>

#include "launcher/internal_posix.hpp"
#include "launcher/platform.hpp"
#include "launcher/process.hpp"

namespace awsdns::launcher {
namespace {

namespace asio = boost::asio;

// How often the child's end is checked where the kernel has no pidfd_open (Linux < 5.3).
constexpr std::chrono::milliseconds kExitPoll{2};

// The child's argv (argv[0] is the executable) and exact environment as null-terminated arrays;
// the strings live in this object, which outlives the start.
class ChildArguments {
 public:
  explicit ChildArguments(const ChildSpec& spec)
      : strings_(util::environment_to_strings(spec.environment)) {
    for (const auto& entry : strings_) environment_.push_back(entry.c_str());
    environment_.push_back(nullptr);
    argv_.push_back(spec.executable.c_str());
    for (const auto& argument : spec.args) argv_.push_back(argument.c_str());
    argv_.push_back(nullptr);
  }
  const char* const* argv() const { return argv_.data(); }
  const char* const* environment() const { return environment_.data(); }

 private:
  std::vector<std::string> strings_;
  std::vector<const char*> environment_;
  std::vector<const char*> argv_;
};

// /dev/null for the Null streams, opened only when one needs it.
class NullDevice {
 public:
  ~NullDevice() {
    if (fd_ >= 0) ::close(fd_);
  }
  int descriptor() {
    if (fd_ < 0 && error_ == 0 && (fd_ = ::open("/dev/null", O_RDWR | O_CLOEXEC)) < 0) {
      error_ = errno;
    }
    return fd_;
  }
  int error() const { return error_; }

 private:
  int fd_ = -1;
  int error_ = 0;
};

// The descriptor a choice puts on the child's stream, or -1 when the stream is inherited.
int source_of(const StdioChoice& choice, NullDevice& null_device) {
  switch (choice.kind) {
    case StdioChoice::Kind::Inherit:
      return -1;
    case StdioChoice::Kind::Pipe:
      if (choice.pipe != nullptr) return choice.pipe->native_handle();
      break;
    case StdioChoice::Kind::Null:
      break;
  }
  return null_device.descriptor();
}

// True while any process of the group `group` exists (zombies excepted).
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

// The exit status of child `pid` once it has ended (nullopt while it runs), without reaping it.
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

// A descriptor that becomes readable when child `pid` ends (Linux pidfd; close-on-exec), or -1.
int open_process_fd(int pid) {
#if defined(SYS_pidfd_open)
  // Safe from pid reuse: `pid` is our own child and has not been reaped.
  return static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
#else
  (void)pid;
  return -1;
#endif
}

}  // namespace

struct ChildProcess::Native {
  int pid = -1;
  bool ended = false;
  bool reaped = true;
  std::optional<posix::TerminalLoan> terminal;
  std::function<void(const ChildStatus&)> on_end;
  // Not Boost.Process's process handle: its constructor throws where pidfd_open does not exist.
  std::optional<asio::posix::stream_descriptor> exit_watch;  // the pidfd
  std::optional<asio::steady_timer> exit_poll;               // without one

  // A child started and not reaped is killed and reaped with its ChildProcess.
  ~Native() {
    signal_tree(SIGKILL);
    reap();
  }

  // The child itself, while it has not ended (an ended child needs no signal).
  int leader() const { return ended ? 0 : pid; }
  // Sends `signal_number` to the whole tree of a child that was not reaped.
  void signal_tree(int signal_number) const {
    if (!reaped) posix::signal_group(pid, leader(), signal_number);
  }
  // Waits for the child's end and releases its pid (once).
  void reap() {
    if (reaped) return;
    posix::reap_child(pid);
    reaped = true;
  }
  // True (and the end reported) once the child has ended.
  bool check_end() {
    const auto status = exit_status_without_reaping(pid);
    if (!status) return false;
    ended = true;
    if (terminal) terminal->reclaim();
    if (on_end) on_end(*status);
    return true;
  }
  void watch_pidfd() {
    exit_watch->async_wait(asio::posix::descriptor_base::wait_read,
                           [this](boost::system::error_code error) {
                             if (error != asio::error::operation_aborted && !check_end()) {
                               watch_pidfd();
                             }
                           });
  }
  void poll() {
    if (check_end()) return;
    exit_poll->expires_after(kExitPoll);
    exit_poll->async_wait([this](boost::system::error_code error) {
      if (error != asio::error::operation_aborted) poll();
    });
  }
};

ChildProcess::ChildProcess() : native_(std::make_unique<Native>()) {}

ChildProcess::~ChildProcess() = default;  // see ~Native

std::error_code ChildProcess::start(const ChildSpec& spec) {
  Native& native = *native_;
  const bool lend = spec.foreground && spec.input.kind == StdioChoice::Kind::Inherit;
  native.terminal.emplace(lend ? posix::foreground_terminal() : -1);
  NullDevice null_device;
  const posix::ChildStreams streams{source_of(spec.input, null_device),
                                    source_of(spec.output, null_device),
                                    source_of(spec.error, null_device)};
  if (null_device.error() != 0) return {null_device.error(), std::system_category()};
  const ChildArguments arguments(spec);
  int pid = -1;
  int error = 0;
  {
    const posix::TerminationSignalsBlocked blocked;
    // Exec failures (ENOENT, EACCES) arrive here too.
    error = posix::spawn_child(spec.executable.c_str(), arguments.argv(), arguments.environment(),
                               streams, native.terminal->for_child(), pid);
  }
  if (error != 0) return {error, std::system_category()};
  native.pid = pid;
  native.reaped = false;
  native.terminal->lent_to(pid);
  return {};
}

void ChildProcess::on_exit(asio::io_context& context,
                           std::function<void(const ChildStatus&)> ended) {
  Native& native = *native_;
  native.on_end = std::move(ended);
  if (const int pidfd = open_process_fd(native.pid); pidfd >= 0) {
    native.exit_watch.emplace(context, pidfd);
    native.watch_pidfd();
  } else {
    native.exit_poll.emplace(context);
    native.poll();
  }
}

void ChildProcess::signal_tree(int signal_number) {
  native_->signal_tree(signal_number);
}

void ChildProcess::terminate_tree() {
  signal_tree(SIGTERM);
}

void ChildProcess::kill_tree() {
  signal_tree(SIGKILL);
}

bool ChildProcess::tree_running() const {
  return !native_->reaped && group_exists(native_->pid);
}

bool ChildProcess::holds_terminal() const {
  return !native_->ended && native_->terminal && native_->terminal->lending();
}

bool ChildProcess::relay_job_control_stop() {
  return holds_terminal() && native_->terminal->relay_stop(native_->pid);
}

void ChildProcess::reap() {
  native_->reap();
}

namespace posix {

void signal_group(int group, int leader, int signal_number) {
  if (group > 0) ::kill(-group, signal_number);
  // The leader is our unreaped child, so its pid is still its own; reach it even if it moved to
  // another group.
  if (leader > 0 && ::getpgid(leader) != group) ::kill(leader, signal_number);
}

void reap_child(int pid) {
  if (pid <= 0) return;
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace posix

namespace platform {

bool is_executable_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return false;
  return ::access(path.c_str(), X_OK) == 0;
}

}  // namespace platform
}  // namespace awsdns::launcher
