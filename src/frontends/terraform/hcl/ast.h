// The syntax tree of HCL2 native syntax, as written: no evaluation, no
// Terraform meaning. The parser (parser.h) builds it; later stages evaluate
// expressions and map blocks to AWS resources.
//
// Every node carries a SourceRange so that anything derived from it can point
// at the line a user must change. Nodes own their children (unique_ptr /
// by value); a tree is movable, not copyable.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_HCL_AST_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_HCL_AST_H_

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "segproof/diag/diagnostic.h"

namespace segproof::hcl {

// A 1-based position; `offset` is the 0-based byte offset in the text.
struct Position {
  int line = 1;
  int column = 1;
  int offset = 0;
};

// [begin, end): `end` is the position just after the last character.
struct SourceRange {
  std::string file;
  Position begin;
  Position end;

  SourceLocation location() const { return {file, begin.line, begin.column}; }
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct NumberLiteral {
  std::string text;  // as written, so that evaluation can keep precision
  double value = 0;
};
struct BoolLiteral {
  bool value = false;
};
struct NullLiteral {};
// A quoted string or heredoc without interpolations or directives, with
// escapes already decoded.
struct StringLiteral {
  std::string value;
};

struct TemplatePart;
using TemplateParts = std::vector<TemplatePart>;

// `${expr}`. Strip markers (`${~`, `~}`) have already been applied to the
// neighbouring literal parts; the flags record that they were written.
struct TemplateInterpolation {
  ExprPtr expr;
  bool strip_left = false;
  bool strip_right = false;
};
// `%{if cond}then%{else}otherwise%{endif}`.
struct TemplateIf {
  ExprPtr condition;
  TemplateParts then_parts;
  TemplateParts else_parts;
  bool has_else = false;
};
// `%{for key, value in collection}body%{endfor}`; `key` is empty when only
// one variable is named.
struct TemplateFor {
  std::string key;
  std::string value;
  ExprPtr collection;
  TemplateParts body;
};
struct TemplatePart {
  SourceRange range;
  std::variant<std::string, TemplateInterpolation, TemplateIf, TemplateFor> node;
};
// A quoted string or heredoc with at least one interpolation or directive.
struct Template {
  TemplateParts parts;
};
// `<<EOT` / `<<-EOT`. The body is already de-indented for `<<-`; a body
// without interpolations is a single literal part.
struct Heredoc {
  std::string marker;
  bool indented = false;
  TemplateParts parts;
};

struct Tuple {
  std::vector<ExprPtr> items;
};
struct ObjectItem {
  // A bare identifier key is a Variable whose name is the key itself, not a
  // reference: `{ cidr = x }` means the key "cidr".
  ExprPtr key;
  bool key_is_identifier = false;
  ExprPtr value;
};
struct Object {
  std::vector<ObjectItem> items;
};

// A root name: `var`, `local`, `aws_vpc`, `each`, `count`.
struct Variable {
  std::string name;
};
// `object.name`.
struct GetAttr {
  ExprPtr object;
  std::string name;
};
// `collection[key]`, or the legacy `collection.0` (legacy = true).
struct Index {
  ExprPtr collection;
  ExprPtr key;
  bool legacy = false;
};
// `source[*].each` (full) or `source.*.each` (attribute-only). `each` is
// rooted at a SplatItem standing for every element; it is a bare SplatItem
// when nothing follows the star.
struct Splat {
  ExprPtr source;
  ExprPtr each;
  bool full = true;
};
struct SplatItem {};

struct Call {
  std::string name;
  std::vector<ExprPtr> args;
  bool expand_final = false;  // `f(a, list...)`
};

enum class UnaryOp { kNot, kNegate };
enum class BinaryOp {
  kOr,
  kAnd,
  kEqual,
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
  kAdd,
  kSubtract,
  kMultiply,
  kDivide,
  kModulo,
};
struct Unary {
  UnaryOp op;
  ExprPtr operand;
};
struct Binary {
  BinaryOp op;
  ExprPtr lhs;
  ExprPtr rhs;
};
struct Conditional {
  ExprPtr condition;
  ExprPtr then_expr;
  ExprPtr else_expr;
};
// `[for k, v in coll : value if cond]` or
// `{for k, v in coll : key => value... if cond}`.
struct For {
  std::string key_var;  // empty when one variable is named
  std::string value_var;
  ExprPtr collection;
  ExprPtr key;  // only for the object form
  ExprPtr value;
  ExprPtr condition;  // may be null
  bool object = false;
  bool grouping = false;  // `...` after the value
};
// Kept in the tree so that ranges and round-trips stay faithful.
struct Parens {
  ExprPtr inner;
};

struct Expr {
  SourceRange range;
  std::variant<NumberLiteral, BoolLiteral, NullLiteral, StringLiteral, Template, Heredoc, Tuple,
               Object, Variable, GetAttr, Index, Splat, SplatItem, Call, Unary, Binary, Conditional,
               For, Parens>
      node;
};

struct Attribute {
  SourceRange range;
  std::string name;
  SourceRange name_range;
  ExprPtr value;
};

struct Block;

// Attributes and blocks, each in source order.
struct Body {
  SourceRange range;
  std::vector<Attribute> attributes;
  std::vector<Block> blocks;
};

struct BlockLabel {
  std::string value;
  bool quoted = false;
  SourceRange range;
};

struct Block {
  SourceRange range;  // from the type to the closing brace
  std::string type;
  std::vector<BlockLabel> labels;
  Body body;
};

const char* binaryOpText(BinaryOp op);

// A compact, fully parenthesised rendering of an expression, e.g.
// `(+ 1 (* 2 3))`, for tests and debugging; not HCL.
std::string dump(const Expr& expr);
std::string dump(const TemplateParts& parts);

}  // namespace segproof::hcl

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_HCL_AST_H_
