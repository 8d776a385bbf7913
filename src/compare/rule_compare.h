// Rule by rule comparison of matched elements for `segproof drift`
// (compare/drift.h, docs/drift.md): the security group rules, network ACL
// entries and routes that one side of a matched pair has and the other
// does not.
//
// Rules compare by what they mean: a security group rule by direction,
// protocol, ports or ICMP type and code, and peer; a network ACL entry by
// number, direction, action, match and CIDR; a route by destination,
// target kind and target. Peers and targets that are elements (groups,
// prefix lists, gateways, interfaces) compare through the matching: a code
// rule "from aws_security_group.app" equals a live rule "from sg-0d5e..."
// when those two groups are matched, and a peer matched to nothing equals
// nothing. Duplicates count once; descriptions are not compared.
#ifndef SEGPROOF_COMPARE_RULE_COMPARE_H_
#define SEGPROOF_COMPARE_RULE_COMPARE_H_

#include <vector>

#include "compare/resource_match.h"
#include "segproof/compare/drift.h"
#include "segproof/model/network.h"

namespace segproof::compare {

// The differences of every matched security group, network ACL, route
// table and transit gateway route table, pair by pair in code order, code
// side first within a pair.
std::vector<RuleDifference> compareRules(const Network& code, const Network& live,
                                         const ElementMatching& matching);

}  // namespace segproof::compare

#endif  // SEGPROOF_COMPARE_RULE_COMPARE_H_
