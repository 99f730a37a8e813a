#include "cli/help.hpp"

#include <iomanip>
#include <ostream>
#include <sstream>
#include <vector>

#include "awsdns_version.hpp"
#include "cli/commands.hpp"
#include "core/exit_code.hpp"
#include "core/system_paths.hpp"

namespace awsdns::cli {

std::string exit_code_help() {
  std::ostringstream text;
  text << "Exit status:\n";
  for (const auto& row : kExitCodes) {
    text << "  " << std::left << std::setw(6) << exit_code_text(row.code) << " " << std::setw(17)
         << row.name << row.meaning << "\n";
  }
  text << "  exec otherwise exits with the command's own status.\n";
  return text.str();
}

namespace {

// The commands' lines of `awsdns --help` and the names also installed as awsdns-NAME.
std::string command_list_help() {
  std::ostringstream text;
  text << "Commands:\n";
  std::vector<std::string> links;
  for (const Command& command : kCommands) {
    const std::string call =
        std::string(command.name) + (*command.synopsis != '\0' ? " " : "") + command.synopsis;
    text << "  " << std::left << std::setw(23) << call << command.summary << "\n";
    if (command.dns) links.push_back(std::string("awsdns-") + command.name);
  }
  text << "\nAlso installed as ";
  for (std::size_t i = 0; i < links.size(); ++i) {
    text << (i == 0 ? "" : i + 1 == links.size() ? " and " : ", ") << links[i];
  }
  text << ".\n";
  return text.str();
}

}  // namespace

int print_main_help(std::ostream& out) {
  out << "Usage: awsdns COMMAND [OPTIONS] [ARGS]\n"
         "Moves a Route 53 record to the active cluster node, running the AWS CLI with exactly\n"
         "the proxy and AWS_* variables of the cluster's settings file.\n\n"
      << command_list_help() << "'awsdns COMMAND --help' shows a command's options.\n\n"
      << exit_code_help();
  return 0;
}

int print_command_help(std::ostream& out, const char* usage, const char* summary,
                       const boost::program_options::options_description& options) {
  out << usage << "\n" << summary << "\n\n" << options << "\n" << exit_code_help();
  return 0;
}

int print_version(std::ostream& out) {
  out << "awsdns " << kVersion << " (commit " << kCommit << ")\n";
  return 0;
}

std::string aws_cli_default_text() {
  std::string text = "the config's aws.cli, else ";
  for (const char* place : system_paths().aws_cli_places) text += std::string(place) + ", ";
  return text + "else aws on PATH";
}

}  // namespace awsdns::cli
