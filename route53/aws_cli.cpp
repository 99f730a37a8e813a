#include "route53/aws_cli.hpp"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <cctype>
#include <cerrno>
#include <sstream>

#include "envfile/redact.hpp"

namespace awsdns::route53 {
namespace {

using namespace std::chrono_literals;

constexpr std::array kRetryableCodes = {"Throttling",
                                        "ThrottlingException",
                                        "ThrottledException",
                                        "RequestThrottled",
                                        "RequestThrottledException",
                                        "TooManyRequestsException",
                                        "RequestLimitExceeded",
                                        "SlowDown",
                                        "PriorRequestNotComplete",
                                        "ServiceUnavailable",
                                        "ServiceUnavailableException",
                                        "InternalError",
                                        "InternalFailure",
                                        "InternalServerError",
                                        "RequestTimeout",
                                        "RequestTimeoutException",
                                        "RequestExpired",
                                        "BandwidthLimitExceeded",
                                        "IDPCommunicationError"};

constexpr std::array kCredentialCodes = {"AccessDenied",
                                         "AccessDeniedException",
                                         "UnrecognizedClientException",
                                         "InvalidClientTokenId",
                                         "SignatureDoesNotMatch",
                                         "ExpiredToken",
                                         "ExpiredTokenException",
                                         "InvalidSignatureException",
                                         "IncompleteSignature",
                                         "MissingAuthenticationToken",
                                         "AuthFailure"};

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

/// The most informative line of a CLI stderr: the "An error occurred" line, else the last
/// non-empty line; shortened to a sensible length.
std::string stderr_summary(std::string_view text) {
  std::string chosen;
  std::istringstream lines{std::string(text)};
  for (std::string line; std::getline(lines, line);) {
    std::string trimmed = trim(line);
    if (trimmed.empty()) continue;
    if (trimmed.find("An error occurred (") != std::string::npos) return trimmed.substr(0, 500);
    chosen = trimmed;
  }
  return chosen.substr(0, 500);
}

bool contains(const auto& list, std::string_view code) {
  return std::any_of(list.begin(), list.end(), [&](const char* item) { return code == item; });
}

bool is_http_5xx(std::string_view code) {
  return code.size() == 3 && code[0] == '5' && std::isdigit(static_cast<unsigned char>(code[1])) &&
         std::isdigit(static_cast<unsigned char>(code[2]));
}

std::string seconds_text(std::chrono::milliseconds duration) {
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << static_cast<double>(duration.count()) / 1000.0 << " s";
  return out.str();
}

}  // namespace

std::string aws_error_code(std::string_view stderr_text) {
  constexpr std::string_view marker = "An error occurred (";
  const auto start = stderr_text.find(marker);
  if (start == std::string_view::npos) return {};
  const auto code_start = start + marker.size();
  const auto end = stderr_text.find(')', code_start);
  if (end == std::string_view::npos) return {};
  return std::string(stderr_text.substr(code_start, end - code_start));
}

bool is_retryable_error_code(std::string_view code) {
  return contains(kRetryableCodes, code) || is_http_5xx(code);
}

Classification classify_run(const launcher::RunResult& result) {
  Classification c;
  switch (result.outcome) {
    case launcher::Outcome::TimedOut:
      c.call_class = CallClass::Unreachable;
      c.retryable = true;
      c.message = "the AWS CLI did not finish within call_timeout (" +
                  seconds_text(result.elapsed) + "); killed";
      return c;
    case launcher::Outcome::Interrupted:
      c.call_class = CallClass::Interrupted;
      c.message = "interrupted by signal " + std::to_string(result.signal);
      return c;
    case launcher::Outcome::StartFailed:
      c.call_class = CallClass::NotStarted;
      c.message = "cannot start the AWS CLI: " + result.start_error.message();
      return c;
    case launcher::Outcome::Signaled:
      c.call_class = CallClass::Failed;
      c.message = "the AWS CLI died of signal " + std::to_string(result.signal);
      return c;
    case launcher::Outcome::Exited:
      break;
  }
  const std::string summary = stderr_summary(result.stderr_text);
  switch (result.exit_code) {
    case 0:
      c.call_class = CallClass::Success;
      return c;
    case 255:
      c.call_class = CallClass::Unreachable;
      c.retryable = true;
      c.message = summary.empty() ? "the AWS CLI failed to reach AWS (exit 255)" : summary;
      if (summary.find("proxy") != std::string::npos) c.message = "proxy unreachable: " + summary;
      return c;
    case 254:
      c.error_code = aws_error_code(result.stderr_text);
      c.message = summary.empty() ? "AWS returned an error (exit 254)" : summary;
      if (c.error_code == "407") {
        // The proxy, not AWS, answered: retrying with the same credentials cannot help.
        c.call_class = CallClass::Unreachable;
        c.message =
            "the proxy refused the credentials of the settings file's proxy URL (HTTP 407 "
            "Proxy Authentication Required)";
      } else if (is_retryable_error_code(c.error_code)) {
        c.call_class = CallClass::Unreachable;
        c.retryable = true;
      } else if (contains(kCredentialCodes, c.error_code)) {
        c.call_class = CallClass::Credentials;
      } else {
        c.call_class = CallClass::Rejected;
      }
      return c;
    case 253:
      c.call_class = CallClass::Credentials;
      c.message = summary.empty() ? "the AWS CLI has no usable credentials (exit 253)" : summary;
      return c;
    case 252:
      c.call_class = CallClass::BadUsage;
      c.message = "the AWS CLI refused its arguments (exit 252): " + summary;
      return c;
    default:
      c.call_class = CallClass::Failed;
      c.message = "the AWS CLI exited " + std::to_string(result.exit_code) +
                  (summary.empty() ? std::string() : ": " + summary);
      return c;
  }
}

ExitCode exit_code_for(CallClass call_class, const launcher::RunResult& last_run) {
  switch (call_class) {
    case CallClass::Success:
      return ExitCode::Ok;
    case CallClass::Unreachable:
      return ExitCode::AwsUnreachable;
    case CallClass::Credentials:
      return ExitCode::AwsCredentials;
    case CallClass::BadUsage:
      return ExitCode::Config;
    case CallClass::NotStarted: {
      const int error = last_run.start_error.value();
      return (error == ENOENT || error == ENOTDIR) ? ExitCode::NotFound : ExitCode::CannotExecute;
    }
    case CallClass::Interrupted:
      return static_cast<ExitCode>(exit_code_for_signal(last_run.signal));
    case CallClass::Rejected:
    case CallClass::Failed:
      return ExitCode::Failed;
  }
  return ExitCode::Failed;
}

std::vector<std::string> build_aws_args(const AwsSettings& settings,
                                        const std::vector<std::string>& operation_args) {
  std::vector<std::string> args = operation_args;
  args.insert(args.end(), {"--output", "json", "--no-cli-pager", "--cli-connect-timeout",
                           std::to_string(settings.connect_timeout), "--cli-read-timeout",
                           std::to_string(settings.read_timeout)});
  if (!settings.region.empty()) args.insert(args.end(), {"--region", settings.region});
  if (!settings.profile.empty()) args.insert(args.end(), {"--profile", settings.profile});
  args.insert(args.end(), settings.extra_args.begin(), settings.extra_args.end());
  return args;
}

envfile::Environment aws_child_environment(const envfile::Environment& environment) {
  envfile::Environment env = environment;
  env.emplace("AWS_MAX_ATTEMPTS", "1");  // no effect when already set
  return env;
}

CallResult call_aws(const AwsCliContext& context, const std::vector<std::string>& operation_args,
                    std::chrono::steady_clock::time_point deadline) {
  auto& time = *context.time;
  const auto secrets = envfile::secrets_in(context.environment);
  const auto log = [&](Severity severity, const std::string& text) {
    if (context.log) context.log(severity, envfile::scrub(text, secrets));
  };
  launcher::Command command;
  command.executable = context.cli_path;
  command.args = build_aws_args(context.settings, operation_args);
  command.environment = aws_child_environment(context.environment);
  const std::string operation =
      operation_args.size() >= 2 ? operation_args[0] + " " + operation_args[1] : "aws";

  CallResult result;
  const int attempts = std::max(1, context.settings.attempts);
  const auto call_timeout =
      std::chrono::milliseconds(std::chrono::seconds(std::max(1, context.settings.call_timeout)));
  launcher::RunResult run;
  Classification c;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (const int sig = time.interrupt_signal()) {
      run = {};
      run.outcome = launcher::Outcome::Interrupted;
      run.signal = sig;
      c = classify_run(run);
      break;
    }
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - time.now() - context.run_overrun);
    if (remaining < kMinRunTime) {
      if (attempt == 1) {
        c = {CallClass::Unreachable, true, "", "no time left before the command's deadline"};
      }
      c.message += " (command deadline reached)";
      result.deadline_reached = true;
      break;
    }
    command.timeout = std::min(call_timeout, remaining);
    log(Severity::Debug, "running " + command.executable + " " + operation + " (attempt " +
                             std::to_string(attempt) + "/" + std::to_string(attempts) + ")");
    run = context.runner->run(command);
    result.attempts = attempt;
    c = classify_run(run);
    if (run.outcome == launcher::Outcome::TimedOut && command.timeout < call_timeout) {
      c.message =
          "the AWS CLI was stopped at the command's deadline after " + seconds_text(run.elapsed);
      result.deadline_reached = true;
      break;
    }
    if (c.call_class == CallClass::Success) {
      try {
        result.output = boost::json::parse(run.stdout_text.empty() ? "{}" : run.stdout_text);
        result.call_class = CallClass::Success;
        return result;
      } catch (const std::exception& error) {
        c = {CallClass::Failed, false, "",
             std::string("the AWS CLI printed something that is not JSON: ") + error.what()};
        break;
      }
    }
    if (!c.retryable) break;
    if (attempt == attempts) {
      c.message += " (after " + std::to_string(attempts) + " attempts)";
      break;
    }
    const auto delay =
        full_jitter_delay(attempt, context.backoff_base, context.backoff_cap, context.random);
    if (time.now() + delay + context.run_overrun + kMinRunTime > deadline) {
      c.message += " (no time left for another attempt before the command's deadline)";
      result.deadline_reached = true;
      break;
    }
    log(Severity::Debug, operation + ": attempt " + std::to_string(attempt) + "/" +
                             std::to_string(attempts) + " failed: " + c.message + "; retrying in " +
                             seconds_text(delay));
    if (!time.sleep_for(delay)) {
      run = {};
      run.outcome = launcher::Outcome::Interrupted;
      run.signal = time.interrupt_signal();
      c = classify_run(run);
      break;
    }
  }
  result.call_class = c.call_class;
  result.error_code = c.error_code;
  result.message = envfile::scrub(operation + ": " + c.message, secrets);
  result.signal = c.call_class == CallClass::Interrupted ? run.signal : 0;
  result.exit_code = exit_code_for(c.call_class, run);
  return result;
}

}  // namespace awsdns::route53
