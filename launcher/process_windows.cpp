// Windows ChildProcess: CreateProcessW (suspended, new process group, exactly the given UTF-16
// environment block, only its three standard handles inherited through
// PROC_THREAD_ATTRIBUTE_HANDLE_LIST), put into a Job object of its own (KILL_ON_JOB_CLOSE, the
// handle not inheritable: when awsdns dies, the system closes it and kills the tree) before its
// first instruction runs. Its end is seen on its process handle (Asio object_handle); the tree is
// the job. Also the executable-file test of the PATH search.

#include <windows.h>

#include <boost/asio/post.hpp>
#include <boost/asio/windows/object_handle.hpp>
#include <cctype>
#include <optional>

#include "launcher/internal_windows.hpp"
#include "launcher/platform.hpp"
#include "launcher/process.hpp"
#include "util/command_line.hpp"
#include "util/unicode.hpp"

namespace awsdns::launcher {
namespace {

namespace asio = boost::asio;

// The exit code TerminateJobObject gives the processes of a killed tree; a child that ended with
// it after kill_tree() is reported as killed by signal 9 (SIGKILL's number, as on POSIX).
constexpr UINT kKilledExitCode = 137;
constexpr int kKillSignal = 9;

// A handle closed on destruction.
class OwnedHandle {
 public:
  OwnedHandle() = default;
  explicit OwnedHandle(HANDLE handle) : handle_(handle) {}
  ~OwnedHandle() { reset(); }
  OwnedHandle(const OwnedHandle&) = delete;
  OwnedHandle& operator=(const OwnedHandle&) = delete;
  HANDLE get() const { return handle_; }
  bool valid() const { return handle_ != nullptr && handle_ != INVALID_HANDLE_VALUE; }
  void reset(HANDLE handle = nullptr) {
    if (valid()) ::CloseHandle(handle_);
    handle_ = handle;
  }

 private:
  HANDLE handle_ = nullptr;
};

// The environment block: each "NAME=value" in UTF-16, each followed by a NUL, then one more NUL.
std::wstring environment_block(const util::Environment& environment) {
  std::wstring block;
  for (const auto& entry : util::environment_to_strings(environment)) {
    block += windows::wide(entry);
    block.push_back(L'\0');
  }
  if (block.empty()) block.push_back(L'\0');
  block.push_back(L'\0');
  return block;
}

// The three handles a child's standard streams get, each an inheritable duplicate owned here.
class ChildStdio {
 public:
  // Returns the error of the first stream that could not be prepared.
  std::error_code prepare(const ChildSpec& spec) {
    const StdioChoice* choices[] = {&spec.input, &spec.output, &spec.error};
    const DWORD standard[] = {STD_INPUT_HANDLE, STD_OUTPUT_HANDLE, STD_ERROR_HANDLE};
    for (int stream = 0; stream < 3; ++stream) {
      const HANDLE source = source_of(*choices[stream], standard[stream]);
      if (source == INVALID_HANDLE_VALUE) return windows::last_error();
      if (source == nullptr) continue;  // awsdns has no such stream: neither has the child
      HANDLE inheritable = nullptr;
      if (!::DuplicateHandle(::GetCurrentProcess(), source, ::GetCurrentProcess(), &inheritable, 0,
                             TRUE, DUPLICATE_SAME_ACCESS)) {
        return windows::last_error();
      }
      handles_[stream].reset(inheritable);
    }
    return {};
  }
  HANDLE handle(int stream) const { return handles_[stream].get(); }
  // The distinct handles to inherit (PROC_THREAD_ATTRIBUTE_HANDLE_LIST).
  std::vector<HANDLE> inherited() const {
    std::vector<HANDLE> list;
    for (const auto& handle : handles_) {
      if (handle.valid()) list.push_back(handle.get());
    }
    return list;
  }

 private:
  // The handle a choice gives the child's stream (nullptr: none; INVALID_HANDLE_VALUE: error).
  HANDLE source_of(const StdioChoice& choice, DWORD standard) {
    switch (choice.kind) {
      case StdioChoice::Kind::Inherit:
        return ::GetStdHandle(standard);
      case StdioChoice::Kind::Pipe:
        if (choice.pipe != nullptr) return choice.pipe->native_handle();
        break;
      case StdioChoice::Kind::Null:
        break;
    }
    if (!null_device_.valid()) {
      null_device_.reset(::CreateFileW(L"NUL", GENERIC_READ | GENERIC_WRITE,
                                       FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING,
                                       0, nullptr));
    }
    return null_device_.valid() ? null_device_.get() : INVALID_HANDLE_VALUE;
  }

