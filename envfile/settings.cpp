// Parser of the settings file: text in, assignments or located errors out.
// Messages never quote values (they may be secrets); they quote only names that passed the
// identifier check, scheme names and port numbers.

#include "envfile/settings.hpp"

#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/text.hpp"

namespace awsdns::envfile {
namespace {

// What the parser found: the settings and every located error.
struct Parsed {
  Settings settings;
  Diagnostics errors;
};

using util::trim;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kProxyFamily[] = {"HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY"};

bool is_identifier(std::string_view name) {
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

// Why `name` (a valid identifier) may not be set by the file.
std::string refusal_reason(const std::string& name) {
  if (util::to_upper(name).rfind("AWS_", 0) == 0)
    return "'" + name +
           "' is not allowed: AWS_ variable names are upper-case letters, digits and "
           "'_' (the AWS CLI reads them case-sensitively)";
  return "'" + name +
         "' is not allowed: the settings file may set only HTTP_PROXY, HTTPS_PROXY, "
         "NO_PROXY, ALL_PROXY and AWS_* variables (it must not be a way to run code as root)";
}

// The first byte that makes the line unacceptable as text, with the reason; reason empty if none.
std::string byte_problem(std::string_view line, int& column) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\0') {
      column = static_cast<int>(i) + 1;
      return "NUL byte: the settings file must be text";
    }
  }
  if (const auto bad = util::first_invalid_utf8(line); bad != std::string_view::npos) {
    column = static_cast<int>(bad) + 1;
    return "invalid UTF-8: save the file as UTF-8 text";
  }
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    if ((byte < 0x20 && byte != '\t') || byte == 0x7F) {
      column = static_cast<int>(i) + 1;
      char code[8];
      std::snprintf(code, sizeof code, "0x%02X", byte);
      return std::string("control character ") + code +
             " (only printable text and TAB are allowed)";
    }
  }
  return {};
}

class Parser {
 public:
  explicit Parser(std::string_view file_name) : file_name_(file_name) {}

  Parsed run(std::string_view text) {
    if (auto problem = size_problem(text.size()); !problem.empty()) {
      error(0, 0, std::move(problem));
      return std::move(result_);
    }
    if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
    const auto lines = split_lines(text);
    for (auto line : lines)
      if (!trim(line).empty() && trim(line).front() == '[')
        result_.settings.has_section_header = true;
    in_environment_ = !result_.settings.has_section_header;
    for (std::size_t i = 0; i < lines.size(); ++i) parse_line(lines[i], static_cast<int>(i) + 1);
    return std::move(result_);
  }

 private:
  static std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
      const auto end = text.find('\n');
      auto line = text.substr(0, end);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // CRLF
      lines.push_back(line);
      if (end == std::string_view::npos) break;
      text.remove_prefix(end + 1);
    }
    return lines;
  }

  void error(int line, int column, std::string message) {
    result_.errors.push_back({std::string(file_name_), line, column, std::move(message)});
  }

  void parse_line(std::string_view raw, int number) {
    int column = 0;
    if (auto problem = byte_problem(raw, column); !problem.empty())
      return error(number, column, std::move(problem));
    const auto line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') return;
    if (line.front() == '[') return parse_section(line, number);
    if (!seen_section_ && result_.settings.has_section_header)
      return error(number, 0,
                   "line before the first section header: put settings under [ENVIRONMENT]");
    if (in_environment_) parse_assignment(line, number);
  }

  void parse_section(std::string_view line, int number) {
    const auto name =
        line.back() == ']' ? trim(line.substr(1, line.size() - 2)) : std::string_view{};
    seen_section_ = true;
    if (name.empty() || name.find_first_of("[]") != std::string_view::npos)
      return error(number, 0, "malformed section header: expected [ENVIRONMENT] or [NAME]");
    in_environment_ = util::iequals(name, "ENVIRONMENT");
    if (!in_environment_) result_.settings.ignored_sections.push_back({std::string(name), number});
  }

  void parse_assignment(std::string_view line, int number) {
    if (line.substr(0, 6) == "export" && line.size() > 6 && util::is_blank(line[6]))
      line = trim(line.substr(6));
    const auto equals = line.find('=');
    if (equals == std::string_view::npos)
      return error(number, 0, "not a section header, comment or NAME = value assignment");
    const std::string name(trim(line.substr(0, equals)));
    const auto errors_before = result_.errors.size();
    if (name.empty()) {
      error(number, 0, "missing variable name before '='");
    } else if (!is_identifier(name)) {
      error(number, 0,
            "the text before '=' is not a variable name (letters, digits and '_', not starting "
            "with a digit)");
    } else if (!is_allowed_name(name)) {
      error(number, 0, refusal_reason(name));
    } else {
      const auto key = is_proxy_family(name) ? util::to_upper(name) : name;
      if (const auto [it, inserted] = first_line_of_.emplace(key, number); !inserted)
        error(
            number, 0,
            name + " is given twice (first on line " + std::to_string(it->second) +
                (is_proxy_family(name) ? "; proxy variables count once in any letter case)" : ")"));
    }
    const std::string label =
        name.empty() || !is_identifier(name) ? "the value" : "the value of " + name;
    const auto value = unquote(trim(line.substr(equals + 1)), label, number);
    if (value && is_identifier(name) && is_proxy_url_name(name)) {
      if (auto problem = proxy_url_problem(*value); !problem.empty())
        error(number, 0, name + ": " + problem);
    }
    if (value && result_.errors.size() == errors_before)
      result_.settings.variables.push_back({name, *value, number});
  }

  static bool is_proxy_url_name(std::string_view name) {
    return is_proxy_family(name) && !util::iequals(name, "NO_PROXY");
  }

  // The value without its surrounding matching quotes; nullopt (and an error) when malformed.
  std::optional<std::string> unquote(std::string_view value, const std::string& label, int number) {
    if (value.empty() || (value.front() != '"' && value.front() != '\'')) return std::string(value);
    const char quote = value.front();
    const auto close = value.find(quote, 1);
    const std::string kind = quote == '"' ? "double" : "single";
    if (close == std::string_view::npos) {
      error(number, 0, "unterminated " + kind + " quote in " + label);
      return std::nullopt;
    }
    if (close + 1 != value.size()) {
      error(number, 0,
            "text after the closing " + kind + " quote in " + label +
                " (quotes cannot be escaped: use the other quote character or none)");
      return std::nullopt;
    }
    return std::string(value.substr(1, close - 1));
  }

  std::string_view file_name_;
  Parsed result_;
  bool in_environment_ = false;
  bool seen_section_ = false;
  std::map<std::string, int> first_line_of_;
};

}  // namespace

std::string size_problem(std::size_t bytes) {
  if (bytes <= kMaxSettingsBytes) return "";
  return "the settings file is larger than 64 KiB (" + std::to_string(kMaxSettingsBytes) +
         " bytes); a settings file holds a few variables";
}

Result<Settings> parse_settings(std::string_view text, std::string_view file_name) {
  Parsed parsed = Parser(file_name).run(text);
  if (!parsed.errors.empty()) return fail(ExitCode::Config, util::lines_of(parsed.errors));
  return std::move(parsed.settings);
}

bool is_proxy_family(std::string_view name) {
  for (auto member : kProxyFamily)
    if (util::iequals(name, member)) return true;
  return false;
}

bool is_allowed_name(std::string_view name) {
  if (is_proxy_family(name)) return true;
  if (name.size() <= 4 || name.substr(0, 4) != "AWS_") return false;
  for (char c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace awsdns::envfile
