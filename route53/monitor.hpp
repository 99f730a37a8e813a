#pragma once
// monitor: one Route 53 request, optional name resolution, and the on_cli_failure reactions.

#include "route53/actions.hpp"

namespace awsdns::route53 {

/// Checks with one request that the record holds this node's address (and, with
/// check_resolution, that the name resolves to it); applies on_cli_failure when AWS is unreachable.
ActionReport monitor(const ActionContext& context);

}  // namespace awsdns::route53
