#pragma once
// A directory awsdns writes in as root (the lock directory), opened only when nobody but root or
// the caller could have made or changed the way to it: the owner/permission rule of the files
// (file_reader.hpp's trust_problems) applied to every component of its path, symbolic links
// followed only where that rule holds. One file per system: trusted_directory_posix.cpp (uid,
// mode bits, openat from "/"), trusted_directory_windows.cpp (owner SID, access list, no
// reparse point).

#include <cstdint>
#include <string>
#include <vector>

namespace awsdns::util {

/// The outcome of open_trusted_directory: an open directory, or why there is none.
struct TrustedDirectory {
  std::intptr_t handle = -1;          // POSIX: an O_DIRECTORY descriptor; Windows: a HANDLE
  std::vector<std::string> problems;  // refused by the trust rule: each says the path and the fix
  std::string error;                  // another failure: not a directory, the system's error
  bool ok() const { return handle != -1; }
};

/// Opens the absolute directory `path`, creating what is missing of it (itself 0700, missing
/// parents 0755; Windows: an access list for Administrators, SYSTEM and the caller only), after
/// walking it from the root. POSIX: every directory on the way owned by root or `caller_uid`
/// and not writable by group or others, except a sticky one (/tmp), below which only a real
/// directory (no symbolic link) is accepted; a symbolic link is followed only from a directory
/// that passed the rule (Debian's /var/run -> /run); `path` itself must pass it without the
/// sticky exception. Windows: no reparse point on the way; `path` not writable by Everyone,
/// Users or Authenticated Users and owned by Administrators, SYSTEM or the caller. `what` names
/// the directory in messages ("lock directory"). Close the handle with close_directory.
TrustedDirectory open_trusted_directory(const std::string& path, unsigned caller_uid,
                                        const std::string& what);

/// Closes a handle of open_trusted_directory; nothing for -1.
void close_directory(std::intptr_t handle);

}  // namespace awsdns::util
