#include "cli/live_check.hpp"

#include "cli/live_soa.hpp"
#include "core/system_paths.hpp"
#include "envfile/proxy_choice.hpp"
#include "envfile/redact.hpp"
#include "launcher/command_runner.hpp"
#include "launcher/interruption.hpp"
#include "launcher/timekeeper.hpp"
#include "route53/address.hpp"
#include "route53/aws_cli.hpp"
#include "route53/proxy_probe.hpp"
#include "route53/route53_api.hpp"

namespace awsdns::cli {
namespace {

constexpr const char* kV1EndOfSupport = "2027-07-15";

class LiveRun {
 public:
  explicit LiveRun(const LiveInputs& inputs)
      : inputs_(inputs),
        runner_(launcher::make_process_runner(launcher::Interruption::of_process(), *inputs.out,
                                              *inputs.err)),
        time_(launcher::make_system_timekeeper(launcher::Interruption::of_process())),
        secrets_(envfile::secrets_in(inputs.aws.environment)) {}

  LiveReport run() {
    if (check_cli() && check_version()) {
      check_proxies();
      check_records();
    }
    return std::move(report_);
  }

 private:
  void add(LiveStep step, ExitCode failure = ExitCode::Ok) {
    step.detail = envfile::scrub(step.detail, secrets_);
    if (!step.ok && report_.status == ExitCode::Ok) report_.status = failure;
    report_.steps.push_back(std::move(step));
  }

  route53::AwsSettings settings() const {
    return inputs_.config ? inputs_.config->aws : route53::AwsSettings{};
  }

  bool check_cli() {
    if (!inputs_.cli_problem) {
      add({"aws-cli", true, false,
           inputs_.aws.program + " (" + std::string(to_string(inputs_.aws.origin)) + ")", "", ""});
      return true;
    }
    const auto& info = route53::info_of(inputs_.cli_problem->error);
    add({"aws-cli", false, false, inputs_.cli_problem->message, std::string(info.fix),
         std::string(info.name)},
        info.exit_code);
    return false;
  }

  bool check_version() {
    launcher::Command command;
    command.executable = inputs_.aws.program;
    command.args = {"--version"};
    command.environment = inputs_.aws.environment;
    command.timeout = std::chrono::seconds(std::max(1, settings().call_timeout));
    const auto run = runner_->run(command);
    std::string text = run.stdout_text.empty() ? run.stderr_text : run.stdout_text;
    text = text.substr(0, text.find('\n'));
    const int major = run.outcome == launcher::Outcome::Exited && run.exit_code == 0
                          ? aws_cli_major_version(text)
                          : 0;
    if (major == 0) {
      const auto c = route53::classify_run(run);
      const auto error =
          c.error == route53::ErrorClass::CliNotFound ? c.error : route53::ErrorClass::CliNotUsable;
      const auto& info = route53::info_of(error);
      add({"aws-cli-version", false, false,
           "'" + inputs_.aws.program +
               " --version' did not work: " + (text.empty() ? c.message : text),
           std::string(info.fix), std::string(info.name)},
          info.exit_code);
      return false;
    }
    LiveStep step{"aws-cli-version", true, major == 1, text, "", ""};
    if (major == 1) {
      step.detail += " (AWS CLI v1: AWS ends its support on " + std::string(kV1EndOfSupport) + ")";
      step.fix = "install AWS CLI v2 and point aws.cli at it; awsdns works with both";
    }
    add(std::move(step));
    return true;
  }

  /// Steps "proxy-https" and "proxy-http": the proxy the AWS CLI uses for endpoints of each
  /// scheme, and for the Route 53 endpoint's scheme what the proxy answers to CONNECT.
  void check_proxies() {
    const auto endpoint = route53::route53_endpoint(settings(), inputs_.aws.environment);
    const std::string rest = endpoint.url.substr(endpoint.url.find("://"));
    const auto https = envfile::proxy_for(inputs_.aws.environment, "https" + rest);
    const auto http = envfile::proxy_for(inputs_.aws.environment, "http" + rest);
    check_proxy("https", https, endpoint, http.direct());
    check_proxy("http", http, endpoint, true);
  }

