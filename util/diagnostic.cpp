#include "util/diagnostic.hpp"

#include "util/text.hpp"

namespace awsdns::util {

std::string printable(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string result;
  result.reserve(text.size());
  while (!text.empty()) {
    const std::size_t bad = first_invalid_utf8(text);
    const std::size_t valid_length = bad == std::string_view::npos ? text.size() : bad;
    for (char c : text.substr(0, valid_length)) {
      const auto byte = static_cast<unsigned char>(c);
      if ((byte < 0x20 && byte != '\t') || byte == 0x7F) {
        result += "\\x";
        result += kHex[byte >> 4];
        result += kHex[byte & 0xF];
      } else {
        result += c;
      }
    }
    if (bad == std::string_view::npos) break;
    const auto byte = static_cast<unsigned char>(text[bad]);
    result += "\\x";
    result += kHex[byte >> 4];
    result += kHex[byte & 0xF];
    text.remove_prefix(bad + 1);
  }
  return result;
}

std::string Diagnostic::to_string() const {
  std::string location = file;
  if (line > 0) {
    location += (location.empty() ? "line " : ":") + std::to_string(line);
    if (column > 0) location += ":" + std::to_string(column);
  }
  if (location.empty()) return printable(message);
  return printable(location) + ": " + printable(message);
}

std::string lines_of(const Diagnostics& diagnostics) {
  std::string text;
  for (const Diagnostic& diagnostic : diagnostics) {
    if (!text.empty()) text += '\n';
    text += diagnostic.to_string();
  }
  return text;
}

std::vector<std::string> split_lines(std::string_view message) {
  std::vector<std::string> lines;
  while (!message.empty()) {
    const std::size_t end = message.find('\n');
    lines.emplace_back(message.substr(0, end));
    if (end == std::string_view::npos) break;
    message.remove_prefix(end + 1);
  }
  return lines;
}

}  // namespace awsdns::util
