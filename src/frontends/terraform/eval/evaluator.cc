#include "frontends/terraform/eval/evaluator.h"

#include <cmath>

#include "frontends/common/limits.h"
#include "frontends/terraform/eval/functions.h"

namespace segproof::hcl {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// How an unknown reads inside a larger description.
std::string describe(const Value& value) {
  return value.isUnknown() ? value.description() : value.str();
}

std::string indexText(const Value& key) { return "[" + describe(key) + "]"; }

// What `for k, v in collection` binds: index and element of a list, key and
// value of a map, element and element of a set.
std::vector<std::pair<Value, Value>> keyValuePairs(const Value& collection) {
  std::vector<std::pair<Value, Value>> pairs;
  for (const auto& [key, value] : collection.entries())
    pairs.emplace_back(Value::string(key), value);
  const ValueList& items = collection.items();
  bool is_set = collection.kind() == ValueKind::kSet;
  for (size_t i = 0; i < items.size(); ++i) {
    pairs.emplace_back(is_set ? items[i] : Value::number(static_cast<double>(i)), items[i]);
  }
  return pairs;
}

}  // namespace

std::optional<Value> Scope::find(const std::string& name) const {
  for (const Scope* scope = this; scope != nullptr; scope = scope->parent_) {
    if (auto it = scope->bindings_.find(name); it != scope->bindings_.end()) return it->second;
    if (scope->lookup_) {
      if (auto value = scope->lookup_(name)) return value;
    }
  }
  return std::nullopt;
}

std::optional<Value> Scope::findMember(const std::string& root,
                                       const std::string& attribute) const {
  // Only where find() would ask the first lookup: a binding shadows it.
  for (const Scope* scope = this; scope != nullptr; scope = scope->parent_) {
    if (scope->bindings_.count(root)) return std::nullopt;
    if (scope->lookup_) {
      if (!scope->member_lookup_) return std::nullopt;
      return scope->member_lookup_(root, attribute);
    }
  }
  return std::nullopt;
}

std::nullopt_t Evaluator::fail(const SourceRange& range, const std::string& message) {
  diags_->error("hcl-eval", range.location(), message);
  return std::nullopt;
}

std::nullopt_t Evaluator::fail(const Expr& expr, const std::string& message) {
  return fail(expr.range, message);
}

std::optional<Value> Evaluator::evaluate(const Expr& expr, const Scope& scope) {
  Result value = evaluateNode(expr, scope);
  // A root name (local, var, module) stands for the whole scope, not a
  // value anyone builds: what is read out of it is checked.
  bool root_name = std::holds_alternative<Variable>(expr.node);
  if (value && value->size() > limits::kMaxValueSize && !root_name) return tooLarge(expr.range);
  return value;
}

std::nullopt_t Evaluator::tooLarge(const SourceRange& range) {
  diags_->error("value-too-large", range.location(),
                "this value would be larger than " + std::to_string(limits::kMaxValueSize) +
                    " (bytes of its strings plus one per value in it)");
  return std::nullopt;
}

Evaluator::Result Evaluator::evaluateNode(const Expr& expr, const Scope& scope) {
  return std::visit(
      Overloaded{
          [&](const NumberLiteral& node) -> Result { return Value::number(node.value); },
          [&](const BoolLiteral& node) -> Result { return Value::boolean(node.value); },
          [&](const NullLiteral&) -> Result { return Value::null(); },
          [&](const StringLiteral& node) -> Result { return Value::string(node.value); },
          [&](const Template& node) { return evalTemplate(node.parts, scope); },
          [&](const Heredoc& node) { return evalTemplate(node.parts, scope); },
          [&](const Tuple& node) { return evalTuple(node, scope); },
          [&](const Object& node) { return evalObject(node, scope); },
          [&](const Variable& node) -> Result {
            if (auto value = scope.find(node.name)) return value;
            return fail(expr, "unknown variable '" + node.name + "'");
          },
          [&](const GetAttr& node) { return evalGetAttr(node, scope, expr); },
          [&](const Index& node) { return evalIndex(node, scope, expr); },
          [&](const Splat& node) { return evalSplat(node, scope); },
          [&](const SplatItem&) -> Result {
            if (splat_items_.empty()) return fail(expr, "splat item outside a splat");
            return splat_items_.back();
          },
          [&](const Call& node) { return evalCall(node, scope, expr); },
          [&](const Unary& node) { return evalUnary(node, scope, expr); },
          [&](const Binary& node) { return evalBinary(node, scope, expr); },
          [&](const Conditional& node) { return evalConditional(node, scope); },
          [&](const For& node) { return evalFor(node, scope); },
          [&](const Parens& node) { return evaluate(*node.inner, scope); },
      },
      expr.node);
}

