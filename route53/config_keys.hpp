#pragma once
// The keys of each section of the YAML configuration (top level, aws, resources.NAME,
// resources.NAME.monitor): an enum, and a table {name, enum} in the order unknown-key messages
// list them. config.cpp handles each enum in a switch without default.

#include <yaml-cpp/yaml.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "route53/config_yaml.hpp"

namespace awsdns::route53::config_keys {

/// The top level's keys.
enum class TopKey { EnvFile, Aws, LockDir, Resources };
/// The keys of `aws:`.
enum class AwsKey {
  Cli,
  Region,
  Profile,
  ExtraArgs,
  ConnectTimeout,
  ReadTimeout,
  CallTimeout,
  Attempts,
  PassEnv
};
/// The keys of one resource under `resources:`.
enum class ResourceKey {
  HostedZoneId,
  Name,
  Type,
  Ttl,
  Ip,
  DeleteOnDeactivate,
  WaitInsync,
  WaitTimeout,
  PollInterval,
  Monitor
};
/// The keys of a resource's `monitor:`.
enum class MonitorKey { CheckResolution, Resolver, ResolveTimeout, OnCliFailure };

/// A key's name in the YAML and its enum value.
template <typename Key>
struct KeyName {
  std::string_view name;
  Key key;
};

/// The top level's keys by name.
inline constexpr std::array<KeyName<TopKey>, 4> kTopKeys = {{{"env_file", TopKey::EnvFile},
                                                             {"aws", TopKey::Aws},
                                                             {"lock_dir", TopKey::LockDir},
                                                             {"resources", TopKey::Resources}}};
/// The keys of `aws:` by name.
inline constexpr std::array<KeyName<AwsKey>, 9> kAwsKeys = {
    {{"cli", AwsKey::Cli},
     {"region", AwsKey::Region},
     {"profile", AwsKey::Profile},
     {"extra_args", AwsKey::ExtraArgs},
     {"connect_timeout", AwsKey::ConnectTimeout},
     {"read_timeout", AwsKey::ReadTimeout},
     {"call_timeout", AwsKey::CallTimeout},
     {"attempts", AwsKey::Attempts},
     {"pass_env", AwsKey::PassEnv}}};
/// A resource's keys by name.
inline constexpr std::array<KeyName<ResourceKey>, 10> kResourceKeys = {
    {{"hosted_zone_id", ResourceKey::HostedZoneId},
     {"name", ResourceKey::Name},
     {"type", ResourceKey::Type},
     {"ttl", ResourceKey::Ttl},
     {"ip", ResourceKey::Ip},
     {"delete_on_deactivate", ResourceKey::DeleteOnDeactivate},
     {"wait_insync", ResourceKey::WaitInsync},
     {"wait_timeout", ResourceKey::WaitTimeout},
     {"poll_interval", ResourceKey::PollInterval},
     {"monitor", ResourceKey::Monitor}}};
/// The keys of `monitor:` by name.
inline constexpr std::array<KeyName<MonitorKey>, 4> kMonitorKeys = {
    {{"check_resolution", MonitorKey::CheckResolution},
     {"resolver", MonitorKey::Resolver},
     {"resolve_timeout", MonitorKey::ResolveTimeout},
     {"on_cli_failure", MonitorKey::OnCliFailure}}};

/// Walks the mapping `map` of section `path`: an unknown key is reported (Reader::for_each_entry),
/// a known one is handed to `handle` with its enum value.
template <typename Key, std::size_t N, typename Handle>
void for_each_key(yaml::Reader& reader, const YAML::Node& owner, const YAML::Node& map,
                  const std::string& path, const std::array<KeyName<Key>, N>& table,
                  const Handle& handle) {
  std::vector<std::string_view> names;
  names.reserve(N);
  for (const auto& entry : table) names.push_back(entry.name);
  reader.for_each_entry(
      owner, map, path, names,
      [&](const std::string& name, const YAML::Node& key, const YAML::Node& value) {
        for (const auto& entry : table) {
          if (entry.name == name) return handle(entry.key, name, key, value);
        }
      });
}

}  // namespace awsdns::route53::config_keys
