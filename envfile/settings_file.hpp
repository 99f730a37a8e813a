#pragma once
// Reading the settings file from disk: util's loader of trusted files, then parsing.

#include <optional>
#include <string>

#include "envfile/settings.hpp"

namespace awsdns::envfile {

/// Who runs awsdns, for the ownership rule (root or the caller may own the file).
struct Caller {
  unsigned uid = 0;
};

/// Loads `path`. `named_explicitly` is true when the user or config named it (missing = error).
/// Reads it with util::read_trusted_file (no blocking open, regular files only, at most
/// kMaxSettingsBytes, not writable by group/others, owned by root or `caller`: the messages say
/// the chmod/chown that fixes it), then parses it. The settings; nullopt when only the default
/// path applied and nothing is there (nothing to inject, not an error). A Failure
/// (ExitCode::Config) holds every problem, one "FILE[:LINE]: message" per line (util::lines_of):
/// line 0 for the file's problems, all of which are reported, the line for parse errors.
Result<std::optional<Settings>> load_settings_file(const std::string& path, bool named_explicitly,
                                                   Caller caller);

}  // namespace awsdns::envfile
