// replace_file_in on Windows: the folder is held open by open_trusted_directory without
// FILE_SHARE_DELETE (it cannot be renamed or removed meanwhile); the temporary file is created
// new (CREATE_NEW, so nothing planted is reused) next to the name, flushed, then moved over it.

#include <windows.h>

#include "util/atomic_file.hpp"
#include "util/path_rules.hpp"
#include "util/windows_text_windows.hpp"

namespace awsdns::util {
namespace {

std::string failure(const std::string& what, const std::string& path) {
  return "cannot " + what + " " + path + ": " + windows_error_text(GetLastError());
}

}  // namespace

Expected<> replace_file_in(std::intptr_t /*directory*/, const std::string& directory_path,
                           const std::string& name, std::string_view content) {
  const std::string path = path_in_directory(directory_path, name);
  const std::string temporary = path_in_directory(
      directory_path, "." + name + ".tmp" + std::to_string(GetCurrentProcessId()));
  const std::wstring wide_temporary = wide_from_utf8(temporary);
  DeleteFileW(wide_temporary.c_str());  // left by a process of the same id that died
  HANDLE file = CreateFileW(wide_temporary.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                            FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) return fail(failure("create", temporary));
  DWORD written = 0;
  const bool wrote =
      WriteFile(file, content.data(), static_cast<DWORD>(content.size()), &written, nullptr) &&
      written == content.size() && FlushFileBuffers(file);
  std::string problem = wrote ? "" : failure("write", path);
  CloseHandle(file);
  if (problem.empty() && !MoveFileExW(wide_temporary.c_str(), wide_from_utf8(path).c_str(),
                                      MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    problem = failure("replace", path);
  }
  if (problem.empty()) return {};
  DeleteFileW(wide_temporary.c_str());
  return fail(problem);
}

}  // namespace awsdns::util
