// The waiter definition (Boost.JSON) and its installation in the trusted runtime directory.

#include "route53/waiter.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <vector>

#include "util/atomic_file.hpp"
#include "util/fs_path.hpp"
#include "util/text.hpp"
#include "util/trusted_directory.hpp"

namespace awsdns::route53 {
namespace {

namespace json = boost::json;

// botocore's acceptors: "error" compares the error code, "status" the HTTP status; the first
// that matches decides, an error none matches ends the waiter with it.
json::object acceptor(std::string_view matcher, json::value expected, std::string_view state) {
  return {{"matcher", matcher}, {"expected", std::move(expected)}, {"state", state}};
}

json::array acceptors() {
  json::array list;
  list.push_back(json::object{{"matcher", "path"},
                              {"argument", "ChangeInfo.Status"},
                              {"expected", "INSYNC"},
                              {"state", "success"}});
  // A poll Route 53 still throttles after the CLI's own tries ends the run: awsdns then waits
  // longer than the CLI would and polls less (contended_poll_interval), so a fleet's polls leave
  // the account's shared budget to its changes.
  for (const int status : {500, 502, 503, 504}) list.push_back(acceptor("status", status, "retry"));
  return list;
}

// 64-bit FNV-1a: a stable name for a text, not a secret.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

Failure refused(std::string message) {
  return fail(ExitCode::Config, std::move(message));
}

// `path` opened as a trusted directory, or the refusal. Below the lock directory the fix is to
// remove the directory: chown would adopt what someone planted there.
Result<util::DirectoryHandle> open_level(const std::string& path, bool below_lock_dir,
                                         unsigned caller_uid) {
  const std::string what = below_lock_dir ? "waiter definition directory" : "lock directory";
  auto opened = util::open_trusted_directory(path, caller_uid, what);
  if (opened) return std::move(*opened);
  util::DirectoryRefusal refusal = opened.error();
  if (!below_lock_dir || !refusal.untrusted()) {
    return refused(
        "the AWS CLI waiter's definition cannot be written: " +
        (refusal.untrusted() ? refusal.message() : what + " " + path + ": " + refusal.error));
  }
  // What is wrong, without the chmod/chown the trust rule suggests for files.
  for (auto& problem : refusal.problems) problem = problem.substr(0, problem.find("; run: "));
  return refused("the AWS CLI waiter's definition cannot be written: " + refusal.message() +
                 ". The AWS CLI would load any service model or endpoint file in it "
                 "(AWS_DATA_PATH): remove " +
                 path + " and what it holds (awsdns writes it again)");
}

}  // namespace

int contended_poll_interval(const Resource& resource) {
  return std::max(resource.poll_interval,
                  std::min(kContendedPollInterval, resource.wait_timeout / 4));
}

int waiter_max_attempts(const Resource& resource, int interval_s) {
  const int interval = std::max(1, interval_s > 0 ? interval_s : resource.poll_interval);
  return std::max(1, resource.wait_timeout / interval);
}

std::string waiter_definition(const Resource& resource, int interval_s) {
  const int interval = std::max(1, interval_s > 0 ? interval_s : resource.poll_interval);
  json::object waiter{{"delay", interval},
                      {"maxAttempts", waiter_max_attempts(resource, interval)},
                      {"operation", "GetChange"},
                      {"acceptors", acceptors()}};
  const json::object document{{"version", 2},
                              {"waiters", json::object{{kWaiterName, std::move(waiter)}}}};
  return json::serialize(document) + "\n";
}

std::string waiter_directory_name(std::string_view definition) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a(definition)));
  return std::string("waiter-") + hex;
}

Result<std::string> install_waiter_definition(const std::string& lock_dir, unsigned caller_uid,
                                              const std::string& definition) {
  namespace fs = std::filesystem;
  const fs::path data = util::fs_path(lock_dir) / "aws-data" / waiter_directory_name(definition);
  std::vector<fs::path> levels = {util::fs_path(lock_dir), data.parent_path(), data};
  for (const auto& part : util::fs_path(kWaiterModelDirectory))
    levels.push_back(levels.back() / part);
  std::optional<util::DirectoryHandle> held;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    auto opened = open_level(util::utf8_path(levels[i]), i > 0, caller_uid);
    if (!opened) return opened.error();
    held = std::move(*opened);
  }
  const std::string directory = util::utf8_path(levels.back());
  if (auto written =
          util::replace_file_in(held->get(), directory, std::string(kWaiterFileName), definition);
      !written) {
    return fail(ExitCode::Failed,
                "the AWS CLI waiter's definition cannot be written: " + written.error().message);
  }
  return util::utf8_path(data);
}

}  // namespace awsdns::route53
