// parse_config: YAML text -> Config, every problem reported as FILE:LINE:COLUMN: message.

#include "route53/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <limits>

#include "envfile/aws_environment.hpp"
#include "route53/config_checks.hpp"
#include "route53/config_keys.hpp"
#include "route53/config_yaml.hpp"
#include "util/path_rules.hpp"

namespace awsdns::route53 {
namespace {

using yaml::Reader;
using namespace config_keys;  // NOLINT(google-build-using-namespace): the key enums

// Each section's keys (config_keys.hpp) are handled by a switch over the section's enum without
// default: a key without a handler does not compile instead of being accepted and ignored.
#if defined(__GNUC__)
#pragma GCC diagnostic error "-Wswitch"
#endif

constexpr long long kMaxTtl = std::numeric_limits<std::int32_t>::max();

// A string that must be a non-empty absolute path.
void read_absolute_path(Reader& reader, const YAML::Node& key, const YAML::Node& value,
                        const std::string& path, std::string& out) {
  std::string text;
  if (!reader.read_string(key, value, path, text)) return;
  if (!util::is_absolute_path(text)) {
    reader.value_error(key, value, path + ": must be an absolute path, got '" + text + "'");
    return;
  }
  out = text;
}

// Names of caller variables to pass to the AWS CLI: identifiers, none that awsdns sets itself,
// none that changes which code runs or which proxy is used (envfile::pass_env_problem).
void read_pass_env(Reader& reader, const YAML::Node& key, const YAML::Node& value,
                   const std::string& path, std::vector<std::string>& out) {
  std::vector<std::string> names;
  if (!reader.read_string_list(key, value, path, names)) return;
  for (const auto& name : names) {
    const bool identifier = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    }) && !std::isdigit(static_cast<unsigned char>(name.front()));
    const std::string problem =
        identifier ? envfile::pass_env_problem(name) : "'" + name + "' is not a variable name";
    if (!problem.empty()) {
      return reader.value_error(key, value, std::string(path).append(": ").append(problem));
    }
  }
  out = std::move(names);
}

void read_aws_entry(Reader& reader, AwsKey which, const YAML::Node& key, const YAML::Node& value,
                    const std::string& path, AwsSettings& aws) {
  switch (which) {
    case AwsKey::Cli: {
      std::string cli;
      if (!reader.read_string(key, value, path, cli)) return;
      if (cli.empty()) return reader.value_error(key, value, path + ": must not be empty");
      aws.cli = cli;
      return;
    }
    case AwsKey::Region:
      reader.read_string(key, value, path, aws.region, true);
      return;
    case AwsKey::Profile:
      reader.read_string(key, value, path, aws.profile, true);
      return;
    case AwsKey::ExtraArgs:
      reader.read_string_list(key, value, path, aws.extra_args);
      return;
    case AwsKey::PassEnv:
      read_pass_env(reader, key, value, path, aws.pass_env);
      return;
    case AwsKey::ConnectTimeout:
      reader.read_int(key, value, path, 0, kMaxConnectTimeout, aws.connect_timeout);
      return;
    case AwsKey::ReadTimeout:
      reader.read_int(key, value, path, 0, kMaxReadTimeout, aws.read_timeout);
      return;
    case AwsKey::CallTimeout:
      reader.read_int(key, value, path, 1, kMaxCallTimeout, aws.call_timeout);
      return;
    case AwsKey::Attempts:
      reader.read_int(key, value, path, 1, kMaxAttempts, aws.attempts);
      return;
  }
}

void read_aws(Reader& reader, const YAML::Node& owner, const YAML::Node& map, AwsSettings& aws) {
  for_each_key(
      reader, owner, map, "aws", kAwsKeys,
      [&](AwsKey which, const std::string& name, const YAML::Node& key, const YAML::Node& value) {
        read_aws_entry(reader, which, key, value, "aws." + name, aws);
      });
}

// monitor.resolver: empty (the system resolver) or a DNS server address.
void read_resolver(Reader& reader, const YAML::Node& key, const YAML::Node& value,
                   const std::string& item, MonitorSettings& monitor) {
  std::string text;
  if (!reader.read_string(key, value, item, text, true)) return;
  if (!text.empty() && !parse_dns_server(text)) {
    return reader.value_error(key, value,
                              item + ": '" + text +
                                  "' is not a DNS server address (IP, IP:PORT or "
                                  "[IPv6]:PORT; empty for the system resolver)");
  }
  monitor.resolver = text;
}

// monitor.on_cli_failure: ignore, warn or recover.
void read_cli_failure(Reader& reader, const YAML::Node& key, const YAML::Node& value,
                      const std::string& item, MonitorSettings& monitor) {
  std::string text;
  if (!reader.read_string(key, value, item, text)) return;
  if (text == "ignore") {
    monitor.on_cli_failure = CliFailureReaction::Ignore;
  } else if (text == "warn") {
    monitor.on_cli_failure = CliFailureReaction::Warn;
  } else if (text == "recover") {
    monitor.on_cli_failure = CliFailureReaction::Recover;
  } else {
    reader.value_error(key, value, item + ": '" + text + "' is not one of ignore, warn, recover");
  }
}

