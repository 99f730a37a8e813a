#pragma once
// check --live's negative-caching step: what the zone's SOA lets resolvers cache after a DELETE.

#include "cli/live_check.hpp"
#include "route53/config.hpp"
#include "route53/route53_api.hpp"

namespace awsdns::cli {

/// The "negative-caching RESOURCE" step from the zone's SOA as read_zone_soa() read it: a warning
/// when delete_on_deactivate is on and resolvers may cache "no such name" (min(SOA TTL, SOA
/// minimum), RFC 2308) longer than the record's TTL, saying what a client may see and the fixes;
/// a failed read is a warning too (failover does not need the SOA).
LiveStep negative_caching_step(const route53::Resource& resource, const route53::SoaOutcome& read);

}  // namespace awsdns::cli
