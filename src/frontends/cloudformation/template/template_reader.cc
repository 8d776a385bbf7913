#include "frontends/cloudformation/template/template_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "frontends/common/input_file.h"
#include "frontends/common/limits.h"
#include "frontends/cloudformation/template/template_evaluator.h"
#include "frontends/cloudformation/template/template_node.h"
#include "frontends/cloudformation/template/template_parameters.h"

namespace segproof::cloudformation {

namespace fs = std::filesystem;

namespace {

using hcl::Value;

constexpr const char* kNestedStackType = "AWS::CloudFormation::Stack";

// What a template gives its reader (or its parent stack).
struct TemplateResult {
  std::vector<Resource> resources;
  std::map<std::string, Value> outputs;
};

// The range of `key: value`, from the key to the value's end.
hcl::SourceRange memberRange(const TemplateMember& member) {
  return {member.key_range.file, member.key_range.begin, member.value->range.end};
}

// One property: an attribute and, for a list of objects, one block per
// object. `item_nodes`, when given, are the nodes the list's elements were
// evaluated from; otherwise elements are matched to the written list when it
// has as many, and take the property's range when not.
void addProperty(terraform::EvalBody& body, const std::string& name, const Value& value,
                 const TemplateNode* node, const hcl::SourceRange& range,
                 const std::vector<const TemplateNode*>* item_nodes = nullptr) {
  body.attributes[name] = {value, range};
  if (!value.isSequence()) return;
  const hcl::ValueList& items = value.items();
  std::vector<const TemplateNode*> written;
  if (!item_nodes && node && node->tag.empty() && node->isSequence() &&
      node->items.size() == items.size()) {
    for (const TemplateNodePtr& item : node->items) written.push_back(item.get());
  }
  if (!item_nodes) item_nodes = &written;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].isMap()) continue;
    const TemplateNode* item = i < item_nodes->size() ? (*item_nodes)[i] : nullptr;
    bool literal = item && item->tag.empty() && item->isMapping();
    terraform::EvalBlock block{name, item ? item->range : range, {}};
    for (const auto& [key, entry] : items[i].entries()) {
      const TemplateMember* member = literal ? item->member(key) : nullptr;
      addProperty(block.body, key, entry, member ? member->value.get() : nullptr,
                  member ? memberRange(*member) : block.range);
    }
    body.blocks.push_back(std::move(block));
  }
}

// A parameter's Default as the string CloudFormation would receive.
Value defaultValue(const TemplateNode& node) {
  if (node.isSequence()) {
    std::string joined;
    for (const TemplateNodePtr& item : node.items)
      joined += (joined.empty() ? "" : ",") + item->text;
    return Value::string(joined);
  }
  return Value::string(node.text);
}

// One template being read: its scope, its evaluator, and the nested stacks
// it has loaded (on demand, since an output may be used before the stack).
class TemplateInstance {
 public:
  TemplateInstance(Stack& stack, DiagnosticEngine& diags, std::string file,
                   const TemplateNode& root, std::string prefix, std::vector<std::string> chain)
      : stack_(stack),
        diags_(diags),
        file_(std::move(file)),
        root_(root),
        chain_(std::move(chain)),
        evaluator_(scope_, diags) {
    scope_.prefix = std::move(prefix);
    chain_.push_back(fs::path(file_).lexically_normal().generic_string());
  }

  TemplateResult read(const ParameterInputs& inputs, std::map<std::string, Value> pseudo);

 private:
  enum class NestedState { kLoading, kLoaded, kUnavailable };
  struct Nested {
    NestedState state = NestedState::kLoading;
    TemplateResult result;
  };

  void declareParameters(const ParameterInputs& inputs);
  void declareResources();
  void readResource(const TemplateMember& member, TemplateResult& result);
  terraform::EvalBody properties(const TemplateNode& node);
  const std::map<std::string, Value>* nestedOutputs(const std::string& id);
  void loadNested(const std::string& id, Nested& nested);
  // The local file a nested stack's TemplateURL names, or nullopt after a
  // warning (not local) or an error (cycle, too deep).
  ParameterInputs nestedParameters(const std::string& id, const TemplateNode* parameters,
                                   TemplateEvaluator& evaluator);
  std::optional<std::string> nestedTemplatePath(const std::string& id,
                                                const std::optional<Value>& url,
                                                const SourceLocation& at);
  void unavailable(const std::string& id, const std::string& url, const SourceLocation& at,
                   const std::string& why);
  bool included(const TemplateNode& owner);

