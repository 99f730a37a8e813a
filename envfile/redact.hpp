#pragma once
// Secret redaction: every output and log line passes through here before it is printed.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/redaction.hpp"
#include "envfile/environment.hpp"

namespace awsdns::envfile {

/// The redaction facts of core/redaction.hpp (***, the shortest secret searched in free text).
using awsdns::kMinScrubbedSecretLength;
using awsdns::kRedacted;

/// True for names whose values are secret (AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
/// AWS_SECURITY_TOKEN, any name containing SECRET, TOKEN or PASSWORD).
bool is_secret_name(std::string_view name);

/// "http://user:pass@host:3128" -> "http://***@host:3128"; without a scheme (read as http:// by
/// the AWS CLI) "user:pass@host:3128" -> "***@host:3128"; strings without '@' unchanged.
std::string redact_url_userinfo(std::string_view url);

/// The printable form of one variable's value: *** for secret names, proxy URLs without userinfo,
/// "scheme://user:pass@" userinfo removed from any other value; an empty value stays empty.
std::string redact_value(std::string_view name, std::string_view value);

/// The secret strings found in `env`: values of secret names; for proxy variables (and any value
/// holding "scheme://...@") the userinfo and the password, raw and percent-decoded, and the
/// base64 "user:pass" that the AWS CLI sends as Proxy-Authorization. Non-empty, deduplicated,
/// longest first; for scrubbing free text such as a child's stderr.
std::vector<std::string> secrets_in(const Environment& env);

/// Replaces every occurrence in `text` of each of `secrets` at least kMinScrubbedSecretLength
/// long (longest first) with ***, then the userinfo of every "scheme://user:pass@" in it.
std::string scrub(std::string_view text, const std::vector<std::string>& secrets);

}  // namespace awsdns::envfile
