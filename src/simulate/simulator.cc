#include "simulate/simulator.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "model/transit.h"

namespace segproof {

const char* dispositionName(Disposition disposition) {
  switch (disposition) {
    case Disposition::kDelivered:
      return "delivered";
    case Disposition::kDropped:
      return "dropped";
    case Disposition::kLeavesModel:
      return "leaves the model";
    case Disposition::kInvalid:
      return "invalid";
  }
  return "?";
}

namespace {

// A concrete header, IPv4 or IPv6 (both addresses of one family).
struct Header {
  IpAddress src, dst;
  int protocol = 0;
  int sport = 0, dport = 0;
  int icmp_type = 0, icmp_code = 0;

  Header reply() const {
    Header r = *this;
    std::swap(r.src, r.dst);
    std::swap(r.sport, r.dport);
    return r;
  }
  bool tcp() const { return protocol == kTcp; }
  bool ported() const { return protocol == kTcp || protocol == kUdp; }

  FlowPacket flow() const {
    FlowPacket p;
    p.source = src;
    p.destination = dst;
    p.protocol = protocol;
    p.source_port = sport;
    p.destination_port = dport;
    p.icmp_type = icmp_type;
    p.icmp_code = icmp_code;
    return p;
  }
  std::string str() const { return flow().str(); }
  bool v6() const { return !dst.isV4(); }
};

// The block of `subnet` in `family`, or nullptr.
const Cidr* blockOf(const Subnet& subnet, IpFamily family) {
  if (family == IpFamily::kV4) return &subnet.cidr;
  return subnet.ipv6_cidr ? &*subnet.ipv6_cidr : nullptr;
}

// The subnet's block of the address's family holds it.
bool holds(const Subnet& subnet, const IpAddress& address) {
  const Cidr* block = blockOf(subnet, address.family);
  return block && block->contains(address);
}

// The addresses of an interface in one family.
const std::vector<PrivateAddress>& addressesOf(const Interface& i, IpFamily family) {
  return family == IpFamily::kV4 ? i.private_addresses : i.ipv6_addresses;
}

// Whether a rule's protocol, ports and ICMP fields match (not its addresses).
bool matches(const Match& m, const Header& h) {
  if (m.protocol == kAnyProtocol) return true;
  if (h.protocol != m.protocol) return false;
  if (h.ported()) return h.dport >= m.ports.from && h.dport <= m.ports.to;
  if (m.protocol == kIcmp || m.protocol == kIcmpV6)
    return (m.icmp_type < 0 || h.icmp_type == m.icmp_type) &&
           (m.icmp_code < 0 || h.icmp_code == m.icmp_code);
  return true;
}

bool within(const PortRange& range, int port) { return port >= range.from && port <= range.to; }

// A listener or target group takes TCP or UDP.
bool takes(const LbProtocols& protocols, int protocol) {
  return (protocol == kTcp && protocols.tcp) || (protocol == kUdp && protocols.udp);
}

// Load balancers followed on one path (docs/aws-modeling.md).
constexpr int kMaxLoadBalancers = 3;

std::string joinNames(const Network& net, const std::vector<SecurityGroupId>& groups) {
  std::string out;
  for (SecurityGroupId g : groups) out += (out.empty() ? "" : ", ") + net.at(g).name;
  return out.empty() ? "(no groups)" : out;
}

}  // namespace

// One simulation: the walk of one packet, with its trace.
class SimWalk {
 public:
  SimWalk(const Simulator& sim, const SimEnd& from, const SimEnd& to,
          const std::vector<RewriteChoice>* choices, const std::vector<PortRange>& arrival_ports)
      : sim_(sim),
        net_(sim.net_),
        from_(from),
        to_(to),
        choices_(choices),
        arrival_ports_(arrival_ports) {}

  SimResult run(const Header& h) {
    SimResult out;
    if (std::string bad = invalid(h); !bad.empty()) {
      out.disposition = Disposition::kInvalid;
      out.reason = bad;
      return out;
    }
    bool delivered = false;
    if (from_.kind == SimEnd::Kind::kInterface && isNode(from_.iface)) {
      delivered = sendForward(h);
    } else if (std::vector<InterfaceId> ends = receivers(h); ends.empty()) {
      stop("no receiver of " + h.dst.str() + " fits the rewrite choices given");
    } else {
      delivered = anyOf(ends, [&](InterfaceId node) {
        LegEnd end{node, 0};
        switch (from_.kind) {
          case SimEnd::Kind::kInterface:
            return sendFrom(from_.iface, h, end);
          case SimEnd::Kind::kInternet:
            return enterFromInternet(h, end);
          case SimEnd::Kind::kZone:
            return enterFromZone(h, end);
        }
        return false;
      });
    }
    if (delivered) {
      out.disposition = Disposition::kDelivered;
      out.trace = std::move(trace_);
      out.arrived = arrived_.flow();
      return out;
    }
    if (left_) {
      out.disposition = Disposition::kLeavesModel;
      out.reason = left_reason_;
      out.trace = std::move(left_trace_);
      return out;
    }
    out.disposition = Disposition::kDropped;
    out.reason = failed_ ? failed_reason_ : reason_;
    out.trace = failed_ ? std::move(failed_trace_) : std::move(trace_);
    return out;
  }

 private:
  // Who owns the current source address: the groups a "members of" rule
  // sees, and whether an internet gateway can map it to a public address.
  // A crossing of transit gateways whose reply checks wait for the place
  // the packet ends at (src/model/transit.h).
  struct Leg {
    TgwAttachmentId entry, exit;
    SubnetId sender, entered, left;
    TransitGatewayId delivering;
    bool peered = false;
    TransitGatewayId prior_reply;  // how the sender's VPC routes replies (invalid: locally)
    bool pending = false;          // left a transit gateway, reply checks not yet made
  };

  // Where the current leg of the packet ends: the destination end, or a
  // node of a load balancer that forwards it; and how many load balancers
  // the packet has passed.
  struct LegEnd {
    InterfaceId node;  // invalid: the destination end
    int balanced = 0;
  };

  struct Sender {
    LegEnd end;
    // The source is a client's address that a load balancer node kept:
    // replies go back to the node whatever the routes.
    bool client_source = false;
    std::vector<SecurityGroupId> groups;
    bool public_address = false;
    // The packet came through this transit gateway: replies to its source
    // are routed back to it, and peerings and gateways do not carry it.
    TransitGatewayId via;
    Leg leg;
  };

  // ---- checks, each adding one hop -------------------------------------

  SimHop& hop(std::string step, std::string element, const Header& h, bool reply) {
    SimHop s;
    s.step = std::move(step);
    s.element = std::move(element);
    s.reply = reply;
    s.packet = h.str();
    trace_.push_back(std::move(s));
    return trace_.back();
  }

  bool stop(std::string reason) {
    if (!trace_.empty()) {
      trace_.back().passed = false;
      if (trace_.back().reply) ++reply_stops_;
    }
    reason_ = std::move(reason);
    return false;
  }

  // The packet leaves the model: its fate is unknown. The first such way
  // out is the one reported, when nothing delivers it.
  bool leave(std::string reason) {
    if (!left_) {
      left_ = true;
      left_reason_ = std::move(reason);
      left_trace_ = trace_;
    }
    return stop(left_reason_);
  }

  // Where the walk is, to try alternatives from the same point.
  struct Mark {
    size_t trace = 0, choice = 0;
  };
  Mark mark() const { return {trace_.size(), next_choice_}; }
  void rewind(const Mark& m) {
    trace_.resize(m.trace);
    next_choice_ = m.choice;
  }

  // The first failure among alternatives is the one reported.
  void noteFailure() {
    if (failed_) return;
    failed_ = true;
    failed_reason_ = reason_;
    failed_trace_ = trace_;
  }

  // Tries each alternative from the same point; true when one delivers.
  template <class T, class Attempt>
  bool anyOf(const std::vector<T>& options, Attempt attempt) {
    Mark m = mark();
    for (const T& option : options) {
      rewind(m);
      if (attempt(option)) return true;
      noteFailure();
    }
    return false;
  }

