// ResourceLock on every system: the checks, the trusted directory, the lock file and the wait for
// a held lock, polled with short sleeps through the Timekeeper; the file and its lock are the
// system's (resource_lock_platform.hpp).

#include "route53/resource_lock.hpp"

#include <algorithm>

#include "route53/config_checks.hpp"
#include "route53/resource_lock_platform.hpp"
#include "util/duration.hpp"
#include "util/path_rules.hpp"
#include "util/text.hpp"
#include "util/trusted_directory.hpp"

namespace awsdns::route53 {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kPollInterval = 100ms;

}  // namespace

// One acquire(): the tries on the lock file and the pauses between them, until the deadline.
class ResourceLock::Acquisition {
 public:
  Acquisition(const LockRequest& request, std::intptr_t directory, Clock::time_point deadline,
              launcher::Timekeeper& time)
      : request_(request),
        directory_(directory),
        name_(request.resource + ".lock"),
        path_(lock_file::path_of(request.lock_dir, request.resource)),
        deadline_(deadline),
        time_(time),
        started_(time.now()) {}

  awsdns::Result<ResourceLock> run() {
    for (int replaced = 0;;) {
      long holder = 0;
      const Try outcome = try_once(holder);
      if (outcome == Try::Done) return std::move(outcome_);
      // A file removed or replaced after it was opened: open the name's file again at once.
      if (outcome == Try::Replaced && replaced++ == 0) continue;
      if (!pause(holder, "")) return std::move(outcome_);
    }
  }

 private:
  enum class Try { Done, Held, Replaced };

  // Tries the lock of the name's file (opened at the first try, and again after it was found
  // removed or replaced); Done with outcome_ set, else why to try again.
  Try try_once(long& holder) {
    if (file_.fd_ == -1 && !open()) return Try::Done;
    const auto attempt = lock_file::try_lock(file_.fd_);
    if (!attempt) {
      outcome_ = fail(ExitCode::Failed, "cannot lock " + path_ + ": " + attempt.error().message);
      return Try::Done;
    }
    if (*attempt == lock_file::Attempt::Held) {
      holder = lock_file::read_holder_pid(file_.fd_);
      return Try::Held;
    }
    if (!lock_file::still_named(directory_, path_, name_, file_.fd_)) {
      file_ = ResourceLock(-1);  // its lock excludes nobody: the name's file is the lock
      return Try::Replaced;
    }
    if (!outlast_removed_holder(file_.fd_)) return Try::Done;
    lock_file::write_holder_pid(file_.fd_);
    outcome_ = std::move(file_);
    return Try::Done;
  }

  // Opens (creates) the name's file into file_; false with outcome_ set when it cannot be
  // (Config: it is no regular file).
  bool open() {
    auto opened = lock_file::open_file(directory_, path_, name_);
    if (!opened) {
      outcome_ = std::move(opened.error());
      return false;
    }
    file_ = ResourceLock(opened->handle);
    return true;
  }

  // Holding the lock of the name's file, waits while a process still holds the lock of an
  // earlier file of that name that was removed (so that the two never hold it at once).
  bool outlast_removed_holder(std::intptr_t file) {
    while (const long holder = lock_file::removed_file_holder(directory_, name_, file)) {
      if (!pause(holder, " (its lock file was removed while it held it)")) return false;
    }
    return true;
  }

  // The wait between two tries: tells the waiting once, ends at the deadline or a signal with
  // outcome_ set (false).
  bool pause(long holder, const std::string& note) {
    const auto now = time_.now();
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - now);
    if (!told_ && request_.on_wait && now < deadline_) request_.on_wait(holder, remaining);
    told_ = true;
    if (now >= deadline_) {
      const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - started_);
      std::string message = "resource '" + request_.resource + "' is locked by another awsdns";
      if (holder > 0) message += " (pid " + std::to_string(holder) + ")";
      message += note + "; gave up after waiting " + util::duration_text(waited) + " for " + path_;
      outcome_ = fail(ExitCode::LockBusy, std::move(message));
      return false;
    }
    if (!time_.sleep_for(std::clamp(remaining, std::chrono::milliseconds(1), kPollInterval))) {
      outcome_ = fail(exit_code_of_signal(time_.interrupt_signal()),
                      "interrupted while waiting for the lock on " + path_);
      return false;
    }
    return true;
  }

  const LockRequest& request_;
  const std::intptr_t directory_;
  const std::string name_;
  const std::string path_;
  const Clock::time_point deadline_;
  launcher::Timekeeper& time_;
  const Clock::time_point started_;
  ResourceLock file_{-1};  // the lock file while it is tried
  bool told_ = false;
  awsdns::Result<ResourceLock> outcome_{fail(ExitCode::Failed, "no try was made")};
};

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

awsdns::Result<ResourceLock> ResourceLock::acquire(const LockRequest& request,
                                                   Clock::time_point deadline,
                                                   launcher::Timekeeper& time) {
  if (const checks::Checked key = checks::resource_key(request.resource); !key) {
    return fail(ExitCode::Failed, key.error().message);
  }
  if (!util::is_absolute_path(request.lock_dir)) {
    return fail(ExitCode::Failed,
                "lock directory '" + request.lock_dir + "' is not an absolute path");
  }
  const auto directory =
      util::open_trusted_directory(request.lock_dir, request.caller_uid, "lock directory");
  if (!directory) {
    const auto code = directory.error().untrusted() ? ExitCode::Config : ExitCode::Failed;
    return fail(code, directory.error().message());
  }
  return Acquisition(request, directory->get(), deadline, time).run();
}

}  // namespace awsdns::route53