  Stack& stack_;
  DiagnosticEngine& diags_;
  std::string file_;
  const TemplateNode& root_;
  std::vector<std::string> chain_;  // the templates from the root to this one
  TemplateScope scope_;
  TemplateEvaluator evaluator_;
  std::map<std::string, Nested> nested_;
};

TemplateResult TemplateInstance::read(const ParameterInputs& inputs,
                                      std::map<std::string, Value> pseudo) {
  TemplateResult result;
  if (!root_.isMapping()) {
    diags_.error("cfn-invalid", root_.location(), "a template must be a mapping");
    return result;
  }
  if (const TemplateMember* transform = root_.member("Transform")) {
    diags_.warning("cfn-unsupported", transform->key_range.location(),
                   "Transform is not applied: resources and properties that macros add "
                   "are not read");
  }
  scope_.pseudo = std::move(pseudo);
  scope_.mappings = root_.find("Mappings");
  scope_.conditions = root_.find("Conditions");
  scope_.nested_outputs = [this](const std::string& id) { return nestedOutputs(id); };
  declareParameters(inputs);
  declareResources();
  if (const TemplateNode* resources = root_.find("Resources");
      resources && resources->isMapping()) {
    for (const TemplateMember& member : resources->members) readResource(member, result);
  } else if (resources) {
    diags_.error("cfn-invalid", resources->location(), "Resources must be a mapping");
  }
  if (const TemplateNode* outputs = root_.find("Outputs"); outputs && outputs->isMapping()) {
    for (const TemplateMember& output : outputs->members) {
      const TemplateNode* value = output.value->find("Value");
      if (!value || !included(*output.value)) continue;
      if (std::optional<Value> evaluated = evaluator_.evaluate(*value))
        result.outputs[output.key] = std::move(*evaluated);
    }
  }
  return result;
}

void TemplateInstance::declareParameters(const ParameterInputs& inputs) {
  const TemplateNode* parameters = root_.find("Parameters");
  if (parameters && parameters->isMapping()) {
    for (const TemplateMember& member : parameters->members) {
      const TemplateNode* type = member.value->find("Type");
      std::string type_name = type && type->isScalar() ? type->text : "String";
      std::string unknown = scope_.prefix + "Parameters." + member.key;
      Value raw;
      if (auto it = inputs.find(member.key); it != inputs.end()) {
        raw = it->second.value;
      } else if (const TemplateNode* fallback = member.value->find("Default")) {
        raw = defaultValue(*fallback);
      } else {
        diags_.warning("cfn-unset-parameter", member.key_range.location(),
                       "parameter '" + member.key +
                           "' has no value (no Default, parameter file or --param); it is unknown");
        raw = Value::unknown(unknown);
      }
      scope_.parameters[member.key] = typedParameter(type_name, raw, unknown);
    }
  }
  for (const auto& [name, input] : inputs) {
    if (name.rfind("AWS::", 0) == 0) {
      if (name != "AWS::NoValue") scope_.pseudo[name] = input.value;
    } else if (!scope_.parameters.count(name)) {
      diags_.warning("cfn-undeclared-parameter", input.location,
                     "parameter '" + name + "' is not declared in " + file_);
    }
  }
}

void TemplateInstance::declareResources() {
  const TemplateNode* resources = root_.find("Resources");
  if (!resources || !resources->isMapping()) return;
  for (const TemplateMember& member : resources->members) {
    scope_.resources.insert(member.key);
    const TemplateNode* type = member.value->find("Type");
    if (type && type->text == kNestedStackType) scope_.nested_stacks.insert(member.key);
  }
}

// False when the node's Condition is false or fails; an unknown condition
// keeps the resource, with a warning.
bool TemplateInstance::included(const TemplateNode& owner) {
  const TemplateNode* condition = owner.isMapping() ? owner.find("Condition") : nullptr;
  if (!condition) return true;
  if (condition->kind != NodeKind::kString) {
    diags_.error("cfn-invalid", condition->location(), "Condition expects a condition name");
    return false;
  }
  std::optional<Value> value = evaluator_.condition(condition->text, condition->location());
  if (!value) return false;
  if (value->isBool()) return value->asBool();
  diags_.warning("cfn-unknown-condition", condition->location(),
                 "condition '" + condition->text + "' depends on " + value->description() +
                     "; the resource is read as if it were true");
  return true;
}

