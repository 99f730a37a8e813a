// The DNS commands' texts and options.

#include "cli/dns_options.hpp"

#include <boost/program_options.hpp>

#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "core/system_paths.hpp"
#include "util/duration.hpp"

namespace po = boost::program_options;

namespace awsdns::cli {

ActionText text_of(DnsAction action) {
  switch (action) {
    case DnsAction::Activate:
      return {"activate", command_named("activate").usage,
              "Points the resource's record at this node with one UPSERT, then reads the record\n"
              "back and, when wait_insync is set, at the same time waits for INSYNC in one run of\n"
              "the AWS CLI's own waiter (a GetChange every poll_interval s, up to wait_timeout).\n"
              "RESOURCE may be omitted when the configuration has exactly one resource."};
    case DnsAction::Deactivate:
      return {
          "deactivate", command_named("deactivate").usage,
          "When delete_on_deactivate is set, deletes the record if it still holds exactly this\n"
          "node's address (repeating its TTL and values). A record that is absent or points at\n"
          "another node is left untouched, and the command succeeds."};
    case DnsAction::Monitor:
      return {"monitor", command_named("monitor").usage,
              "Checks with ONE Route 53 request that the record holds this node's address\n"
              "(exit 3: missing, 4: points elsewhere); with check_resolution also resolves the\n"
              "name. When AWS cannot be reached, monitor.on_cli_failure decides: ignore (exit 0),\n"
              "warn (exit 0 and a warning on stderr and syslog) or recover (exit 69; 124 when\n"
              "--deadline cut the call)."};
  }
  return {};
}

po::options_description dns_options(DnsOptions& options) {
  po::options_description description("DNS options");
  description.add_options()(
      "config", po::value<std::string>()->notifier([&options](const std::string& path) {
        options.common.config_file = path;
      }),
      ("YAML configuration (default: " + std::string(system_paths().config_file) + ")").c_str())(
      "node", po::value<std::string>()->notifier([&options](const std::string& node) {
        options.node = node;
      }),
      "this node's name in the resource's ip: map (default: the short host name)")(
      "ip",
      po::value<std::string>()->notifier([&options](const std::string& ip) { options.ip = ip; }),
      "this node's address, overriding the configuration")(
      "aws-cli", po::value<std::string>()->notifier([&options](const std::string& path) {
        options.common.aws_cli = path;
      }),
      ("the AWS CLI to run (default: " + aws_cli_default_text() + ")").c_str())(
      "json", po::bool_switch(&options.common.json), "print the result as one JSON object")(
      "deadline", po::value<double>()->value_name("SECONDS")->notifier([&options](double seconds) {
        options.deadline = seconds;
      }),
      "end the whole command (AWS calls, retries, pauses, lock and INSYNC waits) before SECONDS "
      "(fractions allowed) from its start; exit 124 when it runs out (monitor: on_cli_failure)");
  return description;
}

Result<std::optional<std::chrono::steady_clock::time_point>> deadline_from(
    const std::optional<double>& seconds, std::chrono::steady_clock::time_point started) {
  if (!seconds) return std::optional<std::chrono::steady_clock::time_point>();
  if (!(*seconds > 0.0) || *seconds > kMaxDeadlineSeconds) {
    return fail(ExitCode::Usage, "--deadline " + util::seconds_number(*seconds) +
                                     ": must be more than 0 and at most " +
                                     util::seconds_number(kMaxDeadlineSeconds) + " seconds");
  }
  return started + std::chrono::milliseconds(static_cast<long long>(*seconds * 1000.0));
}

Result<> parse_dns_command_line(const Invocation& invocation, DnsCommandLine& line) {
  line.visible.add(general_options(line.options.common))
      .add(environment_options(line.options.common))
      .add(dns_options(line.options));
  return parse_command_line(invocation.args, line.visible, "resource", 1, line.positionals);
}

}  // namespace awsdns::cli
