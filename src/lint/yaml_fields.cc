#include "lint/yaml_fields.h"

#include <algorithm>

#include "frontends/common/yaml_limits.h"
#include "query/spelling.h"

namespace segproof::lint {

namespace {

// yaml-cpp counts from 0; diagnostics from 1.
SourceLocation markLocation(const std::string& file, const YAML::Mark& mark) {
  if (mark.is_null()) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

}  // namespace

std::string wordList(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

std::optional<YAML::Node> YamlFields::load(const std::string& text) {
  diags_.addSource(name_, text);
  if (!checkYamlLimits(name_, text, diags_)) return std::nullopt;
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    diags_.error("yaml-syntax", markLocation(name_, e.mark), e.msg);
    return std::nullopt;
  }
}

SourceLocation YamlFields::at(const YAML::Node& node) const {
  if (node.IsNull()) {
    for (const auto& [value, key] : empty_values_) {
      if (value.is(node)) return markLocation(name_, key.Mark());
    }
  }
  return markLocation(name_, node.Mark());
}

void YamlFields::error(const char* code, const YAML::Node& node, std::string message) {
  diags_.error(code, at(node), std::move(message));
}

void YamlFields::warning(const char* code, const YAML::Node& node, std::string message) {
  diags_.warning(code, at(node), std::move(message));
}

std::vector<YamlField> YamlFields::fields(const YAML::Node& map,
                                          const std::vector<std::string>& accepted,
                                          const std::string& what) {
  std::vector<YamlField> out;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->second.IsNull()) empty_values_.emplace_back(it->second, it->first);
    if (!it->first.IsScalar()) {
      error("invalid-value", it->first, "expected a key name in " + what);
      continue;
    }
    YamlField field{it->first.Scalar(), it->first, it->second};
    auto seen = std::find_if(out.begin(), out.end(),
                             [&](const YamlField& f) { return f.key == field.key; });
    if (seen != out.end()) {
      error("duplicate-key", it->first,
            "key '" + field.key + "' appears twice in " + what + " (first at line " +
                std::to_string(at(seen->key_node).line) + ")");
      continue;
    }
    if (std::find(accepted.begin(), accepted.end(), field.key) == accepted.end()) {
      std::string hint = didYouMean(field.key, accepted);
      if (hint.empty()) hint = " (expected " + wordList(accepted) + ")";
      error("unknown-key", it->first, "unknown key '" + field.key + "' in " + what + hint);
      continue;
    }
    out.push_back(std::move(field));
  }
  return out;
}

bool YamlFields::require(const YAML::Node& map, const std::vector<YamlField>& present,
                         const std::vector<std::string>& required, const std::string& what) {
  bool complete = true;
  for (const std::string& key : required) {
    if (std::none_of(present.begin(), present.end(),
                     [&](const YamlField& f) { return f.key == key; })) {
      error("missing-key", map, what + " needs the key '" + key + "'");
      complete = false;
    }
  }
  return complete;
}

std::optional<std::string> YamlFields::scalar(const YAML::Node& node, const std::string& what) {
  if (!node.IsScalar()) {
    error("invalid-value", node, "expected " + what);
    return std::nullopt;
  }
  return node.Scalar();
}

void YamlFields::checkMarker(const YAML::Node& node, const std::string& expected) {
  std::optional<std::string> marker = scalar(node, "the format marker " + expected);
  if (marker && *marker != expected) {
    error("invalid-value", node,
          "unsupported format '" + *marker + "' (expected " + expected + ")");
  }
}

}  // namespace segproof::lint
