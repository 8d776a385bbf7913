#include "encode/explain.h"

#include <algorithm>

namespace segproof {

FlowPacket toFlowPacket(const Packet& p, const AddressSpace& space) {
  FlowPacket out;
  out.source = space.address(p[Field::kSrcIp]);
  out.destination = space.address(p[Field::kDstIp]);
  out.protocol = static_cast<int>(p[Field::kProtocol]);
  out.source_port = static_cast<int>(p[Field::kSrcPort]);
  out.destination_port = static_cast<int>(p[Field::kDstPort]);
  out.icmp_type = static_cast<int>(p[Field::kIcmpType]);
  out.icmp_code = static_cast<int>(p[Field::kIcmpCode]);
  return out;
}

namespace {

std::string peerText(const Network& network, const RulePeer& peer) {
  switch (peer.kind) {
    case RulePeer::Kind::kCidr:
      return peer.cidr.str();
    case RulePeer::Kind::kPrefixList:
      return "prefix list " + network.at(peer.prefix_list).name;
    case RulePeer::Kind::kSecurityGroup:
      return "members of " + network.at(peer.security_group).name;
  }
  return "?";
}

std::string sgRuleText(const Network& network, const SecurityGroup& group,
                       const SecurityGroupRule& rule) {
  bool in = rule.direction == Direction::kIngress;
  return group.name + (in ? " ingress " : " egress ") + matchText(rule.match) +
         (in ? " from " : " to ") + peerText(network, rule.peer);
}

// The first rule of `groups` in `direction` admitting `packet` from/to `peer`.
const SecurityGroupRule* matchingSgRule(const Network& network, const AddressSpace& space, const Hop& hop,
                                        Direction direction, const Packet& packet,
                                        const SecurityGroup** group) {
  for (SecurityGroupId id : hop.groups) {
    const SecurityGroup& g = network.at(id);
    for (const SecurityGroupRule& rule : g.rules) {
      if (rule.direction != direction) continue;
      auto cube = securityGroupRuleCube(network, rule, hop.peer, space);
      if (cube && cube->contains(packet)) {
        *group = &g;
        return &rule;
      }
    }
  }
  return nullptr;
}

std::string packetText(const Packet& p, const AddressSpace& space) { return toFlowPacket(p, space).str(); }

std::string aclStep(const Hop& hop) {
  return hop.kind == HopKind::kAclInbound ? "network ACL inbound" : "network ACL outbound";
}

std::string aclRuleText(const NetworkAclRule& rule) {
  bool in = rule.direction == Direction::kIngress;
  return "rule " + std::to_string(rule.number) + (rule.allow ? " allow " : " deny ") +
         matchText(rule.match) + (in ? " from " : " to ") + rule.cidr.str();
}

std::string routeText(const Network& network, const Route& route) {
  std::string dest = route.destination_prefix_list.valid()
                         ? "prefix list " + network.at(route.destination_prefix_list).name
                         : route.destination.str();
  std::string target = routeTargetName(route.target);
  switch (route.target) {
    case RouteTargetKind::kInternetGateway:
      target += " " + network.at(route.internet_gateway).name;
      break;
    case RouteTargetKind::kNatGateway:
      target += " " + network.at(route.nat_gateway).name;
      break;
    case RouteTargetKind::kPeering:
      target += " " + network.at(route.peering).name;
      break;
    case RouteTargetKind::kNetworkInterface:
      target += " " + network.at(route.interface).name;
      break;
    case RouteTargetKind::kLocal:
    case RouteTargetKind::kBlackhole:
      break;
    case RouteTargetKind::kTransitGatewayAttachment:
      target += " " + network.at(route.attachment).name;
      break;
    default:
      if (route.transit_gateway.valid()) target += " " + network.at(route.transit_gateway).name;
      else if (route.gateway.valid()) target += " " + network.at(route.gateway).name;
  }
  if (route.propagated) target += " (propagated)";
  return dest + " -> " + target;
}

std::string publicText(const Interface& iface) {
  const PublicAddress& pub = iface.public_address;
  std::string what = pub.kind == PublicAddress::Kind::kElastic ? "an Elastic IP" : "a public IPv4 address";
  if (pub.ip) what += " " + pub.ip->str();
  std::string out = iface.name + " has " + what;
  if (iface.kind == EndpointKind::kLoadBalancer) return out + " (a node of an internet-facing load balancer)";
  if (!pub.provenance.address.empty() && pub.provenance.address != iface.name)
    out += pub.kind == PublicAddress::Kind::kAssigned
               ? " (assigned at launch: map_public_ip_on_launch of subnet " + pub.provenance.address + ")"
               : " (from " + pub.provenance.address + ")";
  return out;
}

// IPv6: the hop where a global address meets the internet gateway.
std::string globalText(const EncodingContext& ctx, const Hop& hop, const Packet& packet) {
  bool out = hop.iface.valid() && ctx.interfaceAddresses(hop.iface).contains(packet[Field::kSrcIp]);
  std::string address = ctx.space().address(packet[out ? Field::kSrcIp : Field::kDstIp]).str();
  std::string who = hop.iface.valid() ? ctx.network().at(hop.iface).name + " has " : "";
  return who + "the global IPv6 address " + address + ": no translation";
}

std::string natPublicText(const NatGateway& nat) {
  if (!nat.is_public) return nat.name + " is a private NAT gateway";
  std::string out = nat.name + " has an Elastic IP";
  if (nat.public_address.ip) out += " " + nat.public_address.ip->str();
  return out;
}

// "listener tcp/443", "listener tcp+udp/53".
std::string listenerText(const LbListener& l) {
  std::string protocols = l.protocols.tcp && l.protocols.udp ? "tcp+udp" : l.protocols.udp ? "udp" : "tcp";
  return "listener " + protocols + "/" + portsText(l.ports);
}

// A hop through a named element: the element is where it is written.
template <class Element>
void named(PathHop& out, const char* step, const Element& element) {
  out.step = step;
  out.element = element.name;
  out.location = element.provenance.location;
}

// The hop's step name, element and default location (the element itself).
PathHop frame(const EncodingContext& ctx, const Hop& hop) {
  const Network& net = ctx.network();
  PathHop out;
  out.reply = hop.reply;
  switch (hop.kind) {
    case HopKind::kSecurityGroupEgress:
    case HopKind::kSecurityGroupIngress: {
      out.step = hop.kind == HopKind::kSecurityGroupEgress ? "security group egress"
                                                           : "security group ingress";
      std::string names;
      for (SecurityGroupId g : hop.groups) names += (names.empty() ? "" : ", ") + net.at(g).name;
      out.element = names.empty() ? "(no security group)" : names;
      if (!hop.groups.empty()) out.location = net.at(hop.groups.front()).provenance.location;
      break;
    }
    case HopKind::kAclInbound:
    case HopKind::kAclOutbound: {
      out.step = aclStep(hop);
      const NetworkAcl& acl = net.at(net.at(hop.subnet).network_acl);
      out.element = acl.name + " (subnet " + net.at(hop.subnet).name + ")";
      out.location = acl.provenance.location;
      break;
    }
    case HopKind::kRoute: {
      out.step = "route";
      const RouteTable& table = net.at(net.at(hop.subnet).route_table);
      out.element = table.name + " (subnet " + net.at(hop.subnet).name + ")";
      out.location = table.provenance.location;
      break;
    }
    case HopKind::kPublicAddress:
      out.step = "public address";
      if (hop.element >= 0) {
        const NatGateway& nat = net.nat_gateways[hop.element];
        out.element = nat.name;
        out.location = nat.public_address.provenance.location;
        if (!out.location.known()) out.location = nat.provenance.location;
      } else if (hop.iface.valid()) {
        out.element = net.at(hop.iface).name;
        out.location = net.at(hop.iface).public_address.provenance.location;
        if (!out.location.known()) out.location = net.at(hop.iface).provenance.location;
      }
      break;
    case HopKind::kInternetGateway:
      named(out, "internet gateway", net.internet_gateways[hop.element]);
      break;
    case HopKind::kNatGateway:
      named(out, "NAT gateway", net.nat_gateways[hop.element]);
      break;
    case HopKind::kPeering:
      named(out, "peering", net.peerings[hop.element]);
      break;
    case HopKind::kGateway:
      named(out, "gateway", net.gateways[hop.element]);
      break;
    case HopKind::kAppliance:
      out.step = "appliance";
      out.element = net.at(hop.iface).name;
      out.location = net.at(hop.iface).provenance.location;
      break;
    case HopKind::kTgwRoute:
      out.step = "transit gateway route";
      if (hop.element >= 0) {
        const TgwRouteTable& table = net.tgw_route_tables[hop.element];
        out.element = table.name;
        out.location = table.provenance.location;
      } else {
        out.element = "(no route table)";
      }
      break;
    case HopKind::kTransitGateway: {
      const TgwAttachment& att = net.tgw_attachments[hop.element];
      out.step = "transit gateway";
      out.element = att.name;
      out.location = att.provenance.location;
      break;
    }
    case HopKind::kListener: {
      const LbListener& l = net.load_balancers[hop.element].listeners[hop.listener];
      out.step = "load balancer listener";
      out.element = net.load_balancers[hop.element].name + " " + listenerText(l);
      out.location = l.provenance.location;
      break;
    }
    case HopKind::kLoadBalancer:
      out.step = "load balancer";
      out.element = net.at(hop.iface).name;
      out.location = net.at(hop.target_group).provenance.location;
      break;
    case HopKind::kDelivery:
      out.step = "delivery";
      out.element = hop.iface.valid() ? net.at(hop.iface).name : "the destination";
      if (hop.iface.valid()) out.location = net.at(hop.iface).provenance.location;
      break;
  }
  return out;
}

// The target of `group` that `packet` (sent by the load balancer) is for.
const LbTarget* targetOf(const EncodingContext& ctx, const TargetGroup& group, const Packet& packet) {
  for (const LbTarget& t : group.targets) {
    bool address = t.iface.valid() ? ctx.interfaceAddresses(t.iface).contains(packet[Field::kDstIp])
                                   : t.ip && ctx.space().code(*t.ip) == packet[Field::kDstIp];
    uint64_t port = packet[Field::kDstPort];
    if (address && port >= static_cast<uint64_t>(t.ports.from) && port <= static_cast<uint64_t>(t.ports.to))
      return &t;
  }
  return nullptr;
}

// "forwards to target aws_instance.app (target group aws_lb_target_group.app, port 8080)".
std::string forwardText(const EncodingContext& ctx, const Hop& hop, const Packet& sent, PathHop& out) {
  const Network& net = ctx.network();
  const TargetGroup& group = net.at(hop.target_group);
  std::string text = "opens a connection to ";
  if (const LbTarget* t = targetOf(ctx, group, sent)) {
    text += "target " + (t->iface.valid() ? net.at(t->iface).name : t->ip->str());
    if (t->provenance.location.known()) out.location = t->provenance.location;
  } else {
    text += "a target";
  }
  text += " of target group " + group.name + " on port " + std::to_string(sent[Field::kDstPort]);
  text += group.preserve_client_ip ? ", keeping the client's address" : ", from its own address";
  return text;
}

// What a transit gateway hop says: the attachment crossed, or, with a
// subnet, that the subnet's replies cannot reach the attachment.
std::string transitText(const Network& net, const Hop& hop) {
  const TgwAttachment& att = net.tgw_attachments[hop.element];
  if (hop.subnet.valid()) {
    const Subnet& at = net.at(hop.subnet);
    return att.name + " has no interface in availability zone " + at.availability_zone +
           ", so replies from subnet " + at.name + " cannot reach the transit gateway";
  }
  std::string text = std::string(tgwAttachmentKindName(att.kind));
  if (att.transit_gateway.valid()) text += " of transit gateway " + net.at(att.transit_gateway).name;
  if (att.kind == TgwAttachmentKind::kVpc && att.vpc.valid()) text += " to VPC " + net.at(att.vpc).name;
  if (att.kind == TgwAttachmentKind::kOther) text += ", which leads out of the model";
  return text;
}

// Fills `out.rule` (and its location) for `packet` at `hop`; returns whether
// the hop lets the packet through.
bool decide(const EncodingContext& ctx, const Hop& hop, const Packet& packet, PathHop& out) {
  const Network& net = ctx.network();
  switch (hop.kind) {
    case HopKind::kSecurityGroupEgress:
    case HopKind::kSecurityGroupIngress: {
      Direction dir = hop.kind == HopKind::kSecurityGroupEgress ? Direction::kEgress : Direction::kIngress;
      if (hop.groups.empty()) {  // a network load balancer's node without groups
        out.rule = "nothing filters it (a network load balancer without security groups)";
        return true;
      }
      const SecurityGroup* group = nullptr;
      const SecurityGroupRule* rule = matchingSgRule(net, ctx.space(), hop, dir, packet, &group);
      if (!rule) {
        out.rule = "no rule admits " + packetText(packet, ctx.space());
        return false;
      }
      out.rule = sgRuleText(net, *group, *rule);
      out.location = rule->provenance.location;
      return true;
    }
    case HopKind::kAclInbound:
    case HopKind::kAclOutbound: {
      const NetworkAcl& acl = net.at(net.at(hop.subnet).network_acl);
      Direction dir = hop.kind == HopKind::kAclInbound ? Direction::kIngress : Direction::kEgress;
      const NetworkAclRule* rule = firstMatchingRule(acl, dir, packet, ctx.space());
      if (!rule) {
        out.rule = "no rule matches " + packetText(packet, ctx.space()) + ": implicit deny";
        return false;
      }
      out.rule = aclRuleText(*rule);
      out.location = rule->provenance.location;
      return rule->allow;
    }
    case HopKind::kTgwRoute:
    case HopKind::kRoute: {
      uint64_t dst = packet[Field::kDstIp];
      std::string text = ctx.space().address(dst).str();
      if (hop.kind == HopKind::kTgwRoute && hop.element < 0) {
        out.rule = "no route table for " + text;
        return false;
      }
      const RouteLookup& table = hop.kind == HopKind::kRoute ? ctx.routesOf(hop.subnet)
                                                             : ctx.tgwRoutes(TgwRouteTableId{hop.element});
      const Route* route = table.lookup(dst);
      if (!route) {
        out.rule = "no route for " + text;
        return false;
      }
      out.rule = routeText(net, *route) + " (for " + text + ")";
      out.location = route->provenance.location;
      return routeTargetKey(*route) == hop.target;
    }
    case HopKind::kListener: {
      const LbListener& l = net.load_balancers[hop.element].listeners[hop.listener];
      uint64_t protocol = packet[Field::kProtocol];
      uint64_t port = packet[Field::kDstPort];
      bool accepts = ((protocol == kTcp && l.protocols.tcp) || (protocol == kUdp && l.protocols.udp)) &&
                     port >= static_cast<uint64_t>(l.ports.from) && port <= static_cast<uint64_t>(l.ports.to);
      const TargetGroup& group = net.at(hop.target_group);
      out.rule = accepts ? "accepts " + packetText(packet, ctx.space()) + " and forwards to target group " + group.name
                         : "accepts only " + std::string(l.protocols.tcp && l.protocols.udp ? "tcp and udp"
                                                         : l.protocols.udp ? "udp" : "tcp") +
                               " on port " + portsText(l.ports) + ", not " + packetText(packet, ctx.space());
      return accepts;
    }
    default:
      return true;
  }
}

}  // namespace

std::vector<PathHop> explainPath(const EncodingContext& ctx, const PathFormula& formula,
                                 const std::vector<Packet>& versions) {
  const Network& net = ctx.network();
  bool tcp = versions.front()[Field::kProtocol] == kTcp;
  // Forward hops in path order; then the reply's hops in the order the reply
  // travels: each move adds its reply checks as one contiguous group, and the
  // reply crosses the moves backwards.
  std::vector<PathHop> forward;
  std::vector<std::vector<PathHop>> reply_legs;
  bool in_reply_group = false;
  for (const Hop& hop : formula.hops) {
    if (hop.reply && !tcp) continue;  // only TCP needs its reply (docs/aws-modeling.md)
    // The packet a witness delivers is for its destination: the hop says
    // something only where it blocks.
    if (hop.kind == HopKind::kDelivery) continue;
    PathHop h = frame(ctx, hop);
    const Packet& at = versions[hop.version];
    Packet packet = hop.reply ? swapped(at) : at;
    decide(ctx, hop, packet, h);
    switch (hop.kind) {
      case HopKind::kPublicAddress:
        if (!ctx.space().isV4()) h.rule = globalText(ctx, hop, packet);
        else if (hop.element >= 0) h.rule = natPublicText(net.nat_gateways[hop.element]);
        else if (hop.iface.valid()) h.rule = publicText(net.at(hop.iface));
        break;
      case HopKind::kInternetGateway:
        h.rule = ctx.space().isV4() ? "translates between public and private addresses, 1:1"
                                    : "routes global IPv6 addresses as they are";
        break;
      case HopKind::kPeering:
        h.rule = "active peering; the peer VPC delivers locally only";
        break;
      case HopKind::kGateway:
        h.rule = std::string(routeTargetName(net.gateways[hop.element].kind));
        if (net.gateways[hop.element].kind == RouteTargetKind::kEgressOnlyInternetGateway && !ctx.space().isV4())
          h.rule += ": lets IPv6 out to the internet and its replies back in, nothing else in";
        break;
      case HopKind::kNatGateway:
        h.rule = "rewrites the source address and port";
        h.packet = toFlowPacket(versions[hop.version + 1], ctx.space()).str();
        break;
      case HopKind::kLoadBalancer: {
        // A node the packet reached rewrites it (a new version); a node that
        // is the question's source sends it as it is.
        bool rewrites = static_cast<size_t>(hop.version) + 1 < versions.size() &&
                        std::any_of(formula.rewrites.begin(), formula.rewrites.end(),
                                    [&](const Rewrite& r) { return r.version == hop.version + 1 &&
                                                                   &formula.hops[r.hop] == &hop; });
        const Packet& sent = rewrites ? versions[hop.version + 1] : at;
        h.rule = forwardText(ctx, hop, sent, h);
        if (rewrites) h.packet = toFlowPacket(sent, ctx.space()).str();
        break;
      }
      case HopKind::kAppliance:
        h.rule = "forwards (source/destination check disabled)";
        break;
      case HopKind::kTransitGateway:
        h.rule = transitText(net, hop);
        break;
      default:
        break;
    }
    if (hop.reply) {
      if (!in_reply_group) reply_legs.emplace_back();
      in_reply_group = true;
      h.packet = toFlowPacket(packet, ctx.space()).str();
      reply_legs.back().push_back(std::move(h));
    } else {
      in_reply_group = false;
      forward.push_back(std::move(h));
    }
  }
  std::string last_packet = toFlowPacket(versions.front(), ctx.space()).str();
  for (PathHop& h : forward) {
    if (h.packet == last_packet) h.packet.clear();
    else if (!h.packet.empty()) last_packet = h.packet;
  }
  for (auto leg = reply_legs.rbegin(); leg != reply_legs.rend(); ++leg) {
    for (PathHop& h : *leg) {
      if (h.packet == last_packet) h.packet.clear();
      else last_packet = h.packet;
      forward.push_back(std::move(h));
    }
  }
  return forward;
}

PathHop explainBlock(const EncodingContext& ctx, const Hop& hop, const std::optional<Packet>& sample,
                     const std::string& reason) {
  PathHop h = frame(ctx, hop);
  if (!reason.empty()) {
    h.rule = (h.element.empty() ? std::string("it") : h.element) + " " + reason;
    if (hop.kind == HopKind::kInternetGateway) h.rule = reason;
    return h;
  }
  if (hop.kind == HopKind::kTransitGateway && hop.subnet.valid()) {
    h.rule = transitText(ctx.network(), hop);
    return h;
  }
  if (hop.kind == HopKind::kLoadBalancer) {
    const TargetGroup& group = ctx.network().at(hop.target_group);
    std::string ports;
    for (const LbTarget& t : group.targets) {
      std::string p = portsText(t.ports);
      if (("," + ports + ",").find("," + p + ",") == std::string::npos) ports += (ports.empty() ? "" : ",") + p;
    }
    h.rule = "sends only to the targets of target group " + group.name +
             (ports.empty() ? " (none)" : ", on port " + ports);
    if (sample) h.packet = toFlowPacket(*sample, ctx.space()).str();
    return h;
  }
  if (hop.kind == HopKind::kDelivery) {
    h.rule = "no packet that gets here is for " + h.element +
             " on the ports asked (a load balancer forwards to other targets or ports)";
    return h;
  }
  if (sample) {
    decide(ctx, hop, *sample, h);
    std::string packet = toFlowPacket(*sample, ctx.space()).str();
    if (h.rule.find(packet) == std::string::npos) h.packet = packet;
  }
  return h;
}

}  // namespace segproof
