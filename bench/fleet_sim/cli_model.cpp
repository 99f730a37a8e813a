#include "bench/fleet_sim/cli_model.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "route53/waiter.hpp"

namespace awsdns::fleet_sim {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

/// The run's time limit passed.
struct RunTimedOut {};

std::string option(const std::vector<std::string>& args, const std::string& flag) {
  const auto found = std::find(args.begin(), args.end(), flag);
  return found == args.end() || found + 1 == args.end() ? "" : *(found + 1);
}

std::string message_of(Answer answer) {
  switch (answer) {
    case Answer::Throttling:
      return "Rate exceeded";
    case Answer::PriorRequestNotComplete:
      return "The request was rejected because Route 53 was still processing a prior request.";
    case Answer::NoSuchChange:
      return "A change with the specified change ID does not exist.";
    case Answer::Ok:
      break;
  }
  return "";
}

std::string change_info(const std::string& id, bool insync) {
  return R"({"ChangeInfo":{"Id":"/change/)" + id + R"(","Status":")" +
         (insync ? "INSYNC" : "PENDING") +
         R"(","SubmittedAt":"2026-11-26T18:07:59.391000+00:00"}})";
}

std::string listing(const std::string& name, const std::string& type,
                    const std::optional<std::string>& value) {
  if (!value) return R"({"ResourceRecordSets":[],"IsTruncated":false,"MaxItems":"1"})";
  return R"({"ResourceRecordSets":[{"Name":")" + name + R"(","Type":")" + type +
         R"(","TTL":60,"ResourceRecords":[{"Value":")" + *value +
         R"("}]}],"IsTruncated":false,"MaxItems":"1"})";
}

/// The waiter definition a run uses: delay, polls, and the error codes its acceptors retry.
struct WaiterDefinition {
  int delay = 30;
  int max_attempts = 60;
  std::set<std::string> retried_errors;
};

WaiterDefinition read_waiter(const std::string& data_path) {
  WaiterDefinition definition;
  if (data_path.empty()) return definition;
  std::ifstream in(data_path + "/" + std::string(route53::kWaiterModelDirectory) + "/" +
                   std::string(route53::kWaiterFileName));
  std::stringstream text;
  text << in.rdbuf();
  const json::value document = json::parse(text.str());
  const auto& waiter = document.at("waiters").at(route53::kWaiterName).as_object();
  definition.delay = static_cast<int>(waiter.at("delay").to_number<double>());
  definition.max_attempts = static_cast<int>(waiter.at("maxAttempts").to_number<double>());
  for (const auto& acceptor : waiter.at("acceptors").as_array()) {
    const auto& fields = acceptor.as_object();
    if (fields.at("matcher").as_string() == "error" && fields.at("state").as_string() == "retry") {
      definition.retried_errors.insert(std::string(fields.at("expected").as_string()));
    }
  }
  return definition;
}

}  // namespace

/// One run of the modelled AWS CLI.
class CliRun {
 public:
  CliRun(CliModel& model, const launcher::Command& command)
      : model_(model), command_(command), started_(model.sim_.now()) {
    const auto& env = command.environment;
    const auto attempts = env.find("AWS_MAX_ATTEMPTS");
    const auto mode = env.find("AWS_RETRY_MODE");
    const bool legacy = mode != env.end() && mode->second == "legacy";
    max_attempts_ = attempts != env.end() ? std::stoi(attempts->second) : (legacy ? 5 : 3);
    max_attempts_ = std::max(1, max_attempts_);
    if (command.timeout.count() > 0) deadline_ = started_ + command.timeout;
  }

  launcher::RunResult execute() {
    ++model_.stats_.runs;
    try {
      pause_until(started_ + model_.start_);
      dispatch();
    } catch (const RunTimedOut&) {
      result_ = {};
      result_.outcome = launcher::Outcome::TimedOut;
    }
    result_.elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(model_.sim_.now() - started_);
    return result_;
  }

 private:
  void pause_until(Time at) {
    if (deadline_ && at > *deadline_) {
      model_.sim_.wait_until(*deadline_);
      throw RunTimedOut{};
    }
    model_.sim_.wait_until(at);
  }

