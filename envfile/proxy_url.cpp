// Validation of proxy URLs as the AWS CLI (Python urllib / botocore) reads them, the form the
// AWS CLI gets, and the parts of a URL as urllib splits them.
// Messages never quote the user name, the password or the host: only the scheme and a numeric port.

#include <string>
#include <string_view>

#include "envfile/proxy_choice.hpp"
#include "envfile/settings.hpp"
#include "util/text.hpp"

namespace awsdns::envfile {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool all_of(std::string_view text, bool (*predicate)(char)) {
  for (char c : text)
    if (!predicate(c)) return false;
  return true;
}

bool is_scheme_token(std::string_view scheme) {
  if (scheme.empty() || scheme.size() > 16 || !is_alpha(scheme.front())) return false;
  return all_of(scheme, [](char c) {
    return is_alpha(c) || is_digit(c) || c == '+' || c == '-' || c == '.';
  });
}

bool is_host_name_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_';
}

bool is_ipv6_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

std::string port_problem(std::string_view port) {
  if (port.empty()) return "the port after ':' is empty";
  if (!all_of(port, is_digit)) return "the port is not a number";
  if (port.size() > 5 || std::stoul(std::string(port)) == 0 ||
      std::stoul(std::string(port)) > 65535)
    return "port " + std::string(port) + " is out of range 1-65535";
  return {};
}

// Checks "host[:port]" or "[ipv6][:port]".
std::string host_port_problem(std::string_view host_port) {
  if (host_port.empty()) return "the proxy URL has no host";
  if (host_port.front() == '[') {
    const auto close = host_port.find(']');
    if (close == std::string_view::npos) return "the IPv6 address has no closing ']'";
    const auto host = host_port.substr(1, close - 1);
    if (host.empty() || host.find(':') == std::string_view::npos || !all_of(host, is_ipv6_char))
      return "the text in [...] is not an IPv6 address";
    const auto after = host_port.substr(close + 1);
    if (after.empty()) return {};
    if (after.front() != ':') return "unexpected text after the IPv6 address (expected ':port')";
    return port_problem(after.substr(1));
  }
  const auto colon = host_port.find(':');
  if (colon != std::string_view::npos && host_port.find(':', colon + 1) != std::string_view::npos)
    return "an IPv6 address must be written in brackets, e.g. http://[fd00::1]:3128";
  const auto host = host_port.substr(0, colon);
  if (host.empty()) return "the proxy URL has no host";
  if (!all_of(host, is_host_name_char))
    return "the host contains a character not allowed in a host name or IP address";
  if (colon == std::string_view::npos) return {};
  return port_problem(host_port.substr(colon + 1));
}

// The user info of a proxy URL (between "scheme://" and the last '@'), percent-decoded.
std::string credentials_of(std::string_view url) {
  const auto scheme_end = url.find("://");
  const auto start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const auto at = url.rfind('@');
  if (at == std::string_view::npos || at < start) return {};
  return util::percent_decode(url.substr(start, at - start));
}

// True when every byte of `text` is ASCII; a raw non-ASCII byte is one in the decoded text too.
bool is_ascii(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

// The syntax rules of proxy_url_problem (a non-empty `url`).
std::string syntax_problem(std::string_view url) {
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F)
      return "the proxy URL contains a space or a control character";
  }
  std::string_view rest = url;
  if (const auto scheme_end = url.find("://"); scheme_end != std::string_view::npos) {
    const auto scheme = url.substr(0, scheme_end);
    if (!is_scheme_token(scheme)) return "the text before '://' is not a URL scheme";
    if (!util::iequals(scheme, "http") && !util::iequals(scheme, "https"))
      return "scheme '" + std::string(scheme) + "' is not supported; use http:// or https://";
    rest = url.substr(scheme_end + 3);
  }
  // The credentials end at the LAST '@': a password may hold '#', '/', '?' or '@' as data
  // (they are percent-encoded for the AWS CLI by proxy_url_for_child()).
  std::string_view host_part = rest;
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const auto userinfo = rest.substr(0, at);
    const auto colon = userinfo.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == userinfo.size())
      return "proxy credentials must be written user:password@ with both parts non-empty";
    host_part = rest.substr(at + 1);
  }
  const auto authority_end = host_part.find_first_of("/?#");
  if (authority_end != std::string_view::npos && host_part.substr(authority_end) != "/")
    return "a proxy URL has no path, query or fragment (only an optional trailing '/')";
  const auto host_port = host_part.substr(0, authority_end);
  return host_port_problem(host_port);
}

}  // namespace

std::string proxy_url_problem(std::string_view url) {
  if (url.empty()) return {};  // an empty value means "explicitly no proxy"
  if (auto problem = syntax_problem(url); !problem.empty()) return problem;
  if (!is_ascii(credentials_of(url)))
    return "the proxy user or password holds a non-ASCII character (as written or "
           "percent-encoded): the AWS CLI sends only ASCII in Proxy-Authorization and fails; use "
           "an ASCII user name and password";
  return {};
}

std::string proxy_url_for_child(std::string_view url) {
  const auto scheme_end = url.find("://");
  const auto start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  // botocore only knows lower-case schemes: it reads "HTTP://host" as "http://HTTP://host".
  std::string result = util::to_lower(url.substr(0, start));
  const auto at = url.rfind('@');
  if (at == std::string_view::npos || at < start) return result.append(url.substr(start));
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : url.substr(start, at - start)) {
    if (c == '#' || c == '/' || c == '?' || c == '@' || c == '[' || c == ']') {
      result += '%';
      result += kHex[static_cast<unsigned char>(c) >> 4];
      result += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      result += c;
    }
  }
  result += url.substr(at);
  return result;
}

UrlParts split_url(std::string_view url) {
  UrlParts parts;
  if (const auto scheme_end = url.find("://"); scheme_end != std::string_view::npos) {
    parts.scheme = std::string(url.substr(0, scheme_end));
    url.remove_prefix(scheme_end + 3);
  }
  std::string_view authority = url.substr(0, url.find_first_of("/?#"));
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    const auto userinfo = authority.substr(0, at);
    const auto colon = userinfo.find(':');
    parts.user = util::percent_decode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos)
      parts.password = util::percent_decode(userinfo.substr(colon + 1));
    authority.remove_prefix(at + 1);
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    parts.host =
        std::string(authority.substr(1, close == std::string_view::npos ? close : close - 1));
    const auto after =
        close == std::string_view::npos ? std::string_view() : authority.substr(close + 1);
    if (!after.empty() && after.front() == ':') port = after.substr(1);
  } else {
    const auto colon = authority.rfind(':');
    parts.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (port.empty()) {
    parts.port = util::iequals(parts.scheme, "https") ? 443 : 80;
  } else if (port.size() <= 5 && all_of(port, is_digit)) {
    const int number = std::stoi(std::string(port));
    parts.port = number <= 65535 ? number : 0;
  }
  return parts;
}

std::string botocore_proxy_url(std::string_view value) {
  if (value.starts_with("http:") || value.starts_with("https:")) return std::string(value);
  return (value.starts_with("//") ? "http:" : "http://") + std::string(value);
}

}  // namespace awsdns::envfile
