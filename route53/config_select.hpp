#pragma once
// Choosing the resource a command acts on, and the "no IP for this node" diagnostic.

#include <optional>
#include <string>

#include "route53/config.hpp"

namespace awsdns::route53 {

/// The resource named on the command line, or the only one; `error` says why none applies.
struct ResourceChoice {
  std::optional<Resource> resource;
  std::string error;
};

/// Picks `name` from `config`, or the single resource when `name` is empty/absent.
ResourceChoice select_resource(const Config& config, const std::optional<std::string>& name);

/// "No IP for node N" located at the resource's `ip:` key, listing the configured nodes and
/// suggesting --node/--ip; nullopt when `node` has an address.
std::optional<Diagnostic> missing_node_ip(const Config& config, const Resource& resource,
                                          const std::string& node);

}  // namespace awsdns::route53
