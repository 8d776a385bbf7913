// YamlReader: typed, located reads of a parsed yaml-cpp document, reporting
// every problem as a diagnostic instead of throwing.
//
// yaml-cpp marks are 0-based; every SourceLocation made here is 1-based.
// Nothing here calls the throwing parts of yaml-cpp (operator[] on
// non-mappings, as<T>()), so no yaml-cpp exception escapes a read.
//
// Diagnostics: "invalid-value" (wrong node type), "unknown-key",
// "duplicate-key", "missing-key", "conflicting-keys".
#ifndef SEGPROOF_FRONTENDS_NATIVE_YAML_READER_H_
#define SEGPROOF_FRONTENDS_NATIVE_YAML_READER_H_

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/resources.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::native {

using aws::Located;
using aws::Ref;
using aws::Text;

// A mapping whose keys were checked; `what` names it in messages
// ("security group", "route").
class Fields {
 public:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
  };

  // The value of `key`, or nullptr when absent.
  const YAML::Node* get(std::string_view key) const;
  bool has(std::string_view key) const { return get(key) != nullptr; }
  const std::vector<Entry>& entries() const { return entries_; }
  const YAML::Node& node() const { return node_; }
  const std::string& what() const { return what_; }

 private:
  friend class YamlReader;
  YAML::Node node_;
  std::string what_;
  std::vector<Entry> entries_;
};

class YamlReader {
 public:
  YamlReader(std::string file, DiagnosticEngine& diags) : file_(std::move(file)), diags_(diags) {}

  SourceLocation at(const YAML::Node& node) const;
  const std::string& file() const { return file_; }
  DiagnosticEngine& diags() { return diags_; }

  // The keys of mapping `node`, each checked against `allowed`.
  // REQUIRES: node.IsMap().
  Fields fields(const YAML::Node& node, std::string what,
                std::initializer_list<std::string_view> allowed);
  // Reports each of `keys` that `fields` lacks; true when none is missing.
  bool require(const Fields& fields, std::initializer_list<std::string_view> keys);
  // Reports when both `a` and `b` are given; true when at most one is.
  bool exclusive(const Fields& fields, std::string_view a, std::string_view b);
  // Like exclusive(), and one of them is required.
  bool oneOf(const Fields& fields, std::string_view a, std::string_view b);

  // Typed reads of an optional key: nullopt (or empty) when the key is absent
  // or its value has the wrong type (then reported).
  std::optional<Text> text(const Fields& fields, std::string_view key);
  std::optional<Located<long long>> integer(const Fields& fields, std::string_view key);
  std::optional<Located<bool>> boolean(const Fields& fields, std::string_view key);
  Ref ref(const Fields& fields, std::string_view key);
  std::vector<Text> texts(const Fields& fields, std::string_view key);
  std::vector<Ref> refs(const Fields& fields, std::string_view key);
  Tags tags(const Fields& fields, std::string_view key);
  // The mapping items of a list; other items are reported and left out.
  std::vector<YAML::Node> items(const Fields& fields, std::string_view key);

  // One diagnostic about the value of `key`: "expected <expected> for
  // '<key>' in <what>".
  void expected(const YAML::Node& value, std::string_view expected, std::string_view key,
                const Fields& fields);

 private:
  std::optional<Text> scalar(const YAML::Node& value);
  void unknownKey(const Fields::Entry& entry, const Fields& fields,
                  std::initializer_list<std::string_view> allowed);

  std::string file_;
  DiagnosticEngine& diags_;
};

// The allowed key closest to `key` when it is a plausible typo.
std::optional<std::string_view> closestKey(std::string_view key,
                                           std::initializer_list<std::string_view> allowed);

}  // namespace segproof::native

#endif  // SEGPROOF_FRONTENDS_NATIVE_YAML_READER_H_
