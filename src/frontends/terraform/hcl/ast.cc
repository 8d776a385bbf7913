#include "frontends/terraform/hcl/ast.h"

#include <type_traits>

namespace segproof::hcl {
namespace {

std::string quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Each node kind as one S-expression; overloads keep the visitor flat.
struct Dumper {
  std::string operator()(const NumberLiteral& n) const { return n.text; }
  std::string operator()(const BoolLiteral& b) const { return b.value ? "true" : "false"; }
  std::string operator()(const NullLiteral&) const { return "null"; }
  std::string operator()(const StringLiteral& s) const { return quote(s.value); }
  std::string operator()(const Template& t) const { return "(template " + dump(t.parts) + ")"; }
  std::string operator()(const Heredoc& h) const {
    return std::string("(heredoc") + (h.indented ? "- " : " ") + h.marker + " " + dump(h.parts) +
           ")";
  }
  std::string operator()(const Tuple& t) const {
    std::string out = "(tuple";
    for (const ExprPtr& item : t.items) out.append(" ").append(dump(*item));
    return out + ")";
  }
  std::string operator()(const Object& o) const {
    std::string out = "(object";
    for (const ObjectItem& item : o.items)
      out.append(" (").append(dump(*item.key)).append(" ").append(dump(*item.value)).append(")");
    return out + ")";
  }
  std::string operator()(const Variable& v) const { return v.name; }
  std::string operator()(const GetAttr& g) const {
    return "(. " + dump(*g.object) + " " + g.name + ")";
  }
  std::string operator()(const Index& i) const {
    std::string head = i.legacy ? "(legacy-index " : "([] ";
    return head + dump(*i.collection) + " " + dump(*i.key) + ")";
  }
  std::string operator()(const Splat& s) const {
    std::string head = s.full ? "(splat[*] " : "(splat.* ";
    return head + dump(*s.source) + " " + dump(*s.each) + ")";
  }
  std::string operator()(const SplatItem&) const { return "*"; }
  std::string operator()(const Call& c) const {
    std::string out = "(call " + c.name;
    for (const ExprPtr& arg : c.args) out.append(" ").append(dump(*arg));
    return out + (c.expand_final ? " ...)" : ")");
  }
  std::string operator()(const Unary& u) const {
    return std::string(u.op == UnaryOp::kNot ? "(! " : "(- ") + dump(*u.operand) + ")";
  }
  std::string operator()(const Binary& b) const {
    return std::string("(") + binaryOpText(b.op) + " " + dump(*b.lhs) + " " + dump(*b.rhs) + ")";
  }
  std::string operator()(const Conditional& c) const {
    return "(? " + dump(*c.condition) + " " + dump(*c.then_expr) + " " + dump(*c.else_expr) + ")";
  }
  std::string operator()(const For& f) const {
    std::string out = f.object ? "(for-object " : "(for-tuple ";
    if (!f.key_var.empty()) out.append(f.key_var).append(", ");
    out.append(f.value_var).append(" in ").append(dump(*f.collection)).append(" :");
    if (f.key) out.append(" ").append(dump(*f.key)).append(" =>");
    out.append(" ").append(dump(*f.value));
    if (f.grouping) out.append("...");
    if (f.condition) out.append(" if ").append(dump(*f.condition));
    return out + ")";
  }
  std::string operator()(const Parens& p) const { return "(paren " + dump(*p.inner) + ")"; }
};

std::string dumpPart(const TemplatePart& part) {
  return std::visit(
      [](const auto& node) -> std::string {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return quote(node);
        } else if constexpr (std::is_same_v<T, TemplateInterpolation>) {
          return "${" + dump(*node.expr) + "}";
        } else if constexpr (std::is_same_v<T, TemplateIf>) {
          std::string out = "%{if " + dump(*node.condition) + "}" + dump(node.then_parts);
          if (node.has_else) out += "%{else}" + dump(node.else_parts);
          return out + "%{endif}";
        } else {
          std::string vars = node.key.empty() ? node.value : node.key + ", " + node.value;
          return "%{for " + vars + " in " + dump(*node.collection) + "}" + dump(node.body) +
                 "%{endfor}";
        }
      },
      part.node);
}

}  // namespace

const char* binaryOpText(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr:
      return "||";
    case BinaryOp::kAnd:
      return "&&";
    case BinaryOp::kEqual:
      return "==";
    case BinaryOp::kNotEqual:
      return "!=";
    case BinaryOp::kLess:
      return "<";
    case BinaryOp::kLessEqual:
      return "<=";
    case BinaryOp::kGreater:
      return ">";
    case BinaryOp::kGreaterEqual:
      return ">=";
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSubtract:
      return "-";
    case BinaryOp::kMultiply:
      return "*";
    case BinaryOp::kDivide:
      return "/";
    case BinaryOp::kModulo:
      return "%";
  }
  return "?";
}

std::string dump(const Expr& expr) { return std::visit(Dumper{}, expr.node); }

std::string dump(const TemplateParts& parts) {
  std::string out;
  for (const TemplatePart& part : parts) out += dumpPart(part);
  return out;
}

}  // namespace segproof::hcl
