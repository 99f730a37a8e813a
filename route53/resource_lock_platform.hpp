#pragma once
// Internal to route53/: the lock file primitives the portable ResourceLock (resource_lock.cpp)
// is written against; resource_lock_posix.cpp (flock) and resource_lock_windows.cpp
// (LockFileEx) implement them. A lock file and its directory are system handles as a
// std::intptr_t (a POSIX descriptor, a Windows HANDLE); -1 is none. The directory is one that
// util::open_trusted_directory opened.

#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace awsdns::route53::lock_file {

/// The lock file of `resource` in `lock_dir`, for messages: LOCK_DIR/<resource>.lock.
std::string path_of(const std::string& lock_dir, const std::string& resource);

/// A lock file open_file() opened: its handle, and whether open_file() created it.
struct OpenedFile {
  std::intptr_t handle = -1;
  bool created = false;
};

/// Opens the lock file `name` in `directory` (`path`: its full name, for messages), creating it
/// (0600) when missing, never through a symbolic link or reparse point. Fails with Config when
/// it is no regular file (the message says the fix), Failed when it could not be opened.
Result<OpenedFile> open_file(std::intptr_t directory, const std::string& path,
                             const std::string& name);

/// How one try_lock() went: the lock taken, or held by another.
enum class Attempt { Locked, Held };

/// Takes the exclusive lock on `handle` at once if no one holds it; fails (Failed) with the
/// system's reason.
Result<Attempt> try_lock(std::intptr_t handle);

/// True when `name` in `directory` still is the file of `handle`: false when it was removed or
/// replaced since it was opened (its lock then excludes nobody).
bool still_named(std::intptr_t directory, const std::string& path, const std::string& name,
                 std::intptr_t handle);

/// The pid of a process that holds the lock of an earlier file named `name` in `directory`,
/// removed while held (not `handle`'s file), or 0 when there is none or it cannot be told.
long removed_file_holder(std::intptr_t directory, const std::string& name, std::intptr_t handle);

/// The pid the current holder wrote into the file, or 0 when unreadable.
long read_holder_pid(std::intptr_t handle);

/// Records this process's pid for the Busy message of the next caller (best effort).
void write_holder_pid(std::intptr_t handle);

/// Releases the lock (when held) and closes `handle`; nothing for -1.
void close_file(std::intptr_t handle);

}  // namespace awsdns::route53::lock_file
