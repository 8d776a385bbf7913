#include "frontends/terraform/plan/address.h"

#include <cctype>

#include "frontends/terraform/eval/json.h"

namespace segproof::terraform::plan {

namespace {

bool isNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// Reads a quoted string starting at text[pos] == '"'; on success `pos` is
// just after the closing quote. Terraform writes instance keys as Go quoted
// strings, which for the characters keys hold are JSON strings.
std::optional<std::string> readQuoted(std::string_view text, size_t& pos) {
  for (size_t i = pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      continue;
    }
    if (text[i] != '"') continue;
    std::string error;
    std::optional<hcl::Value> value =
        hcl::jsonDecode(std::string(text.substr(pos, i + 1 - pos)), error);
    if (!value || !value->isString()) return std::nullopt;
    pos = i + 1;
    return value->asString();
  }
  return std::nullopt;
}

// Reads `[key]` starting at text[pos] == '['.
std::optional<InstanceKey> readKey(std::string_view text, size_t& pos) {
  InstanceKey key;
  size_t i = pos + 1;
  if (i < text.size() && text[i] == '"') {
    std::optional<std::string> quoted = readQuoted(text, i);
    if (!quoted) return std::nullopt;
    key = {true, *quoted};
  } else {
    size_t start = i;
    if (i < text.size() && text[i] == '-') ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start || (i == start + 1 && text[start] == '-')) return std::nullopt;
    key = {false, std::string(text.substr(start, i - start))};
  }
  if (i >= text.size() || text[i] != ']') return std::nullopt;
  pos = i + 1;
  return key;
}

bool isModuleStep(const std::vector<TraversalStep>& steps, size_t i) {
  return i + 1 < steps.size() && steps[i].name == "module" && !steps[i].key;
}

std::string join(const std::vector<TraversalStep>& steps, size_t from) {
  std::string out;
  for (size_t i = from; i < steps.size(); ++i) {
    if (!out.empty()) out += '.';
    out += steps[i].name;
    if (steps[i].key) {
      out += '[';
      out += steps[i].key->is_string ? '"' + steps[i].key->text + '"' : steps[i].key->text;
      out += ']';
    }
  }
  return out;
}

}  // namespace

std::optional<std::vector<TraversalStep>> parseTraversal(std::string_view text) {
  std::vector<TraversalStep> steps;
  size_t pos = 0;
  while (true) {
    size_t start = pos;
    while (pos < text.size() && isNameChar(text[pos])) ++pos;
    if (pos == start) return std::nullopt;
    TraversalStep step{std::string(text.substr(start, pos - start)), std::nullopt, pos};
    if (pos < text.size() && text[pos] == '[') {
      step.key = readKey(text, pos);
      if (!step.key) return std::nullopt;
      step.end = pos;
    }
    steps.push_back(std::move(step));
    if (pos == text.size()) return steps;
    if (text[pos] != '.') return std::nullopt;
    ++pos;
  }
}

Reference parseReference(std::string_view text) {
  Reference ref;
  std::optional<std::vector<TraversalStep>> parsed = parseTraversal(text);
  if (!parsed || parsed->size() < 2 || parsed->front().key) return ref;
  const std::vector<TraversalStep>& steps = *parsed;
  const std::string& root = steps[0].name;
  if (root == "var") {
    ref.kind = Reference::Kind::kVariable;
    ref.type = steps[1].name;
    return ref;
  }
  if (root == "module") {
    if (steps.size() < 3) return ref;
    ref.kind = Reference::Kind::kModuleOutput;
    ref.type = steps[1].name;
    ref.key = steps[1].key;
    ref.name = steps[2].name;
    return ref;
  }
  if (root == "local" || root == "each" || root == "count" || root == "path" || root == "self" ||
      root == "terraform") {
    return ref;
  }
  size_t type_at = root == "data" ? 1 : 0;
  if (steps.size() < type_at + 2 || steps[type_at].key) return ref;
  ref.kind = root == "data" ? Reference::Kind::kData : Reference::Kind::kResource;
  ref.type = steps[type_at].name;
  ref.name = steps[type_at + 1].name;
  ref.key = steps[type_at + 1].key;
  ref.attribute = join(steps, type_at + 2);
  return ref;
}

std::optional<std::string> moduleOfAddress(std::string_view address) {
  std::optional<std::vector<TraversalStep>> steps = parseTraversal(address);
  if (!steps) return std::nullopt;
  size_t end = 0;
  for (size_t i = 0; isModuleStep(*steps, i); i += 2) end = (*steps)[i + 1].end;
  return std::string(address.substr(0, end));
}

std::vector<std::string> moduleCallPath(std::string_view module_address) {
  std::vector<std::string> path;
  std::optional<std::vector<TraversalStep>> steps = parseTraversal(module_address);
  if (!steps) return path;
  for (size_t i = 0; isModuleStep(*steps, i); i += 2) path.push_back((*steps)[i + 1].name);
  return path;
}

}  // namespace segproof::terraform::plan