  // Some rule of some group admits `h` (peer: the other side's groups).
  bool groupsAdmit(const std::vector<SecurityGroupId>& groups, Direction d, const Header& h,
                   const std::vector<SecurityGroupId>& peer_groups, const std::string& whose) {
    bool in = d == Direction::kIngress;
    SimHop& s = hop(in ? "security group ingress" : "security group egress",
                    whose + ": " + joinNames(net_, groups), h, false);
    // A group peer is matched by the other end's groups: that end owns the
    // packet's address, so it is a member's address of the packet's family.
    const IpAddress& other = in ? h.src : h.dst;
    if (groups.empty()) {
      s.rule = "no security groups: nothing filters it";
      return true;
    }
    for (SecurityGroupId g : groups) {
      for (const SecurityGroupRule& r : net_.at(g).rules) {
        if (r.direction != d || !matches(r.match, h)) continue;
        std::string peer;
        bool hit = false;
        switch (r.peer.kind) {
          case RulePeer::Kind::kCidr:
            hit = r.peer.cidr.contains(other);
            peer = r.peer.cidr.str();
            break;
          case RulePeer::Kind::kSecurityGroup:
            hit = std::find(peer_groups.begin(), peer_groups.end(), r.peer.security_group) !=
                  peer_groups.end();
            peer = "members of " + net_.at(r.peer.security_group).name;
            break;
          case RulePeer::Kind::kPrefixList: {
            const PrefixList& list = net_.at(r.peer.prefix_list);
            hit = !list.content_known;  // unknown content may hold any address
            for (const Cidr& c : list.entries) hit = hit || c.contains(other);
            peer = "prefix list " + list.name;
            break;
          }
        }
        if (!hit) continue;
        s.rule = net_.at(g).name + (in ? " ingress " : " egress ") + matchText(r.match) +
                 (in ? " from " : " to ") + peer;
        s.location = r.provenance.location;
        return true;
      }
    }
    s.rule = "no rule admits it";
    if (!groups.empty()) s.location = net_.at(groups.front()).provenance.location;
    return stop("the security groups of " + whose + " admit no such packet " +
                (in ? "in" : "out"));
  }

  // The subnet's network ACL, first matching rule by number.
  bool aclAllows(SubnetId subnet, Direction d, const Header& h, bool reply) {
    const NetworkAcl& acl = net_.at(net_.at(subnet).network_acl);
    bool in = d == Direction::kIngress;
    SimHop& s = hop(in ? "network ACL inbound" : "network ACL outbound",
                    acl.name + " (subnet " + net_.at(subnet).name + ")", h, reply);
    const IpAddress& address = in ? h.src : h.dst;
    const NetworkAclRule* first = nullptr;
    for (const NetworkAclRule& r : acl.rules) {
      if (r.direction != d || !matches(r.match, h) || !r.cidr.contains(address)) continue;
      if (!first || r.number < first->number) first = &r;
    }
    if (!first) {
      s.rule = "rule * deny all traffic (no numbered rule matches)";
      s.location = acl.provenance.location;
      return stop("network ACL " + acl.name + " denies it (no rule matches)");
    }
    s.rule = "rule " + std::to_string(first->number) + (first->allow ? " allow " : " deny ") +
             matchText(first->match) + (in ? " from " : " to ") + first->cidr.str();
    s.location = first->provenance.location;
    if (first->allow) return true;
    return stop("network ACL " + acl.name + " rule " + std::to_string(first->number) + " denies it");
  }

  // Longest prefix match over routes and prefix-list entries of the
  // address's family; at equal length a static route beats a propagated one.
  const Route* lookup(SubnetId subnet, const IpAddress& dst) const {
    const Route* best = nullptr;
    int best_length = -1;
    for (const Route& r : net_.at(net_.at(subnet).route_table).routes) {
      std::vector<Cidr> blocks = {r.destination};
      if (r.destination_prefix_list.valid()) blocks = net_.at(r.destination_prefix_list).entries;
      for (const Cidr& c : blocks) {
        if (!c.contains(dst)) continue;
        bool better = c.prefix_length > best_length ||
                      (c.prefix_length == best_length && best->propagated && !r.propagated);
        if (better) {
          best = &r;
          best_length = c.prefix_length;
        }
      }
    }
    return best;
  }

  std::string targetName(const Route& r) const {
    std::string kind = routeTargetName(r.target);
    switch (r.target) {
      case RouteTargetKind::kInternetGateway:
        return kind + " " + net_.at(r.internet_gateway).name;
      case RouteTargetKind::kNatGateway:
        return kind + " " + net_.at(r.nat_gateway).name;
      case RouteTargetKind::kPeering:
        return kind + " " + net_.at(r.peering).name;
      case RouteTargetKind::kNetworkInterface:
        return kind + " " + net_.at(r.interface).name;
      case RouteTargetKind::kLocal:
      case RouteTargetKind::kBlackhole:
        return kind;
      case RouteTargetKind::kTransitGatewayAttachment:
        return kind + " " + net_.at(r.attachment).name;
      default:
        if (r.transit_gateway.valid()) return kind + " " + net_.at(r.transit_gateway).name;
        return r.gateway.valid() ? kind + " " + net_.at(r.gateway).name : kind;
    }
  }

  // The route the subnet's table picks for `h.dst`, as a hop.
  const Route* route(SubnetId subnet, const Header& h, bool reply) {
    const RouteTable& table = net_.at(net_.at(subnet).route_table);
    SimHop& s = hop("route", table.name + " (subnet " + net_.at(subnet).name + ")", h, reply);
    const Route* r = lookup(subnet, h.dst);
    if (!r) {
      s.rule = "no route matches " + h.dst.str();
      s.location = table.provenance.location;
      stop("route table " + table.name + " has no route to " + h.dst.str());
      return nullptr;
    }
    std::string dest = r->destination_prefix_list.valid()
                           ? "prefix list " + net_.at(r->destination_prefix_list).name
                           : r->destination.str();
    s.rule = dest + " -> " + targetName(*r);
    s.location = r->provenance.location;
    return r;
  }

  // A reply to a client's address that a load balancer kept goes back to the
  // node that sent the request, whatever the route tables say.
  bool replyToNode(SubnetId subnet, const Header& reply) {
    const RouteTable& table = net_.at(net_.at(subnet).route_table);
    SimHop& s = hop("route", table.name + " (subnet " + net_.at(subnet).name + ")", reply, true);
    s.rule = "back to the load balancer node (it kept the client's address)";
    return true;
  }

  // The reply, leaving `subnet` towards an address of its VPC, is routed
  // locally or through an appliance that forwards it.
  bool replyRoutedLocally(SubnetId subnet, const Header& reply, TransitGatewayId via = {},
                          bool to_node = false) {
    if (to_node) return replyToNode(subnet, reply);
    const Route* r = route(subnet, reply, true);
    if (!r) return false;
    if (!via.valid() && r->target == RouteTargetKind::kLocal) return true;
    if (via.valid() && r->target == RouteTargetKind::kTransitGateway && r->transit_gateway == via)
      return true;
    if (r->target == RouteTargetKind::kNetworkInterface && r->interface.valid() &&
        !net_.at(r->interface).source_dest_check)
      return true;
    return stop("the reply is routed to " + targetName(*r) + ", not back the way it came");
  }

  // The reply, leaving `subnet` towards the outside, is routed back to the
  // element it came through.
  bool replyRoutedBack(SubnetId subnet, const Header& reply, RouteTargetKind kind, int32_t element,
                       bool to_node = false) {
    if (to_node) return replyToNode(subnet, reply);
    const Route* r = route(subnet, reply, true);
    if (!r) return false;
    int32_t got = -1;
    switch (kind) {
      case RouteTargetKind::kInternetGateway:
        got = r->internet_gateway.value;
        break;
      case RouteTargetKind::kPeering:
        got = r->peering.value;
        break;
      default:
        got = r->gateway.value;
        break;
    }
    if (r->target == kind && got == element) return true;
    return stop("the reply is routed to " + targetName(*r) + ", not back the way it came");
  }

  // From subnet `a` into subnet `b` of the same VPC (the route was taken),
  // and for TCP the reply back.
  bool crossLocally(SubnetId a, SubnetId b, const Header& h, const Sender& sender) {
    if (sender.leg.pending) return endLeg(a, b, h, sender);
    if (!aclAllows(a, Direction::kEgress, h, false) || !aclAllows(b, Direction::kIngress, h, false))
      return false;
    if (!h.tcp()) return true;
    Header r = h.reply();
    return aclAllows(b, Direction::kEgress, r, true) &&
           replyRoutedLocally(b, r, sender.via, sender.client_source) &&
           aclAllows(a, Direction::kIngress, r, true);
  }

