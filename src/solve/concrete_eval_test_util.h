// Test-only: a concrete evaluator of the model on single packets, written
// from AWS-SEMANTICS.md without any engine code (no header sets, no route
// lookup, no topology), to check the Analyzer's answers independently.
// Header-only (see graph/network_builder_test_util.h).
//
// Semantics, as documented for segproof (AWS-SEMANTICS.md, path_search.h):
//   - the sender's security groups check the packet on egress, the
//     receiver's on ingress (group references: the other side's groups);
//   - within a subnet nothing else applies;
//   - leaving a subnet: its route table (longest prefix, static over
//     propagated) picks the target, the outbound NACL checks the packet;
//     entering a subnet: the inbound NACL;
//   - TCP needs the reply (addresses and ports swapped) to pass every NACL on
//     the way back and to be routed back (to the local route, the peering or
//     the IGW it came through); UDP and ICMP are forward only;
//   - the internet is every address outside the special blocks of §2; a host
//     reaches it through an IGW only with a public IPv4; from it, only
//     interfaces with a public IPv4 in a VPC with an IGW are reached;
//   - a NAT gateway rewrites the source to its address and, for TCP and UDP,
//     the source port to one of 1024-65535, then its own subnet routes on;
//   - a peering delivers into the other VPC only, when active.
#ifndef SEGPROOF_SOLVE_CONCRETE_EVAL_TEST_UTIL_H_
#define SEGPROOF_SOLVE_CONCRETE_EVAL_TEST_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "segproof/model/network.h"

namespace segproof::testing {

struct Probe {
  uint32_t src = 0, dst = 0;
  int protocol = kTcp;
  int sport = 0, dport = 0;
  int icmp_type = 0, icmp_code = 0;

  Probe reply() const {
    Probe r = *this;
    std::swap(r.src, r.dst);
    std::swap(r.sport, r.dport);
    return r;
  }
  std::string str() const {
    return IpAddress::v4(src).str() + ":" + std::to_string(sport) + " -> " +
           IpAddress::v4(dst).str() + ":" + std::to_string(dport) + " proto " +
           std::to_string(protocol) + " icmp " + std::to_string(icmp_type) + "/" +
           std::to_string(icmp_code);
  }
};

// One end of a question: an interface or the internet.
struct End {
  bool internet = false;
  InterfaceId iface;
};

class ConcreteEvaluator {
 public:
  explicit ConcreteEvaluator(const Network& network) : net_(network) {}

  static bool isInternet(uint32_t a) {
    struct Block {
      uint32_t base;
      int length;
    };
    static const Block special[] = {{0x00000000, 8},  {0x0A000000, 8},  {0x64400000, 10},
                                    {0x7F000000, 8},  {0xA9FE0000, 16}, {0xAC100000, 12},
                                    {0xC0A80000, 16}, {0xE0000000, 4},  {0xF0000000, 4}};
    for (const Block& b : special)
      if ((a >> (32 - b.length)) == (b.base >> (32 - b.length))) return false;
    return true;
  }

  uint32_t addressOf(InterfaceId i) const { return net_.at(i).private_addresses.front().ip->v4(); }

  // Whether `p`, sent by `from`, is delivered to `to` (and, for TCP, its
  // reply gets back). Addresses must be the ends' own.
  bool delivers(const End& from, const End& to, const Probe& p) const {
    if (from.internet && to.internet) return false;
    if (!wellFormed(p)) return false;
    if (to.internet) {
      if (!isInternet(p.dst)) return false;
    } else if (p.dst != addressOf(to.iface)) {
      return false;
    }
    if (from.internet) {
      if (!isInternet(p.src)) return false;
      return fromInternet(to.iface, p);
    }
    const Interface& src = net_.at(from.iface);
    if (p.src != addressOf(from.iface)) return false;
    if (!to.internet && p.src == p.dst) return false;  // an interface does not send to itself
    std::vector<SecurityGroupId> peer_groups;
    if (!to.internet) peer_groups = net_.at(to.iface).security_groups;
    if (!groupsAdmit(src.security_groups, Direction::kEgress, p, peer_groups)) return false;
    if (!to.internet && net_.at(to.iface).subnet == src.subnet)
      return groupsAdmit(net_.at(to.iface).security_groups, Direction::kIngress, p,
                         src.security_groups);
    Sender sender{src.security_groups, src.public_address.present()};
    std::set<int32_t> visited;
    return forward(p, sender, src.subnet, to, visited);
  }

