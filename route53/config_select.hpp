#pragma once
// Choosing the resource a command acts on, and the "no IP for this node" diagnostic.

#include <optional>
#include <string>

#include "core/result.hpp"
#include "route53/config.hpp"

namespace awsdns::route53 {

/// Picks `name` from `config`, or the single resource when `name` is empty/absent. Fails with
/// Usage when the name is unknown or several resources leave the choice open, with Config when
/// none is configured; the message says which ones there are.
Result<Resource> select_resource(const Config& config, const std::optional<std::string>& name);

/// "No IP for node N" located at the resource's `ip:` key, listing the configured nodes and
/// suggesting --node/--ip; nullopt when `node` has an address.
std::optional<Diagnostic> missing_node_ip(const Config& config, const Resource& resource,
                                          const std::string& node);

}  // namespace awsdns::route53
