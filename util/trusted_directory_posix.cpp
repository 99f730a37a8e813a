// open_trusted_directory on POSIX: the path is walked from "/" with openat(O_NOFOLLOW), one
// component at a time; each directory is checked on its opened descriptor (what is checked is
// what is used), and symbolic links are read and followed by hand, only from a directory that
// passed the rule.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>

#include "util/file_reader.hpp"
#include "util/file_trust_posix.hpp"
#include "util/path_rules.hpp"
#include "util/text.hpp"
#include "util/trusted_directory.hpp"

namespace awsdns::util {
namespace {

constexpr int kMaxSymbolicLinks = 40;  // the kernel's own limit before ELOOP

// One open directory of the walk.
struct Step {
  int fd = -1;
  std::string path;     // resolved: no symbolic link in it
  bool shared = false;  // writable by group or others but sticky (/tmp): its entries are only
                        // trusted when they are real directories of root or the caller
};

// The components of `path`, "" and "." left out ("/a//./b" -> a, b).
std::deque<std::string> components_of(const std::string& path) {
  std::deque<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = std::min(path.find('/', start), path.size());
    std::string part = path.substr(start, slash - start);
    if (!part.empty() && part != ".") parts.push_back(std::move(part));
    start = slash + 1;
  }
  return parts;
}

// The walk of one path; run() once.
class Walk {
 public:
  Walk(const std::string& path, unsigned caller_uid, const std::string& what)
      : path_(path), caller_uid_(caller_uid), what_(what), todo_(components_of(path)) {}
  ~Walk() {
    for (const Step& step : steps_) ::close(step.fd);
  }
  Walk(const Walk&) = delete;
  Walk& operator=(const Walk&) = delete;

  Expected<DirectoryHandle, DirectoryRefusal> run() {
    const int root = ::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0) return fail("cannot open /: " + std::string(std::strerror(errno)));
    if (!push(root, "/")) return std::move(result_);
    while (!todo_.empty()) {
      std::string name = std::move(todo_.front());
      todo_.pop_front();
      if (name == "..") {
        if (steps_.size() > 1) pop();
        continue;
      }
      if (!enter(name)) return std::move(result_);
    }
    return finish();
  }

 private:
  DirectoryRefusal fail(std::string error) {
    result_.error = std::move(error);
    return std::move(result_);
  }

  bool refuse(std::string problem) {
    result_.problems.push_back(std::move(problem));
    return false;
  }

  void pop() {
    ::close(steps_.back().fd);
    steps_.pop_back();
  }

  std::string on_the_way(const std::string& directory) const {
    return "directory " + directory + ", on the way to the " + what_ + " " + path_ + ",";
  }

  // Keeps the opened directory `fd` and checks it as a component on the way (the last one is
  // finish()'s to check).
  bool push(int fd, const std::string& path) {
    steps_.push_back({fd, path, false});
    if (todo_.empty()) return true;
    struct stat info {};
    if (::fstat(fd, &info) != 0) {
      result_.error = "cannot examine " + path + ": " + std::strerror(errno);
      return false;
    }
    FileFacts facts;
    facts.owner_uid = static_cast<unsigned>(info.st_uid);
    facts.mode = static_cast<unsigned>(info.st_mode & 07777);
    const bool writable = (facts.mode & (kGroupWritable | kOthersWritable)) != 0;
    steps_.back().shared = writable && (facts.mode & S_ISVTX) != 0;
    if (steps_.back().shared) facts.mode &= ~(kGroupWritable | kOthersWritable);
    auto problems = trust_problems(facts, path, caller_uid_, on_the_way(path));
    for (auto& problem : problems) refuse(std::move(problem));
    return problems.empty();
  }

