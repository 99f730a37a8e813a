#pragma once
// The exit codes of awsdns: one table, shared by every command. --help, the `result` names of
// --json, README and awsdns(1) come from or are tested against kExitCodes. `exec` passes the
// child's own code through, so these are chosen away from the codes the AWS CLI uses (0, 1, 2,
// 130, 252-255) and follow timeout(1)/env(1)/sysexits(3) where those agree.

#include <array>
#include <string>
#include <string_view>
#include <system_error>

namespace awsdns {

/// What awsdns itself reports through its exit status.
enum class ExitCode : int {
  Ok = 0,
  Failed = 1,
  RecordMissing = 3,
  RecordElsewhere = 4,
  NotInSync = 5,
  LockBusy = 6,
  Usage = 64,
  AwsUnreachable = 69,
  AwsCredentials = 77,
  Config = 78,
  Timeout = 124,
  CannotExecute = 126,
  NotFound = 127,
  SignalBase = 128,
};

/// One row of the exit-code table: the code, its name in --json's `result`, what it means.
struct ExitCodeInfo {
  ExitCode code;
  std::string_view name;
  std::string_view meaning;
};

/// Every exit code awsdns reports, in numeric order (SignalBase stands for 128+N).
inline constexpr std::array kExitCodes = {
    ExitCodeInfo{ExitCode::Ok, "ok",
                 "success: change accepted (INSYNC when waiting), the record is ours"},
    ExitCodeInfo{ExitCode::Failed, "failed",
                 "AWS rejected the request, or the result could not be verified"},
    ExitCodeInfo{ExitCode::RecordMissing, "record-missing", "monitor: the record does not exist"},
    ExitCodeInfo{ExitCode::RecordElsewhere, "record-elsewhere",
                 "monitor: the record points at another address"},
    ExitCodeInfo{ExitCode::NotInSync, "not-in-sync",
                 "activate: change accepted but not INSYNC within wait_timeout"},
    ExitCodeInfo{ExitCode::LockBusy, "lock-busy",
                 "another awsdns held the resource lock past the deadline"},
    ExitCodeInfo{ExitCode::Usage, "usage", "bad command line"},
    ExitCodeInfo{ExitCode::AwsUnreachable, "aws-unreachable",
                 "no answer from AWS: connection/proxy failure, timeout, throttled or 5xx "
                 "after every attempt"},
    ExitCodeInfo{ExitCode::AwsCredentials, "aws-credentials",
                 "no usable credentials, access denied, or the proxy refused the connection "
                 "(its credentials or its access rules)"},
    ExitCodeInfo{ExitCode::Config, "config",
                 "invalid settings file or configuration, or an AWS CLI that does not accept "
                 "its setup (profile, region, TLS, options); nothing was changed"},
    ExitCodeInfo{ExitCode::Timeout, "timeout",
                 "exec: the command ran past --timeout and was killed; activate, deactivate, "
                 "monitor: --deadline reached (no AWS CLI left running)"},
    ExitCodeInfo{ExitCode::CannotExecute, "cannot-execute",
                 "exec: the command was found but could not be started"},
    ExitCodeInfo{ExitCode::NotFound, "not-found", "the command (or the AWS CLI) was not found"},
    ExitCodeInfo{ExitCode::SignalBase, "interrupted",
                 "128+N: the command died of signal N, or awsdns was stopped by signal N"},
};

/// The integer value to return from main.
constexpr int to_int(ExitCode code) {
  return static_cast<int>(code);
}

/// 128+N for signal N: the one place 128+N becomes an ExitCode.
constexpr ExitCode exit_code_of_signal(int signal_number) {
  return static_cast<ExitCode>(to_int(ExitCode::SignalBase) + signal_number);
}

/// The "could not start" rule: NotFound (127) when the program or a directory on its path does
/// not exist (ENOENT, ENOTDIR), CannotExecute (126) for any other start failure.
inline ExitCode exit_code_of_start_error(std::error_code error) {
  const bool missing =
      error == std::errc::no_such_file_or_directory || error == std::errc::not_a_directory;
  return missing ? ExitCode::NotFound : ExitCode::CannotExecute;
}

/// The code column of the table: "128+N" for SignalBase, else the number ("0", "127").
inline std::string exit_code_text(ExitCode code) {
  return code == ExitCode::SignalBase ? "128+N" : std::to_string(to_int(code));
}

/// The table's name of `code` ("interrupted" for any 128+N, "failed" for unknown codes).
constexpr std::string_view exit_code_name(ExitCode code) {
  if (to_int(code) > to_int(ExitCode::SignalBase)) return "interrupted";
  for (const auto& row : kExitCodes) {
    if (row.code == code) return row.name;
  }
  return "failed";
}

}  // namespace awsdns
