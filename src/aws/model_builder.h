// ModelBuilder: AWS meaning. Turns the resources of all inputs into one
// validated Network, applying AWS's rules and defaults:
//   - references resolve by address (or name) within their kind; a dangling
//     reference is an error ("unknown-reference") at the reference's location;
//   - CIDRs are parsed and canonicalised (10.1.2.3/16 -> 10.1.0.0/16, with a
//     "non-canonical-cidr" warning; 1.2.3.4/0 is every address);
//   - protocols: "-1"/"all" any, names and numbers; tcp/udp ports 0-65535
//     (absent: all); icmp type/code -1 any;
//   - every VPC gets an implicit default security group (all inbound from its
//     members, all outbound), default network ACL (allow all both ways, rule
//     100 and the implicit deny) and main route table (local routes only),
//     unless the input defines or adopts them;
//   - every route table gets the local route of each VPC CIDR;
//   - a subnet without an explicit association uses the main route table and
//     the default network ACL;
//   - an interface without groups gets its VPC's default group;
//   - public IPv4: an explicit associate flag wins, else the subnet's
//     map_public_ip_on_launch; an Elastic IP always gives one; databases with
//     publicly_accessible get one;
//   - a database with several candidate subnets becomes one interface per
//     subnet (it may be placed in, or fail over to, any of them);
//   - an application, network or classic load balancer has one node (an
//     interface of kind load balancer) per subnet, with its groups (none
//     given: the VPC's default group, but no group for a network one); its
//     listeners forward to target groups whose targets are interfaces or
//     addresses; a gateway load balancer is only warned about
//     ("load-balancer-not-analysed").
// Errors are reported to `diags`; the returned network is complete only when
// no error was reported.
#ifndef SEGPROOF_AWS_MODEL_BUILDER_H_
#define SEGPROOF_AWS_MODEL_BUILDER_H_

#include "aws/resources.h"
#include "segproof/diag/diagnostic.h"
#include "segproof/model/network.h"

namespace segproof::aws {

Network buildNetwork(const Resources& resources, DiagnosticEngine& diags);

}  // namespace segproof::aws

#endif  // SEGPROOF_AWS_MODEL_BUILDER_H_