Evaluator::Result Evaluator::evalTemplate(const TemplateParts& parts, const Scope& scope) {
  // A template that is one interpolation yields the value itself, unconverted.
  if (parts.size() == 1) {
    if (const auto* only = std::get_if<TemplateInterpolation>(&parts[0].node)) {
      return evaluate(*only->expr, scope);
    }
  }
  std::string out;
  std::string unknown_text;
  bool unknown = false;
  if (!evalParts(parts, scope, out, unknown_text, unknown)) return std::nullopt;
  if (unknown) return Value::unknown("\"" + unknown_text + "\"");
  return Value::string(out);
}

// Appends the text of `parts` to `out`; `unknown_text` gets the same text
// with unknowns written as ${description}. False after reporting an error.
bool Evaluator::evalParts(const TemplateParts& parts, const Scope& scope, std::string& out,
                          std::string& unknown_text, bool& unknown) {
  for (const TemplatePart& part : parts) {
    if (const auto* text = std::get_if<std::string>(&part.node)) {
      out += *text;
      unknown_text += *text;
    } else if (const auto* interp = std::get_if<TemplateInterpolation>(&part.node)) {
      Result value = evaluate(*interp->expr, scope);
      if (!value) return false;
      if (value->isUnknown()) {
        unknown = true;
        unknown_text += "${" + value->description() + "}";
        continue;
      }
      if (value->isNull()) {
        fail(part.range, "template interpolation value is null");
        return false;
      }
      std::optional<std::string> text_value = toString(*value);
      if (!text_value) {
        fail(part.range, std::string("cannot include a ") + valueKindName(value->kind()) +
                             " in a string template");
        return false;
      }
      out += *text_value;
      unknown_text += *text_value;
    } else if (const auto* if_part = std::get_if<TemplateIf>(&part.node)) {
      Result condition = evaluate(*if_part->condition, scope);
      if (!condition) return false;
      if (condition->isUnknown()) {
        unknown = true;
        unknown_text += "%{if " + condition->description() + "}...%{endif}";
        continue;
      }
      std::optional<bool> flag = condition->isNull() ? std::nullopt : toBool(*condition);
      if (!flag) {
        fail(part.range, "%{if} condition must be a bool, not " + condition->str());
        return false;
      }
      const TemplateParts& branch = *flag ? if_part->then_parts : if_part->else_parts;
      if (!evalParts(branch, scope, out, unknown_text, unknown)) return false;
    } else if (const auto* for_part = std::get_if<TemplateFor>(&part.node)) {
      Result collection = evaluate(*for_part->collection, scope);
      if (!collection) return false;
      if (collection->isUnknown()) {
        unknown = true;
        unknown_text += "%{for in " + collection->description() + "}...%{endfor}";
        continue;
      }
      if (!collection->isMap() && !collection->isSequence()) {
        fail(part.range, "%{for} needs a collection, not " + collection->str());
        return false;
      }
      for (const auto& [key, value] : keyValuePairs(*collection)) {
        std::map<std::string, Value> bindings{{for_part->value, value}};
        if (!for_part->key.empty()) bindings[for_part->key] = key;
        Scope inner(&scope, std::move(bindings));
        if (!evalParts(for_part->body, inner, out, unknown_text, unknown)) return false;
      }
    }
    if (out.size() > limits::kMaxValueSize || unknown_text.size() > limits::kMaxValueSize) {
      tooLarge(part.range);
      return false;
    }
  }
  return true;
}

