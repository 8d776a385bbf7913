// ModelBuilder: security groups, network ACLs, protocols, ports and peers.
#include <catch2/catch.hpp>

#include "aws/model_builder.h"
#include "aws/test_resources.h"

namespace segproof::aws {
namespace {

using namespace testing;

// basic() plus group "web-sg" (line 4) and the given rule on it.
Network buildWithRule(const SecurityGroupRuleSpec& spec, DiagnosticEngine& diags) {
  Resources r = basic();
  r.security_groups.push_back(group("web-sg", "prod", 4));
  r.security_group_rules.push_back(spec);
  return buildNetwork(r, diags);
}

// The match of the only ingress rule of web-sg, built from `spec`.
Match ingressMatch(SecurityGroupRuleSpec spec) {
  DiagnosticEngine diags;
  Network net = buildWithRule(spec, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  const SecurityGroup& sg = named(net.security_groups, "web-sg");
  REQUIRE(sg.rules.size() >= 1);
  return sg.rules[0].match;
}

SecurityGroupRuleSpec ingress(const std::string& protocol) {
  return rule("web-sg", Direction::kIngress, protocol, "0.0.0.0/0", 5);
}

SecurityGroupRuleSpec withPorts(SecurityGroupRuleSpec spec, std::optional<long long> from,
                                std::optional<long long> to) {
  if (from) spec.match.from_port = number(*from, 5);
  if (to) spec.match.to_port = number(*to, 6);
  return spec;
}

TEST_CASE("protocol names and numbers", "[aws][match]") {
  CHECK(ingressMatch(ingress("tcp")).protocol == kTcp);
  CHECK(ingressMatch(ingress("UDP")).protocol == kUdp);
  CHECK(ingressMatch(ingress("icmp")).protocol == kIcmp);
  CHECK(ingressMatch(ingress("icmpv6")).protocol == kIcmpV6);
  CHECK(ingressMatch(ingress("6")).protocol == kTcp);
  CHECK(ingressMatch(ingress("50")).protocol == 50);
  CHECK(ingressMatch(ingress("0")).protocol == 0);
  CHECK(ingressMatch(ingress("-1")).protocol == kAnyProtocol);
  CHECK(ingressMatch(ingress("all")).protocol == kAnyProtocol);
}

TEST_CASE("invalid protocols are errors at the protocol", "[aws][match]") {
  DiagnosticEngine diags;
  buildWithRule(ingress("tcpp"), diags);
  CHECK(diags.renderAll() ==
        "net.yaml:5:9: error[invalid-protocol]: invalid protocol 'tcpp' (expected tcp, udp, "
        "icmp, icmpv6, all, -1 or a number 0-255)\n");
  DiagnosticEngine range;
  buildWithRule(ingress("256"), range);
  CHECK(range.renderAll() ==
        "net.yaml:5:9: error[invalid-protocol]: invalid protocol '256' (expected tcp, udp, "
        "icmp, icmpv6, all, -1 or a number 0-255)\n");
  SecurityGroupRuleSpec missing = ingress("");
  missing.match.protocol.location = {};
  DiagnosticEngine none;
  buildWithRule(missing, none);
  CHECK(none.renderAll() == "net.yaml:5:3: error[invalid-protocol]: missing protocol\n");
}

TEST_CASE("tcp and udp without ports match every port", "[aws][match]") {
  CHECK(ingressMatch(ingress("tcp")).ports.all());
  CHECK(ingressMatch(ingress("udp")).ports.all());
}

TEST_CASE("tcp ports are an inclusive range; one port stands for both ends", "[aws][match]") {
  Match range = ingressMatch(withPorts(ingress("tcp"), 8000, 8080));
  CHECK(range.ports.from == 8000);
  CHECK(range.ports.to == 8080);
  Match single = ingressMatch(withPorts(ingress("tcp"), 443, std::nullopt));
  CHECK(single.ports.from == 443);
  CHECK(single.ports.to == 443);
}

TEST_CASE("tcp 0-0 is port 0, not every port", "[aws][match]") {
  Match zero = ingressMatch(withPorts(ingress("tcp"), 0, 0));
  CHECK(zero.ports.from == 0);
  CHECK(zero.ports.to == 0);
  CHECK_FALSE(zero.ports.all());
}

TEST_CASE("protocol all ignores whatever the port fields say", "[aws][match]") {
  Match any = ingressMatch(withPorts(ingress("-1"), 22, 22));
  CHECK(any.protocol == kAnyProtocol);
  CHECK(any.ports.all());
}

TEST_CASE("ports outside 0-65535 or reversed are errors", "[aws][match]") {
  DiagnosticEngine high;
  buildWithRule(withPorts(ingress("tcp"), 22, 70000), high);
  CHECK(high.renderAll() ==
        "net.yaml:6:9: error[invalid-port]: port 70000 is out of range (0-65535)\n");
  DiagnosticEngine negative;
  buildWithRule(withPorts(ingress("udp"), -1, std::nullopt), negative);
  CHECK(negative.renderAll() ==
        "net.yaml:5:9: error[invalid-port]: port -1 is out of range (0-65535)\n");
  DiagnosticEngine reversed;
  buildWithRule(withPorts(ingress("tcp"), 8080, 80), reversed);
  CHECK(reversed.renderAll() ==
        "net.yaml:5:9: error[invalid-port]: port range 8080-80 is reversed (the first port is "
        "greater than the last)\n");
}

TEST_CASE("ICMP type and code, -1 meaning any", "[aws][match]") {
  SecurityGroupRuleSpec echo = ingress("icmp");
  echo.match.icmp_type = number(8, 5);
  echo.match.icmp_code = number(-1, 5);
  Match match = ingressMatch(echo);
  CHECK(match.icmp_type == 8);
  CHECK(match.icmp_code == -1);
  Match any = ingressMatch(ingress("icmp"));
  CHECK(any.icmp_type == -1);
  CHECK(any.icmp_code == -1);
}

TEST_CASE("ICMP type and code come from the port fields when not given apart", "[aws][match]") {
  Match match = ingressMatch(withPorts(ingress("icmp"), 3, 4));
  CHECK(match.icmp_type == 3);
  CHECK(match.icmp_code == 4);
  CHECK(match.ports.all());
}

TEST_CASE("ICMP values outside -1..255 are errors", "[aws][match]") {
  SecurityGroupRuleSpec spec = ingress("icmpv6");
  spec.match.icmp_type = number(256, 7);
  DiagnosticEngine diags;
  buildWithRule(spec, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:7:9: error[invalid-icmp]: ICMP type 256 is out of range (-1 for any, or "
        "0-255)\n");
}

TEST_CASE("other protocols have no ports", "[aws][match]") {
  Match esp = ingressMatch(withPorts(ingress("50"), 500, 500));
  CHECK(esp.protocol == 50);
  CHECK(esp.ports.all());
}

TEST_CASE("rule peers: CIDR, prefix list, another group, self", "[aws][security-groups]") {
  Resources r = basic();
  r.prefix_lists.push_back({prov("corp", 3), "corp", {text("10.0.0.0/8", 3)}, true});
  r.security_groups.push_back(group("web-sg", "prod", 4));
  r.security_groups.push_back(group("lb-sg", "prod", 5));
  r.security_group_rules.push_back(rule("web-sg", Direction::kIngress, "tcp", "10.0.0.0/8", 6));
  auto list = rule("web-sg", Direction::kIngress, "tcp", "", 7);
  list.prefix_list = ref("corp", 7);
  auto other = rule("web-sg", Direction::kIngress, "tcp", "", 8);
  other.peer_group = ref("lb-sg", 8);
  auto self = rule("web-sg", Direction::kIngress, "all", "", 9);
  self.self = true;
  r.security_group_rules.insert(r.security_group_rules.end(), {list, other, self});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const SecurityGroup& web = named(net.security_groups, "web-sg");
  REQUIRE(web.rules.size() == 4);
  CHECK(web.rules[0].peer.kind == RulePeer::Kind::kCidr);
  CHECK(web.rules[0].peer.cidr.str() == "10.0.0.0/8");
  CHECK(web.rules[0].provenance.location.str() == "net.yaml:6:3");
  CHECK(web.rules[1].peer.kind == RulePeer::Kind::kPrefixList);
  CHECK(net.at(web.rules[1].peer.prefix_list).name == "corp");
  CHECK(web.rules[2].peer.kind == RulePeer::Kind::kSecurityGroup);
  CHECK(net.at(web.rules[2].peer.security_group).name == "lb-sg");
  CHECK(web.rules[3].peer.kind == RulePeer::Kind::kSecurityGroup);
  CHECK(net.at(web.rules[3].peer.security_group).name == "web-sg");
}

TEST_CASE("a rule needs exactly one peer", "[aws][security-groups]") {
  DiagnosticEngine none;
  buildWithRule(rule("web-sg", Direction::kIngress, "tcp", "", 5), none);
  CHECK(none.renderAll() ==
        "net.yaml:5:3: error[invalid-peer]: security group rule needs exactly one peer (a "
        "CIDR, a prefix list, a security group or self), found 0\n");
  auto two = rule("web-sg", Direction::kIngress, "tcp", "10.0.0.0/8", 5);
  two.self = true;
  DiagnosticEngine both;
  buildWithRule(two, both);
  CHECK(both.renderAll() ==
        "net.yaml:5:3: error[invalid-peer]: security group rule needs exactly one peer (a "
        "CIDR, a prefix list, a security group or self), found 2\n");
}

TEST_CASE("a rule naming an unknown group is an error", "[aws][security-groups]") {
  auto spec = rule("web-sg", Direction::kIngress, "tcp", "", 5);
  spec.peer_group = ref("lb-sgg", 5);
  DiagnosticEngine diags;
  buildWithRule(spec, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:5:9: error[unknown-reference]: unknown security group 'lb-sgg'\n");
}

// The provenance and peer of `group`'s egress rules.
std::vector<SecurityGroupRule> egressOf(const Network& net, const std::string& group) {
  std::vector<SecurityGroupRule> out;
  for (const SecurityGroupRule& r : named(net.security_groups, group).rules)
    if (r.direction == Direction::kEgress) out.push_back(r);
  return out;
}

TEST_CASE("keep_default_egress gives allow-all egress when no egress rule is written",
          "[aws][security-groups]") {
  Resources r = basic();
  r.security_groups.push_back(group("kept", "prod", 4));     // CloudFormation-like
  r.security_groups.push_back(group("removed", "prod", 5));  // Terraform-like
  r.security_groups.push_back(group("written", "prod", 6));  // egress written
  r.security_groups[0].keep_default_egress = true;
  r.security_groups[2].keep_default_egress = true;
  r.security_group_rules.push_back(rule("written", Direction::kEgress, "tcp", "10.0.0.0/8", 7));
  r.security_group_rules.push_back(rule("kept", Direction::kIngress, "tcp", "10.0.0.0/8", 8));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  auto kept = egressOf(net, "kept");
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].match.protocol == kAnyProtocol);
  CHECK(kept[0].peer.cidr == anyV4());
  CHECK(kept[0].provenance.address == "kept/default-egress");
  CHECK(kept[0].provenance.location.str() == "net.yaml:4:3");
  CHECK(egressOf(net, "removed").empty());
  auto written = egressOf(net, "written");
  REQUIRE(written.size() == 1);
  CHECK(written[0].match.protocol == kTcp);
}

TEST_CASE("with an IPv6 block, AWS's defaults also allow all IPv6", "[aws][security-groups][ipv6]") {
  Resources r = basic();
  r.vpcs[0].cidrs.push_back(text("2600:1f18::/56", 1));
  r.security_groups.push_back(group("kept", "prod", 4));
  r.security_groups[0].keep_default_egress = true;
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  auto kept = egressOf(net, "kept");
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].peer.cidr == anyV4());
  CHECK(kept[1].peer.cidr == anyV6());
  auto defaults = egressOf(net, "prod/default-security-group");
  REQUIRE(defaults.size() == 2);
  CHECK(defaults[1].peer.cidr == anyV6());
  // The default ACL: rule 100 for IPv4 and 101 for IPv6, both ways.
  const NetworkAcl& acl = named(net.network_acls, "prod/default-network-acl");
  REQUIRE(acl.rules.size() == 4);
  for (const NetworkAclRule& rule : acl.rules) {
    CHECK(rule.allow);
    CHECK(rule.number == (rule.cidr.isV4() ? 100 : 101));
  }
  // Without an IPv6 block, IPv4 only.
  Resources v4 = basic();
  Network plain = buildNetwork(v4, diags);
  CHECK(named(plain.network_acls, "prod/default-network-acl").rules.size() == 2);
  CHECK(egressOf(plain, "prod/default-security-group").size() == 1);
}

TEST_CASE("rules for an implicit default group add to its AWS rules", "[aws][security-groups]") {
  Resources r = basic();
  r.security_group_rules.push_back(
      rule("prod/default-security-group", Direction::kIngress, "tcp", "10.9.0.0/16", 4));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK(named(net.security_groups, "prod/default-security-group").rules.size() == 3);
}

TEST_CASE("network ACL rules are sorted by direction and number", "[aws][network-acls]") {
  Resources r = basic();
  r.network_acls.push_back(acl("web-acl", "prod", 4));
  r.network_acl_rules.push_back(
      aclRule("web-acl", Direction::kEgress, 100, "allow", "0.0.0.0/0", 5));
  r.network_acl_rules.push_back(
      aclRule("web-acl", Direction::kIngress, 200, "deny", "0.0.0.0/0", 6));
  r.network_acl_rules.push_back(
      aclRule("web-acl", Direction::kIngress, 100, "ALLOW", "10.0.0.0/8", 7));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const NetworkAcl& web = named(net.network_acls, "web-acl");
  REQUIRE(web.rules.size() == 3);
  CHECK(web.rules[0].direction == Direction::kIngress);
  CHECK(web.rules[0].number == 100);
  CHECK(web.rules[0].allow);
  CHECK(web.rules[0].provenance.location.str() == "net.yaml:7:3");
  CHECK(web.rules[1].number == 200);
  CHECK_FALSE(web.rules[1].allow);
  CHECK(web.rules[2].direction == Direction::kEgress);
}

TEST_CASE("a custom network ACL without rules has none (everything is denied)",
          "[aws][network-acls]") {
  Resources r = basic();
  r.network_acls.push_back(acl("web-acl", "prod", 4));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(named(net.network_acls, "web-acl").rules.empty());
  CHECK_FALSE(named(net.network_acls, "web-acl").is_default);
}

TEST_CASE("network ACL rule numbers, actions and duplicates", "[aws][network-acls]") {
  Resources r = basic();
  r.network_acls.push_back(acl("web-acl", "prod", 4));
  r.network_acl_rules.push_back(
      aclRule("web-acl", Direction::kIngress, 0, "allow", "0.0.0.0/0", 5));
  r.network_acl_rules.push_back(
      aclRule("web-acl", Direction::kIngress, 32767, "allow", "0.0.0.0/0", 6));
  r.network_acl_rules.push_back(
      aclRule("web-acl", Direction::kIngress, 100, "permit", "0.0.0.0/0", 7));
  r.network_acl_rules.push_back(
      aclRule("web-acl", Direction::kIngress, 100, "allow", "0.0.0.0/0", 8));
  r.network_acl_rules.push_back(
      aclRule("web-acl", Direction::kEgress, 100, "allow", "0.0.0.0/0", 9));
  r.network_acl_rules.push_back(
      aclRule("web-acl", Direction::kIngress, 100, "deny", "10.0.0.0/8", 10));
  r.network_acl_rules.push_back(
      aclRule("web-acl", Direction::kIngress, 32766, "deny", "10.0.0.0/8", 11));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:5:9: error[invalid-rule-number]: rule number 0 is out of range (1-32766)\n"
        "net.yaml:6:9: error[invalid-rule-number]: rule number 32767 is out of range "
        "(1-32766)\n"
        "net.yaml:7:9: error[invalid-action]: invalid action 'permit' (expected allow or "
        "deny)\n"
        "net.yaml:10:9: error[duplicate-rule-number]: network ACL 'web-acl' already has ingress "
        "rule 100 (at net.yaml:8:3)\n");
  CHECK(named(net.network_acls, "web-acl").rules.size() == 3);
}

