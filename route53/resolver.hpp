#pragma once
// Name resolution through c-ares, always bounded by a timeout: monitor's check_resolution (DNS:
// the system's servers or a given one) and the host names check --live connects to.

#include <chrono>
#include <string>
#include <vector>

#include "launcher/timekeeper.hpp"
#include "route53/config.hpp"
#include "util/expected.hpp"

namespace awsdns::route53 {

/// The addresses a name resolved to (textual, canonical: inet_ntop), or why it did not (e.g.
/// "timed out after 5 s", "NXDOMAIN").
using Resolution = util::Expected<std::vector<std::string>>;

/// Resolves `name` for `type` (A or AAAA) via `server` ("" = system resolver configuration,
/// else "IP" or "IP:PORT"), giving up after `timeout` as `time`'s clock measures it.
Resolution resolve(const std::string& name, RecordType type, const std::string& server,
                   std::chrono::milliseconds timeout, const launcher::Timekeeper& time);

/// Addresses (A and AAAA) of `host` from the hosts file and DNS, via c-ares, never glibc's NSS;
/// gives up after `timeout` on `time`'s clock.
Resolution resolve_host(const std::string& host, std::chrono::milliseconds timeout,
                        const launcher::Timekeeper& time);

}  // namespace awsdns::route53
