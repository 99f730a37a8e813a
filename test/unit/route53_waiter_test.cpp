// The AWS CLI waiter's definition: its JSON for given settings (botocore's version 2 format), its
// poll count from wait_timeout, the directory named by its content, and its installation in a
// fresh runtime directory (the refusals of untrusted directories: route53_waiter_test_posix.cpp).
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "route53/waiter.hpp"
#include "route53_fakes.hpp"
#include "test_support.hpp"
#include "util/fs_path.hpp"

namespace awsdns::route53::test {
namespace {

Resource with(int poll_interval, int wait_timeout) {
  Resource resource = web_resource();
  resource.poll_interval = poll_interval;
  resource.wait_timeout = wait_timeout;
  return resource;
}

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("the waiter definition for a 2 s poll interval and wait_timeout 60 s",
          "[route53][waiter]") {
  const std::string definition = waiter_definition(with(2, 60));
  CHECK(definition == read_data("golden/waiter_interval2_timeout60.json"));
  const auto waiter =
      boost::json::parse(definition).at("waiters").at("ResourceRecordSetsChanged").as_object();
  CHECK(waiter.at("delay").as_int64() == 2);
  CHECK(waiter.at("maxAttempts").as_int64() == 30);
  CHECK(waiter.at("operation").as_string() == "GetChange");
  const auto& acceptors = waiter.at("acceptors").as_array();
  // Success on INSYNC first; a 5xx answer keeps waiting; none fails the waiter, and a throttled
  // poll (no acceptor) ends the run so that awsdns yields the account's budget to changes.
  CHECK(acceptors.at(0).at("state").as_string() == "success");
  CHECK(acceptors.at(0).at("argument").as_string() == "ChangeInfo.Status");
  for (std::size_t i = 1; i < acceptors.size(); ++i) {
    CHECK(acceptors.at(i).at("state").as_string() == "retry");
    CHECK(acceptors.at(i).at("matcher").as_string() == "status");
  }
}

TEST_CASE("the waiter's polls fill wait_timeout and stop a poll interval before it",
          "[route53][waiter]") {
  CHECK(waiter_max_attempts(with(2, 60)) == 30);  // polls at 0, 2 ... 58 s
  CHECK(waiter_max_attempts(with(2, 61)) == 30);
  CHECK(waiter_max_attempts(with(5, 120)) == 24);  // 0 ... 115 s
  CHECK(waiter_max_attempts(with(1, 300)) == 300);
  CHECK(waiter_max_attempts(with(10, 5)) == 1);  // one poll at least
  CHECK(waiter_max_attempts(with(2, 0)) == 1);
  CHECK_THAT(waiter_definition(with(5, 120)), Catch::Contains("\"delay\":5,\"maxAttempts\":24,"));
}

TEST_CASE("the waiter's directory is named by the definition's content", "[route53][waiter]") {
  const std::string a = waiter_definition(with(2, 60));
  const std::string b = waiter_definition(with(2, 120));
  const std::string c = waiter_definition(with(3, 60));
  CHECK(waiter_directory_name(a) == waiter_directory_name(waiter_definition(with(2, 60))));
  CHECK(waiter_directory_name(a) != waiter_directory_name(b));
  CHECK(waiter_directory_name(a) != waiter_directory_name(c));
  CHECK(waiter_directory_name(a).size() == std::string("waiter-").size() + 16);
  CHECK(waiter_directory_name(a).starts_with("waiter-"));
}

TEST_CASE("the waiter definition is written below the lock directory, and rewritten",
          "[route53][waiter]") {
  const awsdns::test::TempDir dir("awsdns-waiter");
  const std::string lock_dir = (dir.path() / "run" / "awsdns").string();  // missing: created
  const std::string definition = waiter_definition(with(2, 60));
  const auto place = install_waiter_definition(lock_dir, awsdns::test::caller_uid(), definition);
  REQUIRE(place.has_value());
  const auto data = util::fs_path(*place);
  CHECK(data == dir.path() / "run" / "awsdns" / "aws-data" / waiter_directory_name(definition));
  const auto file = data / "route53" / "2013-04-01" / "waiters-2.json";
  CHECK(file_text(file) == definition);
  // Only the file is there: no temporary file is left.
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(file.parent_path()))
    ++entries;
  CHECK(entries == 1);
  // A damaged file is replaced by the next activate; another definition gets its own place.
  std::ofstream(file, std::ios::trunc) << "{";
  REQUIRE(install_waiter_definition(lock_dir, awsdns::test::caller_uid(), definition).has_value());
  CHECK(file_text(file) == definition);
  const std::string other = waiter_definition(with(5, 60));
  const auto second = install_waiter_definition(lock_dir, awsdns::test::caller_uid(), other);
  REQUIRE(second.has_value());
  CHECK(*second != *place);
  CHECK(file_text(file) == definition);
}

TEST_CASE("activate without a lock directory has no place for the waiter: Config, no AWS call",
          "[route53][waiter]") {
  FakeTime time;
  FakeRunner runner(time);
  auto context = make_context(runner, time);
  context.lock_dir.clear();
  const auto report = activate(context);
  CHECK(report.exit_code == ExitCode::Config);
  CHECK(runner.commands.empty());
  CHECK_THAT(report.message, Catch::Contains("lock_dir"));
}

TEST_CASE("the contended poll interval: 30 s, a quarter of a short wait_timeout, poll_interval",
          "[route53][waiter][budget]") {
  CHECK(contended_poll_interval(with(2, 300)) == 30);
  CHECK(contended_poll_interval(with(2, 60)) == 15);
  CHECK(contended_poll_interval(with(2, 4)) == 2);  // never below poll_interval
  CHECK(contended_poll_interval(with(45, 300)) == 45);
  CHECK(waiter_definition(with(2, 300), 30).find("\"delay\":30,\"maxAttempts\":10") !=
        std::string::npos);
}

}  // namespace awsdns::route53::test