  // Security group check, written out: some rule of some group matches.
  bool groupsAdmit(const std::vector<SecurityGroupId>& groups, Direction d, const Probe& p,
                   const std::vector<SecurityGroupId>& peer_groups) const {
    uint32_t other = d == Direction::kIngress ? p.src : p.dst;
    for (SecurityGroupId g : groups) {
      for (const SecurityGroupRule& r : net_.at(g).rules) {
        if (r.direction != d || !matches(r.match, p)) continue;
        switch (r.peer.kind) {
          case RulePeer::Kind::kCidr:
            if (r.peer.cidr.isV4() && r.peer.cidr.contains(IpAddress::v4(other))) return true;
            break;
          case RulePeer::Kind::kSecurityGroup:
            if (std::find(peer_groups.begin(), peer_groups.end(), r.peer.security_group) !=
                peer_groups.end())
              return true;
            break;
          case RulePeer::Kind::kPrefixList: {
            const PrefixList& l = net_.at(r.peer.prefix_list);
            if (!l.content_known) return true;
            for (const Cidr& c : l.entries)
              if (c.isV4() && c.contains(IpAddress::v4(other))) return true;
            break;
          }
        }
      }
    }
    return false;
  }

  bool aclAllows(SubnetId s, Direction d, const Probe& p) const {
    const NetworkAcl& acl = net_.at(net_.at(s).network_acl);
    uint32_t address = d == Direction::kIngress ? p.src : p.dst;
    const NetworkAclRule* first = nullptr;
    for (const NetworkAclRule& r : acl.rules) {
      if (r.direction != d || !matches(r.match, p)) continue;
      if (!r.cidr.isV4() || !r.cidr.contains(IpAddress::v4(address))) continue;
      if (!first || r.number < first->number) first = &r;
    }
    return first != nullptr && first->allow;
  }

  // Longest prefix match; nullptr when no route matches.
  const Route* route(SubnetId s, uint32_t dst) const {
    const Route* best = nullptr;
    for (const Route& r : net_.at(net_.at(s).route_table).routes) {
      bool hit = false;
      if (r.destination_prefix_list.valid()) {
        for (const Cidr& c : net_.at(r.destination_prefix_list).entries)
          hit = hit || (c.isV4() && c.contains(IpAddress::v4(dst)));
      } else {
        hit = r.destination.isV4() && r.destination.contains(IpAddress::v4(dst));
      }
      if (!hit) continue;
      if (!best || r.destination.prefix_length > best->destination.prefix_length ||
          (r.destination.prefix_length == best->destination.prefix_length && best->propagated &&
           !r.propagated))
        best = &r;
    }
    return best;
  }

  // NAT source ports worth trying: the edges of every port range of the
  // model inside 1024-65535 (the allowed set is a union of intervals whose
  // ends are among them).
  std::vector<int> natPortCandidates() const {
    std::set<int> out = {1024, 65535};
    auto add = [&](int v) {
      if (v >= 1024 && v <= 65535) out.insert(v);
    };
    for (const NetworkAcl& a : net_.network_acls)
      for (const NetworkAclRule& r : a.rules)
        for (int v :
             {r.match.ports.from - 1, r.match.ports.from, r.match.ports.to, r.match.ports.to + 1})
          add(v);
    return {out.begin(), out.end()};
  }

 private:
  struct Sender {
    std::vector<SecurityGroupId> groups;
    bool public_address = false;
  };

  static bool wellFormed(const Probe& p) {
    if (p.protocol == kTcp || p.protocol == kUdp)
      return p.sport >= 1024 && p.icmp_type == 0 &&
             p.icmp_code == 0;  // the initiator's ephemeral port
    if (p.protocol == kIcmp || p.protocol == kIcmpV6) return p.sport == 0 && p.dport == 0;
    return p.sport == 0 && p.dport == 0 && p.icmp_type == 0 && p.icmp_code == 0;
  }

  static bool matches(const Match& m, const Probe& p) {
    if (m.protocol == kAnyProtocol) return true;
    if (p.protocol != m.protocol) return false;
    if (m.protocol == kTcp || m.protocol == kUdp)
      return p.dport >= m.ports.from && p.dport <= m.ports.to;
    if (m.protocol == kIcmp || m.protocol == kIcmpV6)
      return (m.icmp_type < 0 || p.icmp_type == m.icmp_type) &&
             (m.icmp_code < 0 || p.icmp_code == m.icmp_code);
    return true;
  }

  bool isTcp(const Probe& p) const { return p.protocol == kTcp; }

  SubnetId subnetContaining(VpcId vpc, uint32_t a) const {
    for (size_t s = 0; s < net_.subnets.size(); ++s)
      if (net_.subnets[s].vpc == vpc && net_.subnets[s].cidr.contains(IpAddress::v4(a)))
        return SubnetId{static_cast<int32_t>(s)};
    return {};
  }

