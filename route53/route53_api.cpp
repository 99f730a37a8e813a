#include "route53/route53_api.hpp"

#include <boost/json.hpp>
#include <charconv>
#include <sstream>

#include "route53/address.hpp"

namespace awsdns::route53 {
namespace {

namespace json = boost::json;

const json::string* string_field(const json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value ? value->if_string() : nullptr;
}

void mark_malformed(CallResult& call, const std::string& what) {
  call.error = ErrorClass::Unexpected;
  call.exit_code = ExitCode::Failed;
  call.message =
      what + ": unexpected AWS CLI output: " + json::serialize(call.output).substr(0, 300);
}

ChangeOutcome to_change_outcome(CallResult call, const std::string& what) {
  ChangeOutcome outcome{std::move(call), {}};
  if (!outcome.call.ok()) return outcome;
  if (auto info = parse_change_info(outcome.call.output)) {
    outcome.info = *info;
  } else {
    mark_malformed(outcome.call, what);
  }
  return outcome;
}

}  // namespace

std::optional<ChangeInfo> parse_change_info(const json::value& output) {
  const auto* root = output.if_object();
  const auto* change = root ? root->if_contains("ChangeInfo") : nullptr;
  const auto* object = change ? change->if_object() : nullptr;
  if (!object) return std::nullopt;
  const auto* id = string_field(*object, "Id");
  const auto* status = string_field(*object, "Status");
  if (!id || !status) return std::nullopt;
  std::string_view id_text = *id;
  constexpr std::string_view prefix = "/change/";
  if (id_text.starts_with(prefix)) id_text.remove_prefix(prefix.size());
  return ChangeInfo{std::string(id_text), std::string(*status)};
}

namespace {

// The "Value"s of a record set's ResourceRecords into `values`; false when one is malformed.
bool read_record_values(const json::object& object, std::vector<std::string>& values) {
  const auto* records = object.if_contains("ResourceRecords");
  if (!records || !records->is_array()) return true;
  for (const auto& entry : records->get_array()) {
    const auto* entry_object = entry.if_object();
    const auto* value = entry_object ? string_field(*entry_object, "Value") : nullptr;
    if (!value) return false;
    values.emplace_back(*value);
  }
  return true;
}

// One element of ResourceRecordSets; nullopt when malformed.
std::optional<RecordSet> parse_record_set(const json::value& item) {
  const auto* object = item.if_object();
  if (!object) return std::nullopt;
  const auto* name = string_field(*object, "Name");
  const auto* type = string_field(*object, "Type");
  if (!name || !type) return std::nullopt;
  RecordSet record;
  record.name = std::string(*name);
  record.type = std::string(*type);
  if (const auto* ttl = object->if_contains("TTL")) {
    boost::system::error_code error;  // a TTL that is no exact integer: malformed, not a throw
    record.ttl = ttl->to_number<long long>(error);
    if (error) return std::nullopt;
  }
  if (!read_record_values(*object, record.values)) return std::nullopt;
  record.alias = object->contains("AliasTarget");
  if (const auto* id = string_field(*object, "SetIdentifier")) record.set_identifier = *id;
  return record;
}

}  // namespace

std::optional<std::vector<RecordSet>> parse_record_sets(const json::value& output) {
  const auto* root = output.if_object();
  const auto* sets = root ? root->if_contains("ResourceRecordSets") : nullptr;
  const auto* array = sets ? sets->if_array() : nullptr;
  if (!array) return std::nullopt;
  std::vector<RecordSet> records;
  for (const auto& item : *array) {
    auto record = parse_record_set(item);
    if (!record) return std::nullopt;
    records.push_back(std::move(*record));
  }
  return records;
}

std::vector<std::string> lookup_args(const std::string& zone, const std::string& name,
                                     std::string_view type) {
  return {"route53",
          "list-resource-record-sets",
          "--hosted-zone-id",
          zone,
          "--start-record-name",
          name,
          "--start-record-type",
          std::string(type),
          "--max-items",
          "1"};
}

ChangeOutcome change_record_sets(const AwsCliContext& context, const std::string& zone,
                                 const std::string& change_batch_json,
                                 std::chrono::steady_clock::time_point deadline) {
  return to_change_outcome(call_aws(context,
                                    {"route53", "change-resource-record-sets", "--hosted-zone-id",
                                     zone, "--change-batch", change_batch_json},
                                    deadline),
                           "change-resource-record-sets");
}

ChangeOutcome get_change(const AwsCliContext& context, const std::string& change_id,
                         std::chrono::steady_clock::time_point deadline) {
  return to_change_outcome(
      call_aws(context, {"route53", "get-change", "--id", change_id}, deadline), "get-change");
}

LookupOutcome find_record(const AwsCliContext& context, const std::string& zone,
                          const std::string& name, std::string_view type,
                          std::chrono::steady_clock::time_point deadline) {
  LookupOutcome outcome{call_aws(context, lookup_args(zone, name, type), deadline), std::nullopt};
  if (!outcome.call.ok()) return outcome;
  const auto records = parse_record_sets(outcome.call.output);
  if (!records) {
    mark_malformed(outcome.call, "list-resource-record-sets");
    return outcome;
  }
  if (!records->empty() && same_record_name(records->front().name, name) &&
      records->front().type == type) {
    outcome.record = records->front();
  }
  return outcome;
}

std::optional<long long> soa_minimum(const std::string& value) {
  std::istringstream fields(value);
  std::vector<std::string> parts;
  for (std::string part; fields >> part;) parts.push_back(part);
  if (parts.size() != 7) return std::nullopt;
  long long minimum = 0;
  const auto& text = parts.back();
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), minimum);
  if (error != std::errc() || end != text.data() + text.size() || minimum < 0) return std::nullopt;
  return minimum;
}

