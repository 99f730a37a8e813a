#include "route53/change_batch.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace awsdns::route53 {

std::string_view to_string(ChangeAction action) {
  return action == ChangeAction::Upsert ? "UPSERT" : "DELETE";
}

std::string build_change_batch(ChangeAction action, const RecordSet& record,
                               const std::string& comment) {
  boost::json::array records;
  for (const auto& value : record.values) records.push_back(boost::json::object{{"Value", value}});
  boost::json::object record_set;
  record_set["Name"] = record.name;
  record_set["Type"] = record.type;
  record_set["TTL"] = record.ttl;
  record_set["ResourceRecords"] = std::move(records);
  boost::json::object change;
  change["Action"] = to_string(action);
  change["ResourceRecordSet"] = std::move(record_set);
  boost::json::object batch;
  if (!comment.empty()) batch["Comment"] = comment;
  batch["Changes"] = boost::json::array{std::move(change)};
  return boost::json::serialize(batch);
}

}  // namespace awsdns::route53
