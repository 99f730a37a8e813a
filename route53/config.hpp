#pragma once
// The YAML configuration (/etc/awsdns/awsdns.yaml): AWS CLI settings and the DNS resources.
// Text in, values or located errors (FILE:LINE:COLUMN) out; reading the file is separate.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/diagnostic.hpp"

namespace awsdns::route53 {

using util::Diagnostic;
using util::Diagnostics;

/// Default location of the configuration file.
inline constexpr const char* kDefaultConfigPath = "/etc/awsdns/awsdns.yaml";

/// Default directory of the per-resource lock files.
inline constexpr const char* kDefaultLockDir = "/run/awsdns";

/// A position in the configuration file (1-based), for errors found after parsing.
struct Location {
  int line = 0;
  int column = 0;
};

/// The `aws:` section: how the AWS CLI is run.
struct AwsSettings {
  std::string cli = "/usr/bin/aws";
  bool cli_configured = false;  // `cli:` was given explicitly
  std::string region;           // empty: not passed
  std::string profile;          // empty: not passed
  std::vector<std::string> extra_args;
  std::vector<std::string> pass_env;  // caller variables the AWS CLI gets as they are
  int connect_timeout = 10;  // seconds, --cli-connect-timeout
  int read_timeout = 30;     // seconds, --cli-read-timeout
  int call_timeout = 100;    // seconds, wall clock of one AWS CLI run
  int attempts = 4;          // tries of one call for retryable failures
};

/// Record types awsdns manages.
enum class RecordType { A, AAAA };

/// What monitor does when the AWS CLI gets no answer (CLUSTERPRO's three reactions).
enum class CliFailureReaction { Ignore, Warn, Recover };

/// A resource's `monitor:` section.
struct MonitorSettings {
  bool check_resolution = false;
  std::string resolver;     // empty: system resolver; else "IP" or "IP:PORT"
  int resolve_timeout = 5;  // seconds
  CliFailureReaction on_cli_failure = CliFailureReaction::Ignore;
};

/// One DNS resource: a record this cluster moves between its nodes.
struct Resource {
  std::string key;             // the name under `resources:`, used on the command line
  std::string hosted_zone_id;  // "Z..." without a "/hostedzone/" prefix
  std::string record_name;     // fully qualified, lower case, with the trailing dot
  RecordType type = RecordType::A;
  long long ttl = 300;
  std::map<std::string, std::string> ip_by_node;  // node name -> address (inet_ntop form)
  Location ip_location;                           // where `ip:` is, for "no IP for node X"
  bool delete_on_deactivate = true;
  bool wait_insync = true;
  int wait_timeout = 300;  // seconds
  MonitorSettings monitor;
  Location location;  // where the resource's key is
};

/// The whole configuration.
struct Config {
  std::string file;                     // path it was read from (for messages)
  std::optional<std::string> env_file;  // `env_file:`; absent: the default settings path
  AwsSettings aws;
  std::string lock_dir = kDefaultLockDir;
  std::map<std::string, Resource> resources;
};

/// Result of parsing: `config` is meaningful only when `errors` is empty.
struct ConfigResult {
  Config config;
  Diagnostics errors;
  bool ok() const { return errors.empty(); }
};

/// Parses and validates YAML text; `file_name` labels diagnostics.
ConfigResult parse_config(std::string_view text, std::string_view file_name);

/// Reads and parses a configuration file (size-limited, regular files only).
/// Refuses, like the settings file, a file writable by group/others or owned by neither root nor
/// `caller_uid`: the configuration names the program (aws.cli) that awsdns runs.
ConfigResult load_config_file(const std::string& path, unsigned caller_uid);

/// The record type's name, "A" or "AAAA".
std::string_view to_string(RecordType type);

/// Largest configuration file accepted, in bytes.
inline constexpr std::size_t kMaxConfigBytes = 1024 * 1024;

/// Most YAML nodes the validator visits (aliases counted each time), against alias bombs.
inline constexpr std::size_t kMaxConfigNodes = 100000;

/// An IP address checked against a record type: `canonical` (inet_ntop form) or `error`.
struct AddressCheck {
  std::string canonical;
  std::string error;
  bool ok() const { return error.empty(); }
};

/// Checks that `text` is an IPv4 address for A or an IPv6 address for AAAA (e.g. `--ip`).
AddressCheck check_address(std::string_view text, RecordType type);

/// A DNS server given as "IP", "IP:PORT" or "[IPv6]:PORT" (bare IPv6 means port 53).
struct DnsServer {
  int family = 0;       // AF_INET or AF_INET6
  std::string address;  // canonical textual address
  unsigned port = 53;
};

/// Parses a `monitor.resolver` value (non-empty); nullopt when malformed.
std::optional<DnsServer> parse_dns_server(std::string_view text);

/// The resource named on the command line, or the only one; `error` says why none applies.
struct ResourceChoice {
  std::optional<Resource> resource;
  std::string error;
};

/// Picks `name` from `config`, or the single resource when `name` is empty/absent.
ResourceChoice select_resource(const Config& config, const std::optional<std::string>& name);

/// "No IP for node N" located at the resource's `ip:` key, listing the configured nodes and
/// suggesting --node/--ip; nullopt when `node` has an address.
std::optional<Diagnostic> missing_node_ip(const Config& config, const Resource& resource,
                                          const std::string& node);

}  // namespace awsdns::route53
