#pragma once
// Reading the settings file from disk: size limit, ownership/permission policy, then parsing.

#include <optional>
#include <string>

#include "envfile/settings.hpp"

namespace awsdns::envfile {

/// Who runs awsdns, for the ownership rule (root or the caller may own the file).
struct Caller {
  unsigned uid = 0;
};

/// Outcome of loading: settings when usable; `absent_default` when only the default path applied
/// and it does not exist (nothing to inject, not an error).
struct LoadResult {
  std::optional<Settings> settings;
  bool absent_default = false;
  Diagnostics errors;  // non-empty means: refuse, start no child
  bool ok() const { return errors.empty(); }
};

/// Loads `path`. `named_explicitly` is true when the user or config named it (missing = error).
/// Opens without blocking (a FIFO cannot hang it) and checks the opened file: refuses
/// non-regular files (directories, FIFOs, devices, also through a symlink), files over
/// kMaxSettingsBytes, files writable by group/others and files owned by neither root nor
/// `caller`; messages say the chmod/chown that fixes it. All such problems are reported (the size
/// by the parser's rule, size_problem); each Diagnostic's file is `path` (line 0 for these, the
/// line for parse errors).
LoadResult load_settings_file(const std::string& path, bool named_explicitly, Caller caller);

}  // namespace awsdns::envfile