namespace {

/// The zone's SOA from a listing that starts at the apex (its first record set), if present.
std::optional<RecordSet> apex_soa(const std::vector<RecordSet>& records) {
  for (const auto& record : records) {
    if (!same_record_name(record.name, records.front().name)) break;
    if (record.type == "SOA") return record;
  }
  return std::nullopt;
}

void set_soa(SoaOutcome& outcome, const RecordSet& record) {
  const auto minimum =
      record.values.size() == 1 ? soa_minimum(record.values.front()) : std::nullopt;
  if (!minimum) {
    mark_malformed(outcome.call, "list-resource-record-sets (SOA)");
    return;
  }
  outcome.soa = ZoneSoa{record.name, record.ttl, *minimum};
}

}  // namespace

SoaOutcome read_zone_soa(const AwsCliContext& context, const std::string& zone,
                         std::chrono::steady_clock::time_point deadline) {
  // --page-size makes the AWS CLI send MaxItems itself: one request (without it, it fetches a
  // page of 300 and shows 10).
  const std::string items = std::to_string(kSoaProbeItems);
  SoaOutcome outcome{call_aws(context,
                              {"route53", "list-resource-record-sets", "--hosted-zone-id", zone,
                               "--max-items", items, "--page-size", items},
                              deadline),
                     std::nullopt, 1};
  if (!outcome.call.ok()) return outcome;
  const auto records = parse_record_sets(outcome.call.output);
  if (!records || records->empty()) {
    mark_malformed(outcome.call, "list-resource-record-sets (no record sets)");
    return outcome;
  }
  if (const auto soa = apex_soa(*records)) {
    set_soa(outcome, *soa);
    return outcome;
  }
  const std::string apex = records->front().name;
  auto second = find_record(context, zone, apex, "SOA", deadline);
  second.call.attempts += outcome.call.attempts;
  outcome.call = std::move(second.call);
  outcome.requests = 2;
  if (!outcome.call.ok()) return outcome;
  if (!second.record) {
    outcome.call.error = ErrorClass::Unexpected;
    outcome.call.exit_code = ExitCode::Failed;
    outcome.call.message = "the zone's apex " + apex + " has no SOA record";
    return outcome;
  }
  set_soa(outcome, *second.record);
  return outcome;
}

}  // namespace awsdns::route53
