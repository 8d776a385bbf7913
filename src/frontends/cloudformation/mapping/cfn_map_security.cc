// Security groups and network ACLs, their inline rules and rule resources.
// A rule value the template does not fix is written in its widest form and
// listed in the rule's `unknowns` (resources.h).
//
// Default egress. AWS creates a group with an allow-all egress rule unless
// egress rules are given at creation: CloudFormation keeps it when the group
// has no (or an empty) SecurityGroupEgress property (AWS::EC2::SecurityGroup
// reference).
// An AWS::EC2::SecurityGroupEgress resource, when it adds its rule, removes
// the allow-all rule (the behaviour aws-cdk works around, aws-cdk #998 and
// #22140): a group named by one loses its default egress.
#include <algorithm>
#include <cctype>

#include "frontends/cloudformation/mapping/cfn_mapper.h"

namespace segproof::cloudformation::mapping {

namespace {

Props propsOf(const Resource& in) { return Props(in.properties, in.location); }

constexpr Types kGroups = {"AWS::EC2::SecurityGroup"};
constexpr const char* kAnyV4 = "0.0.0.0/0";
constexpr const char* kAnyV6 = "::/0";

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

const char* listName(Direction direction) {
  return direction == Direction::kIngress ? "SecurityGroupIngress" : "SecurityGroupEgress";
}

// The peer properties of a rule, by direction.
struct PeerProperties {
  const char* group;
  const char* group_name;  // ingress only (default VPC)
  const char* prefix_list;
};
PeerProperties peerProperties(Direction direction) {
  if (direction == Direction::kIngress)
    return {"SourceSecurityGroupId", "SourceSecurityGroupName", "SourcePrefixListId"};
  return {"DestinationSecurityGroupId", nullptr, "DestinationPrefixListId"};
}

}  // namespace

// IpProtocol and ports; for ICMP FromPort is the type and ToPort the code,
// -1 any. Protocol -1 means every port, whatever the port properties say.
bool CfnMapper::ruleMatch(const Props& props, aws::MatchSpec& match,
                          std::vector<UnknownValue>& unknowns, const Resource& owner) {
  Read<Text> protocol = text(props, "IpProtocol", owner);
  if (protocol.invalid) return false;
  if (protocol.absent()) return required(props, "IpProtocol", owner);
  if (protocol.unknown) {
    unknowns.push_back(*protocol.unknown);
    match.protocol = Text{"-1", protocol.unknown->location};
    return true;
  }
  match.protocol = Text{lower(protocol.value->value), protocol.value->location};
  if (match.protocol.value == "-1" || match.protocol.value == "all") return true;
  Read<Located<long long>> from = integer(props, "FromPort", owner);
  Read<Located<long long>> to = integer(props, "ToPort", owner);
  if (from.invalid || to.invalid) return false;
  if (from.unknown || to.unknown) {
    // Both ends dropped: all ports (or any ICMP type and code).
    for (const auto* port : {&from, &to})
      if (port->unknown) unknowns.push_back(*port->unknown);
  } else {
    match.from_port = from.value;
    match.to_port = to.value;
  }
  return true;
}

void CfnMapper::mapSecurityGroup(const Resource& in) {
  Props props = propsOf(in);
  Reference vpc = reference(props, "VpcId", {"AWS::EC2::VPC"}, in);
  if (vpc.kind == Reference::Kind::kInvalid) return;
  if (vpc.kind == Reference::Kind::kUnknown && !out_.keep_unplaced) {
    // A group in a VPC outside the template: interfaces naming it get a
    // synthetic allow-all group instead.
    omit(in, vpc.unknown, {});
    return;
  }
  aws::SecurityGroupSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  if (vpc.kind == Reference::Kind::kUnknown)
    spec.vpc = unplaced(in, vpc.unknown, {});
  else
    spec.vpc = vpc.resolved() ? vpc.ref : defaultVpc(in);
  Props::Elements ingress = elements(props, listName(Direction::kIngress), in);
  Props::Elements egress = elements(props, listName(Direction::kEgress), in);
  // An empty SecurityGroupEgress adds no rule, so AWS still adds its own (the
  // reason aws-cdk writes a match-nothing rule to disable it). An unknown
  // list is read as allow-all anyway.
  spec.keep_default_egress = egress.items.empty() && !egress_added_.count(in.logical_id);
  spec.tags = tags(props);
  out_.security_groups.push_back(spec);
  vpc_of_[in.logical_id] = spec.vpc;
  for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
    const char* list = listName(direction);
    const Props::Elements& rules = direction == Direction::kIngress ? ingress : egress;
    aws::SecurityGroupRuleSpec base;
    base.security_group = Ref{in.logical_id, in.location};
    base.direction = direction;
    if (rules.unknown) {
      // Any rule at all: the widest one, listed as unknown.
      aws::SecurityGroupRuleSpec widest = base;
      widest.provenance = {rules.unknown->location, in.logical_id + "." + list};
      widest.match.protocol = Text{"-1", rules.unknown->location};
      widest.cidr = Text{kAnyV4, rules.unknown->location};
      widest.unknowns.push_back(*rules.unknown);
      out_.security_group_rules.push_back(std::move(widest));
    }
    for (size_t i = 0; i < rules.items.size(); ++i) {
      base.provenance = {rules.items[i].location(),
                         in.logical_id + "." + list + "[" + std::to_string(i) + "]"};
      mapGroupRule(rules.items[i], base, in);
    }
  }
}

