#include "encode/rule_sets.h"

#include <algorithm>

namespace segproof {

const IntervalSet& internetAddresses() { return ipv4Space().internet(); }

IntervalSet subnetBlock(const Subnet& subnet, const AddressSpace& space) {
  if (space.isV4()) return subnet.cidr.isV4() ? space.block(subnet.cidr) : IntervalSet();
  return subnet.ipv6_cidr ? space.block(*subnet.ipv6_cidr) : IntervalSet();
}

IntervalSet usableAddresses(const Subnet& subnet, const AddressSpace& space) {
  const Cidr* block = space.isV4() ? &subnet.cidr : subnet.ipv6_cidr ? &*subnet.ipv6_cidr : nullptr;
  if (!block || block->family() != space.family()) return {};
  IntervalSet all = space.block(*block);
  if (all.empty() || all.count() < 6) return {};
  // The first four and the last address are AWS's (the IPv6 space names
  // them, so each is one code).
  uint64_t first = all.min(), last = all.max();
  return all.subtract(IntervalSet::range(first, first + 3)).subtract(IntervalSet::point(last));
}

std::vector<Cidr> namedIpv6Blocks(const Network& network) {
  std::vector<Cidr> out;
  auto add = [&](const Cidr& c) {
    if (!c.isV4()) out.push_back(c);
  };
  auto point = [&](const IpAddress& a) {
    if (!a.isV4()) out.push_back(Cidr{a, 128});
  };
  auto routes = [&](const std::vector<Route>& list) {
    for (const Route& r : list)
      if (!r.destination_prefix_list.valid()) add(r.destination);
  };
  for (const Vpc& v : network.vpcs)
    for (const Cidr& c : v.cidrs) add(c);
  for (const Subnet& s : network.subnets) {
    if (!s.ipv6_cidr || s.ipv6_cidr->isV4()) continue;
    add(*s.ipv6_cidr);
    // The first four and the last address: each its own atom.
    for (int64_t i = 0; i < 4; ++i)
      if (std::optional<IpAddress> a = s.ipv6_cidr->first().plus(i)) point(*a);
    point(s.ipv6_cidr->last());
  }
  for (const RouteTable& t : network.route_tables) routes(t.routes);
  for (const TgwRouteTable& t : network.tgw_route_tables) routes(t.routes);
  for (const SecurityGroup& g : network.security_groups)
    for (const SecurityGroupRule& r : g.rules)
      if (r.peer.kind == RulePeer::Kind::kCidr) add(r.peer.cidr);
  for (const NetworkAcl& acl : network.network_acls)
    for (const NetworkAclRule& r : acl.rules) add(r.cidr);
  for (const PrefixList& list : network.prefix_lists)
    for (const Cidr& c : list.entries) add(c);
  for (const Interface& i : network.interfaces)
    for (const PrivateAddress& a : i.ipv6_addresses)
      if (a.ip) point(*a.ip);
  for (const TargetGroup& g : network.target_groups)
    for (const LbTarget& t : g.targets)
      if (t.ip) point(*t.ip);
  return out;
}

bool hasIpv6Interfaces(const Network& network) {
  return std::any_of(network.interfaces.begin(), network.interfaces.end(),
                     [](const Interface& i) { return !i.ipv6_addresses.empty(); });
}

PortsByProtocol portsByProtocol(const HeaderSet& set) {
  PortsByProtocol out;
  for (const Cube& cube : set.cubes()) {
    const IntervalSet& protocols = cube[Field::kProtocol];
    if (protocols.contains(kTcp)) out.tcp = out.tcp.unite(cube[Field::kDstPort]);
    if (protocols.contains(kUdp)) out.udp = out.udp.unite(cube[Field::kDstPort]);
    if (protocols.contains(kIcmp)) out.icmp = true;
    IntervalSet rest = protocols.subtract(IntervalSet::point(kTcp))
                           .subtract(IntervalSet::point(kUdp))
                           .subtract(IntervalSet::point(kIcmp));
    if (!rest.empty()) {
      out.other = true;
      out.other_numbers = out.other_numbers.unite(rest);
    }
  }
  return out;
}

Cube matchCube(const Match& match) {
  Cube cube;
  if (match.protocol == kAnyProtocol) return cube;
  cube.set(Field::kProtocol, IntervalSet::point(static_cast<uint64_t>(match.protocol)));
  if (match.protocol == kTcp || match.protocol == kUdp) {
    cube.set(Field::kDstPort, IntervalSet::range(static_cast<uint64_t>(match.ports.from),
                                                 static_cast<uint64_t>(match.ports.to)));
  } else if (match.protocol == kIcmp || match.protocol == kIcmpV6) {
    if (match.icmp_type >= 0)
      cube.set(Field::kIcmpType, IntervalSet::point(static_cast<uint64_t>(match.icmp_type)));
    if (match.icmp_code >= 0)
      cube.set(Field::kIcmpCode, IntervalSet::point(static_cast<uint64_t>(match.icmp_code)));
  }
  return cube;
}

bool PeerIdentity::carries(SecurityGroupId group) const {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

namespace {

IntervalSet blocksOf(const std::vector<Cidr>& cidrs, const AddressSpace& space) {
  IntervalSet out;
  for (const Cidr& c : cidrs) out = out.unite(space.block(c));
  return out;
}

// Addresses a security group rule's peer stands for, or nullopt when the rule
// does not apply to this peer at all.
std::optional<IntervalSet> peerAddresses(const Network& network, const RulePeer& peer,
                                         const PeerIdentity& identity, const AddressSpace& space) {
  switch (peer.kind) {
    case RulePeer::Kind::kCidr:
      if (peer.cidr.family() != space.family()) return std::nullopt;
      return space.block(peer.cidr);
    case RulePeer::Kind::kPrefixList: {
      const PrefixList& list = network.at(peer.prefix_list);
      // Unknown content may hold any address: over-approximate.
      if (!list.content_known) return IntervalSet::full(Field::kSrcIp);
      return blocksOf(list.entries, space);
    }
    case RulePeer::Kind::kSecurityGroup:
      // Membership is a property of the interface on the other side, decided
      // before any address is looked at (AWS-SEMANTICS.md §4).
      if (!identity.carries(peer.security_group)) return std::nullopt;
      return IntervalSet::full(Field::kSrcIp);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Cube> securityGroupRuleCube(const Network& network, const SecurityGroupRule& rule,
                                          const PeerIdentity& peer, const AddressSpace& space) {
  auto addresses = peerAddresses(network, rule.peer, peer, space);
  if (!addresses || addresses->empty()) return std::nullopt;
  Cube cube = matchCube(rule.match);
  cube.set(rule.direction == Direction::kIngress ? Field::kSrcIp : Field::kDstIp, *addresses);
  return cube;
}

HeaderSet securityGroupSet(const Network& network, const std::vector<SecurityGroupId>& groups,
                           Direction direction, const PeerIdentity& peer, const AddressSpace& space) {
  HeaderSet out;
  for (SecurityGroupId id : groups) {
    for (const SecurityGroupRule& rule : network.at(id).rules) {
      if (rule.direction != direction) continue;
      if (auto cube = securityGroupRuleCube(network, rule, peer, space)) out.add(*cube);
    }
  }
  out.simplify();
  return out;
}

namespace {

Cube aclCube(const NetworkAclRule& rule, const AddressSpace& space) {
  Cube cube = matchCube(rule.match);
  Field address = rule.direction == Direction::kIngress ? Field::kSrcIp : Field::kDstIp;
  cube.set(address, space.block(rule.cidr));
  return cube;
}

}  // namespace

CompiledAcl compileAcl(const NetworkAcl& acl, Direction direction, size_t max_cubes,
                       const AddressSpace& space) {
  CompiledAcl out;
  HeaderSet denied;
  HeaderSet over;  // union of allow lines: the fallback over-approximation
  std::vector<AclLine> lines;
  for (const NetworkAclRule& rule : acl.rules) {
    if (rule.direction != direction) continue;
    Cube cube = aclCube(rule, space);
    if (cube.empty()) continue;
    lines.push_back({cube, rule.allow});
    if (rule.allow) {
      over.add(cube);
      if (out.exact) {
        out.allowed = out.allowed.unite(HeaderSet(cube).subtract(denied));
        out.allowed.simplify();
      }
    } else if (out.exact) {
      denied.add(cube);
      denied.simplify();
    }
    if (out.exact && (out.allowed.size() > max_cubes || denied.size() > max_cubes)) out.exact = false;
  }
  if (!out.exact) {
    over.simplify();
    out.allowed = std::move(over);
    out.lines = std::move(lines);
  }
  return out;
}

const NetworkAclRule* firstMatchingRule(const NetworkAcl& acl, Direction direction,
                                        const Packet& packet, const AddressSpace& space) {
  for (const NetworkAclRule& rule : acl.rules)
    if (rule.direction == direction && aclCube(rule, space).contains(packet)) return &rule;
  return nullptr;
}

RouteLookup::RouteLookup(const Network& network, const std::vector<Route>& routes,
                         const AddressSpace& space)
    : routes_(&routes) {
  // Paint the address line prefix by prefix, shortest first, so that longer
  // prefixes override; at equal length a static route beats a propagated one.
  struct Entry {
    uint64_t lo, hi;
    int length;
    bool propagated;
    int route;
  };
  std::vector<Entry> entries;
  for (size_t i = 0; i < routes.size(); ++i) {
    const Route& r = routes[i];
    std::vector<Cidr> dests;
    if (r.destination_prefix_list.valid()) dests = network.at(r.destination_prefix_list).entries;
    else dests.push_back(r.destination);
    for (const Cidr& c : dests) {
      IntervalSet codes = space.block(c);  // one interval, or empty for the other family
      if (!codes.empty())
        entries.push_back({codes.min(), codes.max(), c.prefix_length, r.propagated, static_cast<int>(i)});
    }
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.length != b.length) return a.length < b.length;
    return a.propagated > b.propagated;  // propagated first, so static paints over it
  });
  segments_ = {{0, fieldMax(Field::kDstIp), -1}};
  for (const Entry& e : entries) {
    std::vector<Segment> next;
    next.reserve(segments_.size() + 2);
    for (const Segment& s : segments_) {
      if (s.hi < e.lo || s.lo > e.hi) {
        next.push_back(s);
        continue;
      }
      if (s.lo < e.lo) next.push_back({s.lo, e.lo - 1, s.route});
      next.push_back({std::max(s.lo, e.lo), std::min(s.hi, e.hi), e.route});
      if (s.hi > e.hi) next.push_back({e.hi + 1, s.hi, s.route});
    }
    segments_ = std::move(next);
  }
  for (const Segment& s : segments_) {
    if (s.route < 0) continue;
    RouteTargetKey key = routeTargetKey(routes[s.route]);
    auto it = std::find_if(by_target_.begin(), by_target_.end(),
                           [&](const auto& p) { return p.first == key; });
    if (it == by_target_.end()) {
      by_target_.emplace_back(key, IntervalSet());
      it = by_target_.end() - 1;
    }
    it->second.add(s.lo, s.hi);
  }
}

const IntervalSet& RouteLookup::destinationsFor(const RouteTargetKey& target) const {
  for (const auto& [key, set] : by_target_)
    if (key == target) return set;
  return none_;
}

const Route* RouteLookup::lookup(uint64_t destination) const {
  auto it = std::upper_bound(segments_.begin(), segments_.end(), destination,
                             [](uint64_t v, const Segment& s) { return v < s.lo; });
  if (it == segments_.begin()) return nullptr;
  --it;
  return it->route < 0 ? nullptr : &(*routes_)[it->route];
}

}  // namespace segproof
