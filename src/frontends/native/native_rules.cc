// Native elements with nested lists: route tables and their routes, security
// groups and network ACLs and their rules.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "frontends/native/native_loader.h"

namespace segproof::native {

namespace {

const std::pair<std::string_view, RouteTargetKind> kRouteTargets[] = {
    {"internet_gateway", RouteTargetKind::kInternetGateway},
    {"nat_gateway", RouteTargetKind::kNatGateway},
    {"peering", RouteTargetKind::kPeering},
    {"transit_gateway", RouteTargetKind::kTransitGateway},
    {"vpn_gateway", RouteTargetKind::kVpnGateway},
    {"vpc_endpoint", RouteTargetKind::kVpcEndpoint},
    {"egress_only_gateway", RouteTargetKind::kEgressOnlyInternetGateway},
    {"network_interface", RouteTargetKind::kNetworkInterface},
    {"gateway", RouteTargetKind::kOther},
    {"blackhole", RouteTargetKind::kBlackhole},
};

std::string address(const Ref& parent, const char* list, size_t index) {
  return parent.address + "." + list + "[" + std::to_string(index) + "]";
}

const char* listName(Direction direction) {
  return direction == Direction::kIngress ? "ingress" : "egress";
}

enum class ProtocolClass { kPorts, kIcmp, kAll, kNeither, kUnknown };

// Which match fields apply to a protocol as written; kUnknown leaves the
// judgement of an invalid protocol to aws::buildNetwork.
ProtocolClass classify(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text == "tcp" || text == "udp" || text == "6" || text == "17") return ProtocolClass::kPorts;
  if (text == "icmp" || text == "icmpv6" || text == "1" || text == "58")
    return ProtocolClass::kIcmp;
  if (text == "all" || text == "-1") return ProtocolClass::kAll;
  int number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  bool numeric = !text.empty() && ec == std::errc() && end == text.data() + text.size();
  return numeric ? ProtocolClass::kNeither : ProtocolClass::kUnknown;
}

std::optional<long long> parseNumber(std::string_view text) {
  long long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

void NativeLoader::routeTable(const YAML::Node& node) {
  aws::RouteTableSpec spec;
  auto fields = element(node, "route table", {"name", "vpc", "main", "routes", "subnets", "tags"},
                        {"name", "vpc"}, spec.provenance, spec.name);
  if (!fields) return;
  spec.vpc = reader_.ref(*fields, "vpc");
  if (auto main = reader_.boolean(*fields, "main")) spec.is_main = main->value;
  spec.tags = reader_.tags(*fields, "tags");
  Ref self{spec.name, spec.provenance.location};
  for (const Ref& subnet : reader_.refs(*fields, "subnets"))
    out_.route_table_associations.push_back({{subnet.location, spec.name}, subnet, self});
  std::vector<YAML::Node> routes = reader_.items(*fields, "routes");
  for (size_t i = 0; i < routes.size(); ++i) route(routes[i], self, i);
  out_.route_tables.push_back(std::move(spec));
}

void NativeLoader::route(const YAML::Node& node, const Ref& table, size_t index) {
  Fields fields = reader_.fields(
      node, "route",
      {"destination", "destination_prefix_list", "internet_gateway", "nat_gateway", "peering",
       "transit_gateway", "vpn_gateway", "vpc_endpoint", "egress_only_gateway", "network_interface",
       "gateway", "blackhole", "propagated"});
  if (!reader_.oneOf(fields, "destination", "destination_prefix_list")) return;
  aws::RouteSpec spec;
  spec.provenance = {reader_.at(node), address(table, "routes", index)};
  spec.route_table = table;
  spec.destination = reader_.text(fields, "destination");
  spec.destination_prefix_list = reader_.ref(fields, "destination_prefix_list");
  if (auto propagated = reader_.boolean(fields, "propagated")) spec.propagated = propagated->value;
  if (readRouteTarget(fields, spec)) out_.routes.push_back(std::move(spec));
}

// Exactly one target key; `blackhole` must say true.
bool NativeLoader::readRouteTarget(const Fields& fields, aws::RouteSpec& spec) {
  std::optional<std::string_view> target;
  for (const auto& [key, kind] : kRouteTargets) {
    if (!fields.has(key)) continue;
    if (target && !reader_.exclusive(fields, *target, key)) return false;
    target = key;
    spec.target = kind;
  }
  if (!target) {
    reader_.diags().error("missing-key", reader_.at(fields.node()),
                          "missing target in route (one of internet_gateway, nat_gateway, "
                          "peering, transit_gateway, vpn_gateway, vpc_endpoint, "
                          "egress_only_gateway, network_interface, gateway, blackhole)");
    return false;
  }
  if (spec.target != RouteTargetKind::kBlackhole) {
    spec.target_ref = reader_.ref(fields, *target);
    return spec.target_ref.given();
  }
  auto flag = reader_.boolean(fields, "blackhole");
  if (flag && !flag->value) reader_.expected(*fields.get("blackhole"), "true", "blackhole", fields);
  return flag && flag->value;
}

void NativeLoader::securityGroup(const YAML::Node& node) {
  aws::SecurityGroupSpec spec;
  auto fields = element(node, "security group",
                        {"name", "vpc", "default", "description", "ingress", "egress", "tags"},
                        {"name"}, spec.provenance, spec.name);
  if (!fields) return;
  spec.vpc = reader_.ref(*fields, "vpc");
  if (auto adopted = reader_.boolean(*fields, "default")) spec.is_default = adopted->value;
  // Like the AWS API: a group keeps its allow-all egress unless egress is written.
  spec.keep_default_egress = !fields->has("egress");
  spec.tags = reader_.tags(*fields, "tags");
  Ref self{spec.name, spec.provenance.location};
  for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
    std::vector<YAML::Node> rules = reader_.items(*fields, listName(direction));
    for (size_t i = 0; i < rules.size(); ++i) securityGroupRule(rules[i], self, direction, i);
  }
  out_.security_groups.push_back(std::move(spec));
}

// One rule spec per peer written: AWS stores a rule per source or destination.
void NativeLoader::securityGroupRule(const YAML::Node& node, const Ref& group, Direction direction,
                                     size_t index) {
  Fields fields = reader_.fields(node, "security group rule",
                                 {"protocol", "ports", "icmp_type", "icmp_code", "cidr", "cidrs",
                                  "security_group", "prefix_list", "self", "description"});
  aws::SecurityGroupRuleSpec base;
  base.provenance = {reader_.at(node), address(group, listName(direction), index)};
  base.security_group = group;
  base.direction = direction;
  if (!reader_.require(fields, {"protocol"}) || !readMatch(fields, base.match)) return;
  if (auto description = reader_.text(fields, "description")) base.description = description->value;
  int errors = reader_.diags().errorCount();
  std::vector<aws::SecurityGroupRuleSpec> rules;
  auto add = [&](auto setPeer) { setPeer(rules.emplace_back(base)); };
  if (auto cidr = reader_.text(fields, "cidr")) add([&](auto& r) { r.cidr = *cidr; });
  for (const Text& cidr : reader_.texts(fields, "cidrs")) add([&](auto& r) { r.cidr = cidr; });
  if (Ref peer = reader_.ref(fields, "security_group"); peer.given())
    add([&](auto& r) { r.peer_group = peer; });
  if (Ref list = reader_.ref(fields, "prefix_list"); list.given())
    add([&](auto& r) { r.prefix_list = list; });
  if (auto self = reader_.boolean(fields, "self"); self && self->value)
    add([&](auto& r) { r.self = true; });
  if (rules.empty() && reader_.diags().errorCount() == errors) {
    reader_.diags().error("missing-key", reader_.at(node),
                          "missing peer in security group rule (one of cidr, cidrs, "
                          "security_group, prefix_list, self: true)");
  }
  for (auto& rule : rules) out_.security_group_rules.push_back(std::move(rule));
}

void NativeLoader::networkAcl(const YAML::Node& node) {
  aws::NetworkAclSpec spec;
  auto fields = element(node, "network ACL",
                        {"name", "vpc", "default", "ingress", "egress", "subnets", "tags"},
                        {"name", "vpc"}, spec.provenance, spec.name);
  if (!fields) return;
  spec.vpc = reader_.ref(*fields, "vpc");
  if (auto adopted = reader_.boolean(*fields, "default")) spec.is_default = adopted->value;
  spec.tags = reader_.tags(*fields, "tags");
  Ref self{spec.name, spec.provenance.location};
  for (const Ref& subnet : reader_.refs(*fields, "subnets"))
    out_.network_acl_associations.push_back({{subnet.location, spec.name}, subnet, self});
  for (Direction direction : {Direction::kIngress, Direction::kEgress}) {
    std::vector<YAML::Node> rules = reader_.items(*fields, listName(direction));
    for (size_t i = 0; i < rules.size(); ++i) networkAclRule(rules[i], self, direction, i);
  }
  out_.network_acls.push_back(std::move(spec));
}

void NativeLoader::networkAclRule(const YAML::Node& node, const Ref& acl, Direction direction,
                                  size_t index) {
  Fields fields =
      reader_.fields(node, "network ACL rule",
                     {"rule", "action", "protocol", "ports", "icmp_type", "icmp_code", "cidr"});
  if (!reader_.require(fields, {"rule", "action", "protocol", "cidr"})) return;
  aws::NetworkAclRuleSpec spec;
  spec.provenance = {reader_.at(node), address(acl, listName(direction), index)};
  spec.network_acl = acl;
  spec.direction = direction;
  auto number = reader_.integer(fields, "rule");
  auto action = reader_.text(fields, "action");
  auto cidr = reader_.text(fields, "cidr");
  if (!number || !action || !cidr || !readMatch(fields, spec.match)) return;
  spec.number = *number;
  spec.action = *action;
  spec.cidr = *cidr;
  out_.network_acl_rules.push_back(std::move(spec));
}

// Protocol, ports and ICMP fields; ports only for tcp and udp, ICMP fields
// only for icmp and icmpv6, so that a field AWS would ignore is not silently
// dropped.
bool NativeLoader::readMatch(const Fields& fields, aws::MatchSpec& match) {
  auto protocol = reader_.text(fields, "protocol");
  if (!protocol) return false;
  match.protocol = *protocol;
  ProtocolClass kind = classify(protocol->value);
  for (std::string_view key : {"ports", "icmp_type", "icmp_code"}) {
    const YAML::Node* value = fields.get(key);
    ProtocolClass needed = key == "ports" ? ProtocolClass::kPorts : ProtocolClass::kIcmp;
    if (!value || kind == needed || kind == ProtocolClass::kUnknown) continue;
    if (kind == ProtocolClass::kAll) {
      // AWS ignores port fields of an all-protocols rule (AWS-SEMANTICS.md
      // §4); Terraform code often carries them. Say so, and match everything.
      reader_.diags().warning("ignored-value", reader_.at(*value),
                              "'" + std::string(key) + "' is ignored: protocol '" + protocol->value +
                                  "' means every protocol and port, in " + fields.what());
      continue;
    }
    reader_.diags().error("invalid-value", reader_.at(*value),
                          "'" + std::string(key) + "' does not apply to protocol '" +
                              protocol->value + "' in " + fields.what());
    return false;
  }
  if (kind == ProtocolClass::kAll) return true;
  match.icmp_type = reader_.integer(fields, "icmp_type");
  match.icmp_code = reader_.integer(fields, "icmp_code");
  const YAML::Node* ports = fields.get("ports");
  return !ports || readPorts(*ports, fields, match);
}

// `ports`: N, "N-M" or all. Ranges are checked by aws::buildNetwork.
bool NativeLoader::readPorts(const YAML::Node& value, const Fields& fields, aws::MatchSpec& match) {
  std::string text = value.IsScalar() ? value.Scalar() : "";
  SourceLocation where = reader_.at(value);
  if (text == "all") return true;
  std::optional<long long> from = parseNumber(text);
  std::optional<long long> to = from;
  size_t dash = text.find('-', 1);
  if (!from && dash != std::string::npos) {
    from = parseNumber(std::string_view(text).substr(0, dash));
    to = parseNumber(std::string_view(text).substr(dash + 1));
  }
  if (!from || !to) {
    reader_.diags().error(
        "invalid-port", where,
        "invalid ports '" + text + "' in " + fields.what() + " (expected N, N-M or all)");
    return false;
  }
  match.from_port = Located<long long>{*from, where};
  match.to_port = Located<long long>{*to, where};
  return true;
}

}  // namespace segproof::native