void CfnMapper::mapSecurityGroupRule(const Resource& in, Direction direction) {
  Props props = propsOf(in);
  auto group = requiredRef(props, "GroupId", kGroups, in);
  if (!group) return;
  aws::SecurityGroupRuleSpec base;
  base.provenance = provenance(in);
  base.security_group = *group;
  base.direction = direction;
  mapGroupRule(props, base, in);
}

// A rule names exactly one peer: a CIDR (IPv4 or IPv6), a prefix list or a
// group. Without one CloudFormation creates the resource but no rule.
void CfnMapper::mapGroupRule(const Props& props, aws::SecurityGroupRuleSpec rule,
                             const Resource& owner) {
  if (!ruleMatch(props, rule.match, rule.unknowns, owner)) return;
  if (Read<Text> description = text(props, "Description", owner); description.value)
    rule.description = description.value->value;
  PeerProperties peer = peerProperties(rule.direction);
  std::vector<const char*> given;
  for (const char* name : {"CidrIp", "CidrIpv6", peer.group, peer.group_name, peer.prefix_list})
    if (name && props.get(name)) given.push_back(name);
  const std::string& self = rule.provenance.address;
  if (given.empty()) {
    diags_.warning("cfn-invalid", props.location(),
                   self + ": the rule names no source or destination and is ignored");
    return;
  }
  if (given.size() > 1) {
    invalid(props.where(given[1]), owner,
            "rule " + self + " names both " + given[0] + " and " + given[1] +
                "; a rule takes exactly one source or destination");
    return;
  }
  if (rulePeer(props, given[0], rule, owner)) out_.security_group_rules.push_back(std::move(rule));
}

// Reads the peer `name` into `rule`; an unknown one (a parameter, an imported
// value, a group or list outside the template) is written as every address.
bool CfnMapper::rulePeer(const Props& props, const std::string& name,
                         aws::SecurityGroupRuleSpec& rule, const Resource& owner) {
  PeerProperties peer = peerProperties(rule.direction);
  std::optional<UnknownValue> unknown;
  if (name == "CidrIp" || name == "CidrIpv6") {
    Read<Text> cidr = text(props, name, owner);
    if (cidr.invalid) return false;
    unknown = cidr.unknown;
    rule.cidr = cidr.value;
  } else {
    bool is_list = name == peer.prefix_list;
    bool by_name = peer.group_name && name == peer.group_name;
    Reference found = reference(props, name, is_list ? Types{"AWS::EC2::PrefixList"} : kGroups,
                                owner, by_name ? "GroupName" : nullptr);
    if (found.kind == Reference::Kind::kInvalid) return false;
    if (found.kind == Reference::Kind::kUnknown) unknown = found.unknown;
    if (found.resolved() && found.ref.address == rule.security_group.address) {
      rule.self = true;
    } else if (found.resolved()) {
      (is_list ? rule.prefix_list : rule.peer_group) = found.ref;
    }
  }
  if (unknown) {
    rule.cidr = Text{name == "CidrIpv6" ? kAnyV6 : kAnyV4, props.where(name)};
    rule.unknowns.push_back(*unknown);
    // For lint, the group named is also kept, as an unknown reference beside
    // its stand-in, so that a group outside the template can be reported.
    bool names_group = name == peer.group || (peer.group_name && name == peer.group_name);
    if (names_group && out_.keep_unplaced)
      rule.peer_group = Ref{unknown->description, props.where(name), true};
  }
  return true;
}

void CfnMapper::mapNetworkAcl(const Resource& in) {
  Props props = propsOf(in);
  auto vpc = requiredRef(props, "VpcId", {"AWS::EC2::VPC"}, in);
  if (!vpc) return;
  aws::NetworkAclSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.vpc = *vpc;
  spec.tags = tags(props);
  out_.network_acls.push_back(std::move(spec));
  vpc_of_[in.logical_id] = *vpc;
}

