#include "frontends/cloudformation/template/template_parameters.h"

#include <fstream>
#include <sstream>

#include "frontends/common/input_file.h"
#include "frontends/common/json_document.h"

namespace segproof::cloudformation {

using hcl::Value;

namespace {

std::string trim(const std::string& text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// A parameter file's value as CloudFormation receives it: a string; lists
// are comma-joined.
Value jsonParameterValue(const json::Node& node) {
  if (node.isArray()) {
    std::string joined;
    for (const json::Node* item : node.items) joined += (joined.empty() ? "" : ",") + item->text;
    return Value::string(joined);
  }
  if (node.kind == json::Kind::kBool) return Value::string(node.boolean ? "true" : "false");
  return Value::string(node.text);
}

void readParameterFile(const std::string& path, ParameterInputs& inputs, DiagnosticEngine& diags) {
  std::string text;
  ReadStatus read = readInputFile(path, text, diags);
  if (read == ReadStatus::kTooLarge) return;
  if (read == ReadStatus::kUnreadable) {
    diags.error("cfn-parameter-file", {path, 0, 0}, "cannot read parameter file");
    return;
  }
  diags.addSource(path, text);
  std::optional<json::Document> document = json::Document::parse(path, text, diags);
  if (!document || !document->root()) return;
  const json::Node& root = *document->root();
  if (root.isArray()) {
    for (const json::Node* entry : root.items) {
      const json::Node* key = entry->isObject() ? entry->find("ParameterKey") : nullptr;
      const json::Node* value = entry->isObject() ? entry->find("ParameterValue") : nullptr;
      if (!key || !key->isString() || !value) {
        diags.error("cfn-parameter-file", entry->location,
                    "expected {\"ParameterKey\": name, \"ParameterValue\": value}");
        continue;
      }
      inputs[key->text] = {jsonParameterValue(*value), entry->location};
    }
    return;
  }
  const json::Node* parameters = root.isObject() ? root.find("Parameters") : nullptr;
  if (!parameters || !parameters->isObject()) {
    diags.error("cfn-parameter-file", root.location,
                "expected [{\"ParameterKey\": ..., \"ParameterValue\": ...}] or "
                "{\"Parameters\": {name: value}}");
    return;
  }
  for (const json::Member& member : parameters->members)
    inputs[member.key] = {jsonParameterValue(*member.value), member.key_location};
}

}  // namespace

ParameterInputs readParameterInputs(const TemplateOptions& options,
                                    const std::string& template_file, DiagnosticEngine& diags) {
  ParameterInputs inputs;
  for (const std::string& path : options.parameter_files) readParameterFile(path, inputs, diags);
  for (const auto& [name, value] : options.parameters)
    inputs[name] = {Value::string(value), {template_file, 0, 0}};
  return inputs;
}

Value typedParameter(const std::string& type, const Value& raw,
                     const std::string& unknown_description) {
  if (raw.isUnknown()) return raw;
  if (type.rfind("AWS::SSM::Parameter::Value<", 0) == 0) return Value::unknown(unknown_description);
  std::string text;
  if (raw.isSequence()) {
    for (const Value& item : raw.items()) {
      if (item.isUnknown()) return raw;
      text += (text.empty() ? "" : ",") + hcl::toString(item).value_or("");
    }
  } else if (raw.isString()) {
    text = raw.asString();
  } else if (!raw.isNull()) {
    text = hcl::toString(raw).value_or("");
  }
  if (type == "Number") {
    if (std::optional<double> number = hcl::toNumber(Value::string(text)))
      return Value::number(*number);
    return Value::string(text);
  }
  if (type == "CommaDelimitedList" || type.rfind("List<", 0) == 0) {
    hcl::ValueList items;
    if (trim(text).empty()) return Value::list({});
    std::stringstream parts(text);
    for (std::string part; std::getline(parts, part, ',');)
      items.push_back(Value::string(trim(part)));
    if (!text.empty() && text.back() == ',') items.push_back(Value::string(""));
    return Value::list(std::move(items));
  }
  return Value::string(text);
}

}  // namespace segproof::cloudformation
