// Security groups named by resources the model does not carry
// (aws::Resources::other_group_uses), so that `segproof lint` does not call
// a group unused because what uses it is not modelled: a launch template, a
// Lambda function outside every VPC, an instance or load balancer left out
// for an unknown subnet. Any attribute, at any depth, that resolves to a group counts; an
// unknown value that may name groups is kept as an unknown use.
#include "frontends/terraform/mapping/mapping_context.h"

namespace segproof::terraform::mapping {

namespace {

constexpr Types kGroupTypes = {"aws_security_group", "aws_default_security_group"};

bool namesGroups(const std::string& text) {
  return text.find("security_group") != std::string::npos;
}

}  // namespace

void AwsMapper::recordGroupUses(const ResourceInstance& in) { recordGroupUses(in.body, false, in); }

void AwsMapper::recordGroupUses(const EvalBody& body, bool group_key, const ResourceInstance& in) {
  for (const auto& [name, attribute] : body.attributes) {
    if (name == "tags" || name == "tags_all") continue;
    recordGroupUse(attribute.value, attribute.range.location(), group_key || namesGroups(name), in);
  }
  for (const EvalBlock& block : body.blocks)
    recordGroupUses(block.body, group_key || namesGroups(block.type), in);
}

// `group_key`: the value sits under a key that names security groups
// (security_groups, vpc_security_group_ids...), so an unknown there may be
// any group.
void AwsMapper::recordGroupUse(const hcl::Value& value, const SourceLocation& where, bool group_key,
                               const ResourceInstance& in) {
  if (value.isSequence()) {
    for (const hcl::Value& item : value.items()) recordGroupUse(item, where, group_key, in);
    return;
  }
  if (value.isMap()) {
    for (const auto& [key, item] : value.entries())
      recordGroupUse(item, where, group_key || namesGroups(key), in);
    return;
  }
  if (!value.isUnknown() && !value.isString()) return;
  Reference found = reference(value, where, kGroupTypes, in);
  if (found.resolved()) {
    out_.other_group_uses.push_back(found.ref);
  } else if (value.isUnknown() && (group_key || namesGroups(value.description()))) {
    out_.other_group_uses.push_back(Ref{value.description(), where, true});
  }
}

}  // namespace segproof::terraform::mapping