void read_monitor_entry(Reader& reader, MonitorKey which, const YAML::Node& key,
                        const YAML::Node& value, const std::string& item,
                        MonitorSettings& monitor) {
  switch (which) {
    case MonitorKey::CheckResolution:
      reader.read_bool(key, value, item, monitor.check_resolution);
      return;
    case MonitorKey::Resolver:
      return read_resolver(reader, key, value, item, monitor);
    case MonitorKey::ResolveTimeout:
      reader.read_int(key, value, item, 1, kMaxResolveTimeout, monitor.resolve_timeout);
      return;
    case MonitorKey::OnCliFailure:
      return read_cli_failure(reader, key, value, item, monitor);
  }
}

void read_monitor(Reader& reader, const YAML::Node& owner, const YAML::Node& map,
                  const std::string& path, MonitorSettings& monitor) {
  for_each_key(reader, owner, map, path, kMonitorKeys,
               [&](MonitorKey which, const std::string& name, const YAML::Node& key,
                   const YAML::Node& value) {
                 read_monitor_entry(reader, which, key, value, path + "." + name, monitor);
               });
}

// An `ip:` entry kept until the record type (which may come later in the mapping) is known.
struct PendingAddress {
  std::string node;
  YAML::Node key;
  YAML::Node value;
};

// One resource's mapping as it is walked: where it goes and what was seen so far.
struct ResourceWalk {
  ResourceWalk(Reader& reader_in, Resource& resource_in)
      : reader(reader_in), resource(resource_in), path("resources." + resource_in.key) {}
  Reader& reader;
  Resource& resource;
  const std::string path;  // "resources.KEY"
  bool has_zone = false;
  bool has_name = false;
  bool type_ok = true;
  std::vector<PendingAddress> addresses;  // checked once the whole mapping is read
};

// A string value normalised by `rule` (checks::hosted_zone_id, checks::record_name) into `out`.
void read_checked(Reader& reader, const YAML::Node& key, const YAML::Node& value,
                  const std::string& item, checks::Checked (*rule)(std::string_view),
                  std::string& out) {
  std::string text;
  if (!reader.read_string(key, value, item, text)) return;
  checks::Checked checked = rule(text);
  if (!checked) return reader.value_error(key, value, item + ": " + checked.error().message);
  out = std::move(*checked);
}

void read_record_type(ResourceWalk& walk, const YAML::Node& key, const YAML::Node& value,
                      const std::string& item) {
  std::string text;
  walk.type_ok = false;
  if (walk.reader.read_string(key, value, item, text)) {
    const auto type = checks::parse_record_type(text);
    walk.type_ok = type.has_value();
    if (type) walk.resource.type = *type;
  }
  if (!walk.type_ok && value.IsScalar()) {
    walk.reader.value_error(key, value,
                            item + ": '" + text + "' is not a supported type (A or AAAA)");
  }
}

// The `ip:` map, node name -> address text; the addresses are checked later (check_addresses).
void read_ip_map(ResourceWalk& walk, const YAML::Node& key, const YAML::Node& value,
                 const std::string& item) {
  Reader& reader = walk.reader;
  walk.resource.ip_location = yaml::location_of(key.Mark());
  reader.for_each_named(key, value, item,
                        [&](const std::string& node, const YAML::Node& k, const YAML::Node& v) {
                          if (node.empty())
                            return reader.error(k.Mark(), item + ": empty node name");
                          std::string address;
                          if (reader.read_string(k, v, item + "." + node, address)) {
                            walk.addresses.push_back({node, k, v});
                          }
                        });
}

void read_resource_entry(ResourceWalk& walk, ResourceKey which, const std::string& name,
                         const YAML::Node& key, const YAML::Node& value) {
  Reader& reader = walk.reader;
  Resource& resource = walk.resource;
  const std::string item = walk.path + "." + name;
  switch (which) {
    case ResourceKey::HostedZoneId:
      walk.has_zone = true;
      return read_checked(reader, key, value, item, checks::hosted_zone_id,
                          resource.hosted_zone_id);
    case ResourceKey::Name:
      walk.has_name = true;
      return read_checked(reader, key, value, item, checks::record_name, resource.record_name);
    case ResourceKey::Type:
      return read_record_type(walk, key, value, item);
    case ResourceKey::Ttl:
      reader.read_integer(key, value, item, 0, kMaxTtl, resource.ttl);
      return;
    case ResourceKey::Ip:
      return read_ip_map(walk, key, value, item);
    case ResourceKey::DeleteOnDeactivate:
      reader.read_bool(key, value, item, resource.delete_on_deactivate);
      return;
    case ResourceKey::WaitInsync:
      reader.read_bool(key, value, item, resource.wait_insync);
      return;
    case ResourceKey::WaitTimeout:
      reader.read_int(key, value, item, 0, kMaxWaitTimeout, resource.wait_timeout);
      return;
    case ResourceKey::PollInterval:
      reader.read_int(key, value, item, 1, kMaxPollInterval, resource.poll_interval);
      return;
    case ResourceKey::Monitor:
      return read_monitor(reader, key, value, item, resource.monitor);
  }
}

