// The lock file primitives with LockFileEx: LOCK_DIR\<resource>.lock, a handle not inherited by
// children, never deleted. The lock is one byte at offset 2^32, beyond the holder's pid at offset
// 0: Windows locks are mandatory, so a locked first byte could not be read by the next caller.

#include <windows.h>

#include <cstdlib>
#include <string>

#include "route53/resource_lock_platform.hpp"
#include "util/windows_text_windows.hpp"

namespace awsdns::route53::lock_file {
namespace {

// The portable ResourceLock keeps the handle as an integer (a descriptor on POSIX).
HANDLE handle_of(std::intptr_t value) {
  return reinterpret_cast<HANDLE>(value);  // NOLINT(performance-no-int-to-ptr)
}

std::string os_error(const std::string& what, DWORD error) {
  return what + ": " + util::windows_error_text(error);
}

// The byte range that is the lock: one byte at offset 2^32.
OVERLAPPED lock_range() {
  OVERLAPPED range{};
  range.OffsetHigh = 1;
  return range;
}

}  // namespace

// Directories get the default security: inherited from the parent, e.g. %ProgramData%.
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

std::string path_of(const std::string& lock_dir, const std::string& resource) {
  const std::string separator = lock_dir.back() == '\\' || lock_dir.back() == '/' ? "" : "\\";
  return lock_dir + separator + resource + ".lock";
}

std::string open_file(const std::string& path, std::intptr_t& handle) {
  const HANDLE file =
      CreateFileW(util::wide_from_utf8(path).c_str(), GENERIC_READ | GENERIC_WRITE,
                  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
                  FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
  handle = reinterpret_cast<std::intptr_t>(file);
  if (file == INVALID_HANDLE_VALUE)
    return os_error("cannot open lock file " + path, GetLastError());
  BY_HANDLE_FILE_INFORMATION info{};
  const bool regular =
      GetFileType(file) == FILE_TYPE_DISK && GetFileInformationByHandle(file, &info) &&
      !(info.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT));
  return regular ? "" : "lock file " + path + " is not a regular file";
}

Attempt try_lock(std::intptr_t handle, std::string& error) {
  OVERLAPPED range = lock_range();
  if (LockFileEx(handle_of(handle), LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0,
                 &range))
    return Attempt::Locked;
  const DWORD failure = GetLastError();
  if (failure == ERROR_LOCK_VIOLATION || failure == ERROR_IO_PENDING) return Attempt::Held;
  error = util::windows_error_text(failure);
  return Attempt::Failed;
}

long read_holder_pid(std::intptr_t handle) {
  char buffer[32] = {};
  OVERLAPPED at{};
  DWORD got = 0;
  if (!ReadFile(handle_of(handle), buffer, sizeof buffer - 1, &got, &at) || got == 0) return 0;
  return std::strtol(buffer, nullptr, 10);
}

void write_holder_pid(std::intptr_t handle) {
  const HANDLE file = handle_of(handle);
  const std::string text = std::to_string(GetCurrentProcessId()) + "\n";
  OVERLAPPED at{};
  DWORD written = 0;
  if (SetFilePointer(file, 0, nullptr, FILE_BEGIN) == 0 && SetEndOfFile(file))
    WriteFile(file, text.data(), static_cast<DWORD>(text.size()), &written, &at);
}

void close_file(std::intptr_t handle) {
  if (handle == -1) return;
  OVERLAPPED range = lock_range();
  UnlockFileEx(handle_of(handle), 0, 1, 0, &range);  // at once, not whenever the close completes
  CloseHandle(handle_of(handle));
}

}  // namespace awsdns::route53::lock_file