  Duration backoff(int attempt) {
    const double ceiling = std::min(20.0, static_cast<double>(1LL << std::min(attempt - 1, 30)));
    const double delay = std::uniform_real_distribution<double>(0.0, 1.0)(model_.random_) * ceiling;
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(delay));
  }

  /// One API call with the client's retries (standard mode); the last answer.
  Answer call(const std::function<Answer()>& request) {
    for (int attempt = 1;; ++attempt) {
      ++model_.stats_.requests;
      retries_ = attempt - 1;
      const Answer answer = request();
      const bool retryable =
          answer == Answer::Throttling || answer == Answer::PriorRequestNotComplete;
      if (answer == Answer::Ok || !retryable || attempt >= max_attempts_) return answer;
      pause_until(model_.sim_.now() + backoff(attempt));
    }
  }

  void fail(Answer answer, const std::string& operation) {
    result_.exit_code = 254;
    result_.stderr_text = "\nAn error occurred (" + error_code(answer) + ") when calling the " +
                          operation +
                          " operation (reached max retries: " + std::to_string(retries_) +
                          "): " + message_of(answer) + "\n";
  }

  void answer(Answer answer, const std::string& operation, std::string output) {
    if (answer != Answer::Ok) return fail(answer, operation);
    result_.stdout_text = std::move(output);
  }

  void dispatch() {
    const auto& args = command_.args;
    const std::string operation = args.size() > 1 ? args[1] : "";
    auto& route53 = model_.route53_;
    if (operation == "change-resource-record-sets") {
      const json::value batch = json::parse(option(args, "--change-batch"));
      const auto& set = batch.at("Changes").at(0).at("ResourceRecordSet");
      const std::string name(set.at("Name").as_string());
      const std::string value(set.at("ResourceRecords").at(0).at("Value").as_string());
      std::string id;
      const Answer got =
          call([&] { return route53.change(option(args, "--hosted-zone-id"), name, value, id); });
      return answer(got, "ChangeResourceRecordSets", change_info(id, false));
    }
    if (operation == "get-change") {
      bool insync = false;
      const std::string id = option(args, "--id");
      const Answer got = call([&] { return route53.get_change(id, insync); });
      return answer(got, "GetChange", change_info(id, insync));
    }
    if (operation == "list-resource-record-sets") {
      std::optional<std::string> value;
      const std::string name = option(args, "--start-record-name");
      const Answer got = call([&] { return route53.list(name, value); });
      return answer(got, "ListResourceRecordSets",
                    listing(name, option(args, "--start-record-type"), value));
    }
    if (operation == "wait") return wait();
    result_.exit_code = 252;
    result_.stderr_text = "\nusage: aws [options] <command> <subcommand>\n";
  }

  void wait() {
    const auto data_path = command_.environment.find("AWS_DATA_PATH");
    const WaiterDefinition definition =
        read_waiter(data_path == command_.environment.end() ? "" : data_path->second);
    const std::string id = option(command_.args, "--id");
    std::string matched;  // the error code of the last retry acceptor that matched
    for (int poll = 1;; ++poll) {
      bool insync = false;
      const Answer got = call([&] { return model_.route53_.get_change(id, insync); });
      if (got == Answer::Ok && insync) return;
      if (got != Answer::Ok) {
        if (definition.retried_errors.count(error_code(got)) == 0) {
          return give_up("An error occurred (" + error_code(got) + "): " + message_of(got));
        }
        matched = error_code(got);
      }
      if (poll >= definition.max_attempts) {
        return give_up(matched.empty() ? "Max attempts exceeded"
                                       : "Max attempts exceeded. Previously accepted state: "
                                         "Matched expected service error code: " +
                                             matched);
      }
      pause_until(model_.sim_.now() + std::chrono::seconds(definition.delay));
    }
  }

  void give_up(const std::string& reason) {
    result_.exit_code = 255;
    result_.stderr_text = "\nWaiter ResourceRecordSetsChanged failed: " + reason + "\n";
  }

  CliModel& model_;
  const launcher::Command& command_;
  const Time started_;
  std::optional<Time> deadline_;
  int max_attempts_ = 3;
  int retries_ = 0;
  launcher::RunResult result_;
};

launcher::RunResult CliModel::run(const launcher::Command& command) {
  return CliRun(*this, command).execute();
}

}  // namespace awsdns::fleet_sim
