#pragma once
// How awsdns hides a secret, the facts that every writer of output shares: envfile's redaction
// of values and scrub(), the launcher's streaming redactor of a child's output, the Logger.

#include <cstddef>
#include <string_view>

namespace awsdns {

/// The text that replaces a secret.
inline constexpr std::string_view kRedacted = "***";

/// Secrets shorter than this are not searched for in free text: replacing every "a" or "pw" of a
/// message would mangle it while protecting almost nothing. Short proxy passwords are still
/// removed wherever they appear inside a URL, by the userinfo rule of envfile::scrub().
inline constexpr std::size_t kMinScrubbedSecretLength = 4;

}  // namespace awsdns