  // Out of a transit gateway through the interface in subnet `x`, the packet
  // reaches subnet `at` (its route was taken): no ACL within one subnet. For
  // TCP the reply goes back through the transit gateway: out of `at`, routed
  // to it, in by the attachment's interface in `at`'s zone, out by the
  // interface replyExit() picks, into the requester's subnet.
  bool endLeg(SubnetId x, SubnetId at, const Header& h, const Sender& sender) {
    const Leg& leg = sender.leg;
    if (x != at && (!aclAllows(x, Direction::kEgress, h, false) ||
                    !aclAllows(at, Direction::kIngress, h, false)))
      return false;
    if (!h.tcp()) return true;
    Header r = h.reply();
    if (!aclAllows(at, Direction::kEgress, r, true) ||
        !replyRoutedLocally(at, r, leg.delivering, sender.client_source))
      return false;
    const TgwAttachment& exit = net_.at(leg.exit);
    std::optional<SubnetId> back = replyEntry(net_, exit, at, leg.left);
    if (!back) {
      SimHop& z = hop("transit gateway", exit.name, r, true);
      z.rule = "no interface in availability zone " + net_.at(at).availability_zone;
      z.location = exit.provenance.location;
      return stop("replies from subnet " + net_.at(at).name + " cannot reach the transit gateway: " +
                  exit.name + " has no interface in their zone");
    }
    if (!aclAllows(*back, Direction::kIngress, r, true)) return false;
    SubnetId out = replyExit(net_, net_.at(leg.entry), at, leg.entered, leg.peered);
    if (out == leg.sender) return true;
    return aclAllows(out, Direction::kEgress, r, true) &&
           replyRoutedLocally(out, r, leg.prior_reply, sender.client_source) &&
           aclAllows(leg.sender, Direction::kIngress, r, true);
  }

  // A transit gateway route table's choice for `address`: longest prefix,
  // static over propagated.
  const Route* tgwLookup(TgwRouteTableId table, const IpAddress& address) const {
    const Route* best = nullptr;
    int best_length = -1;
    for (const Route& r : net_.at(table).routes) {
      std::vector<Cidr> blocks = {r.destination};
      if (r.destination_prefix_list.valid()) blocks = net_.at(r.destination_prefix_list).entries;
      for (const Cidr& c : blocks) {
        if (!c.contains(address)) continue;
        if (c.prefix_length > best_length ||
            (c.prefix_length == best_length && best->propagated && !r.propagated)) {
          best = &r;
          best_length = c.prefix_length;
        }
      }
    }
    return best;
  }

  // The transit gateway route of `table` for `address`, as a hop; the
  // attachment it leads to, or invalid (and the walk stopped).
  TgwAttachmentId tgwRoute(TgwRouteTableId table, const Header& h, bool reply) {
    const IpAddress& address = h.dst;
    std::string text = address.str();
    SimHop& s = hop("transit gateway route", table.valid() ? net_.at(table).name : "(no route table)", h, reply);
    if (!table.valid()) {
      s.rule = "the attachment is associated with no route table";
      stop("the attachment is associated with no route table");
      return {};
    }
    const Route* r = tgwLookup(table, address);
    if (!r) {
      s.rule = "no route matches " + text;
      stop("transit gateway route table " + net_.at(table).name + " has no route to " + text);
      return {};
    }
    s.location = r->provenance.location;
    if (r->target != RouteTargetKind::kTransitGatewayAttachment) {
      s.rule = "blackhole";
      stop("transit gateway route table " + net_.at(table).name + " drops " + text + " (blackhole)");
      return {};
    }
    s.rule = (r->destination_prefix_list.valid() ? "prefix list " + net_.at(r->destination_prefix_list).name
                                                 : r->destination.str()) +
             " -> " + net_.at(r->attachment).name;
    return r->attachment;
  }

  // A VPC attachment carries IPv6 only with IPv6 support; else the packet
  // stops at it, as a hop.
  bool carries(const TgwAttachment& a, const Header& h) {
    if (!h.v6() || a.ipv6_support) return true;
    SimHop& x = hop("transit gateway", a.name, h, false);
    x.location = a.provenance.location;
    x.rule = "IPv6 support not enabled";
    return stop(a.name + " carries no IPv6 traffic (its IPv6 support is not enabled)");
  }

  // Subnet `s` routed the packet to transit gateway `tgw`.
  bool throughTransitGateway(const Header& h, const Sender& sender, SubnetId s, TransitGatewayId tgw,
                             std::set<int32_t>& visited) {
    VpcId vpc = net_.at(s).vpc;
    const TgwAttachment* entry = nullptr;
    TgwAttachmentId entry_id;
    for (size_t i = 0; i < net_.tgw_attachments.size(); ++i) {
      const TgwAttachment& a = net_.tgw_attachments[i];
      if (a.kind == TgwAttachmentKind::kVpc && a.transit_gateway == tgw && a.vpc == vpc) {
        entry = &a;
        entry_id = TgwAttachmentId{static_cast<int32_t>(i)};
      }
    }
    if (!entry) return stop("transit gateway " + net_.at(tgw).name + " has no attachment to this VPC");
    if (!carries(*entry, h)) return false;
    std::vector<SubnetId> interfaces = entryInterfaces(net_, *entry, s);
    if (interfaces.empty())
      return stop(entry->name + " has no interface in availability zone " + net_.at(s).availability_zone +
                  " of subnet " + net_.at(s).name);
    Mark m = mark();
    for (SubnetId t : interfaces) {
      rewind(m);
      if (!aclAllows(s, Direction::kEgress, h, false) || !aclAllows(t, Direction::kIngress, h, false))
        continue;
      SimHop& x = hop("transit gateway", entry->name, h, false);
      x.location = entry->provenance.location;
      x.rule = "into " + net_.at(tgw).name + " through subnet " + net_.at(t).name;
      Leg leg;
      leg.entry = entry_id;
      leg.sender = s;
      leg.entered = t;
      leg.prior_reply = sender.via;
      std::set<std::pair<int32_t, int32_t>> crossed;
      std::set<int32_t> branch = visited;
      if (atTransitGateway(h, tgw, entry_id, t, leg, sender, branch, crossed)) return true;
    }
    return false;
  }

  // The packet is in transit gateway `tgw`, come by attachment `in` (through
  // interface `entered`; invalid after a peering).
  bool atTransitGateway(const Header& h, TransitGatewayId tgw, TgwAttachmentId in, SubnetId entered,
                        Leg leg, const Sender& sender, std::set<int32_t>& visited,
                        std::set<std::pair<int32_t, int32_t>>& crossed) {
    TgwAttachmentId out = tgwRoute(routeTableOn(net_.at(in), tgw), h, false);
    if (!out.valid()) return false;
    if (out == in) return stop("the transit gateway routes the packet back where it came from");
    const TgwAttachment& b = net_.at(out);
    if (h.tcp() && tgwRoute(routeTableOn(b, tgw), h.reply(), true) != in)
      return stop("the transit gateway does not route the reply back to " + net_.at(in).name);
    switch (b.kind) {
      case TgwAttachmentKind::kVpc: {
        if (!carries(b, h)) return false;
        Mark m = mark();
        for (SubnetId t : exitInterfaces(net_, b, entered)) {
          rewind(m);
          SimHop& x = hop("transit gateway", b.name, h, false);
          x.location = b.provenance.location;
          x.rule = "out of " + net_.at(tgw).name + " through subnet " + net_.at(t).name;
          Sender after;
          after.end = sender.end;
          after.client_source = sender.client_source;
          after.via = tgw;
          after.leg = leg;
          after.leg.exit = out;
          after.leg.left = t;
          after.leg.delivering = tgw;
          after.leg.pending = true;
          std::set<int32_t> branch = visited;
          if (forward(h, after, t, branch)) return true;
        }
        return false;
      }
      case TgwAttachmentKind::kPeering: {
        TransitGatewayId next = b.transit_gateway == tgw ? b.peer_transit_gateway : b.transit_gateway;
        SimHop& x = hop("transit gateway", b.name, h, false);
        x.location = b.provenance.location;
        if (!b.active) {
          x.rule = "not accepted";
          return stop("transit gateway peering " + b.name + " is not accepted");
        }
        if (!next.valid() || !crossed.insert({out.value, next.value}).second)
          return stop("the packet loops between transit gateways");
        x.rule = "to " + net_.at(next).name;
        leg.peered = true;
        return atTransitGateway(h, next, out, {}, leg, sender, visited, crossed);
      }
      case TgwAttachmentKind::kOther:
        return leave("it leaves the model through transit gateway attachment " + b.name +
                     ", which segproof does not look beyond");
    }
    return false;
  }

