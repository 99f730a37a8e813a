// load_config_file: read the configuration without blocking or trusting the path's type.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "route53/config.hpp"

namespace awsdns::route53 {
namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

// Closes the descriptor on every path out of load_config_file.
class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  ~FdGuard() { ::close(fd_); }
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;

 private:
  int fd_;
};

ConfigResult failure(const std::string& path, std::string message) {
  ConfigResult result;
  result.config.file = path;
  result.errors.push_back(Diagnostic{path, 0, 0, std::move(message)});
  return result;
}

}  // namespace

ConfigResult load_config_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return failure(path, std::string("cannot read: ") + std::strerror(errno));
  FdGuard guard(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0)
    return failure(path, std::string("cannot read: ") + std::strerror(errno));
  if (!S_ISREG(info.st_mode)) {
    return failure(path, "cannot read: " + kind_of(info.st_mode) + ", not a regular file");
  }
  const auto too_large = [&](std::size_t size) {
    return failure(path, "too large: " + std::to_string(size) + " bytes (limit " +
                             std::to_string(kMaxConfigBytes) + ")");
  };
  if (static_cast<std::size_t>(info.st_size) > kMaxConfigBytes) {
    return too_large(static_cast<std::size_t>(info.st_size));
  }
  // One byte beyond the limit tells a file that grew after fstat from one that fits.
  std::string text(kMaxConfigBytes + 1, '\0');
  std::size_t filled = 0;
  while (filled < text.size()) {
    const ssize_t got = ::read(fd, text.data() + filled, text.size() - filled);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return failure(path, std::string("cannot read: ") + std::strerror(errno));
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  if (filled > kMaxConfigBytes) return too_large(filled);
  text.resize(filled);
  return parse_config(text, path);
}

}  // namespace awsdns::route53
