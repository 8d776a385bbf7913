// Evaluation of HCL expressions with Terraform's semantics.
//
// An Evaluator turns an hcl::Expr into a Value in a Scope. The scope answers
// for root names (var, local, each, count, self, module, data, resource
// types); the evaluator applies traversals (.attr, [index], splats),
// operators, conditionals, templates, for expressions and function calls.
//
// Unknowns propagate: an operation on an unknown gives an unknown, except
// when the result is decided anyway (`false && x`, `true || x`). Traversing an
// unknown extends its description, so a scope that answers `aws_vpc` with
// Value::unknown("aws_vpc") makes `aws_vpc.main.id` the unknown
// "aws_vpc.main.id", which later stages resolve to the resource.
//
// Errors (type errors, unknown names, division by zero, an index out of
// range) are "hcl-eval" diagnostics at the expression's location; evaluate()
// then returns nullopt. So is a value past limits::kMaxValueSize, as a
// "value-too-large" error. Not thread-safe; one evaluator per thread.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_EVAL_EVALUATOR_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_EVAL_EVALUATOR_H_

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "frontends/terraform/eval/value.h"
#include "frontends/terraform/hcl/ast.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::hcl {

// The names visible to an expression: local bindings (of for expressions and
// template directives) over a parent scope, over a lookup callback.
class Scope {
 public:
  // Answers a root name, or nullopt when the name is not defined.
  using Lookup = std::function<std::optional<Value>(const std::string& name)>;
  // Answers `root.attribute` without building root's whole value (an object
  // of every resource of a type, of every local), or nullopt to have it read
  // from lookup(root). REQUIRES: an answer equals that reading.
  using MemberLookup =
      std::function<std::optional<Value>(const std::string& root, const std::string& attribute)>;

  Scope() = default;
  explicit Scope(Lookup lookup, MemberLookup member_lookup = nullptr)
      : lookup_(std::move(lookup)), member_lookup_(std::move(member_lookup)) {}
  // A child scope; REQUIRES: `parent` outlives it.
  Scope(const Scope* parent, std::map<std::string, Value> bindings)
      : parent_(parent), bindings_(std::move(bindings)) {}

  std::optional<Value> find(const std::string& name) const;
  // The value of `root.attribute` when the lookup that would answer `root`
  // can give it directly; nullopt means: read it from find(root).
  std::optional<Value> findMember(const std::string& root, const std::string& attribute) const;

 private:
  const Scope* parent_ = nullptr;
  std::map<std::string, Value> bindings_;
  Lookup lookup_;
  MemberLookup member_lookup_;
};

class Evaluator {
 public:
  explicit Evaluator(DiagnosticEngine& diags) : diags_(&diags) {}

  // The value of `expr`, or nullopt after reporting an error.
  std::optional<Value> evaluate(const Expr& expr, const Scope& scope);

 private:
  using Result = std::optional<Value>;

  Result evalTemplate(const TemplateParts& parts, const Scope& scope);
  bool evalParts(const TemplateParts& parts, const Scope& scope, std::string& out,
                 std::string& unknown_text, bool& unknown);
  Result evalTuple(const Tuple& tuple, const Scope& scope);
  Result evalObject(const Object& object, const Scope& scope);
  Result evalGetAttr(const GetAttr& node, const Scope& scope, const Expr& expr);
  Result evalIndex(const Index& node, const Scope& scope, const Expr& expr);
  Result evalSplat(const Splat& node, const Scope& scope);
  Result evalCall(const Call& node, const Scope& scope, const Expr& expr);
  Result evalTry(const Call& node, const Scope& scope, const Expr& expr);
  Result evalUnary(const Unary& node, const Scope& scope, const Expr& expr);
  Result evalBinary(const Binary& node, const Scope& scope, const Expr& expr);
  Result evalConditional(const Conditional& node, const Scope& scope);
  Result evalFor(const For& node, const Scope& scope);

  Result getAttr(const Value& object, const std::string& name, const Expr& expr);
  Result index(const Value& collection, const Value& key, const Expr& expr);

  std::nullopt_t fail(const Expr& expr, const std::string& message);
  std::nullopt_t fail(const SourceRange& range, const std::string& message);
  // "value-too-large" (limits::kMaxValueSize) at `range`.
  std::nullopt_t tooLarge(const SourceRange& range);
  Result evaluateNode(const Expr& expr, const Scope& scope);

  DiagnosticEngine* diags_;
  std::set<std::string> unsupported_functions_;  // warned about already
  std::vector<Value> splat_items_;  // the element each enclosing splat is at
};

}  // namespace segproof::hcl

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_EVAL_EVALUATOR_H_
