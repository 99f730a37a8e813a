#pragma once
// Internal to route53/: the lock file primitives the portable ResourceLock (resource_lock.cpp)
// is written against; resource_lock_posix.cpp (flock) and resource_lock_windows.cpp
// (LockFileEx) implement them. A lock file is its system handle as a std::intptr_t (a POSIX
// descriptor, a Windows HANDLE); -1 is none.

#include <cstdint>
#include <string>

namespace awsdns::route53::lock_file {

/// Creates `dir` and its missing parents (an existing `dir` is used as it is); "" or the problem.
std::string make_directories(const std::string& dir);

/// The lock file of `resource` in `lock_dir`: LOCK_DIR/<resource>.lock.
std::string path_of(const std::string& lock_dir, const std::string& resource);

/// Opens (creates) the lock file `path` into `handle` (-1 when it could not be opened); "" when
/// it is a regular file, reached through no symbolic link, else the problem.
std::string open_file(const std::string& path, std::intptr_t& handle);

/// How one try_lock() went: the lock taken, held by another, or an error.
enum class Attempt { Locked, Held, Failed };

/// Takes the exclusive lock on `handle` at once if no one holds it; for Failed, `error` says why.
Attempt try_lock(std::intptr_t handle, std::string& error);

/// The pid the current holder wrote into the file, or 0 when unreadable.
long read_holder_pid(std::intptr_t handle);

/// Records this process's pid for the Busy message of the next caller (best effort).
void write_holder_pid(std::intptr_t handle);

/// Releases the lock (when held) and closes `handle`; nothing for -1.
void close_file(std::intptr_t handle);

}  // namespace awsdns::route53::lock_file
