#pragma once
// What `awsdns check` found, gathered first and printed once: as text or as one JSON object.

#include <array>
#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/commands.hpp"
#include "cli/live_check.hpp"
#include "core/exit_code.hpp"
#include "envfile/settings.hpp"

namespace awsdns::cli {

/// One resource's worst-case durations, in kDnsCommands order.
struct WorstCase {
  std::string resource;
  std::array<std::chrono::milliseconds, kDnsCommandCount> durations{};
};

/// What check found: the settings file, the environment shown (redacted), warnings, the
/// configuration's resources and worst cases, the AWS CLI, the --live steps, the exit code.
struct CheckReport {
  std::string settings_path;
  bool settings_absent = false;
  std::vector<envfile::IgnoredSection> ignored_sections;
  std::vector<std::pair<std::string, std::string>> shown_environment;  // redacted
  std::vector<std::string> warnings;
  std::string config_path;
  std::vector<std::string> resources;
  std::vector<WorstCase> worst_cases;
  std::string aws_cli;                    // the AWS CLI's path; "" when not found or refused
  std::string aws_cli_origin;             // where the path came from (route53::CliOrigin)
  std::vector<std::string> aws_cli_args;  // the arguments every call ends with
  std::string aws_cli_version;
  std::optional<LiveReport> live;
  ExitCode status = ExitCode::Ok;
};

/// Prints `report` for humans, ending with "usable"/"NOT usable" (or the --live verdict).
void print_check_text(std::ostream& out, const CheckReport& report);

/// Prints `report` as one JSON object on one line.
void print_check_json(std::ostream& out, const CheckReport& report);

}  // namespace awsdns::cli
