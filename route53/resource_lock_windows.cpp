// ResourceLock with LockFileEx: LOCK_DIR\<resource>.lock, a handle not inherited by children,
// never deleted. The lock is one byte at offset 2^32, beyond the holder's pid at offset 0: Windows
// locks are mandatory, so a locked first byte could not be read by the next caller.

#include <windows.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

#include "route53/config_checks.hpp"
#include "route53/resource_lock.hpp"
#include "util/duration.hpp"
#include "util/path_rules.hpp"
#include "util/windows_text_windows.hpp"

namespace awsdns::route53 {
namespace {

using namespace std::chrono_literals;

constexpr std::chrono::milliseconds kPollInterval = 100ms;

HANDLE handle_of(std::intptr_t value) {
  return reinterpret_cast<HANDLE>(value);
}

std::string os_error(const std::string& what, DWORD error) {
  return what + ": " + util::windows_error_text(error);
}

// Creates `dir` and its missing parents (default security: inherited from the parent, e.g.
// %ProgramData%); an existing `dir` is used as it is. Empty on success, else the problem.
std::string make_directories(const std::string& dir) {
  for (std::size_t at = dir.find_first_of("\\/", 3);; at = dir.find_first_of("\\/", at + 1)) {
    const std::string prefix = dir.substr(0, at);
    if (!prefix.empty() && !CreateDirectoryW(util::wide_from_utf8(prefix).c_str(), nullptr) &&
        GetLastError() != ERROR_ALREADY_EXISTS)
      return os_error("cannot create lock directory " + prefix, GetLastError());
    if (at == std::string::npos) break;
  }
  const DWORD attributes = GetFileAttributesW(util::wide_from_utf8(dir).c_str());
  if (attributes == INVALID_FILE_ATTRIBUTES)
    return os_error("cannot use lock directory " + dir, GetLastError());
  if (!(attributes & FILE_ATTRIBUTE_DIRECTORY))
    return "lock directory " + dir + " is not a directory";
  return {};
}

// The pid the current holder wrote into the file, or 0 when unreadable.
long read_holder_pid(HANDLE file) {
  char buffer[32] = {};
  OVERLAPPED at{};
  DWORD got = 0;
  if (!ReadFile(file, buffer, sizeof buffer - 1, &got, &at) || got == 0) return 0;
  return std::strtol(buffer, nullptr, 10);
}

// Records our pid for the Busy message of the next caller (best effort).
void write_holder_pid(HANDLE file) {
  const std::string text = std::to_string(GetCurrentProcessId()) + "\n";
  OVERLAPPED at{};
  DWORD written = 0;
  if (SetFilePointer(file, 0, nullptr, FILE_BEGIN) == 0 && SetEndOfFile(file))
    WriteFile(file, text.data(), static_cast<DWORD>(text.size()), &written, &at);
}

bool try_lock(HANDLE file) {
  OVERLAPPED range{};
  range.OffsetHigh = 1;
  return LockFileEx(file, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &range);
}

void release(std::intptr_t value) {
  if (value == -1) return;
  OVERLAPPED range{};
  range.OffsetHigh = 1;
  UnlockFileEx(handle_of(value), 0, 1, 0, &range);  // at once, not whenever the close completes
  CloseHandle(handle_of(value));
}

// Opens (creates) the lock file: no symbolic link followed, a regular file only.
std::string open_lock_file(const std::string& path, HANDLE& file) {
  file = CreateFileW(util::wide_from_utf8(path).c_str(), GENERIC_READ | GENERIC_WRITE,
                     FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
                     FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
  if (file == INVALID_HANDLE_VALUE)
    return os_error("cannot open lock file " + path, GetLastError());
  BY_HANDLE_FILE_INFORMATION info{};
  const bool regular =
      GetFileType(file) == FILE_TYPE_DISK && GetFileInformationByHandle(file, &info) &&
      !(info.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT));
  return regular ? "" : "lock file " + path + " is not a regular file";
}

}  // namespace

ResourceLock::ResourceLock(ResourceLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

ResourceLock& ResourceLock::operator=(ResourceLock&& other) noexcept {
  if (this != &other) {
    release(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

ResourceLock::~ResourceLock() {
  release(fd_);
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
  const std::string separator = lock_dir.back() == '\\' || lock_dir.back() == '/' ? "" : "\\";
  const std::string path = lock_dir + separator + resource + ".lock";
  HANDLE file = INVALID_HANDLE_VALUE;
  std::string problem = open_lock_file(path, file);
  if (file == INVALID_HANDLE_VALUE) {
    result.message = problem;
    return result;
  }
  ResourceLock candidate(reinterpret_cast<std::intptr_t>(file));
  if (!problem.empty()) {
    result.message = problem;
    return result;
  }
  const auto started = time.now();
  while (true) {
    if (try_lock(file)) {
      write_holder_pid(file);
      result.lock = std::move(candidate);
      return result;
    }
    const DWORD error = GetLastError();
    if (error != ERROR_LOCK_VIOLATION && error != ERROR_IO_PENDING) {
      result.message = os_error("cannot lock " + path, error);
      return result;
    }
    const auto now = time.now();
    if (now >= deadline) {
      const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(now - started);
      const long holder = read_holder_pid(file);
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
