#include "simulate/simulator.h"

#include <algorithm>
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

// A concrete IPv4 header.
struct Header {
  uint32_t src = 0, dst = 0;
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
    p.source = IpAddress::v4(src);
    p.destination = IpAddress::v4(dst);
    p.protocol = protocol;
    p.source_port = sport;
    p.destination_port = dport;
    p.icmp_type = icmp_type;
    p.icmp_code = icmp_code;
    return p;
  }
  std::string str() const { return flow().str(); }
};

bool contains(const Cidr& cidr, uint32_t address) {
  return cidr.isV4() && cidr.contains(IpAddress::v4(address));
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
          const std::vector<NatChoice>* choices)
      : sim_(sim), net_(sim.net_), from_(from), to_(to), choices_(choices) {}

  SimResult run(const Header& h) {
    SimResult out;
    if (std::string bad = invalid(h); !bad.empty()) {
      out.disposition = Disposition::kInvalid;
      out.reason = bad;
      return out;
    }
    bool delivered = false;
    switch (from_.kind) {
      case SimEnd::Kind::kInterface:
        delivered = sendFromInterface(h);
        break;
      case SimEnd::Kind::kInternet:
        delivered = enterFromInternet(h);
        break;
      case SimEnd::Kind::kZone:
        delivered = enterFromZone(h);
        break;
    }
    if (delivered) {
      out.disposition = Disposition::kDelivered;
      out.trace = std::move(trace_);
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

  struct Sender {
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
    if (!trace_.empty()) trace_.back().passed = false;
    reason_ = std::move(reason);
    return false;
  }

  // Some rule of some group admits `h` (peer: the other side's groups).
  bool groupsAdmit(const std::vector<SecurityGroupId>& groups, Direction d, const Header& h,
                   const std::vector<SecurityGroupId>& peer_groups, const std::string& whose) {
    bool in = d == Direction::kIngress;
    SimHop& s = hop(in ? "security group ingress" : "security group egress",
                    whose + ": " + joinNames(net_, groups), h, false);
    uint32_t other = in ? h.src : h.dst;
    for (SecurityGroupId g : groups) {
      for (const SecurityGroupRule& r : net_.at(g).rules) {
        if (r.direction != d || !matches(r.match, h)) continue;
        std::string peer;
        bool hit = false;
        switch (r.peer.kind) {
          case RulePeer::Kind::kCidr:
            hit = contains(r.peer.cidr, other);
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
            for (const Cidr& c : list.entries) hit = hit || contains(c, other);
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
    uint32_t address = in ? h.src : h.dst;
    const NetworkAclRule* first = nullptr;
    for (const NetworkAclRule& r : acl.rules) {
      if (r.direction != d || !matches(r.match, h) || !contains(r.cidr, address)) continue;
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

  // Longest prefix match over routes and prefix-list entries; at equal
  // length a static route beats a propagated one.
  const Route* lookup(SubnetId subnet, uint32_t dst) const {
    const Route* best = nullptr;
    int best_length = -1;
    for (const Route& r : net_.at(net_.at(subnet).route_table).routes) {
      std::vector<Cidr> blocks = {r.destination};
      if (r.destination_prefix_list.valid()) blocks = net_.at(r.destination_prefix_list).entries;
      for (const Cidr& c : blocks) {
        if (!contains(c, dst)) continue;
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
      s.rule = "no route matches " + IpAddress::v4(h.dst).str();
      s.location = table.provenance.location;
      stop("route table " + table.name + " has no route to " + IpAddress::v4(h.dst).str());
      return nullptr;
    }
    std::string dest = r->destination_prefix_list.valid()
                           ? "prefix list " + net_.at(r->destination_prefix_list).name
                           : r->destination.str();
    s.rule = dest + " -> " + targetName(*r);
    s.location = r->provenance.location;
    return r;
  }

  // The reply, leaving `subnet` towards an address of its VPC, is routed
  // locally or through an appliance that forwards it.
  bool replyRoutedLocally(SubnetId subnet, const Header& reply, TransitGatewayId via = {}) {
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
  bool replyRoutedBack(SubnetId subnet, const Header& reply, RouteTargetKind kind, int32_t element) {
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
    return aclAllows(b, Direction::kEgress, r, true) && replyRoutedLocally(b, r, sender.via) &&
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
    if (!aclAllows(at, Direction::kEgress, r, true) || !replyRoutedLocally(at, r, leg.delivering))
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
    return aclAllows(out, Direction::kEgress, r, true) && replyRoutedLocally(out, r, leg.prior_reply) &&
           aclAllows(leg.sender, Direction::kIngress, r, true);
  }

  // A transit gateway route table's choice for `address`: longest prefix,
  // static over propagated.
  const Route* tgwLookup(TgwRouteTableId table, uint32_t address) const {
    const Route* best = nullptr;
    int best_length = -1;
    for (const Route& r : net_.at(table).routes) {
      std::vector<Cidr> blocks = {r.destination};
      if (r.destination_prefix_list.valid()) blocks = net_.at(r.destination_prefix_list).entries;
      for (const Cidr& c : blocks) {
        if (!contains(c, address)) continue;
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
    uint32_t address = h.dst;
    std::string text = IpAddress::v4(address).str();
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
    std::vector<SubnetId> interfaces = entryInterfaces(net_, *entry, s);
    if (interfaces.empty())
      return stop(entry->name + " has no interface in availability zone " + net_.at(s).availability_zone +
                  " of subnet " + net_.at(s).name);
    size_t mark = trace_.size();
    for (SubnetId t : interfaces) {
      trace_.resize(mark);
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
      if (atTransitGateway(h, tgw, entry_id, t, leg, branch, crossed)) return true;
    }
    return false;
  }

  // The packet is in transit gateway `tgw`, come by attachment `in` (through
  // interface `entered`; invalid after a peering).
  bool atTransitGateway(const Header& h, TransitGatewayId tgw, TgwAttachmentId in, SubnetId entered,
                        Leg leg, std::set<int32_t>& visited,
                        std::set<std::pair<int32_t, int32_t>>& crossed) {
    TgwAttachmentId out = tgwRoute(routeTableOn(net_.at(in), tgw), h, false);
    if (!out.valid()) return false;
    if (out == in) return stop("the transit gateway routes the packet back where it came from");
    const TgwAttachment& b = net_.at(out);
    if (h.tcp() && tgwRoute(routeTableOn(b, tgw), h.reply(), true) != in)
      return stop("the transit gateway does not route the reply back to " + net_.at(in).name);
    switch (b.kind) {
      case TgwAttachmentKind::kVpc: {
        size_t mark = trace_.size();
        for (SubnetId t : exitInterfaces(net_, b, entered)) {
          trace_.resize(mark);
          SimHop& x = hop("transit gateway", b.name, h, false);
          x.location = b.provenance.location;
          x.rule = "out of " + net_.at(tgw).name + " through subnet " + net_.at(t).name;
          Sender after;
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
        return atTransitGateway(h, next, out, {}, leg, visited, crossed);
      }
      case TgwAttachmentKind::kOther:
        if (!left_) {
          left_ = true;
          left_reason_ = "it leaves the model through transit gateway attachment " + b.name +
                         ", which segproof does not look beyond";
          left_trace_ = trace_;
        }
        return stop(left_reason_);
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
    if (!sim_.addressOf(from_, h.src))
      return IpAddress::v4(h.src).str() + " is not an address of " + sim_.describe(from_);
    if (!sim_.addressOf(to_, h.dst))
      return IpAddress::v4(h.dst).str() + " is not an address of " + sim_.describe(to_);
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

  // Arrival in subnet `t`: the destination interface's ingress groups.
  bool deliverIn(SubnetId t, const Header& h, const Sender& sender) {
    const Interface* d = toInterface();
    if (!d || d->subnet != t)
      return stop("no interface of subnet " + net_.at(t).name + " is the destination");
    return groupsAdmit(d->security_groups, Direction::kIngress, h, sender.groups, d->name);
  }

  bool sendFromInterface(const Header& h) {
    const Interface& src = net_.at(from_.iface);
    if (!groupsAdmit(src.security_groups, Direction::kEgress, h, destinationGroups(), src.name))
      return false;
    Sender sender;
    sender.groups = src.security_groups;
    sender.public_address = src.public_address.present();
    const Interface* d = toInterface();
    if (d && d->subnet == src.subnet) {
      // Within a subnet: no route, no network ACL.
      return groupsAdmit(d->security_groups, Direction::kIngress, h, sender.groups, d->name);
    }
    std::set<int32_t> visited;
    return forward(h, sender, src.subnet, visited);
  }

  bool enterFromInternet(const Header& h) {
    const Interface* d = toInterface();
    SimHop& s = hop("internet gateway", "", h, false);
    if (!d) return stop("the internet reaches only interfaces");
    if (!d->public_address.present()) {
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
      s.rule = "maps the public address of " + d->name + " to " + IpAddress::v4(h.dst).str();
      s.location = d->public_address.provenance.location;
      return entry(d->subnet, h, RouteTargetKind::kInternetGateway, static_cast<int32_t>(g)) &&
             groupsAdmit(d->security_groups, Direction::kIngress, h, {}, d->name);
    }
    s.rule = "the VPC has no internet gateway";
    return stop("no internet gateway is attached to the VPC of " + d->name);
  }

  bool enterFromZone(const Header& h) {
    const Interface* d = toInterface();
    const Gateway& gw = net_.at(from_.gateway);
    SimHop& s = hop("VPN gateway", gw.name, h, false);
    s.location = gw.provenance.location;
    if (!d) return stop("the on-premises zone reaches only interfaces");
    if (gw.kind != RouteTargetKind::kVpnGateway || !gw.vpc.valid() ||
        net_.at(d->subnet).vpc != gw.vpc)
      return stop(gw.name + " does not lead into the VPC of " + d->name);
    return entry(d->subnet, h, RouteTargetKind::kVpnGateway, from_.gateway.value) &&
           groupsAdmit(d->security_groups, Direction::kIngress, h, {}, d->name);
  }

  // Entering subnet `t` from a gateway; for TCP the reply goes back out and
  // is routed to that gateway.
  bool entry(SubnetId t, const Header& h, RouteTargetKind kind, int32_t element) {
    if (!aclAllows(t, Direction::kIngress, h, false)) return false;
    if (!h.tcp()) return true;
    Header r = h.reply();
    return aclAllows(t, Direction::kEgress, r, true) && replyRoutedBack(t, r, kind, element);
  }

  // Leaving subnet `s` through a gateway; for TCP the reply comes back in.
  bool exit(SubnetId s, const Header& h) {
    return aclAllows(s, Direction::kEgress, h, false) &&
           (!h.tcp() || aclAllows(s, Direction::kIngress, h.reply(), true));
  }

  SubnetId subnetHolding(VpcId vpc, uint32_t address) const {
    for (size_t i = 0; i < net_.subnets.size(); ++i)
      if (net_.subnets[i].vpc == vpc && contains(net_.subnets[i].cidr, address))
        return SubnetId{static_cast<int32_t>(i)};
    return {};
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
    // Peerings and gateways carry only packets from their own VPC.
    bool routed_out = r->target != RouteTargetKind::kLocal && r->target != RouteTargetKind::kNatGateway &&
                      r->target != RouteTargetKind::kNetworkInterface &&
                      r->target != RouteTargetKind::kBlackhole &&
                      r->target != RouteTargetKind::kInternetGateway &&
                      !(r->target == RouteTargetKind::kTransitGateway && r->transit_gateway.valid());
    if (routed_out && sender.via.valid())
      return stop("the packet came through a transit gateway: " + targetName(*r) +
                  " carries only packets from its own VPC (no edge-to-edge routing)");
    switch (r->target) {
      case RouteTargetKind::kLocal: {
        SubnetId t = subnetHolding(vpc, h.dst);
        if (!t.valid()) return stop("no subnet of the VPC holds " + IpAddress::v4(h.dst).str());
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
        if (!sender.public_address) {
          g.rule = "the sender has no public IPv4 address";
          return stop("the sender has no public IPv4 address to go out with");
        }
        if (!Simulator::isInternetAddress(h.dst)) {
          g.rule = IpAddress::v4(h.dst).str() + " is not an internet address";
          return stop(IpAddress::v4(h.dst).str() + " is not an internet address");
        }
        g.rule = "maps the sender to its public address";
        if (to_.kind != SimEnd::Kind::kInternet)
          return stop("the packet goes to the internet, not to " + sim_.describe(to_));
        return true;
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
          return stop("no subnet of " + net_.at(other).name + " holds " + IpAddress::v4(h.dst).str());
        return entry(t, h, RouteTargetKind::kPeering, r->peering.value) && deliverIn(t, h, sender);
      }
      case RouteTargetKind::kVpnGateway: {
        const Gateway& gw = net_.at(r->gateway);
        if (!exit(s, h)) return false;
        SimHop& g = hop("VPN gateway", gw.name, h, false);
        g.location = gw.provenance.location;
        if (to_.kind != SimEnd::Kind::kZone || to_.gateway != r->gateway)
          return stop("the packet goes on-premises through " + gw.name + ", not to " +
                      sim_.describe(to_));
        g.rule = "to the on-premises zone";
        return true;
      }
      case RouteTargetKind::kNetworkInterface:
        return throughAppliance(h, sender, s, r->interface, visited);
      case RouteTargetKind::kBlackhole:
        return stop("the route is a blackhole");
      default:
        break;
    }
    // Transit gateways outside the model, endpoints, egress-only and other
    // gateways.
    if (!exit(s, h)) return false;
    if (!left_) {
      left_ = true;
      left_reason_ = "it leaves the model through " + targetName(*r) + ", which segproof does not look beyond";
      left_trace_ = trace_;
    }
    return stop(left_reason_);
  }

  bool throughNat(const Header& h, const Sender& sender, SubnetId s, NatGatewayId id,
                  std::set<int32_t>& visited) {
    const NatGateway& nat = net_.at(id);
    if ((nat.subnet != s || sender.leg.pending) && !crossLocally(s, nat.subnet, h, sender)) return false;
    std::vector<NatChoice> options;
    if (choices_) {
      if (next_choice_ >= choices_->size()) return stop("no NAT choice given for " + nat.name);
      options.push_back((*choices_)[next_choice_++]);
    } else {
      for (uint32_t a : sim_.natAddresses(id))
        for (int p : h.ported() ? sim_.natPorts() : std::vector<int>{0}) options.push_back({a, p});
    }
    size_t mark = trace_.size();
    for (const NatChoice& c : options) {
      trace_.resize(mark);
      Header q = h;
      q.src = c.address;
      if (q.ported()) q.sport = c.port;
      SimHop& n = hop("NAT gateway", nat.name, q, false);
      n.location = nat.provenance.location;
      if (!sim_.freeAddress(nat.subnet, c.address) && !fixedNatAddress(nat, c.address)) {
        n.rule = IpAddress::v4(c.address).str() + " cannot be its address";
        stop("the NAT address " + IpAddress::v4(c.address).str() + " is not one it can have");
        continue;
      }
      if (q.ported() && (c.port < 1024 || c.port > 65535)) {
        n.rule = "source port " + std::to_string(c.port) + " outside 1024-65535";
        stop("a NAT gateway uses source ports 1024-65535");
        continue;
      }
      n.rule = "source becomes " + IpAddress::v4(q.src).str() +
               (q.ported() ? ":" + std::to_string(q.sport) : "");
      std::set<int32_t> branch = visited;
      Sender after;
      after.public_address = nat.is_public;
      if (forward(q, after, nat.subnet, branch)) return true;
      if (!failed_) {
        failed_ = true;
        failed_reason_ = reason_;
        failed_trace_ = trace_;
      }
    }
    return false;
  }

  static bool fixedNatAddress(const NatGateway& nat, uint32_t address) {
    return nat.private_address.ip && nat.private_address.ip->isV4() &&
           nat.private_address.ip->v4() == address;
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
        !groupsAdmit(a.security_groups, Direction::kEgress, h, destinationGroups(), a.name))
      return false;
    Sender on = sender;
    on.leg.pending = false;  // the leg's reply checks were made on the way in
    return forward(h, on, a.subnet, visited);
  }

  const Simulator& sim_;
  const Network& net_;
  SimEnd from_, to_;
  const std::vector<NatChoice>* choices_;
  size_t next_choice_ = 0;
  std::vector<SimHop> trace_;
  std::string reason_;
  bool left_ = false, failed_ = false;
  std::string left_reason_, failed_reason_;
  std::vector<SimHop> left_trace_, failed_trace_;
};

// ---------------------------------------------------------------------------

Simulator::Simulator(const Network& network, SimOptions options)
    : net_(network), options_(options), fixed_(network.subnets.size()) {
  auto take = [&](SubnetId s, const PrivateAddress& a) {
    if (s.valid() && a.ip && a.ip->isV4()) fixed_[s.value].push_back(a.ip->v4());
  };
  for (const Interface& i : network.interfaces)
    for (const PrivateAddress& a : i.private_addresses) take(i.subnet, a);
  for (const NatGateway& n : network.nat_gateways) take(n.subnet, n.private_address);
  // A NAT gateway's source port matters only to rules that read the reply's
  // destination port: one port per stretch between rule edges is enough.
  std::set<int> ports = {1024, 49152, 65535};
  std::set<uint32_t> edges;
  auto port = [&](int v) {
    if (v >= 1024 && v <= 65535) ports.insert(v);
  };
  auto edge = [&](const Cidr& c) {
    if (!c.isV4()) return;
    for (uint64_t v : {uint64_t{c.firstV4()} - 1, uint64_t{c.firstV4()}, uint64_t{c.lastV4()},
                       uint64_t{c.lastV4()} + 1})
      if (v <= 0xFFFFFFFFu) edges.insert(static_cast<uint32_t>(v));
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
  // 49152 first: the port a trace shows when any port will do.
  nat_ports_ = {49152};
  for (int p : ports)
    if (p != 49152) nat_ports_.push_back(p);
  rule_edges_.assign(edges.begin(), edges.end());
}

bool Simulator::isInternetAddress(uint32_t address) {
  for (const Cidr& c : nonInternetBlocks(IpFamily::kV4))
    if (contains(c, address)) return false;
  return true;
}

// AWS reserves the first four and the last address of every subnet; AWS
// assigns an address that no interface or NAT gateway has fixed.
bool Simulator::freeAddress(SubnetId subnet, uint32_t address) const {
  const Cidr& cidr = net_.at(subnet).cidr;
  if (!contains(cidr, address)) return false;
  uint64_t first = cidr.firstV4(), last = cidr.lastV4();
  if (address < first + 4 || address >= last) return false;
  const std::vector<uint32_t>& taken = fixed_[subnet.value];
  return std::find(taken.begin(), taken.end(), address) == taken.end();
}

bool Simulator::addressOf(const SimEnd& end, uint32_t address) const {
  switch (end.kind) {
    case SimEnd::Kind::kInternet:
      return isInternetAddress(address);
    case SimEnd::Kind::kZone: {
      const Gateway& g = net_.at(end.gateway);
      if (!g.vpc.valid()) return true;
      for (const Cidr& c : net_.at(g.vpc).cidrs)
        if (contains(c, address)) return false;
      return true;
    }
    case SimEnd::Kind::kInterface: {
      const Interface& i = net_.at(end.iface);
      for (const PrivateAddress& a : i.private_addresses) {
        if (!a.ip && freeAddress(i.subnet, address)) return true;
        if (a.ip && a.ip->isV4() && a.ip->v4() == address) return true;
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

// The NAT gateway's fixed address, or one free address per stretch of its
// subnet between rule edges.
std::vector<uint32_t> Simulator::natAddresses(NatGatewayId id) const {
  const NatGateway& nat = net_.at(id);
  if (nat.private_address.ip && nat.private_address.ip->isV4()) return {nat.private_address.ip->v4()};
  const Cidr& cidr = net_.at(nat.subnet).cidr;
  std::set<uint32_t> out;
  std::vector<uint32_t> candidates = rule_edges_;
  candidates.push_back(cidr.firstV4() + 4);
  candidates.push_back(cidr.lastV4() - 1);
  for (uint32_t c : candidates) {
    if (!contains(cidr, c)) continue;
    // The first free address at or after each edge.
    for (uint64_t a = c; a < cidr.lastV4() && a < uint64_t{c} + 64; ++a) {
      if (freeAddress(nat.subnet, static_cast<uint32_t>(a))) {
        out.insert(static_cast<uint32_t>(a));
        break;
      }
    }
  }
  return {out.begin(), out.end()};
}

SimResult Simulator::send(const SimEnd& from, const SimEnd& to, const FlowPacket& packet,
                          const std::vector<NatChoice>* nat_choices) const {
  if (!packet.source.isV4() || !packet.destination.isV4()) {
    SimResult out;
    out.disposition = Disposition::kInvalid;
    out.reason = "only IPv4 is simulated";
    return out;
  }
  Header h;
  h.src = packet.source.v4();
  h.dst = packet.destination.v4();
  h.protocol = packet.protocol;
  h.sport = packet.source_port;
  h.dport = packet.destination_port;
  h.icmp_type = packet.icmp_type;
  h.icmp_code = packet.icmp_code;
  return SimWalk(*this, from, to, nat_choices).run(h);
}

}  // namespace segproof
