// Security groups and network ACLs (SecurityGroups.json, NetworkAcls.json).
// The rules are exactly those listed: AWS's own defaults (a new group's
// "allow all egress", the default group's rules) are already in the files.
#include "frontends/snapshot/snapshot_reader.h"

namespace segproof::snapshot {

namespace {

bool isIcmp(const std::string& protocol) {
  return protocol == "icmp" || protocol == "icmpv6" || protocol == "1" || protocol == "58";
}

// AWS's implicit final deny of every ACL (IPv4, IPv6): the model adds its own.
constexpr long long kImplicitDenyV4 = 32767;
constexpr long long kImplicitDenyV6 = 32768;

}  // namespace

void SnapshotReader::readSecurityGroups() {
  for (const json::Node* element : region_->of("SecurityGroups")) {
    auto group_id = fields_.text(*element, "GroupId", "security group", true);
    auto vpc = fields_.text(*element, "VpcId", "security group", true);
    if (!group_id || !vpc) continue;
    auto group_name = fields_.text(*element, "GroupName", "security group");
    aws::SecurityGroupSpec spec;
    spec.provenance = provenance(*element, *group_id, group_name ? group_name->value : "");
    spec.name = id(*group_id);
    spec.vpc = ref(*vpc);
    spec.is_default = group_name && group_name->value == "default";
    spec.keep_default_egress = false;
    spec.tags = fields_.tags(*element);
    aws::Ref group{spec.name, group_id->location};
    out_.security_groups.push_back(std::move(spec));
    for (const json::Node* permission :
         fields_.objects(*element, "IpPermissions", "security group permission"))
      readPermission(*permission, group, Direction::kIngress);
    for (const json::Node* permission :
         fields_.objects(*element, "IpPermissionsEgress", "security group permission"))
      readPermission(*permission, group, Direction::kEgress);
  }
}

// One rule per peer, each at the peer's own object.
void SnapshotReader::readPermission(const json::Node& permission, const aws::Ref& group,
                                    Direction direction) {
  const char* what = "security group permission";
  auto protocol = fields_.text(permission, "IpProtocol", what, true);
  if (!protocol) return;
  aws::SecurityGroupRuleSpec base;
  base.security_group = group;
  base.direction = direction;
  base.match.protocol = *protocol;
  auto from = fields_.integer(permission, "FromPort", what);
  auto to = fields_.integer(permission, "ToPort", what);
  if (isIcmp(protocol->value)) {
    base.match.icmp_type = from;
    base.match.icmp_code = to;
  } else if (protocol->value != "-1") {
    base.match.from_port = from;
    base.match.to_port = to;
  }
  std::string cloud_id = group.address.substr(region_->prefix.size());
  auto add = [&](const json::Node& peer, aws::SecurityGroupRuleSpec rule) {
    rule.provenance = {peer.location, group.address, cloud_id, ""};
    if (auto description = fields_.text(peer, "Description", what))
      rule.description = description->value;
    out_.security_group_rules.push_back(std::move(rule));
  };
  for (const json::Node* peer : fields_.objects(permission, "IpRanges", what)) {
    aws::SecurityGroupRuleSpec rule = base;
    rule.cidr = fields_.text(*peer, "CidrIp", "IP range", true);
    if (rule.cidr) add(*peer, std::move(rule));
  }
  for (const json::Node* peer : fields_.objects(permission, "Ipv6Ranges", what)) {
    aws::SecurityGroupRuleSpec rule = base;
    rule.cidr = fields_.text(*peer, "CidrIpv6", "IPv6 range", true);
    if (rule.cidr) add(*peer, std::move(rule));
  }
  for (const json::Node* peer : fields_.objects(permission, "PrefixListIds", what)) {
    aws::SecurityGroupRuleSpec rule = base;
    auto list = fields_.text(*peer, "PrefixListId", "prefix list peer", true);
    if (!list) continue;
    rule.prefix_list = ref(*list);
    add(*peer, std::move(rule));
  }
  for (const json::Node* peer : fields_.objects(permission, "UserIdGroupPairs", what)) {
    aws::SecurityGroupRuleSpec rule = base;
    auto peer_id = fields_.text(*peer, "GroupId", "security group peer", true);
    if (!peer_id) continue;
    auto account = fields_.text(*peer, "UserId", "security group peer");
    std::string qualified;
    if (region_->security_groups.count(peer_id->value)) {
      qualified = id(*peer_id);
    } else if (account) {
      // A group of another account (through a peering) in the same region.
      const RegionIndex* other = regionOf(account->value, region_->folder.region);
      if (other && other->security_groups.count(peer_id->value))
        qualified = other->prefix + peer_id->value;
    }
    if (qualified == group.address) {
      rule.self = true;
    } else if (!qualified.empty()) {
      rule.peer_group = {qualified, peer_id->location};
    } else {
      // A group outside the snapshot: its members may be anywhere, so the
      // rule stands for every address and is marked as not known.
      std::string description = "security group " + peer_id->value +
                                (account ? " of account " + account->value : std::string()) +
                                " (not in the snapshot)";
      diags_.warning("snapshot-outside-reference", peer_id->location,
                     description + ": the rule is read as admitting every address");
      rule.cidr = aws::Text{"0.0.0.0/0", peer_id->location};
      rule.unknowns.push_back({description, peer_id->location});
    }
    add(*peer, std::move(rule));
  }
}

void SnapshotReader::readNetworkAcls() {
  for (const json::Node* element : region_->of("NetworkAcls")) {
    auto acl_id = fields_.text(*element, "NetworkAclId", "network ACL", true);
    auto vpc = fields_.text(*element, "VpcId", "network ACL", true);
    if (!acl_id || !vpc) continue;
    aws::NetworkAclSpec spec;
    spec.provenance = provenance(*element, *acl_id);
    spec.name = id(*acl_id);
    spec.vpc = ref(*vpc);
    auto is_default = fields_.flag(*element, "IsDefault", "network ACL");
    spec.is_default = is_default && is_default->value;
    spec.tags = fields_.tags(*element);
    aws::Ref acl{spec.name, acl_id->location};
    out_.network_acls.push_back(std::move(spec));
    for (const json::Node* association :
         fields_.objects(*element, "Associations", "network ACL association")) {
      auto subnet = fields_.text(*association, "SubnetId", "network ACL association", true);
      if (!subnet) continue;
      aws::NetworkAclAssociationSpec link;
      link.provenance = provenance(*association, *acl_id);
      link.subnet = ref(*subnet);
      link.network_acl = acl;
      out_.network_acl_associations.push_back(std::move(link));
    }
    for (const json::Node* entry : fields_.objects(*element, "Entries", "network ACL entry"))
      readAclEntry(*entry, acl);
  }
}

void SnapshotReader::readAclEntry(const json::Node& entry, const aws::Ref& acl) {
  const char* what = "network ACL entry";
  auto number = fields_.integer(entry, "RuleNumber", what, true);
  auto action = fields_.text(entry, "RuleAction", what, true);
  auto protocol = fields_.text(entry, "Protocol", what, true);
  auto egress = fields_.flag(entry, "Egress", what);
  if (!egress && !fields_.get(entry, "Egress")) fields_.missing(entry, "Egress", what);
  auto v4 = fields_.text(entry, "CidrBlock", what);
  auto v6 = fields_.text(entry, "Ipv6CidrBlock", what);
  if (!v4 && !v6) fields_.missing(entry, "CidrBlock", what);
  if (!number || !action || !protocol || !egress || (!v4 && !v6)) return;
  if (number->value == kImplicitDenyV4 || number->value == kImplicitDenyV6) return;
  aws::NetworkAclRuleSpec spec;
  spec.provenance = {entry.location, acl.address, acl.address.substr(region_->prefix.size()), ""};
  spec.network_acl = acl;
  spec.number = *number;
  spec.direction = egress->value ? Direction::kEgress : Direction::kIngress;
  spec.action = *action;
  spec.match.protocol = *protocol;
  spec.cidr = v4 ? *v4 : *v6;
  if (isIcmp(protocol->value)) {
    if (const json::Node* icmp = fields_.object(entry, "IcmpTypeCode", what)) {
      spec.match.icmp_type = fields_.integer(*icmp, "Type", what);
      spec.match.icmp_code = fields_.integer(*icmp, "Code", what);
    }
  } else if (protocol->value != "-1") {
    if (const json::Node* ports = fields_.object(entry, "PortRange", what)) {
      spec.match.from_port = fields_.integer(*ports, "From", what);
      spec.match.to_port = fields_.integer(*ports, "To", what);
    }
  }
  out_.network_acl_rules.push_back(std::move(spec));
}

}  // namespace segproof::snapshot
