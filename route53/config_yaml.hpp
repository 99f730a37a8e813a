#pragma once
// Careful reading of a yaml-cpp node tree: typed scalars, mappings checked against known keys
// (with "did you mean"), duplicate keys, and a budget on visited nodes so that aliases
// (shared nodes in yaml-cpp) cannot blow the walk up. Every problem becomes a located Diagnostic.

#include <yaml-cpp/yaml.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "route53/config.hpp"

namespace awsdns::route53::yaml {

/// Converts a yaml-cpp mark (0-based) into a 1-based Location (0 when unknown).
Location location_of(const YAML::Mark& mark);

/// The single document of a YAML text: `root` when loaded, `empty` when the text holds no
/// document, else `error` located at `where` (syntax, several documents, unparseable token).
struct LoadedDocument {
  std::optional<YAML::Node> root;
  bool empty = false;
  std::string error;
  Location where;
};

/// Loads the first and only document, never looping on input yaml-cpp 0.7 cannot handle.
LoadedDocument load_single_document(const std::string& text);

/// Walks one document, collecting every problem found.
class Reader {
 public:
  Reader(std::string file, Diagnostics& errors) : file_(std::move(file)), errors_(errors) {}

  /// Records a problem at `mark`.
  void error(const YAML::Mark& mark, std::string message);
  /// Records a problem about `value` (the key's mark when the value is empty/null).
  void value_error(const YAML::Node& key, const YAML::Node& value, std::string message);

  /// Counts a visited node; false (with one error) once the budget is spent.
  bool visit(const YAML::Node& node);
  /// True once the node budget or the error limit was reached: the walk stops there.
  bool exhausted() const { return exhausted_; }

  /// Calls `handle(name, key, value)` for each entry of mapping `map` whose key is in `known`;
  /// reports unknown, duplicate and non-string keys. `path` prefixes messages ("" = top level).
  /// A null `map` is an empty mapping; any other non-mapping is a type error at `owner_key`.
  using EntryHandler =
      std::function<void(const std::string&, const YAML::Node&, const YAML::Node&)>;
  void for_each_entry(const YAML::Node& owner_key, const YAML::Node& map, const std::string& path,
                      const std::vector<std::string_view>& known, const EntryHandler& handle);
  /// Like for_each_entry but for free-form names (resources, nodes): no known-key check.
  void for_each_named(const YAML::Node& owner_key, const YAML::Node& map, const std::string& path,
                      const EntryHandler& handle);

  /// A string scalar (plain or quoted); `allow_null` makes an empty value "".
  bool read_string(const YAML::Node& key, const YAML::Node& value, const std::string& path,
                   std::string& out, bool allow_null = false);
  /// An unquoted integer within [min, max].
  bool read_integer(const YAML::Node& key, const YAML::Node& value, const std::string& path,
                    long long min, long long max, long long& out);
  /// `read_integer` into an int, within [min, max].
  bool read_int(const YAML::Node& key, const YAML::Node& value, const std::string& path, int min,
                int max, int& out);
  /// An unquoted boolean (true/false, yes/no, on/off).
  bool read_bool(const YAML::Node& key, const YAML::Node& value, const std::string& path,
                 bool& out);
  /// A list of string scalars; null is an empty list.
  bool read_string_list(const YAML::Node& key, const YAML::Node& value, const std::string& path,
                        std::vector<std::string>& out);

 private:
  std::string file_;
  Diagnostics& errors_;
  static constexpr int kMaxReportedErrors = 100;
  int reported_ = 0;
  std::size_t visited_ = 0;
  bool exhausted_ = false;
};

/// "a list", "a mapping", "nothing", "'text'" or "the quoted string 'text'", for messages.
std::string describe(const YAML::Node& node);

}  // namespace awsdns::route53::yaml
