#include "frontends/terraform/module/variable_types.h"

#include <string>

#include "frontends/terraform/eval/evaluator.h"

namespace segproof::terraform {

namespace {

using hcl::Value;

const hcl::Expr* unwrap(const hcl::Expr* type) {
  while (type) {
    const auto* parens = std::get_if<hcl::Parens>(&type->node);
    if (!parens) break;
    type = parens->inner.get();
  }
  return type;
}

std::string typeName(const hcl::Expr* type) {
  type = unwrap(type);
  if (!type) return "";
  if (const auto* name = std::get_if<hcl::Variable>(&type->node)) return name->name;
  if (const auto* call = std::get_if<hcl::Call>(&type->node)) return call->name;
  return "";
}

const hcl::Expr* argument(const hcl::Expr* type, size_t i) {
  const auto* call = std::get_if<hcl::Call>(&unwrap(type)->node);
  return call && call->args.size() > i ? call->args[i].get() : nullptr;
}

// The default of `optional(T, default)`, a literal in practice.
Value literalDefault(const hcl::Expr* expr) {
  if (!expr) return Value::null();
  DiagnosticEngine scratch;
  hcl::Evaluator evaluator(scratch);
  std::optional<Value> value = evaluator.evaluate(*expr, hcl::Scope());
  return value ? *value : Value::null();
}

Value convertObject(const Value& value, const hcl::Expr* type) {
  const hcl::Expr* spec = unwrap(argument(type, 0));
  const auto* object = spec ? std::get_if<hcl::Object>(&spec->node) : nullptr;
  if (!object || !value.isMap()) return value;
  hcl::ValueMap entries = value.entries();
  for (const hcl::ObjectItem& item : object->items) {
    const auto* key = std::get_if<hcl::Variable>(&item.key->node);
    const auto* literal = std::get_if<hcl::StringLiteral>(&item.key->node);
    std::string name = key ? key->name : literal ? literal->value : "";
    if (name.empty()) continue;
    const hcl::Expr* attribute_type = unwrap(item.value.get());
    bool optional = typeName(attribute_type) == "optional";
    auto it = entries.find(name);
    if (it == entries.end() || it->second.isNull()) {
      if (optional) {
        Value fallback = literalDefault(argument(attribute_type, 1));
        entries[name] = convertToType(fallback, argument(attribute_type, 0));
      }
      continue;
    }
    it->second = convertToType(it->second, optional ? argument(attribute_type, 0) : attribute_type);
  }
  return Value::map(std::move(entries));
}

}  // namespace

bool isPrimitiveType(const hcl::Expr* type) {
  std::string name = typeName(type);
  return name.empty() || name == "string" || name == "number" || name == "bool";
}

Value convertToType(const Value& value, const hcl::Expr* type) {
  type = unwrap(type);
  if (!type || value.isNull() || value.isUnknown()) return value;
  std::string name = typeName(type);
  if (name == "string") {
    if (value.isNumber() || value.isBool()) return Value::string(*hcl::toString(value));
    return value;
  }
  if (name == "number") {
    if (value.isString())
      if (auto number = hcl::toNumber(value)) return Value::number(*number);
    return value;
  }
  if (name == "bool") {
    if (value.isString())
      if (auto flag = hcl::toBool(value)) return Value::boolean(*flag);
    return value;
  }
  if (name == "list" || name == "set") {
    if (!value.isSequence()) return value;
    hcl::ValueList items;
    for (const Value& item : value.items()) items.push_back(convertToType(item, argument(type, 0)));
    return name == "set" ? Value::set(std::move(items)) : Value::list(std::move(items));
  }
  if (name == "map") {
    if (!value.isMap()) return value;
    hcl::ValueMap entries;
    for (const auto& [key, item] : value.entries())
      entries[key] = convertToType(item, argument(type, 0));
    return Value::map(std::move(entries));
  }
  if (name == "object") return convertObject(value, type);
  return value;  // any, tuple(...): as given
}

}  // namespace segproof::terraform