  // ---- the walk ----------------------------------------------------------

  std::string invalid(const Header& h) const {
    if (h.protocol < 0 || h.protocol > 255) return "the protocol is not a number 0-255";
    if (h.ported()) {
      if (h.sport < sim_.options_.ephemeral_from || h.sport > sim_.options_.ephemeral_to)
        return "the source port " + std::to_string(h.sport) + " is not an initiator's port (" +
               std::to_string(sim_.options_.ephemeral_from) + "-" +
               std::to_string(sim_.options_.ephemeral_to) + ")";
      if (h.dport < 0 || h.dport > 65535) return "the destination port is not 0-65535";
      if (h.icmp_type != 0 || h.icmp_code != 0) return "a TCP or UDP packet has no ICMP fields";
    } else if (h.protocol == kIcmp || h.protocol == kIcmpV6) {
      if (h.sport != 0 || h.dport != 0) return "an ICMP packet has no ports";
      if (h.icmp_type < 0 || h.icmp_type > 255 || h.icmp_code < 0 || h.icmp_code > 255)
        return "ICMP type and code are 0-255";
    } else if (h.sport != 0 || h.dport != 0 || h.icmp_type != 0 || h.icmp_code != 0) {
      return "protocol " + std::to_string(h.protocol) + " has no ports or ICMP fields";
    }
    if (from_.kind == SimEnd::Kind::kInterface && isNode(from_.iface)) {
      if (ownForwards(h).empty())
        return h.str() + " is not a forward of " + sim_.describe(from_) +
               " (to a target's address and port, from its own address unless the target group "
               "keeps client addresses)";
    } else if (!sim_.addressOf(from_, h.src)) {
      return h.src.str() + " is not an address of " + sim_.describe(from_);
    } else if (!sim_.addressOf(to_, h.dst) && !anyNodeHas(h.dst)) {
      return h.dst.str() + " is not an address of " + sim_.describe(to_) +
             (sim_.nodes_.empty() ? "" : " nor of a load balancer node");
    }
    bool both = from_.kind == SimEnd::Kind::kInterface && to_.kind == SimEnd::Kind::kInterface;
    if (both && (from_.iface == to_.iface || h.src == h.dst))
      return "an interface does not send to itself";
    if (!both && from_.kind != SimEnd::Kind::kInterface && to_.kind != SimEnd::Kind::kInterface)
      return "neither end is an interface of the model";
    return "";
  }

  const Interface* toInterface() const {
    return to_.kind == SimEnd::Kind::kInterface ? &net_.at(to_.iface) : nullptr;
  }

  std::vector<SecurityGroupId> destinationGroups() const {
    const Interface* d = toInterface();
    return d ? d->security_groups : std::vector<SecurityGroupId>{};
  }

  // The interface the current leg is for (none: the internet or a zone).
  const Interface* receiver(const LegEnd& end) const {
    return end.node.valid() ? &net_.at(end.node) : toInterface();
  }

  std::vector<SecurityGroupId> receiverGroups(const LegEnd& end) const {
    const Interface* r = receiver(end);
    return r ? r->security_groups : std::vector<SecurityGroupId>{};
  }

  // Arrival in subnet `t`: the receiver's ingress groups; a load balancer
  // node forwards the packet on.
  bool deliverIn(SubnetId t, const Header& h, const Sender& sender) {
    if (sender.end.node.valid()) {
      const Interface& node = net_.at(sender.end.node);
      if (node.subnet != t) return stop(node.name + " is not in subnet " + net_.at(t).name);
      return throughNode(sender.end.node, h, sender);
    }
    const Interface* d = toInterface();
    if (!d || d->subnet != t)
      return stop("no interface of subnet " + net_.at(t).name + " is the destination");
    if (!groupsAdmit(d->security_groups, Direction::kIngress, h, sender.groups, d->name))
      return false;
    if (isNode(to_.iface) && !listener(to_.iface, h)) return false;
    return arrive(h);
  }

  // The packet reaches the destination end.
  bool arrive(const Header& h) {
    if (balancerChoice()) return stop("a load balancer choice is left unused");
    if (h.ported() && !arrival_ports_.empty() &&
        std::none_of(arrival_ports_.begin(), arrival_ports_.end(),
                     [&](const PortRange& r) { return within(r, h.dport); }))
      return stop("it arrives on port " + std::to_string(h.dport) + ", not on a port asked");
    arrived_ = h;
    return true;
  }

  // Interface `id` sends `h` on a leg that ends at `end`.
  bool sendFrom(InterfaceId id, const Header& h, const LegEnd& end, bool client_source = false) {
    const Interface& src = net_.at(id);
    if (!groupsAdmit(src.security_groups, Direction::kEgress, h, receiverGroups(end), src.name))
      return false;
    Sender sender;
    sender.end = end;
    sender.client_source = client_source;
    sender.groups = src.security_groups;
    sender.public_address = src.public_address.present();
    const Interface* d = receiver(end);
    // Within a subnet: no route, no network ACL.
    if (d && d->subnet == src.subnet) return deliverIn(src.subnet, h, sender);
    std::set<int32_t> visited;
    return forward(h, sender, src.subnet, visited);
  }

  // IPv4 reaches an interface's public address, which the gateway maps to
  // its private one; IPv6 reaches a global address as it is.
  bool enterFromInternet(const Header& h, const LegEnd& end) {
    const Interface* d = receiver(end);
    SimHop& s = hop("internet gateway", "", h, false);
    if (!d) return stop("the internet reaches only interfaces");
    if (h.v6() && !Simulator::isInternetAddress(h.dst)) {
      s.element = d->name;
      s.rule = h.dst.str() + " is not a global IPv6 address";
      s.location = d->provenance.location;
      return stop("the internet does not reach " + h.dst.str() + " of " + d->name +
                  ": it is not a global IPv6 address");
    }
    if (!h.v6() && !d->public_address.present()) {
      s.element = d->name;
      s.rule = "no public IPv4 address";
      s.location = d->provenance.location;
      return stop(d->name + " has no public IPv4 address");
    }
    VpcId vpc = net_.at(d->subnet).vpc;
    for (size_t g = 0; g < net_.internet_gateways.size(); ++g) {
      const InternetGateway& igw = net_.internet_gateways[g];
      if (igw.vpc != vpc) continue;
      s.element = igw.name;
      if (h.v6()) {
        s.rule = "lets in " + h.dst.str() + ", a global IPv6 address of " + d->name;
        s.location = igw.provenance.location;
      } else {
        s.rule = "maps the public address of " + d->name + " to " + h.dst.str();
        s.location = d->public_address.provenance.location;
      }
      Sender sender;
      sender.end = end;
      return entry(d->subnet, h, RouteTargetKind::kInternetGateway, static_cast<int32_t>(g)) &&
             deliverIn(d->subnet, h, sender);
    }
    s.rule = "the VPC has no internet gateway";
    bool egress_only =
        std::any_of(net_.gateways.begin(), net_.gateways.end(), [&](const Gateway& g) {
          return g.kind == RouteTargetKind::kEgressOnlyInternetGateway && g.vpc == vpc;
        });
    if (egress_only) s.rule += " (an egress-only internet gateway lets nothing in)";
    return stop("no internet gateway is attached to the VPC of " + d->name);
  }

  bool enterFromZone(const Header& h, const LegEnd& end) {
    const Interface* d = receiver(end);
    const Gateway& gw = net_.at(from_.gateway);
    SimHop& s = hop("VPN gateway", gw.name, h, false);
    s.location = gw.provenance.location;
    if (!d) return stop("the on-premises zone reaches only interfaces");
    if (gw.kind != RouteTargetKind::kVpnGateway || !gw.vpc.valid() ||
        net_.at(d->subnet).vpc != gw.vpc)
      return stop(gw.name + " does not lead into the VPC of " + d->name);
    Sender sender;
    sender.end = end;
    return entry(d->subnet, h, RouteTargetKind::kVpnGateway, from_.gateway.value) &&
           deliverIn(d->subnet, h, sender);
  }