  void check_proxy(const std::string& scheme, const envfile::ProxyChoice& choice,
                   const route53::Endpoint& endpoint, bool http_direct) {
    const std::string name = "proxy-" + scheme;
    if (choice.direct()) {
      LiveStep step{name, true, !http_direct, "none: direct (" + choice.reason + ")", "", ""};
      if (step.warning) {
        step.detail += "; HTTP_PROXY is set, but AWS API calls (https) will not use the proxy";
        step.fix = "set HTTPS_PROXY in the settings file";
      }
      add(std::move(step));
      return;
    }
    const std::string used = envfile::redact_url_userinfo(choice.url);
    if (scheme != endpoint.scheme) {
      add({name, true, false, used + " (the Route 53 endpoint is " + endpoint.scheme + "://)", "",
           ""});
      return;
    }
    const auto timeout = std::chrono::seconds(std::max(1, settings().connect_timeout));
    const auto probe = route53::probe_proxy(choice.url, endpoint, timeout, *time_);
    const auto error = route53::class_of_verdict(probe.verdict);
    if (error == route53::ErrorClass::None) {
      add({name, true, false, used + ": " + probe.text(), "", ""});
      return;
    }
    const auto& info = route53::info_of(error);
    add({name, false, false, used + ": " + probe.text(), std::string(info.fix),
         std::string(info.name)},
        info.exit_code);
  }

  void check_records() {
    if (!inputs_.config) {
      add({"record", false, false, "no configuration: nothing to read",
           "give --config FILE (default " + std::string(system_paths().config_file) + ")", ""},
          ExitCode::Config);
      return;
    }
    for (const auto& name : inputs_.resources) check_record(inputs_.config->resources.at(name));
  }

  std::string node_of(const route53::Resource& resource, const std::string& value) const {
    for (const auto& [node, ip] : resource.ip_by_node) {
      if (route53::same_address(ip, value, resource.type)) return node;
    }
    return {};
  }

  std::string describe(const route53::Resource& resource, const route53::RecordSet& record) const {
    if (record.alias || !record.set_identifier.empty() || record.values.size() != 1) {
      return "is not a plain one-address record: activate would replace it";
    }
    const std::string& value = record.values.front();
    const std::string owner = node_of(resource, value);
    const std::string where = owner.empty()           ? "an address of no configured node"
                              : owner == inputs_.node ? "this node, " + owner
                                                      : "node " + owner;
    return "holds " + value + " (" + where + "), TTL " + std::to_string(record.ttl);
  }

  route53::AwsCliContext aws_context() const {
    route53::AwsCliContext context;
    context.invocation = inputs_.aws;
    context.settings = settings();
    context.settings.attempts = 1;  // ONE read: a pre-flight reports, it does not retry
    context.runner = runner_.get();
    context.time = time_.get();
    context.log = inputs_.log;
    context.diagnose_proxy = route53::diagnose_proxy;
    return context;
  }

  void check_record(const route53::Resource& resource) {
    const auto context = aws_context();
    const auto deadline = time_->now() + std::chrono::seconds(context.settings.call_timeout + 1);
    const auto found = route53::find_record(context, resource.hosted_zone_id, resource.record_name,
                                            route53::to_string(resource.type), deadline);
    const std::string label = "record " + resource.key;
    const std::string what =
        resource.record_name + " " + std::string(route53::to_string(resource.type)) + " ";
    if (found.call.ok()) {
      add({label, true, false,
           what + (found.record ? describe(resource, *found.record)
                                : "is absent: activate would create it"),
           "", ""});
      check_zone(resource);
      return;
    }
    const auto& info = route53::info_of(found.call.error);
    add({label, false, false, found.call.message, std::string(info.fix), std::string(info.name)},
        found.call.exit_code);
  }

  /// One read of the zone's apex: the record's name must lie in the zone's domain (Route 53
  /// refuses a change batch for a name outside it), and its SOA tells what clients may cache
  /// while the record is absent.
  void check_zone(const route53::Resource& resource) {
    const auto context = aws_context();
    const auto read = route53::read_zone_soa(
        context, resource.hosted_zone_id,
        time_->now() + std::chrono::seconds(2 * (context.settings.call_timeout + 1)));
    ExitCode failure = ExitCode::Ok;
    LiveStep zone = zone_step(resource, read, failure);
    add(std::move(zone), failure);
    add(negative_caching_step(resource, read));
  }

  const LiveInputs& inputs_;
  std::unique_ptr<launcher::CommandRunner> runner_;
  std::unique_ptr<launcher::Timekeeper> time_;
  std::vector<std::string> secrets_;
  LiveReport report_;
};

}  // namespace

LiveReport run_live_checks(const LiveInputs& inputs) {
  return LiveRun(inputs).run();
}

int aws_cli_major_version(const std::string& version_text) {
  constexpr std::string_view prefix = "aws-cli/";
  if (version_text.rfind(prefix, 0) != 0 || version_text.size() <= prefix.size()) return 0;
  const char digit = version_text[prefix.size()];
  if (digit < '1' || digit > '9') return 0;
  return digit - '0';
}

}  // namespace awsdns::cli