Evaluator::Result Evaluator::evalTuple(const Tuple& tuple, const Scope& scope) {
  ValueList items;
  for (const ExprPtr& item : tuple.items) {
    Result value = evaluate(*item, scope);
    if (!value) return std::nullopt;
    items.push_back(std::move(*value));
  }
  return Value::list(std::move(items));
}

Evaluator::Result Evaluator::evalObject(const Object& object, const Scope& scope) {
  ValueMap entries;
  std::optional<std::string> unknown_key;
  for (const ObjectItem& item : object.items) {
    std::string key;
    if (item.key_is_identifier) {
      key = std::get<Variable>(item.key->node).name;
    } else {
      Result key_value = evaluate(*item.key, scope);
      if (!key_value) return std::nullopt;
      if (key_value->isUnknown()) {
        unknown_key = key_value->description();
        continue;
      }
      std::optional<std::string> text = key_value->isNull() ? std::nullopt : toString(*key_value);
      if (!text) return fail(*item.key, "object key must be a string, not " + key_value->str());
      key = *text;
    }
    Result value = evaluate(*item.value, scope);
    if (!value) return std::nullopt;
    entries[key] = std::move(*value);
  }
  if (unknown_key) return Value::unknown("{" + *unknown_key + " = ...}");
  return Value::map(std::move(entries));
}

Evaluator::Result Evaluator::getAttr(const Value& object, const std::string& name,
                                     const Expr& expr) {
  if (object.isUnknown()) return Value::unknown(object.description() + "." + name);
  if (object.isNull()) return fail(expr, "cannot get attribute '" + name + "' of a null value");
  if (!object.isMap()) {
    return fail(expr, "cannot get attribute '" + name + "' of a " + valueKindName(object.kind()) +
                          " value");
  }
  auto it = object.entries().find(name);
  if (it == object.entries().end()) {
    if (!object.unknownPrefix().empty()) return Value::unknown(object.unknownPrefix() + "." + name);
    return fail(expr, "unsupported attribute '" + name + "'");
  }
  return it->second;
}

Evaluator::Result Evaluator::index(const Value& collection, const Value& key, const Expr& expr) {
  if (collection.isUnknown()) return Value::unknown(collection.description() + indexText(key));
  if (collection.isNull()) return fail(expr, "cannot index a null value");
  if (key.isNull()) return fail(expr, "index must not be null");
  if (collection.kind() == ValueKind::kList) {
    if (key.isUnknown()) return Value::unknown(describe(collection) + indexText(key));
    std::optional<double> number = toNumber(key);
    if (!number || !isInteger(*number)) {
      return fail(expr, "list index must be a whole number, not " + key.str());
    }
    const ValueList& items = collection.items();
    if (*number < 0 || *number >= static_cast<double>(items.size())) {
      return fail(expr, "index " + formatNumber(*number) + " out of range for a list of " +
                            std::to_string(items.size()) + " elements");
    }
    return items[static_cast<size_t>(*number)];
  }
  if (collection.isMap()) {
    if (key.isUnknown()) return Value::unknown(describe(collection) + indexText(key));
    std::optional<std::string> text = toString(key);
    if (!text) return fail(expr, "map key must be a string, not " + key.str());
    auto it = collection.entries().find(*text);
    if (it == collection.entries().end()) return fail(expr, "no element for key \"" + *text + "\"");
    return it->second;
  }
  return fail(expr, std::string("cannot index a ") + valueKindName(collection.kind()) + " value");
}

Evaluator::Result Evaluator::evalGetAttr(const GetAttr& node, const Scope& scope,
                                         const Expr& expr) {
  // `aws_vpc.main`, `local.x`: one member of a root the scope would
  // otherwise build whole for every read.
  if (const auto* root = std::get_if<Variable>(&node.object->node)) {
    if (Result member = scope.findMember(root->name, node.name)) return member;
  }
  Result object = evaluate(*node.object, scope);
  if (!object) return std::nullopt;
  return getAttr(*object, node.name, expr);
}

