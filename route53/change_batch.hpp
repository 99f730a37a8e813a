#pragma once
// The Route 53 change batch (the --change-batch JSON) and the record sets it carries.

#include <string>
#include <vector>

#include "route53/config.hpp"

namespace awsdns::route53 {

/// A resource record set as Route 53 reports it (simple routing; alias records have no values).
struct RecordSet {
  std::string name;  // as returned, e.g. "test.clusterpro.local."
  std::string type;  // "A", "AAAA", ...
  long long ttl = 0;
  std::vector<std::string> values;  // ResourceRecords[].Value
  bool alias = false;               // an AliasTarget record (never ours)
  std::string set_identifier;       // weighted/latency/... records (never ours)
};

/// Change actions awsdns sends.
enum class ChangeAction { Upsert, Delete };

/// "UPSERT" or "DELETE".
std::string_view to_string(ChangeAction action);

/// The compact JSON of a ChangeBatch with one change of `record`, e.g.
/// {"Comment":"...","Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":...,"Type":...,
/// "TTL":...,"ResourceRecords":[{"Value":...}]}}]}. `comment` is omitted when empty.
std::string build_change_batch(ChangeAction action, const RecordSet& record,
                               const std::string& comment);

}  // namespace awsdns::route53
