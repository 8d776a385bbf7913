// Security groups and network ACLs: the groups and ACLs themselves, AWS's
// implicit defaults, their rules, and what rules match.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <tuple>

#include "aws/builder.h"
#include "aws/rule_match.h"

namespace segproof::aws {

namespace {

constexpr int kMinRuleNumber = 1;
constexpr int kMaxRuleNumber = 32766;  // 32767 is AWS's implicit final deny
constexpr int kDefaultAclRule = 100;

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

const char* directionName(Direction direction) {
  return direction == Direction::kIngress ? "ingress" : "egress";
}

// AWS's default ACL: rule 100 allows all IPv4, rule 101 all IPv6 (the
// latter in a VPC with an IPv6 block).
NetworkAclRule allowAll(const Provenance& provenance, Direction direction, bool ipv6 = false) {
  NetworkAclRule rule;
  rule.provenance = provenance;
  rule.number = ipv6 ? kDefaultAclRule + 1 : kDefaultAclRule;
  rule.direction = direction;
  rule.allow = true;
  rule.cidr = ipv6 ? anyV6() : anyV4();
  return rule;
}

SecurityGroupRule allowAllEgress(const Provenance& provenance, std::string description,
                                 bool ipv6 = false) {
  SecurityGroupRule rule;
  rule.provenance = provenance;
  rule.direction = Direction::kEgress;
  rule.peer.cidr = ipv6 ? anyV6() : anyV4();
  rule.description = std::move(description);
  return rule;
}

bool hasIpv6Block(const Vpc& vpc) {
  return std::any_of(vpc.cidrs.begin(), vpc.cidrs.end(), [](const Cidr& c) { return !c.isV4(); });
}

}  // namespace

// A group without a VPC lands in the input's only VPC, the way a group
// created without vpc_id lands in the (only) default VPC.
VpcId ModelBuilder::groupVpc(const SecurityGroupSpec& spec) {
  if (spec.vpc.given()) return lookup<VpcId>(vpcs_, spec.vpc, "VPC");
  if (net_.vpcs.size() == 1) return idAt<VpcId>(0);
  diags_.error("missing-vpc", spec.provenance.location,
               "security group " + quoted(spec.name) + " names no VPC and the input has " +
                   std::to_string(net_.vpcs.size()) + " VPCs");
  return VpcId{};
}

namespace {

// Makes element `id` the default `what` of the VPC whose slot is `slot`,
// unless it already has one (an error, naming the first). Returns whether it did.
template <class IdT, class Element>
bool adoptDefaultIn(IdT& slot, IdT id, const std::vector<Element>& all, const std::string& vpc_name,
                    const char* what, const Provenance& where, DiagnosticEngine& diags) {
  if (slot.valid()) {
    const Element& first = all[slot.value];
    diags.error("duplicate-default", where.location,
                "VPC " + quoted(vpc_name) + " already has default " + what + " " +
                    quoted(first.name) + " (defined at " + first.provenance.location.str() + ")");
    return false;
  }
  slot = id;
  return true;
}

}  // namespace

void ModelBuilder::buildSecurityGroups() {
  for (const SecurityGroupSpec& spec : in_.security_groups) {
    SecurityGroup& group = net_.security_groups.emplace_back();
    group.provenance = spec.provenance;
    group.name = spec.name;
    group.tags = spec.tags;
    group.vpc = groupVpc(spec);
    SecurityGroupId id = idAt<SecurityGroupId>(net_.security_groups.size() - 1);
    registerName(security_groups_, net_.security_groups, id.value, "security group");
    if (!spec.is_default || !group.vpc.valid()) continue;
    Vpc& vpc = net_.vpcs[group.vpc.value];
    group.is_default = adoptDefaultIn(vpc.default_security_group, id, net_.security_groups,
                                      vpc.name, "security group", spec.provenance, diags_);
  }
}

void ModelBuilder::buildNetworkAcls() {
  for (const NetworkAclSpec& spec : in_.network_acls) {
    NetworkAcl& acl = net_.network_acls.emplace_back();
    acl.provenance = spec.provenance;
    acl.name = spec.name;
    acl.tags = spec.tags;
    acl.vpc = require<VpcId>(vpcs_, spec.vpc, "VPC", spec.provenance.location,
                             "network ACL " + quoted(spec.name));
    NetworkAclId id = idAt<NetworkAclId>(net_.network_acls.size() - 1);
    registerName(network_acls_, net_.network_acls, id.value, "network ACL");
    if (!spec.is_default || !acl.vpc.valid()) continue;
    Vpc& vpc = net_.vpcs[acl.vpc.value];
    acl.is_default = adoptDefaultIn(vpc.default_network_acl, id, net_.network_acls, vpc.name,
                                    "network ACL", spec.provenance, diags_);
  }
}

// AWS's default group: all inbound from its own members, all outbound.
void ModelBuilder::addDefaultSecurityGroup(VpcId vpc_id) {
  Vpc& vpc = net_.vpcs[vpc_id.value];
  Provenance provenance{vpc.provenance.location, vpc.name + "/default-security-group"};
  SecurityGroupId id = idAt<SecurityGroupId>(net_.security_groups.size());
  SecurityGroup& group = net_.security_groups.emplace_back();
  group.provenance = provenance;
  group.name = provenance.address;
  group.vpc = vpc_id;
  group.is_default = true;
  SecurityGroupRule members;
  members.provenance = provenance;
  members.peer.kind = RulePeer::Kind::kSecurityGroup;
  members.peer.security_group = id;
  members.description = "AWS default: all traffic from members of the group";
  group.rules.push_back(members);
  group.rules.push_back(allowAllEgress(provenance, "AWS default: all outbound traffic"));
  if (hasIpv6Block(vpc))
    group.rules.push_back(allowAllEgress(provenance, "AWS default: all outbound IPv6 traffic", true));
  // A duplicate VPC's defaults would only echo its duplicate-name error.
  if (ownsName(vpc_id))
    registerName(security_groups_, net_.security_groups, id.value, "security group");
  vpc.default_security_group = id;
}

// AWS's default ACL: rule 100 allows everything both ways.
void ModelBuilder::addDefaultNetworkAcl(VpcId vpc_id) {
  Vpc& vpc = net_.vpcs[vpc_id.value];
  Provenance provenance{vpc.provenance.location, vpc.name + "/default-network-acl"};
  NetworkAclId id = idAt<NetworkAclId>(net_.network_acls.size());
  NetworkAcl& acl = net_.network_acls.emplace_back();
  acl.provenance = provenance;
  acl.name = provenance.address;
  acl.vpc = vpc_id;
  acl.is_default = true;
  acl.rules.push_back(allowAll(provenance, Direction::kIngress));
  if (hasIpv6Block(vpc)) acl.rules.push_back(allowAll(provenance, Direction::kIngress, true));
  acl.rules.push_back(allowAll(provenance, Direction::kEgress));
  if (hasIpv6Block(vpc)) acl.rules.push_back(allowAll(provenance, Direction::kEgress, true));
  if (ownsName(vpc_id)) registerName(network_acls_, net_.network_acls, id.value, "network ACL");
  vpc.default_network_acl = id;
}

std::optional<Match> ModelBuilder::buildMatch(const MatchSpec& spec, const SourceLocation& where) {
  return readMatch(spec, where, diags_);
}

std::optional<RulePeer> ModelBuilder::buildPeer(const SecurityGroupRuleSpec& spec,
                                                SecurityGroupId group) {
  int given =
      spec.cidr.has_value() + spec.prefix_list.given() + spec.peer_group.given() + spec.self;
  if (given != 1) {
    diags_.error("invalid-peer", spec.provenance.location,
                 "security group rule needs exactly one peer (a CIDR, a prefix list, a security "
                 "group or self), found " +
                     std::to_string(given));
    return std::nullopt;
  }
  RulePeer peer;
  if (spec.cidr) {
    auto block = cidr(*spec.cidr);
    if (!block) return std::nullopt;
    peer.cidr = *block;
  } else if (spec.prefix_list.given()) {
    peer.kind = RulePeer::Kind::kPrefixList;
    peer.prefix_list = lookup<PrefixListId>(prefix_lists_, spec.prefix_list, "prefix list");
    if (!peer.prefix_list.valid()) return std::nullopt;
  } else {
    peer.kind = RulePeer::Kind::kSecurityGroup;
    peer.security_group =
        spec.self ? group
                  : lookup<SecurityGroupId>(security_groups_, spec.peer_group, "security group");
    if (!peer.security_group.valid()) return std::nullopt;
  }
  return peer;
}

// Returns, per security group, whether any egress rule was written for it.
std::vector<bool> ModelBuilder::buildSecurityGroupRules() {
  std::vector<bool> egress_written(net_.security_groups.size(), false);
  for (const SecurityGroupRuleSpec& spec : in_.security_group_rules) {
    SecurityGroupId id =
        require<SecurityGroupId>(security_groups_, spec.security_group, "security group",
                                 spec.provenance.location, "security group rule");
    if (!id.valid()) continue;
    if (spec.direction == Direction::kEgress) egress_written[id.value] = true;
    auto match = buildMatch(spec.match, spec.provenance.location);
    auto peer = buildPeer(spec, id);
    if (!match || !peer) continue;
    net_.security_groups[id.value].rules.push_back(
        {spec.provenance, spec.direction, *match, *peer, spec.description,
         modelUnknowns(spec.unknowns)});
  }
  return egress_written;
}

// Groups from the input come first in net_.security_groups, in input order.
void ModelBuilder::addDefaultEgress(const std::vector<bool>& egress_written) {
  for (size_t i = 0; i < in_.security_groups.size(); ++i) {
    if (!in_.security_groups[i].keep_default_egress || egress_written[i]) continue;
    SecurityGroup& group = net_.security_groups[i];
    Provenance provenance{group.provenance.location, group.provenance.address + "/default-egress"};
    group.rules.push_back(allowAllEgress(provenance, "AWS default: all outbound traffic"));
    if (group.vpc.valid() && hasIpv6Block(net_.at(group.vpc)))
      group.rules.push_back(allowAllEgress(provenance, "AWS default: all outbound IPv6 traffic", true));
  }
}

bool ModelBuilder::checkAclRule(const NetworkAclRuleSpec& spec, NetworkAclRule& rule) {
  bool ok = true;
  if (spec.number.value < kMinRuleNumber || spec.number.value > kMaxRuleNumber) {
    diags_.error("invalid-rule-number", spec.number.location,
                 "rule number " + std::to_string(spec.number.value) + " is out of range (1-32766)");
    ok = false;
  }
  std::string action = lower(spec.action.value);
  if (action != "allow" && action != "deny") {
    diags_.error("invalid-action",
                 spec.action.location.known() ? spec.action.location : spec.provenance.location,
                 "invalid action " + quoted(spec.action.value) + " (expected allow or deny)");
    ok = false;
  }
  auto match = buildMatch(spec.match, spec.provenance.location);
  auto block = cidr(spec.cidr);
  if (!match || !block || !ok) return false;
  rule = {spec.provenance, static_cast<int>(spec.number.value),
          spec.direction,  action == "allow",
          *match,          *block,
          modelUnknowns(spec.unknowns)};
  return true;
}

void ModelBuilder::buildNetworkAclRules() {
  for (const NetworkAclRuleSpec& spec : in_.network_acl_rules) {
    NetworkAclId id = require<NetworkAclId>(network_acls_, spec.network_acl, "network ACL",
                                            spec.provenance.location, "network ACL rule");
    NetworkAclRule rule;
    if (!id.valid() || !checkAclRule(spec, rule)) continue;
    NetworkAcl& acl = net_.network_acls[id.value];
    auto same = std::find_if(acl.rules.begin(), acl.rules.end(), [&](const NetworkAclRule& r) {
      return r.direction == rule.direction && r.number == rule.number;
    });
    if (same != acl.rules.end()) {
      diags_.error("duplicate-rule-number", spec.number.location,
                   "network ACL " + quoted(acl.name) + " already has " +
                       directionName(rule.direction) + " rule " + std::to_string(rule.number) +
                       " (at " + same->provenance.location.str() + ")");
      continue;
    }
    acl.rules.push_back(rule);
  }
  for (NetworkAcl& acl : net_.network_acls) {
    std::stable_sort(acl.rules.begin(), acl.rules.end(), [](const auto& a, const auto& b) {
      return std::tie(a.direction, a.number) < std::tie(b.direction, b.number);
    });
  }
}

}  // namespace segproof::aws
