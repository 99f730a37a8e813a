// The child-environment rule (README, "The settings file"), computed as a value.

#include "envfile/environment.hpp"

#include <algorithm>

#include "envfile/proxy_choice.hpp"
#include "util/text.hpp"

namespace awsdns::envfile {
namespace {

using util::iequals;
using util::to_lower;
using util::to_upper;
using util::trim;

constexpr std::string_view kProxyNamesLower[] = {"http_proxy", "https_proxy", "no_proxy",
                                                 "all_proxy"};
bool any_proxy_set(const Environment& env) {
  for (const char* name :
       {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"}) {
    const auto it = env.find(name);
    if (it != env.end() && !it->second.empty()) return true;
  }
  return false;
}

std::vector<std::string_view> split_entries(std::string_view list) {
  std::vector<std::string_view> entries;
  while (true) {
    const auto comma = list.find(',');
    if (const auto entry = trim(list.substr(0, comma)); !entry.empty()) entries.push_back(entry);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return entries;
}

// Appends the IMDS addresses missing from a NO_PROXY value; true when something was appended.
// A lone "*" already bypasses everything and must stay alone to keep that meaning.
bool append_imds_addresses(std::string& no_proxy) {
  if (trim(no_proxy) == "*") return false;
  if (trim(no_proxy).empty()) no_proxy.clear();
  bool appended = false;
  for (const char* address : kImdsAddresses) {
    bool present = false;
    for (auto entry : split_entries(no_proxy)) present = present || iequals(entry, address);
    if (present) continue;
    if (!trim(no_proxy).empty() && trim(no_proxy).back() != ',') no_proxy += ',';
    no_proxy += address;
    appended = true;
  }
  return appended;
}

std::vector<EnvironmentChange> diff(const Environment& before, const Environment& after) {
  std::vector<EnvironmentChange> changes;
  auto old_it = before.begin();
  auto new_it = after.begin();
  using Kind = EnvironmentChange::Kind;
  const auto less = before.key_comp();  // the system's order of names (case-blind on Windows)
  while (old_it != before.end() || new_it != after.end()) {
    if (new_it == after.end() || (old_it != before.end() && less(old_it->first, new_it->first))) {
      changes.push_back({Kind::Removed, old_it->first, old_it->second, std::nullopt});
      ++old_it;
    } else if (old_it == before.end() || less(new_it->first, old_it->first)) {
      changes.push_back({Kind::Added, new_it->first, std::nullopt, new_it->second});
      ++new_it;
    } else {
      if (old_it->second != new_it->second)
        changes.push_back({Kind::Replaced, old_it->first, old_it->second, new_it->second});
      ++old_it;
      ++new_it;
    }
  }
  return changes;
}

}  // namespace

namespace {

bool file_sets_proxy(const Settings& settings) {
  return std::any_of(settings.variables.begin(), settings.variables.end(),
                     [](const auto& variable) { return is_proxy_family(variable.name); });
}

// Step 2: neither the OS nor the caller's shell decides where the AWS calls go.
void drop_inherited_proxies(Environment& env) {
  std::erase_if(env, [](const auto& entry) {
    return is_proxy_family(entry.first) || entry.first == kRequestMethod;
  });
}

// With --inherit-proxy: the parent's proxies as the AWS CLI would read them, both letter cases.
void put_back_parent_proxies(const Environment& parent, Environment& env) {
  for (auto lower : kProxyNamesLower) {
    if (auto value = effective_proxy(parent, lower)) {
      env[to_upper(lower)] = *value;
      env[std::string(lower)] = *value;
    }
  }
}

// Step 3: the file's proxy variables, under both letter cases.
void set_file_proxies(const Settings& settings, Environment& env) {
  for (const auto& variable : settings.variables) {
    if (!is_proxy_family(variable.name)) continue;
    const bool is_no_proxy = iequals(variable.name, "NO_PROXY");
    const std::string value = is_no_proxy ? variable.value : proxy_url_for_child(variable.value);
    env[to_upper(variable.name)] = value;
    env[to_lower(variable.name)] = value;
  }
}

// Step 4: instance metadata stays off the proxy. True when an address was appended.
bool add_imds_bypass(Environment& env) {
  bool added = false;
  for (const char* name : {"NO_PROXY", "no_proxy"})
    added = append_imds_addresses(env[name]) || added;
  return added;
}

// Step 5: the file's AWS_* variables win over the parent's.
void set_file_aws_variables(const Settings& settings, Environment& env) {
  for (const auto& variable : settings.variables)
    if (!is_proxy_family(variable.name)) env[variable.name] = variable.value;
}

// The parent's proxy-family names whose value the rule replaced or removed.
std::vector<std::string> overridden_proxies(const Environment& parent, const Environment& env) {
  std::vector<std::string> names;
  for (const auto& [name, value] : parent) {
    if (!is_proxy_family(name)) continue;
    const auto it = env.find(name);
    if (it == env.end() || it->second != value) names.push_back(name);
  }
  return names;
}

}  // namespace

ChildEnvironment build_child_environment(const Environment& parent, const Settings& settings,
                                         const ChildEnvironmentOptions& options) {
  ChildEnvironment child;
  child.env = parent;
  drop_inherited_proxies(child.env);
  if (options.inherit_proxy && !file_sets_proxy(settings)) {
    put_back_parent_proxies(parent, child.env);
  }
  set_file_proxies(settings, child.env);
  if (options.imds_bypass && any_proxy_set(child.env)) {
    child.imds_bypass_added = add_imds_bypass(child.env);
  }
  set_file_aws_variables(settings, child.env);
  child.changes = diff(parent, child.env);
  child.overridden_parent_proxies = overridden_proxies(parent, child.env);
  return child;
}

std::vector<std::string> ineffective_no_proxy_entries(const std::string& no_proxy) {
  std::vector<std::string> findings;
  if (trim(no_proxy) == "*") return findings;
  for (auto entry : split_entries(no_proxy)) {
    const std::string text(entry);
    if (entry == "*")
      findings.push_back(text + ": '*' works only as the whole NO_PROXY value, not in a list");
    else if (entry.find('/') != std::string_view::npos)
      findings.push_back(text +
                         ": CIDR ranges are ignored by the AWS CLI; list exact IP addresses");
    else if (entry.find('*') != std::string_view::npos)
      findings.push_back(text +
                         ": wildcards are ignored by the AWS CLI; a domain such as .example.com "
                         "already matches its sub-domains (IP addresses must be exact)");
  }
  return findings;
}

}  // namespace awsdns::envfile
