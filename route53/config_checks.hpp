#pragma once
// Value rules of the YAML configuration (zone ids, DNS names, addresses, DNS servers, resource
// keys, key suggestions), separate from the YAML walk so each rule can be tested and reused on
// its own.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "route53/config.hpp"
#include "route53/ip_address.hpp"

namespace awsdns::route53::checks {

/// A normalised value, or why the input is not acceptable (a Config failure).
using Checked = Result<std::string>;

/// Longest accepted hosted zone id, "Z" included.
inline constexpr std::size_t kMaxZoneIdLength = 32;

/// Route 53 zone id: "Z" then upper-case letters/digits, 2..32 chars; "/hostedzone/" stripped.
Checked hosted_zone_id(std::string_view text);

/// DNS name: labels 1..63 of [A-Za-z0-9_-] without leading/trailing '-', total <= 253 without
/// the trailing dot, no wildcard; returned lower case with the trailing dot.
Checked record_name(std::string_view text);

/// Resource key usable as a lock file name: [A-Za-z0-9._-], 1..128 chars, not starting with '.'.
Checked resource_key(std::string_view text);

/// Record type name, case-insensitive "A" or "AAAA"; else a Config failure saying so.
Result<RecordType> parse_record_type(std::string_view text);

/// Levenshtein distance between two short strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The known key closest to `unknown` when it is plausibly a typo of it, else "".
std::string closest_key(std::string_view unknown, const std::vector<std::string_view>& known);

/// "unknown key 'K' (did you mean 'X'?)" or "unknown key 'K' (known keys: ...)".
std::string unknown_key_message(std::string_view unknown,
                                const std::vector<std::string_view>& known);

/// Joins names with ", ".
std::string join(const std::vector<std::string>& names);

}  // namespace awsdns::route53::checks

namespace awsdns::route53 {

/// Checks that `text` is an IPv4 address for A or an IPv6 address for AAAA (e.g. `--ip`): its
/// canonical (inet_ntop) form, or a Config failure saying why not.
Result<std::string> check_address(std::string_view text, RecordType type);

/// A DNS server given as "IP", "IP:PORT" or "[IPv6]:PORT" (bare IPv6 means port 53).
struct DnsServer {
  IpFamily family = IpFamily::V4;
  std::string address;  // canonical textual address
  unsigned port = 53;
};

/// Parses a `monitor.resolver` value (non-empty); nullopt when malformed.
std::optional<DnsServer> parse_dns_server(std::string_view text);

}  // namespace awsdns::route53