Evaluator::Result Evaluator::evalIndex(const Index& node, const Scope& scope, const Expr& expr) {
  Result collection = evaluate(*node.collection, scope);
  if (!collection) return std::nullopt;
  Result key = evaluate(*node.key, scope);
  if (!key) return std::nullopt;
  return index(*collection, *key, expr);
}

Evaluator::Result Evaluator::evalSplat(const Splat& node, const Scope& scope) {
  Result source = evaluate(*node.source, scope);
  if (!source) return std::nullopt;
  if (source->isUnknown()) {
    // Describe the rest of the traversal by running it on a symbolic item.
    splat_items_.push_back(Value::unknown(source->description() + "[*]"));
    Result each = evaluate(*node.each, scope);
    splat_items_.pop_back();
    if (!each) return std::nullopt;
    return each->isUnknown() ? *each : Value::unknown(source->description() + "[*]");
  }
  if (source->isNull()) return Value::list({});
  // A splat on a single value treats it as a one-element list.
  ValueList items = source->isSequence() ? source->items() : ValueList{*source};
  ValueList out;
  for (const Value& item : items) {
    splat_items_.push_back(item);
    Result each = evaluate(*node.each, scope);
    splat_items_.pop_back();
    if (!each) return std::nullopt;
    out.push_back(std::move(*each));
  }
  return Value::list(std::move(out));
}

Evaluator::Result Evaluator::evalTry(const Call& node, const Scope& scope, const Expr& expr) {
  bool is_can = node.name == "can";
  if (is_can && node.args.size() != 1) return fail(expr, "can() takes exactly one argument");
  if (node.args.empty()) return fail(expr, "try() needs at least one argument");
  DiagnosticEngine* outer = diags_;
  for (const ExprPtr& arg : node.args) {
    DiagnosticEngine scratch;
    diags_ = &scratch;
    Result value = evaluate(*arg, scope);
    diags_ = outer;
    if (value) {
      if (is_can) return value->isWhollyKnown() ? Value::boolean(true) : Value::unknown("can(...)");
      // An unknown might still fail at apply time, so the whole try is
      // unknown; it keeps the argument's description, so that
      // try(aws_vpc.this[0].id, "") still names the VPC.
      return value;
    }
  }
  if (is_can) return Value::boolean(false);
  return fail(expr, "no argument of try() could be evaluated without errors");
}

Evaluator::Result Evaluator::evalCall(const Call& node, const Scope& scope, const Expr& expr) {
  if (node.name == "try" || node.name == "can") return evalTry(node, scope, expr);
  if (!isBuiltinFunction(node.name)) {
    if (!isTerraformFunction(node.name)) return fail(expr, "unknown function '" + node.name + "'");
    // A real Terraform function segproof does not evaluate (file(),
    // timestamp(), ...): its result is unknown, said once per function.
    if (unsupported_functions_.insert(node.name).second) {
      diags_->warning("hcl-unsupported-function", expr.range.location(),
                      "function '" + node.name +
                          "' is not evaluated by segproof; its results are unknown");
    }
    return Value::unknown(node.name + "(...)");
  }
  ValueList args;
  for (size_t i = 0; i < node.args.size(); ++i) {
    Result value = evaluate(*node.args[i], scope);
    if (!value) return std::nullopt;
    bool expand = node.expand_final && i + 1 == node.args.size();
    if (!expand) {
      args.push_back(std::move(*value));
    } else if (value->isUnknown()) {
      return Value::unknown(node.name + "(" + value->description() + "...)");
    } else if (value->isSequence()) {
      for (const Value& item : value->items()) args.push_back(item);
    } else {
      return fail(*node.args[i],
                  "the argument expanded with '...' must be a list or set, not " + value->str());
    }
  }
  // slice() of a list known only by its length bounds keeps that length, so
  // that count = length(slice(data.x.names, 0, 3)) is 3 (a shorter list would
  // fail the apply).
  if (node.name == "slice" && args.size() == 3 && args[0].isUnknown() && args[1].isNumber() &&
      args[2].isNumber() && isInteger(args[1].asNumber()) && isInteger(args[2].asNumber()) &&
      args[1].asNumber() >= 0 && args[2].asNumber() >= args[1].asNumber() &&
      args[2].asNumber() - args[1].asNumber() <= 1024) {
    ValueList items;
    for (long long i = static_cast<long long>(args[1].asNumber());
         i < static_cast<long long>(args[2].asNumber()); ++i) {
      items.push_back(Value::unknown(args[0].description() + "[" + std::to_string(i) + "]"));
    }
    return Value::list(std::move(items));
  }
  CallResult result = callFunction(node.name, args);
  if (result.too_large) return tooLarge(expr.range);
  if (!result.ok()) return fail(expr, node.name + "(): " + result.error);
  return result.value;
}

