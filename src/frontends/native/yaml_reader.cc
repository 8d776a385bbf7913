#include "frontends/native/yaml_reader.h"

#include <algorithm>
#include <charconv>

namespace segproof::native {

namespace {

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::optional<std::string_view> closestKey(std::string_view key,
                                           std::initializer_list<std::string_view> allowed) {
  // A third of the key's length keeps suggestions for typos, not guesses.
  size_t limit = std::max<size_t>(1, key.size() / 3);
  std::optional<std::string_view> best;
  size_t best_distance = limit + 1;
  for (std::string_view candidate : allowed) {
    size_t distance = editDistance(key, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

const YAML::Node* Fields::get(std::string_view key) const {
  for (const Entry& entry : entries_) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

SourceLocation YamlReader::at(const YAML::Node& node) const {
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {file_, 0, 0};
  return {file_, mark.line + 1, mark.column + 1};
}

Fields YamlReader::fields(const YAML::Node& node, std::string what,
                          std::initializer_list<std::string_view> allowed) {
  Fields fields;
  fields.node_ = node;
  fields.what_ = std::move(what);
  for (const auto& pair : node) {
    if (!pair.first.IsScalar()) {
      diags_.error("invalid-value", at(pair.first), "expected a string key in " + fields.what_);
      continue;
    }
    Fields::Entry entry{pair.first.Scalar(), pair.first, pair.second};
    if (fields.has(entry.key)) {
      diags_.error("duplicate-key", at(entry.key_node),
                   "duplicate key " + quoted(entry.key) + " in " + fields.what_);
    } else if (std::find(allowed.begin(), allowed.end(), entry.key) == allowed.end()) {
      unknownKey(entry, fields, allowed);
    } else {
      fields.entries_.push_back(std::move(entry));
    }
  }
  return fields;
}

void YamlReader::unknownKey(const Fields::Entry& entry, const Fields& fields,
                            std::initializer_list<std::string_view> allowed) {
  std::string message = "unknown key " + quoted(entry.key) + " in " + fields.what();
  if (auto suggestion = closestKey(entry.key, allowed)) {
    message += " (did you mean " + quoted(*suggestion) + "?)";
  } else {
    message += " (allowed keys: ";
    for (std::string_view key : allowed) {
      if (key != *allowed.begin()) message += ", ";
      message += key;
    }
    message += ")";
  }
  diags_.error("unknown-key", at(entry.key_node), message);
}

bool YamlReader::require(const Fields& fields, std::initializer_list<std::string_view> keys) {
  bool complete = true;
  for (std::string_view key : keys) {
    if (fields.has(key)) continue;
    diags_.error("missing-key", at(fields.node()),
                 "missing key " + quoted(key) + " in " + fields.what());
    complete = false;
  }
  return complete;
}

bool YamlReader::exclusive(const Fields& fields, std::string_view a, std::string_view b) {
  if (!fields.has(a) || !fields.has(b)) return true;
  for (const Fields::Entry& entry : fields.entries()) {
    if (entry.key != b) continue;
    diags_.error("conflicting-keys", at(entry.key_node),
                 quoted(a) + " and " + quoted(b) + " cannot both be given in " + fields.what());
  }
  return false;
}

bool YamlReader::oneOf(const Fields& fields, std::string_view a, std::string_view b) {
  if (fields.has(a) || fields.has(b)) return exclusive(fields, a, b);
  diags_.error("missing-key", at(fields.node()),
               "missing key " + quoted(a) + " (or " + quoted(b) + ") in " + fields.what());
  return false;
}

void YamlReader::expected(const YAML::Node& value, std::string_view expected, std::string_view key,
                          const Fields& fields) {
  diags_.error(
      "invalid-value", at(value),
      "expected " + std::string(expected) + " for " + quoted(key) + " in " + fields.what());
}

std::optional<Text> YamlReader::scalar(const YAML::Node& value) {
  if (!value.IsScalar()) return std::nullopt;
  return Text{value.Scalar(), at(value)};
}

std::optional<Text> YamlReader::text(const Fields& fields, std::string_view key) {
  const YAML::Node* value = fields.get(key);
  if (!value) return std::nullopt;
  auto result = scalar(*value);
  if (!result) expected(*value, "a string", key, fields);
  return result;
}

std::optional<Located<long long>> YamlReader::integer(const Fields& fields, std::string_view key) {
  const YAML::Node* value = fields.get(key);
  if (!value) return std::nullopt;
  if (auto written = scalar(*value)) {
    const std::string& s = written->value;
    long long number = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), number);
    if (!s.empty() && ec == std::errc() && end == s.data() + s.size())
      return Located<long long>{number, written->location};
  }
  expected(*value, "an integer", key, fields);
  return std::nullopt;
}

std::optional<Located<bool>> YamlReader::boolean(const Fields& fields, std::string_view key) {
  const YAML::Node* value = fields.get(key);
  if (!value) return std::nullopt;
  bool result = false;
  if (value->IsScalar() && YAML::convert<bool>::decode(*value, result))
    return Located<bool>{result, at(*value)};
  expected(*value, "true or false", key, fields);
  return std::nullopt;
}

Ref YamlReader::ref(const Fields& fields, std::string_view key) {
  auto written = text(fields, key);
  if (!written) return {};
  return {written->value, written->location};
}

std::vector<Text> YamlReader::texts(const Fields& fields, std::string_view key) {
  const YAML::Node* value = fields.get(key);
  if (!value) return {};
  if (!value->IsSequence()) {
    expected(*value, "a list", key, fields);
    return {};
  }
  std::vector<Text> result;
  for (const YAML::Node& item : *value) {
    if (auto written = scalar(item)) {
      result.push_back(*written);
    } else {
      diags_.error("invalid-value", at(item),
                   "expected a string for each item of " + quoted(key) + " in " + fields.what());
    }
  }
  return result;
}

std::vector<Ref> YamlReader::refs(const Fields& fields, std::string_view key) {
  std::vector<Ref> result;
  for (Text& written : texts(fields, key)) result.push_back({written.value, written.location});
  return result;
}

Tags YamlReader::tags(const Fields& fields, std::string_view key) {
  const YAML::Node* value = fields.get(key);
  if (!value) return {};
  if (!value->IsMap()) {
    expected(*value, "a mapping", key, fields);
    return {};
  }
  Tags result;
  for (const auto& pair : *value) {
    // AWS allows empty tag values; YAML writes them as nothing (null).
    bool scalars = pair.first.IsScalar() && (pair.second.IsScalar() || pair.second.IsNull());
    if (!scalars) {
      diags_.error("invalid-value", at(pair.first),
                   "expected string keys and values in " + quoted(key) + " of " + fields.what());
      continue;
    }
    result[pair.first.Scalar()] = pair.second.IsNull() ? "" : pair.second.Scalar();
  }
  return result;
}

std::vector<YAML::Node> YamlReader::items(const Fields& fields, std::string_view key) {
  const YAML::Node* value = fields.get(key);
  if (!value) return {};
  if (!value->IsSequence()) {
    expected(*value, "a list", key, fields);
    return {};
  }
  std::vector<YAML::Node> result;
  for (const YAML::Node& item : *value) {
    if (item.IsMap()) {
      result.push_back(item);
    } else {
      diags_.error("invalid-value", at(item),
                   "expected a mapping for each item of " + quoted(key) + " in " + fields.what());
    }
  }
  return result;
}

}  // namespace segproof::native
