// Choosing the resource a command acts on, and the "no IP for this node" diagnostic.

#include "route53/config_select.hpp"

#include <string>
#include <vector>

#include "route53/config_checks.hpp"

namespace awsdns::route53 {
namespace {

std::vector<std::string> resource_names(const Config& config) {
  std::vector<std::string> names;
  for (const auto& entry : config.resources) names.push_back(entry.first);
  return names;
}

}  // namespace

Result<Resource> select_resource(const Config& config, const std::optional<std::string>& name) {
  const std::vector<std::string> names = resource_names(config);
  if (!name || name->empty()) {
    if (names.size() == 1) return config.resources.begin()->second;
    if (names.empty()) return fail(ExitCode::Config, config.file + ": no resources configured");
    return fail(ExitCode::Usage, config.file + " has " + std::to_string(names.size()) +
                                     " resources (" + checks::join(names) +
                                     "): name the one to use on the command line");
  }
  if (const auto found = config.resources.find(*name); found != config.resources.end()) {
    return found->second;
  }
  std::vector<std::string_view> known(names.begin(), names.end());
  const std::string suggestion = checks::closest_key(*name, known);
  std::string message = "no resource '" + *name + "' in " + config.file +
                        " (configured: " + checks::join(names) + ")";
  if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
  return fail(ExitCode::Usage, std::move(message));
}

std::optional<Diagnostic> missing_node_ip(const Config& config, const Resource& resource,
                                          const std::string& node) {
  if (resource.ip_by_node.count(node) != 0) return std::nullopt;
  std::vector<std::string> nodes;
  for (const auto& entry : resource.ip_by_node) nodes.push_back(entry.first);
  std::string message = "resource '" + resource.key + "': no IP for node '" + node + "' (";
  message += nodes.empty() ? std::string("no nodes configured under 'ip:'")
                           : "configured nodes: " + checks::join(nodes);
  message += "); add '" + node + ": ADDRESS' under 'ip:', or pass --node NAME or --ip ADDRESS";
  return Diagnostic{config.file, resource.ip_location.line, resource.ip_location.column, message};
}

}  // namespace awsdns::route53
