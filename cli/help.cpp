#include "cli/help.hpp"

#include <iomanip>
#include <ostream>
#include <sstream>

#include "awsdns_version.hpp"

namespace awsdns::cli {

const char* const kExitCodeTable =
    "Exit status:\n"
    "  0    success (change accepted, INSYNC when waiting; the record is ours)\n"
    "  1    AWS rejected the request, or the result could not be verified\n"
    "  3    monitor: the record does not exist\n"
    "  4    monitor: the record points at another address\n"
    "  5    activate: change accepted but not INSYNC within wait_timeout\n"
    "  6    another awsdns held the resource lock past the deadline\n"
    "  64   bad command line\n"
    "  69   the AWS CLI got no answer (proxy/connection failure, timeout, throttled)\n"
    "  77   the AWS CLI has no usable credentials, or access was denied\n"
    "  78   invalid settings file or configuration (nothing was run)\n"
    "  124  exec: the command ran past --timeout; its process group was killed;\n"
    "       activate/deactivate/monitor: --deadline reached (no AWS CLI left running)\n"
    "  126  the command was found but could not be started\n"
    "  127  the command (or the AWS CLI) was not found\n"
    "  128+N  the command died of signal N, or awsdns was stopped by signal N\n"
    "  exec otherwise exits with the command's own status.\n";

int print_main_help(std::ostream& out) {
  out << "Usage: awsdns COMMAND [OPTIONS] [ARGS]\n"
         "Moves a Route 53 record to the active cluster node, running the AWS CLI with exactly\n"
         "the proxy and AWS_* variables of the cluster's settings file.\n\n"
         "Commands:\n"
         "  exec [--] CMD ARGS...  run CMD with the settings file's environment\n"
         "  check                  validate the settings file (and config); show the child "
         "environment\n"
         "  activate [RESOURCE]    point the record at this node (UPSERT, wait for INSYNC)\n"
         "  deactivate [RESOURCE]  delete the record if it still points at this node\n"
         "  monitor [RESOURCE]     check that the record points at this node (one API request)\n\n"
         "Also installed as awsdns-activate, awsdns-deactivate and awsdns-monitor.\n"
         "'awsdns COMMAND --help' shows a command's options.\n\n"
      << kExitCodeTable;
  return 0;
}

int print_command_help(std::ostream& out, const char* usage, const char* summary,
                       const boost::program_options::options_description& options) {
  out << usage << "\n" << summary << "\n\n" << options << "\n" << kExitCodeTable;
  return 0;
}

int print_version(std::ostream& out) {
  out << "awsdns " << kVersion << "\n";
  return 0;
}

std::string format_seconds(double seconds) {
  std::ostringstream text;
  text << std::setprecision(6) << std::noshowpoint << seconds;
  return text.str();
}

}  // namespace awsdns::cli
