// Unknown values: the two networks that bound every value the input leaves
// open, how their verdicts combine, and the words that explain the result.
//
// A rule with unknowns is written in its widest form and stands for "possibly
// this wide, possibly absent". Reachability grows when an allow rule widens or
// a deny rule goes (security groups only allow; network ACLs match first), so
//   OVER  keeps security group rules and ACL allow rules with unknowns in their
//         widest form and drops ACL deny rules with unknowns: every flow of
//         every value is a flow of OVER;
//   UNDER drops security group rules and ACL allow rules with unknowns and
//         keeps ACL deny rules with unknowns in their widest form: every flow
//         of UNDER is a flow of every value.
// A flow of UNDER is therefore certain and a proof over OVER is valid for
// every value (docs/aws-modeling.md, "Unknown values").
//
// Parts of the network left out for unknown values (Network::uncertainties)
// are not bounded this way: no proof covers them, and a flow through a VPC
// that has one may not exist as found.
#ifndef SEGPROOF_SOLVE_UNKNOWNS_H_
#define SEGPROOF_SOLVE_UNKNOWNS_H_

#include <optional>
#include <string>
#include <vector>

#include "segproof/model/network.h"
#include "segproof/query/result.h"

namespace segproof {

// Whether any security group or network ACL rule has unknown values.
bool hasUnknownRules(const Network& network);

// OVER, when it differs from `network` (which is OVER when no ACL deny rule
// has unknowns); nullopt otherwise.
std::optional<Network> overApproximation(const Network& network);

// UNDER: `network` without the rules that may be absent.
Network underApproximation(const Network& network);

// Whether the verdict rests on flows found (a violated negative assertion, a
// holding `reachable`) rather than on a proof that none exists.
bool witnessVerdict(const AssertionResult& result);

// The verdict for every value, from the verdicts over OVER and UNDER of one
// assertion: UNDER's flows are certain, OVER's proofs are valid; when the two
// disagree the verdict is unknown and the reason names the unknown values.
AssertionResult combineBounds(const Network& network, AssertionResult over, AssertionResult under);

// "depends on unknown values: var.office_cidr (main.tf:12:5), ...": the
// unknowns of the rules on the paths of `witnesses` (OVER's flows), or of
// every rule when the paths name none; at most five.
std::string dependsReason(const Network& network, const std::vector<Witness>& witnesses);

// "var.office_cidr (main.tf:12:5), ...": the unknowns of every rule, at most
// five.
std::string ruleUnknownsText(const Network& network);

// "var.a (main.tf:3:5): route 0 of aws_route_table.a is left out; ...", at
// most five.
std::string uncertaintiesText(const Network& network);

// Per VPC, whether a part of it is left out; `everywhere` when a part whose
// VPC is not known is; `any` when the network has an uncertainty at all.
struct UncertainVpcs {
  std::vector<bool> vpcs;
  bool everywhere = false;
  bool any = false;
};
UncertainVpcs uncertainVpcs(const Network& network);

}  // namespace segproof

#endif  // SEGPROOF_SOLVE_UNKNOWNS_H_
