#include "frontends/terraform/eval/functions.h"

#include <algorithm>
#include <set>

#include "frontends/common/limits.h"
#include "frontends/terraform/eval/functions_internal.h"

namespace segproof::hcl {

namespace internal {

void argError(std::string message) { throw ArgumentError{std::move(message)}; }

void checkSize(std::uint64_t size) {
  if (size > limits::kMaxValueSize) throw ValueTooLarge{};
}

namespace {

void requireKnownNonNull(const Value& value, const char* what) {
  if (value.isNull()) argError(std::string(what) + " must not be null");
}

}  // namespace

std::string stringArg(const Value& value, const char* what) {
  requireKnownNonNull(value, what);
  std::optional<std::string> text = toString(value);
  if (!text) argError(std::string(what) + " must be a string, not " + value.str());
  return *text;
}

double numberArg(const Value& value, const char* what) {
  requireKnownNonNull(value, what);
  std::optional<double> number = toNumber(value);
  if (!number) argError(std::string(what) + " must be a number, not " + value.str());
  return *number;
}

long long intArg(const Value& value, const char* what) {
  double number = numberArg(value, what);
  if (!isInteger(number))
    argError(std::string(what) + " must be a whole number, not " + value.str());
  return static_cast<long long>(number);
}

bool boolArg(const Value& value, const char* what) {
  requireKnownNonNull(value, what);
  std::optional<bool> flag = toBool(value);
  if (!flag) argError(std::string(what) + " must be a bool, not " + value.str());
  return *flag;
}

const ValueList& sequenceArg(const Value& value, const char* what) {
  requireKnownNonNull(value, what);
  if (!value.isSequence())
    argError(std::string(what) + " must be a list or set, not " + value.str());
  return value.items();
}

const ValueMap& mapArg(const Value& value, const char* what) {
  requireKnownNonNull(value, what);
  if (!value.isMap()) argError(std::string(what) + " must be a map or object, not " + value.str());
  return value.entries();
}

ValueList unifyElements(ValueList items) {
  bool mixed = false;
  const Value* first = nullptr;
  for (const Value& item : items) {
    bool primitive = item.isString() || item.isNumber() || item.isBool();
    if (!primitive) continue;
    if (first != nullptr && first->kind() != item.kind()) mixed = true;
    if (first == nullptr) first = &item;
  }
  if (!mixed) return items;
  for (Value& item : items) {
    if (item.isNumber() || item.isBool()) item = Value::string(*toString(item));
  }
  return items;
}

std::vector<std::string> characters(const std::string& text) {
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xe  ? 3
                    : (c >> 3) == 0x1e ? 4
                                       : 1;
    if (i + length > text.size()) length = text.size() - i;
    out.push_back(text.substr(i, length));
    i += length;
  }
  return out;
}

}  // namespace internal

namespace {

using internal::argError;
using internal::Builtin;
using internal::BuiltinTable;

const BuiltinTable& table() {
  static const BuiltinTable builtins = [] {
    BuiltinTable t;
    internal::addCollectionFunctions(t);
    internal::addStringFunctions(t);
    internal::addCidrFunctions(t);
    return t;
  }();
  return builtins;
}

std::string describeCall(const std::string& name, const ValueList& args) {
  std::string out = name + "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ", ";
    out += args[i].isUnknown() ? args[i].description() : args[i].str();
  }
  return out + ")";
}

}  // namespace

bool isBuiltinFunction(const std::string& name) { return table().count(name) > 0; }

bool isTerraformFunction(const std::string& name) {
  // Terraform's function list (developer.hashicorp.com/terraform/language/functions).
  static const std::set<std::string> kAll = {
      "abs", "abspath", "alltrue", "anytrue", "base64decode", "base64encode", "base64gzip",
      "base64sha256", "base64sha512", "basename", "bcrypt", "can", "ceil", "chomp", "chunklist",
      "cidrhost", "cidrnetmask", "cidrsubnet", "cidrsubnets", "coalesce", "coalescelist",
      "compact", "concat", "contains", "csvdecode", "dirname", "distinct", "element",
      "endswith", "ephemeralasnull", "file", "filebase64", "filebase64sha256",
      "filebase64sha512", "fileexists", "filemd5", "fileset", "filesha1", "filesha256",
      "filesha512", "flatten", "floor", "format", "formatdate", "formatlist", "indent", "index",
      "issensitive", "join", "jsondecode", "jsonencode", "keys", "length", "list", "log",
      "lookup", "lower", "map", "matchkeys", "max", "md5", "merge", "min", "nonsensitive", "one",
      "parseint", "pathexpand", "plantimestamp", "pow", "range", "regex", "regexall", "replace",
      "reverse", "rsadecrypt", "sensitive", "setintersection", "setproduct", "setsubtract",
      "setunion", "sha1", "sha256", "sha512", "signum", "slice", "sort", "split", "startswith",
      "strcontains", "strrev", "substr", "sum", "templatefile", "templatestring",
      "textdecodebase64", "textencodebase64", "timeadd", "timecmp", "timestamp", "title",
      "tobool", "tolist", "tomap", "tonumber", "toset", "tostring", "transpose", "trim",
      "trimprefix", "trimspace", "trimsuffix", "try", "type", "upper", "urlencode", "uuid",
      "uuidv5", "values", "yamldecode", "yamlencode", "zipmap"};
  return kAll.count(name) > 0;
}

std::vector<std::string> builtinFunctionNames() {
  std::vector<std::string> names;
  for (const auto& [name, builtin] : table()) names.push_back(name);
  names.push_back("can");
  names.push_back("try");
  std::sort(names.begin(), names.end());
  return names;
}

CallResult callFunction(const std::string& name, const ValueList& args) {
  auto it = table().find(name);
  if (it == table().end()) return {Value(), "unknown function '" + name + "'"};
  const Builtin& builtin = it->second;
  int count = static_cast<int>(args.size());
  if (count < builtin.min_args || (builtin.max_args >= 0 && count > builtin.max_args)) {
    std::string expected = std::to_string(builtin.min_args);
    if (builtin.max_args < 0) {
      expected = "at least " + expected;
    } else if (builtin.max_args != builtin.min_args) {
      expected += " to " + std::to_string(builtin.max_args);
    }
    return {Value(), "expected " + expected + " arguments, got " + std::to_string(count)};
  }
  for (const Value& arg : args) {
    if (builtin.structural ? arg.isUnknown() : !arg.isWhollyKnown()) {
      return {Value::unknown(describeCall(name, args)), ""};
    }
  }
  try {
    Value result = builtin.impl(args);
    internal::checkSize(result.size());
    // A structural function that met an unknown it cannot see through says
    // so with an unknown named after itself; an unknown element it picked
    // (element(list, 0), lookup(map, key)) is the answer, description and all.
    if (result.isUnknown() && result.description() == name)
      return {Value::unknown(describeCall(name, args)), ""};
    return {std::move(result), ""};
  } catch (const internal::ArgumentError& error) {
    return {Value(), error.message};
  } catch (const internal::ValueTooLarge&) {
    return {Value(),
            "the result would be larger than " + std::to_string(limits::kMaxValueSize) +
                " (bytes of its strings plus one per value)",
            true};
  }
}

}  // namespace segproof::hcl
