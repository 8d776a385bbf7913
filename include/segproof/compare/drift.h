// Drift (`segproof drift IAC SNAPSHOT`, docs/drift.md): what a live account
// (a snapshot) has that its code does not, and the reverse. Resources of
// the two networks are matched (by cloud id, by Name tag, by AWS name, by
// address blocks), each match saying why; unmatched resources are listed
// per side; matched security groups, network ACLs and route tables are
// compared rule by rule; and reachability is compared end to end
// (compare/diff.h) with the code as BEFORE and the live network as AFTER,
// so an opened flow is reachability the live network has and the code
// does not.
#ifndef SEGPROOF_COMPARE_DRIFT_H_
#define SEGPROOF_COMPARE_DRIFT_H_

#include <string>
#include <vector>

#include "segproof/compare/diff.h"
#include "segproof/model/network.h"

namespace segproof {

// Kinds of resources drift matches: "VPC", "subnet", "security group",
// "network ACL", "route table", "internet gateway", "NAT gateway",
// "peering", "gateway" (VPN gateway, VPC endpoint, egress-only gateway...),
// "prefix list", "transit gateway", "transit gateway attachment", "transit
// gateway route table", "load balancer", "target group", "endpoint" (an
// instance, database or other owner of interfaces; the nodes of a load
// balancer belong to the load balancer).
struct ResourceMatch {
  std::string kind;
  std::string code;  // the element's name in the code network
  std::string live;  // and in the live network
  // Why they match: "cloud id sg-0a1b", "Name tag prod-web", "AWS name
  // prod-web", "CIDR 10.0.1.0/24 in matched VPC", "the VPC's default group".
  std::string how;
  SourceLocation code_location;
  SourceLocation live_location;
};

struct OneSidedResource {
  std::string kind;
  std::string name;
  SourceLocation location;
};

// A rule (security group rule, network ACL entry, route) of a matched pair
// that only one side has. Rules compare by what they mean, with peers that
// name groups and prefix lists translated through the matching.
struct RuleDifference {
  // "security group", "network ACL", "route table", "transit gateway route table"
  std::string kind;
  std::string code;  // the matched elements' names
  std::string live;
  bool live_only = true;  // false: in the code only
  // "ingress tcp/22 from 0.0.0.0/0", "rule 100 ingress allow tcp/443 from
  // 0.0.0.0/0", "0.0.0.0/0 -> NAT gateway aws_nat_gateway.a"; a peer or
  // target matched to nothing is followed by "(unmatched)".
  std::string rule;
  SourceLocation location;  // where that side writes it
};

struct ResourceMatching {
  std::vector<ResourceMatch> matches;
  std::vector<OneSidedResource> code_only;
  std::vector<OneSidedResource> live_only;
  std::vector<RuleDifference> rule_differences;
  // Ends for the reachability comparison, endpoints then load balancers:
  // one per matched pair ("CODE = LIVE": resource:CODE on the code side,
  // resource:LIVE on the live side), then one per element on one side only
  // ("CODE (code only)", "LIVE (live only)": no selector on the other
  // side). No internet end.
  std::vector<DiffEnd> ends;
  // Keys that several elements share ("ambiguous Name tag app (security
  // group): 1 in the code, 2 live; none matched by it").
  std::vector<std::string> notes;
};

// Matches `code` against `live`: the elements of each kind by the keys of
// docs/drift.md (cloud id, Name tag, AWS name, structure, in that order),
// then the rules of matched pairs. Deterministic; no element is matched
// twice.
ResourceMatching matchResources(const Network& code, const Network& live);

struct DriftReport {
  ResourceMatching matching;
  DiffReport reachability;  // BEFORE = code, AFTER = live
};

}  // namespace segproof

#endif  // SEGPROOF_COMPARE_DRIFT_H_
