#pragma once
// The exit codes of awsdns: one table, shared by every command and documented in README, --help
// and awsdns(1). `exec` passes the child's own code through, so these are chosen away from the
// codes the AWS CLI uses (0, 1, 2, 130, 252-255) and follow timeout(1)/env(1) where those agree.

namespace awsdns {

/// What awsdns itself reports through its exit status.
enum class ExitCode : int {
  Ok = 0,               // success: change accepted (and INSYNC when waiting), record is ours
  Failed = 1,           // AWS rejected the request, or the result could not be verified
  RecordMissing = 3,    // monitor: the record does not exist
  RecordElsewhere = 4,  // monitor: the record points at another address (another node)
  NotInSync = 5,        // activate: change accepted but not INSYNC within wait_timeout
  LockBusy = 6,         // another awsdns holds the resource's lock past our deadline
  Usage = 64,           // bad command line (sysexits EX_USAGE)
  AwsUnreachable = 69,  // the AWS CLI got no answer: proxy/connection failure, timeout, throttled
  AwsCredentials = 77,  // the AWS CLI has no usable credentials or was denied (EX_NOPERM)
  Config = 78,          // invalid settings file or configuration (sysexits EX_CONFIG)
  Timeout = 124,        // exec: the child ran past --timeout and was killed (as timeout(1));
                        // DNS commands: --deadline ended the command
  CannotExecute = 126,  // the command exists but could not be started (as env(1))
  NotFound = 127,       // the command (or the AWS CLI) was not found (as env(1))
  SignalBase = 128,     // 128+N: the child died of signal N, or awsdns was stopped by signal N
};

/// The integer value to return from main.
constexpr int to_int(ExitCode code) {
  return static_cast<int>(code);
}

/// 128+N for signal N.
constexpr int exit_code_for_signal(int signal_number) {
  return to_int(ExitCode::SignalBase) + signal_number;
}

}  // namespace awsdns
