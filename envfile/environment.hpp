#pragma once
// The child environment, built as a value from the parent's environment and the settings file.
// The process's own environment is never read or modified here.

#include <optional>
#include <string>
#include <vector>

#include "envfile/settings.hpp"
#include "util/environment.hpp"

namespace awsdns::envfile {

/// The environment value of util/environment.hpp, the vocabulary of the rule below.
using util::Environment;

/// Instance-metadata addresses kept off the proxy (IPv4 and IPv6 forms of IMDS).
inline constexpr const char* kImdsAddresses[] = {"169.254.169.254", "[fd00:ec2::254]"};

/// Switches of the environment rule (command-line flags --inherit-proxy, --no-imds-bypass).
struct ChildEnvironmentOptions {
  bool inherit_proxy = false;  // keep the parent's proxy variables when the file defines none
  bool imds_bypass = true;     // append the IMDS addresses to NO_PROXY when any proxy is set
};

/// One difference between the parent's and the child's environment (for --verbose and check).
struct EnvironmentChange {
  enum class Kind { Removed, Added, Replaced };
  Kind kind;
  std::string name;
  std::optional<std::string> old_value;
  std::optional<std::string> new_value;
};

/// The child's environment plus what was changed and why.
struct ChildEnvironment {
  Environment env;
  std::vector<EnvironmentChange> changes;  // sorted by name
  bool imds_bypass_added = false;          // IMDS addresses were appended to NO_PROXY
  // Parent proxy-family names (as written) whose value the rule replaced or removed; sorted.
  std::vector<std::string> overridden_parent_proxies;
};

/// Applies the rule (README, "The settings file"): start from `parent`; drop every
/// proxy-family variable (any letter case) and REQUEST_METHOD (always); with inherit_proxy and no
/// proxy-family variable in the file, put back the parent's proxies as the AWS CLI would read them
/// (lower case wins, an empty lower-case one cancels; HTTP_PROXY not under REQUEST_METHOD) under
/// both letter cases; set each file proxy variable under upper- and lower-case names; when a
/// non-empty HTTP/HTTPS/ALL proxy is set and imds_bypass, append the missing kImdsAddresses to
/// NO_PROXY and no_proxy (created if absent; a lone "*" is left alone); finally set the file's
/// AWS_* variables (the file wins). `parent` is not modified.
ChildEnvironment build_child_environment(const Environment& parent, const Settings& settings,
                                         const ChildEnvironmentOptions& options);

/// Entries of a NO_PROXY value that the AWS CLI ignores (CIDR forms, wildcards, a "*" that is not
/// the whole value), each as "ENTRY: reason", in order; for `check` warnings.
std::vector<std::string> ineffective_no_proxy_entries(const std::string& no_proxy);

}  // namespace awsdns::envfile
