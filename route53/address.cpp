#include "route53/address.hpp"

#include "route53/config_checks.hpp"
#include "util/text.hpp"

namespace awsdns::route53 {

std::optional<std::string> canonical_address(std::string_view text, RecordType type) {
  auto checked = check_address(text, type);
  if (!checked) return std::nullopt;
  return std::move(*checked);
}

bool same_address(std::string_view a, std::string_view b, RecordType type) {
  const auto left = canonical_address(a, type);
  return left && left == canonical_address(b, type);
}

bool same_record_name(std::string_view a, std::string_view b) {
  if (!a.empty() && a.back() == '.') a.remove_suffix(1);
  if (!b.empty() && b.back() == '.') b.remove_suffix(1);
  return util::iequals(a, b);
}

}  // namespace awsdns::route53
