// Security groups and network ACLs, their inline rules and rule resources.
// A rule value the input does not fix is written in its widest form and
// listed in the rule's `unknowns` (resources.h).
#include <algorithm>
#include <cctype>

#include "frontends/terraform/mapping/mapping_context.h"

namespace segproof::terraform::mapping {

namespace {

Fields bodyOf(const ResourceInstance& in) { return Fields(in.body, in.range.location()); }

constexpr Types kGroupTypes = {"aws_security_group", "aws_default_security_group"};
constexpr Types kAclTypes = {"aws_network_acl", "aws_default_network_acl"};
constexpr const char* kAnyV4 = "0.0.0.0/0";
constexpr const char* kAnyV6 = "::/0";

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

bool allProtocols(const std::string& protocol) { return protocol == "-1" || protocol == "all"; }

// Peer arguments holding one value; the others hold lists.
bool singleValued(const std::string& name) {
  for (const char* single : {"source_security_group_id", "cidr_ipv4", "cidr_ipv6", "prefix_list_id",
                             "referenced_security_group_id"})
    if (name == single) return true;
  return false;
}

const char* listName(Direction direction) {
  return direction == Direction::kIngress ? "ingress" : "egress";
}

}  // namespace

// Reads protocol and ports (and ICMP type and code, written apart in network
// ACLs). Protocol -1 means every port, whatever the port fields say.
bool AwsMapper::ruleMatch(const Fields& fields, const char* protocol_name, aws::MatchSpec& match,
                          std::vector<UnknownValue>& unknowns, const ResourceInstance& owner) {
  Read<Text> protocol = text(fields, protocol_name, owner);
  if (protocol.invalid) return false;
  if (protocol.absent()) {
    required(fields, protocol_name, owner);
    return false;
  }
  if (protocol.unknown) {
    unknowns.push_back(*protocol.unknown);
    match.protocol = Text{"-1", protocol.unknown->location};
    return true;
  }
  match.protocol = Text{lower(protocol.value->value), protocol.value->location};
  if (allProtocols(match.protocol.value)) return true;
  Read<Located<long long>> from = integer(fields, "from_port", owner);
  Read<Located<long long>> to = integer(fields, "to_port", owner);
  Read<Located<long long>> type = integer(fields, "icmp_type", owner);
  Read<Located<long long>> code = integer(fields, "icmp_code", owner);
  if (from.invalid || to.invalid || type.invalid || code.invalid) return false;
  if (from.unknown || to.unknown) {
    // Both ends dropped: all ports (or any ICMP type and code).
    for (const auto* port : {&from, &to})
      if (port->unknown) unknowns.push_back(*port->unknown);
  } else {
    match.from_port = from.value;
    match.to_port = to.value;
  }
  for (auto [read, slot] :
       {std::pair{&type, &match.icmp_type}, std::pair{&code, &match.icmp_code}}) {
    if (read->unknown) unknowns.push_back(*read->unknown);
    *slot = read->unknown ? std::optional(Located<long long>{-1, read->unknown->location})
                          : read->value;
  }
  return true;
}

void AwsMapper::mapSecurityGroup(const ResourceInstance& in, bool is_default) {
  Fields fields = bodyOf(in);
  aws::SecurityGroupSpec spec;
  Reference vpc = reference(fields, "vpc_id", {"aws_vpc"}, in);
  if (vpc.kind == Reference::Kind::kInvalid) return;
  if (vpc.kind == Reference::Kind::kUnknown && !out_.keep_unplaced) {
    // A group in a VPC outside the configuration: interfaces naming it get a
    // synthetic allow-all group instead.
    omit(in, vpc.unknown, {});
    return;
  }
  spec.provenance = provenance(in);
  spec.name = in.address;
  if (vpc.kind == Reference::Kind::kUnknown)
    spec.vpc = unplaced(in, vpc.unknown, {});
  else
    spec.vpc = vpc.kind == Reference::Kind::kAbsent ? defaultVpc(in) : vpc.ref;
  spec.is_default = is_default;
  spec.keep_default_egress = false;  // Terraform removes AWS's allow-all egress rule
  spec.tags = tags(fields);
  out_.security_groups.push_back(spec);
  if (vpc.resolved() || vpc.kind == Reference::Kind::kAbsent) vpc_of_[in.address] = spec.vpc;
  for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
    Nested rules = nested(fields, listName(direction), in);
    aws::SecurityGroupRuleSpec base;
    base.security_group = Ref{in.address, in.range.location()};
    base.direction = direction;
    if (rules.unknown) {
      base.provenance = {rules.unknown->location, in.address + "." + listName(direction)};
      base.match.protocol = Text{"-1", rules.unknown->location};
      base.cidr = Text{kAnyV4, rules.unknown->location};
      base.unknowns.push_back(*rules.unknown);
      out_.security_group_rules.push_back(base);
    }
    for (size_t i = 0; i < rules.items.size(); ++i) {
      base.provenance = {rules.items[i].location(),
                         in.address + "." + listName(direction) + "[" + std::to_string(i) + "]"};
      mapGroupRuleFields(rules.items[i], base, in, false);
    }
  }
}

