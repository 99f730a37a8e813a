// The lock file primitives with LockFileEx: LOCK_DIR\<resource>.lock in the trusted lock folder,
// a handle not inherited by children, never deleted. The lock is one byte at offset 2^32, beyond
// the holder's pid at offset 0: Windows locks are mandatory, so a locked first byte could not be
// read by the next caller.

#include <windows.h>

#include <cstdlib>
#include <string>

#include "route53/resource_lock_platform.hpp"
#include "util/path_rules.hpp"
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

std::string path_of(const std::string& lock_dir, const std::string& resource) {
  return util::path_in_directory(lock_dir, resource + ".lock");
}

// Opened by its full name: the folder's handle, held without FILE_SHARE_DELETE, keeps the folder
// from being renamed or removed meanwhile. The file is shared without FILE_SHARE_DELETE too: it
// cannot be removed or renamed while anyone has it open, so a held lock's file stays named.
Result<OpenedFile> open_file(std::intptr_t /*directory*/, const std::string& path,
                             const std::string& /*name*/) {
  const HANDLE file = CreateFileW(util::wide_from_utf8(path).c_str(), GENERIC_READ | GENERIC_WRITE,
                                  FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_ALWAYS,
                                  FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
  const DWORD error = GetLastError();
  if (file == INVALID_HANDLE_VALUE) {
    return fail(ExitCode::Failed, os_error("cannot open lock file " + path, error));
  }
  BY_HANDLE_FILE_INFORMATION info{};
  const bool regular =
      GetFileType(file) == FILE_TYPE_DISK && GetFileInformationByHandle(file, &info) &&
      !(info.dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT));
  if (!regular) {
    CloseHandle(file);
    return fail(ExitCode::Config,
                "lock file " + path +
                    " is not a regular file (a folder, or a reparse point: not followed); run: "
                    "del \"" +
                    path + "\" (awsdns then creates the file)");
  }
  return OpenedFile{reinterpret_cast<std::intptr_t>(file), error != ERROR_ALREADY_EXISTS};
}

Result<Attempt> try_lock(std::intptr_t handle) {
  OVERLAPPED range = lock_range();
  if (LockFileEx(handle_of(handle), LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0,
                 &range))
    return Attempt::Locked;
  const DWORD failure = GetLastError();
  if (failure == ERROR_LOCK_VIOLATION || failure == ERROR_IO_PENDING) return Attempt::Held;
  return fail(ExitCode::Failed, util::windows_error_text(failure));
}

bool still_named(std::intptr_t /*directory*/, const std::string& path, const std::string& /*name*/,
                 std::intptr_t handle) {
  const HANDLE named = CreateFileW(util::wide_from_utf8(path).c_str(), FILE_READ_ATTRIBUTES,
                                   FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                   OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
  if (named == INVALID_HANDLE_VALUE) return false;
  BY_HANDLE_FILE_INFORMATION by_name{};
  BY_HANDLE_FILE_INFORMATION opened{};
  const bool same = GetFileInformationByHandle(named, &by_name) &&
                    GetFileInformationByHandle(handle_of(handle), &opened) &&
                    by_name.dwVolumeSerialNumber == opened.dwVolumeSerialNumber &&
                    by_name.nFileIndexHigh == opened.nFileIndexHigh &&
                    by_name.nFileIndexLow == opened.nFileIndexLow;
  CloseHandle(named);
  return same;
}

// A file open here cannot be removed (no FILE_SHARE_DELETE): no holder of a removed file.
long removed_file_holder(std::intptr_t /*directory*/, const std::string& /*name*/,
                         std::intptr_t /*handle*/) {
  return 0;
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
