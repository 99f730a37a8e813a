// The INSYNC polling schedule (issue 14) in virtual time: for every propagation time T up to
// wait_timeout, activate sees INSYNC within 2.5 s and spends at most T/2 + 3 get-change requests.
#include <catch2/catch.hpp>
#include <optional>

#include "route53/actions.hpp"
#include "route53/backoff.hpp"
#include "route53_fakes.hpp"

namespace awsdns::route53::test {
namespace {

using Ms = std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

/// How long an AWS CLI run takes around its one request: `lead` before the request leaves
/// (Python start-up), `tail` after it (answer, exit).
struct RunShape {
  Ms lead;
  Ms tail;
};

/// Route 53 in virtual time: a change accepted at request time R is PENDING until R + T, INSYNC
/// from then on (decided when the get-change request arrives); the read-back finds our record.
class PropagatingRunner : public launcher::CommandRunner {
 public:
  PropagatingRunner(FakeTime& time, RunShape shape, std::optional<Ms> insync_after)
      : time_(time), shape_(shape), insync_after_(insync_after) {}

  launcher::RunResult run(const launcher::Command& command) override {
    const std::string operation = command.args.size() > 1 ? command.args[1] : "";
    time_.advance(shape_.lead);
    const auto request = time_.now();
    std::string status = "PENDING";
    if (operation == "change-resource-record-sets") {
      accepted_at = request;
    } else if (operation == "get-change") {
      get_changes.push_back(request);
      if (insync_after_ && request >= *accepted_at + *insync_after_) status = "INSYNC";
    }
    time_.advance(shape_.tail);
    if (operation == "list-resource-record-sets") {
      read_back_at = request;
      return exited(0, listing("test.clusterpro.local.", "A", 300, {"10.0.110.100"}));
    }
    if (status == "INSYNC" && !seen_at) seen_at = time_.now();
    return exited(0, change_info("C1", status));
  }

  std::optional<Clock::time_point> accepted_at;   // when Route 53 got the UPSERT
  std::optional<Clock::time_point> seen_at;       // when a get-change run returned INSYNC
  std::vector<Clock::time_point> get_changes;     // when each get-change request arrived
  std::optional<Clock::time_point> read_back_at;  // when the read-back request arrived

