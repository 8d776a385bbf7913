// Model-level checks: the constraints AWS itself enforces when resources are
// created, so that a model AWS would reject is never proved correct.
//
// Checked (all errors, at the offending element's provenance):
//   "invalid-cidr-size"    an IPv4 VPC or subnet block outside /16../28;
//   "overlapping-cidrs"    two blocks of one VPC overlap;
//   "subnet-outside-vpc"   a subnet's block lies in none of its VPC's blocks;
//   "overlapping-subnets"  two subnets of one VPC overlap;
//   "ip-outside-subnet"    a fixed private IP outside its subnet's block, or
//                          a fixed IPv6 address outside its IPv6 block;
//   "reserved-ip"          a fixed private IP or IPv6 address among the five
//                          AWS reserves in every subnet block (the first
//                          four and the last);
//   "duplicate-ip"         one fixed address used twice in a VPC;
//   "invalid-ip"           an IPv4 address among an interface's IPv6 ones;
//   "overlapping-peering"  a peering between VPCs with overlapping blocks
//                          (or a VPC and itself), which AWS refuses;
//   "missing-security-group"      an interface without a group (only a node
//                                 of a network load balancer may have none);
//   "invalid-load-balancer-node"  a load balancer's node that is not an
//                                 interface of kind kLoadBalancer naming it,
//                                 or such an interface it does not list;
//   "invalid-target-group"        a listener forwarding to no target group;
//   "invalid-target"              a target with neither an interface nor an
//                                 IPv4 address.
//
// REQUIRES: `network` was built without errors (every Id is valid), as
// aws::buildNetwork guarantees before calling this.
#ifndef SEGPROOF_MODEL_VALIDATE_H_
#define SEGPROOF_MODEL_VALIDATE_H_

#include "segproof/diag/diagnostic.h"
#include "segproof/model/network.h"

namespace segproof {

void validateNetwork(const Network& network, DiagnosticEngine& diags);

}  // namespace segproof

#endif  // SEGPROOF_MODEL_VALIDATE_H_
