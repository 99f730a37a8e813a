#include "envfile/aws_environment.hpp"

#include <algorithm>
#include <charconv>

#include "envfile/settings.hpp"
#include "util/text.hpp"

namespace awsdns::envfile {

Environment aws_cli_base_environment(const Environment& caller, const AwsCliBase& base) {
  Environment env;
  for (const auto& name : base.pass_names) {
    if (const auto it = caller.find(name); it != caller.end()) env[name] = it->second;
  }
  if (base.inherit_proxy) {
    for (const auto& [name, value] : caller) {
      if (is_proxy_family(name) || name == "REQUEST_METHOD") env[name] = value;
    }
  }
  add_system_variables(env, caller, base);
  return env;
}

std::string pass_env_problem(std::string_view name) {
  const std::string upper = util::to_upper(name);
  const auto is = [&](std::string_view fixed) { return upper == util::to_upper(fixed); };
  const bool pinned = std::any_of(std::begin(kPinnedVariables), std::end(kPinnedVariables),
                                  [&](const auto& pin) { return is(pin.first); });
  if (pinned || std::any_of(std::begin(kFixedNames), std::end(kFixedNames), is)) {
    return "'" + std::string(name) + "' is set by awsdns itself";
  }
  if (is_proxy_family(name) || is("REQUEST_METHOD")) {
    return "'" + std::string(name) +
           "' decides the AWS CLI's proxy: put it in the settings file (or run with "
           "--inherit-proxy), not in aws.pass_env";
  }
  constexpr std::string_view kCodePrefixes[] = {"LD_", "DYLD_", "PYTHON"};
  constexpr std::string_view kCodeNames[] = {"GCONV_PATH", "BASH_ENV", "ENV", "AWS_DATA_PATH"};
  const bool code =
      std::any_of(std::begin(kCodeNames), std::end(kCodeNames), is) ||
      std::any_of(std::begin(kCodePrefixes), std::end(kCodePrefixes),
                  [&](std::string_view prefix) { return upper.rfind(prefix, 0) == 0; });
  if (code) {
    return "'" + std::string(name) +
           "' can change which code the AWS CLI runs (as root): awsdns never passes it";
  }
  return {};
}

std::string path_with_cli_folder(const std::string& cli_directory, const std::string& safe_path,
                                 char separator, bool ignore_case) {
  const auto folded = [&](const std::string& text) {
    return ignore_case ? util::to_lower(text) : text;
  };
  const std::string list = separator + folded(safe_path) + separator;
  const bool listed = list.find(separator + folded(cli_directory) + separator) != std::string::npos;
  return cli_directory.empty() || listed ? safe_path : cli_directory + separator + safe_path;
}

std::vector<std::string> ignored_caller_variables(const Environment& caller,
                                                  const Environment& child) {
  std::vector<std::string> ignored;
  for (const auto& [name, value] : caller) {
    if (name.rfind("AWS_", 0) != 0 && !is_proxy_family(name)) continue;
    const auto it = child.find(name);
    if (it == child.end() || it->second != value) ignored.push_back(name);
  }
  return ignored;
}

std::optional<std::string> home_from_passwd(std::string_view passwd_text, unsigned uid) {
  while (!passwd_text.empty()) {
    const auto end = passwd_text.find('\n');
    std::string_view line = passwd_text.substr(0, end);
    passwd_text = end == std::string_view::npos ? std::string_view() : passwd_text.substr(end + 1);
    std::string_view fields[7];
    std::size_t count = 0;
    while (count < 7) {
      const auto colon = line.find(':');
      fields[count++] = line.substr(0, colon);
      if (colon == std::string_view::npos) break;
      line.remove_prefix(colon + 1);
    }
    if (count < 6) continue;
    unsigned found = 0;
    const auto& id = fields[2];
    const auto parsed = std::from_chars(id.data(), id.data() + id.size(), found);
    if (parsed.ec != std::errc() || parsed.ptr != id.data() + id.size() || found != uid) continue;
    if (fields[5].empty()) return std::nullopt;
    return std::string(fields[5]);
  }
  return std::nullopt;
}

}  // namespace awsdns::envfile