  // Entering subnet `t` from a gateway; for TCP the reply goes back out and
  // is routed to that gateway.
  bool entry(SubnetId t, const Header& h, RouteTargetKind kind, int32_t element,
             bool to_node = false) {
    if (!aclAllows(t, Direction::kIngress, h, false)) return false;
    if (!h.tcp()) return true;
    Header r = h.reply();
    return aclAllows(t, Direction::kEgress, r, true) &&
           replyRoutedBack(t, r, kind, element, to_node);
  }

  // Leaving subnet `s` through a gateway; for TCP the reply comes back in.
  bool exit(SubnetId s, const Header& h) {
    return aclAllows(s, Direction::kEgress, h, false) &&
           (!h.tcp() || aclAllows(s, Direction::kIngress, h.reply(), true));
  }

  SubnetId subnetHolding(VpcId vpc, const IpAddress& address) const {
    for (size_t i = 0; i < net_.subnets.size(); ++i)
      if (net_.subnets[i].vpc == vpc && holds(net_.subnets[i], address))
        return SubnetId{static_cast<int32_t>(i)};
    return {};
  }

  // An internet gateway's checks of an outgoing packet, on its hop `g`: the
  // destination is an internet address; for IPv6 the source is a global one.
  bool toInternet(SimHop& g, const Header& h) {
    if (Simulator::isInternetAddress(h.dst)) return true;
    g.rule = h.dst.str() + " is not an internet address";
    return stop(h.dst.str() + " is not an internet address");
  }
  bool outToInternet(SimHop& g, const Header& h) {
    if (!Simulator::isInternetAddress(h.src)) {
      g.rule = h.src.str() + " is not a global IPv6 address";
      return stop("the source " + h.src.str() +
                  " is not a global IPv6 address: it cannot reach the internet");
    }
    return toInternet(g, h);
  }

  // The packet `h`, sent by `sender`, leaves subnet `s` (which it is in).
  bool forward(const Header& h, const Sender& sender, SubnetId s, std::set<int32_t>& visited) {
    if (!visited.insert(s.value).second) return stop("the packet loops between route tables");
    VpcId vpc = net_.at(s).vpc;
    // A NAT gateway or appliance sending to an address of its own subnet
    // delivers it directly, as any sender in a subnet does; a transit
    // gateway's interface is routed by the subnet's table first.
    if (subnetHolding(vpc, h.dst) == s && !sender.leg.pending) return deliverIn(s, h, sender);
    const Route* r = route(s, h, false);
    if (!r) return false;
    // Peerings and gateways carry only packets from their own VPC (an IPv4
    // packet from a transit gateway has no public address for the internet
    // gateway, which says so itself).
    bool routed_out = r->target != RouteTargetKind::kLocal && r->target != RouteTargetKind::kNatGateway &&
                      r->target != RouteTargetKind::kNetworkInterface &&
                      r->target != RouteTargetKind::kBlackhole &&
                      (r->target != RouteTargetKind::kInternetGateway || h.v6()) &&
                      !(r->target == RouteTargetKind::kTransitGateway && r->transit_gateway.valid());
    if (routed_out && sender.via.valid())
      return stop("the packet came through a transit gateway: " + targetName(*r) +
                  " carries only packets from its own VPC (no edge-to-edge routing)");
    switch (r->target) {
      case RouteTargetKind::kLocal: {
        SubnetId t = subnetHolding(vpc, h.dst);
        if (!t.valid()) return stop("no subnet of the VPC holds " + h.dst.str());
        if (t == s) return endLeg(s, s, h, sender) && deliverIn(s, h, sender);
        return crossLocally(s, t, h, sender) && deliverIn(t, h, sender);
      }
      case RouteTargetKind::kTransitGateway:
        if (!r->transit_gateway.valid()) break;
        return throughTransitGateway(h, sender, s, r->transit_gateway, visited);
      case RouteTargetKind::kInternetGateway: {
        const InternetGateway& igw = net_.at(r->internet_gateway);
        if (igw.vpc != vpc) return stop(igw.name + " is not attached to this VPC");
        if (!exit(s, h)) return false;
        SimHop& g = hop("internet gateway", igw.name, h, false);
        g.location = igw.provenance.location;
        if (h.v6()) {
          if (!outToInternet(g, h)) return false;
          g.rule = "lets out " + h.src.str() + " as it is";
        } else {
          if (!sender.public_address) {
            g.rule = "the sender has no public IPv4 address";
            return stop("the sender has no public IPv4 address to go out with");
          }
          if (!toInternet(g, h)) return false;
          g.rule = "maps the sender to its public address";
        }
        if (sender.end.node.valid() || to_.kind != SimEnd::Kind::kInternet)
          return stop("the packet goes to the internet, not to " + describeEnd(sender.end));
        return arrive(h);
      }
      case RouteTargetKind::kEgressOnlyInternetGateway: {
        if (!r->gateway.valid()) break;
        const Gateway& gw = net_.at(r->gateway);
        if (!h.v6()) {
          SimHop& g = hop("egress-only internet gateway", gw.name, h, false);
          g.location = r->provenance.location;
          g.rule = "takes no IPv4: AWS accepts no IPv4 route to an egress-only internet gateway";
          return stop("an IPv4 packet is routed to egress-only internet gateway " + gw.name +
                      ", which AWS does not accept");
        }
        if (gw.vpc != vpc) return stop(gw.name + " is not attached to this VPC");
        if (!exit(s, h)) return false;
        SimHop& g = hop("egress-only internet gateway", gw.name, h, false);
        g.location = gw.provenance.location;
        const std::vector<Cidr>& blocks = net_.at(vpc).cidrs;
        if (std::none_of(blocks.begin(), blocks.end(),
                         [&](const Cidr& c) { return c.contains(h.src); })) {
          g.rule = h.src.str() + " is not an address of the VPC";
          return stop("egress-only internet gateway " + gw.name +
                      " lets out only its VPC's addresses");
        }
        if (!outToInternet(g, h)) return false;
        g.rule = "lets out " + h.src.str() + " (replies only come back in)";
        if (sender.end.node.valid() || to_.kind != SimEnd::Kind::kInternet)
          return stop("the packet goes to the internet, not to " + describeEnd(sender.end));
        return arrive(h);
      }
      case RouteTargetKind::kNatGateway:
        return throughNat(h, sender, s, r->nat_gateway, visited);
      case RouteTargetKind::kPeering: {
        const Peering& pc = net_.at(r->peering);
        VpcId other = pc.requester == vpc   ? pc.accepter
                      : pc.accepter == vpc ? pc.requester
                                           : VpcId{};
        if (!exit(s, h)) return false;
        SimHop& p = hop("peering", pc.name, h, false);
        p.location = pc.provenance.location;
        if (!pc.active) {
          p.rule = "not active (not accepted)";
          return stop("peering " + pc.name + " is not active");
        }
        if (!other.valid()) return stop("peering " + pc.name + " does not join this VPC");
        p.rule = "into " + net_.at(other).name;
        SubnetId t = subnetHolding(other, h.dst);
        if (!t.valid())
          return stop("no subnet of " + net_.at(other).name + " holds " + h.dst.str());
        return entry(t, h, RouteTargetKind::kPeering, r->peering.value, sender.client_source) &&
               deliverIn(t, h, sender);
      }
      case RouteTargetKind::kVpnGateway: {
        const Gateway& gw = net_.at(r->gateway);
        if (!exit(s, h)) return false;
        SimHop& g = hop("VPN gateway", gw.name, h, false);
        g.location = gw.provenance.location;
        if (sender.end.node.valid() || to_.kind != SimEnd::Kind::kZone || to_.gateway != r->gateway)
          return stop("the packet goes on-premises through " + gw.name + ", not to " +
                      describeEnd(sender.end));
        g.rule = "to the on-premises zone";
        return arrive(h);
      }
      case RouteTargetKind::kNetworkInterface:
        return throughAppliance(h, sender, s, r->interface, visited);
      case RouteTargetKind::kBlackhole:
        return stop("the route is a blackhole");
      default:
        break;
    }
    // Transit gateways outside the model, endpoints and other gateways.
    if (!exit(s, h)) return false;
    return leave("it leaves the model through " + targetName(*r) +
                 ", which segproof does not look beyond");
  }