Evaluator::Result Evaluator::evalUnary(const Unary& node, const Scope& scope, const Expr& expr) {
  Result operand = evaluate(*node.operand, scope);
  if (!operand) return std::nullopt;
  const char* symbol = node.op == UnaryOp::kNot ? "!" : "-";
  if (operand->isUnknown()) return Value::unknown(symbol + operand->description());
  if (operand->isNull()) return fail(expr, std::string("operand of '") + symbol + "' is null");
  if (node.op == UnaryOp::kNot) {
    std::optional<bool> flag = toBool(*operand);
    if (!flag) return fail(expr, "operand of '!' must be a bool, not " + operand->str());
    return Value::boolean(!*flag);
  }
  std::optional<double> number = toNumber(*operand);
  if (!number) return fail(expr, "operand of '-' must be a number, not " + operand->str());
  return Value::number(-*number);
}

Evaluator::Result Evaluator::evalBinary(const Binary& node, const Scope& scope, const Expr& expr) {
  Result lhs = evaluate(*node.lhs, scope);
  if (!lhs) return std::nullopt;
  Result rhs = evaluate(*node.rhs, scope);
  if (!rhs) return std::nullopt;
  std::string symbol = binaryOpText(node.op);

  if (node.op == BinaryOp::kAnd || node.op == BinaryOp::kOr) {
    auto operand = [&](const Value& v) -> std::optional<std::optional<bool>> {
      if (v.isUnknown()) return std::optional<bool>();
      std::optional<bool> flag = v.isNull() ? std::nullopt : toBool(v);
      if (!flag) return std::nullopt;
      return flag;
    };
    auto a = operand(*lhs);
    if (!a) return fail(*node.lhs, "operand of '" + symbol + "' must be a bool, not " + lhs->str());
    auto b = operand(*rhs);
    if (!b) return fail(*node.rhs, "operand of '" + symbol + "' must be a bool, not " + rhs->str());
    bool decisive = node.op == BinaryOp::kOr;  // the value that decides alone
    if ((a->has_value() && **a == decisive) || (b->has_value() && **b == decisive)) {
      return Value::boolean(decisive);
    }
    if (!a->has_value() || !b->has_value()) {
      return Value::unknown(describe(*lhs) + " " + symbol + " " + describe(*rhs));
    }
    return Value::boolean(!decisive);
  }

  if (lhs->isUnknown() || rhs->isUnknown()) {
    return Value::unknown(describe(*lhs) + " " + symbol + " " + describe(*rhs));
  }
  if (node.op == BinaryOp::kEqual) return Value::boolean(*lhs == *rhs);
  if (node.op == BinaryOp::kNotEqual) return Value::boolean(*lhs != *rhs);

  std::optional<double> a = lhs->isNull() ? std::nullopt : toNumber(*lhs);
  if (!a) return fail(*node.lhs, "operand of '" + symbol + "' must be a number, not " + lhs->str());
  std::optional<double> b = rhs->isNull() ? std::nullopt : toNumber(*rhs);
  if (!b) return fail(*node.rhs, "operand of '" + symbol + "' must be a number, not " + rhs->str());
  switch (node.op) {
    case BinaryOp::kLess:
      return Value::boolean(*a < *b);
    case BinaryOp::kLessEqual:
      return Value::boolean(*a <= *b);
    case BinaryOp::kGreater:
      return Value::boolean(*a > *b);
    case BinaryOp::kGreaterEqual:
      return Value::boolean(*a >= *b);
    case BinaryOp::kAdd:
      return Value::number(*a + *b);
    case BinaryOp::kSubtract:
      return Value::number(*a - *b);
    case BinaryOp::kMultiply:
      return Value::number(*a * *b);
    case BinaryOp::kDivide:
      if (*b == 0) return fail(expr, "division by zero");
      return Value::number(*a / *b);
    case BinaryOp::kModulo:
      if (*b == 0) return fail(expr, "modulo by zero");
      return Value::number(std::fmod(*a, *b));
    default:
      break;
  }
  return fail(expr, "unsupported operator '" + symbol + "'");
}

