#pragma once
// Reading a small file safely (internal): the operating-system specifics behind settings_file.cpp.

#include <cstddef>
#include <string>

namespace awsdns::envfile::detail {

/// What was found at a path, read without blocking and without trusting its type.
struct FileFacts {
  enum class Status { Read, Missing, NotRegular, Failed };
  Status status = Status::Failed;
  std::string kind;  // NotRegular: "a directory", "a FIFO (named pipe)", "a character device"...
  std::string os_error;    // Failed: the system's message (strerror)
  unsigned owner_uid = 0;  // Read: the file's owner
  unsigned mode = 0;       // Read: permission bits (07777)
  std::string content;     // Read: at most `limit` bytes
};

/// Mode bits "writable by group" and "writable by others" (POSIX values).
inline constexpr unsigned kGroupWritable = 0020;
inline constexpr unsigned kOthersWritable = 0002;

/// Opens `path` (O_NONBLOCK, so a FIFO cannot block), checks the opened descriptor is a regular
/// file, and reads at most `limit` bytes of it.
FileFacts read_file_facts(const std::string& path, std::size_t limit);

}  // namespace awsdns::envfile::detail
