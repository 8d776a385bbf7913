// Security groups named by resources the model does not carry
// (aws::Resources::other_group_uses), so that `segproof lint` does not call
// a group unused because what uses it is not modelled: a launch template, an
// instance, a Lambda function or a load balancer left out for an unknown
// subnet. Any property, at any depth, that resolves to a group
// counts; an unknown value that may name groups is kept as an unknown use.
#include "frontends/cloudformation/mapping/cfn_mapper.h"

namespace segproof::cloudformation::mapping {

namespace {

// SecurityGroups, SecurityGroupIds, VpcSecurityGroupIds; a launch template's
// NetworkInterfaces[].Groups.
bool namesGroups(const std::string& key) {
  return key.find("SecurityGroup") != std::string::npos || key == "Groups";
}

}  // namespace

void CfnMapper::recordGroupUses(const Resource& in) {
  // Lists of objects are also given as blocks: the attributes hold it all.
  for (const auto& [name, property] : in.properties.attributes) {
    if (name == "Tags") continue;
    recordGroupUse(property.value, property.range.location(), namesGroups(name), in);
  }
}

// `group_key`: the value sits under a key that names security groups
// (SecurityGroups, SecurityGroupIds...), so an unknown there may be any group.
void CfnMapper::recordGroupUse(const hcl::Value& value, const SourceLocation& where, bool group_key,
                               const Resource& in) {
  if (value.isSequence()) {
    for (const hcl::Value& item : value.items()) recordGroupUse(item, where, group_key, in);
    return;
  }
  if (value.isMap()) {
    for (const auto& [key, item] : value.entries())
      recordGroupUse(item, where, group_key || namesGroups(key), in);
    return;
  }
  if (!value.isUnknown()) return;  // a written id names a group outside the template
  Reference found = reference(value, where, {"AWS::EC2::SecurityGroup"}, in);
  if (found.resolved()) {
    out_.other_group_uses.push_back(found.ref);
  } else if (group_key) {
    out_.other_group_uses.push_back(Ref{value.description(), where, true});
  }
}

}  // namespace segproof::cloudformation::mapping
