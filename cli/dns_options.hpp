#pragma once
// The DNS commands' texts (usage, summary) and options: --config, --node, --ip, --aws-cli,
// --json, --deadline, besides the common ones.

#include <boost/program_options/options_description.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "cli/invocation.hpp"
#include "cli/options.hpp"

namespace awsdns::cli {

/// The three DNS commands.
enum class DnsAction { Activate, Deactivate, Monitor };

/// A DNS command's name and --help texts.
struct ActionText {
  const char* name;
  const char* usage;
  const char* summary;
};

/// The name and --help texts of `action`.
ActionText text_of(DnsAction action);

/// The options of a DNS command.
struct DnsOptions {
  CommonOptions common;
  std::optional<std::string> node;
  std::optional<std::string> ip;
  std::optional<double> deadline;  // --deadline SECONDS
};

/// Longest --deadline accepted: a week, far beyond any budget.
inline constexpr double kMaxDeadlineSeconds = 7 * 24 * 3600;

/// --config, --node, --ip, --aws-cli, --json, --deadline, stored into `options`.
boost::program_options::options_description dns_options(DnsOptions& options);

/// The moment --deadline ends the command, from the command's start; nullopt without it.
/// Fails with Usage when the seconds are not in (0, kMaxDeadlineSeconds].
Result<std::optional<std::chrono::steady_clock::time_point>> deadline_from(
    const std::optional<double>& seconds, std::chrono::steady_clock::time_point started);

/// A DNS command's command line: the options, their descriptions (for --help), RESOURCE.
struct DnsCommandLine {
  DnsOptions options;
  boost::program_options::options_description visible;
  std::vector<std::string> positionals;
};

/// Parses the command line of a DNS command into `line` (kept by the caller: the options are
/// bound to it); fails with Usage on bad input.
Result<> parse_dns_command_line(const Invocation& invocation, DnsCommandLine& line);

}  // namespace awsdns::cli