TEST_CASE("rules of the implicit default ACL count for duplicates", "[aws][network-acls]") {
  Resources r = basic();
  r.network_acl_rules.push_back(
      aclRule("prod/default-network-acl", Direction::kIngress, 100, "deny", "0.0.0.0/0", 5));
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:5:9: error[duplicate-rule-number]: network ACL 'prod/default-network-acl' "
        "already has ingress rule 100 (at net.yaml:1:3)\n");
}

TEST_CASE("an IPv6 ACL rule is kept, without a warning", "[aws][network-acls]") {
  Resources r = basic();
  r.network_acls.push_back(acl("web-acl", "prod", 4));
  r.network_acl_rules.push_back(aclRule("web-acl", Direction::kIngress, 100, "allow", "::/0", 5));
  r.network_acl_rules.push_back(aclRule("web-acl", Direction::kEgress, 100, "allow", "::/0", 6));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() == "");
  CHECK(named(net.network_acls, "web-acl").rules.size() == 2);
}

TEST_CASE("rules keep their unknown values", "[aws][unknowns]") {
  Resources r = basic();
  r.security_groups.push_back(group("web-sg", "prod", 4));
  SecurityGroupRuleSpec open = rule("web-sg", Direction::kIngress, "-1", "0.0.0.0/0", 5);
  open.unknowns = {{"var.office_cidr", at(5, 9)}, {"var.ports", at(6, 9)}};
  r.security_group_rules.push_back(open);
  r.security_group_rules.push_back(rule("web-sg", Direction::kIngress, "tcp", "10.0.0.0/8", 7));
  r.network_acls.push_back(acl("web-acl", "prod", 8));
  NetworkAclRuleSpec deny = aclRule("web-acl", Direction::kIngress, 50, "deny", "0.0.0.0/0", 9);
  deny.unknowns = {{"data.aws_vpc.shared.cidr_block", at(9, 9)}};
  r.network_acl_rules.push_back(deny);
  r.network_acl_rules.push_back(aclRule("web-acl", Direction::kIngress, 100, "allow", "0.0.0.0/0", 10));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  const SecurityGroup& sg = named(net.security_groups, "web-sg");
  REQUIRE(sg.rules.size() >= 2);
  REQUIRE(sg.rules[0].unknowns.size() == 2);
  CHECK(sg.rules[0].unknowns[0].description == "var.office_cidr");
  CHECK(sg.rules[0].unknowns[0].location.str() == "net.yaml:5:9");
  CHECK(sg.rules[0].unknowns[1].description == "var.ports");
  CHECK(sg.rules[1].unknowns.empty());
  const NetworkAcl& nacl = named(net.network_acls, "web-acl");
  REQUIRE(nacl.rules.size() == 2);
  REQUIRE(nacl.rules[0].unknowns.size() == 1);
  CHECK(nacl.rules[0].unknowns[0].description == "data.aws_vpc.shared.cidr_block");
  CHECK(nacl.rules[0].unknowns[0].location.str() == "net.yaml:9:9");
  CHECK(nacl.rules[1].unknowns.empty());
}

}  // namespace
}  // namespace segproof::aws