void TemplateInstance::readResource(const TemplateMember& member, TemplateResult& result) {
  if (member.key.rfind("Fn::ForEach", 0) == 0) {
    diags_.warning("cfn-unsupported", member.key_range.location(),
                   "Fn::ForEach is not expanded: the resources it generates are not read");
    return;
  }
  const TemplateNode& node = *member.value;
  const TemplateNode* type = node.isMapping() ? node.find("Type") : nullptr;
  if (!type || type->kind != NodeKind::kString) {
    diags_.error("cfn-invalid", member.key_range.location(),
                 "resource '" + member.key + "' needs a Type");
    return;
  }
  if (!included(node)) return;
  Resource resource;
  resource.logical_id = scope_.prefix + member.key;
  resource.type = type->text;
  resource.location = member.key_range.location();
  if (const TemplateNode* properties = node.find("Properties"))
    resource.properties = this->properties(*properties);
  result.resources.push_back(std::move(resource));
  if (type->text != kNestedStackType) return;
  nestedOutputs(member.key);
  Nested& nested = nested_[member.key];
  for (Resource& child : nested.result.resources) result.resources.push_back(std::move(child));
  nested.result.resources.clear();
}

terraform::EvalBody TemplateInstance::properties(const TemplateNode& node) {
  terraform::EvalBody body;
  if (node.kind == NodeKind::kNull) return body;
  if (!node.tag.empty() || !node.isMapping()) {
    std::optional<Value> value = evaluator_.evaluate(node);
    if (!value) return body;
    if (!value->isMap()) {
      if (!value->isUnknown())
        diags_.error("cfn-invalid", node.location(), "Properties must be a mapping");
      return body;
    }
    for (const auto& [key, entry] : value->entries())
      addProperty(body, key, entry, nullptr, node.range);
    return body;
  }
  for (const TemplateMember& member : node.members) {
    const TemplateNode& written = *member.value;
    if (written.tag.empty() && written.isSequence()) {
      // Element by element, so that each keeps its node when AWS::NoValue
      // removes others.
      hcl::ValueList items;
      std::vector<const TemplateNode*> item_nodes;
      bool ok = true;
      for (const TemplateNodePtr& item : written.items) {
        std::optional<Value> value = evaluator_.evaluate(*item);
        if (!value) ok = false;
        if (!value || isNoValue(*value)) continue;
        items.push_back(std::move(*value));
        item_nodes.push_back(item.get());
      }
      if (ok)
        addProperty(body, member.key, Value::list(std::move(items)), &written, memberRange(member),
                    &item_nodes);
      continue;
    }
    std::optional<Value> value = evaluator_.evaluate(written);
    if (!value || isNoValue(*value)) continue;
    addProperty(body, member.key, *value, &written, memberRange(member));
  }
  return body;
}

const std::map<std::string, Value>* TemplateInstance::nestedOutputs(const std::string& id) {
  auto [it, inserted] = nested_.try_emplace(id);
  if (inserted) loadNested(id, it->second);
  return it->second.state == NestedState::kLoaded ? &it->second.result.outputs : nullptr;
}

void TemplateInstance::unavailable(const std::string& id, const std::string& url,
                                   const SourceLocation& at, const std::string& why) {
  std::string address = scope_.prefix + id;
  diags_.warning(
      "cfn-nested-stack-unavailable", at,
      "nested stack '" + address + "' (" + url + ") " + why + "; its resources are not analysed");
  stack_.gaps.push_back({address + " (" + url + ")", at, "its resources are not analysed"});
}

// The nested stack's properties were evaluated, and their problems reported,
// as the resource's own properties: here they are evaluated quietly.
void TemplateInstance::loadNested(const std::string& id, Nested& nested) {
  nested.state = NestedState::kUnavailable;
  DiagnosticEngine quiet;
  TemplateEvaluator evaluator(scope_, quiet);
  const TemplateNode* resource = root_.find("Resources")->find(id);
  const TemplateNode* properties = resource->find("Properties");
  const TemplateMember* url_member = properties ? properties->member("TemplateURL") : nullptr;
  if (!url_member) {
    unavailable(id, "no TemplateURL", resource->location(), "has no TemplateURL");
    return;
  }
  std::optional<std::string> path =
      nestedTemplatePath(id, evaluator.evaluate(*url_member->value), url_member->value->location());
  if (!path) return;
  ParameterInputs inputs = nestedParameters(id, properties->find("Parameters"), evaluator);
  std::string text;
  ReadStatus read = readInputFile(*path, text, diags_, url_member->value->location());
  if (read == ReadStatus::kTooLarge) return;
  if (read == ReadStatus::kUnreadable) {
    unavailable(id, *path, url_member->value->location(), "cannot be read");
    return;
  }
  diags_.addSource(*path, text);
  stack_.files.push_back(*path);
  TemplateNodePtr root = parseTemplateText(*path, text, diags_);
  if (!root) return;
  std::map<std::string, Value> pseudo = scope_.pseudo;
  pseudo.erase("AWS::StackName");
  pseudo.erase("AWS::StackId");
  TemplateInstance child(stack_, diags_, *path, *root, scope_.prefix + id + "/", chain_);
  nested.result = child.read(inputs, std::move(pseudo));
  nested.state = NestedState::kLoaded;
}

