#include "frontends/cloudformation/template/template_node.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>

#include "frontends/common/json_document.h"
#include "frontends/common/limits.h"
#include "frontends/common/yaml_limits.h"

namespace segproof::cloudformation {

namespace {

// Plain YAML scalars that CloudFormation reads as numbers. Leading zeros
// stay strings so that account ids such as "012345678901" keep their digits.
bool looksNumeric(const std::string& text) {
  size_t i = (!text.empty() && (text[0] == '-' || text[0] == '+')) ? 1 : 0;
  size_t digits_start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  size_t int_digits = i - digits_start;
  if (int_digits == 0) return false;
  if (int_digits > 1 && text[digits_start] == '0') return false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    size_t fraction_start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == fraction_start) return false;
  }
  return i == text.size();
}

NodeKind plainScalarKind(const std::string& text) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
    return NodeKind::kNull;
  if (text == "true" || text == "True" || text == "TRUE" || text == "false" || text == "False" ||
      text == "FALSE")
    return NodeKind::kBool;
  if (looksNumeric(text)) return NodeKind::kNumber;
  return NodeKind::kString;
}

class YamlConverter {
 public:
  explicit YamlConverter(const std::string& file) : file_(file) {}

  // Null when the tree grows past limits::kMaxTemplateValues.
  TemplateNodePtr convert(const YAML::Node& yaml) {
    if (++count_ > limits::kMaxTemplateValues) return nullptr;
    auto node = std::make_unique<TemplateNode>();
    node->range = rangeOf(yaml);
    const std::string& tag = yaml.Tag();
    bool quoted = tag == "!";
    if (tag.size() > 1 && tag[0] == '!' && tag[1] != '!') node->tag = tag.substr(1);
    if (yaml.IsMap()) {
      node->kind = NodeKind::kMapping;
      for (const auto& pair : yaml) {
        std::string key = pair.first.IsScalar() ? pair.first.Scalar() : std::string();
        TemplateNodePtr value = convert(pair.second);
        if (!value) return nullptr;
        node->members.push_back({key, rangeOf(pair.first), std::move(value)});
      }
    } else if (yaml.IsSequence()) {
      node->kind = NodeKind::kSequence;
      for (const auto& item : yaml) {
        TemplateNodePtr value = convert(item);
        if (!value) return nullptr;
        node->items.push_back(std::move(value));
      }
    } else if (yaml.IsScalar()) {
      node->text = yaml.Scalar();
      node->kind = (quoted || !node->tag.empty() || tag.find(":str") != std::string::npos)
                       ? NodeKind::kString
                       : plainScalarKind(node->text);
      if (node->kind == NodeKind::kNull && !node->tag.empty()) node->kind = NodeKind::kString;
    } else if (!node->tag.empty()) {
      node->kind = NodeKind::kString;  // `!GetAZs` with no argument
    }
    return node;
  }

 private:
  hcl::SourceRange rangeOf(const YAML::Node& yaml) const {
    YAML::Mark mark = yaml.Mark();
    hcl::Position at;
    if (!mark.is_null()) at = {mark.line + 1, mark.column + 1, mark.pos};
    return {file_, at, at};
  }

  const std::string& file_;
  size_t count_ = 0;
};

class JsonConverter {
 public:
  JsonConverter(const std::string& file, std::string_view text) : file_(file) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(static_cast<int>(i + 1));
    }
  }

  // Null when the tree grows past limits::kMaxTemplateValues.
  TemplateNodePtr convert(const json::Node& json) {
    if (++count_ > limits::kMaxTemplateValues) return nullptr;
    auto node = std::make_unique<TemplateNode>();
    node->range = {file_, position(json.begin), position(json.end)};
    node->text = json.text;
    switch (json.kind) {
      case json::Kind::kNull:
        node->kind = NodeKind::kNull;
        break;
      case json::Kind::kBool:
        node->kind = NodeKind::kBool;
        node->text = json.boolean ? "true" : "false";
        break;
      case json::Kind::kNumber:
        node->kind = NodeKind::kNumber;
        break;
      case json::Kind::kString:
        node->kind = NodeKind::kString;
        break;
      case json::Kind::kArray:
        node->kind = NodeKind::kSequence;
        for (const json::Node* item : json.items) {
          TemplateNodePtr value = convert(*item);
          if (!value) return nullptr;
          node->items.push_back(std::move(value));
        }
        break;
      case json::Kind::kObject:
        node->kind = NodeKind::kMapping;
        for (const json::Member& member : json.members) {
          hcl::Position at{member.key_location.line, member.key_location.column, 0};
          TemplateNodePtr value = convert(*member.value);
          if (!value) return nullptr;
          node->members.push_back({member.key, {file_, at, at}, std::move(value)});
        }
        break;
    }
    return node;
  }

 private:
  hcl::Position position(int offset) const {
    auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    int line = static_cast<int>(next - line_starts_.begin());
    return {line, offset - line_starts_[line - 1] + 1, offset};
  }

  const std::string& file_;
  std::vector<int> line_starts_;
  size_t count_ = 0;
};

void reportTooManyValues(const std::string& file, DiagnosticEngine& diags) {
  diags.error("input-too-large", {file, 1, 1},
              "the template has more than " + std::to_string(limits::kMaxTemplateValues) +
                  " values (AWS accepts templates of at most 1 MB)");
}

bool startsLikeJson(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

}  // namespace

const TemplateMember* TemplateNode::member(std::string_view key) const {
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (it->key == key) return &*it;
  }
  return nullptr;
}

const TemplateNode* TemplateNode::find(std::string_view key) const {
  const TemplateMember* found = member(key);
  return found ? found->value.get() : nullptr;
}

TemplateNodePtr parseTemplateText(const std::string& file, std::string_view text,
                                  DiagnosticEngine& diags) {
  if (startsLikeJson(text)) {
    std::optional<json::Document> document = json::Document::parse(file, text, diags);
    if (!document || !document->root()) return nullptr;
    TemplateNodePtr tree = JsonConverter(file, text).convert(*document->root());
    if (!tree) reportTooManyValues(file, diags);
    return tree;
  }
  if (!checkYamlLimits(file, text, diags)) return nullptr;
  try {
    YAML::Node root = YAML::Load(std::string(text));
    TemplateNodePtr tree = YamlConverter(file).convert(root);
    if (!tree) reportTooManyValues(file, diags);
    return tree;
  } catch (const YAML::Exception& e) {
    SourceLocation where{file, 0, 0};
    if (!e.mark.is_null()) where = {file, e.mark.line + 1, e.mark.column + 1};
    diags.error("yaml-syntax", where, "invalid YAML: " + e.msg);
    return nullptr;
  }
}

}  // namespace segproof::cloudformation
