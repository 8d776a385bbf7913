// The CloudFormation mapping: evaluated CloudFormation resources (stack.h)
// become the plain AWS resource descriptions of src/aws/resources.h. This is
// syntax only: AWS defaults, reference checks and CIDR parsing stay in
// aws::buildNetwork. docs/cloudformation-resources.md lists each resource
// type, the properties read and the decisions taken.
//
// Contract:
//   - every spec is named by its logical id, with the nested stack prefix
//     ("Network/WebSG"), and located at the resource's key; rules, routes and
//     interfaces written inside a resource are located at their list element;
//     references become aws::Ref to the referenced logical id, located at the
//     property;
//   - a reference resolves when it is the unknown "<LogicalId>.<attribute>"
//     (Ref or GetAtt) of a resource of the stack; a known string ("sg-0abc")
//     names something outside the template, except for the properties that
//     name a resource by name (SecurityGroups, SourceSecurityGroupName,
//     DBSubnetGroupName, CacheSubnetGroupName, DBClusterIdentifier, an EKS
//     node group's ClusterName), which also match the resource's name
//     property; GetAtt Vpc.CidrBlock (or a subnet's) is the block the template
//     writes, GetAtt X.VpcId the VPC that X names, GetAtt
//     Vpc.DefaultSecurityGroup / DefaultNetworkAcl the VPC's implicit element,
//     GetAtt Cluster.ClusterSecurityGroupId the group EKS creates
//     ("<Cluster>/cluster-security-group", added by the mapping) and GetAtt
//     Tgw.AssociationDefaultRouteTableId / PropagationDefaultRouteTableId the
//     transit gateway's default route table ("<Tgw>/default-route-table");
//   - unknown values are never dropped: rule values are widened and listed in
//     the rule's `unknowns`; routes, CIDRs and placements that cannot be known
//     are left out with an aws::UncertaintySpec and an "unknown-value"
//     warning; security groups outside the template become synthetic
//     allow-all groups, with an uncertainty about membership;
//   - network resource types not modelled yet get one "cfn-unsupported"
//     warning per type; other types are ignored silently;
//   - managed services placed in subnets (databases, caches, Lambda, ECS,
//     EKS, search domains, interface endpoints) are aws::ServiceSpec, one per
//     resource;
//   - load balancers, listeners (with their rules' target groups), target
//     groups and targets (registered in the group, by an ECS service, or
//     with a classic load balancer) are aws::LoadBalancerSpec,
//     ListenerSpec, TargetGroupSpec and TargetSpec;
//   - security groups that resources the model does not carry name (a launch
//     template, an instance, service or load balancer left out) are
//     recorded in `other_group_uses`;
//   - with `out.keep_unplaced` (lint), a rule's group outside the template is
//     also kept as an unknown `peer_group` beside its widened CIDR, and a
//     route to a peering connection outside the template is kept;
//   - a wrong property type or a missing required property is a "cfn-invalid"
//     diagnostic and the element is skipped.
// Specs are appended to `out`; `out.files` is left to the caller.
#ifndef SEGPROOF_FRONTENDS_CLOUDFORMATION_MAPPING_CFN_MAPPING_H_
#define SEGPROOF_FRONTENDS_CLOUDFORMATION_MAPPING_CFN_MAPPING_H_

#include <string>
#include <vector>

#include "aws/resources.h"
#include "frontends/cloudformation/stack.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::cloudformation {

void mapCloudFormation(const Stack& stack, aws::Resources& out, DiagnosticEngine& diags);

// The resource types mapped, in the order they are mapped (dependencies
// first).
std::vector<std::string> mappedCloudFormationTypes();

}  // namespace segproof::cloudformation

#endif  // SEGPROOF_FRONTENDS_CLOUDFORMATION_MAPPING_CFN_MAPPING_H_