  OwnedHandle handles_[3];
  OwnedHandle null_device_;
};

// A STARTUPINFOEXW whose attribute list lets the child inherit exactly `handles`.
class StartupInfo {
 public:
  std::error_code prepare(const ChildStdio& stdio) {
    inherited_ = stdio.inherited();
    info_.StartupInfo.cb = sizeof info_;
    info_.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    info_.StartupInfo.hStdInput = stdio.handle(0);
    info_.StartupInfo.hStdOutput = stdio.handle(1);
    info_.StartupInfo.hStdError = stdio.handle(2);
    if (inherited_.empty()) return {};
    SIZE_T size = 0;
    ::InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
    storage_.resize(size);
    auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(storage_.data());
    if (!::InitializeProcThreadAttributeList(list, 1, 0, &size)) return windows::last_error();
    info_.lpAttributeList = list;
    if (!::UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited_.data(),
                                     inherited_.size() * sizeof(HANDLE), nullptr, nullptr)) {
      return windows::last_error();
    }
    return {};
  }
  ~StartupInfo() {
    if (info_.lpAttributeList != nullptr) ::DeleteProcThreadAttributeList(info_.lpAttributeList);
  }
  STARTUPINFOW* get() { return &info_.StartupInfo; }
  bool inherits() const { return !inherited_.empty(); }

 private:
  STARTUPINFOEXW info_{};
  std::vector<char> storage_;
  std::vector<HANDLE> inherited_;
};

// A Job object that kills its processes when its last handle closes; not inheritable.
HANDLE create_kill_on_close_job() {
  HANDLE job = ::CreateJobObjectW(nullptr, nullptr);
  if (job == nullptr) return nullptr;
  JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
  limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
  if (!::SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits)) {
    ::CloseHandle(job);
    return nullptr;
  }
  return job;
}

// The status of an ended process; `killed`: kill_tree() was called.
ChildStatus status_of(HANDLE process, bool killed) {
  ChildStatus status;
  DWORD code = 0;
  if (!::GetExitCodeProcess(process, &code) || code == STILL_ACTIVE) {
    status.known = false;
  } else if (killed && code == kKilledExitCode) {
    status.signal = kKillSignal;
  } else {
    status.exited = true;
    status.code = static_cast<int>(code);
  }
  return status;
}

}  // namespace

struct ChildProcess::Native {
  OwnedHandle process;
  OwnedHandle job;
  DWORD pid = 0;
  bool ended = false;
  bool killed = false;
  bool reaped = true;
  std::function<void(const ChildStatus&)> on_end;
  std::optional<asio::windows::object_handle> exit_watch;  // a duplicate of the process handle

  // A child started and not waited for is killed with its tree and waited for with its
  // ChildProcess.
  ~Native() {
    kill();
    reap();
  }

  // Creates the suspended child with `stdio`; returns its thread (to resume) or the error.
  std::error_code create(const ChildSpec& spec, const ChildStdio& stdio, OwnedHandle& thread) {
    StartupInfo startup;
    if (const auto error = startup.prepare(stdio)) return error;
    const std::wstring application = windows::wide(spec.executable);
    std::wstring command_line =
        windows::wide(util::windows_command_line(spec.executable, spec.args));
    std::wstring environment = environment_block(spec.environment);
    const DWORD flags = CREATE_SUSPENDED | CREATE_NEW_PROCESS_GROUP | CREATE_UNICODE_ENVIRONMENT |
                        EXTENDED_STARTUPINFO_PRESENT;
    PROCESS_INFORMATION created{};
    if (!::CreateProcessW(application.c_str(), command_line.data(), nullptr, nullptr,
                          startup.inherits() ? TRUE : FALSE, flags, environment.data(), nullptr,
                          startup.get(), &created)) {
      return windows::start_error(::GetLastError());
    }
    process.reset(created.hProcess);
    thread.reset(created.hThread);
    pid = created.dwProcessId;
    return {};
  }
  // Ends the whole tree at once (its processes exit with kKilledExitCode).
  void kill() {
    if (reaped || !job.valid()) return;
    killed = true;
    ::TerminateJobObject(job.get(), kKilledExitCode);
  }
  // Waits for the child's end and releases it and its job (once).
  void reap() {
    if (reaped) return;
    if (process.valid()) ::WaitForSingleObject(process.get(), INFINITE);
    exit_watch.reset();
    process.reset();
    job.reset();  // KILL_ON_JOB_CLOSE: what is left of the tree ends with the run
    reaped = true;
  }
  void watch() {
    exit_watch->async_wait([this](boost::system::error_code error) {
      if (error == asio::error::operation_aborted || ended) return;
      ended = true;
      if (on_end) on_end(status_of(process.get(), killed));
    });
  }
};