// Values that fail to evaluate (the error is reported with the resource)
// are unknown, as the nested template's parameter.
ParameterInputs TemplateInstance::nestedParameters(const std::string& id,
                                                   const TemplateNode* parameters,
                                                   TemplateEvaluator& evaluator) {
  ParameterInputs inputs;
  if (!parameters) return inputs;
  if (!parameters->tag.empty() || !parameters->isMapping()) {
    std::optional<Value> values = evaluator.evaluate(*parameters);
    if (values && values->isMap()) {
      for (const auto& [name, value] : values->entries())
        inputs[name] = {value, parameters->location()};
    }
    return inputs;
  }
  for (const TemplateMember& member : parameters->members) {
    std::optional<Value> value = evaluator.evaluate(*member.value);
    if (value && isNoValue(*value)) continue;
    inputs[member.key] = {
        value ? *value : Value::unknown(scope_.prefix + id + "/Parameters." + member.key),
        member.key_range.location()};
  }
  return inputs;
}

std::optional<std::string> TemplateInstance::nestedTemplatePath(const std::string& id,
                                                                const std::optional<Value>& url,
                                                                const SourceLocation& at) {
  if (!url) return std::nullopt;  // reported with the resource's properties
  if (!url->isString()) {
    unavailable(id, url->isUnknown() ? url->description() : url->str(), at,
                "has a TemplateURL that is not known");
    return std::nullopt;
  }
  const std::string& location = url->asString();
  if (location.find("://") != std::string::npos || location.rfind("s3:", 0) == 0) {
    unavailable(id, location, at, "is not a local file");
    return std::nullopt;
  }
  std::string path = (fs::path(file_).parent_path() / location).lexically_normal().generic_string();
  if (std::find(chain_.begin(), chain_.end(), path) != chain_.end()) {
    diags_.error("cfn-nested-cycle", at,
                 "nested stack '" + scope_.prefix + id + "' reads " + path + ", which contains it");
    return std::nullopt;
  }
  if (static_cast<int>(chain_.size()) > limits::kMaxNestedStackDepth) {
    diags_.error("cfn-nested-depth", at,
                 "nested stacks are deeper than " + std::to_string(limits::kMaxNestedStackDepth));
    return std::nullopt;
  }
  return path;
}

}  // namespace

bool isCloudFormationTemplate(std::string_view text) {
  if (text.find("AWSTemplateFormatVersion") == std::string_view::npos &&
      text.find("Resources") == std::string_view::npos)
    return false;
  DiagnosticEngine ignored;
  TemplateNodePtr root = parseTemplateText("", text, ignored);
  if (!root || !root->isMapping()) return false;
  if (root->member("AWSTemplateFormatVersion")) return true;
  const TemplateNode* resources = root->find("Resources");
  if (!resources || !resources->isMapping()) return false;
  for (const TemplateMember& member : resources->members) {
    const TemplateNode* type = member.value->isMapping() ? member.value->find("Type") : nullptr;
    if (type && type->kind == NodeKind::kString && type->text.rfind("AWS::", 0) == 0) return true;
  }
  return false;
}

Stack readTemplate(const std::string& file, std::string_view text, const TemplateOptions& options,
                   DiagnosticEngine& diags) {
  Stack stack;
  stack.files.push_back(file);
  ParameterInputs inputs = readParameterInputs(options, file, diags);
  TemplateNodePtr root = parseTemplateText(file, text, diags);
  if (!root) return stack;
  TemplateInstance instance(stack, diags, file, *root, "", {});
  stack.resources = instance.read(inputs, {}).resources;
  return stack;
}

}  // namespace segproof::cloudformation