  bool throughNat(const Header& h, const Sender& sender, SubnetId s, NatGatewayId id,
                  std::set<int32_t>& visited) {
    const NatGateway& nat = net_.at(id);
    if ((nat.subnet != s || sender.leg.pending) && !crossLocally(s, nat.subnet, h, sender)) return false;
    if (h.v6()) {
      SimHop& n = hop("NAT gateway", nat.name, h, false);
      n.location = nat.provenance.location;
      n.rule = "NAT64 is not analysed";
      return leave("NAT64 is not analysed");
    }
    std::vector<RewriteChoice> options;
    if (choices_) {
      if (next_choice_ >= choices_->size() ||
          (*choices_)[next_choice_].kind != RewriteChoice::Kind::kNat)
        return stop("no NAT choice given for " + nat.name);
      options.push_back((*choices_)[next_choice_++]);
    } else {
      for (const IpAddress& a : sim_.natAddresses(id))
        for (int p : h.ported() ? sim_.natPorts() : std::vector<int>{0})
          options.push_back(RewriteChoice::nat(a, p));
    }
    Mark m = mark();
    for (const RewriteChoice& c : options) {
      rewind(m);
      Header q = h;
      q.src = c.src;
      if (q.ported()) q.sport = c.sport;
      SimHop& n = hop("NAT gateway", nat.name, q, false);
      n.location = nat.provenance.location;
      if (!sim_.freeAddress(nat.subnet, c.src) && !fixedNatAddress(nat, c.src)) {
        n.rule = c.src.str() + " cannot be its address";
        stop("the NAT address " + c.src.str() + " is not one it can have");
        continue;
      }
      if (q.ported() && (c.sport < 1024 || c.sport > 65535)) {
        n.rule = "source port " + std::to_string(c.sport) + " outside 1024-65535";
        stop("a NAT gateway uses source ports 1024-65535");
        continue;
      }
      n.rule = "source becomes " + q.src.str() +
               (q.ported() ? ":" + std::to_string(q.sport) : "");
      std::set<int32_t> branch = visited;
      Sender after;
      after.end = sender.end;
      after.public_address = nat.is_public;
      if (forward(q, after, nat.subnet, branch)) return true;
      noteFailure();
    }
    return false;
  }

  static bool fixedNatAddress(const NatGateway& nat, const IpAddress& address) {
    return nat.private_address.ip && *nat.private_address.ip == address;
  }

  bool throughAppliance(const Header& h, const Sender& sender, SubnetId s, InterfaceId id,
                        std::set<int32_t>& visited) {
    const Interface& a = net_.at(id);
    if ((a.subnet != s || sender.leg.pending) && !crossLocally(s, a.subnet, h, sender)) return false;
    SimHop& x = hop("appliance", a.name, h, false);
    x.location = a.provenance.location;
    if (a.source_dest_check) {
      x.rule = "source/destination check enabled";
      return stop(a.name + " drops packets not addressed to it (source/destination check)");
    }
    x.rule = "forwards (source/destination check disabled)";
    if (!groupsAdmit(a.security_groups, Direction::kIngress, h, sender.groups, a.name) ||
        !groupsAdmit(a.security_groups, Direction::kEgress, h, receiverGroups(sender.end), a.name))
      return false;
    Sender on = sender;
    on.leg.pending = false;  // the leg's reply checks were made on the way in
    return forward(h, on, a.subnet, visited);
  }

  // ---- load balancers ----------------------------------------------------

  bool isNode(InterfaceId id) const {
    const Interface& i = net_.at(id);
    return i.kind == EndpointKind::kLoadBalancer && i.load_balancer.valid();
  }

  static bool isEnd(const SimEnd& end, InterfaceId id) {
    return end.kind == SimEnd::Kind::kInterface && end.iface == id;
  }

  bool anyNodeHas(const IpAddress& address) const {
    for (InterfaceId n : sim_.nodes_)
      if (sim_.addressOf(SimEnd::interface(n), address)) return true;
    return false;
  }

  std::string describeEnd(const LegEnd& end) const {
    return end.node.valid() ? net_.at(end.node).name : sim_.describe(to_);
  }

  // The load balancer choice still to be used, if any: while one remains,
  // every leg ends at a node.
  const RewriteChoice* balancerChoice() const {
    if (!choices_) return nullptr;
    for (size_t k = next_choice_; k < choices_->size(); ++k)
      if ((*choices_)[k].kind == RewriteChoice::Kind::kLoadBalancer) return &(*choices_)[k];
    return nullptr;
  }

  // A listener's forward to one target.
  struct Forward {
    const LbListener* listener = nullptr;
    TargetGroupId group;
    const LbTarget* target = nullptr;
  };

  // The subnet a target is in: its interface's, or the one holding its
  // address (invalid when none does: its zone is not known).
  SubnetId targetSubnet(const LbTarget& t) const {
    if (t.iface.valid()) return net_.at(t.iface).subnet;
    if (!t.ip) return {};
    for (size_t i = 0; i < net_.subnets.size(); ++i)
      if (holds(net_.subnets[i], *t.ip)) return SubnetId{static_cast<int32_t>(i)};
    return {};
  }

  // A node reaches targets in zones where its load balancer has a node, and
  // only in its own zone unless cross-zone.
  bool inReach(const Interface& node, const LbTarget& t) const {
    SubnetId at = targetSubnet(t);
    if (!at.valid()) return true;
    const LoadBalancer& lb = net_.at(node.load_balancer);
    if (!lb.cross_zone && !sameZone(net_, node.subnet, at)) return false;
    return std::any_of(lb.nodes.begin(), lb.nodes.end(),
                       [&](InterfaceId n) { return sameZone(net_, net_.at(n).subnet, at); });
  }

  // The forwards of node `id` for `protocol` from the listeners that accept
  // port `port` (every listener when negative), one per target.
  std::vector<Forward> forwards(InterfaceId id, int protocol, int port) const {
    const Interface& node = net_.at(id);
    std::vector<Forward> out;
    for (const LbListener& l : net_.at(node.load_balancer).listeners) {
      if (!takes(l.protocols, protocol) || (port >= 0 && !within(l.ports, port))) continue;
      for (TargetGroupId g : l.target_groups) {
        if (!takes(net_.at(g).protocols, protocol)) continue;
        for (const LbTarget& t : net_.at(g).targets) {
          bool seen =
              std::any_of(out.begin(), out.end(), [&](const Forward& f) { return f.target == &t; });
          if (!seen && inReach(node, t)) out.push_back({&l, g, &t});
        }
      }
    }
    return out;
  }

  bool targetHas(const LbTarget& t, const IpAddress& address) const {
    if (t.iface.valid()) return sim_.addressOf(SimEnd::interface(t.iface), address);
    return t.ip && *t.ip == address;
  }

  std::string targetName(const LbTarget& t) const {
    return t.iface.valid() ? net_.at(t.iface).name : t.ip ? t.ip->str() : "?";
  }

  // The forwards of the source node that `h` is: to a target's address and
  // port, from the node's address, or any client's when the target group
  // keeps client addresses.
  std::vector<Forward> ownForwards(const Header& h) const {
    std::vector<Forward> out;
    bool own = sim_.addressOf(from_, h.src);
    for (const Forward& f : forwards(from_.iface, h.protocol, -1))
      if (targetHas(*f.target, h.dst) && within(f.target->ports, h.dport) &&
          (own || net_.at(f.group).preserve_client_ip) && h.src != h.dst)
        out.push_back(f);
    return out;
  }

  // Who a packet sent to `h.dst` may be for: the destination end (an
  // invalid id) when the address may be its, and each node that may have
  // it. With choices, the leg ends at the node the load balancer's choice
  // names, or at one with such a forward.
  std::vector<InterfaceId> receivers(const Header& h) const {
    std::vector<InterfaceId> out;
    const RewriteChoice* c = balancerChoice();
    if (!c && sim_.addressOf(to_, h.dst)) out.push_back({});
    if (choices_ && !c) return out;
    for (InterfaceId n : sim_.nodes_) {
      if (isEnd(from_, n) || isEnd(to_, n) || !sim_.addressOf(SimEnd::interface(n), h.dst))
        continue;
      if (c && c->node.valid() && c->node != n) continue;
      if (c && !c->node.valid()) {
        std::vector<Forward> all = forwards(n, h.protocol, h.dport);
        if (std::none_of(all.begin(), all.end(), [&](const Forward& f) {
              return targetHas(*f.target, c->dst) && within(f.target->ports, c->dport);
            }))
          continue;
      }
      out.push_back(n);
    }
    return out;
  }

