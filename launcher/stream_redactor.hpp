#pragma once
// Internal to launcher/: removes secrets from a byte stream that arrives in pieces (a child's
// output), changing nothing else.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace awsdns::launcher {

/// Replaces each run of bytes covered by occurrences of the secrets (overlapping or adjacent
/// occurrences form one run) with ***, keeps every other byte, and holds back only a tail that
/// could still be the start of a secret. Secrets shorter than kMinScrubbedSecretLength
/// (core/redaction.hpp) are ignored, as envfile::scrub() does.
class StreamRedactor {
 public:
  explicit StreamRedactor(std::vector<std::string> secrets);
  /// Takes the next bytes; returns those that can be passed on now.
  std::string push(std::string_view data);
  /// End of the stream: returns the tail held back (itself redacted).
  std::string finish();

 private:
  std::string redact(std::string_view data, bool final);
  std::size_t held_tail_start(std::string_view buffer) const;

  std::vector<std::string> secrets_;
  std::size_t longest_ = 0;
  std::string pending_;              // bytes not yet passed on
  std::size_t pending_covered_ = 0;  // leading bytes of pending_ inside an occurrence
  bool in_run_ = false;              // the last byte passed on was part of a redacted run
};

}  // namespace awsdns::launcher
