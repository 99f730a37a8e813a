#pragma once
// The three Route 53 operations awsdns uses, on top of call_aws(), with their JSON output parsed.

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "route53/aws_cli.hpp"
#include "route53/change_batch.hpp"

namespace awsdns::route53 {

/// A change as Route 53 reports it (ChangeInfo).
struct ChangeInfo {
  std::string id;      // without the "/change/" prefix, e.g. "C0123456789ABC"
  std::string status;  // "PENDING" or "INSYNC"
};

/// Result of change-resource-record-sets or get-change.
struct ChangeOutcome {
  CallResult call;
  ChangeInfo info;  // when call.ok()
};

/// Result of a one-record lookup.
struct LookupOutcome {
  CallResult call;
  std::optional<RecordSet> record;  // when call.ok(): the record, or nullopt when it is absent
};

/// ChangeInfo from the output of change-resource-record-sets or get-change; nullopt if malformed.
std::optional<ChangeInfo> parse_change_info(const boost::json::value& output);

/// All record sets in a list-resource-record-sets output; nullopt if malformed.
std::optional<std::vector<RecordSet>> parse_record_sets(const boost::json::value& output);

/// The operation arguments of the one-request lookup of (name, type) in `zone`: the listing
/// starts at the record's name and type and returns one item. For this operation the AWS CLI
/// (2.9) maps --max-items to the API's own MaxItems and then turns its paginator off, so the
/// one request carries maxitems=1 (--page-size would be refused, exit 252).
std::vector<std::string> lookup_args(const std::string& zone, const std::string& name,
                                     std::string_view type);

/// Submits one change batch (passed inline as --change-batch, no file, no shell).
ChangeOutcome change_record_sets(const AwsCliContext& context, const std::string& zone,
                                 const std::string& change_batch_json,
                                 std::chrono::steady_clock::time_point deadline);

/// Asks for the status of change `change_id`.
ChangeOutcome get_change(const AwsCliContext& context, const std::string& change_id,
                         std::chrono::steady_clock::time_point deadline);

/// Reads the record (name, type) with ONE Route 53 request: the first listed record set is the
/// record only if its name and type match exactly; otherwise the record is absent.
LookupOutcome find_record(const AwsCliContext& context, const std::string& zone,
                          const std::string& name, std::string_view type,
                          std::chrono::steady_clock::time_point deadline);

}  // namespace awsdns::route53
