// Change batches against golden files; parsing of real AWS CLI output; the one-request lookup.
#include "route53/route53_api.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include "route53/address.hpp"
#include "route53/change_batch.hpp"
#include "route53_fakes.hpp"

namespace awsdns::route53::test {

TEST_CASE("UPSERT change batch, exactly as the golden file", "[route53][batch]") {
  RecordSet record{"test.clusterpro.local.", "A", 300, {"10.0.110.100"}, false, ""};
  CHECK(build_change_batch(ChangeAction::Upsert, record, "awsdns activate web on server1") ==
        read_data("golden/change_batch_upsert_a.json"));
}

TEST_CASE("AAAA change batch without comment, TTL 0", "[route53][batch]") {
  RecordSet record{"v6.clusterpro.local.", "AAAA", 0, {"2001:db8::10"}, false, ""};
  CHECK(build_change_batch(ChangeAction::Upsert, record, "") ==
        read_data("golden/change_batch_upsert_aaaa_no_comment.json"));
}

TEST_CASE("DELETE repeats the exact TTL and every value", "[route53][batch]") {
  RecordSet record{"test.clusterpro.local.",         "A",   2147483647,
                   {"10.0.110.100", "10.0.110.101"}, false, ""};
  CHECK(build_change_batch(ChangeAction::Delete, record, "awsdns deactivate web on server1") ==
        read_data("golden/change_batch_delete_exact_values.json"));
}

TEST_CASE("comments are JSON-escaped by the library", "[route53][batch]") {
  RecordSet record{"test.clusterpro.local.", "A", 60, {"10.0.110.100"}, false, ""};
  const auto batch = build_change_batch(ChangeAction::Upsert, record, "node \"a\\b\" \xc3\xa9");
  CHECK(batch == read_data("golden/change_batch_escaped_comment.json"));
  CHECK(boost::json::parse(batch).at("Comment").as_string() == "node \"a\\b\" \xc3\xa9");
}

TEST_CASE("ChangeInfo from real change-resource-record-sets and get-change output",
          "[route53][parse]") {
  const auto upsert = parse_change_info(boost::json::parse(captured("change_upsert").stdout_text));
  REQUIRE(upsert);
  CHECK(upsert->id.starts_with("C"));
  CHECK(upsert->id.find('/') == std::string::npos);
  CHECK(upsert->status == "PENDING");
  const auto pending =
      parse_change_info(boost::json::parse(captured("get_change_pending").stdout_text));
  const auto insync =
      parse_change_info(boost::json::parse(captured("get_change_insync").stdout_text));
  REQUIRE(pending);
  REQUIRE(insync);
  CHECK(pending->status == "PENDING");
  CHECK(insync->status == "INSYNC");
  CHECK(insync->id == upsert->id);
  CHECK_FALSE(parse_change_info(boost::json::parse(R"({"ChangeInfo":{"Id":1}})")));
  CHECK_FALSE(parse_change_info(boost::json::parse("[]")));
}

TEST_CASE("record sets from real list-resource-record-sets output", "[route53][parse]") {
  const auto found = parse_record_sets(boost::json::parse(captured("list_found").stdout_text));
  REQUIRE(found);
  REQUIRE(found->size() == 1);
  CHECK(found->front().name == "test.clusterpro.local.");
  CHECK(found->front().type == "A");
  CHECK(found->front().ttl == 300);
  CHECK(found->front().values == std::vector<std::string>{"10.0.110.100"});
  const auto empty = parse_record_sets(boost::json::parse(captured("list_empty").stdout_text));
  REQUIRE(empty);
  CHECK(empty->empty());
  const auto alias = parse_record_sets(boost::json::parse(
      R"({"ResourceRecordSets":[{"Name":"a.","Type":"A","AliasTarget":{"DNSName":"x."},"SetIdentifier":"s1"}]})"));
  REQUIRE(alias);
  CHECK(alias->front().alias);
  CHECK(alias->front().set_identifier == "s1");
  CHECK_FALSE(parse_record_sets(boost::json::parse(R"({"ResourceRecordSets":[{"Name":"a."}]})")));
  CHECK_FALSE(parse_record_sets(boost::json::parse(R"({"Other":[]})")));
  // found by fuzzing: a TTL that does not fit an integer must not throw
  CHECK_FALSE(parse_record_sets(boost::json::parse(
      R"({"ResourceRecordSets":[{"Name":"a.","Type":"A","TTL":44444444444444444444444444444}]})")));
  CHECK_FALSE(parse_record_sets(
      boost::json::parse(R"({"ResourceRecordSets":[{"Name":"a.","Type":"A","TTL":"300"}]})")));
  CHECK_FALSE(parse_record_sets(
      boost::json::parse(R"({"ResourceRecordSets":[{"Name":"a.","Type":"A","TTL":1.5}]})")));
}

TEST_CASE("lookup: one request starting at the record's name and type, one item",
          "[route53][lookup]") {
  CHECK(lookup_args("Z1", "test.clusterpro.local.", "A") ==
        std::vector<std::string>{"route53", "list-resource-record-sets", "--hosted-zone-id", "Z1",
                                 "--start-record-name", "test.clusterpro.local.",
                                 "--start-record-type", "A", "--max-items", "1"});
  FakeTime time;
  FakeRunner runner(time);
  runner.script("list-resource-record-sets", captured("list_found"));
  auto context = make_context(runner, time).aws;
  const auto outcome =
      find_record(context, "Z0123456789ABCDEFGHIJ", "TEST.clusterpro.local", "A", time.now() + 1h);
  REQUIRE(outcome.call.ok());
  REQUIRE(outcome.record);
  CHECK(outcome.record->values.front() == "10.0.110.100");
  CHECK(runner.commands.size() == 1);
  CHECK(runner.arg_after(0, "--max-items") == "1");
}

TEST_CASE("lookup: the next record in the listing means absent", "[route53][lookup]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script("list-resource-record-sets", captured("list_next_record"));
  runner.script("list-resource-record-sets", captured("list_other_type"));
  runner.script("list-resource-record-sets", captured("list_empty"));
  auto context = make_context(runner, time).aws;
  // list_next_record starts at host00002 AAAA and returns host00003 A
  auto outcome = find_record(context, "Z", "host00002.clusterpro.local.", "AAAA", time.now() + 1h);
  REQUIRE(outcome.call.ok());
  CHECK_FALSE(outcome.record);
  outcome = find_record(context, "Z", "test.clusterpro.local.", "AAAA", time.now() + 1h);
  REQUIRE(outcome.call.ok());
  CHECK_FALSE(outcome.record);
  outcome = find_record(context, "Z", "zzz.clusterpro.local.", "A", time.now() + 1h);
  REQUIRE(outcome.call.ok());
  CHECK_FALSE(outcome.record);
}

TEST_CASE("malformed output of a successful run is a failure", "[route53][lookup]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script("get-change", exited(0, R"({"Unexpected":true})"));
  auto context = make_context(runner, time).aws;
  const auto outcome = get_change(context, "C1", time.now() + 1h);
  CHECK(outcome.call.error == ErrorClass::Unexpected);
  CHECK(outcome.call.exit_code == ExitCode::Failed);
  CHECK_THAT(outcome.call.message, Catch::Contains("unexpected AWS CLI output"));
}

TEST_CASE("change batch is passed inline as one argument", "[route53][lookup]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script("change-resource-record-sets", captured("change_upsert"));
  auto context = make_context(runner, time).aws;
  const std::string batch = read_data("golden/change_batch_upsert_a.json");
  const auto outcome = change_record_sets(context, "Z0123456789ABCDEFGHIJ", batch, time.now() + 1h);
  REQUIRE(outcome.call.ok());
  CHECK(outcome.info.status == "PENDING");
  CHECK(runner.arg_after(0, "--change-batch") == batch);
  CHECK(runner.arg_after(0, "--hosted-zone-id") == "Z0123456789ABCDEFGHIJ");
}

TEST_CASE("addresses and names compare canonically", "[route53][address]") {
  CHECK(same_address("2001:DB8::1", "2001:db8:0:0::1", RecordType::AAAA));
  CHECK_FALSE(same_address("10.0.110.100", "10.0.110.10", RecordType::A));
  CHECK_FALSE(same_address("10.0.110.100", "10.0.110.100", RecordType::AAAA));
  CHECK(same_record_name("Test.ClusterPro.local", "test.clusterpro.local."));
  CHECK_FALSE(same_record_name("test.clusterpro.local.", "test.clusterpro.local.x"));
}

TEST_CASE("zone SOA: one request from the start of the zone, the apex first", "[route53][soa]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script("list-resource-record-sets", captured("list_zone_start"));
  auto context = make_context(runner, time).aws;
  const auto outcome = read_zone_soa(context, "Z0123456789ABCDEFGHIJ", time.now() + 1h);
  REQUIRE(outcome.call.ok());
  REQUIRE(outcome.soa);
  CHECK(outcome.soa->zone == "clusterpro.local.");
  CHECK(outcome.soa->ttl == 900);
  CHECK(outcome.soa->minimum == 86400);
  CHECK(outcome.soa->negative_ttl() == 900);
  CHECK(outcome.requests == 1);
  REQUIRE(runner.commands.size() == 1);
  CHECK(runner.arg_after(0, "--max-items") == "10");
  CHECK(runner.arg_after(0, "--page-size") == "10");  // so the CLI sends maxitems=10 itself
  CHECK(runner.arg_after(0, "--start-record-name").empty());
}

TEST_CASE("zone SOA: an apex with many record sets before its SOA costs a second request",
          "[route53][soa]") {
  FakeTime time;
  FakeRunner runner(time);
  runner.script("list-resource-record-sets", captured("list_zone_start_busy_apex"));
  runner.script("list-resource-record-sets", captured("list_apex_soa"));
  auto context = make_context(runner, time).aws;
  const auto outcome = read_zone_soa(context, "Z0123456789ABCDEFGHIJ", time.now() + 1h);
  REQUIRE(outcome.call.ok());
  REQUIRE(outcome.soa);
  CHECK(outcome.soa->negative_ttl() == 900);
  CHECK(outcome.requests == 2);
  REQUIRE(runner.commands.size() == 2);
  CHECK(runner.arg_after(1, "--start-record-name") == "clusterpro.local.");
  CHECK(runner.arg_after(1, "--start-record-type") == "SOA");
  CHECK(runner.arg_after(1, "--max-items") == "1");
}

TEST_CASE("zone SOA: values and listings that are no SOA are failures", "[route53][soa]") {
  CHECK(soa_minimum("ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 60") ==
        60);
  CHECK_FALSE(soa_minimum("ns-1. host. 1 7200 900 1209600"));
  CHECK_FALSE(soa_minimum("ns-1. host. 1 7200 900 1209600 x60"));
  CHECK_FALSE(soa_minimum("ns-1. host. 1 7200 900 1209600 -1"));
  FakeTime time;
  FakeRunner runner(time);
  runner.script("list-resource-record-sets",
                exited(0, listing("clusterpro.local.", "SOA", 900, {"not an soa"})));
  runner.script("list-resource-record-sets", captured("list_empty"));
  auto context = make_context(runner, time).aws;
  auto outcome = read_zone_soa(context, "Z", time.now() + 1h);
  CHECK(outcome.call.error == ErrorClass::Unexpected);
  CHECK_FALSE(outcome.soa);
  outcome = read_zone_soa(context, "Z", time.now() + 1h);
  CHECK(outcome.call.error == ErrorClass::Unexpected);
  CHECK_THAT(outcome.call.message, Catch::Contains("no record sets"));
}

}  // namespace awsdns::route53::test
