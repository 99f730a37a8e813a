#include "route53/cli_errors.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "util/duration.hpp"
#include "util/text.hpp"

namespace awsdns::route53 {

const std::array<ErrorClassInfo, 19> kErrorClasses = {{
    {ErrorClass::NoAnswer, "no-answer", true, ExitCode::AwsUnreachable,
     "the endpoint refused the connection, did not answer in time, or closed it",
     "check the route to AWS (or to the proxy), aws.connect_timeout and aws.read_timeout"},
    {ErrorClass::ProxyUnreachable, "proxy-unreachable", true, ExitCode::AwsUnreachable,
     "the proxy of the settings file did not accept the connection",
     "check HTTPS_PROXY in the settings file and that the proxy runs"},
    {ErrorClass::CallTimeout, "call-timeout", true, ExitCode::AwsUnreachable,
     "the AWS CLI ran past aws.call_timeout (or the command's deadline) and was killed",
     "check the route to AWS; raise aws.call_timeout if calls are just slow"},
    {ErrorClass::Throttled, "throttled", true, ExitCode::AwsUnreachable,
     "Route 53 throttled the request (Throttling, PriorRequestNotComplete) until the deadline",
     "other tools in the account use up the Route 53 request budget; raise aws.attempts"},
    {ErrorClass::ServiceUnavailable, "service-unavailable", true, ExitCode::AwsUnreachable,
     "AWS answered HTTP 5xx (InternalFailure, ServiceUnavailable) on every attempt",
     "wait for AWS to recover; raise aws.attempts"},
    {ErrorClass::ProxyAuth, "proxy-auth", false, ExitCode::AwsCredentials,
     "the proxy refused the user and password of the settings file's proxy URL (HTTP 407)",
     "put the right user:password@ into HTTPS_PROXY/HTTP_PROXY of the settings file"},
    {ErrorClass::ProxyDenied, "proxy-denied", false, ExitCode::AwsCredentials,
     "the proxy's access rules refused the connection to the AWS endpoint (HTTP 403 or another "
     "4xx to CONNECT)",
     "allow CONNECT from this node to the Route 53 endpoint (port 443) in the proxy's rules"},
    {ErrorClass::AccessDenied, "access-denied", false, ExitCode::AwsCredentials,
     "AWS refused the credentials or the permission (AccessDenied, InvalidClientTokenId, ...)",
     "grant the policy of examples/iam-policy.json to the node's role or user; check its keys"},
    {ErrorClass::NoCredentials, "no-credentials", false, ExitCode::AwsCredentials,
     "the AWS CLI found no credentials (environment, ~/.aws, instance role)",
     "attach an IAM role to the instance (keep 169.254.169.254 in NO_PROXY) or set a profile"},
    {ErrorClass::TlsFailed, "tls-failed", false, ExitCode::Config,
     "TLS certificate verification failed (an intercepting proxy, or a wrong CA bundle)",
     "set AWS_CA_BUNDLE in the settings file to the CA that signs the proxy's certificates"},
    {ErrorClass::ProfileNotFound, "profile-not-found", false, ExitCode::Config,
     "the configured AWS profile does not exist, or the AWS config file cannot be read",
     "fix aws.profile (or AWS_PROFILE in the settings file) or the AWS config file"},
    {ErrorClass::RegionInvalid, "region-invalid", false, ExitCode::Config,
     "no region is configured, or the CLI refuses the region's name",
     "set aws.region in the configuration (e.g. ap-northeast-1)"},
    {ErrorClass::CliUsage, "cli-usage", false, ExitCode::Config,
     "the AWS CLI refused its arguments (unknown option, bad parameter)",
     "check aws.extra_args; run 'awsdns check --live' to see the CLI's version"},
    {ErrorClass::Rejected, "rejected", false, ExitCode::Failed,
     "AWS rejected the request (InvalidChangeBatch, NoSuchHostedZone, InvalidInput, ...)",
     "read AWS's message; check hosted_zone_id, name and type of the resource"},
    {ErrorClass::CliNotFound, "cli-not-found", false, ExitCode::NotFound,
     "the AWS CLI does not exist at the configured or default path",
     "install the AWS CLI or set aws.cli to its absolute path"},
    {ErrorClass::CliNotUsable, "cli-not-usable", false, ExitCode::Config,
     "the AWS CLI exists but does not run (permission, missing interpreter, crash)",
     "run the AWS CLI by hand ('aws --version') and repair or reinstall it"},
    {ErrorClass::CliUntrusted, "cli-untrusted", false, ExitCode::Config,
     "the AWS CLI, or a folder it is in, may be changed by users other than root and the caller",
     "make root (or the caller) own the AWS CLI and its folders, writable by the owner only"},
    {ErrorClass::Interrupted, "interrupted", false, ExitCode::SignalBase,
     "awsdns received a termination signal and stopped the AWS CLI (exit 128+N)", "-"},
    {ErrorClass::Unexpected, "unexpected", false, ExitCode::Failed,
     "anything else: an unknown message, an odd exit code, output that is not JSON",
     "read the message; run the failing AWS CLI command by hand with --debug"},
}};

namespace {

using namespace std::string_view_literals;

/// botocore/awscli messages that name the class whatever the exit code, first match wins.
struct MessagePattern {
  std::string_view needle;
  ErrorClass error;
};
constexpr std::array kMessagePatterns = {
    MessagePattern{"Failed to connect to proxy URL", ErrorClass::ProxyUnreachable},
    MessagePattern{"Could not connect to the endpoint URL", ErrorClass::NoAnswer},
    MessagePattern{"Connect timeout on endpoint URL", ErrorClass::NoAnswer},
    MessagePattern{"Read timeout on endpoint URL", ErrorClass::NoAnswer},
    MessagePattern{"Connection was closed before we received a valid response",
                   ErrorClass::NoAnswer},
    MessagePattern{"SSL validation failed", ErrorClass::TlsFailed},
    MessagePattern{"The config profile (", ErrorClass::ProfileNotFound},
    MessagePattern{"Unable to parse config file", ErrorClass::ProfileNotFound},
    MessagePattern{"Unable to locate credentials", ErrorClass::NoCredentials},
    MessagePattern{"Partial credentials found", ErrorClass::NoCredentials},
    MessagePattern{"Error when retrieving credentials", ErrorClass::NoCredentials},
    MessagePattern{"You must specify a region", ErrorClass::RegionInvalid},
    MessagePattern{"Provided region_name", ErrorClass::RegionInvalid},
    MessagePattern{"Unknown options:", ErrorClass::CliUsage},
    MessagePattern{"aws: error:", ErrorClass::CliUsage},
    MessagePattern{"Error parsing parameter", ErrorClass::CliUsage},
    MessagePattern{"Parameter validation failed", ErrorClass::CliUsage},
};

/// Messages that mean the CLI itself broke; looked at only when nothing above matched.
constexpr std::array kCrashMarkers = {std::string_view("Traceback (most recent call last)"),
                                      std::string_view("ModuleNotFoundError"),
                                      std::string_view("ImportError")};

constexpr std::array kThrottleCodes = {"Throttling"sv,
                                       "ThrottlingException"sv,
                                       "ThrottledException"sv,
                                       "RequestThrottled"sv,
                                       "RequestThrottledException"sv,
                                       "TooManyRequestsException"sv,
                                       "RequestLimitExceeded"sv,
                                       "SlowDown"sv,
                                       "PriorRequestNotComplete"sv,
                                       "BandwidthLimitExceeded"sv};
constexpr std::array kUnavailableCodes = {
    "ServiceUnavailable"sv,      "ServiceUnavailableException"sv, "InternalError"sv,
    "InternalFailure"sv,         "InternalServerError"sv,         "RequestTimeout"sv,
    "RequestTimeoutException"sv, "IDPCommunicationError"sv};
constexpr std::array kAccessCodes = {"AccessDenied"sv,
                                     "AccessDeniedException"sv,
                                     "UnrecognizedClientException"sv,
                                     "InvalidClientTokenId"sv,
                                     "SignatureDoesNotMatch"sv,
                                     "ExpiredToken"sv,
                                     "ExpiredTokenException"sv,
                                     "InvalidSignatureException"sv,
                                     "IncompleteSignature"sv,
                                     "MissingAuthenticationToken"sv,
                                     "AuthFailure"sv,
                                     "RequestExpired"sv,
                                     "403"sv};

bool listed(const auto& list, std::string_view code) {
  return std::find(list.begin(), list.end(), code) != list.end();
}

bool is_http_5xx(std::string_view code) {
  return code.size() == 3 && code[0] == '5' && std::isdigit(static_cast<unsigned char>(code[1])) &&
         std::isdigit(static_cast<unsigned char>(code[2]));
}

/// The non-empty lines of `text`, trimmed, without the "aws: [ERROR]: " prefix of newer v2.
std::vector<std::string_view> message_lines(std::string_view text) {
  constexpr std::string_view prefix = "aws: [ERROR]: ";
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = util::trim(text.substr(0, end), " \t\r\n");
    if (line.substr(0, prefix.size()) == prefix) line.remove_prefix(prefix.size());
    if (!line.empty()) lines.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

/// The line that explains the failure: the one holding `needle`, else the "An error occurred"
/// line, else the last line; at most 500 bytes.
std::string summary_line(const std::vector<std::string_view>& lines, std::string_view needle) {
  std::string_view chosen = lines.empty() ? std::string_view() : lines.back();
  for (const auto line : lines) {
    if (!needle.empty() && line.find(needle) != std::string_view::npos) {
      chosen = line;
      break;
    }
    if (line.find("An error occurred (") != std::string_view::npos) chosen = line;
  }
  return std::string(chosen.substr(0, 500));
}

Classification classify_unfinished(const launcher::RunResult& result) {
  switch (result.outcome) {
    case launcher::Outcome::TimedOut:
      return {
          ErrorClass::CallTimeout, "",
          "the AWS CLI did not finish within " + util::duration_text(result.elapsed) + "; killed"};
    case launcher::Outcome::Interrupted:
      return {ErrorClass::Interrupted, "",
              "interrupted by signal " + std::to_string(result.signal)};
    case launcher::Outcome::StartFailed: {
      const bool missing = exit_code_of_start_error(result.start_error) == ExitCode::NotFound;
      return {missing ? ErrorClass::CliNotFound : ErrorClass::CliNotUsable, "",
              "cannot start the AWS CLI: " + result.start_error.message()};
    }
    case launcher::Outcome::Signaled:
      return {ErrorClass::Unexpected, "",
              "the AWS CLI died of signal " + std::to_string(result.signal)};
    case launcher::Outcome::Exited:
      break;
  }
  return {ErrorClass::Unexpected, "", "unexpected outcome"};
}

/// The class when no message matched: from the exit code (v2's 252/253/254, v1's 2).
ErrorClass class_of_exit_code(int exit_code) {
  switch (exit_code) {
    case 2:
    case 252:
      return ErrorClass::CliUsage;
    case 253:
      return ErrorClass::NoCredentials;
    case 254:
      return ErrorClass::Rejected;
    case 126:
    case 127:
      return ErrorClass::CliNotUsable;
    default:
      return ErrorClass::Unexpected;
  }
}

}  // namespace

const ErrorClassInfo& info_of(ErrorClass error) {
  for (const auto& row : kErrorClasses) {
    if (row.id == error) return row;
  }
  return kErrorClasses.back();
}

bool is_transient(ErrorClass error) {
  return error != ErrorClass::None && info_of(error).transient;
}

ErrorClass class_of_error_code(std::string_view code) {
  if (code == "407") return ErrorClass::ProxyAuth;
  if (listed(kThrottleCodes, code)) return ErrorClass::Throttled;
  if (listed(kUnavailableCodes, code) || is_http_5xx(code)) return ErrorClass::ServiceUnavailable;
  if (listed(kAccessCodes, code)) return ErrorClass::AccessDenied;
  if (code == "NoRegion") return ErrorClass::RegionInvalid;
  if (code == "NoCredentials" || code == "NoCredentialsError") return ErrorClass::NoCredentials;
  if (code == "ProfileNotFound") return ErrorClass::ProfileNotFound;
  return ErrorClass::Rejected;
}

std::string aws_error_code(std::string_view stderr_text) {
  constexpr std::string_view marker = "An error occurred (";
  const auto start = stderr_text.find(marker);
  if (start == std::string_view::npos) return {};
  const auto code_start = start + marker.size();
  const auto end = stderr_text.find(')', code_start);
  if (end == std::string_view::npos || end - code_start > 128) return {};
  return std::string(stderr_text.substr(code_start, end - code_start));
}

bool waiter_gave_up(std::string_view stderr_text) {
  const auto waiter = stderr_text.find("Waiter ");
  return waiter != std::string_view::npos &&
         stderr_text.find("failed: Max attempts exceeded", waiter) != std::string_view::npos;
}

Classification classify_run(const launcher::RunResult& result) {
  if (result.outcome != launcher::Outcome::Exited) return classify_unfinished(result);
  if (result.exit_code == 0) return {ErrorClass::None, "", ""};
  const std::string_view text = result.stderr_text;
  const auto lines = message_lines(text);
  for (const auto& pattern : kMessagePatterns) {
    if (text.find(pattern.needle) != std::string_view::npos) {
      return {pattern.error, aws_error_code(text), summary_line(lines, pattern.needle)};
    }
  }
  if (std::string code = aws_error_code(text); !code.empty()) {
    const ErrorClass error = class_of_error_code(code);
    return {error, code, summary_line(lines, {})};
  }
  for (const auto marker : kCrashMarkers) {
    if (text.find(marker) != std::string_view::npos) {
      return {ErrorClass::CliNotUsable, "",
              "the AWS CLI crashed (exit " + std::to_string(result.exit_code) +
                  "): " + summary_line(lines, {})};
    }
  }
  const std::string summary = summary_line(lines, {});
  return {class_of_exit_code(result.exit_code), "",
          "the AWS CLI exited " + std::to_string(result.exit_code) +
              (summary.empty() ? std::string() : ": " + summary)};
}

}  // namespace awsdns::route53
