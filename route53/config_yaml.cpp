// Typed, budgeted reading of yaml-cpp nodes with located diagnostics, and loading the one YAML
// document without yaml-cpp 0.7's LoadAll() trap: a token that no node rule consumes (e.g. a ','
// outside a flow collection) makes LoadAll() append null documents forever until memory runs out
// (jbeder/yaml-cpp#1040, fixed upstream by #1319). A first pass with an event counter detects the
// stream that stops advancing; only then is the first document built with YAML::Load(), which
// parses exactly one document.

#include "route53/config_yaml.hpp"

#include <yaml-cpp/eventhandler.h>

#include <charconv>
#include <map>
#include <sstream>

#include "route53/config_checks.hpp"

namespace awsdns::route53::yaml {
namespace {

bool is_plain(const YAML::Node& node) {
  return node.Tag() == "?";
}

std::string prefix(const std::string& path) {
  return path.empty() ? std::string() : path + ": ";
}

// Records where each document starts; builds nothing.
class DocumentProbe : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

  std::vector<YAML::Mark> starts;
};

std::string character_at(const std::string& text, int pos) {
  if (pos < 0 || static_cast<std::size_t>(pos) >= text.size()) return "end of input";
  return "'" + std::string(1, text[static_cast<std::size_t>(pos)]) + "'";
}

}  // namespace

Location location_of(const YAML::Mark& mark) {
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
      return "nothing";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return (is_plain(node) ? "'" : "the quoted string '") + node.Scalar() + "'";
    default:
      return "an undefined value";
  }
}

void Reader::error(const YAML::Mark& mark, std::string message) {
  if (exhausted_) return;
  const Location where = location_of(mark);
  if (++reported_ > kMaxReportedErrors) {
    exhausted_ = true;  // a file of garbage should not bury the first, useful messages
    errors_.push_back(Diagnostic{
        file_, where.line, where.column,
        "too many errors (more than " + std::to_string(kMaxReportedErrors) + "); stopping here"});
    return;
  }
  errors_.push_back(Diagnostic{file_, where.line, where.column, std::move(message)});
}

void Reader::value_error(const YAML::Node& key, const YAML::Node& value, std::string message) {
  const bool use_key = value.IsNull() || value.Mark().is_null();
  error(use_key ? key.Mark() : value.Mark(), std::move(message));
}

bool Reader::visit(const YAML::Node& node) {
  if (exhausted_) return false;
  if (++visited_ <= kMaxConfigNodes) return true;
  error(node.Mark(), "document too large: more than " + std::to_string(kMaxConfigNodes) +
                         " YAML nodes to check (aliases count at each use)");
  exhausted_ = true;
  return false;
}

