// Security group rules and network ACL entries as AWS reads them, taken from
// the resources as written (aws::Resources), not from the built network: a
// rule-level check judges a rule even when its group's VPC is not in the
// inputs. Every lint check starts from these.
#ifndef SEGPROOF_LINT_RULES_H_
#define SEGPROOF_LINT_RULES_H_

#include <optional>
#include <string>
#include <vector>

#include "aws/resources.h"
#include "segproof/lint/lint.h"
#include "segproof/model/ip.h"
#include "segproof/model/network.h"

namespace segproof::lint {

struct LintRule {
  enum class Owner : uint8_t { kSecurityGroup, kNetworkAcl };
  Owner owner = Owner::kSecurityGroup;
  size_t spec = 0;  // index into Resources::security_group_rules / network_acl_rules
  // The resource as the input names it and the rule inside it (see
  // LintFinding): "aws_security_group.web" / "aws_security_group.web.ingress[0]",
  // or "aws_security_group_rule.ssh" for both.
  std::string resource;
  std::string element;
  SourceLocation location;
  // The group or ACL the rule belongs to, as referenced ("aws_security_group.web",
  // "sg-0123", or the description of a value the input does not fix).
  std::string parent;
  bool parent_known = true;  // false: the reference is not fixed by the input
  Direction direction = Direction::kIngress;
  std::optional<Match> match;  // nullopt: not valid as written (the builder reports it)
  // The CIDR peer, when the rule has one, as written and as AWS reads it
  // (any /0 is every address of its family).
  std::string cidr_text;
  std::optional<Cidr> cidr;
  bool has_unknowns = false;  // some value not fixed: the widest form is written
  // The one value not fixed is the peer, a security group the inputs do not
  // declare (a stand-in 0.0.0.0/0 is written for it): not the internet.
  bool only_peer_group_unknown = false;
  bool stand_in = false;      // a rule of a stand-in for a group outside the inputs
  // Network ACL entries only.
  int number = 0;
  bool allow = true;
};

// Every rule of `resources`, security group rules first, each list in input
// order. A rule whose protocol or ports AWS would refuse has no `match`; the
// reason goes to `problems` (the caller reports those the network build did
// not already report: rules of groups outside the network reach only lint).
std::vector<LintRule> lintRules(const aws::Resources& resources, DiagnosticEngine& problems);

// Whether `cidr` admits every internet address of its family (the whole
// public IPv4 space, or global unicast IPv6): in practice a /0.
bool coversInternet(const Cidr& cidr);

}  // namespace segproof::lint

#endif  // SEGPROOF_LINT_RULES_H_
