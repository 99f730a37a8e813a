#pragma once
// The one loader of the files that decide what awsdns runs as root (the settings file, the YAML
// configuration): read without blocking or trusting the path's type (read_file_facts), then the
// size limit and the owner/permission rule (trust_problems), with one set of messages.

#include <cstddef>
#include <string>
#include <vector>

#include "util/expected.hpp"

namespace awsdns::util {

/// Why read_trusted_file gives no content: every problem it found, each worded for the operator
/// (with the chmod/chown or icacls that fixes a trust problem), and whether the file is missing.
struct FileRefusal {
  bool missing = false;               // the file (or a directory on its path) does not exist
  std::vector<std::string> problems;  // never empty
};

/// FileRefusal in Expected::value() (a programming error): found by argument-dependent lookup.
[[noreturn]] void throw_exception_from_error(const FileRefusal& refusal,
                                             const boost::source_location& where);

/// The content of the regular file `path`, at most `size_limit` bytes, when it passes the trust
/// rule for `caller_uid` (trust_problems). `what` names the file in messages ("settings file",
/// "configuration file"): "WHAT not found (ERR)", "the WHAT is KIND, not a regular file",
/// "cannot read the WHAT: ERR"; a file that is read is checked fully, so the trust problems and
/// "the WHAT is too large: N bytes (limit L)" are all reported.
Expected<std::string, FileRefusal> read_trusted_file(const std::string& path,
                                                     std::size_t size_limit, unsigned caller_uid,
                                                     const std::string& what);

}  // namespace awsdns::util
