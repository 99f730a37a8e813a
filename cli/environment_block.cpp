#include "cli/environment_block.hpp"

#include <string_view>

#include "util/unicode.hpp"

namespace awsdns::cli {

envfile::Environment environment_from_block(const char16_t* block) {
  envfile::Environment env;
  if (block == nullptr) return env;
  while (*block != u'\0') {
    const std::u16string_view entry(block);
    block += entry.size() + 1;
    const auto equals = entry.find(u'=', 1);
    if (entry.front() == u'=' || equals == std::u16string_view::npos) continue;
    env.emplace(util::utf8_from_utf16(entry.substr(0, equals)),
                util::utf8_from_utf16(entry.substr(equals + 1)));
  }
  return env;
}

}  // namespace awsdns::cli
