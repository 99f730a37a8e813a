// Environment values: from main's envp and to exec's "NAME=value" strings.

#include "util/environment.hpp"

#include <cstring>

namespace awsdns::util {

Environment environment_from_envp(const char* const* envp) {
  Environment env;
  for (; envp && *envp; ++envp) {
    const char* equals = std::strchr(*envp, '=');
    if (!equals) continue;
    env.emplace(std::string(*envp, equals), std::string(equals + 1));  // first one wins
  }
  return env;
}

std::vector<std::string> environment_to_strings(const Environment& env) {
  std::vector<std::string> strings;
  strings.reserve(env.size());
  for (const auto& [name, value] : env)
    strings.push_back(std::string(name).append("=").append(value));
  return strings;
}

}  // namespace awsdns::util
