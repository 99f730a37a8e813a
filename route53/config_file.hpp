#pragma once
// Reading the configuration file: envfile's careful file reading and trust rules, then
// parse_config.

#include <string>

#include "route53/config.hpp"

namespace awsdns::route53 {

/// Reads and parses a configuration file (size-limited, regular files only).
/// Refuses, like the settings file, a file writable by group/others or owned by neither root nor
/// `caller_uid`: the configuration names the program (aws.cli) that awsdns runs.
ConfigResult load_config_file(const std::string& path, unsigned caller_uid);

}  // namespace awsdns::route53