  bool routesTo(SubnetId s, uint32_t dst, RouteTargetKind kind, int32_t element) const {
    const Route* r = route(s, dst);
    if (!r || r->target != kind) return false;
    switch (kind) {
      case RouteTargetKind::kInternetGateway:
        return r->internet_gateway.value == element;
      case RouteTargetKind::kPeering:
        return r->peering.value == element;
      default:
        return true;
    }
  }

  // Crossing from subnet `a` into subnet `b` of the same VPC, and for TCP the
  // reply back.
  bool crossLocally(SubnetId a, SubnetId b, const Probe& p) const {
    if (!aclAllows(a, Direction::kEgress, p) || !aclAllows(b, Direction::kIngress, p)) return false;
    if (!isTcp(p)) return true;
    Probe r = p.reply();
    return aclAllows(b, Direction::kEgress, r) && routesTo(b, r.dst, RouteTargetKind::kLocal, -1) &&
           aclAllows(a, Direction::kIngress, r);
  }

  // Entering the destination's subnet from a gateway (IGW or peering): the
  // inbound NACL, and for TCP the reply out and routed back to that gateway.
  bool enterFrom(SubnetId s, const Probe& p, RouteTargetKind kind, int32_t element) const {
    if (!aclAllows(s, Direction::kIngress, p)) return false;
    if (!isTcp(p)) return true;
    Probe r = p.reply();
    return aclAllows(s, Direction::kEgress, r) && routesTo(s, r.dst, kind, element);
  }

  // Leaving subnet `s` towards a gateway: the outbound NACL, and for TCP the
  // reply coming back in.
  bool leave(SubnetId s, const Probe& p) const {
    return aclAllows(s, Direction::kEgress, p) &&
           (!isTcp(p) || aclAllows(s, Direction::kIngress, p.reply()));
  }

  bool fromInternet(InterfaceId to, const Probe& p) const {
    const Interface& d = net_.at(to);
    if (!d.public_address.present()) return false;
    VpcId vpc = net_.at(d.subnet).vpc;
    for (size_t g = 0; g < net_.internet_gateways.size(); ++g) {
      if (net_.internet_gateways[g].vpc != vpc) continue;
      if (enterFrom(d.subnet, p, RouteTargetKind::kInternetGateway, static_cast<int32_t>(g)) &&
          groupsAdmit(d.security_groups, Direction::kIngress, p, {}))
        return true;
    }
    return false;
  }

  // The packet leaves subnet `s`'s outgoing side.
  bool forward(const Probe& p, const Sender& sender, SubnetId s, const End& to,
               std::set<int32_t>& visited) const {
    if (!visited.insert(s.value).second) return false;  // a routing loop
    const Route* r = route(s, p.dst);
    if (!r) return false;
    VpcId vpc = net_.at(s).vpc;
    switch (r->target) {
      case RouteTargetKind::kLocal: {
        if (to.internet) return false;
        SubnetId t = subnetContaining(vpc, p.dst);
        if (!t.valid() || t == s || t != net_.at(to.iface).subnet) return false;
        return crossLocally(s, t, p) && groupsAdmit(net_.at(to.iface).security_groups,
                                                    Direction::kIngress, p, sender.groups);
      }
      case RouteTargetKind::kInternetGateway: {
        const InternetGateway& g = net_.at(r->internet_gateway);
        return to.internet && g.vpc.valid() && leave(s, p) && sender.public_address &&
               isInternet(p.dst);
      }
      case RouteTargetKind::kNatGateway: {
        const NatGateway& nat = net_.at(r->nat_gateway);
        if (nat.subnet == s || !crossLocally(s, nat.subnet, p)) return false;
        Sender after{{}, nat.is_public};
        Probe q = p;
        q.src = nat.private_address.ip->v4();
        if (q.protocol != kTcp && q.protocol != kUdp)
          return forward(q, after, nat.subnet, to, visited);
        for (int port : natPortCandidates()) {
          q.sport = port;
          std::set<int32_t> branch = visited;
          if (forward(q, after, nat.subnet, to, branch)) return true;
        }
        return false;
      }
      case RouteTargetKind::kPeering: {
        const Peering& pc = net_.at(r->peering);
        if (!pc.active || to.internet) return false;
        VpcId other = pc.requester == vpc  ? pc.accepter
                      : pc.accepter == vpc ? pc.requester
                                           : VpcId{};
        SubnetId t = net_.at(to.iface).subnet;
        if (!other.valid() || net_.at(t).vpc != other) return false;
        return leave(s, p) && enterFrom(t, p, RouteTargetKind::kPeering, r->peering.value) &&
               groupsAdmit(net_.at(to.iface).security_groups, Direction::kIngress, p,
                           sender.groups);
      }
      default:
        return false;  // blackhole; other gateways are not generated
    }
  }

  const Network& net_;
};

}  // namespace segproof::testing

#endif  // SEGPROOF_SOLVE_CONCRETE_EVAL_TEST_UTIL_H_
