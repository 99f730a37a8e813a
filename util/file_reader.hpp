#pragma once
// Reading a small file safely, for any awsdns file (settings file, YAML configuration): opened
// without blocking, its type checked on the opened descriptor (so a FIFO, device or directory,
// even behind a symbolic link, is refused without being read), at most a given number of bytes
// read. The caller applies its own policy (size limit, permissions, owner) and messages.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace awsdns::util {

/// What was found at a path, read without blocking and without trusting its type.
struct FileFacts {
  enum class Status { Read, Missing, NotRegular, Failed };
  Status status = Status::Failed;
  std::string kind;  // NotRegular: "a directory", "a FIFO (named pipe)", "a character device"...
  std::string os_error;    // Missing, Failed: the system's message (strerror)
  unsigned owner_uid = 0;  // Read: the file's owner
  unsigned mode = 0;       // Read: permission bits (07777)
  std::uint64_t size = 0;  // Read: the size fstat reported (may exceed content.size())
  std::string content;     // Read: at most `limit` bytes
  // Windows (file_reader_windows.cpp): the access list's facts instead of uid and mode bits.
  enum class OwnerKind { Other, Administrators, System, Caller };
  OwnerKind owner_kind = OwnerKind::Other;  // Read: who owns the file, for the trust rule
  std::string owner_name;                   // Read: the owner ("BUILTIN\\Administrators", a SID)
  std::vector<std::string> writers;  // Read: broad groups the DACL lets write ("Everyone", ...)
  bool is_directory =
      false;  // a folder (trusted_directory.hpp): its icacls fix covers its contents
};

/// Mode bits "writable by group" and "writable by others" (POSIX values).
inline constexpr unsigned kGroupWritable = 0020;
inline constexpr unsigned kOthersWritable = 0002;

/// Opens `path` (O_NONBLOCK, so a FIFO cannot block), checks the opened descriptor is a regular
/// file, and reads at most `limit` bytes of it. Missing: the path (or a directory on it) does not
/// exist. To enforce a size limit N, pass N + 1 and refuse content longer than N: that also
/// catches a file that grew after fstat.
FileFacts read_file_facts(const std::string& path, std::size_t limit);

/// The owner and permissions of the file or folder at `path` (symbolic links followed), without
/// reading it: for the programs awsdns runs and their folders. Status Read when it could be
/// examined (content stays empty; kind is "a directory" for a folder), Missing or Failed.
FileFacts examine_path(const std::string& path);

/// The trust rule for files that decide what awsdns runs as root (settings file, configuration):
/// not writable by group or others, owned by root or by `caller_uid`. One message per problem,
/// each with the chmod/chown that fixes it; `what` names the file, e.g. "the settings file".
/// Windows: not writable by Everyone, Users or Authenticated Users, owned by Administrators,
/// SYSTEM or the calling user (the reader compares with the process's token, so `caller_uid` is
/// not used there); each message with the icacls command that fixes it.
std::vector<std::string> trust_problems(const FileFacts& facts, const std::string& path,
                                        unsigned caller_uid, const std::string& what);

}  // namespace awsdns::util