Evaluator::Result Evaluator::evalConditional(const Conditional& node, const Scope& scope) {
  Result condition = evaluate(*node.condition, scope);
  if (!condition) return std::nullopt;
  if (condition->isUnknown()) {
    return Value::unknown(condition->description() + " ? ... : ...");
  }
  std::optional<bool> flag = condition->isNull() ? std::nullopt : toBool(*condition);
  if (!flag) return fail(*node.condition, "condition must be a bool, not " + condition->str());
  return evaluate(*flag ? *node.then_expr : *node.else_expr, scope);
}

Evaluator::Result Evaluator::evalFor(const For& node, const Scope& scope) {
  Result collection = evaluate(*node.collection, scope);
  if (!collection) return std::nullopt;
  if (collection->isUnknown())
    return Value::unknown("[for ... in " + collection->description() + "]");
  if (!collection->isMap() && !collection->isSequence()) {
    return fail(*node.collection, "for expression needs a collection, not " + collection->str());
  }

  ValueList list_out;
  std::map<std::string, ValueList> groups;
  ValueMap map_out;
  bool unknown = false;
  std::uint64_t size = 1;
  for (const auto& [key, value] : keyValuePairs(*collection)) {
    std::map<std::string, Value> bindings{{node.value_var, value}};
    if (!node.key_var.empty()) bindings[node.key_var] = key;
    Scope inner(&scope, std::move(bindings));
    if (node.condition) {
      Result keep = evaluate(*node.condition, inner);
      if (!keep) return std::nullopt;
      if (keep->isUnknown()) {
        unknown = true;
        continue;
      }
      std::optional<bool> flag = keep->isNull() ? std::nullopt : toBool(*keep);
      if (!flag) return fail(*node.condition, "for condition must be a bool, not " + keep->str());
      if (!*flag) continue;
    }
    Result item = evaluate(*node.value, inner);
    if (!item) return std::nullopt;
    // Checked as it grows: each item may share one large value.
    size += item->size();
    if (size > limits::kMaxValueSize) return tooLarge(node.value->range);
    if (!node.object) {
      list_out.push_back(std::move(*item));
      continue;
    }
    Result key_value = evaluate(*node.key, inner);
    if (!key_value) return std::nullopt;
    if (key_value->isUnknown()) {
      unknown = true;
      continue;
    }
    std::optional<std::string> text = key_value->isNull() ? std::nullopt : toString(*key_value);
    if (!text) return fail(*node.key, "for key must be a string, not " + key_value->str());
    if (node.grouping) {
      groups[*text].push_back(std::move(*item));
    } else if (!map_out.emplace(*text, std::move(*item)).second) {
      return fail(*node.key,
                  "duplicate key \"" + *text + "\" in for expression (add '...' to group)");
    }
  }
  if (unknown) return Value::unknown("[for ... in " + describe(*collection) + "]");
  if (!node.object) return Value::list(std::move(list_out));
  if (node.grouping) {
    for (auto& [key, items] : groups) map_out[key] = Value::list(std::move(items));
  }
  return Value::map(std::move(map_out));
}

}  // namespace segproof::hcl