void CfnMapper::mapNetworkAclEntry(const Resource& in) {
  Props props = propsOf(in);
  auto acl = requiredRef(props, "NetworkAclId", {"AWS::EC2::NetworkAcl"}, in);
  if (!acl) return;
  Ref vpc = vpcOf(*acl);
  aws::NetworkAclRuleSpec spec;
  spec.provenance = provenance(in);
  spec.network_acl = *acl;
  Read<Located<bool>> egress = flag(props, "Egress", in);
  if (egress.invalid) return;
  if (egress.unknown) {
    uncertain(*egress.unknown, "network ACL entry " + in.logical_id + " is left out", vpc);
    return;
  }
  spec.direction = egress.value && egress.value->value ? Direction::kEgress : Direction::kIngress;
  Read<Located<long long>> number = integer(props, "RuleNumber", in);
  if (number.unknown) {
    // Where it sits decides what it overrides: the entry cannot be placed.
    uncertain(*number.unknown, "network ACL entry " + in.logical_id + " is left out", vpc);
    return;
  }
  if (number.absent()) required(props, "RuleNumber", in);
  if (!number.value) return;
  spec.number = *number.value;
  Read<Text> action = text(props, "RuleAction", in);
  if (action.absent()) required(props, "RuleAction", in);
  if (action.invalid || action.absent()) return;
  if (action.unknown) {
    spec.action = Text{"allow", action.unknown->location};
    spec.unknowns.push_back(*action.unknown);
  } else {
    spec.action = Text{lower(action.value->value), action.value->location};
  }
  if (!aclMatch(props, spec, in)) return;
  Read<Text> v4 = text(props, "CidrBlock", in);
  Read<Text> v6 = text(props, "Ipv6CidrBlock", in);
  if (v4.invalid || v6.invalid) return;
  const Read<Text>& cidr = v4.absent() ? v6 : v4;
  if (cidr.absent()) {
    invalid(in.location, in, "needs CidrBlock or Ipv6CidrBlock");
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

// Protocol is a number (-1 all, 6 tcp, 17 udp, 1 icmp, 58 icmpv6); ports
// come in PortRange {From, To}, ICMP type and code in Icmp {Type, Code}.
bool CfnMapper::aclMatch(const Props& props, aws::NetworkAclRuleSpec& spec, const Resource& in) {
  aws::MatchSpec& match = spec.match;
  Read<Text> protocol = text(props, "Protocol", in);
  if (protocol.invalid) return false;
  if (protocol.absent()) return required(props, "Protocol", in);
  if (protocol.unknown) {
    spec.unknowns.push_back(*protocol.unknown);
    match.protocol = Text{"-1", protocol.unknown->location};
    return true;
  }
  match.protocol = Text{lower(protocol.value->value), protocol.value->location};
  const std::string& number = match.protocol.value;
  if (number == "-1" || number == "all") return true;
  bool icmp = number == "1" || number == "58" || number == "icmp" || number == "icmpv6";
  const char* object = icmp ? "Icmp" : "PortRange";
  const hcl::Value* value = props.get(object);
  if (!value) return true;  // absent: all ports, any ICMP type and code
  if (value->isUnknown()) {
    spec.unknowns.push_back({value->description(), props.where(object)});
    return true;
  }
  if (!value->isMap()) {
    invalid(props.where(object), in,
            std::string("expected an object for ") + object + ", found a " +
                hcl::valueKindName(value->kind()));
    return false;
  }
  Props inner(value->entries(), props.where(object));
  Read<Located<long long>> first = integer(inner, icmp ? "Type" : "From", in);
  Read<Located<long long>> second = integer(inner, icmp ? "Code" : "To", in);
  if (first.invalid || second.invalid) return false;
  for (const auto* part : {&first, &second})
    if (part->unknown) spec.unknowns.push_back(*part->unknown);
  if (icmp) {
    // Unknown or absent: any.
    match.icmp_type = first.value ? *first.value : Located<long long>{-1, inner.location()};
    match.icmp_code = second.value ? *second.value : Located<long long>{-1, inner.location()};
  } else if (first.value && second.value) {
    match.from_port = first.value;
    match.to_port = second.value;
  } else if (first.absent() != second.absent() && !first.unknown && !second.unknown) {
    invalid(inner.location(), in, "PortRange needs both From and To");
    return false;
  }
  return true;
}

void CfnMapper::mapNetworkAclAssociation(const Resource& in) {
  Props props = propsOf(in);
  Reference acl = reference(props, "NetworkAclId", {"AWS::EC2::NetworkAcl"}, in);
  Reference subnet = reference(props, "SubnetId", {"AWS::EC2::Subnet"}, in);
  for (const Reference* part : {&acl, &subnet}) {
    if (part->kind == Reference::Kind::kUnknown) {
      uncertain(part->unknown,
                in.logical_id + " is left out (the subnet may keep the default network ACL)",
                acl.resolved() ? vpcOf(acl.ref) : Ref{});
      return;
    }
  }
  if (acl.kind == Reference::Kind::kAbsent) required(props, "NetworkAclId", in);
  if (subnet.kind == Reference::Kind::kAbsent) required(props, "SubnetId", in);
  if (!acl.resolved() || !subnet.resolved()) return;
  out_.network_acl_associations.push_back({provenance(in), subnet.ref, acl.ref});
}

}  // namespace segproof::cloudformation::mapping
