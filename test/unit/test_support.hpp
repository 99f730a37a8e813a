#pragma once
// Helpers of the unit tests on every system: a private temporary folder, and the few facts that
// differ per system (test_support_posix.cpp, test_support_windows.cpp).

#include <filesystem>
#include <string>

namespace awsdns::test {

/// The user id the commands pass as the caller's (Invocation::uid): getuid() on POSIX; 0 on
/// Windows, where the file checks compare owners with the process's token instead.
unsigned caller_uid();

/// Makes `path` readable and writable by its owner only (chmod 0600 on POSIX; a no-op on
/// Windows, where a new file in the test's folder inherits the folder's access list).
void make_owner_only(const std::string& path);

/// A fresh empty folder under the system's temporary folder, removed with its contents.
class TempDir {
 public:
  /// Creates <temp>/<prefix>-<random>.
  explicit TempDir(const std::string& prefix = "awsdns-test");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// The folder.
  const std::filesystem::path& path() const { return path_; }
  /// `name` inside the folder, as a string.
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace awsdns::test
