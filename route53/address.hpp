#pragma once
// IP address text: validation against a record type's family and canonical comparison.

#include <optional>
#include <string>
#include <string_view>

#include "route53/config.hpp"

namespace awsdns::route53 {

/// The canonical text (inet_ntop) of `text` when it is an address of `type`'s family
/// (IPv4 for A, IPv6 for AAAA); nullopt otherwise.
std::optional<std::string> canonical_address(std::string_view text, RecordType type);

/// True when `a` and `b` are the same address of `type`'s family (2001:DB8::1 == 2001:db8:0::1).
bool same_address(std::string_view a, std::string_view b, RecordType type);

/// Record names compared as DNS does: case-insensitive, trailing dot optional.
bool same_record_name(std::string_view a, std::string_view b);

}  // namespace awsdns::route53
