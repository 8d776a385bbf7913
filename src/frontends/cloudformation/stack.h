// Evaluated CloudFormation resources: what the template reader
// (template/template_reader.h) produces from a YAML or JSON template and what
// the AWS mapping (mapping/cfn_mapping.h) reads.
//
// Values are hcl::Value (the Terraform evaluator's value type, shared so the
// same unknown-value machinery serves both). Intrinsic functions are
// evaluated; what CloudFormation only learns at deploy time is unknown, and
// its description says where it comes from:
//   - `!Ref WebSG` (a resource): Value::unknown("WebSG.Ref");
//   - `!GetAtt WebSG.GroupId`: Value::unknown("WebSG.GroupId");
//   - a parameter without default or value: Value::unknown("Parameters.Name");
//   - `!ImportValue X`: Value::unknown("ImportValue.X");
//   - pseudo parameters the input does not fix (AWS::AccountId...):
//     Value::unknown("AWS::AccountId").
// Resources of a nested stack carry the stack's logical id as a prefix:
// "Network/WebSG", and references inside it say "Network/WebSG.Ref".
// Properties that AWS::NoValue removes, and resources whose Condition is
// false, are absent.
#ifndef SEGPROOF_FRONTENDS_CLOUDFORMATION_STACK_H_
#define SEGPROOF_FRONTENDS_CLOUDFORMATION_STACK_H_

#include <string>
#include <vector>

#include "frontends/terraform/instance.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::cloudformation {

struct Resource {
  std::string logical_id;  // "WebSG", "Network/WebSG" inside nested stack "Network"
  std::string type;        // "AWS::EC2::SecurityGroup"
  SourceLocation location; // the resource's key in the template
  // Properties: one attribute per property (value + range of the value).
  // A property whose value is a list of objects (SecurityGroupIngress,
  // NetworkInterfaces, Tags...) is also given as blocks, one per element, of
  // the property's name, each with the element's range and its keys as
  // attributes, so that every rule keeps its own line and column.
  terraform::EvalBody properties;
};

// Everything one template (with its nested stacks) describes.
struct Stack {
  std::vector<std::string> files;     // the template and nested templates read
  std::vector<Resource> resources;
  std::vector<terraform::Gap> gaps;   // parts left out (a nested stack not on disk...)
};

}  // namespace segproof::cloudformation

#endif  // SEGPROOF_FRONTENDS_CLOUDFORMATION_STACK_H_
