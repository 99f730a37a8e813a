#pragma once
// Reading the configuration file: util's loader of trusted files (read_trusted_file), then
// parse_config.

#include <string>

#include "route53/config.hpp"

namespace awsdns::route53 {

/// Reads and parses a configuration file with util::read_trusted_file (regular files only, at
/// most kMaxConfigBytes), which refuses, like for the settings file, a file writable by
/// group/others or owned by neither root nor `caller_uid`: the configuration names the program
/// (aws.cli) that awsdns runs. A failure (code Config) has one line per problem, "PATH: ..."
/// for a refusal of the file, "PATH:LINE:COLUMN: ..." for its content.
Result<Config> load_config_file(const std::string& path, unsigned caller_uid);

}  // namespace awsdns::route53
