// TemplateEvaluator: CloudFormation's intrinsic functions and conditions on
// a TemplateNode tree, giving hcl::Value.
//
// Both forms are read: short YAML tags (`!Sub`, `!GetAtt A.B`) and long
// forms (`{"Fn::Sub": ...}`, `{"Ref": ...}`). What is only known at deploy
// time is unknown, described as stack.h says ("WebSG.Ref", "WebSG.GroupId",
// "Parameters.Name", "ImportValue.X", "AWS::AccountId", "GetAZs"); selecting
// a known index of an unknown list gives the unknown "<list>[i]".
//
// `AWS::NoValue` evaluates to noValue(): mappings and sequences drop it, and
// the reader drops properties that are noValue().
//
// Errors are reported and the result is nullopt: "cfn-invalid" (unknown
// function, wrong argument shape, a missing mapping key), "cfn-bad-ref" (Ref
// or GetAtt of an undeclared name, unknown condition), and
// "cfn-circular-condition". Conditions are evaluated once each.
#ifndef SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_EVALUATOR_H_
#define SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_EVALUATOR_H_

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "frontends/cloudformation/template/template_node.h"
#include "frontends/terraform/eval/value.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::cloudformation {

// The value standing for AWS::NoValue while a property is evaluated.
hcl::Value noValue();
bool isNoValue(const hcl::Value& value);

// What the evaluated template declares, and what the input fixes.
struct TemplateScope {
  std::string prefix;                            // "" or "Network/" in a nested stack
  std::map<std::string, hcl::Value> parameters;  // declared parameters, typed
  std::map<std::string, hcl::Value> pseudo;      // "AWS::Region" given by the user...
  std::set<std::string> resources;               // logical ids (without the prefix)
  std::set<std::string> nested_stacks;           // those of type AWS::CloudFormation::Stack
  const TemplateNode* mappings = nullptr;
  const TemplateNode* conditions = nullptr;
  // The outputs of nested stack `id`, or nullptr when the stack cannot be
  // read (its outputs are then unknown).
  std::function<const std::map<std::string, hcl::Value>*(const std::string& id)> nested_outputs;
};

class TemplateEvaluator {
 public:
  TemplateEvaluator(const TemplateScope& scope, DiagnosticEngine& diags)
      : scope_(scope), diags_(diags) {}

  std::optional<hcl::Value> evaluate(const TemplateNode& node) { return evaluate(node, true); }

  // Condition `name` as a bool Value, or an unknown when it depends on
  // unknowns; nullopt after an error (undeclared, circular, malformed).
  std::optional<hcl::Value> condition(const std::string& name, const SourceLocation& at);

 private:
  enum class ConditionState { kEvaluating, kDone };
  struct ConditionEntry {
    ConditionState state = ConditionState::kEvaluating;
    std::optional<hcl::Value> value;
  };

  // `honor_tag` is false for the argument of a short form: `!Base64 {...}`.
  std::optional<hcl::Value> evaluate(const TemplateNode& node, bool honor_tag);
  std::optional<hcl::Value> call(const std::string& name, const TemplateNode& argument,
                                 const TemplateNode& at);
  // Fn::Base64, Fn::ImportValue and Fn::Length of their evaluated argument.
  std::optional<hcl::Value> unary(const std::string& name, const hcl::Value& value,
                                  const TemplateNode& at);
  std::optional<hcl::Value> ref(const TemplateNode& argument);
  std::optional<hcl::Value> refName(const std::string& name, const TemplateNode& at);
  std::optional<hcl::Value> getAtt(const TemplateNode& argument);
  std::optional<hcl::Value> attribute(const std::string& resource, const std::string& name,
                                      const TemplateNode& at);
  std::optional<hcl::Value> sub(const TemplateNode& argument);
  std::optional<hcl::Value> join(const TemplateNode& argument);
  std::optional<hcl::Value> select(const TemplateNode& argument);
  std::optional<hcl::Value> split(const TemplateNode& argument);
  std::optional<hcl::Value> findInMap(const TemplateNode& argument);
  std::optional<hcl::Value> cidr(const TemplateNode& argument);
  std::optional<hcl::Value> ifFunction(const TemplateNode& argument);
  std::optional<hcl::Value> conditionFunction(const std::string& name,
                                              const TemplateNode& argument);
  // An argument of And/Or/Not: a condition function or {Condition: name}.
  std::optional<hcl::Value> conditionOperand(const TemplateNode& node);

  // The function a node calls ("Fn::Join", "Ref", ...) and its argument, or
  // nullptr when the node is plain data.
  const TemplateNode* functionOf(const TemplateNode& node, std::string& name, bool honor_tag) const;
  std::optional<std::string> knownString(const hcl::Value& value) const;
  std::optional<hcl::Value> invalid(const TemplateNode& at, const std::string& message);
  // "value-too-large": `function` would make a string past kMaxStringBytes.
  std::optional<hcl::Value> tooLarge(const TemplateNode& at, const char* function);

  const TemplateScope& scope_;
  DiagnosticEngine& diags_;
  std::map<std::string, ConditionEntry> conditions_;
  std::vector<std::string> condition_stack_;
};

}  // namespace segproof::cloudformation

#endif  // SEGPROOF_FRONTENDS_CLOUDFORMATION_TEMPLATE_TEMPLATE_EVALUATOR_H_
