// Streaming redaction of a child's output (see stream_redactor.hpp).

#include "launcher/stream_redactor.hpp"

#include <algorithm>

#include "core/redaction.hpp"

namespace awsdns::launcher {

StreamRedactor::StreamRedactor(std::vector<std::string> secrets) : secrets_(std::move(secrets)) {
  std::erase_if(secrets_,
                [](const std::string& secret) { return secret.size() < kMinScrubbedSecretLength; });
  for (const auto& secret : secrets_) longest_ = std::max(longest_, secret.size());
}

std::string StreamRedactor::push(std::string_view data) {
  return redact(data, false);
}

std::string StreamRedactor::finish() {
  return redact({}, true);
}

// Where the longest suffix of `buffer` that is a proper prefix of a secret starts (an occurrence
// that may continue in the next bytes); buffer.size() when there is none.
std::size_t StreamRedactor::held_tail_start(std::string_view buffer) const {
  const std::size_t size = buffer.size();
  if (longest_ == 0) return size;
  const std::size_t first = longest_ > size ? 0 : size - (longest_ - 1);
  for (std::size_t start = first; start < size; ++start) {
    const auto tail = buffer.substr(start);
    for (const auto& secret : secrets_) {
      if (secret.size() > tail.size() && secret.compare(0, tail.size(), tail) == 0) return start;
    }
  }
  return size;
}

std::string StreamRedactor::redact(std::string_view data, bool final) {
  std::string buffer = std::move(pending_);
  buffer.append(data);
  std::vector<bool> covered(buffer.size(), false);
  std::fill_n(covered.begin(), std::min(pending_covered_, buffer.size()), true);
  for (const auto& secret : secrets_) {
    for (auto at = buffer.find(secret); at != std::string::npos; at = buffer.find(secret, at + 1))
      std::fill_n(covered.begin() + static_cast<std::ptrdiff_t>(at), secret.size(), true);
  }
  const std::size_t cut = final ? buffer.size() : held_tail_start(buffer);
  std::string out;
  out.reserve(cut);
  std::size_t plain_from = 0;  // start of the current run of plain bytes
  for (std::size_t i = 0; i < cut; ++i) {
    if (!covered[i]) {
      in_run_ = false;
      continue;
    }
    out.append(buffer, plain_from, i - plain_from);
    plain_from = i + 1;
    if (!in_run_) out += kRedacted;
    in_run_ = true;
  }
  out.append(buffer, plain_from, cut - plain_from);
  pending_covered_ = 0;
  while (cut + pending_covered_ < buffer.size() && covered[cut + pending_covered_])
    ++pending_covered_;
  pending_ = buffer.substr(cut);
  if (final) in_run_ = false;
  return out;
}

}  // namespace awsdns::launcher