  // Where a leg to target `t` ends: the destination end when `t` is it, a
  // node of another load balancer; nullopt when neither.
  std::optional<InterfaceId> targetEnd(const LbTarget& t) const {
    if (t.iface.valid()) {
      if (isEnd(to_, t.iface)) return InterfaceId{};
      if (isNode(t.iface)) return t.iface;
      return std::nullopt;
    }
    if (t.ip && to_.kind != SimEnd::Kind::kInterface && sim_.addressOf(to_, *t.ip))
      return InterfaceId{};
    return std::nullopt;
  }

  // The listener of node `id`'s load balancer that accepts `h`, as a hop.
  const LbListener* listener(InterfaceId id, const Header& h) {
    const LoadBalancer& lb = net_.at(net_.at(id).load_balancer);
    SimHop& s = hop("load balancer listener", lb.name, h, false);
    s.location = lb.provenance.location;
    for (const LbListener& l : lb.listeners) {
      if (!takes(l.protocols, h.protocol) || !within(l.ports, h.dport)) continue;
      s.rule = "listener " + matchText(Match{h.protocol, l.ports, -1, -1});
      s.location = l.provenance.location;
      return &l;
    }
    std::string what = h.ported() ? matchText(Match{h.protocol, {h.dport, h.dport}, -1, -1})
                                  : protocolName(h.protocol);
    s.rule = "no listener for " + what;
    stop(lb.name + " has no listener for " + what);
    return nullptr;
  }

  // Node `id` took `h` (its subnet's inbound checks made): its ingress
  // groups, a listener, then a new connection to a target.
  bool throughNode(InterfaceId id, const Header& h, const Sender& sender) {
    const Interface& node = net_.at(id);
    const LoadBalancer& lb = net_.at(node.load_balancer);
    if (!groupsAdmit(node.security_groups, Direction::kIngress, h, sender.groups, node.name) ||
        !listener(id, h))
      return false;
    if (sender.end.balanced >= kMaxLoadBalancers)
      return stop("more than " + std::to_string(kMaxLoadBalancers) + " load balancers on one path");
    std::vector<Forward> all = forwards(id, h.protocol, h.dport);
    if (all.empty()) {
      trace_.back().rule += ": no target in reach";
      return stop(lb.name + " has no target for " + node.name + " to forward to");
    }
    const RewriteChoice* choice = nullptr;
    if (choices_) {
      if (next_choice_ >= choices_->size() ||
          (*choices_)[next_choice_].kind != RewriteChoice::Kind::kLoadBalancer)
        return stop("no load balancer choice given for " + lb.name);
      choice = &(*choices_)[next_choice_++];
      std::erase_if(all, [&](const Forward& f) {
        return !targetHas(*f.target, choice->dst) || !within(f.target->ports, choice->dport);
      });
      if (all.empty())
        return stop("the load balancer choice " + choice->dst.str() + ":" +
                    std::to_string(choice->dport) + " is not a forward of " + node.name);
    }
    Mark m = mark();
    for (const Forward& f : all) {
      rewind(m);
      if (tryForward(id, h, f, choice, sender.end.balanced + 1)) return true;
    }
    return false;
  }

  // Node `id` forwards `h` to the target of `f`: the choice given, or each
  // address of the target, port it receives on and source port that can
  // make a difference.
  bool tryForward(InterfaceId id, const Header& h, const Forward& f, const RewriteChoice* choice,
                  int balanced) {
    bool preserve = net_.at(f.group).preserve_client_ip;
    std::optional<InterfaceId> end = targetEnd(*f.target);
    std::vector<IpAddress> addresses = {choice ? choice->dst : IpAddress{}};
    std::vector<int> ports = {choice ? choice->dport : 0};
    std::vector<int> sports = {preserve ? h.sport : choice ? choice->sport : 0};
    if (!choice) {
      // The target's addresses of the packet's family.
      IpFamily family = h.dst.family;
      addresses.clear();
      if (f.target->iface.valid())
        addresses = sim_.interfaceAddresses(f.target->iface, family);
      else if (f.target->ip && f.target->ip->family == family)
        addresses.push_back(*f.target->ip);
      if (addresses.empty())
        return stop("target " + targetName(*f.target) + " has no " +
                    (family == IpFamily::kV4 ? "IPv4" : "IPv6") + " address to forward to");
      std::erase(addresses, h.dst);  // the node's own
      bool last_leg = end && !end->valid();
      ports = sim_.portsIn(f.target->ports, last_leg ? arrival_ports_ : std::vector<PortRange>{});
      if (!preserve) sports = sim_.natPorts();
    }
    Mark m = mark();
    for (const IpAddress& dst : addresses) {
      for (int dport : ports) {
        for (int sport : sports) {
          rewind(m);
          Header q = h;
          q.src = preserve ? h.src : h.dst;
          q.sport = sport;
          q.dst = dst;
          q.dport = dport;
          int reply_stops = reply_stops_;
          if (forwardTo(id, h.dst, f, q, end, choice, balanced)) return true;
          noteFailure();
          // The source port matters only to the replies' checks.
          if (reply_stops_ == reply_stops) break;
        }
      }
    }
    return false;
  }

  // Node `id` (at `address`) sends `q` to the target of `f`, as the load
  // balancer's hop; `choice` is checked to be that forward.
  bool forwardTo(InterfaceId id, const IpAddress& address, const Forward& f, const Header& q,
                 std::optional<InterfaceId> end, const RewriteChoice* choice, int balanced) {
    const Interface& node = net_.at(id);
    const TargetGroup& group = net_.at(f.group);
    SimHop& x = hop("load balancer", net_.at(node.load_balancer).name, q, false);
    x.location = f.target->provenance.location;
    std::string target = targetName(*f.target);
    if (!targetHas(*f.target, q.dst) || q.dst == address) {
      x.rule = q.dst.str() + " is not an address of target " + target;
      return stop("the load balancer choice is not a forward of " + node.name);
    }
    if (!within(f.target->ports, q.dport)) {
      x.rule = "target " + target + " does not receive on port " + std::to_string(q.dport);
      return stop("the load balancer choice is not a forward of " + node.name);
    }
    if (!group.preserve_client_ip && (q.sport < 1024 || q.sport > 65535)) {
      x.rule = "source port " + std::to_string(q.sport) + " outside 1024-65535";
      return stop("a load balancer node uses source ports 1024-65535");
    }
    if (choice && (choice->src != q.src || choice->sport != q.sport)) {
      x.rule = "source " + choice->src.str() + ":" + std::to_string(choice->sport) +
               " is not " + q.src.str() +
               (group.preserve_client_ip ? ":" + std::to_string(q.sport) : "");
      return stop(group.preserve_client_ip
                      ? "target group " + group.name + " keeps the client's address and port"
                      : node.name + " sends from its own address");
    }
    x.rule = node.name + " forwards to " + target + " (target group " + group.name + ")";
    if (!end) return stop(node.name + " forwards to " + target + ", not to " + sim_.describe(to_));
    return sendFrom(id, q, {*end, balanced}, group.preserve_client_ip);
  }

  // The source is a node: `h` is one of its forwards.
  bool sendForward(const Header& h) {
    return anyOf(ownForwards(h), [&](const Forward& f) {
      std::optional<InterfaceId> end = targetEnd(*f.target);
      if (!end)
        return stop(sim_.describe(from_) + " forwards to " + targetName(*f.target) + ", not to " +
                    sim_.describe(to_));
      return sendFrom(from_.iface, h, {*end, 1}, net_.at(f.group).preserve_client_ip);
    });
  }

