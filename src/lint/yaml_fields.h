// Reading the small YAML files of `segproof lint` (the control table and
// .segproof.yaml): the document, and the fields of a mapping checked against
// the keys it accepts, every problem reported at its file:line:col. The same
// conventions as assertion files (src/query/assertion_file.cc).
#ifndef SEGPROOF_LINT_YAML_FIELDS_H_
#define SEGPROOF_LINT_YAML_FIELDS_H_

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "segproof/diag/diagnostic.h"

namespace segproof::lint {

// A key of a mapping, its value, in file order.
struct YamlField {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

class YamlFields {
 public:
  // REQUIRES: `diags` outlives this object.
  YamlFields(std::string name, DiagnosticEngine& diags) : name_(std::move(name)), diags_(diags) {}

  // Registers `text` with the engine and loads its first document; nullopt
  // (with a "yaml-syntax" or a limits error) when it is not YAML.
  std::optional<YAML::Node> load(const std::string& text);

  // Where `node` is written. An empty value ("reason:" with nothing after
  // it) has no position of its own, so it is placed at its key.
  SourceLocation at(const YAML::Node& node) const;
  void error(const char* code, const YAML::Node& node, std::string message);
  void warning(const char* code, const YAML::Node& node, std::string message);

  // The fields of `map`; duplicate keys and keys not in `accepted` are
  // errors and left out. `what` names the mapping in messages.
  std::vector<YamlField> fields(const YAML::Node& map, const std::vector<std::string>& accepted,
                                const std::string& what);
  // Reports each key of `required` missing from `present`, at `map`.
  // True when none is.
  bool require(const YAML::Node& map, const std::vector<YamlField>& present,
               const std::vector<std::string>& required, const std::string& what);
  // The text of a scalar; otherwise an "invalid-value" error ("expected `what`").
  std::optional<std::string> scalar(const YAML::Node& node, const std::string& what);
  // The `segproof:` format marker: an error unless it is `expected`.
  void checkMarker(const YAML::Node& node, const std::string& expected);

  const std::string& name() const { return name_; }
  DiagnosticEngine& diags() { return diags_; }

 private:
  std::string name_;
  DiagnosticEngine& diags_;
  std::vector<std::pair<YAML::Node, YAML::Node>> empty_values_;  // (value, its key)
};

// "a, b or c".
std::string wordList(const std::vector<std::string>& words);

}  // namespace segproof::lint

#endif  // SEGPROOF_LINT_YAML_FIELDS_H_