ChildProcess::ChildProcess() : native_(std::make_unique<Native>()) {}

ChildProcess::~ChildProcess() = default;  // see ~Native

std::error_code ChildProcess::start(const ChildSpec& spec) {
  Native& native = *native_;
  ChildStdio stdio;
  if (const auto error = stdio.prepare(spec)) return error;
  native.job.reset(create_kill_on_close_job());
  if (!native.job.valid()) return windows::last_error();
  OwnedHandle thread;
  if (const auto error = native.create(spec, stdio, thread)) return error;
  // In the job before it runs: every process it starts is in the job too.
  if (!::AssignProcessToJobObject(native.job.get(), native.process.get())) {
    const auto error = windows::last_error();
    ::TerminateProcess(native.process.get(), kKilledExitCode);
    native.process.reset();
    return error;
  }
  native.reaped = false;
  if (::ResumeThread(thread.get()) == static_cast<DWORD>(-1)) {
    const auto error = windows::last_error();
    kill_tree();
    reap();
    return error;
  }
  return {};
}

void ChildProcess::on_exit(asio::io_context& context,
                           std::function<void(const ChildStatus&)> ended) {
  Native& native = *native_;
  native.on_end = std::move(ended);
  HANDLE watched = nullptr;
  if (!::DuplicateHandle(::GetCurrentProcess(), native.process.get(), ::GetCurrentProcess(),
                         &watched, SYNCHRONIZE, FALSE, 0)) {
    native.ended = true;  // cannot watch it: report an unknown status at once
    asio::post(context, [&native] {
      if (native.on_end) native.on_end(ChildStatus{false, 0, 0, false});
    });
    return;
  }
  native.exit_watch.emplace(context, watched);
  native.watch();
}

void ChildProcess::signal_tree(int) {
  // Windows has no signals to forward: a process group can only be sent CTRL_BREAK (CTRL_C
  // cannot be sent to a group of its own). Under Wine, the event does not arrive.
  if (!native_->reaped && !native_->ended) {
    ::GenerateConsoleCtrlEvent(CTRL_BREAK_EVENT, native_->pid);
  }
}

void ChildProcess::terminate_tree() {
  signal_tree(windows::kBreakSignal);
}

void ChildProcess::kill_tree() {
  native_->kill();
}

bool ChildProcess::tree_running() const {
  if (native_->reaped || !native_->job.valid()) return false;
  JOBOBJECT_BASIC_ACCOUNTING_INFORMATION accounting{};
  if (!::QueryInformationJobObject(native_->job.get(), JobObjectBasicAccountingInformation,
                                   &accounting, sizeof accounting, nullptr)) {
    return false;
  }
  return accounting.ActiveProcesses > 0;
}

bool ChildProcess::holds_terminal() const {
  return false;  // no job control on Windows
}

bool ChildProcess::relay_job_control_stop() {
  return false;
}

void ChildProcess::reap() {
  native_->reap();
}

namespace windows {

std::wstring wide(std::string_view text) {
  const std::u16string converted = util::utf16_from_utf8(text);
  return std::wstring(converted.begin(), converted.end());
}

std::error_code last_error() {
  return {static_cast<int>(::GetLastError()), std::system_category()};
}

std::error_code start_error(unsigned long error) {
  switch (error) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
      return std::make_error_code(std::errc::no_such_file_or_directory);
    case ERROR_DIRECTORY:
      return std::make_error_code(std::errc::not_a_directory);
    default:
      return {static_cast<int>(error), std::system_category()};
  }
}

}  // namespace windows

namespace platform {

bool is_executable_file(const std::string& path) {
  const DWORD attributes = ::GetFileAttributesW(windows::wide(path).c_str());
  return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0;
}

}  // namespace platform
}  // namespace awsdns::launcher
