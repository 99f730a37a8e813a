// The steps of `check --live` from the zone's apex: the record's name in the zone's domain, and
// what a client's resolver may keep when the record is absent for the second of a planned move
// (delete_on_deactivate), from the zone's SOA.

#include "cli/live_soa.hpp"

#include "util/duration.hpp"
#include "util/text.hpp"

namespace awsdns::cli {
namespace {

std::string seconds(long long value) {
  return util::duration_text(std::chrono::seconds(value));
}

/// True when `name` is `zone` or a name under it (both fully qualified, letter case ignored).
bool in_zone(const std::string& name, const std::string& zone) {
  const std::string n = util::to_lower(name);
  const std::string z = util::to_lower(zone);
  return n == z || (n.size() > z.size() && n.compare(n.size() - z.size(), z.size(), z) == 0 &&
                    n[n.size() - z.size() - 1] == '.');
}

}  // namespace

LiveStep zone_step(const route53::Resource& resource, const route53::SoaOutcome& read,
                   ExitCode& failure) {
  LiveStep step{"zone " + resource.key, true, false, "", "", ""};
  if (!read.call.ok() || !read.soa) {
    step.ok = false;
    step.detail = "the zone's apex could not be read: " + read.call.message;
    const auto& info = route53::info_of(read.call.error);
    step.error_class = std::string(info.name);
    step.fix = std::string(info.fix);
    failure = read.call.exit_code;
    return step;
  }
  const std::string& zone = read.soa->zone;
  if (in_zone(resource.record_name, zone)) {
    step.detail =
        resource.record_name + " lies in zone " + zone + " (" + resource.hosted_zone_id + ")";
    return step;
  }
  step.ok = false;
  step.detail = resource.record_name + " is not in zone " + zone + " (" + resource.hosted_zone_id +
                "): Route 53 refuses every change of it (InvalidChangeBatch)";
  step.fix = "set the resource's name to a name under " + zone +
             ", or hosted_zone_id to the zone of " + resource.record_name;
  failure = ExitCode::Config;
  return step;
}

LiveStep negative_caching_step(const route53::Resource& resource, const route53::SoaOutcome& read) {
  LiveStep step{"negative-caching " + resource.key, true, false, "", "", ""};
  if (!resource.delete_on_deactivate) {
    step.detail =
        "delete_on_deactivate: false: the record stays in place during a move, clients never "
        "get \"no such name\" for it";
    return step;
  }
  if (!read.call.ok() || !read.soa) {
    step.warning = true;
    step.detail = "the zone's SOA could not be read: " + read.call.message;
    step.error_class = std::string(route53::info_of(read.call.error).name);
    step.fix = "failover does not need it; check that ListResourceRecordSets on " +
               resource.hosted_zone_id + " works";
    return step;
  }
  const auto& soa = *read.soa;
  const long long negative = soa.negative_ttl();
  const std::string source = "zone " + soa.zone + ": SOA TTL " + seconds(soa.ttl) +
                             ", SOA minimum " + seconds(soa.minimum) +
                             " -> resolvers cache \"no such name\" for " + seconds(negative);
  if (negative <= resource.ttl) {
    step.detail = source + ", not longer than the record's TTL " + seconds(resource.ttl);
    return step;
  }
  step.warning = true;
  step.detail =
      source + ", longer than the record's TTL " + seconds(resource.ttl) +
      ". With delete_on_deactivate: true the record is absent for about a second of a planned "
      "move (the old node's DELETE, then the new node's UPSERT): a client whose resolver asks "
      "then may get NXDOMAIN cached for " +
      seconds(negative) + " during a planned move, " + seconds(negative - resource.ttl) +
      " longer than it would keep the old address";
  step.fix = "lower the zone's SOA minimum and SOA TTL to " + seconds(resource.ttl) +
             " or less (UPSERT the SOA record of " + soa.zone +
             ": its TTL and the last field of its value), or keep the record on deactivate: "
             "delete_on_deactivate: false";
  return step;
}

}  // namespace awsdns::cli
