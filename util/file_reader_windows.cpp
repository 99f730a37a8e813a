// Windows implementation of read_file_facts: CreateFileW, the opened handle's type checked
// (GetFileType, GetFileInformationByHandle), its owner and access list read, bounded ReadFile.

#include <windows.h>

#include <algorithm>

#include "util/file_access_windows.hpp"
#include "util/file_reader.hpp"
#include "util/windows_text_windows.hpp"

namespace awsdns::util {
namespace {

// Closes the handle on every path out of read_file_facts.
class HandleGuard {
 public:
  explicit HandleGuard(HANDLE handle) : handle_(handle) {}
  ~HandleGuard() { CloseHandle(handle_); }
  HandleGuard(const HandleGuard&) = delete;
  HandleGuard& operator=(const HandleGuard&) = delete;

 private:
  HANDLE handle_;
};

// "" for a regular file, else what it is (as the POSIX reader words it).
std::string kind_of(HANDLE file, const BY_HANDLE_FILE_INFORMATION& info) {
  switch (GetFileType(file)) {
    case FILE_TYPE_DISK:
      break;
    case FILE_TYPE_CHAR:
      return "a character device";
    case FILE_TYPE_PIPE:
      return "a pipe";
    default:
      return "not a regular file";
  }
  if (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) return "a directory";
  if (info.dwFileAttributes & FILE_ATTRIBUTE_DEVICE) return "a device";
  return "";
}

// Reads at most `limit` bytes into facts.content; false (with os_error) on a read error.
bool read_bounded(HANDLE file, std::size_t limit, FileFacts& facts) {
  facts.content.resize(limit);
  std::size_t filled = 0;
  while (filled < limit) {
    const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(limit - filled, 1 << 20));
    DWORD got = 0;
    if (!ReadFile(file, facts.content.data() + filled, chunk, &got, nullptr)) {
      facts.os_error = windows_error_text(GetLastError());
      facts.content.clear();
      return false;
    }
    if (got == 0) break;
    filled += got;
  }
  facts.content.resize(filled);
  return true;
}

// Opens `path` with `access` (BACKUP_SEMANTICS: a folder too, so that it is named rather than
// "access denied"); INVALID_HANDLE_VALUE with facts.status and os_error set when it cannot.
HANDLE open_for_facts(const std::string& path, DWORD access, FileFacts& facts) {
  const HANDLE file = CreateFileW(wide_from_utf8(path).c_str(), access,
                                  FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                                  OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    const DWORD error = GetLastError();
    facts.status = (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND)
                       ? FileFacts::Status::Missing
                       : FileFacts::Status::Failed;
    facts.os_error = windows_error_text(error);
  }
  return file;
}

}  // namespace

FileFacts read_file_facts(const std::string& path, std::size_t limit) {
  FileFacts facts;
  const HANDLE file = open_for_facts(path, GENERIC_READ, facts);
  if (file == INVALID_HANDLE_VALUE) return facts;
  HandleGuard guard(file);
  BY_HANDLE_FILE_INFORMATION info{};
  const bool disk = GetFileType(file) == FILE_TYPE_DISK;
  if (disk && !GetFileInformationByHandle(file, &info)) {
    facts.os_error = windows_error_text(GetLastError());
    return facts;
  }
  if (std::string kind = kind_of(file, info); !kind.empty()) {
    facts.status = FileFacts::Status::NotRegular;
    facts.kind = kind;
    return facts;
  }
  facts.size = (static_cast<std::uint64_t>(info.nFileSizeHigh) << 32) | info.nFileSizeLow;
  if (std::string problem = read_access_facts(file, facts); !problem.empty()) {
    facts.os_error = problem;
    return facts;
  }
  if (!read_bounded(file, limit, facts)) return facts;
  facts.status = FileFacts::Status::Read;
  return facts;
}

FileFacts examine_path(const std::string& path) {
  FileFacts facts;
  const HANDLE file = open_for_facts(path, READ_CONTROL, facts);  // the access list only
  if (file == INVALID_HANDLE_VALUE) return facts;
  HandleGuard guard(file);
  BY_HANDLE_FILE_INFORMATION info{};
  if (GetFileInformationByHandle(file, &info) &&
      (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) {
    facts.kind = "a directory";
  }
  if (std::string problem = read_access_facts(file, facts); !problem.empty()) {
    facts.os_error = problem;
    return facts;
  }
  facts.status = FileFacts::Status::Read;
  return facts;
}

}  // namespace awsdns::util
