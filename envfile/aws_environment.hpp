#pragma once
// The base of the AWS CLI's environment for the DNS commands (activate, deactivate, monitor,
// check): built from scratch, not from the caller's, so the CLI behaves the same whether the
// cluster daemon, an EXEC script or an administrator's shell starts awsdns. The settings file is
// applied on top by build_child_environment().

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "envfile/environment.hpp"

namespace awsdns::envfile {

/// The fixed search path of the AWS CLI (the CLI's own folder goes in front of it).
inline constexpr const char* kSafePath =
    "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/// The fixed locale, so that the CLI's messages parse the same everywhere.
inline constexpr const char* kFixedLocale = "C.UTF-8";
/// Names the base sets itself; a pass-through list cannot name them.
inline constexpr std::string_view kFixedNames[] = {"PATH", "HOME", "LANG", "LC_ALL"};

/// What the base is made of besides the caller's environment.
struct AwsCliBase {
  std::optional<std::string> home;      // the effective user's home; nullopt: HOME is not set
  std::string cli_directory;            // folder of the AWS CLI executable ("" when unknown)
  std::vector<std::string> pass_names;  // caller variables passed as they are (aws.pass_env)
  bool inherit_proxy = false;           // --inherit-proxy: the caller's proxy family goes in too
};

/// PATH = the CLI's folder + kSafePath, HOME, LANG = LC_ALL = kFixedLocale, the caller's
/// variables named in pass_names that it has (and its proxy family with inherit_proxy). Nothing
/// else of `caller`.
Environment aws_cli_base_environment(const Environment& caller, const AwsCliBase& base);

/// The caller's AWS_* and proxy-family variables that the AWS CLI does not get (not in
/// `child` with the same value), sorted; for `check`'s "ignored" list.
std::vector<std::string> ignored_caller_variables(const Environment& caller,
                                                  const Environment& child);

/// The home directory of `uid` in /etc/passwd text ("name:x:uid:gid:gecos:home:shell" lines);
/// nullopt when no line has that uid or its home is empty.
std::optional<std::string> home_from_passwd(std::string_view passwd_text, unsigned uid);

}  // namespace awsdns::envfile