  const Simulator& sim_;
  const Network& net_;
  SimEnd from_, to_;
  const std::vector<RewriteChoice>* choices_;
  const std::vector<PortRange>& arrival_ports_;
  size_t next_choice_ = 0;
  std::vector<SimHop> trace_;
  std::string reason_;
  int reply_stops_ = 0;  // stops at a hop that checks a reply
  Header arrived_;
  bool left_ = false, failed_ = false;
  std::string left_reason_, failed_reason_;
  std::vector<SimHop> left_trace_, failed_trace_;
};

// ---------------------------------------------------------------------------

Simulator::Simulator(const Network& network, SimOptions options)
    : net_(network), options_(options), fixed_(network.subnets.size()) {
  auto take = [&](SubnetId s, const PrivateAddress& a) {
    if (s.valid() && a.ip) fixed_[s.value].push_back(*a.ip);
  };
  for (const Interface& i : network.interfaces) {
    for (const PrivateAddress& a : i.private_addresses) take(i.subnet, a);
    for (const PrivateAddress& a : i.ipv6_addresses) take(i.subnet, a);
  }
  for (const NatGateway& n : network.nat_gateways) take(n.subnet, n.private_address);
  // An address target is some host's address, not one AWS may assign.
  for (const TargetGroup& g : network.target_groups)
    for (const LbTarget& t : g.targets)
      if (!t.iface.valid() && t.ip)
        for (size_t s = 0; s < network.subnets.size(); ++s)
          if (holds(network.subnets[s], *t.ip)) fixed_[s].push_back(*t.ip);
  for (size_t i = 0; i < network.interfaces.size(); ++i)
    if (network.interfaces[i].kind == EndpointKind::kLoadBalancer &&
        network.interfaces[i].load_balancer.valid())
      nodes_.push_back(InterfaceId{static_cast<int32_t>(i)});
  // A NAT gateway's source port matters only to rules that read the reply's
  // destination port: one port per stretch between rule edges is enough.
  std::set<int> ports = {1024, 49152, 65535};
  std::set<int> all_ports = {0, 65535};
  std::set<IpAddress> edges;
  auto port = [&](int v) {
    if (v >= 1024 && v <= 65535) ports.insert(v);
    if (v >= 0 && v <= 65535) all_ports.insert(v);
  };
  auto edge = [&](const Cidr& c) {
    for (std::optional<IpAddress> v : {c.first().plus(-1), std::optional(c.first()),
                                       std::optional(c.last()), c.last().plus(1)})
      if (v) edges.insert(*v);
  };
  for (const NetworkAcl& acl : network.network_acls)
    for (const NetworkAclRule& r : acl.rules) {
      for (int v : {r.match.ports.from - 1, r.match.ports.from, r.match.ports.to, r.match.ports.to + 1})
        port(v);
      edge(r.cidr);
    }
  for (const SecurityGroup& g : network.security_groups)
    for (const SecurityGroupRule& r : g.rules) {
      for (int v : {r.match.ports.from - 1, r.match.ports.from, r.match.ports.to, r.match.ports.to + 1})
        port(v);
      if (r.peer.kind == RulePeer::Kind::kCidr) edge(r.peer.cidr);
    }
  for (const RouteTable& t : network.route_tables)
    for (const Route& r : t.routes) edge(r.destination);
  for (const PrefixList& l : network.prefix_lists)
    for (const Cidr& c : l.entries) edge(c);
  for (const LoadBalancer& lb : network.load_balancers)
    for (const LbListener& l : lb.listeners)
      for (int v : {l.ports.from, l.ports.to}) all_ports.insert(v);
  for (const TargetGroup& g : network.target_groups)
    for (const LbTarget& t : g.targets)
      for (int v : {t.ports.from, t.ports.to}) all_ports.insert(v);
  port_edges_.assign(all_ports.begin(), all_ports.end());
  // 49152 first: the port a trace shows when any port will do.
  nat_ports_ = {49152};
  for (int p : ports)
    if (p != 49152) nat_ports_.push_back(p);
  rule_edges_.assign(edges.begin(), edges.end());
}

bool Simulator::isInternetAddress(const IpAddress& address) {
  const std::vector<Cidr>& special = nonInternetBlocks(address.family);
  return std::none_of(special.begin(), special.end(),
                      [&](const Cidr& c) { return c.contains(address); });
}

// AWS reserves the first four and the last address of every block of a
// subnet (IPv4 and IPv6); AWS assigns an address that nothing has fixed.
bool Simulator::freeAddress(SubnetId subnet, const IpAddress& address) const {
  const Cidr* block = blockOf(net_.at(subnet), address.family);
  if (!block || !block->contains(address)) return false;
  std::optional<IpAddress> lowest = block->first().plus(4);
  if (!lowest || address < *lowest || address >= block->last()) return false;
  const std::vector<IpAddress>& taken = fixed_[subnet.value];
  return std::find(taken.begin(), taken.end(), address) == taken.end();
}

bool Simulator::addressOf(const SimEnd& end, const IpAddress& address) const {
  switch (end.kind) {
    case SimEnd::Kind::kInternet:
      return isInternetAddress(address);
    case SimEnd::Kind::kZone: {
      const Gateway& g = net_.at(end.gateway);
      if (!g.vpc.valid()) return true;
      for (const Cidr& c : net_.at(g.vpc).cidrs)
        if (c.contains(address)) return false;
      return true;
    }
    case SimEnd::Kind::kInterface: {
      const Interface& i = net_.at(end.iface);
      for (const PrivateAddress& a : addressesOf(i, address.family)) {
        if (!a.ip && freeAddress(i.subnet, address)) return true;
        if (a.ip && *a.ip == address) return true;
      }
      return false;
    }
  }
  return false;
}

std::string Simulator::describe(const SimEnd& end) const {
  switch (end.kind) {
    case SimEnd::Kind::kInternet:
      return "the internet";
    case SimEnd::Kind::kZone:
      return "on-premises via " + net_.at(end.gateway).name;
    case SimEnd::Kind::kInterface:
      return net_.at(end.iface).name;
  }
  return "?";
}

std::vector<int> Simulator::natPorts() const { return nat_ports_; }

// The NAT gateway's fixed address, or free addresses of its subnet (a NAT
// gateway's private address is IPv4).
std::vector<IpAddress> Simulator::natAddresses(NatGatewayId id) const {
  const NatGateway& nat = net_.at(id);
  if (nat.private_address.ip && nat.private_address.ip->isV4()) return {*nat.private_address.ip};
  return freeAddresses(nat.subnet, IpFamily::kV4);
}

// One free address of the subnet's block of `family` per stretch between
// rule edges.
std::vector<IpAddress> Simulator::freeAddresses(SubnetId subnet, IpFamily family) const {
  const Cidr* block = blockOf(net_.at(subnet), family);
  if (!block) return {};
  std::set<IpAddress> out;
  std::vector<IpAddress> candidates = rule_edges_;
  if (std::optional<IpAddress> a = block->first().plus(4)) candidates.push_back(*a);
  if (std::optional<IpAddress> a = block->last().plus(-1)) candidates.push_back(*a);
  for (const IpAddress& c : candidates) {
    if (!block->contains(c)) continue;
    // The first free address at or after each edge.
    std::optional<IpAddress> a = c;
    for (int k = 0; k < 64 && a && *a < block->last(); ++k, a = a->plus(1)) {
      if (freeAddress(subnet, *a)) {
        out.insert(*a);
        break;
      }
    }
  }
  return {out.begin(), out.end()};
}

// The interface's fixed addresses of `family`, and free ones of its subnet
// when AWS assigns one.
std::vector<IpAddress> Simulator::interfaceAddresses(InterfaceId id, IpFamily family) const {
  const Interface& i = net_.at(id);
  std::set<IpAddress> out;
  for (const PrivateAddress& a : addressesOf(i, family)) {
    if (a.ip) out.insert(*a.ip);
    if (!a.ip)
      for (const IpAddress& f : freeAddresses(i.subnet, family)) out.insert(f);
  }
  return {out.begin(), out.end()};
}

// One port per stretch of `range` between rule edges and the ends of `extra`.
std::vector<int> Simulator::portsIn(const PortRange& range,
                                    const std::vector<PortRange>& extra) const {
  std::set<int> out = {range.from, range.to};
  auto take = [&](int p) {
    if (within(range, p)) out.insert(p);
  };
  for (int p : port_edges_) take(p);
  for (const PortRange& r : extra) {
    take(r.from);
    take(r.to);
  }
  return {out.begin(), out.end()};
}

SimResult Simulator::send(const SimEnd& from, const SimEnd& to, const FlowPacket& packet,
                          const std::vector<RewriteChoice>* choices,
                          const std::vector<PortRange>& arrival_ports) const {
  if (packet.source.family != packet.destination.family) {
    SimResult out;
    out.disposition = Disposition::kInvalid;
    out.reason = "the source " + packet.source.str() + " and the destination " +
                 packet.destination.str() + " are of different families";
    return out;
  }
  Header h;
  h.src = packet.source;
  h.dst = packet.destination;
  h.protocol = packet.protocol;
  h.sport = packet.source_port;
  h.dport = packet.destination_port;
  h.icmp_type = packet.icmp_type;
  h.icmp_code = packet.icmp_code;
  return SimWalk(*this, from, to, choices, arrival_ports).run(h);
}

}  // namespace segproof
