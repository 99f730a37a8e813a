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
                      std::chrono::milliseconds elapsed) {
  show_text("change " + change_id + " " + status + " " + util::duration_text(elapsed));
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
