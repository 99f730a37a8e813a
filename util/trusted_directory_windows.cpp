// open_trusted_directory on Windows: each folder of the path opened in turn without following a
// reparse point (FILE_FLAG_OPEN_REPARSE_POINT; a symbolic link or junction on the way is
// refused), the missing ones created (the last with an access list of its own: Administrators,
// SYSTEM and the caller), the last held open without FILE_SHARE_DELETE (so it cannot be renamed
// or removed while the lock file is opened in it) and checked by the files' trust rule.

#include <windows.h>
// after windows.h
#include <sddl.h>

#include <memory>

#include "util/file_access_windows.hpp"
#include "util/file_reader.hpp"
#include "util/path_rules.hpp"
#include "util/trusted_directory.hpp"
#include "util/windows_text_windows.hpp"

namespace awsdns::util {
namespace {

bool is_separator(char c) {
  return c == '\\' || c == '/';
}

// The folders from the first below the root to `path` itself: "C:\a\b" -> "C:\a", "C:\a\b";
// "\\server\share\a" -> "\\server\share\a".
std::vector<std::string> folders_of(const std::string& path) {
  std::size_t at = 3;  // after "C:\"
  if (path.size() >= 2 && is_separator(path[0]) && is_separator(path[1])) {
    at = path.find_first_of("\\/", 2);  // after \\server
    at = at == std::string::npos ? path.size() : path.find_first_of("\\/", at + 1);  // \share
    at = at == std::string::npos ? path.size() : at + 1;
  }
  std::vector<std::string> folders;
  while (at < path.size()) {
    const std::size_t end = std::min(path.find_first_of("\\/", at), path.size());
    if (end > at) folders.push_back(path.substr(0, end));
    at = end + 1;
  }
  return folders;
}

// The SDDL of the caller's user (S-1-5-21-...), or "" when the token cannot be read.
std::wstring caller_sid() {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return {};
  BYTE buffer[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
  DWORD size = 0;
  const bool got = GetTokenInformation(token, TokenUser, buffer, sizeof buffer, &size);
  CloseHandle(token);
  wchar_t* text = nullptr;
  if (!got || !ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer)->User.Sid, &text))
    return {};
  std::wstring result = text;
  LocalFree(text);
  return result;
}

// Creates the folder `path`; `own` gives it a protected access list of its own (full control for
// Administrators, SYSTEM and the caller, inherited by what it holds), as POSIX's 0700.
bool create_folder(const std::string& path, bool own) {
  const std::wstring name = wide_from_utf8(path);
  if (!own) return CreateDirectoryW(name.c_str(), nullptr);
  std::wstring sddl = L"D:P(A;OICI;FA;;;BA)(A;OICI;FA;;;SY)";
  if (const std::wstring user = caller_sid(); !user.empty()) sddl += L"(A;OICI;FA;;;" + user + L")";
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1,
                                                            &descriptor, nullptr))
    return false;
  const std::unique_ptr<void, decltype(&LocalFree)> release(descriptor, &LocalFree);
  SECURITY_ATTRIBUTES attributes{sizeof attributes, descriptor, FALSE};
  return CreateDirectoryW(name.c_str(), &attributes);
}

// Opens the folder `path` itself, not what a reparse point there leads to; no FILE_SHARE_DELETE.
HANDLE open_folder(const std::string& path) {
  return CreateFileW(wide_from_utf8(path).c_str(), READ_CONTROL | FILE_READ_ATTRIBUTES,
                     FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING,
                     FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
}

// Opens (creating when missing) one folder of the walk and checks it is a real folder; sets
// `result` and returns INVALID_HANDLE_VALUE when the walk ends there.
HANDLE enter(const std::string& folder, bool last, const std::string& named,
             DirectoryRefusal& result) {
  HANDLE handle = open_folder(folder);
  if (handle == INVALID_HANDLE_VALUE &&
      (GetLastError() == ERROR_FILE_NOT_FOUND || GetLastError() == ERROR_PATH_NOT_FOUND)) {
    if (!create_folder(folder, last) && GetLastError() != ERROR_ALREADY_EXISTS) {
      result.error = "cannot create " + folder + ": " + windows_error_text(GetLastError());
      return INVALID_HANDLE_VALUE;
    }
    handle = open_folder(folder);
  }
  if (handle == INVALID_HANDLE_VALUE) {
    result.error = "cannot open " + folder + ": " + windows_error_text(GetLastError());
    return handle;
  }
  BY_HANDLE_FILE_INFORMATION info{};
  if (!GetFileInformationByHandle(handle, &info)) {
    result.error = "cannot examine " + folder + ": " + windows_error_text(GetLastError());
  } else if (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) {
    result.problems.push_back(folder + (last ? "" : ", on the way to the " + named + ",") +
                              " is a reparse point (a symbolic link or junction), which could "
                              "lead anywhere; run: rmdir \"" +
                              folder + "\" (awsdns then creates the folder), or set lock_dir to " +
                              "a path without it");
  } else if (!(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) {
    result.error = folder + " is not a directory";
  } else {
    return handle;
  }
  CloseHandle(handle);
  return INVALID_HANDLE_VALUE;
}

}  // namespace

Expected<DirectoryHandle, DirectoryRefusal> open_trusted_directory(const std::string& path,
                                                                   unsigned caller_uid,
                                                                   const std::string& what) {
  DirectoryRefusal result;
  if (!is_absolute_path(path)) {
    result.error = what + " '" + path + "' is not an absolute path";
    return result;
  }
  const std::string named = what + " " + path;
  const std::vector<std::string> folders = folders_of(path);
  HANDLE handle = INVALID_HANDLE_VALUE;
  for (std::size_t i = 0; i < folders.size(); ++i) {
    if (handle != INVALID_HANDLE_VALUE) CloseHandle(handle);
    handle = enter(folders[i], i + 1 == folders.size(), named, result);
    if (handle == INVALID_HANDLE_VALUE) return result;
  }
  if (handle == INVALID_HANDLE_VALUE) {
    result.error = named + " is a drive or share root, not a folder of its own";
    return result;
  }
  FileFacts facts;
  facts.is_directory = true;
  if (std::string problem = read_access_facts(handle, facts); !problem.empty()) {
    result.error = "cannot check " + named + ": " + problem;
  } else {
    result.problems = trust_problems(facts, path, caller_uid, named);
  }
  if (!result.error.empty() || !result.problems.empty()) {
    CloseHandle(handle);
    return result;
  }
  return DirectoryHandle(reinterpret_cast<std::intptr_t>(handle));
}

DirectoryHandle::~DirectoryHandle() {
  if (handle_ != -1)
    CloseHandle(reinterpret_cast<HANDLE>(handle_));  // NOLINT(performance-no-int-to-ptr)
}

}  // namespace awsdns::util
