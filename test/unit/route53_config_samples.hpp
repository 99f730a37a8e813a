#pragma once
// Configuration texts shared by the route53 configuration tests.

namespace awsdns::test {

/// The smallest valid configuration: one resource, one node.
inline constexpr const char* kMinimalConfig =
    "resources:\n"
    "  web:\n"
    "    hosted_zone_id: Z123\n"
    "    name: www.example.com\n"
    "    ip:\n"
    "      server1: 10.0.0.1\n";

}  // namespace awsdns::test
