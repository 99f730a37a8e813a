// POSIX implementation of read_file_facts: open, fstat the opened descriptor, bounded read.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/file_reader.hpp"

namespace awsdns::util {
namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Closes the descriptor on every path out of read_file_facts.
class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  ~FdGuard() { ::close(fd_); }
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;

 private:
  int fd_;
};

}  // namespace

FileFacts read_file_facts(const std::string& path, std::size_t limit) {
  FileFacts facts;
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    const int error = errno;
    facts.status = (error == ENOENT || error == ENOTDIR) ? FileFacts::Status::Missing
                                                         : FileFacts::Status::Failed;
    facts.os_error = std::strerror(error);
    return facts;
  }
  FdGuard guard(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    facts.os_error = std::strerror(errno);
    return facts;
  }
  if (!S_ISREG(info.st_mode)) {
    facts.status = FileFacts::Status::NotRegular;
    facts.kind = kind_of(info.st_mode);
    return facts;
  }
  facts.owner_uid = static_cast<unsigned>(info.st_uid);
  facts.mode = static_cast<unsigned>(info.st_mode & 07777);
  facts.size = static_cast<std::uint64_t>(info.st_size);
  facts.content.resize(limit);
  std::size_t filled = 0;
  while (filled < limit) {
    const ssize_t got = ::read(fd, facts.content.data() + filled, limit - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      facts.os_error = std::strerror(errno);
      facts.content.clear();
      return facts;
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  facts.content.resize(filled);
  facts.status = FileFacts::Status::Read;
  return facts;
}

FileFacts examine_path(const std::string& path) {
  FileFacts facts;
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    const int error = errno;
    facts.status = (error == ENOENT || error == ENOTDIR) ? FileFacts::Status::Missing
                                                         : FileFacts::Status::Failed;
    facts.os_error = std::strerror(error);
    return facts;
  }
  facts.kind = S_ISDIR(info.st_mode) ? "a directory" : "";
  facts.owner_uid = static_cast<unsigned>(info.st_uid);
  facts.mode = static_cast<unsigned>(info.st_mode & 07777);
  facts.size = static_cast<std::uint64_t>(info.st_size);
  facts.status = FileFacts::Status::Read;
  return facts;
}

}  // namespace awsdns::util
