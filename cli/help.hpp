#pragma once
// Help and version texts, including the exit-code table shown by --help.

#include <boost/program_options/options_description.hpp>
#include <iosfwd>
#include <string>

namespace awsdns::cli {

/// The exit-code table as `awsdns --help` prints it, made from kExitCodes.
std::string exit_code_help();

/// Prints `awsdns --help`; returns 0.
int print_main_help(std::ostream& out);
/// Prints a command's usage line, summary, options and the exit codes; returns 0.
int print_command_help(std::ostream& out, const char* usage, const char* summary,
                       const boost::program_options::options_description& options);
/// Prints "awsdns VERSION"; returns 0.
int print_version(std::ostream& out);

/// Where the AWS CLI is looked for without --aws-cli, for option help texts: "the config's
/// aws.cli, else /usr/bin/aws, ..., else aws on PATH" (the places from core/system_paths).
std::string aws_cli_default_text();

}  // namespace awsdns::cli
