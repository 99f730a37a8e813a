#pragma once
// A process environment as a value: names compared as the system compares them. Building one
// from main's envp and rendering it for exec; the process's own environment is never read here.

#include <map>
#include <string>
#include <vector>

namespace awsdns::util {

/// Orders environment variable names as the system compares them: byte by byte on POSIX
/// (environment_names_posix.cpp), ASCII case-insensitively on Windows, where "Path" and "PATH"
/// are one variable (environment_names_windows.cpp).
struct EnvironmentNameLess {
  bool operator()(const std::string& a, const std::string& b) const;
};

/// A process environment: name -> value (sorted, one value per name as the system sees names).
using Environment = std::map<std::string, std::string, EnvironmentNameLess>;

/// Builds an Environment from a NULL-terminated "NAME=value" array such as main's envp (entries
/// without '=' are skipped; for a name given twice the first wins, as getenv does).
Environment environment_from_envp(const char* const* envp);

/// Renders an Environment as "NAME=value" strings, for handing to exec.
std::vector<std::string> environment_to_strings(const Environment& env);

}  // namespace awsdns::util
