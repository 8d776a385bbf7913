// The AWS mapping: evaluated Terraform resources (instance.h) become the
// plain AWS resource descriptions of src/aws/resources.h. This is syntax
// only: AWS defaults, reference checks and CIDR parsing stay in
// aws::buildNetwork. docs/terraform-resources.md lists each resource type,
// the attributes read and the decisions taken.
//
// Contract:
//   - every spec is named by its instance address ("module.net.aws_subnet.a[0]")
//     and located at the resource block's header; references become aws::Ref
//     to the referenced instance's address, located at the attribute;
//   - a reference resolves when it is the unknown "<address>.<attribute>" of
//     an instance of the configuration, or a known string equal to the `id`
//     of an instance (or, for legacy name arguments, its `name`);
//   - unknown values are never dropped: rule values are widened and listed in
//     the rule's `unknowns`; routes, CIDRs and placements that cannot be known
//     are left out with an aws::UncertaintySpec and an "unknown-value" warning;
//     security groups outside the configuration become synthetic allow-all
//     groups;
//   - elements AWS creates without the code writing them are named after
//     their creator: "<cluster>/cluster-security-group" (EKS),
//     "<transit gateway>/default-route-table", "aws-managed:<service_name>"
//     (the prefix list of a gateway VPC endpoint, content unknown);
//   - network resource types not modelled yet, and the forms of mapped types
//     not modelled yet (a Gateway Load Balancer endpoint), get one
//     "terraform-unsupported" warning per type; other types are ignored
//     silently;
//   - security groups that resources the model does not carry name (a launch
//     template, an instance or load balancer left out) are recorded in
//     `other_group_uses`;
//   - a load balancer's listener rules add their target groups to the
//     listener (they choose by host or path, which the model does not see);
//     targets the model does not carry (an autoscaling group's instances)
//     are uncertainties;
//   - with `out.keep_unplaced` (lint), a rule's group outside the
//     configuration is also kept as an unknown `peer_group` beside its
//     widened CIDR, and a route to a peering connection outside it is kept;
//   - provider-level mistakes (a wrong type, a missing required argument) are
//     "terraform-invalid" diagnostics and the element is skipped.
// Specs are appended to `out`; `out.files` is left to the caller.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_MAPPING_AWS_MAPPING_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_MAPPING_AWS_MAPPING_H_

#include "aws/resources.h"
#include "frontends/terraform/instance.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::terraform {

void mapAwsResources(const Configuration& config, aws::Resources& out, DiagnosticEngine& diags);

}  // namespace segproof::terraform

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_MAPPING_AWS_MAPPING_H_
