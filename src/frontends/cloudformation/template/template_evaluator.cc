#include "frontends/cloudformation/template/template_evaluator.h"

#include <algorithm>
#include <cstdlib>

#include "frontends/common/limits.h"
#include "frontends/terraform/eval/functions.h"

namespace segproof::cloudformation {

using hcl::Value;
using hcl::ValueList;
using hcl::ValueMap;

namespace {

constexpr const char* kNoValue = "AWS::NoValue";

// Functions that are valid CloudFormation but that this reader does not
// apply: their value is unknown, with a warning.
bool isUnsupportedFunction(const std::string& name) {
  return name == "Fn::Transform" || name == "Fn::ToJsonString" || name == "Fn::ForEach";
}

std::string describe(const Value& value) {
  return value.isUnknown() ? value.description() : value.str();
}

std::string describeAll(const ValueList& values) {
  std::string out;
  for (const Value& value : values) out += (out.empty() ? "" : ", ") + describe(value);
  return out;
}

std::string base64(const std::string& text) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < text.size(); i += 3) {
    unsigned n = (static_cast<unsigned char>(text[i]) << 16) |
                 (static_cast<unsigned char>(text[i + 1]) << 8) |
                 static_cast<unsigned char>(text[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
  }
  if (size_t rest = text.size() - i; rest > 0) {
    unsigned n = static_cast<unsigned char>(text[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(text[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Value scalarValue(const TemplateNode& node) {
  switch (node.kind) {
    case NodeKind::kString:
      return Value::string(node.text);
    case NodeKind::kNumber:
      return Value::number(std::strtod(node.text.c_str(), nullptr));
    case NodeKind::kBool:
      return Value::boolean(node.text[0] == 't' || node.text[0] == 'T');
    default:
      return Value::null();
  }
}

}  // namespace

Value noValue() { return Value::unknown(kNoValue); }

bool isNoValue(const Value& value) { return value.isUnknown() && value.description() == kNoValue; }

const TemplateNode* TemplateEvaluator::functionOf(const TemplateNode& node, std::string& name,
                                                  bool honor_tag) const {
  if (honor_tag && !node.tag.empty()) {
    name = (node.tag == "Ref" || node.tag == "Condition") ? node.tag : "Fn::" + node.tag;
    return &node;
  }
  if (node.isMapping() && node.members.size() == 1) {
    const std::string& key = node.members[0].key;
    if (key == "Ref" || key.rfind("Fn::", 0) == 0) {
      name = key;
      return node.members[0].value.get();
    }
  }
  return nullptr;
}

std::optional<Value> TemplateEvaluator::invalid(const TemplateNode& at,
                                                const std::string& message) {
  diags_.error("cfn-invalid", at.location(), message);
  return std::nullopt;
}

std::optional<Value> TemplateEvaluator::tooLarge(const TemplateNode& at, const char* function) {
  diags_.error("value-too-large", at.location(),
               std::string(function) + " would make a string of more than " +
                   std::to_string(limits::kMaxValueSize) + " bytes");
  return std::nullopt;
}

std::optional<std::string> TemplateEvaluator::knownString(const Value& value) const {
  if (value.isString()) return value.asString();
  if (value.isNumber() || value.isBool()) return hcl::toString(value);
  return std::nullopt;
}

std::optional<Value> TemplateEvaluator::evaluate(const TemplateNode& node, bool honor_tag) {
  std::string name;
  if (const TemplateNode* argument = functionOf(node, name, honor_tag))
    return call(name, *argument, node);
  if (node.isMapping()) {
    ValueMap entries;
    bool ok = true;
    for (const TemplateMember& member : node.members) {
      std::optional<Value> value = evaluate(*member.value);
      if (!value)
        ok = false;
      else if (!isNoValue(*value))
        entries[member.key] = std::move(*value);
    }
    if (!ok) return std::nullopt;
    return Value::map(std::move(entries));
  }
  if (node.isSequence()) {
    ValueList items;
    bool ok = true;
    for (const TemplateNodePtr& item : node.items) {
      std::optional<Value> value = evaluate(*item);
      if (!value)
        ok = false;
      else if (!isNoValue(*value))
        items.push_back(std::move(*value));
    }
    if (!ok) return std::nullopt;
    return Value::list(std::move(items));
  }
  return scalarValue(node);
}

std::optional<Value> TemplateEvaluator::call(const std::string& name, const TemplateNode& argument,
                                             const TemplateNode& at) {
  // In the short form the tagged node is both the call and its argument.
  auto whole = [&]() { return evaluate(argument, &argument != &at); };
  if (name == "Ref") return ref(argument);
  if (name == "Fn::GetAtt") return getAtt(argument);
  if (name == "Fn::Sub") return sub(argument);
  if (name == "Fn::Join") return join(argument);
  if (name == "Fn::Select") return select(argument);
  if (name == "Fn::Split") return split(argument);
  if (name == "Fn::FindInMap") return findInMap(argument);
  if (name == "Fn::Cidr") return cidr(argument);
  if (name == "Fn::If") return ifFunction(argument);
  if (name == "Fn::Equals" || name == "Fn::And" || name == "Fn::Or" || name == "Fn::Not")
    return conditionFunction(name, argument);
  if (name == "Condition") {
    if (argument.kind != NodeKind::kString) return invalid(at, "Condition expects a name");
    return condition(argument.text, argument.location());
  }
  if (name == "Fn::GetAZs") {
    if (!argument.isScalar() && !whole()) return std::nullopt;
    return Value::unknown("GetAZs");
  }
  if (name == "Fn::Base64" || name == "Fn::ImportValue" || name == "Fn::Length") {
    std::optional<Value> value = whole();
    return value ? unary(name, *value, at) : std::nullopt;
  }
  if (isUnsupportedFunction(name)) {
    diags_.warning("cfn-unsupported", at.location(),
                   name + " is not evaluated; its value is unknown");
    return Value::unknown(name);
  }
  return invalid(at, "unknown function " + name);
}

std::optional<Value> TemplateEvaluator::unary(const std::string& name, const Value& value,
                                              const TemplateNode& at) {
  if (name == "Fn::Length") {
    if (value.isSequence()) return Value::number(static_cast<double>(value.items().size()));
    if (value.isUnknown()) return Value::unknown("Fn::Length(" + describe(value) + ")");
    return invalid(at, "Fn::Length expects a list");
  }
  std::optional<std::string> text = knownString(value);
  if (name == "Fn::Base64")
    return text ? Value::string(base64(*text))
                : Value::unknown("Fn::Base64(" + describe(value) + ")");
  return Value::unknown("ImportValue." + (text ? *text : "(" + describe(value) + ")"));
}

std::optional<Value> TemplateEvaluator::ref(const TemplateNode& argument) {
  if (argument.kind != NodeKind::kString) return invalid(argument, "Ref expects a name");
  return refName(argument.text, argument);
}

std::optional<Value> TemplateEvaluator::refName(const std::string& name, const TemplateNode& at) {
  if (auto it = scope_.parameters.find(name); it != scope_.parameters.end()) return it->second;
  if (scope_.resources.count(name)) return Value::unknown(scope_.prefix + name + ".Ref");
  if (name == kNoValue) return noValue();
  if (auto it = scope_.pseudo.find(name); it != scope_.pseudo.end()) return it->second;
  if (name == "AWS::Partition") return Value::string("aws");
  if (name == "AWS::URLSuffix") return Value::string("amazonaws.com");
  if (name == "AWS::Region" || name == "AWS::AccountId" || name == "AWS::StackName" ||
      name == "AWS::StackId" || name == "AWS::NotificationARNs")
    return Value::unknown(name);
  diags_.error("cfn-bad-ref", at.location(),
               "'" + name + "' is not a parameter, a resource or a pseudo parameter");
  // Reported once; the value goes on as an unknown so that the resources
  // using it do not add echoes of the same mistake.
  return Value::unknown(scope_.prefix + name + ".Ref");
}

std::optional<Value> TemplateEvaluator::getAtt(const TemplateNode& argument) {
  if (argument.kind == NodeKind::kString) {
    size_t dot = argument.text.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == argument.text.size())
      return invalid(argument, "Fn::GetAtt expects \"Resource.Attribute\"");
    return attribute(argument.text.substr(0, dot), argument.text.substr(dot + 1), argument);
  }
  if (!argument.isSequence() || argument.items.size() != 2 ||
      argument.items[0]->kind != NodeKind::kString)
    return invalid(argument, "Fn::GetAtt expects [Resource, Attribute]");
  std::optional<Value> name = evaluate(*argument.items[1]);
  if (!name) return std::nullopt;
  std::optional<std::string> text = knownString(*name);
  return attribute(argument.items[0]->text, text ? *text : "(" + describe(*name) + ")",
                   *argument.items[0]);
}

std::optional<Value> TemplateEvaluator::attribute(const std::string& resource,
                                                  const std::string& name, const TemplateNode& at) {
  if (!scope_.resources.count(resource)) {
    diags_.error("cfn-bad-ref", at.location(),
                 "Fn::GetAtt of undeclared resource '" + resource + "'");
    return Value::unknown(scope_.prefix + resource + "." + name);  // as for Ref
  }
  if (scope_.nested_stacks.count(resource) && name.rfind("Outputs.", 0) == 0 &&
      scope_.nested_outputs) {
    if (const auto* outputs = scope_.nested_outputs(resource)) {
      std::string output = name.substr(8);
      auto it = outputs->find(output);
      if (it != outputs->end()) return it->second;
      diags_.error("cfn-bad-ref", at.location(),
                   "nested stack '" + resource + "' has no output '" + output + "'");
      return std::nullopt;
    }
  }
  return Value::unknown(scope_.prefix + resource + "." + name);
}

std::optional<Value> TemplateEvaluator::sub(const TemplateNode& argument) {
  const TemplateNode* text_node = &argument;
  std::map<std::string, Value> variables;
  if (argument.isSequence()) {
    if (argument.items.size() != 2 || argument.items[0]->kind != NodeKind::kString ||
        !argument.items[1]->isMapping())
      return invalid(argument, "Fn::Sub expects a string or [string, {variables}]");
    text_node = argument.items[0].get();
    bool ok = true;
    for (const TemplateMember& member : argument.items[1]->members) {
      std::optional<Value> value = evaluate(*member.value);
      if (value)
        variables[member.key] = std::move(*value);
      else
        ok = false;
    }
    if (!ok) return std::nullopt;
  } else if (argument.kind != NodeKind::kString) {
    return invalid(argument, "Fn::Sub expects a string or [string, {variables}]");
  }
  const std::string& text = text_node->text;
  std::string literal;
  ValueList parts;  // literal strings and variable values, in order
  bool known = true;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("${", i);
    if (open == std::string::npos) break;
    size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    literal += text.substr(i, open - i);
    i = close + 1;
    std::string name = text.substr(open + 2, close - open - 2);
    if (!name.empty() && name[0] == '!') {
      literal += "${" + name.substr(1) + "}";
      continue;
    }
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    std::optional<Value> value;
    if (auto it = variables.find(name); it != variables.end())
      value = it->second;
    else if (size_t dot = name.find('.'); dot != std::string::npos)
      value = attribute(name.substr(0, dot), name.substr(dot + 1), *text_node);
    else
      value = refName(name, *text_node);
    if (!value) return std::nullopt;
    if (!literal.empty()) parts.push_back(Value::string(std::move(literal)));
    literal.clear();
    if (!knownString(*value)) known = false;
    parts.push_back(std::move(*value));
  }
  literal += text.substr(std::min(i, text.size()));
  if (!literal.empty()) parts.push_back(Value::string(literal));
  if (parts.size() == 1 && parts[0].isUnknown()) return parts[0];
  if (!known) return Value::unknown("Fn::Sub(" + text + ")");
  std::string out;
  for (const Value& part : parts) {
    std::string piece = *knownString(part);
    if (out.size() + piece.size() > limits::kMaxValueSize) return tooLarge(argument, "Fn::Sub");
    out += piece;
  }
  return Value::string(out);
}

std::optional<Value> TemplateEvaluator::join(const TemplateNode& argument) {
  if (!argument.isSequence() || argument.items.size() != 2 ||
      argument.items[0]->kind != NodeKind::kString)
    return invalid(argument, "Fn::Join expects [delimiter, [values]]");
  std::optional<Value> list = evaluate(*argument.items[1]);
  if (!list) return std::nullopt;
  if (list->isUnknown()) return Value::unknown("Fn::Join(" + describe(*list) + ")");
  if (!list->isSequence()) return invalid(*argument.items[1], "Fn::Join expects a list of values");
  const ValueList& items = list->items();
  if (items.size() == 1 && items[0].isUnknown()) return items[0];
  std::string out;
  for (const Value& item : items) {
    std::optional<std::string> text = knownString(item);
    if (!text) return Value::unknown("Fn::Join(" + describeAll(items) + ")");
    const std::string& delimiter = &item != &items.front() ? argument.items[0]->text : "";
    if (out.size() + delimiter.size() + text->size() > limits::kMaxValueSize)
      return tooLarge(argument, "Fn::Join");
    out += delimiter;
    out += *text;
  }
  return Value::string(out);
}

std::optional<Value> TemplateEvaluator::select(const TemplateNode& argument) {
  if (!argument.isSequence() || argument.items.size() != 2)
    return invalid(argument, "Fn::Select expects [index, list]");
  std::optional<Value> index = evaluate(*argument.items[0]);
  std::optional<Value> list = evaluate(*argument.items[1]);
  if (!index || !list) return std::nullopt;
  if (index->isUnknown())
    return Value::unknown("Fn::Select(" + describe(*index) + ", " + describe(*list) + ")");
  std::optional<double> number = index->isNumber() ? index->asNumber() : hcl::toNumber(*index);
  if (!number || !hcl::isInteger(*number) || *number < 0)
    return invalid(*argument.items[0], "Fn::Select expects a non-negative whole index");
  size_t position = static_cast<size_t>(*number);
  if (list->isUnknown())
    return Value::unknown(list->description() + "[" + std::to_string(position) + "]");
  if (!list->isSequence()) return invalid(*argument.items[1], "Fn::Select expects a list");
  if (position >= list->items().size())
    return invalid(*argument.items[0], "Fn::Select index " + std::to_string(position) +
                                           " is out of range for a list of " +
                                           std::to_string(list->items().size()));
  return list->items()[position];
}

std::optional<Value> TemplateEvaluator::split(const TemplateNode& argument) {
  if (!argument.isSequence() || argument.items.size() != 2 ||
      argument.items[0]->kind != NodeKind::kString || argument.items[0]->text.empty())
    return invalid(argument, "Fn::Split expects [delimiter, string]");
  std::optional<Value> source = evaluate(*argument.items[1]);
  if (!source) return std::nullopt;
  std::optional<std::string> text = knownString(*source);
  if (!text) return Value::unknown("Fn::Split(" + describe(*source) + ")");
  const std::string& delimiter = argument.items[0]->text;
  // Counted before anything is built: one per element, the list, its bytes.
  size_t count = 1;
  for (size_t found = 0; (found = text->find(delimiter, found)) != std::string::npos;
       found += delimiter.size())
    ++count;
  if (1 + count + text->size() - (count - 1) * delimiter.size() > limits::kMaxValueSize) {
    diags_.error("value-too-large", argument.location(),
                 "Fn::Split would make a list of " + std::to_string(count) +
                     " elements, larger than " + std::to_string(limits::kMaxValueSize) +
                     " (bytes of its strings plus one per value)");
    return std::nullopt;
  }
  ValueList parts;
  size_t start = 0;
  for (size_t found; (found = text->find(delimiter, start)) != std::string::npos;
       start = found + delimiter.size())
    parts.push_back(Value::string(text->substr(start, found - start)));
  parts.push_back(Value::string(text->substr(start)));
  return Value::list(std::move(parts));
}

std::optional<Value> TemplateEvaluator::findInMap(const TemplateNode& argument) {
  if (!argument.isSequence() || argument.items.size() < 3 || argument.items.size() > 4)
    return invalid(argument, "Fn::FindInMap expects [MapName, TopLevelKey, SecondLevelKey]");
  std::optional<Value> fallback;
  if (argument.items.size() == 4) {
    const TemplateNode* default_node = argument.items[3]->find("DefaultValue");
    if (!default_node) return invalid(*argument.items[3], "expected {DefaultValue: value}");
    fallback = evaluate(*default_node);
    if (!fallback) return std::nullopt;
  }
  std::vector<std::string> keys;
  ValueList described;
  for (size_t i = 0; i < 3; ++i) {
    std::optional<Value> key = evaluate(*argument.items[i]);
    if (!key) return std::nullopt;
    described.push_back(*key);
    if (std::optional<std::string> text = knownString(*key)) keys.push_back(*text);
  }
  if (keys.size() < 3) return Value::unknown("FindInMap(" + describeAll(described) + ")");
  const TemplateNode* node = scope_.mappings ? scope_.mappings->find(keys[0]) : nullptr;
  if (!node) {
    if (fallback) return fallback;
    diags_.error("cfn-bad-ref", argument.items[0]->location(), "no mapping '" + keys[0] + "'");
    return std::nullopt;
  }
  for (size_t i = 1; i < 3; ++i) {
    node = node->find(keys[i]);
    if (node) continue;
    if (fallback) return fallback;
    return invalid(*argument.items[i], "mapping '" + keys[0] + "' has no key '" + keys[i] + "'");
  }
  return evaluate(*node);
}

std::optional<Value> TemplateEvaluator::cidr(const TemplateNode& argument) {
  if (!argument.isSequence() || argument.items.size() != 3)
    return invalid(argument, "Fn::Cidr expects [ipBlock, count, cidrBits]");
  ValueList args;
  for (const TemplateNodePtr& item : argument.items) {
    std::optional<Value> value = evaluate(*item);
    if (!value) return std::nullopt;
    args.push_back(std::move(*value));
  }
  std::optional<std::string> block = knownString(args[0]);
  std::optional<double> count_read = args[1].isUnknown() ? std::nullopt : hcl::toNumber(args[1]);
  std::optional<double> bits_read = args[2].isUnknown() ? std::nullopt : hcl::toNumber(args[2]);
  if (!block || !count_read || !bits_read)
    return Value::unknown("Fn::Cidr(" + describeAll(args) + ")");
  // Plain copies: GCC 12 at -O3 cannot see that the optionals are set here.
  double count = count_read.value_or(0);
  double bits = bits_read.value_or(0);
  size_t slash = block->find('/');
  int total = block->find(':') != std::string::npos ? 128 : 32;
  int prefix = slash == std::string::npos ? -1 : std::atoi(block->c_str() + slash + 1);
  if (prefix < 0)
    return invalid(*argument.items[0], "Fn::Cidr expects an address block in CIDR notation");
  if (!hcl::isInteger(count) || count < 1 || count > 256)
    return invalid(*argument.items[1], "Fn::Cidr count must be between 1 and 256");
  int new_bits = total - static_cast<int>(bits) - prefix;
  if (!hcl::isInteger(bits) || bits < 0 || new_bits < 0)
    return invalid(*argument.items[2],
                   "Fn::Cidr cidrBits " + hcl::formatNumber(bits) + " does not fit in " + *block);
  ValueList subnets;
  for (int i = 0; i < static_cast<int>(count); ++i) {
    hcl::CallResult result = hcl::callFunction(
        "cidrsubnet", {Value::string(*block), Value::number(new_bits), Value::number(i)});
    if (!result.ok()) return invalid(argument, "Fn::Cidr: " + result.error);
    subnets.push_back(std::move(result.value));
  }
  return Value::list(std::move(subnets));
}

std::optional<Value> TemplateEvaluator::ifFunction(const TemplateNode& argument) {
  if (!argument.isSequence() || argument.items.size() != 3 ||
      argument.items[0]->kind != NodeKind::kString)
    return invalid(argument, "Fn::If expects [ConditionName, value if true, value if false]");
  std::optional<Value> chosen = condition(argument.items[0]->text, argument.items[0]->location());
  if (!chosen) return std::nullopt;
  if (chosen->isBool()) return evaluate(*argument.items[chosen->asBool() ? 1 : 2]);
  std::optional<Value> when_true = evaluate(*argument.items[1]);
  std::optional<Value> when_false = evaluate(*argument.items[2]);
  if (!when_true || !when_false) return std::nullopt;
  if (*when_true == *when_false) return when_true;
  return Value::unknown("Fn::If(" + argument.items[0]->text + ")");
}

std::optional<Value> TemplateEvaluator::conditionFunction(const std::string& name,
                                                          const TemplateNode& argument) {
  if (!argument.isSequence()) return invalid(argument, name + " expects a list");
  if (name == "Fn::Equals") {
    if (argument.items.size() != 2) return invalid(argument, "Fn::Equals expects [a, b]");
    std::optional<Value> a = evaluate(*argument.items[0]);
    std::optional<Value> b = evaluate(*argument.items[1]);
    if (!a || !b) return std::nullopt;
    if (!a->isWhollyKnown() || !b->isWhollyKnown())
      return Value::unknown("Fn::Equals(" + describe(*a) + ", " + describe(*b) + ")");
    std::optional<std::string> sa = knownString(*a), sb = knownString(*b);
    return Value::boolean(sa && sb ? *sa == *sb : *a == *b);
  }
  size_t minimum = name == "Fn::Not" ? 1 : 2, maximum = name == "Fn::Not" ? 1 : 10;
  if (argument.items.size() < minimum || argument.items.size() > maximum)
    return invalid(argument, name + (name == "Fn::Not" ? " expects [condition]"
                                                       : " expects 2 to 10 conditions"));
  ValueList operands;
  for (const TemplateNodePtr& item : argument.items) {
    std::optional<Value> operand = conditionOperand(*item);
    if (!operand) return std::nullopt;
    operands.push_back(std::move(*operand));
  }
  if (name == "Fn::Not")
    return operands[0].isBool() ? Value::boolean(!operands[0].asBool())
                                : Value::unknown("Fn::Not(" + describe(operands[0]) + ")");
  bool is_and = name == "Fn::And";
  bool unknown = false;
  for (const Value& operand : operands) {
    if (!operand.isBool())
      unknown = true;
    else if (operand.asBool() != is_and)
      return Value::boolean(!is_and);
  }
  if (unknown) return Value::unknown(name + "(" + describeAll(operands) + ")");
  return Value::boolean(is_and);
}

std::optional<Value> TemplateEvaluator::conditionOperand(const TemplateNode& node) {
  if (node.isMapping() && node.members.size() == 1 && node.members[0].key == "Condition") {
    const TemplateNode& name = *node.members[0].value;
    if (name.kind != NodeKind::kString) return invalid(name, "Condition expects a name");
    return condition(name.text, name.location());
  }
  std::optional<Value> value = evaluate(node);
  if (!value) return std::nullopt;
  if (value->isBool() || value->isUnknown()) return value;
  if (value->isString() && (value->asString() == "true" || value->asString() == "false"))
    return Value::boolean(value->asString() == "true");
  return invalid(node, "expected a condition");
}

std::optional<Value> TemplateEvaluator::condition(const std::string& name,
                                                  const SourceLocation& at) {
  const TemplateMember* definition = scope_.conditions ? scope_.conditions->member(name) : nullptr;
  if (!definition) {
    diags_.error("cfn-bad-ref", at, "unknown condition '" + name + "'");
    return std::nullopt;
  }
  auto [it, inserted] = conditions_.try_emplace(name);
  if (!inserted) {
    if (it->second.state == ConditionState::kDone) return it->second.value;
    std::string cycle;
    auto start = std::find(condition_stack_.begin(), condition_stack_.end(), name);
    for (auto step = start; step != condition_stack_.end(); ++step) cycle += *step + " -> ";
    diags_.error("cfn-circular-condition", definition->key_range.location(),
                 "condition '" + name + "' depends on itself (" + cycle + name + ")");
    return std::nullopt;
  }
  if (condition_stack_.size() >= static_cast<size_t>(limits::kMaxReferenceChain)) {
    diags_.error("nesting-too-deep", definition->key_range.location(),
                 "more than " + std::to_string(limits::kMaxReferenceChain) +
                     " conditions wait on one another here, each referring to the next");
    return std::nullopt;
  }
  condition_stack_.push_back(name);
  std::optional<Value> value = conditionOperand(*definition->value);
  condition_stack_.pop_back();
  ConditionEntry& entry = conditions_[name];
  entry.state = ConditionState::kDone;
  entry.value = value;
  return value;
}

}  // namespace segproof::cloudformation
