// replace_file_in on POSIX: everything relative to the directory's descriptor (openat with
// O_CREAT | O_EXCL | O_NOFOLLOW for a temporary name of this process, then renameat), so no
// path is resolved again after open_trusted_directory checked it.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/atomic_file.hpp"
#include "util/path_rules.hpp"

namespace awsdns::util {
namespace {

Error failure(const std::string& what, const std::string& path, int error) {
  return fail("cannot " + what + " " + path + ": " + std::strerror(error));
}

// Writes all of `content` to `fd`; 0 or errno.
int write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  return ::fsync(fd) == 0 ? 0 : errno;
}

}  // namespace

Expected<> replace_file_in(std::intptr_t directory, const std::string& directory_path,
                           const std::string& name, std::string_view content) {
  const int dir = static_cast<int>(directory);
  const std::string path = path_in_directory(directory_path, name);
  const std::string temporary = "." + name + ".tmp" + std::to_string(::getpid());
  // A temporary file left by a process of the same pid that died: ours to remove.
  ::unlinkat(dir, temporary.c_str(), 0);
  const int fd =
      ::openat(dir, temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return failure("create", path_in_directory(directory_path, temporary), errno);
  const int error = write_all(fd, content);
  ::close(fd);
  if (error == 0 && ::renameat(dir, temporary.c_str(), dir, name.c_str()) == 0) return {};
  const int saved = error != 0 ? error : errno;
  ::unlinkat(dir, temporary.c_str(), 0);
  return failure(error != 0 ? "write" : "replace", path, saved);
}

}  // namespace awsdns::util
