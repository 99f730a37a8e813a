#pragma once
// The child environment, built as a value from the parent's environment and the settings file.
// The process's own environment is never read or modified here.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "envfile/settings.hpp"

namespace awsdns::envfile {

/// A process environment: name -> value (sorted, one value per name).
using Environment = std::map<std::string, std::string>;

/// Builds an Environment from a NULL-terminated "NAME=value" array such as main's envp.
Environment environment_from_envp(const char* const* envp);

/// Renders an Environment as "NAME=value" strings, for handing to exec.
std::vector<std::string> environment_to_strings(const Environment& env);

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
  std::vector<EnvironmentChange> changes;   // sorted by name
  bool imds_bypass_added = false;           // IMDS addresses were appended to NO_PROXY
  std::vector<std::string> overridden_parent_proxies;  // parent proxy names the rule replaced/removed
};

/// Applies the rule: start from `parent`; drop every proxy-family variable (any case) and
/// REQUEST_METHOD (unless inherit_proxy and the file sets no proxy); set each file proxy variable
/// under upper- and lower-case names; add the IMDS bypass to NO_PROXY/no_proxy; set the file's
/// AWS_* variables (the file wins).
ChildEnvironment build_child_environment(const Environment& parent, const Settings& settings,
                                         const ChildEnvironmentOptions& options);

/// Entries of a NO_PROXY value that the AWS CLI ignores (CIDR forms, wildcards other than a lone
/// "*"), each with the reason; for `check` warnings.
std::vector<std::string> ineffective_no_proxy_entries(const std::string& no_proxy);

}  // namespace awsdns::envfile
