#pragma once
// Where awsdns and the programs it works with live on this system: the defaults of its options,
// one table per system (system_paths_posix.cpp, system_paths_windows.cpp).

#include <span>

namespace awsdns {

/// This system's default paths.
struct SystemPaths {
  const char* settings_file;  // CLUSTERPRO X's environment-variable settings file
  const char* config_file;    // awsdns's YAML configuration
  const char* lock_dir;       // the per-resource lock files
  // Where the AWS CLI's installers put it, in the order they are tried (before a PATH search).
  std::span<const char* const> aws_cli_places;
};

/// The table of the system awsdns was built for.
const SystemPaths& system_paths();

}  // namespace awsdns
