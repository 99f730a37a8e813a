// Printing what `awsdns check` found: text for humans, or one JSON object.

#include "cli/check_report.hpp"

#include <boost/json.hpp>
#include <ostream>

#include "cli/help.hpp"
#include "util/duration.hpp"
#include "util/text.hpp"

namespace json = boost::json;

namespace awsdns::cli {
namespace {

json::array live_json(const LiveReport& live) {
  json::array steps;
  for (const auto& step : live.steps) {
    steps.push_back(json::object{{"step", step.name},
                                 {"ok", step.ok},
                                 {"warning", step.warning},
                                 {"detail", step.detail},
                                 {"fix", step.fix},
                                 {"error_class", step.error_class}});
  }
  return steps;
}

void print_worst_cases(std::ostream& out, const std::vector<WorstCase>& worst_cases) {
  for (const auto& row : worst_cases) {
    out << "worst case of " << row.resource << " without --deadline:";
    for (std::size_t i = 0; i < kDnsCommands.size(); ++i) {
      out << (i == 0 ? " " : ", ") << kDnsCommands[i] << " "
          << util::duration_text(row.durations[i], util::Rounding::Up);
    }
    out << "\n";
  }
}

void print_environment(std::ostream& out, const CheckReport& report) {
  out << "environment of the AWS CLI (the same whoever starts awsdns):\n";
  if (report.shown_environment.empty()) out << "  (none)\n";
  for (const auto& [name, value] : report.shown_environment) {
    out << "  " << name << "=" << value << "\n";
  }
}

void print_live(std::ostream& out, const LiveReport& live, ExitCode status) {
  out << "live check:\n";
  for (const auto& step : live.steps) {
    out << "  ["
        << (!step.ok       ? "FAIL"
            : step.warning ? "warn"
                           : "pass")
        << "] " << step.name << ": " << step.detail << "\n";
    if (!step.fix.empty()) out << "         fix: " << step.fix << "\n";
  }
  out << (status == ExitCode::Ok ? "a failover would work now\n"
                                 : "a failover would NOT work now\n");
}

}  // namespace

void print_check_text(std::ostream& out, const CheckReport& report) {
  out << "settings file: " << report.settings_path
      << (report.settings_absent ? " (absent: nothing injected)" : "") << "\n";
  if (!report.config_path.empty()) {
    out << "config: " << report.config_path << " (resources:";
    for (const auto& resource : report.resources) out << " " << resource;
    out << ")\n";
  }
  print_worst_cases(out, report.worst_cases);
  if (report.aws_cli.empty()) {
    out << "AWS CLI: not found\n";
  } else {
    out << "AWS CLI: " << report.aws_cli << " (" << report.aws_cli_origin << ")"
        << (report.aws_cli_version.empty() ? "" : ": " + report.aws_cli_version) << "\n";
    out << "each call: " << util::shell_word(report.aws_cli) << " OPERATION...";
    for (const auto& arg : report.aws_cli_args) out << " " << util::shell_word(arg);
    out << "\n";
  }
  print_environment(out, report);
  for (const auto& warning : report.warnings) out << "warning: " << warning << "\n";
  if (report.live) return print_live(out, *report.live, report.status);
  out << (report.status == ExitCode::Ok ? "usable\n" : "NOT usable\n");
}

void print_check_json(std::ostream& out, const CheckReport& report) {
  json::object environment;
  for (const auto& [name, value] : report.shown_environment) environment[name] = value;
  json::array ignored;
  for (const auto& section : report.ignored_sections) {
    ignored.push_back(json::object{{"name", section.name}, {"line", section.line}});
  }
  json::array warnings(report.warnings.begin(), report.warnings.end());
  json::array resources(report.resources.begin(), report.resources.end());
  json::object result{
      {"settings_file", report.settings_path},
      {"settings_absent", report.settings_absent},
      {"ignored_sections", std::move(ignored)},
      {"environment", std::move(environment)},
      {"warnings", std::move(warnings)},
      {"aws_cli", report.aws_cli},
      {"aws_cli_origin", report.aws_cli_origin},
      {"aws_cli_args", json::array(report.aws_cli_args.begin(), report.aws_cli_args.end())},
      {"aws_cli_version", report.aws_cli_version},
      {"usable", report.status == ExitCode::Ok},
      {"result", exit_code_name(report.status)},
      {"exit_code", to_int(report.status)},
  };
  if (report.live) result["live"] = live_json(*report.live);
  if (!report.config_path.empty()) {
    result["config"] = report.config_path;
    result["resources"] = std::move(resources);
    json::object worst;
    for (const auto& row : report.worst_cases) {
      json::object durations;
      for (std::size_t i = 0; i < kDnsCommands.size(); ++i) {
        durations[kDnsCommands[i]] = row.durations[i].count();
      }
      worst[row.resource] = std::move(durations);
    }
    result["worst_case_ms"] = std::move(worst);
  }
  out << json::serialize(result) << "\n";
}

}  // namespace awsdns::cli
