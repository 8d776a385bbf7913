#include "frontends/terraform/module/references.h"

#include <type_traits>

namespace segproof::terraform {

namespace {

using hcl::Expr;

void visitParts(const hcl::TemplateParts& parts, std::vector<Reference>& out);

void visit(const Expr* expr, std::vector<Reference>& out) {
  if (!expr) return;
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, hcl::Variable>) {
          out.push_back({node.name, "", ""});
        } else if constexpr (std::is_same_v<T, hcl::GetAttr>) {
          const Expr& object = *node.object;
          if (const auto* root = std::get_if<hcl::Variable>(&object.node)) {
            out.push_back({root->name, node.name, ""});
            return;
          }
          if (const auto* inner = std::get_if<hcl::GetAttr>(&object.node)) {
            const auto* root = std::get_if<hcl::Variable>(&inner->object->node);
            if (root && root->name == "data") {
              out.push_back({"data", inner->name, node.name});
              return;
            }
          }
          visit(&object, out);
        } else if constexpr (std::is_same_v<T, hcl::Template>) {
          visitParts(node.parts, out);
        } else if constexpr (std::is_same_v<T, hcl::Heredoc>) {
          visitParts(node.parts, out);
        } else if constexpr (std::is_same_v<T, hcl::Tuple>) {
          for (const auto& item : node.items) visit(item.get(), out);
        } else if constexpr (std::is_same_v<T, hcl::Object>) {
          for (const auto& item : node.items) {
            if (!item.key_is_identifier) visit(item.key.get(), out);
            visit(item.value.get(), out);
          }
        } else if constexpr (std::is_same_v<T, hcl::Index>) {
          visit(node.collection.get(), out);
          visit(node.key.get(), out);
        } else if constexpr (std::is_same_v<T, hcl::Splat>) {
          visit(node.source.get(), out);
          visit(node.each.get(), out);
        } else if constexpr (std::is_same_v<T, hcl::Call>) {
          for (const auto& arg : node.args) visit(arg.get(), out);
        } else if constexpr (std::is_same_v<T, hcl::Unary>) {
          visit(node.operand.get(), out);
        } else if constexpr (std::is_same_v<T, hcl::Binary>) {
          visit(node.lhs.get(), out);
          visit(node.rhs.get(), out);
        } else if constexpr (std::is_same_v<T, hcl::Conditional>) {
          visit(node.condition.get(), out);
          visit(node.then_expr.get(), out);
          visit(node.else_expr.get(), out);
        } else if constexpr (std::is_same_v<T, hcl::For>) {
          visit(node.collection.get(), out);
          visit(node.key.get(), out);
          visit(node.value.get(), out);
          visit(node.condition.get(), out);
        } else if constexpr (std::is_same_v<T, hcl::Parens>) {
          visit(node.inner.get(), out);
        }
      },
      expr->node);
}

void visitParts(const hcl::TemplateParts& parts, std::vector<Reference>& out) {
  for (const hcl::TemplatePart& part : parts) {
    std::visit(
        [&](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, hcl::TemplateInterpolation>) {
            visit(node.expr.get(), out);
          } else if constexpr (std::is_same_v<T, hcl::TemplateIf>) {
            visit(node.condition.get(), out);
            visitParts(node.then_parts, out);
            visitParts(node.else_parts, out);
          } else if constexpr (std::is_same_v<T, hcl::TemplateFor>) {
            visit(node.collection.get(), out);
            visitParts(node.body, out);
          }
        },
        part.node);
  }
}

}  // namespace

void collectReferences(const hcl::Expr& expr, std::vector<Reference>& out) { visit(&expr, out); }

void collectReferences(const hcl::Body& body, std::vector<Reference>& out) {
  for (const hcl::Attribute& attribute : body.attributes) visit(attribute.value.get(), out);
  for (const hcl::Block& block : body.blocks) collectReferences(block.body, out);
}

}  // namespace segproof::terraform
