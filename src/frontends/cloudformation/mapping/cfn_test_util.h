// Helpers for the CloudFormation mapping tests: build Stack objects by hand,
// the way the template reader would, and map them.
//
// Locations are synthetic and predictable: the n-th resource added (from 0)
// has its key at template.yaml:<10n+1>:3 and its k-th scalar property (from
// 0, in the order given) at template.yaml:<10n+2+k>:5. A list property
// written with `elements` is at template.yaml:<line>:5; its i-th element is
// a block at <line+1+5i>:7 whose k-th key is at <line+2+5i+k>:9.
#ifndef SEGPROOF_FRONTENDS_CLOUDFORMATION_MAPPING_CFN_TEST_UTIL_H_
#define SEGPROOF_FRONTENDS_CLOUDFORMATION_MAPPING_CFN_TEST_UTIL_H_

#include <string>
#include <utility>
#include <vector>

#include "frontends/cloudformation/mapping/cfn_mapping.h"

namespace segproof::cloudformation::testing {

using hcl::Value;
using Attributes = std::vector<std::pair<std::string, Value>>;

inline Value str(const std::string& text) { return Value::string(text); }
inline Value num(double value) { return Value::number(value); }
inline Value boolean(bool value) { return Value::boolean(value); }
// `!Ref X` is ref("X"), `!GetAtt X.GroupId` is att("X.GroupId").
inline Value ref(const std::string& logical_id) { return Value::unknown(logical_id + ".Ref"); }
inline Value att(const std::string& attribute) { return Value::unknown(attribute); }
inline Value unknown(const std::string& description) { return Value::unknown(description); }
inline Value list(hcl::ValueList items) { return Value::list(std::move(items)); }
inline Value object(hcl::ValueMap entries) { return Value::map(std::move(entries)); }
inline Value strs(const std::vector<std::string>& texts) {
  hcl::ValueList items;
  for (const std::string& text : texts) items.push_back(Value::string(text));
  return Value::list(items);
}

inline hcl::SourceRange rangeAt(int line, int column) {
  return {"template.yaml", {line, column, 0}, {line, column + 1, 0}};
}

// A list-of-objects property: SecurityGroupIngress, NetworkInterfaces, Tags...
struct ListProperty {
  std::string name;
  std::vector<Attributes> elements;
  int line;
};

inline ListProperty elements(const std::string& name, std::vector<Attributes> items, int line) {
  return {name, std::move(items), line};
}

class StackBuilder {
 public:
  Resource& add(const std::string& logical_id, const std::string& type,
                const Attributes& properties, const std::vector<ListProperty>& lists = {}) {
    Resource resource;
    resource.logical_id = logical_id;
    resource.type = type;
    int line = static_cast<int>(stack.resources.size()) * 10 + 1;
    resource.location = rangeAt(line, 3).location();
    for (const auto& [name, value] : properties)
      resource.properties.attributes[name] = {value, rangeAt(++line, 5)};
    for (const ListProperty& property : lists) {
      hcl::ValueList values;
      for (size_t i = 0; i < property.elements.size(); ++i) {
        int at = property.line + 1 + 5 * static_cast<int>(i);
        terraform::EvalBlock block{property.name, rangeAt(at, 7), {}};
        hcl::ValueMap entries;
        for (const auto& [key, value] : property.elements[i]) {
          block.body.attributes[key] = {value, rangeAt(++at, 9)};
          entries[key] = value;
        }
        resource.properties.blocks.push_back(std::move(block));
        values.push_back(Value::map(std::move(entries)));
      }
      resource.properties.attributes[property.name] = {Value::list(std::move(values)),
                                                       rangeAt(property.line, 5)};
    }
    stack.resources.push_back(std::move(resource));
    return stack.resources.back();
  }

  Stack stack;
};

// A VPC 10.0.0.0/16 with subnets SubnetA and SubnetB: resources 0-2 (lines
// 1, 11, 21); tests add theirs after.
inline StackBuilder vpcWithTwoSubnets() {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("SubnetA", "AWS::EC2::Subnet", {{"VpcId", ref("Vpc")}, {"CidrBlock", str("10.0.1.0/24")}});
  b.add("SubnetB", "AWS::EC2::Subnet", {{"VpcId", ref("Vpc")}, {"CidrBlock", str("10.0.2.0/24")}});
  return b;
}

// The addresses the references name, in order.
using Names = std::vector<std::string>;
inline Names addresses(const std::vector<aws::Ref>& refs) {
  Names out;
  for (const aws::Ref& r : refs) out.push_back(r.address);
  return out;
}

inline aws::Resources mapStack(const Stack& stack, DiagnosticEngine& diags) {
  aws::Resources out;
  mapCloudFormation(stack, out, diags);
  return out;
}

}  // namespace segproof::cloudformation::testing

#endif  // SEGPROOF_FRONTENDS_CLOUDFORMATION_MAPPING_CFN_TEST_UTIL_H_
