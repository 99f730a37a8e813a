#pragma once
// The YAML configuration (/etc/awsdns/awsdns.yaml): AWS CLI settings and the DNS resources.
// Text in, values or located errors (FILE:LINE:COLUMN) out; reading the file is separate
// (config_file.hpp), as are the value rules (config_checks.hpp) and the choice of a resource
// (config_select.hpp).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/system_paths.hpp"
#include "util/diagnostic.hpp"

namespace awsdns::route53 {

using util::Diagnostic;
using util::Diagnostics;

/// A position in the configuration file (1-based), for errors found after parsing.
struct Location {
  int line = 0;
  int column = 0;
};

/// The `aws:` section: how the AWS CLI is run.
struct AwsSettings {
  std::optional<std::string> cli;  // `cli:`; absent: the installed places, then PATH
  std::string region;              // empty: not passed
  std::string profile;             // empty: not passed
  std::vector<std::string> extra_args;
  std::vector<std::string> pass_env;  // caller variables the AWS CLI gets as they are
  int connect_timeout = 10;           // seconds, --cli-connect-timeout
  int read_timeout = 30;              // seconds, --cli-read-timeout
  int call_timeout = 100;             // seconds, wall clock of one AWS CLI run
  int attempts = 4;                   // tries of one call for retryable failures
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
  int poll_interval = 2;   // seconds between the AWS CLI waiter's GetChange requests
  MonitorSettings monitor;
  Location location;  // where the resource's key is
};

/// The whole configuration.
struct Config {
  std::string file;                     // path it was read from (for messages)
  std::optional<std::string> env_file;  // `env_file:`; absent: the default settings path
  AwsSettings aws;
  std::string lock_dir = system_paths().lock_dir;
  std::map<std::string, Resource> resources;
};

/// Parses and validates YAML text; `file_name` labels diagnostics. A failure (code Config)
/// carries every problem found, one "FILE:LINE:COLUMN: message" per line (util::lines_of).
Result<Config> parse_config(std::string_view text, std::string_view file_name);

/// The record type's name, "A" or "AAAA".
std::string_view to_string(RecordType type);

/// Upper bounds of the counts and durations (seconds) of the configuration: what an operator
/// would set, and what keeps every budget the commands compute (action_budget) in hours.
inline constexpr int kMaxAttempts = 10;
inline constexpr int kMaxConnectTimeout = 300;
inline constexpr int kMaxReadTimeout = 3600;
inline constexpr int kMaxCallTimeout = 3600;
inline constexpr int kMaxWaitTimeout = 3600;
inline constexpr int kMaxPollInterval = 60;
inline constexpr int kMaxResolveTimeout = 300;

/// Largest configuration file accepted, in bytes.
inline constexpr std::size_t kMaxConfigBytes = std::size_t{1024} * 1024;

/// Most YAML nodes the validator visits (aliases counted each time), against alias bombs.
inline constexpr std::size_t kMaxConfigNodes = 100000;

}  // namespace awsdns::route53