// One rule per peer: AWS stores a rule per source or destination.
void AwsMapper::mapGroupRuleFields(const Fields& fields, const aws::SecurityGroupRuleSpec& base,
                                   const ResourceInstance& owner, bool legacy) {
  aws::SecurityGroupRuleSpec rule = base;
  if (!ruleMatch(fields, "protocol", rule.match, rule.unknowns, owner)) return;
  if (Read<Text> description = text(fields, "description", owner); description.value)
    rule.description = description.value->value;
  int peers = addRulePeers(fields, "cidr_blocks", PeerKind::kIpv4, rule, owner) +
              addRulePeers(fields, "ipv6_cidr_blocks", PeerKind::kIpv6, rule, owner) +
              addRulePeers(fields, "prefix_list_ids", PeerKind::kPrefixList, rule, owner) +
              addRulePeers(fields, legacy ? "source_security_group_id" : "security_groups",
                           PeerKind::kGroup, rule, owner);
  Read<Located<bool>> self = flag(fields, "self", owner);
  if (self.value && self.value->value) {
    aws::SecurityGroupRuleSpec with_self = rule;
    with_self.self = true;
    out_.security_group_rules.push_back(with_self);
    ++peers;
  } else if (self.unknown) {
    addRulePeer(hcl::Value::unknown(self.unknown->description), self.unknown->location,
                PeerKind::kGroup, rule, owner);
    out_.security_group_rules.back().peer_group = {};  // whether `self` holds is unknown
    ++peers;
  }
  if (peers == 0) {
    diags_.warning(
        "terraform-invalid", fields.location(),
        base.provenance.address + ": the rule names no source or destination and is ignored");
  }
}

int AwsMapper::addRulePeers(const Fields& fields, const std::string& name, PeerKind kind,
                            const aws::SecurityGroupRuleSpec& base, const ResourceInstance& owner) {
  const hcl::Value* value = fields.get(name);
  if (!value) return 0;
  if (!value->isSequence() && (singleValued(name) || value->isUnknown())) {
    addRulePeer(*value, fields.where(name), kind, base, owner);
    return 1;
  }
  if (!value->isSequence()) {
    invalid(fields.where(name), owner,
            "expected a list for " + name + ", found a " + hcl::valueKindName(value->kind()));
    return 0;
  }
  int added = 0;
  for (const hcl::Value& item : value->items()) {
    if (item.isNull()) continue;
    addRulePeer(item, fields.where(name), kind, base, owner);
    ++added;
  }
  return added;
}

// An unknown CIDR, a prefix list or group the configuration does not
// describe: the rule is written for every address, the unknown listed.
void AwsMapper::addRulePeer(const hcl::Value& value, const SourceLocation& where, PeerKind kind,
                            const aws::SecurityGroupRuleSpec& base, const ResourceInstance& owner) {
  aws::SecurityGroupRuleSpec rule = base;
  std::optional<UnknownValue> unknown;
  if (kind == PeerKind::kIpv4 || kind == PeerKind::kIpv6) {
    if (value.isUnknown()) {
      unknown = UnknownValue{value.description(), where};
    } else if (auto cidr = scalar(value, where, "a CIDR block", owner)) {
      rule.cidr = Text{*cidr, where};
    } else {
      return;
    }
  } else {
    Reference found = kind == PeerKind::kPrefixList
                          ? reference(value, where, {"aws_ec2_managed_prefix_list"}, owner)
                          : reference(value, where, kGroupTypes, owner, true);
    if (found.kind == Reference::Kind::kInvalid) return;
    if (found.kind == Reference::Kind::kUnknown) unknown = found.unknown;
    if (found.resolved() && found.ref.address == base.security_group.address) {
      rule.self = true;
    } else if (found.resolved()) {
      (kind == PeerKind::kPrefixList ? rule.prefix_list : rule.peer_group) = found.ref;
    }
  }
  if (unknown) {
    rule.cidr = Text{kind == PeerKind::kIpv6 ? kAnyV6 : kAnyV4, where};
    rule.unknowns.push_back(*unknown);
    // For lint, the group named is also kept, as an unknown reference beside
    // its stand-in, so that a group outside the inputs can be reported.
    if (kind == PeerKind::kGroup && out_.keep_unplaced)
      rule.peer_group = Ref{unknown->description, where, true};
  }
  out_.security_group_rules.push_back(std::move(rule));
}

