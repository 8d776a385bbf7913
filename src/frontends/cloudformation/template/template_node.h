// TemplateNode: one tree for CloudFormation templates written in YAML or
// JSON, so that evaluation (template_evaluator.h) reads both the same way.
//
// Every node keeps its range (1-based lines and columns). yaml-cpp only
// records where a node starts, so YAML ranges end where they begin; JSON
// ranges cover the value's text. Short-form YAML tags (`!Ref X`,
// `!Sub "..."`) are kept as `tag` ("Ref", "Sub") on the tagged node.
//
// Parsing never throws: syntax errors are "yaml-syntax" / "json-syntax"
// diagnostics and the result is nullptr, as it is after the limits of
// frontends/common/limits.h: YAML nesting and alias expansion
// (yaml_limits.h), JSON nesting, and more than kMaxTemplateValues values
// ("input-too-large").
#ifndef SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_NODE_H_
#define SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_NODE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "frontends/terraform/hcl/ast.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::cloudformation {

enum class NodeKind { kNull, kString, kNumber, kBool, kSequence, kMapping };

struct TemplateNode;
using TemplateNodePtr = std::unique_ptr<TemplateNode>;

struct TemplateMember {
  std::string key;
  hcl::SourceRange key_range;
  TemplateNodePtr value;
};

struct TemplateNode {
  NodeKind kind = NodeKind::kNull;
  std::string tag;   // short-form function without '!': "Ref", "GetAtt"; "" when none
  std::string text;  // scalars as written ("true", "80", "10.0.0.0/16")
  hcl::SourceRange range;
  std::vector<TemplateNodePtr> items;   // sequence
  std::vector<TemplateMember> members;  // mapping, in source order

  bool isScalar() const {
    return kind == NodeKind::kString || kind == NodeKind::kNumber || kind == NodeKind::kBool;
  }
  bool isMapping() const { return kind == NodeKind::kMapping; }
  bool isSequence() const { return kind == NodeKind::kSequence; }
  SourceLocation location() const { return range.location(); }
  // The last member named `key`, or nullptr.
  const TemplateNode* find(std::string_view key) const;
  const TemplateMember* member(std::string_view key) const;
};

// Parses a template: JSON when the text starts with '{' (after whitespace and
// a BOM), YAML otherwise. Returns nullptr after reporting a syntax error.
TemplateNodePtr parseTemplateText(const std::string& file, std::string_view text,
                                  DiagnosticEngine& diags);

}  // namespace segproof::cloudformation

#endif  // SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_NODE_H_
