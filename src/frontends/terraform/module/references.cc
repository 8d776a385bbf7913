#include "frontends/terraform/module/references.h"

#include <algorithm>
#include <type_traits>

namespace segproof::terraform {

namespace {

using hcl::Expr;

// Names bound by enclosing for expressions, template for directives and
// dynamic blocks: references through them are not to the module.
using Bound = std::vector<std::string>;

bool isBound(const Bound& bound, const std::string& name) {
  return std::find(bound.begin(), bound.end(), name) != bound.end();
}

void visitParts(const hcl::TemplateParts& parts, Bound& bound, std::vector<Reference>& out);

void visit(const Expr* expr, Bound& bound, std::vector<Reference>& out) {
  if (!expr) return;
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, hcl::Variable>) {
          if (!isBound(bound, node.name)) out.push_back({node.name, "", "", expr->range.location()});
        } else if constexpr (std::is_same_v<T, hcl::GetAttr>) {
          const Expr& object = *node.object;
          if (const auto* root = std::get_if<hcl::Variable>(&object.node)) {
            if (!isBound(bound, root->name))
              out.push_back({root->name, node.name, "", expr->range.location()});
            return;
          }
          if (const auto* inner = std::get_if<hcl::GetAttr>(&object.node)) {
            const auto* root = std::get_if<hcl::Variable>(&inner->object->node);
            if (root && root->name == "data" && !isBound(bound, "data")) {
              out.push_back({"data", inner->name, node.name, expr->range.location()});
              return;
            }
          }
          visit(&object, bound, out);
        } else if constexpr (std::is_same_v<T, hcl::Template>) {
          visitParts(node.parts, bound, out);
        } else if constexpr (std::is_same_v<T, hcl::Heredoc>) {
          visitParts(node.parts, bound, out);
        } else if constexpr (std::is_same_v<T, hcl::Tuple>) {
          for (const auto& item : node.items) visit(item.get(), bound, out);
        } else if constexpr (std::is_same_v<T, hcl::Object>) {
          for (const auto& item : node.items) {
            if (!item.key_is_identifier) visit(item.key.get(), bound, out);
            visit(item.value.get(), bound, out);
          }
        } else if constexpr (std::is_same_v<T, hcl::Index>) {
          visit(node.collection.get(), bound, out);
          visit(node.key.get(), bound, out);
        } else if constexpr (std::is_same_v<T, hcl::Splat>) {
          visit(node.source.get(), bound, out);
          visit(node.each.get(), bound, out);
        } else if constexpr (std::is_same_v<T, hcl::Call>) {
          for (const auto& arg : node.args) visit(arg.get(), bound, out);
        } else if constexpr (std::is_same_v<T, hcl::Unary>) {
          visit(node.operand.get(), bound, out);
        } else if constexpr (std::is_same_v<T, hcl::Binary>) {
          visit(node.lhs.get(), bound, out);
          visit(node.rhs.get(), bound, out);
        } else if constexpr (std::is_same_v<T, hcl::Conditional>) {
          visit(node.condition.get(), bound, out);
          visit(node.then_expr.get(), bound, out);
          visit(node.else_expr.get(), bound, out);
        } else if constexpr (std::is_same_v<T, hcl::For>) {
          visit(node.collection.get(), bound, out);
          size_t depth = bound.size();
          if (!node.key_var.empty()) bound.push_back(node.key_var);
          bound.push_back(node.value_var);
          visit(node.key.get(), bound, out);
          visit(node.value.get(), bound, out);
          visit(node.condition.get(), bound, out);
          bound.resize(depth);
        } else if constexpr (std::is_same_v<T, hcl::Parens>) {
          visit(node.inner.get(), bound, out);
        }
      },
      expr->node);
}

void visitParts(const hcl::TemplateParts& parts, Bound& bound, std::vector<Reference>& out) {
  for (const hcl::TemplatePart& part : parts) {
    std::visit(
        [&](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, hcl::TemplateInterpolation>) {
            visit(node.expr.get(), bound, out);
          } else if constexpr (std::is_same_v<T, hcl::TemplateIf>) {
            visit(node.condition.get(), bound, out);
            visitParts(node.then_parts, bound, out);
            visitParts(node.else_parts, bound, out);
          } else if constexpr (std::is_same_v<T, hcl::TemplateFor>) {
            visit(node.collection.get(), bound, out);
            size_t depth = bound.size();
            if (!node.key.empty()) bound.push_back(node.key);
            bound.push_back(node.value);
            visitParts(node.body, bound, out);
            bound.resize(depth);
          }
        },
        part.node);
  }
}

void collectBody(const hcl::Body& body, Bound& bound, std::vector<Reference>& out) {
  for (const hcl::Attribute& attribute : body.attributes) visit(attribute.value.get(), bound, out);
  for (const hcl::Block& block : body.blocks) {
    size_t depth = bound.size();
    if (block.type == "dynamic") {
      // The iterator (the block's label unless `iterator` names another).
      std::string iterator = block.labels.empty() ? "" : block.labels[0].value;
      for (const hcl::Attribute& attribute : block.body.attributes) {
        if (attribute.name != "iterator") continue;
        if (const auto* name = std::get_if<hcl::Variable>(&attribute.value->node))
          iterator = name->name;
      }
      bound.push_back(iterator);
    }
    collectBody(block.body, bound, out);
    bound.resize(depth);
  }
}

}  // namespace

void collectReferences(const hcl::Expr& expr, std::vector<Reference>& out) {
  Bound bound;
  visit(&expr, bound, out);
}

void collectReferences(const hcl::Body& body, std::vector<Reference>& out) {
  Bound bound;
  collectBody(body, bound, out);
}

}  // namespace segproof::terraform