void AwsMapper::mapSecurityGroupRule(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Read<Text> type = text(fields, "type", in);
  if (type.absent()) required(fields, "type", in);
  if (!type.value && !type.unknown) return;
  aws::SecurityGroupRuleSpec base;
  base.provenance = provenance(in);
  if (type.unknown) {
    // Either direction: written as both.
    base.unknowns.push_back(*type.unknown);
  } else if (type.value->value != "ingress" && type.value->value != "egress") {
    invalid(type.value->location, in,
            "type must be ingress or egress, not '" + type.value->value + "'");
    return;
  }
  auto group = requiredRef(fields, "security_group_id", kGroupTypes, in);
  if (!group) return;
  base.security_group = *group;
  for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
    if (type.value && type.value->value != listName(direction)) continue;
    base.direction = direction;
    mapGroupRuleFields(fields, base, in, true);
  }
}

void AwsMapper::mapVpcSecurityGroupRule(const ResourceInstance& in, Direction direction) {
  Fields fields = bodyOf(in);
  auto group = requiredRef(fields, "security_group_id", kGroupTypes, in);
  if (!group) return;
  aws::SecurityGroupRuleSpec base;
  base.provenance = provenance(in);
  base.security_group = *group;
  base.direction = direction;
  if (!ruleMatch(fields, "ip_protocol", base.match, base.unknowns, in)) return;
  if (Read<Text> description = text(fields, "description", in); description.value)
    base.description = description.value->value;
  int peers = addRulePeers(fields, "cidr_ipv4", PeerKind::kIpv4, base, in) +
              addRulePeers(fields, "cidr_ipv6", PeerKind::kIpv6, base, in) +
              addRulePeers(fields, "prefix_list_id", PeerKind::kPrefixList, base, in) +
              addRulePeers(fields, "referenced_security_group_id", PeerKind::kGroup, base, in);
  if (peers != 1) {
    invalid(fields.location(), in,
            "needs exactly one of cidr_ipv4, cidr_ipv6, prefix_list_id and "
            "referenced_security_group_id, found " +
                std::to_string(peers));
    if (peers > 1) out_.security_group_rules.resize(out_.security_group_rules.size() - peers);
  }
}

void AwsMapper::mapNetworkAcl(const ResourceInstance& in, bool is_default) {
  Fields fields = bodyOf(in);
  std::optional<Ref> vpc;
  if (!is_default) {
    vpc = requiredRef(fields, "vpc_id", {"aws_vpc"}, in);
  } else {
    // default_network_acl_id names the VPC's default ACL; a state also gives
    // the ACL's own vpc_id.
    Reference adopted = reference(fields, "default_network_acl_id", {"aws_vpc"}, in);
    Reference own = reference(fields, "vpc_id", {"aws_vpc"}, in);
    if (adopted.resolved() || own.resolved()) {
      vpc = adopted.resolved() ? adopted.ref : own.ref;
    } else if (adopted.kind == Reference::Kind::kUnknown) {
      if (out_.keep_unplaced)
        vpc = unplaced(in, adopted.unknown, {});
      else
        omit(in, adopted.unknown, {});
    } else if (adopted.kind == Reference::Kind::kAbsent) {
      required(fields, "default_network_acl_id", in);
    }
  }
  if (!vpc) return;
  aws::NetworkAclSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.vpc = *vpc;
  spec.is_default = is_default;
  spec.tags = tags(fields);
  out_.network_acls.push_back(spec);
  vpc_of_[in.address] = *vpc;
  Ref self{in.address, in.range.location()};
  std::optional<UnknownValue> unknown_subnets;
  const hcl::ValueList* subnets = sequence(fields, "subnet_ids", in, &unknown_subnets);
  if (unknown_subnets)
    uncertain(*unknown_subnets, "the subnet associations of " + in.address + " are left out", *vpc);
  for (const hcl::Value& item : orEmpty(subnets)) {
    Reference subnet = reference(item, fields.where("subnet_ids"), {"aws_subnet"}, in);
    if (subnet.kind == Reference::Kind::kUnknown)
      uncertain(subnet.unknown, "a subnet association of " + in.address + " is left out", *vpc);
    if (subnet.resolved())
      out_.network_acl_associations.push_back(
          {{subnet.ref.location, in.address}, subnet.ref, self});
  }
  for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
    Nested rules = nested(fields, listName(direction), in);
    if (rules.unknown) {
      uncertain(
          *rules.unknown,
          std::string("the ") + listName(direction) + " rules of " + in.address + " are left out",
          *vpc);
    }
    for (size_t i = 0; i < rules.items.size(); ++i) {
      aws::NetworkAclRuleSpec rule;
      rule.provenance = {rules.items[i].location(),
                         in.address + "." + listName(direction) + "[" + std::to_string(i) + "]"};
      rule.network_acl = self;
      rule.direction = direction;
      mapAclRuleFields(rules.items[i], rule, "rule_no", "action", in);
    }
  }
}

