#include "route53/address.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace awsdns::route53 {

std::optional<std::string> canonical_address(std::string_view text, RecordType type) {
  const int family = type == RecordType::A ? AF_INET : AF_INET6;
  const std::string input(text);
  unsigned char bytes[16] = {};
  if (input.empty() || inet_pton(family, input.c_str(), bytes) != 1) return std::nullopt;
  char buffer[INET6_ADDRSTRLEN] = {};
  if (inet_ntop(family, bytes, buffer, sizeof buffer) == nullptr) return std::nullopt;
  return std::string(buffer);
}

bool same_address(std::string_view a, std::string_view b, RecordType type) {
  const auto left = canonical_address(a, type);
  return left && left == canonical_address(b, type);
}

bool same_record_name(std::string_view a, std::string_view b) {
  if (!a.empty() && a.back() == '.') a.remove_suffix(1);
  if (!b.empty() && b.back() == '.') b.remove_suffix(1);
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace awsdns::route53
