// `awsdns exec`: run any command with the settings file's environment, supervised.

#include "cli/exec_command.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/help.hpp"
#include "cli/options.hpp"
#include "core/exit_code.hpp"
#include "envfile/redact.hpp"
#include "launcher/command_runner.hpp"
#include "launcher/interruption.hpp"
#include "util/duration.hpp"
#include "util/text.hpp"

namespace po = boost::program_options;

namespace awsdns::cli {
namespace {

constexpr const char* kExecSummary =
    "Runs COMMAND (never through a shell) with the settings file's proxy and AWS_* variables\n"
    "injected, under an optional time limit. Exits with COMMAND's own exit status.";

// Splits "awsdns exec" arguments into our options and the child's argv: everything after "--",
// or from the first word that is neither an option nor an option's value.
std::pair<std::vector<std::string>, std::vector<std::string>> split_child_argv(
    const std::vector<std::string>& args) {
  static const std::vector<std::string> kTakesValue = {"--env-file", "--timeout"};
  std::vector<std::string> ours;
  const auto from = [&args](std::size_t i) {
    return std::vector<std::string>(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  };
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") return {ours, from(i + 1)};
    if (arg.empty() || arg[0] != '-') return {ours, from(i)};
    ours.push_back(arg);
    const bool has_inline_value = arg.find('=') != std::string::npos;
    for (const auto& name : kTakesValue) {
      if (arg == name && !has_inline_value && i + 1 < args.size()) ours.push_back(args[++i]);
    }
  }
  return {ours, {}};
}

// The secrets of the child's environment and of awsdns's own, long enough to be searched for.
std::vector<std::string> redacted_secrets(const Invocation& invocation,
                                          const envfile::Environment& child_env) {
  auto secrets = envfile::secrets_in(child_env);
  for (auto& secret : envfile::secrets_in(invocation.parent_env)) {
    if (std::find(secrets.begin(), secrets.end(), secret) == secrets.end())
      secrets.push_back(std::move(secret));
  }
  std::erase_if(secrets, [](const std::string& secret) {
    return secret.size() < envfile::kMinScrubbedSecretLength;
  });
  return secrets;
}

/// The child to run: `executable` with the rest of `child_argv`, the environment, the timeout,
/// the terminal lent to it, and stderr filtered when there is a secret to hide.
launcher::Command child_command(const Invocation& invocation, const std::string& executable,
                                const std::vector<std::string>& child_argv,
                                const envfile::Environment& env, double timeout_seconds) {
  launcher::Command command;
  command.executable = executable;
  command.args.assign(child_argv.begin() + 1, child_argv.end());
  command.environment = env;
  command.timeout = std::chrono::milliseconds(std::llround(timeout_seconds * 1000));
  command.stdin_mode = launcher::StreamMode::Inherit;
  command.stdout_mode = launcher::StreamMode::Inherit;
  command.foreground = true;  // an interactive command may read the terminal
  // The child's diagnostics may echo a proxy URL with its password: when there is a secret to
  // hide, stderr passes through awsdns with only the secrets replaced; otherwise it is untouched.
  command.redact = redacted_secrets(invocation, env);
  command.stderr_mode =
      command.redact.empty() ? launcher::StreamMode::Inherit : launcher::StreamMode::Filter;
  return command;
}

/// Says how the child ended, unless it simply exited.
void log_outcome(Logger& log, const launcher::RunResult& result, const std::string& name,
                 const std::string& executable, double timeout_seconds) {
  switch (result.outcome) {
    case launcher::Outcome::Exited:
      break;
    case launcher::Outcome::Signaled:
      log.write(Severity::Debug, name + " died of signal " + std::to_string(result.signal));
      break;
    case launcher::Outcome::TimedOut:
      log.write(Severity::Error, name + " timed out after " +
                                     util::seconds_number(timeout_seconds) +
                                     " s; its process group was killed");
      break;
    case launcher::Outcome::StartFailed:
      log.write(Severity::Error, executable + ": cannot run: " + result.start_error.message());
      break;
    case launcher::Outcome::Interrupted:
      log.write(Severity::Warning,
                "stopped by signal " + std::to_string(result.signal) + "; forwarded to " + name);
      break;
  }
}

}  // namespace

Result<int> exec_command(const Invocation& invocation) {
  CommonOptions options;
  double timeout_seconds = 0;
  po::options_description visible;
  po::options_description exec_options("Exec options");
  exec_options.add_options()("timeout", po::value<double>(&timeout_seconds),
                             "kill COMMAND's whole process group after S seconds (0 = no limit)");
  visible.add(general_options(options)).add(environment_options(options)).add(exec_options);

  auto [ours, child_argv] = split_child_argv(invocation.args);
  std::vector<std::string> no_positionals;
  if (auto parsed = parse_command_line(ours, visible, nullptr, 0, no_positionals); !parsed) {
    return parsed.error();
  }
  if (options.help)
    return print_command_help(*invocation.out, command_named("exec").usage, kExecSummary, visible);
  if (options.version) return print_version(*invocation.out);
  if (child_argv.empty()) return fail(ExitCode::Usage, "exec: no command given");
  if (!(timeout_seconds >= 0) || !std::isfinite(timeout_seconds)) {
    return fail(ExitCode::Usage, "exec: --timeout must be a number of seconds >= 0");
  }

  Logger log(*invocation.err, options.verbose, options.syslog);
  const auto child = exec_environment(invocation, options, log);
  if (!child) return report_early_failure(invocation, options.json, log, child.error());

  const auto& env = child->env;
  const auto path = env.find("PATH");
  const std::string executable =
      launcher::find_executable(child_argv[0], path == env.end() ? "" : path->second);
  if (executable.empty()) {
    log.write(Severity::Error, child_argv[0] + ": command not found");
    return to_int(ExitCode::NotFound);
  }

  const launcher::Command command =
      child_command(invocation, executable, child_argv, env, timeout_seconds);
  log.write(Severity::Debug, "exec: " + executable + " argv: " + util::join(child_argv, " "));
  const auto runner = launcher::make_process_runner(launcher::Interruption::of_process(),
                                                    *invocation.out, *invocation.err);
  const auto result = runner->run(command);
  log_outcome(log, result, child_argv[0], executable, timeout_seconds);
  return launcher::exit_status_of(result);
}

}  // namespace awsdns::cli
