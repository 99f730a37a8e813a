// Value rules of the configuration: zone ids, DNS names, addresses, DNS servers, resource keys,
// and "did you mean" suggestions for unknown keys.

#include "route53/config_checks.hpp"

#include <algorithm>
#include <charconv>

#include "route53/ip_address.hpp"
#include "util/expected.hpp"
#include "util/text.hpp"

namespace awsdns::route53 {
namespace checks {
namespace {

bool is_ascii_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// Rules of one label; fails with the one it breaks.
util::Expected<> check_label(std::string_view label) {
  if (label.empty()) return util::fail("empty label (two dots in a row, or a leading dot)");
  if (label.size() > 63) {
    return util::fail("label '" + std::string(label.substr(0, 20)) + "...' is " +
                      std::to_string(label.size()) + " characters long (at most 63)");
  }
  if (label == "*") return util::fail("wildcard names are not supported");
  for (char c : label) {
    if (!is_ascii_alnum(c) && c != '-' && c != '_') {
      return util::fail("label " + quoted(label) + " contains '" + std::string(1, c) +
                        "' (letters, digits, '-' and '_' only)");
    }
  }
  if (label.front() == '-' || label.back() == '-') {
    return util::fail("label " + quoted(label) + " starts or ends with '-'");
  }
  return {};
}

}  // namespace

Checked hosted_zone_id(std::string_view text) {
  constexpr std::string_view kPrefix = "/hostedzone/";
  std::string_view id = text;
  if (id.substr(0, kPrefix.size()) == kPrefix) id.remove_prefix(kPrefix.size());
  const bool shape_ok = id.size() >= 2 && id.size() <= kMaxZoneIdLength && id.front() == 'Z' &&
                        std::all_of(id.begin(), id.end(), [](char c) {
                          return is_ascii_alnum(c) && !(c >= 'a' && c <= 'z');
                        });
  if (!shape_ok) {
    return fail(
        ExitCode::Config,
        "hosted zone id " + quoted(text) +
            " is not a Route 53 id ('Z' followed by upper-case letters and digits, at most " +
            std::to_string(kMaxZoneIdLength) + " characters, e.g. Z0123456789ABCDEFGHIJ)");
  }
  return std::string(id);
}

Checked record_name(std::string_view text) {
  std::string_view name = text;
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  if (name.empty()) return fail(ExitCode::Config, "record name is empty");
  if (name.size() > 253) {
    return fail(ExitCode::Config, "record name is " + std::to_string(name.size()) +
                                      " characters long (at most 253 without the trailing dot)");
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = name.find('.', start);
    const std::string_view label =
        name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (auto checked = check_label(label); !checked) {
      return fail(ExitCode::Config, "record name " + quoted(text) + ": " + checked.error().message);
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return util::to_lower(name) + ".";
}

Checked resource_key(std::string_view text) {
  const bool chars_ok = std::all_of(text.begin(), text.end(), [](char c) {
    return is_ascii_alnum(c) || c == '-' || c == '_' || c == '.';
  });
  if (text.empty() || text.size() > 128 || !chars_ok || text.front() == '.') {
    return fail(ExitCode::Config,
                "resource name " + quoted(text) +
                    " must be 1..128 letters, digits, '-', '_' or '.' and not start with '.' "
                    "(it names the lock file)");
  }
  return std::string(text);
}

Result<RecordType> parse_record_type(std::string_view text) {
  const std::string upper = util::to_upper(text);
  if (upper == "A") return RecordType::A;
  if (upper == "AAAA") return RecordType::AAAA;
  return fail(ExitCode::Config, quoted(text) + " is not a supported type (A or AAAA)");
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string closest_key(std::string_view unknown, const std::vector<std::string_view>& known) {
  const std::string lower = util::to_lower(unknown);
  const std::size_t allowed = std::max<std::size_t>(2, lower.size() / 3);
  std::string_view best;
  std::size_t best_distance = std::string_view::npos;
  for (std::string_view candidate : known) {
    const std::size_t distance = edit_distance(lower, candidate);
    // A key cut short or extended ("hosted_zone", "ttl_seconds") is close whatever the distance.
    const bool affix =
        lower.size() >= 3 && (candidate.starts_with(lower) || lower.starts_with(candidate));
    if ((distance <= allowed || affix) && distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return std::string(best);
}

std::string unknown_key_message(std::string_view unknown,
                                const std::vector<std::string_view>& known) {
  const std::string suggestion = closest_key(unknown, known);
  if (!suggestion.empty()) {
    return "unknown key " + quoted(unknown) + " (did you mean " + quoted(suggestion) + "?)";
  }
  std::vector<std::string> names(known.begin(), known.end());
  return "unknown key " + quoted(unknown) + " (known keys: " + join(names) + ")";
}

std::string join(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) {
    if (!joined.empty()) joined += ", ";
    joined += name;
  }
  return joined;
}

}  // namespace checks

Result<std::string> check_address(std::string_view text, RecordType type) {
  const std::string address(text);
  const IpFamily wanted = type == RecordType::A ? IpFamily::V4 : IpFamily::V6;
  const IpFamily other = type == RecordType::A ? IpFamily::V6 : IpFamily::V4;
  if (const auto parsed = parse_ip(address, wanted)) return ip_text(*parsed);
  if (parse_ip(address, other)) {
    return fail(ExitCode::Config,
                "'" + address + "' is an " + (other == IpFamily::V4 ? "IPv4" : "IPv6") +
                    " address but the record type is " + std::string(to_string(type)));
  }
  return fail(ExitCode::Config, "'" + address + "' is not an " +
                                    (wanted == IpFamily::V4 ? "IPv4" : "IPv6") +
                                    " address (record type " + std::string(to_string(type)) + ")");
}

namespace {

// Splits "IP", "IP:PORT" or "[IPv6]:PORT" into host and port text; false when malformed.
bool split_server(std::string_view text, std::string& host, std::string_view& port_text) {
  if (!text.empty() && text.front() == '[') {
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) return false;
    host = std::string(text.substr(1, close - 1));
    const std::string_view rest = text.substr(close + 1);
    if (rest.empty()) return true;
    if (rest.front() != ':') return false;
    port_text = rest.substr(1);
    return !port_text.empty();
  }
  if (std::count(text.begin(), text.end(), ':') == 1) {
    const std::size_t colon = text.find(':');
    host = std::string(text.substr(0, colon));
    port_text = text.substr(colon + 1);
    return !port_text.empty();
  }
  host = std::string(text);  // IPv4 without port, or bare IPv6
  return true;
}

// A port number 1..65535 written in decimal, nothing else.
std::optional<unsigned> parse_port(std::string_view text) {
  unsigned port = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (error != std::errc() || end != text.data() + text.size() || port == 0 || port > 65535) {
    return std::nullopt;
  }
  return port;
}

}  // namespace

std::optional<DnsServer> parse_dns_server(std::string_view text) {
  std::string host;
  std::string_view port_text;
  if (!split_server(text, host, port_text)) return std::nullopt;
  std::optional<IpAddress> parsed;
  if (text.empty() || text.front() != '[') parsed = parse_ip(host, IpFamily::V4);
  if (!parsed) parsed = parse_ip(host, IpFamily::V6);
  if (!parsed) return std::nullopt;
  DnsServer server;
  server.family = parsed->family;
  server.address = ip_text(*parsed);
  if (!port_text.empty()) {
    const auto port = parse_port(port_text);
    if (!port) return std::nullopt;
    server.port = *port;
  }
  return server;
}

}  // namespace awsdns::route53
