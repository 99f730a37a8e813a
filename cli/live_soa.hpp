#pragma once
// check --live's steps from one read of the zone's apex: whether the record's name lies in the
// zone's domain, and what the zone's SOA lets resolvers cache after a DELETE.

#include "cli/live_check.hpp"
#include "route53/config.hpp"
#include "route53/route53_api.hpp"

namespace awsdns::cli {

/// The "zone RESOURCE" step: the record's name is the zone's apex or a name under it (Route 53
/// refuses a change for any other name with InvalidChangeBatch, so activate could never work);
/// a failed read fails the step with the read's class. `failure` is set to the exit code.
LiveStep zone_step(const route53::Resource& resource, const route53::SoaOutcome& read,
                   ExitCode& failure);

/// The "negative-caching RESOURCE" step from the zone's SOA as read_zone_soa() read it: a warning
/// when delete_on_deactivate is on and resolvers may cache "no such name" (min(SOA TTL, SOA
/// minimum), RFC 2308) longer than the record's TTL, saying what a client may see and the fixes;
/// a failed read is a warning too (failover does not need the SOA).
LiveStep negative_caching_step(const route53::Resource& resource, const route53::SoaOutcome& read);

}  // namespace awsdns::cli