  // Opens `name` below the current directory: a real directory, a symbolic link to follow, or
  // (when missing) a new directory; false when the walk ends there.
  bool enter(const std::string& name) {
    const Step& parent = steps_.back();
    const std::string path = path_in_directory(parent.path, name);
    const int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    int fd = ::openat(parent.fd, name.c_str(), flags);
    if (fd < 0 && errno == ENOENT) {
      const bool last = todo_.empty();
      if (::mkdirat(parent.fd, name.c_str(), last ? 0700 : 0755) != 0 && errno != EEXIST) {
        result_.error = "cannot create " + path + ": " + std::strerror(errno);
        return false;
      }
      fd = ::openat(parent.fd, name.c_str(), flags);
      // Exactly 0700 whatever the umask: only this directory, which awsdns just made.
      if (fd >= 0 && last) created_ = true;
    }
    if (fd >= 0) return push(fd, path);
    const int error = errno;
    if (error == ELOOP || error == ENOTDIR) return follow(name, path);
    result_.error = "cannot open " + path + ": " + std::strerror(error);
    return false;
  }

  // `name` is no directory: a symbolic link is followed when the directory holding it is
  // trusted; anything else ends the walk.
  bool follow(const std::string& name, const std::string& path) {
    const Step& parent = steps_.back();
    struct stat info {};
    if (::fstatat(parent.fd, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) != 0 ||
        !S_ISLNK(info.st_mode)) {
      result_.error = path + " is not a directory";
      return false;
    }
    if (parent.shared) {
      const std::string named = path == path_
                                    ? what_ + " " + path
                                    : path + ", on the way to the " + what_ + " " + path_ + ",";
      return refuse(named + " is a symbolic link in " + parent.path +
                    ", a directory others can write: someone else may have made it; run: rm " +
                    shell_word(path) + " (awsdns then creates the directory), or set lock_dir " +
                    "to a path without it");
    }
    if (++links_ > kMaxSymbolicLinks) {
      result_.error = "cannot open " + path_ + ": " + std::strerror(ELOOP);
      return false;
    }
    std::string target(static_cast<std::size_t>(info.st_size) + 1, '\0');
    const ssize_t length = ::readlinkat(parent.fd, name.c_str(), target.data(), target.size());
    if (length < 0 || static_cast<std::size_t>(length) >= target.size()) {
      result_.error = "cannot read the symbolic link " + path;
      return false;
    }
    target.resize(static_cast<std::size_t>(length));
    if (!target.empty() && target.front() == '/') {
      while (steps_.size() > 1) pop();
    }
    std::deque<std::string> parts = components_of(target);
    todo_.insert(todo_.begin(), parts.begin(), parts.end());
    return true;
  }

  // The walk's last directory must pass the rule without the sticky exception.
  Expected<DirectoryHandle, DirectoryRefusal> finish() {
    Step& last = steps_.back();
    if (created_ && ::fchmod(last.fd, 0700) != 0)
      return fail("cannot set the mode of " + last.path + ": " + std::strerror(errno));
    struct stat info {};
    if (::fstat(last.fd, &info) != 0)
      return fail("cannot examine " + last.path + ": " + std::strerror(errno));
    FileFacts facts;
    facts.owner_uid = static_cast<unsigned>(info.st_uid);
    facts.mode = static_cast<unsigned>(info.st_mode & 07777);
    const std::string named =
        what_ + " " + path_ + (last.path == path_ ? "" : " (" + last.path + ")");
    result_.problems = trust_problems(facts, last.path, caller_uid_, named);
    if (!result_.problems.empty()) return std::move(result_);
    DirectoryHandle handle(last.fd);
    steps_.pop_back();  // handed over to the caller, not closed here
    return handle;
  }

  const std::string path_;
  const unsigned caller_uid_;
  const std::string what_;
  std::deque<std::string> todo_;
  std::vector<Step> steps_;
  DirectoryRefusal result_;
  int links_ = 0;
  bool created_ = false;
};

}  // namespace

Expected<DirectoryHandle, DirectoryRefusal> open_trusted_directory(const std::string& path,
                                                                   unsigned caller_uid,
                                                                   const std::string& what) {
  if (!is_absolute_path(path)) {
    DirectoryRefusal refusal;
    refusal.error = what + " '" + path + "' is not an absolute path";
    return refusal;
  }
  return Walk(path, caller_uid, what).run();
}

DirectoryHandle::~DirectoryHandle() {
  if (handle_ >= 0) ::close(static_cast<int>(handle_));
}

}  // namespace awsdns::util
