#pragma once
// A directory awsdns writes in as root (the lock directory), opened only when nobody but root or
// the caller could have made or changed the way to it: the owner/permission rule of the files
// (file_reader.hpp's trust_problems) applied to every component of its path, symbolic links
// followed only where that rule holds. One file per system: trusted_directory_posix.cpp (uid,
// mode bits, openat from "/"), trusted_directory_windows.cpp (owner SID, access list, no
// reparse point).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "util/expected.hpp"

namespace awsdns::util {

/// An open directory of open_trusted_directory (POSIX: an O_DIRECTORY descriptor; Windows: a
/// HANDLE), closed when the last owner lets it go.
class DirectoryHandle {
 public:
  explicit DirectoryHandle(std::intptr_t handle) : handle_(handle) {}
  DirectoryHandle(DirectoryHandle&& other) noexcept : handle_(std::exchange(other.handle_, -1)) {}
  DirectoryHandle& operator=(DirectoryHandle&& other) noexcept {
    std::swap(handle_, other.handle_);
    return *this;
  }
  DirectoryHandle(const DirectoryHandle&) = delete;
  DirectoryHandle& operator=(const DirectoryHandle&) = delete;
  ~DirectoryHandle();
  /// The system's handle, for the *at calls and replace_file_in.
  std::intptr_t get() const { return handle_; }

 private:
  std::intptr_t handle_ = -1;
};

/// Why open_trusted_directory gives no directory: refused by the trust rule (a configuration
/// problem: someone else could change the way to it) or another failure.
struct DirectoryRefusal {
  std::vector<std::string> problems;  // the trust rule's: each says the path and the fix
  std::string error;                  // when no problem: not a directory, the system's error
  /// True when the trust rule refused (problems), false for another failure (error).
  bool untrusted() const { return !problems.empty(); }
  /// The problems joined with "; ", or the error.
  std::string message() const;
};

/// DirectoryRefusal in Expected::value() (a programming error): found by argument-dependent
/// lookup.
[[noreturn]] void throw_exception_from_error(const DirectoryRefusal& refusal,
                                             const boost::source_location& where);

/// Opens the absolute directory `path`, creating what is missing of it (itself 0700, missing
/// parents 0755; Windows: an access list for Administrators, SYSTEM and the caller only), after
/// walking it from the root. POSIX: every directory on the way owned by root or `caller_uid`
/// and not writable by group or others, except a sticky one (/tmp), below which only a real
/// directory (no symbolic link) is accepted; a symbolic link is followed only from a directory
/// that passed the rule (Debian's /var/run -> /run); `path` itself must pass it without the
/// sticky exception. Windows: no reparse point on the way; `path` not writable by Everyone,
/// Users or Authenticated Users and owned by Administrators, SYSTEM or the caller. `what` names
/// the directory in messages ("lock directory").
Expected<DirectoryHandle, DirectoryRefusal> open_trusted_directory(const std::string& path,
                                                                   unsigned caller_uid,
                                                                   const std::string& what);

}  // namespace awsdns::util
