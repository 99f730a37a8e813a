// The DNS commands' result line or JSON object, and the status line of their waits at a
// terminal (the resource lock, activate's INSYNC).

#include "cli/dns_output.hpp"

#include <boost/json.hpp>
#include <ostream>

#include "cli/help.hpp"
#include "core/exit_code.hpp"
#include "util/diagnostic.hpp"
#include "util/duration.hpp"

namespace json = boost::json;

namespace awsdns::cli {

namespace {

// A time since the action started, or null when it did not happen.
json::value ms_or_null(const std::optional<std::chrono::milliseconds>& value) {
  return value ? json::value(value->count()) : json::value(nullptr);
}

}  // namespace

void print_result(std::ostream& out, const route53::ActionReport& report, const std::string& verb,
                  const std::string& message, bool as_json) {
  if (as_json) {
    const json::object result{
        {"resource", report.resource},
        {"node", report.node},
        {"ip", report.ip},
        {"action", report.action},
        {"change_id", report.change_id},
        {"status", report.status},
        {"attempts", report.attempts},
        {"elapsed_ms", report.elapsed.count()},
        {"accepted_ms", ms_or_null(report.accepted)},
        {"insync_ms", ms_or_null(report.insync)},
        {"result", exit_code_name(report.exit_code)},
        {"message", message},
        {"error_class", report.error_class},
        {"exit_code", to_int(report.exit_code)},
    };
    out << json::serialize(result) << "\n" << std::flush;
    return;
  }
  out << verb << " " << report.resource << ": " << exit_code_name(report.exit_code) << ": "
      << message << " [" << report.attempts << " AWS CLI run" << (report.attempts == 1 ? "" : "s")
      << ", " << util::duration_text(report.elapsed) << "]\n"
      << std::flush;
}

void StatusLine::show(const std::string& change_id, const std::string& status,
                      std::chrono::milliseconds since_accepted) {
  // The AWS CLI's waiter polls by itself: what awsdns can show is how long the wait has lasted.
  const std::string waited = util::duration_text(since_accepted);
  show_text("change " + change_id + " " + status +
            (status == "INSYNC" ? " after " + waited : ", waiting for INSYNC: " + waited));
}

void StatusLine::show_text(const std::string& text) {
  err_ << "\r\033[K"
       << "awsdns: " << text << std::flush;
  open_ = true;
}

void StatusLine::clear() {
  if (open_) err_ << "\r\033[K" << std::flush;
  open_ = false;
}

}  // namespace awsdns::cli