void AwsMapper::mapNetworkAclRule(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto acl = requiredRef(fields, "network_acl_id", kAclTypes, in);
  if (!acl) return;
  aws::NetworkAclRuleSpec rule;
  rule.provenance = provenance(in);
  rule.network_acl = *acl;
  Read<Located<bool>> egress = flag(fields, "egress", in);
  if (egress.invalid) return;
  if (egress.unknown) {
    uncertain(*egress.unknown, in.address + " is left out", vpcOf(*acl));
    return;
  }
  rule.direction = egress.value && egress.value->value ? Direction::kEgress : Direction::kIngress;
  mapAclRuleFields(fields, rule, "rule_number", "rule_action", in);
}

void AwsMapper::mapAclRuleFields(const Fields& fields, aws::NetworkAclRuleSpec spec,
                                 const char* number, const char* action,
                                 const ResourceInstance& owner) {
  const std::string& self = spec.provenance.address;
  Read<Located<long long>> position = integer(fields, number, owner);
  if (position.unknown) {
    // Where it sits decides what it overrides: the rule cannot be placed.
    uncertain(*position.unknown, "network ACL rule " + self + " is left out",
              vpcOf(spec.network_acl));
    return;
  }
  if (position.absent()) required(fields, number, owner);
  if (!position.value) return;
  spec.number = *position.value;
  Read<Text> decision = text(fields, action, owner);
  if (decision.absent()) required(fields, action, owner);
  if (decision.invalid || decision.absent()) return;
  if (decision.unknown) {
    spec.action = Text{"allow", decision.unknown->location};
    spec.unknowns.push_back(*decision.unknown);
  } else {
    spec.action = Text{lower(decision.value->value), decision.value->location};
  }
  if (!ruleMatch(fields, "protocol", spec.match, spec.unknowns, owner)) return;
  // ACL entries carry ICMP type and code in their own arguments (absent:
  // any); the ports do not apply.
  const std::string& protocol = spec.match.protocol.value;
  if (protocol == "icmp" || protocol == "1" || protocol == "icmpv6" || protocol == "58") {
    spec.match.from_port.reset();
    spec.match.to_port.reset();
  } else if (std::string_view(number) == "rule_number") {
    // aws_network_acl_rule sends an absent from_port or to_port as 0 (the
    // provider's default): tcp without ports is port 0, not every port. The
    // 0 has no location: it is not written (lint's nacl-missing-port-range).
    for (auto [name, slot] : {std::pair{"from_port", &spec.match.from_port},
                              std::pair{"to_port", &spec.match.to_port}}) {
      if (!*slot && integer(fields, name, owner).absent()) *slot = Located<long long>{0, {}};
    }
  }
  Read<Text> v4 = text(fields, "cidr_block", owner);
  Read<Text> v6 = text(fields, "ipv6_cidr_block", owner);
  if (v4.invalid || v6.invalid) return;
  const Read<Text>& cidr = v4.absent() ? v6 : v4;
  if (cidr.absent()) {
    invalid(fields.location(), owner,
            "network ACL rule " + self + " needs cidr_block or ipv6_cidr_block");
    return;
  }
  if (cidr.unknown) {
    spec.cidr = Text{&cidr == &v6 ? kAnyV6 : kAnyV4, cidr.unknown->location};
    spec.unknowns.push_back(*cidr.unknown);
  } else {
    spec.cidr = *cidr.value;
  }
  out_.network_acl_rules.push_back(std::move(spec));
}

void AwsMapper::mapNetworkAclAssociation(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference acl = reference(fields, "network_acl_id", kAclTypes, in);
  Reference subnet = reference(fields, "subnet_id", {"aws_subnet"}, in);
  for (const Reference* part : {&acl, &subnet}) {
    if (part->kind == Reference::Kind::kUnknown) {
      uncertain(part->unknown, in.address + " is left out (the subnet may keep the default ACL)",
                acl.resolved() ? vpcOf(acl.ref) : Ref{});
      return;
    }
  }
  if (acl.kind == Reference::Kind::kAbsent) required(fields, "network_acl_id", in);
  if (subnet.kind == Reference::Kind::kAbsent) required(fields, "subnet_id", in);
  if (!acl.resolved() || !subnet.resolved()) return;
  out_.network_acl_associations.push_back({provenance(in), subnet.ref, acl.ref});
}

}  // namespace segproof::terraform::mapping
