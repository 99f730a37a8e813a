#pragma once
// The base of the AWS CLI's environment for the DNS commands (activate, deactivate, monitor,
// check): built from scratch, not from the caller's, so the CLI behaves the same whether the
// cluster daemon, an EXEC script or an administrator's shell starts awsdns. The settings file is
// applied on top by build_child_environment().

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "envfile/environment.hpp"

namespace awsdns::envfile {

/// The fixed search path of the AWS CLI on POSIX (the CLI's own folder goes in front of it).
inline constexpr const char* kSafePath =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/// The fixed locale, so that the CLI's messages parse the same everywhere.
inline constexpr const char* kFixedLocale = "C.UTF-8";
/// Names the base sets itself; a pass-through list cannot name them.
inline constexpr std::string_view kFixedNames[] = {"PATH", "HOME", "LANG", "LC_ALL"};

/// The variables awsdns sets in the AWS CLI's environment after the settings file, whatever the
/// caller or the file says: no pager (v2; v1 has none), errors in the legacy shape (newer v2
/// releases otherwise prefix them), and no auto-prompt (v2's prompt breaks every run without a
/// terminal). AWS_MAX_ATTEMPTS is awsdns's too, but only when the file does not set it.
inline constexpr std::pair<std::string_view, std::string_view> kPinnedVariables[] = {
    {"AWS_PAGER", ""}, {"AWS_CLI_ERROR_FORMAT", "legacy"}, {"AWS_CLI_AUTO_PROMPT", "off"}};
/// AWS_MAX_ATTEMPTS unless the settings file sets it: awsdns's own retries are the only ones.
inline constexpr std::pair<std::string_view, std::string_view> kDefaultMaxAttempts = {
    "AWS_MAX_ATTEMPTS", "1"};

/// Why the caller's variable `name` may not be passed to the AWS CLI by aws.pass_env, or "" when
/// it may: names awsdns sets itself (kFixedNames, kPinnedVariables), names that change which code
/// runs (LD_*, DYLD_*, PYTHON*, GCONV_PATH, BASH_ENV, ENV, AWS_DATA_PATH), and the proxy family
/// and REQUEST_METHOD, which belong in the settings file. Letter case is ignored.
std::string pass_env_problem(std::string_view name);

/// What the base is made of besides the caller's environment.
struct AwsCliBase {
  std::optional<std::string> home;      // the effective user's home; nullopt: HOME is not set
  std::string cli_directory;            // folder of the AWS CLI executable ("" when unknown)
  std::vector<std::string> pass_names;  // caller variables passed as they are (aws.pass_env)
  bool inherit_proxy = false;           // --inherit-proxy: the caller's proxy family goes in too
};

/// The caller's variables named in pass_names that it has (and its proxy family with
/// inherit_proxy), then the system's variables (add_system_variables). Nothing else of `caller`.
Environment aws_cli_base_environment(const Environment& caller, const AwsCliBase& base);

/// The system's part of the base, set over what `env` has. POSIX (aws_environment_posix.cpp):
/// PATH = the CLI's folder + kSafePath, HOME, LANG = LC_ALL = kFixedLocale. Windows
/// (aws_environment_windows.cpp): SystemRoot and windir (Python and Winsock fail without them),
/// PATH = the CLI's folder + System32, the Windows folder and Wbem, USERPROFILE = home (the
/// CLI's %USERPROFILE%\.aws; Python's expanduser reads it) with HOMEDRIVE/HOMEPATH, COMSPEC,
/// SystemDrive, PATHEXT and TEMP/TMP (the caller's when set).
void add_system_variables(Environment& env, const Environment& caller, const AwsCliBase& base);

/// `safe_path` with `cli_directory` in front, unless it is empty or already one of its entries
/// (compared ignoring ASCII case with `ignore_case`); entries separated by `separator`.
std::string path_with_cli_folder(const std::string& cli_directory, const std::string& safe_path,
                                 char separator, bool ignore_case);

/// The caller's AWS_* and proxy-family variables that the AWS CLI does not get (not in
/// `child` with the same value), sorted; for `check`'s "ignored" list.
std::vector<std::string> ignored_caller_variables(const Environment& caller,
                                                  const Environment& child);

/// The home directory of `uid` in /etc/passwd text ("name:x:uid:gid:gecos:home:shell" lines);
/// nullopt when no line has that uid or its home is empty.
std::optional<std::string> home_from_passwd(std::string_view passwd_text, unsigned uid);

}  // namespace awsdns::envfile
