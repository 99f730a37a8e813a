#pragma once
// UTF-8 <-> UTF-16 conversion (the text of Windows' wide APIs: command lines, paths, environment
// blocks), portable so that it is tested everywhere. Invalid input becomes U+FFFD, never an error.

#include <string>
#include <string_view>

namespace awsdns::util {

/// `text` (UTF-8) as UTF-16; each invalid UTF-8 sequence (see first_invalid_utf8) becomes U+FFFD.
std::u16string utf16_from_utf8(std::string_view text);

/// `text` (UTF-16) as UTF-8; each unpaired surrogate becomes U+FFFD.
std::string utf8_from_utf16(std::u16string_view text);

}  // namespace awsdns::util
