// How wide a rule is, whatever its peer: security group rules that allow all
// protocols or a range of ports, network ACL allow entries for all protocols
// or every tcp/udp port. Least privilege asks for the protocols and ports a
// service uses (PCI DSS 1.2.5, NIST SP 800-53 CM-7) even between internal
// tiers; rule scanners report these shapes, so segproof does too, at
// severity info (they do not fail a run at the default --fail-on).
//
// Rules open to the internet are judged by open_rules.cc (with what they
// expose and a path verdict), so they are left out here, except the one
// shape open_rules.cc does not judge: a network ACL egress entry for every
// tcp/udp port to the internet.
#include <string>
#include <vector>

#include "lint/catalogue.h"
#include "lint/checks.h"

namespace segproof::lint {

namespace {

bool portProtocol(int protocol) { return protocol == kTcp || protocol == kUdp; }

// Packets to or from a loopback address never cross the network. A rule
// "all protocols to 127.0.0.1/32" is CloudFormation's idiom for a group
// that allows no egress (a group without egress rules gets AWS's allow-all
// one): it allows nothing and is not a finding.
bool loopback(const Cidr& cidr) {
  static const Cidr v4 = *parseCidr("127.0.0.0/8").cidr;
  static const Cidr v6 = *parseCidr("::1/128").cidr;
  return (cidr.isV4() ? v4 : v6).contains(cidr);
}

std::string peerText(const aws::Resources& resources, const LintRule& rule) {
  std::string way = rule.direction == Direction::kIngress ? "from " : "to ";
  if (rule.owner == LintRule::Owner::kSecurityGroup) {
    const aws::SecurityGroupRuleSpec& spec = resources.security_group_rules[rule.spec];
    if (spec.self) return way + "its own group";
    if (rule.only_peer_group_unknown) return way + "a group the inputs do not declare (" +
                                             spec.peer_group.address + ")";
    if (spec.peer_group.given()) return way + "group " + spec.peer_group.address;
    if (spec.prefix_list.given()) return way + "prefix list " + spec.prefix_list.address;
  }
  return way + (rule.cidr ? rule.cidr->str() : rule.cidr_text);
}

RuleFacts shapeFacts(const LintRule& rule) {
  RuleFacts facts;
  facts.owner = rule.parent;
  facts.network_acl = rule.owner == LintRule::Owner::kNetworkAcl;
  facts.direction = rule.direction;
  facts.protocol = rule.match->protocol;
  facts.ports = rule.match->ports;
  facts.peer = rule.cidr_text;
  facts.peer_canonical = rule.cidr ? rule.cidr->str() : "";
  facts.open = false;
  return facts;
}

std::optional<LintFinding> securityGroupShape(const aws::Resources& resources,
                                              const LintRule& rule) {
  const Match& match = *rule.match;
  std::string head = "security group rule " +
                     std::string(rule.direction == Direction::kIngress ? "admits " : "lets out ") +
                     matchText(match) + " " + peerText(resources, rule);
  std::optional<LintFinding> finding;
  if (match.protocol == kAnyProtocol) {
    finding = ruleFinding("sg-rule-all-protocols", rule, head,
                          "allow only the protocols and ports the peers use");
  } else if (portProtocol(match.protocol) && match.ports.from != match.ports.to) {
    finding = ruleFinding("sg-rule-port-range", rule,
                          head + ": a range of " +
                              std::to_string(match.ports.to - match.ports.from + 1) + " ports",
                          "allow only the ports the service listens on");
  }
  if (finding) finding->rule = shapeFacts(rule);
  return finding;
}

std::optional<LintFinding> aclShape(const LintRule& rule, bool internet) {
  const Match& match = *rule.match;
  std::string head = "network ACL entry " + std::to_string(rule.number) + " allows " +
                     matchText(match) +
                     (rule.direction == Direction::kIngress ? " in from " : " out to ") +
                     rule.cidr->str();
  std::optional<LintFinding> finding;
  if (match.protocol == kAnyProtocol) {
    if (internet) return std::nullopt;  // nacl-ingress/egress-all-protocols
    finding = ruleFinding("nacl-entry-all-protocols", rule, head,
                          "allow only the protocols the subnet uses (tcp and udp with their "
                          "ports, icmp where needed)");
  } else if (portProtocol(match.protocol) && match.ports.all()) {
    if (internet && rule.direction == Direction::kIngress) return std::nullopt;  // open_rules.cc
    finding = ruleFinding("nacl-entry-all-ports", rule,
                          head + ": every " + protocolName(match.protocol) + " port",
                          "allow the service ports and the ephemeral range (1024-65535) replies "
                          "need, not every port");
  }
  if (finding) finding->rule = shapeFacts(rule);
  return finding;
}

}  // namespace

std::vector<LintFinding> ruleShapeFindings(const LintContext& context) {
  std::vector<LintFinding> findings;
  for (const LintRule& rule : context.rules) {
    // Values the input does not fix are written in their widest form, and a
    // stand-in's allow-all rules are written by no one: judging either would
    // invent findings.
    if (!rule.match || rule.stand_in) continue;
    if (rule.has_unknowns && !rule.only_peer_group_unknown) continue;
    if (rule.cidr && !rule.only_peer_group_unknown && loopback(*rule.cidr)) continue;
    bool internet = !rule.only_peer_group_unknown && rule.cidr && coversInternet(*rule.cidr);
    std::optional<LintFinding> finding;
    if (rule.owner == LintRule::Owner::kSecurityGroup) {
      if (!internet) finding = securityGroupShape(context.resources, rule);
    } else if (rule.allow && rule.cidr) {
      finding = aclShape(rule, internet);
    }
    if (finding) findings.push_back(std::move(*finding));
  }
  return findings;
}

}  // namespace segproof::lint