void Reader::for_each_named(const YAML::Node& owner_key, const YAML::Node& map,
                            const std::string& path, const EntryHandler& handle) {
  if (!visit(map) || map.IsNull()) return;
  if (!map.IsMap()) {
    value_error(owner_key, map, prefix(path) + "expected a mapping, got " + describe(map));
    return;
  }
  std::map<std::string, Location> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    const YAML::Node value = it->second;
    if (!visit(key) || !visit(value)) return;
    if (!key.IsScalar()) {
      error(key.Mark(), prefix(path) + "keys must be strings, got " + describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    const Location where = location_of(key.Mark());
    if (const auto [first, inserted] = seen.emplace(name, where); !inserted) {
      error(key.Mark(), prefix(path) + "duplicate key '" + name + "' (first at line " +
                            std::to_string(first->second.line) + ")");
      continue;
    }
    handle(name, key, value);
    if (exhausted_) return;
  }
}

void Reader::for_each_entry(const YAML::Node& owner_key, const YAML::Node& map,
                            const std::string& path, const std::vector<std::string_view>& known,
                            const EntryHandler& handle) {
  for_each_named(owner_key, map, path,
                 [&](const std::string& name, const YAML::Node& key, const YAML::Node& value) {
                   for (std::string_view candidate : known) {
                     if (candidate == name) {
                       handle(name, key, value);
                       return;
                     }
                   }
                   error(key.Mark(), prefix(path) + checks::unknown_key_message(name, known));
                 });
}

bool Reader::read_string(const YAML::Node& key, const YAML::Node& value, const std::string& path,
                         std::string& out, bool allow_null) {
  if (value.IsNull() && allow_null) {
    out.clear();
    return true;
  }
  if (!value.IsScalar()) {
    value_error(key, value, path + ": expected a string, got " + describe(value));
    return false;
  }
  out = value.Scalar();
  return true;
}

bool Reader::read_integer(const YAML::Node& key, const YAML::Node& value, const std::string& path,
                          long long min, long long max, long long& out) {
  const bool tagged_ok = is_plain(value) || value.Tag() == "tag:yaml.org,2002:int";
  if (!value.IsScalar() || !tagged_ok) {
    value_error(key, value, path + ": expected an integer, got " + describe(value));
    return false;
  }
  const std::string& text = value.Scalar();
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  long long parsed = 0;
  const auto [stop, status] = std::from_chars(begin, end, parsed);
  if (begin == end || stop != end ||
      (status != std::errc() && status != std::errc::result_out_of_range)) {
    value_error(key, value, path + ": expected an integer, got " + describe(value));
    return false;
  }
  if (status == std::errc::result_out_of_range || parsed < min || parsed > max) {
    value_error(key, value,
                path + ": " + text + " is out of range " + std::to_string(min) + ".." +
                    std::to_string(max));
    return false;
  }
  out = parsed;
  return true;
}

bool Reader::read_int(const YAML::Node& key, const YAML::Node& value, const std::string& path,
                      int min, int max, int& out) {
  long long parsed = 0;
  if (!read_integer(key, value, path, min, max, parsed)) return false;
  out = static_cast<int>(parsed);
  return true;
}

bool Reader::read_bool(const YAML::Node& key, const YAML::Node& value, const std::string& path,
                       bool& out) {
  bool parsed = false;
  if (!value.IsScalar() || !is_plain(value) || !YAML::convert<bool>::decode(value, parsed)) {
    value_error(key, value, path + ": expected true or false, got " + describe(value));
    return false;
  }
  out = parsed;
  return true;
}

bool Reader::read_string_list(const YAML::Node& key, const YAML::Node& value,
                              const std::string& path, std::vector<std::string>& out) {
  out.clear();
  if (value.IsNull()) return true;
  if (!value.IsSequence()) {
    value_error(key, value, path + ": expected a list of strings, got " + describe(value));
    return false;
  }
  bool ok = true;
  std::size_t i = 0;
  for (auto it = value.begin(); it != value.end(); ++it, ++i) {
    const YAML::Node item = *it;
    if (!visit(item)) return false;
    if (!item.IsScalar()) {
      error(item.Mark(),
            path + "[" + std::to_string(i) + "]: expected a string, got " + describe(item));
      ok = false;
      continue;
    }
    out.push_back(item.Scalar());
  }
  return ok;
}

LoadedDocument load_single_document(const std::string& text) {
  LoadedDocument loaded;
  try {
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    DocumentProbe probe;
    // Three documents are enough to tell "several documents" from "stuck on one token".
    while (probe.starts.size() < 3 && parser.HandleNextDocument(probe)) {
      const std::size_t count = probe.starts.size();
      if (count >= 2 && probe.starts[count - 1].pos == probe.starts[count - 2].pos) {
        const YAML::Mark& stuck = probe.starts[count - 1];
        loaded.where = location_of(stuck);
        loaded.error = "YAML syntax error: unexpected " + character_at(text, stuck.pos);
        return loaded;
      }
    }
    if (probe.starts.empty()) {
      loaded.empty = true;
      return loaded;
    }
    if (probe.starts.size() > 1) {
      loaded.where = location_of(probe.starts[1]);
      loaded.error = "more than one YAML document ('---'); put everything in one";
      return loaded;
    }
    loaded.root = YAML::Load(text);
  } catch (const YAML::ParserException& error) {
    loaded.where = location_of(error.mark);
    loaded.error = "YAML syntax error: " + error.msg;
  } catch (const YAML::Exception& error) {
    loaded.where = location_of(error.mark);
    loaded.error = std::string("YAML error: ") + error.what();
  }
  return loaded;
}

}  // namespace awsdns::route53::yaml