// Checks the `ip:` addresses against the record type, now known.
void check_addresses(ResourceWalk& walk) {
  for (const PendingAddress& entry : walk.addresses) {
    auto address = check_address(entry.value.Scalar(), walk.resource.type);
    if (!address) {
      walk.reader.error(entry.value.Mark(),
                        walk.path + ".ip." + entry.node + ": " + address.error().message);
      continue;
    }
    walk.resource.ip_by_node[entry.node] = std::move(*address);
  }
}

void read_resource(Reader& reader, const YAML::Node& owner, const YAML::Node& map,
                   Resource& resource) {
  ResourceWalk walk(reader, resource);
  if (!map.IsMap()) {
    reader.value_error(owner, map, walk.path + ": expected a mapping, got " + yaml::describe(map));
    return;
  }
  for_each_key(
      reader, owner, map, walk.path, kResourceKeys,
      [&](ResourceKey which, const std::string& name, const YAML::Node& key,
          const YAML::Node& value) { read_resource_entry(walk, which, name, key, value); });
  if (!walk.has_zone) {
    reader.error(owner.Mark(), walk.path + ": missing required key 'hosted_zone_id'");
  }
  if (!walk.has_name) reader.error(owner.Mark(), walk.path + ": missing required key 'name'");
  if (walk.type_ok) check_addresses(walk);  // else the family to check against is unknown
}

void read_resources(Reader& reader, const YAML::Node& owner, const YAML::Node& map,
                    Config& config) {
  reader.for_each_named(
      owner, map, "resources",
      [&](const std::string& name, const YAML::Node& key, const YAML::Node& value) {
        const checks::Checked key_check = checks::resource_key(name);
        if (!key_check) {
          return reader.error(key.Mark(), "resources: " + key_check.error().message);
        }
        Resource resource;
        resource.key = name;
        resource.location = yaml::location_of(key.Mark());
        resource.ip_location = resource.location;
        read_resource(reader, key, value, resource);
        config.resources.emplace(name, std::move(resource));
      });
  if (config.resources.empty() && !reader.exhausted()) {
    reader.value_error(owner, map, "resources: at least one resource is required");
  }
}

void read_document(Reader& reader, const YAML::Node& root, Config& config) {
  if (!root.IsMap()) {
    reader.error(root.Mark().is_null() ? YAML::Mark() : root.Mark(),
                 "expected a mapping with 'aws' and 'resources' at the top level, got " +
                     yaml::describe(root));
    return;
  }
  bool has_resources = false;
  for_each_key(
      reader, root, root, "", kTopKeys,
      [&](TopKey which, const std::string&, const YAML::Node& key, const YAML::Node& value) {
        switch (which) {
          case TopKey::EnvFile: {
            std::string path;
            read_absolute_path(reader, key, value, "env_file", path);
            if (!path.empty()) config.env_file = path;
            return;
          }
          case TopKey::LockDir:
            return read_absolute_path(reader, key, value, "lock_dir", config.lock_dir);
          case TopKey::Aws:
            return read_aws(reader, key, value, config.aws);
          case TopKey::Resources:
            has_resources = true;
            return read_resources(reader, key, value, config);
        }
      });
  if (!has_resources && !reader.exhausted()) {
    reader.error(root.Mark(), "missing required key 'resources'");
  }
}

}  // namespace

std::string_view to_string(RecordType type) {
  return type == RecordType::A ? "A" : "AAAA";
}

namespace {

// The configuration of `text`, with every problem found added to `errors`.
Config read_config(std::string_view text, const std::string& file, Diagnostics& errors) {
  Config config;
  config.file = file;
  if (text.size() > kMaxConfigBytes) {
    errors.push_back({file, 0, 0,
                      "too large: " + std::to_string(text.size()) + " bytes (limit " +
                          std::to_string(kMaxConfigBytes) + ")"});
    return config;
  }
  const yaml::LoadedDocument document = yaml::load_single_document(std::string(text));
  if (document.empty) {
    errors.push_back({file, 1, 1,
                      "the configuration is empty (expected a mapping with "
                      "'aws' and 'resources')"});
    return config;
  }
  if (!document.root) {
    errors.push_back({file, document.where.line, document.where.column, document.error});
    return config;
  }
  Reader reader(file, errors);
  try {
    read_document(reader, *document.root, config);
  } catch (const YAML::Exception& error) {  // not expected: the walk only uses non-throwing calls
    const Location where = yaml::location_of(error.mark);
    errors.push_back({file, where.line, where.column, std::string("YAML error: ") + error.what()});
  }
  return config;
}

}  // namespace

Result<Config> parse_config(std::string_view text, std::string_view file_name) {
  Diagnostics errors;
  Config config = read_config(text, std::string(file_name), errors);
  if (!errors.empty()) return fail(ExitCode::Config, util::lines_of(errors));
  return config;
}

}  // namespace awsdns::route53