 private:
  FakeTime& time_;
  RunShape shape_;
  std::optional<Ms> insync_after_;
};

/// What one activate saw with INSYNC at `insync_after` (nullopt: never).
struct Outcome {
  ExitCode exit_code = ExitCode::Failed;
  Ms delay{0};                   // from INSYNC to the get-change run that reported it returning
  Ms returned{0};                // from INSYNC to activate's return
  bool read_back_first = false;  // the read-back request came before every get-change request
  int get_changes = 0;
  std::vector<Ms> requests;  // get-change request times after the UPSERT request
};

Outcome activate_with(RunShape shape, std::optional<Ms> insync_after, int wait_timeout) {
  FakeTime time;
  FakeRunner unused(time);
  PropagatingRunner runner(time, shape, insync_after);
  auto context = make_context(unused, time);
  context.aws.runner = &runner;
  context.resource.wait_timeout = wait_timeout;
  const auto report = activate(context);
  Outcome outcome;
  outcome.exit_code = report.exit_code;
  outcome.get_changes = static_cast<int>(runner.get_changes.size());
  for (const auto at : runner.get_changes) {
    outcome.requests.push_back(std::chrono::duration_cast<Ms>(at - *runner.accepted_at));
  }
  if (runner.seen_at && insync_after) {
    const auto insync = *runner.accepted_at + *insync_after;
    outcome.delay = std::chrono::duration_cast<Ms>(*runner.seen_at - insync);
    outcome.returned = std::chrono::duration_cast<Ms>(time.now() - insync);
  }
  outcome.read_back_first =
      runner.read_back_at &&
      (runner.get_changes.empty() || *runner.read_back_at < runner.get_changes.front());
  return outcome;
}

/// The two bounds at propagation time T (ms), checked through activate().
void check_bounds(RunShape shape, Ms insync_after, int wait_timeout, Ms max_delay) {
  const auto outcome = activate_with(shape, insync_after, wait_timeout);
  INFO("T = " << insync_after.count() << " ms, run lead " << shape.lead.count() << " ms, tail "
              << shape.tail.count() << " ms");
  REQUIRE(outcome.exit_code == ExitCode::Ok);
  CHECK(outcome.delay <= max_delay);
  CHECK(2 * outcome.get_changes <= insync_after.count() / 1000.0 + 6);  // <= T/2 + 3
}

// Real AWS CLI runs here: ~0.45 s of start-up before the request, ~0.05 s after (BENCHMARKS.md
// B3); the pessimistic shape decides the answer at the start and returns 0.5 s later.
const RunShape kRealCli{Ms(450), Ms(50)};
const RunShape kAnswerFirst{Ms(0), Ms(500)};
const RunShape kInstant{Ms(0), Ms(0)};

}  // namespace

TEST_CASE("INSYNC poll slots: every second up to 4 s, then every 2 s", "[route53][backoff]") {
  CHECK(insync_poll_delay(0ms) == 1s);
  CHECK(insync_poll_delay(1ms) == 999ms);
  CHECK(insync_poll_delay(1s) == 1s);
  CHECK(insync_poll_delay(1500ms) == 500ms);
  CHECK(insync_poll_delay(3999ms) == 1ms);
  CHECK(insync_poll_delay(4s) == 2s);
  CHECK(insync_poll_delay(4500ms) == 1500ms);
  CHECK(insync_poll_delay(6s) == 2s);
  CHECK(insync_poll_delay(299999ms) == 1ms);
  CHECK(insync_poll_delay(-5ms) == 1s);  // a clock read just before the acceptance
}

TEST_CASE("INSYNC schedule: slots on a 10 ms grid of T give <= T/2 + 3 polls, <= 2 s late",
          "[route53][backoff]") {
  // The slots alone (calls taking no time): the first slot at or after T sees INSYNC.
  const Ms wait_timeout = 300s;
  for (Ms insync_after{0}; insync_after <= wait_timeout; insync_after += 10ms) {
    Ms elapsed{0};
    int polls = 0;
    do {
      elapsed += insync_poll_delay(elapsed);
      ++polls;
    } while (elapsed < insync_after);
    INFO("T = " << insync_after.count() << " ms");
    CHECK(elapsed - insync_after <= (insync_after < 4s ? 1s : 2s));
    CHECK(2 * polls <= insync_after.count() / 1000.0 + 6);
  }
}

TEST_CASE("activate: INSYNC at any T up to wait_timeout is seen within 2.5 s, T/2 + 3 polls",
          "[route53][activate][backoff]") {
  const int wait_timeout = Resource{}.wait_timeout;  // the default, 300 s
  for (const auto shape : {kRealCli, kAnswerFirst, kInstant}) {
    // A 100 ms grid (off the whole seconds) over the whole wait ...
    for (Ms insync_after{37}; insync_after <= std::chrono::seconds(wait_timeout);
         insync_after += 100ms) {
      check_bounds(shape, insync_after, wait_timeout, 2500ms);
    }
    // ... and the worst moments: INSYNC 1 ms after a poll's request (that poll misses it), and
    // exactly at a request (that poll sees it).
    const auto never = activate_with(shape, std::nullopt, wait_timeout);
    REQUIRE(never.exit_code == ExitCode::NotInSync);
    for (const auto request : never.requests) {
      if (request + 1ms <= std::chrono::seconds(wait_timeout)) {
        check_bounds(shape, request + 1ms, wait_timeout, 2500ms);
      }
      check_bounds(shape, request, wait_timeout, 2500ms);
    }
  }
}

TEST_CASE("activate: polls land on the slots whatever a run costs", "[route53][activate]") {
  // The UPSERT request at 0.45 s, its run returns at 0.5 s (the schedule counts from there): each
  // get-change request leaves 0.45 s after its slot, i.e. slot + 0.5 s after the UPSERT request.
  const auto outcome = activate_with(kRealCli, std::nullopt, 12);
  const std::vector<Ms> expected{1500ms, 2500ms, 3500ms, 4500ms, 6500ms, 8500ms, 10500ms, 12500ms};
  CHECK(outcome.requests == expected);
  CHECK(outcome.exit_code == ExitCode::NotInSync);
}

TEST_CASE("activate: runs slower than a slot skip it, never burst", "[route53][activate]") {
  // 1.5 s per run: a poll that ends after the next slot waits for the one after; requests stay
  // at least a run apart and never exceed one per slot.
  const RunShape slow{Ms(1200), Ms(300)};
  const auto outcome = activate_with(slow, std::nullopt, 60);
  REQUIRE(outcome.requests.size() >= 2);
  for (std::size_t i = 1; i < outcome.requests.size(); ++i) {
    CHECK(outcome.requests[i] - outcome.requests[i - 1] >= 2s);
  }
  for (Ms insync_after{0}; insync_after <= 60s; insync_after += 250ms) {
    const auto seen = activate_with(slow, insync_after, 60);
    INFO("T = " << insync_after.count() << " ms");
    REQUIRE(seen.exit_code == ExitCode::Ok);
    CHECK(2 * seen.get_changes <= insync_after.count() / 1000.0 + 6);
    CHECK(seen.delay <= 2s + slow.lead + slow.tail);
  }
}

TEST_CASE("activate: the read-back runs while PENDING, and seeing INSYNC ends activate at once",
          "[route53][activate][backoff]") {
  // Nothing runs after the poll that saw INSYNC: activate returns when that run does, at most
  // one 2 s interval plus the run's tail after INSYNC (1 s during the first 4 s).
  for (const auto shape : {kRealCli, kAnswerFirst, kInstant}) {
    for (Ms insync_after{0}; insync_after <= 40s; insync_after += 50ms) {
      const auto outcome = activate_with(shape, insync_after, 60);
      INFO("T = " << insync_after.count() << " ms, run lead " << shape.lead.count() << " ms, tail "
                  << shape.tail.count() << " ms");
      REQUIRE(outcome.exit_code == ExitCode::Ok);
      CHECK(outcome.read_back_first);
      CHECK(outcome.returned == outcome.delay);
      CHECK(outcome.returned <= 2s + shape.tail);
    }
  }
}

}  // namespace awsdns::route53::test
