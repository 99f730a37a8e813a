#pragma once
// The three Route 53 operations awsdns uses, on top of call_aws(), with their JSON output parsed;
// and the zone's SOA read with ListResourceRecordSets (check --live).

#include <algorithm>
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

/// A zone's SOA as negative caching needs it.
struct ZoneSoa {
  std::string zone;       // the apex name, e.g. "clusterpro.local."
  long long ttl = 0;      // the SOA record's own TTL
  long long minimum = 0;  // its MINIMUM field (the last of the value's seven)
  /// How long resolvers may cache "no such name" (RFC 2308 section 5): min(ttl, minimum).
  long long negative_ttl() const { return std::min(ttl, minimum); }
};

/// Result of reading a zone's SOA.
struct SoaOutcome {
  CallResult call;
  std::optional<ZoneSoa> soa;  // when call.ok()
  int requests = 0;            // list-resource-record-sets runs made (1, at most 2)
};

/// The MINIMUM field of an SOA value ("mname rname serial refresh retry expire minimum");
/// nullopt when the value does not have those seven fields.
std::optional<long long> soa_minimum(const std::string& value);

/// How many record sets read_zone_soa() lists from the start of the zone in its first request.
inline constexpr int kSoaProbeItems = 10;

/// Reads the zone's SOA with ListResourceRecordSets only (the zone's name is not needed): ONE
/// request for the first kSoaProbeItems record sets of the zone. Route 53 orders names with their
/// labels reversed, so the apex (a suffix of every name in the zone) comes first, and its SOA
/// among them unless the apex holds that many record sets of types sorted before SOA; then a
/// second request starts at (apex, SOA).
SoaOutcome read_zone_soa(const AwsCliContext& context, const std::string& zone,
                         std::chrono::steady_clock::time_point deadline);

}  // namespace awsdns::route53
