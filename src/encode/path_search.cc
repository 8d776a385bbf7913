#include "encode/path_search.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

#include "model/transit.h"

namespace segproof {

// ---------------------------------------------------------------------------
// EncodingContext

EncodingContext::EncodingContext(const Network& network, const Topology& topology,
                                 EncodingOptions options, AddressSpace space)
    : network_(network), topology_(topology), options_(options), space_(std::move(space)) {
  routes_.reserve(network.route_tables.size());
  for (const RouteTable& table : network.route_tables) routes_.emplace_back(network, table, space_);
  tgw_routes_.reserve(network.tgw_route_tables.size());
  for (const TgwRouteTable& table : network.tgw_route_tables)
    tgw_routes_.emplace_back(network, table.routes, space_);
  for (const NetworkAcl& acl : network.network_acls) {
    acl_in_.push_back(compileAcl(acl, Direction::kIngress, 2048, space_));
    acl_out_.push_back(compileAcl(acl, Direction::kEgress, 2048, space_));
    for (CompiledAcl* c : {&acl_in_.back(), &acl_out_.back()}) c->reply_guard = tcpReplyGuard(c->allowed);
  }
  // Free addresses per subnet: usable minus every fixed address in it.
  std::vector<IntervalSet> free(network.subnets.size());
  for (size_t s = 0; s < network.subnets.size(); ++s) free[s] = usableAddresses(network.subnets[s], space_);
  auto take = [&](SubnetId subnet, const PrivateAddress& a) {
    if (!a.ip) return;
    if (std::optional<uint64_t> code = space_.code(*a.ip))
      free[subnet.value] = free[subnet.value].subtract(IntervalSet::point(*code));
  };
  for (size_t i = 0; i < network.interfaces.size(); ++i)
    for (const PrivateAddress& a : addressList(InterfaceId{static_cast<int32_t>(i)}))
      take(network.interfaces[i].subnet, a);
  for (const NatGateway& n : network.nat_gateways) take(n.subnet, n.private_address);
  auto addresses = [&](SubnetId subnet, const std::vector<PrivateAddress>& list) {
    IntervalSet out;
    for (const PrivateAddress& a : list) {
      if (!a.ip) out = out.unite(free[subnet.value]);
      else if (std::optional<uint64_t> code = space_.code(*a.ip)) out.add(*code, *code);
    }
    return out;
  };
  for (size_t i = 0; i < network.interfaces.size(); ++i)
    iface_addresses_.push_back(
        addresses(network.interfaces[i].subnet, addressList(InterfaceId{static_cast<int32_t>(i)})));
  // NAT gateways have IPv4 addresses only (NAT64 is not analysed).
  for (const NatGateway& n : network.nat_gateways)
    nat_addresses_.push_back(space_.isV4() ? addresses(n.subnet, {n.private_address}) : IntervalSet());
  lb_nodes_.assign(network.subnets.size(), {});
  for (const LoadBalancer& lb : network.load_balancers) {
    for (InterfaceId node : lb.nodes) {
      lb_nodes_[network.at(node).subnet.value].push_back(node);
      lb_addresses_ = lb_addresses_.unite(iface_addresses_[node.value]);
    }
    for (const LbListener& l : lb.listeners) listener_ports_.add(l.ports.from, l.ports.to);
  }
  all_ = HeaderSet::all();
  egress_referenced_.assign(network.security_groups.size(), false);
  ingress_referenced_.assign(network.security_groups.size(), false);
  for (const SecurityGroup& g : network.security_groups)
    for (const SecurityGroupRule& r : g.rules)
      if (r.peer.kind == RulePeer::Kind::kSecurityGroup && r.peer.security_group.valid())
        (r.direction == Direction::kEgress ? egress_referenced_
                                           : ingress_referenced_)[r.peer.security_group.value] = true;
}

size_t EncodingContext::KeyHash::operator()(const std::vector<int32_t>& key) const {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a over the values
  for (int32_t v : key) {
    h ^= static_cast<uint32_t>(v);
    h *= 0x100000001b3ULL;
  }
  return static_cast<size_t>(h);
}

const HeaderSet& EncodingContext::groupSet(const std::vector<SecurityGroupId>& groups,
                                           Direction direction, const PeerIdentity& peer) const {
  if (groups.empty()) return all_;
  const std::vector<bool>& named = direction == Direction::kEgress ? egress_referenced_ : ingress_referenced_;
  std::vector<int32_t> key;
  key.reserve(groups.size() + peer.groups.size() + 2);
  key.push_back(static_cast<int32_t>(direction));
  for (SecurityGroupId g : groups) key.push_back(g.value);
  key.push_back(-1);
  for (SecurityGroupId g : peer.groups)
    if (g.valid() && named[g.value]) key.push_back(g.value);
  size_t hash = KeyHash{}(key);
  GroupSetShard& shard = group_sets_[hash % kGroupSetShards];
  {
    std::shared_lock lock(shard.mutex);
    if (auto it = shard.sets.find(key); it != shard.sets.end()) return *it->second;
  }
  auto set = std::make_unique<HeaderSet>(securityGroupSet(network_, groups, direction, peer, space_));
  std::unique_lock lock(shard.mutex);
  // Another worker may have added it meanwhile: the first one stays.
  return *shard.sets.try_emplace(std::move(key), std::move(set)).first->second;
}

const RouteLookup& EncodingContext::routesOf(SubnetId subnet) const {
  return routes(network_.at(subnet).route_table);
}

const CompiledAcl& EncodingContext::acl(NetworkAclId acl, Direction direction) const {
  return direction == Direction::kIngress ? acl_in_[acl.value] : acl_out_[acl.value];
}

const CompiledAcl& EncodingContext::aclOf(SubnetId subnet, Direction direction) const {
  return acl(network_.at(subnet).network_acl, direction);
}

IntervalSet EncodingContext::zoneAddresses(GatewayId gateway) const {
  IntervalSet vpc;
  const Gateway& g = network_.at(gateway);
  if (g.vpc.valid())
    for (const Cidr& c : network_.at(g.vpc).cidrs) vpc = vpc.unite(space_.block(c));
  return vpc.complement(fieldMax(Field::kSrcIp));
}

const std::vector<PrivateAddress>& EncodingContext::addressList(InterfaceId iface) const {
  const Interface& i = network_.at(iface);
  return space_.isV4() ? i.private_addresses : i.ipv6_addresses;
}

IntervalSet EncodingContext::subnetBlock(SubnetId subnet) const {
  return segproof::subnetBlock(network_.at(subnet), space_);
}

bool EncodingContext::reachableFromInternet(InterfaceId iface) const {
  if (space_.isV4()) return network_.at(iface).public_address.present();
  return interfaceAddresses(iface).intersects(space_.internet());
}

IntervalSet EncodingContext::ephemeralPorts() const {
  return IntervalSet::range(options_.ephemeral_from, options_.ephemeral_to);
}

// ---------------------------------------------------------------------------
// The search

namespace {

// A member of `set`, preferring values that read well in explanations: a
// documentation address (RFC 5737) for internet sources and a high ephemeral
// source port.
Packet readableSample(const HeaderSet& set, const AddressSpace& space) {
  HeaderSet best = set;
  Cube prefer_port;
  prefer_port.set(Field::kSrcPort, IntervalSet::range(kReadableSourcePort, 65535));
  if (HeaderSet s = best.intersect(prefer_port); !s.empty()) best = std::move(s);
  Cube prefer_source;
  prefer_source.set(Field::kSrcIp, space.readableInternet());
  if (HeaderSet s = best.intersect(prefer_source); !s.empty()) best = std::move(s);
  return best.sample();
}

HeaderSet onField(Field field, IntervalSet values) {
  Cube cube;
  cube.set(field, std::move(values));
  return HeaderSet(cube);
}

// Who sends the packet at the current point of the path.
struct Sender {
  PeerIdentity identity;
  bool public_address = false;
  InterfaceId iface;      // the sending interface, when it is one
  int32_t nat = -1;       // the sending NAT gateway, when it is one
};

// Two interfaces never share an address: a constraint the interval check
// cannot express, needed whenever their address sets meet.
bool mayShareAddress(const Station& a, const Station& b) {
  return a.kind == Station::Kind::kEndpoints && b.kind == Station::Kind::kEndpoints &&
         a.addresses.intersects(b.addresses);
}

// Walks from one source either to one destination, collecting candidate
// path formulas (searchPaths), or to the targets of a FanTargets at once,
// collecting per-target hits (searchFan): see path_search.h.
class PathBuilder {
 public:
  PathBuilder(const EncodingContext& context, const Station& source, const Station& destination,
              const HeaderSet& flow, const FanTargets* fan = nullptr, bool collect_travelled = false)
      : ctx_(context), net_(context.network()), topo_(context.topology()), src_(source),
        dst_(destination), fan_(fan), collect_travelled_(collect_travelled),
        lbs_(context.hasLoadBalancers()) {
    if (destination.kind == Station::Kind::kEndpoints) dst_identity_.groups = destination.groups;
    if (source.kind == Station::Kind::kEndpoints)
      lb_source_ = net_.at(source.members.front()).kind == EndpointKind::kLoadBalancer;
    if (!lbs_) {
      parts_.push_back({flow, IntervalSet::full(Field::kDstPort)});
    } else {
      parts_ = splitFlow(flow);
      if (fan_) reach_ = fan_->addresses.unite(ctx_.loadBalancerAddresses());
    }
  }

  PathSearchResult run() {
    for (const FlowPart& part : parts_)
      if (!stop_) walkPart(part);
    return std::move(result_);
  }

  FanSearchResult runFan() {
    for (const FlowPart& part : parts_) walkPart(part);
    FanSearchResult out;
    std::sort(hits_.begin(), hits_.end(),
              [](const FanHit& a, const FanHit& b) { return a.target < b.target; });
    for (const FanHit& h : hits_) {
      if (!out.hits.empty() && out.hits.back().target == h.target) {
        FanHit& into = out.hits.back();
        into.exact = into.exact || h.exact;
        into.inexact = into.inexact || h.inexact;
        into.opaque = into.opaque || h.opaque;
      } else {
        out.hits.push_back(h);
      }
    }
    out.closest = std::move(result_.closest);
    out.paths_explored = result_.paths_explored;
    travelled_.simplify();
    out.travelled = std::move(travelled_);
    out.travelled_exact = travelled_exact_;
    return out;
  }

 private:
  // The walk for one part of the flow (splitFlow; one part, the flow itself,
  // without load balancers). With load balancers the destination addresses
  // include their nodes' and the destination ports their listeners', and
  // the arrival checks the rest (deliveryGuard).
  void walkPart(const FlowPart& part) {
    HeaderSet flow = part.start;
    IntervalSet dst = fan_ ? fan_->region : dst_.addresses;
    IntervalSet src = src_.addresses;
    if (lbs_) {
      arrival_ports_ = part.ports;
      flow = flow.intersect(onField(Field::kDstPort, part.ports.unite(ctx_.listenerPorts())));
      dst = dst.unite(ctx_.loadBalancerAddresses());
      // A node sends for its clients, whose addresses target groups that
      // preserve them pass on (loadBalancerSends).
      if (lb_source_) src = IntervalSet::full(Field::kSrcIp);
    }
    HeaderSet initial = wellFormedHeaders(ctx_.ephemeralPorts()).intersect(flow);
    if (lb_source_) initial = wellFormedHeaders(IntervalSet::full(Field::kSrcPort)).intersect(flow);
    Cube ends;
    ends.set(Field::kSrcIp, src).set(Field::kDstIp, dst);
    initial = initial.intersect(ends);
    initial.simplify();
    formula_ = PathFormula{};
    formula_.initial = initial;
    formula_.distinct_endpoints = !fan_ && mayShareAddress(src_, dst_);
    state_ = State{};
    state_.set = initial;
    state_.exact = true;  // the set; the distinct-endpoint condition is added in record()
    if (src_.kind == Station::Kind::kEndpoints)
      state_.sender = {{src_.groups}, src_.public_address, src_.members.front(), -1};
    walkAll();
  }

  void walkAll() {
    if (state_.set.empty()) return;
    if (src_.kind == Station::Kind::kEndpoints) {
      formula_.places.push_back(src_.label);
      if (lb_source_) {
        loadBalancerSends(src_.members.front(), false);
        return;
      }
      Hop hop = interfaceHop(HopKind::kSecurityGroupEgress, src_, dst_identity_);
      if (!guard(hop, ctx_.groupSet(src_.groups, Direction::kEgress, dst_identity_)))
        return;
      sendFrom(src_.subnet, src_.members.front());
      return;
    }
    PlaceVertex start = src_.kind == Station::Kind::kInternet ? topo_.internet() : topo_.gatewayIn(src_.gateway);
    formula_.places.push_back(topo_.describe(start));
    walkFrom(start);
  }

  // The packet leaves its sender `sender` (its egress groups passed) in
  // `subnet`: to receivers in the subnet directly (no route, no network
  // ACL: AWS-SEMANTICS.md §5), to the others through the topology.
  void sendFrom(SubnetId subnet, InterfaceId sender) {
    bool here = false;  // some receiver in the subnet
    if (lbs_) {
      for (InterfaceId node : ctx_.loadBalancerNodesIn(subnet))
        if (node != sender) {
          withinSubnetToNode(node);
          here = true;
        }
    }
    if (fan_) {
      arriveFan(subnet);
      auto [first, last] = fan_->inSubnet(subnet);
      here = here || first < last;
    } else if (dst_.kind == Station::Kind::kEndpoints && dst_.subnet == subnet) {
      arrive();
      if (!lbs_) return;  // nothing else leads back here
      here = true;
    }
    if (IntervalSet block = ctx_.subnetBlock(subnet); here && !block.empty()) {
      // The walk goes on for addresses outside the subnet only.
      state_.set = state_.set.intersect(onField(Field::kDstIp, block.complement(fieldMax(Field::kDstIp))));
      if (state_.set.empty()) return;
    }
    walkFrom(topo_.subnetOut(subnet));
  }

  void walkFrom(PlaceVertex start) {
    Topology::Walker walker;
    walker.enter = [this](const std::vector<PlaceVertex>& path) { return enter(path); };
    walker.leave = [this]() { restore(); };
    walker.is_target = [this](PlaceVertex v) { return isTarget(v); };
    walker.visit = [this](const std::vector<PlaceVertex>& path) { visitTarget(path.back()); };
    PlaceVertex outer = start_;
    start_ = start;
    topo_.walk(start, walker);
    start_ = outer;
  }

  // A crossing of transit gateways whose reply checks wait for the place
  // the packet ends at in the VPC it entered (src/model/transit.h).
  struct TgwLeg {
    TgwAttachmentId entry, exit;  // the attachments it entered and left by
    SubnetId sender;              // the subnet it was routed to the transit gateway from
    SubnetId entered, left;       // the interfaces (subnets) it entered and left by
    TransitGatewayId delivering;  // the transit gateway it left
    bool peered = false;          // it crossed a peering between transit gateways
    RouteTargetKey prior_reply;   // where `sender`'s VPC routes replies to the source
    // The transit gateways crossed (gateway, in, out): their route tables
    // must route the reply back, checked with the other reply checks.
    std::vector<std::array<int32_t, 3>> crossed;
  };

  struct State {
    HeaderSet set;
    int version = 0;
    Sender sender;
    bool exact = true;
    bool public_only = false;  // a fan: only targets with a public address are reached
    // Where the current VPC routes replies to the packet's source: locally,
    // or (after a transit gateway) back to the transit gateway.
    RouteTargetKey reply_via{RouteTargetKind::kLocal, -1};
    std::optional<TgwLeg> leg;
    // After a load balancer: the target group its node `lb_node` forwarded
    // to (the packet is for one of its targets).
    TargetGroupId lb_group;
    InterfaceId lb_node;
    // The target group preserves client addresses: replies go back through
    // the node whatever the route tables say.
    bool reply_by_node = false;
    std::vector<int> distinct;           // PathFormula::distinct_versions
    std::vector<int> distinct_forwards;  // PathFormula::distinct_forwards
    std::vector<LoadBalancerId> balancers;  // the load balancers passed, each once at most
    size_t hops = 0, guards = 0, rewrites = 0, places = 0;
  };

  Hop interfaceHop(HopKind kind, const Station& station, const PeerIdentity& peer) const {
    Hop hop;
    hop.kind = kind;
    hop.version = state_.version;
    hop.groups = station.groups;
    hop.peer = peer;
    hop.iface = station.members.empty() ? InterfaceId{} : station.members.front();
    return hop;
  }

  Hop subnetHop(HopKind kind, SubnetId subnet, bool reply) const {
    Hop hop;
    hop.kind = kind;
    hop.reply = reply;
    hop.version = state_.version;
    hop.subnet = subnet;
    return hop;
  }

  // Adds a hop whose guard is `set` (over the forward header) and intersects.
  bool guard(Hop hop, const HeaderSet& set, bool exact = true, std::vector<AclLine> lines = {}) {
    size_t index = formula_.hops.size();
    hop.version = state_.version;
    hop.place = formula_.places.empty() ? 0 : formula_.places.size() - 1;
    formula_.hops.push_back(hop);
    HeaderSet next = state_.set.intersect(set);
    if (next.limit(ctx_.options().max_cubes)) state_.exact = false;
    if (!exact) state_.exact = false;
    if (!fan_)  // a fan records hits, not formulas
      formula_.guards.push_back({index, state_.version, set, exact, std::move(lines), hop.reply});
    if (!ctx_.options().interval_pruning) {
      // Keep the set only as a hint; the solver decides every path.
      if (!next.empty()) state_.set = std::move(next);
      state_.exact = false;
      return true;
    }
    if (next.empty() || (fan_ && !target_ && deeperThanClosest() && !reachesTargets(next))) {
      // (A fan checks its targets' addresses only where a block would be
      // the deepest so far.)
      block(hop, "");
      return false;
    }
    state_.set = std::move(next);
    return true;
  }

  // Adds a hop that is a fact of the model rather than a header condition.
  bool require(Hop hop, bool holds, const std::string& reason) {
    hop.version = state_.version;
    hop.place = formula_.places.empty() ? 0 : formula_.places.size() - 1;
    formula_.hops.push_back(hop);
    if (!holds) block(hop, reason);
    return holds;
  }

  bool aclHop(SubnetId subnet, Direction direction, bool reply) {
    const CompiledAcl& acl = ctx_.aclOf(subnet, direction);
    HopKind kind = direction == Direction::kIngress ? HopKind::kAclInbound : HopKind::kAclOutbound;
    return guard(subnetHop(kind, subnet, reply), reply ? acl.reply_guard : acl.allowed, acl.exact,
                 acl.exact || fan_ ? std::vector<AclLine>{} : acl.lines);
  }

  bool routeHop(SubnetId subnet, RouteTargetKey target, bool reply, const IntervalSet* within = nullptr) {
    Hop hop = subnetHop(HopKind::kRoute, subnet, reply);
    hop.target = target;
    IntervalSet dests = ctx_.routesOf(subnet).destinationsFor(target);
    if (within) dests = dests.intersect(*within);
    HeaderSet set = onField(Field::kDstIp, dests);
    return guard(hop, reply ? tcpReplyGuard(set) : set);
  }

  // The reply leaving subnet `at` towards the packet's source: routed the way
  // the packet came (locally, or to the transit gateway it came through), or
  // through an appliance interface that forwards it (source/dest check
  // disabled) -- AWS lets routes send VPC traffic through middleboxes. The
  // appliance's own handling of the reply is assumed to forward it.
  bool replyRouteLocal(SubnetId at, std::optional<RouteTargetKey> via = std::nullopt) {
    if (state_.reply_by_node) return true;
    Hop hop = subnetHop(HopKind::kRoute, at, true);
    hop.target = via.value_or(state_.reply_via);
    const RouteLookup& routes = ctx_.routesOf(at);
    IntervalSet dests = routes.destinationsFor(hop.target);
    for (const Route& r : net_.at(net_.at(at).route_table).routes) {
      if (r.target != RouteTargetKind::kNetworkInterface || !r.interface.valid()) continue;
      if (net_.at(r.interface).source_dest_check) continue;
      dests = dests.unite(routes.destinationsFor(routeTargetKey(r)));
    }
    return guard(hop, tcpReplyGuard(onField(Field::kDstIp, dests)));
  }

  // Leaving subnet `from` and entering subnet `to` of the same VPC.
  bool localMove(SubnetId from, SubnetId to, RouteTargetKey target) {
    IntervalSet within = ctx_.subnetBlock(to);
    return aclHop(from, Direction::kEgress, false) && routeHop(from, target, false, &within) &&
           aclHop(to, Direction::kIngress, false) && aclHop(to, Direction::kEgress, true) &&
           replyRouteLocal(to) && aclHop(from, Direction::kIngress, true);
  }

  // Leaving subnet `from` through a gateway-like target; the reply comes back
  // into `from` from that target.
  bool exitMove(SubnetId from, RouteTargetKey target) {
    return aclHop(from, Direction::kEgress, false) && routeHop(from, target, false) &&
           aclHop(from, Direction::kIngress, true);
  }

  // Entering subnet `to` from a gateway-like `source`; the reply must be
  // routed back to it.
  // (The destination address already lies in `to`: it is the station's.)
  bool entryMove(SubnetId to, RouteTargetKey source) {
    return aclHop(to, Direction::kIngress, false) && aclHop(to, Direction::kEgress, true) &&
           routeHop(to, source, true);
  }

  Hop elementHop(HopKind kind, int32_t element) const {
    Hop hop;
    hop.kind = kind;
    hop.element = element;
    hop.version = state_.version;
    return hop;
  }

  bool move(const Place& from, const Place& to) {
    SubnetId from_subnet{from.element}, to_subnet{to.element};
    switch (to.kind) {
      case PlaceKind::kSubnetIn:
        if (from.kind == PlaceKind::kSubnetOut && leftTransitGatewayAt(from_subnet)) {
          IntervalSet within = ctx_.subnetBlock(to_subnet);
          return tgwLegEnd(from_subnet, to_subnet, {RouteTargetKind::kLocal, -1}, &within);
        }
        if (from.kind == PlaceKind::kSubnetOut && from_subnet == to_subnet)
          return true;  // a NAT gateway or appliance sends within its subnet: no route, no ACL
        if (from.kind == PlaceKind::kSubnetOut)
          return localMove(from_subnet, to_subnet, {RouteTargetKind::kLocal, -1});
        if (from.kind == PlaceKind::kIgwIn) return fromInternet(to_subnet, from.element);
        if (from.kind == PlaceKind::kPeer)
          return entryMove(to_subnet, {RouteTargetKind::kPeering, from.element});
        if (from.kind == PlaceKind::kGatewayIn)
          return entryMove(to_subnet, {RouteTargetKind::kOther, from.element});
        return false;
      case PlaceKind::kIgwOut: {
        if (!exitMove(from_subnet, {RouteTargetKind::kInternetGateway, to.element})) return false;
        // The gateway maps the sender's private address to its public one;
        // an IPv6 sender's own address goes out, if it is a global one.
        Hop hop = elementHop(HopKind::kPublicAddress, state_.sender.nat);
        hop.iface = state_.sender.iface;
        if (!ctx_.space().isV4()) return guard(hop, onField(Field::kSrcIp, ctx_.space().internet()));
        return require(hop, state_.sender.public_address, "has no public IPv4 address");
      }
      case PlaceKind::kIgwIn:
        return require(elementHop(HopKind::kInternetGateway, to.element), true, "");
      case PlaceKind::kInternet:
        return guard(elementHop(HopKind::kInternetGateway, from.element),
                     onField(Field::kDstIp, ctx_.space().internet()));
      case PlaceKind::kNat:
        return natMove(from_subnet, NatGatewayId{to.element});
      case PlaceKind::kSubnetOut:
        if (from.kind == PlaceKind::kNat) return natRewrite(NatGatewayId{from.element});
        if (from.kind == PlaceKind::kAppliance) return applianceSend(InterfaceId{from.element});
        if (from.kind == PlaceKind::kTgwEnter || from.kind == PlaceKind::kTgwPeer)
          return tgwExitMove(from, to_subnet);
        return false;
      case PlaceKind::kPeer:
        return exitMove(from_subnet, {RouteTargetKind::kPeering, to.element}) &&
               require(elementHop(HopKind::kPeering, to.element), sourceInside(), kNoEdgeToEdge);
      case PlaceKind::kGatewayOut: {
        if (!exitMove(from_subnet, {RouteTargetKind::kOther, to.element})) return false;
        if (!internetExit(to.element) || !sourceInside())
          return require(elementHop(HopKind::kGateway, to.element), sourceInside(), kNoEdgeToEdge);
        // An egress-only gateway lets out IPv6 from a global address to the
        // internet, and its replies back in.
        Cube out;
        out.set(Field::kSrcIp, ctx_.space().internet()).set(Field::kDstIp, ctx_.space().internet());
        return guard(elementHop(HopKind::kGateway, to.element), HeaderSet(out));
      }
      case PlaceKind::kGatewayIn:
        return require(elementHop(HopKind::kGateway, to.element), true, "");
      case PlaceKind::kAppliance:
        return applianceReceive(from_subnet, InterfaceId{to.element});
      case PlaceKind::kTgwEnter:
        return tgwEnter(from_subnet, to);
      case PlaceKind::kTgwPeer:
        return tgwPeerMove(from, TgwAttachmentId{to.element});
      case PlaceKind::kLbNode:
        return nodeAccepts(InterfaceId{to.element});
      case PlaceKind::kTgwExit: {
        auto [tgw, in] = tgwAt(from);
        return tgwRoute(tgw, in, TgwAttachmentId{to.element}) &&
               require(elementHop(HopKind::kTransitGateway, to.element), true, "");
      }
    }
    return false;
  }

  // From the internet into subnet `to`: to an interface with a public
  // address (a fan delivers from here to its targets with one only; the hop
  // names one of them) or an internet-facing load balancer's node.
  bool fromInternet(SubnetId to, int32_t igw) {
    const Station* station = nullptr;
    if (fan_) {
      auto [first, last] = fan_->inSubnet(to);
      for (uint32_t t = first; t < last; ++t)
        if (!station || (fan_->stations[t]->public_address && !station->public_address)) station = fan_->stations[t];
    } else if (dst_.kind == Station::Kind::kEndpoints && dst_.subnet == to) {
      station = &dst_;
    }
    state_.public_only = true;
    bool station_public = station && station->public_address;
    bool node_public = false;
    if (lbs_)
      for (InterfaceId node : ctx_.loadBalancerNodesIn(to))
        node_public = node_public || ctx_.reachableFromInternet(node);
    if (station_public || !node_public) {
      Hop hop;
      if (station) {
        hop = interfaceHop(HopKind::kPublicAddress, *station, {});
      } else {
        hop = elementHop(HopKind::kPublicAddress, -1);
        hop.iface = ctx_.loadBalancerNodesIn(to).front();
      }
      if (!ctx_.space().isV4() && station_public) {
        // IPv6: no translation; the packet is for a global address itself.
        if (!guard(hop, onField(Field::kDstIp, ctx_.space().internet()))) return false;
      } else if (!require(hop, station_public, notPublic())) {
        return false;
      }
    }
    return entryMove(to, {RouteTargetKind::kInternetGateway, igw});
  }

  const char* notPublic() const {
    return ctx_.space().isV4() ? "has no public IPv4 address" : "has no global IPv6 address";
  }

  // --- Load balancers (docs/aws-modeling.md, "Load balancers")

  static constexpr size_t kMaxLoadBalancers = 3;

  bool hasNodes(SubnetId subnet) const {
    return lbs_ && state_.balancers.size() < kMaxLoadBalancers && !ctx_.loadBalancerNodesIn(subnet).empty();
  }

  // Whether `node` forwards to `target`: targets in a zone without a node
  // receive nothing; without cross-zone balancing, only the node's zone.
  bool serves(const LoadBalancer& lb, InterfaceId node, const LbTarget& target) const {
    if (!target.iface.valid()) return true;
    SubnetId at = net_.at(target.iface).subnet;
    if (!lb.cross_zone) return sameZone(net_, net_.at(node).subnet, at);
    for (InterfaceId n : lb.nodes)
      if (sameZone(net_, net_.at(n).subnet, at)) return true;
    return false;
  }

  IntervalSet targetAddresses(const LbTarget& target) const {
    if (target.iface.valid()) return ctx_.interfaceAddresses(target.iface);
    if (target.ip)
      if (std::optional<uint64_t> code = ctx_.space().code(*target.ip)) return IntervalSet::point(*code);
    return {};
  }

  static IntervalSet portsOf(const PortRange& p) { return IntervalSet::range(p.from, p.to); }

  // What `node` sends to the targets of `group` (one cube per target):
  // their address and port; its own address and an ephemeral port unless
  // the group preserves client addresses.
  HeaderSet forwardImage(InterfaceId node, const LoadBalancer& lb, const TargetGroup& group) const {
    HeaderSet out;
    for (const LbTarget& t : group.targets) {
      if (!serves(lb, node, t)) continue;
      Cube c;
      c.set(Field::kDstIp, targetAddresses(t)).set(Field::kDstPort, portsOf(t.ports));
      if (!group.preserve_client_ip)
        c.set(Field::kSrcIp, ctx_.interfaceAddresses(node)).set(Field::kSrcPort, IntervalSet::range(1024, 65535));
      out.add(c);
    }
    return out;
  }

  // The headers that are for `members` (whose addresses are `addresses`):
  // after a load balancer, those it sent to them as its targets; on the
  // ports asked when `arriving` (the end of the path).
  HeaderSet deliverySet(const std::vector<InterfaceId>& members, const IntervalSet& addresses,
                        bool arriving) const {
    IntervalSet ports = arriving ? arrival_ports_ : IntervalSet::full(Field::kDstPort);
    HeaderSet out = deliveryToAddresses(members, addresses, ports);
    // A node as the destination: only what a listener accepts arrives.
    const Interface& first = net_.at(members.front());
    if (arriving && first.kind == EndpointKind::kLoadBalancer) out = out.intersect(listenerSet(first.load_balancer));
    return out;
  }

  // The protocols and ports the listeners of `lb` accept.
  HeaderSet listenerSet(LoadBalancerId lb) const {
    HeaderSet out;
    for (const LbListener& l : net_.at(lb).listeners) {
      IntervalSet protocols;
      if (l.protocols.tcp) protocols.add(kTcp, kTcp);
      if (l.protocols.udp) protocols.add(kUdp, kUdp);
      Cube c;
      c.set(Field::kProtocol, protocols).set(Field::kDstPort, portsOf(l.ports));
      out.add(c);
    }
    return out;
  }

  HeaderSet deliveryToAddresses(const std::vector<InterfaceId>& members, const IntervalSet& addresses,
                                const IntervalSet& ports) const {
    if (!state_.lb_group.valid()) {
      Cube c;
      c.set(Field::kDstIp, addresses).set(Field::kDstPort, ports);
      return HeaderSet(c);
    }
    const LoadBalancer& lb = net_.at(net_.at(state_.lb_node).load_balancer);
    HeaderSet out;
    for (const LbTarget& t : net_.at(state_.lb_group).targets) {
      if (!serves(lb, state_.lb_node, t)) continue;
      if (t.iface.valid() && std::find(members.begin(), members.end(), t.iface) == members.end()) continue;
      Cube c;
      c.set(Field::kDstIp, targetAddresses(t).intersect(addresses));
      c.set(Field::kDstPort, portsOf(t.ports).intersect(ports));
      out.add(c);
    }
    return out;
  }

  // The packet, in `node`'s subnet, is for the node: a listener's port
  // decides on (loadBalancerSends) after its ingress groups.
  bool nodeAccepts(InterfaceId node) {
    const Interface& iface = net_.at(node);
    // A path passes each load balancer once at most.
    if (std::find(state_.balancers.begin(), state_.balancers.end(), iface.load_balancer) != state_.balancers.end())
      return false;
    if (state_.public_only) {
      Hop hop = elementHop(HopKind::kPublicAddress, -1);
      hop.iface = node;
      if (!require(hop, ctx_.reachableFromInternet(node),
                   ctx_.space().isV4() ? "is an internal load balancer: no public IPv4 address"
                                       : "has no IPv6 address: IPv6 clients of a load balancer are not analysed"))
        return false;
      state_.public_only = false;
    }
    Hop to = elementHop(HopKind::kDelivery, -1);
    to.iface = node;
    if (!guard(to, deliverySet({node}, ctx_.interfaceAddresses(node), false))) return false;
    if (mayBeBoth(Field::kSrcIp, ctx_.interfaceAddresses(node))) state_.distinct.push_back(state_.version);
    Hop in;
    in.kind = HopKind::kSecurityGroupIngress;
    in.groups = iface.security_groups;
    in.peer = state_.sender.identity;
    in.iface = node;
    return guard(in, ctx_.groupSet(iface.security_groups, Direction::kIngress, in.peer));
  }

  // Whether some header of the set has `field` in `addresses` where the
  // other end's address is there too: two interfaces drawing on the same
  // free addresses, which the interval sets cannot keep apart.
  bool mayBeBoth(Field field, const IntervalSet& addresses) const {
    Field other = field == Field::kSrcIp ? Field::kDstIp : Field::kSrcIp;
    for (const Cube& c : state_.set.cubes())
      if (c[field].intersects(addresses) && c[other].intersects(addresses) && addresses.count() > 1) return true;
    return false;
  }

  // A sender reaches a node in its own subnet directly.
  void withinSubnetToNode(InterfaceId node) {
    if (state_.balancers.size() >= kMaxLoadBalancers) return;
    save();
    formula_.places.push_back("load balancer " + net_.at(node).name);
    if (nodeAccepts(node)) loadBalancerSends(node, true);
    restore();
  }

  // What `node` forwards: for each listener and target group, a new
  // connection from the node's subnet. `accepted`: a packet from a client
  // reached the node (the listener checks it, the node rewrites it); else
  // the node is the question's source and sends what it forwards.
  void loadBalancerSends(InterfaceId node, bool accepted) {
    const Interface& iface = net_.at(node);
    const LoadBalancer& lb = net_.at(iface.load_balancer);
    for (size_t l = 0; l < lb.listeners.size(); ++l)
      for (TargetGroupId g : lb.listeners[l].target_groups) {
        if (stop_) return;
        save();
        forward(node, lb, static_cast<int32_t>(l), g, accepted);
        restore();
      }
  }

  void forward(InterfaceId node, const LoadBalancer& lb, int32_t l, TargetGroupId g, bool accepted) {
    const Interface& iface = net_.at(node);
    const LbListener& listener = lb.listeners[l];
    const TargetGroup& group = net_.at(g);
    IntervalSet protocols;
    if (listener.protocols.tcp && group.protocols.tcp) protocols.add(kTcp, kTcp);
    if (listener.protocols.udp && group.protocols.udp) protocols.add(kUdp, kUdp);
    Hop hop = elementHop(HopKind::kListener, iface.load_balancer.value);
    hop.listener = l;
    hop.target_group = g;
    hop.iface = node;
    Hop sends = hop;
    sends.kind = HopKind::kLoadBalancer;
    HeaderSet image = forwardImage(node, lb, group);
    if (accepted) {
      Cube c;
      c.set(Field::kProtocol, protocols).set(Field::kDstPort, portsOf(listener.ports));
      if (!guard(hop, HeaderSet(c))) return;
      if (image.empty()) {
        require(sends, false, "has no target the node forwards to");
        return;
      }
      Rewrite rewrite;
      rewrite.version = state_.version + 1;
      rewrite.hop = formula_.hops.size();
      for (Field f : {Field::kDstIp, Field::kDstPort}) rewrite.fields[static_cast<int>(f)] = true;
      if (!group.preserve_client_ip) {
        for (Field f : {Field::kSrcIp, Field::kSrcPort}) rewrite.fields[static_cast<int>(f)] = true;
        rewrite.source_from_destination = true;
      }
      rewrite.image = std::move(image);
      sends.place = formula_.places.size() - 1;
      formula_.hops.push_back(sends);
      formula_.version_sets.push_back(state_.set);
      state_.set = applyRewrite(state_.set, rewrite);
      state_.version = rewrite.version;
      formula_.rewrites.push_back(std::move(rewrite));
      formula_.versions = state_.version + 1;
      if (state_.set.empty()) return;
      if (!group.preserve_client_ip && mayBeBoth(Field::kDstIp, ctx_.interfaceAddresses(node)))
        state_.distinct.push_back(state_.version);
      // Keeping the client's address, the node's own address is the previous
      // destination; a target that may have the same free address differs.
      const IntervalSet& own = ctx_.interfaceAddresses(node);
      if (group.preserve_client_ip &&
          std::any_of(state_.set.cubes().begin(), state_.set.cubes().end(),
                      [&](const Cube& cube) { return cube[Field::kDstIp].intersects(own); }))
        state_.distinct_forwards.push_back(state_.version);
    } else {
      Cube c;
      c.set(Field::kProtocol, protocols);
      if (!guard(sends, image.intersect(HeaderSet(c)))) return;
    }
    state_.sender = {{iface.security_groups}, ctx_.reachableFromInternet(node), node, -1};
    state_.reply_via = {RouteTargetKind::kLocal, -1};
    state_.leg.reset();
    state_.public_only = false;
    state_.lb_group = g;
    state_.lb_node = node;
    state_.balancers.push_back(iface.load_balancer);
    state_.reply_by_node = group.preserve_client_ip;
    Hop out;
    out.kind = HopKind::kSecurityGroupEgress;
    out.groups = iface.security_groups;
    out.peer = dst_identity_;
    out.iface = node;
    if (!guard(out, ctx_.groupSet(iface.security_groups, Direction::kEgress, out.peer))) return;
    sendFrom(iface.subnet, node);
  }

  static constexpr const char* kNoEdgeToEdge =
      "carries only packets from its own VPC (no edge-to-edge routing); this one came through a "
      "transit gateway";

  // The packet's source is an address of the VPC it is in (it did not come
  // through a transit gateway).
  bool sourceInside() const { return state_.reply_via.kind == RouteTargetKind::kLocal; }

  // The packet just left a transit gateway into subnet `subnet`.
  bool leftTransitGatewayAt(SubnetId subnet) const {
    return state_.leg && state_.leg->left.valid() && state_.leg->left == subnet;
  }

  // The transit gateway a packet at `p` is in, and the attachment it came by.
  std::pair<TransitGatewayId, TgwAttachmentId> tgwAt(const Place& p) const {
    if (p.kind == PlaceKind::kTgwEnter) return {p.transit, topo_.tgwPort(p.element).attachment};
    return {p.transit, TgwAttachmentId{p.element}};
  }

  // Subnet `from` routes the packet to the transit gateway, which it enters
  // through the attachment's interface in `to`'s subnet.
  bool tgwEnter(SubnetId from, const Place& to) {
    const TgwPort& port = topo_.tgwPort(to.element);
    if (!aclHop(from, Direction::kEgress, false) ||
        !routeHop(from, {RouteTargetKind::kTransitGateway, to.transit.value}, false) ||
        !aclHop(port.subnet, Direction::kIngress, false))
      return false;
    TgwLeg leg;
    leg.entry = port.attachment;
    leg.sender = from;
    leg.entered = port.subnet;
    leg.prior_reply = state_.reply_via;
    state_.leg = leg;
    return require(elementHop(HopKind::kTransitGateway, port.attachment.value), carries(port.attachment),
                   kNoIpv6Support);
  }

  // A VPC attachment carries IPv6 only with IPv6 support enabled.
  static constexpr const char* kNoIpv6Support = "does not carry IPv6: its IPv6 support is not enabled";
  bool carries(TgwAttachmentId attachment) const {
    const TgwAttachment& a = net_.at(attachment);
    return ctx_.space().isV4() || a.kind != TgwAttachmentKind::kVpc || a.ipv6_support;
  }

  // Transit gateway `tgw` routes the packet, which came by attachment `in`,
  // to attachment `out` (its route table for `in`); the reply back (its
  // route table for `out`) is checked where the leg ends (tgwReplyRoute).
  bool tgwRoute(TransitGatewayId tgw, TgwAttachmentId in, TgwAttachmentId out) {
    TgwRouteTableId table = routeTableOn(net_.at(in), tgw);
    if (!table.valid())
      return require(elementHop(HopKind::kTransitGateway, in.value), false,
                     "is associated with no route table on transit gateway " + net_.at(tgw).name);
    Hop hop = elementHop(HopKind::kTgwRoute, table.value);
    hop.target = {RouteTargetKind::kTransitGatewayAttachment, out.value};
    if (!guard(hop, onField(Field::kDstIp, ctx_.tgwRoutes(table).destinationsFor(hop.target))))
      return false;
    if (state_.leg) state_.leg->crossed.push_back({tgw.value, in.value, out.value});
    return true;
  }

  // The reply through transit gateway `tgw`, back from attachment `out` to
  // `in`: the route table `out` is associated with must route it to `in`.
  bool tgwReplyRoute(TransitGatewayId tgw, TgwAttachmentId in, TgwAttachmentId out) {
    TgwRouteTableId back = routeTableOn(net_.at(out), tgw);
    Hop reply = elementHop(HopKind::kTgwRoute, back.value);
    reply.reply = true;
    reply.target = {RouteTargetKind::kTransitGatewayAttachment, in.value};
    IntervalSet dests = back.valid() ? ctx_.tgwRoutes(back).destinationsFor(reply.target) : IntervalSet();
    return guard(reply, tcpReplyGuard(onField(Field::kDstIp, dests)));
  }

  // On to the transit gateway at the other side of peering attachment `c`.
  bool tgwPeerMove(const Place& from, TgwAttachmentId c) {
    auto [tgw, in] = tgwAt(from);
    if (!tgwRoute(tgw, in, c) ||
        !require(elementHop(HopKind::kTransitGateway, c.value), net_.at(c).active, "is not accepted"))
      return false;
    if (state_.leg) state_.leg->peered = true;
    return true;
  }

  // Out of the transit gateway into the VPC of the attachment that has an
  // interface in `subnet`, through that interface.
  bool tgwExitMove(const Place& from, SubnetId subnet) {
    auto [tgw, in] = tgwAt(from);
    TgwAttachmentId out = attachmentIn(net_, tgw, subnet);
    if (!tgwRoute(tgw, in, out)) return false;
    if (state_.leg) {
      state_.leg->exit = out;
      state_.leg->left = subnet;
      state_.leg->delivering = tgw;
    }
    // A transit gateway carries no security group and no public address.
    state_.sender = {};
    state_.reply_via = {RouteTargetKind::kTransitGateway, tgw.value};
    return require(elementHop(HopKind::kTransitGateway, out.value), carries(out), kNoIpv6Support);
  }

  // The packet, out of a transit gateway through the interface in subnet `x`,
  // reaches subnet `at` of that VPC, where it ends (delivered) or is handled
  // (a NAT gateway, an appliance): forward it is routed by `x`'s table
  // (towards `fwd`); no network ACL applies within one subnet. The reply
  // leaves `at` by its outbound ACL, is routed to the transit gateway,
  // enters by the attachment's interface in `at`'s zone (inbound ACL; none
  // there: lost), and leaves towards the requester by the interface
  // replyExit() picks, whose outbound ACL applies, then the requester's
  // subnet's inbound ACL (unless the interface is in that subnet).
  bool tgwLegEnd(SubnetId x, SubnetId at, RouteTargetKey fwd, const IntervalSet* within) {
    TgwLeg leg = *state_.leg;
    state_.leg.reset();
    if (x != at && !aclHop(x, Direction::kEgress, false)) return false;
    if (!routeHop(x, fwd, false, within)) return false;
    if (x != at && !aclHop(at, Direction::kIngress, false)) return false;
    if (!aclHop(at, Direction::kEgress, true) || !replyRouteLocal(at)) return false;
    std::optional<SubnetId> back = replyEntry(net_, net_.at(leg.exit), at, leg.left);
    if (!back) {
      Hop zone = elementHop(HopKind::kTransitGateway, leg.exit.value);
      zone.subnet = at;
      zone.reply = true;
      return guard(zone, nonTcp());
    }
    if (!aclHop(*back, Direction::kIngress, true)) return false;
    for (auto c = leg.crossed.rbegin(); c != leg.crossed.rend(); ++c)
      if (!tgwReplyRoute(TransitGatewayId{(*c)[0]}, TgwAttachmentId{(*c)[1]}, TgwAttachmentId{(*c)[2]}))
        return false;
    SubnetId out = replyExit(net_, net_.at(leg.entry), at, leg.entered, leg.peered);
    if (out == leg.sender) return true;
    return aclHop(out, Direction::kEgress, true) && replyRouteLocal(out, leg.prior_reply) &&
           aclHop(leg.sender, Direction::kIngress, true);
  }

  static HeaderSet nonTcp() {
    return onField(Field::kProtocol, IntervalSet::point(kTcp).complement(fieldMax(Field::kProtocol)));
  }

  bool natMove(SubnetId from, NatGatewayId nat) {
    SubnetId at = net_.at(nat).subnet;
    RouteTargetKey target{RouteTargetKind::kNatGateway, nat.value};
    // Not analysed: the analyzer reports no IPv6 proof while routes send
    // IPv6 to a NAT gateway.
    if (!ctx_.space().isV4())
      return routeHop(from, target, false) &&
             require(elementHop(HopKind::kNatGateway, nat.value), false,
                     "translates IPv6 to IPv4 (NAT64), which segproof does not analyse");
    if (leftTransitGatewayAt(from)) return tgwLegEnd(from, at, target, nullptr);
    if (from == at) return routeHop(from, target, false);
    return aclHop(from, Direction::kEgress, false) && routeHop(from, target, false) &&
           aclHop(at, Direction::kIngress, false) && aclHop(at, Direction::kEgress, true) &&
           replyRouteLocal(at) && aclHop(from, Direction::kIngress, true);
  }

  bool natRewrite(NatGatewayId nat) {
    const NatGateway& gateway = net_.at(nat);
    // NAT gateways use source ports 1024-65535 (AWS NAT gateway documentation).
    Rewrite rewrite = Rewrite::sourceNat(ctx_.natAddresses(nat), IntervalSet::range(1024, 65535));
    rewrite.version = state_.version + 1;
    rewrite.hop = formula_.hops.size();
    formula_.hops.push_back(elementHop(HopKind::kNatGateway, nat.value));
    formula_.version_sets.push_back(state_.set);
    state_.set = applyRewrite(state_.set, rewrite);
    state_.version = rewrite.version;
    formula_.rewrites.push_back(std::move(rewrite));
    formula_.versions = state_.version + 1;
    state_.sender = {{}, gateway.is_public, {}, nat.value};
    state_.reply_via = {RouteTargetKind::kLocal, -1};
    state_.leg.reset();
    state_.reply_by_node = false;
    return !state_.set.empty();
  }

  bool applianceReceive(SubnetId from, InterfaceId appliance) {
    const Interface& iface = net_.at(appliance);
    RouteTargetKey target{RouteTargetKind::kNetworkInterface, appliance.value};
    bool ok = leftTransitGatewayAt(from) ? tgwLegEnd(from, iface.subnet, target, nullptr)
              : from == iface.subnet
                  ? routeHop(from, target, false)
                  : aclHop(from, Direction::kEgress, false) && routeHop(from, target, false) &&
                        aclHop(iface.subnet, Direction::kIngress, false) &&
                        aclHop(iface.subnet, Direction::kEgress, true) &&
                        replyRouteLocal(iface.subnet) &&
                        aclHop(from, Direction::kIngress, true);
    if (!ok) return false;
    Hop hop = elementHop(HopKind::kAppliance, appliance.value);
    hop.iface = appliance;
    if (!require(hop, !iface.source_dest_check,
                 "source/destination check is enabled, so it drops packets not addressed to it"))
      return false;
    Hop in;
    in.kind = HopKind::kSecurityGroupIngress;
    in.groups = iface.security_groups;
    in.peer = state_.sender.identity;
    in.iface = appliance;
    return guard(in, ctx_.groupSet(iface.security_groups, Direction::kIngress, in.peer));
  }

  bool applianceSend(InterfaceId appliance) {
    const Interface& iface = net_.at(appliance);
    Hop out;
    out.kind = HopKind::kSecurityGroupEgress;
    out.groups = iface.security_groups;
    out.peer = dst_identity_;
    out.iface = appliance;
    return guard(out, ctx_.groupSet(iface.security_groups, Direction::kEgress, out.peer));
  }

  // A fan's targets in `subnet` that the walk delivers to: not the source's
  // own subnet, whose targets are served without a route.
  // Whether the fan has targets in `subnet` that the walk may still reach:
  // those in the source's own subnet were served without a route (sendFrom),
  // unless a load balancer has since sent the packet to new destinations.
  bool fanTargetsIn(int32_t subnet) const {
    if (src_.kind == Station::Kind::kEndpoints && subnet == src_.subnet.value && state_.balancers.empty())
      return false;
    auto [first, last] = fan_->inSubnet(SubnetId{subnet});
    return first < last;
  }

  bool isTarget(PlaceVertex v) const {
    const Place& p = topo_.place(v);
    if (p.kind == PlaceKind::kLbNode) return true;
    if (fan_) {
      if (p.kind == PlaceKind::kSubnetIn) return fanTargetsIn(p.element);
      return p.kind == PlaceKind::kTgwExit || (p.kind == PlaceKind::kGatewayOut && isOpaque(p.element));
    }
    switch (dst_.kind) {
      case Station::Kind::kEndpoints:
        if (p.kind == PlaceKind::kSubnetIn && p.element == dst_.subnet.value) return true;
        break;
      case Station::Kind::kInternet:
        if (p.kind == PlaceKind::kInternet && v != start_) return true;
        if (p.kind == PlaceKind::kGatewayOut && internetExit(p.element)) return true;
        break;
      case Station::Kind::kExternal:
        if (p.kind == PlaceKind::kGatewayOut && p.element == dst_.gateway.value) return true;
        break;
    }
    return p.kind == PlaceKind::kTgwExit || (p.kind == PlaceKind::kGatewayOut && isOpaque(p.element));
  }

  // Gateways the engine does not look beyond. Not an egress-only internet
  // gateway: a way out to the internet for IPv6 (internetExit), and none for
  // IPv4, which AWS does not route to one.
  bool isOpaque(int32_t gateway) const {
    RouteTargetKind kind = net_.gateways[gateway].kind;
    return kind != RouteTargetKind::kVpnGateway && kind != RouteTargetKind::kEgressOnlyInternetGateway;
  }

  bool internetExit(int32_t gateway) const {
    return !ctx_.space().isV4() && net_.gateways[gateway].kind == RouteTargetKind::kEgressOnlyInternetGateway;
  }

  // Topological pruning: dead ends that cannot lead to the destination.
  bool worthEntering(const Place& p) const {
    switch (p.kind) {
      case PlaceKind::kSubnetIn:
        if (hasNodes(SubnetId{p.element})) return true;
        if (fan_) return fanTargetsIn(p.element);
        return dst_.kind == Station::Kind::kEndpoints && p.element == dst_.subnet.value;
      case PlaceKind::kLbNode:
        return state_.balancers.size() < kMaxLoadBalancers;
      case PlaceKind::kInternet:
        return dst_.kind == Station::Kind::kInternet;
      case PlaceKind::kGatewayOut:
        return isOpaque(p.element) ||
               (dst_.kind == Station::Kind::kExternal && p.element == dst_.gateway.value) ||
               (dst_.kind == Station::Kind::kInternet && internetExit(p.element));
      default:
        return true;
    }
  }

  bool enter(const std::vector<PlaceVertex>& path) {
    if (stop_) return false;
    const Place& to = topo_.place(path.back());
    if (!worthEntering(to)) return false;
    save();
    formula_.places.push_back(topo_.describe(path.back()));
    if (move(topo_.place(path[path.size() - 2]), to)) return true;
    restore();
    return false;
  }

  // Saves the state and the formula's length; restore() returns to them.
  void save() {
    saved_.push_back(state_);
    saved_.back().hops = formula_.hops.size();
    saved_.back().guards = formula_.guards.size();
    saved_.back().rewrites = formula_.rewrites.size();
    saved_.back().places = formula_.places.size();
  }

  void restore() {
    State s = std::move(saved_.back());
    saved_.pop_back();
    formula_.hops.resize(s.hops);
    formula_.guards.resize(s.guards);
    formula_.rewrites.resize(s.rewrites);
    formula_.version_sets.resize(s.rewrites);
    formula_.places.resize(s.places);
    formula_.versions = static_cast<int>(formula_.rewrites.size()) + 1;
    state_ = std::move(s);
  }

  void visitTarget(PlaceVertex end) {
    const Place& p = topo_.place(end);
    if (p.kind == PlaceKind::kLbNode) {
      loadBalancerSends(InterfaceId{p.element}, true);
      return;
    }
    if (fan_) {
      if (p.kind == PlaceKind::kGatewayOut || p.kind == PlaceKind::kTgwExit) markOpaque();
      else arriveFan(SubnetId{p.element});
      return;
    }
    bool wanted_gateway = dst_.kind == Station::Kind::kExternal && p.element == dst_.gateway.value;
    bool opaque = p.kind == PlaceKind::kTgwExit ||
                  (p.kind == PlaceKind::kGatewayOut && isOpaque(p.element) && !wanted_gateway);
    if (!opaque && dst_.kind == Station::Kind::kEndpoints) {
      arrive();
      return;
    }
    // Out of the model, to the internet or to an on-premises zone: on the
    // ports asked.
    save();
    if (arrivalPorts()) {
      formula_.opaque_end = opaque;
      record();
      formula_.opaque_end = false;
    }
    restore();
  }

  // With load balancers the walk carries their addresses and listener ports
  // too: a packet that arrives must be for the destination, on the ports
  // asked.
  bool arrivalPorts() {
    if (!lbs_) return true;
    Cube c;
    c.set(Field::kDstIp, dst_.addresses).set(Field::kDstPort, arrival_ports_);
    return guard(elementHop(HopKind::kDelivery, -1), HeaderSet(c));
  }

  // Delivery to the destination interfaces: their groups' ingress rules.
  void arrive() {
    State saved = state_;
    size_t hops = formula_.hops.size(), guards = formula_.guards.size();
    Hop hop = interfaceHop(HopKind::kSecurityGroupIngress, dst_, state_.sender.identity);
    formula_.places.push_back(dst_.label);
    bool delivered = true;
    if (lbs_) {
      // The walk carried load balancers' addresses and listener ports too.
      if (state_.public_only && !dst_.public_address)
        delivered = require(interfaceHop(HopKind::kPublicAddress, dst_, {}), false, notPublic());
      delivered = delivered && guard(interfaceHop(HopKind::kDelivery, dst_, {}),
                                     deliverySet(dst_.members, dst_.addresses, true));
    }
    if (delivered && guard(hop, ctx_.groupSet(dst_.groups, Direction::kIngress, state_.sender.identity)))
      record();
    formula_.places.pop_back();
    formula_.hops.resize(hops);
    formula_.guards.resize(guards);
    state_ = std::move(saved);
  }

  // A fan's delivery to its targets in `subnet`: the header set cut to each
  // target's addresses, then that target's groups' ingress rules.
  void arriveFan(SubnetId subnet) {
    auto [first, last] = fan_->inSubnet(subnet);
    if (first == last) return;
    State saved = state_;
    for (uint32_t t = first; t < last; ++t) {
      const Station& target = *fan_->stations[t];
      if (saved.public_only && !target.public_address) continue;
      HeaderSet reached;
      if (lbs_) {
        reached = saved.set.intersect(deliverySet(target.members, target.addresses, true));
      } else {
        Cube cut;
        cut.set(Field::kDstIp, target.addresses);
        reached = saved.set.intersect(cut);
      }
      if (reached.empty()) continue;
      // The ingress guard, as guard() would add it; the hop and the place
      // are only written down for a block that would be kept.
      const HeaderSet& ingress = ctx_.groupSet(target.groups, Direction::kIngress, saved.sender.identity);
      HeaderSet next = reached.intersect(ingress);
      bool exact = saved.exact;
      if (next.limit(ctx_.options().max_cubes)) exact = false;
      if (next.empty()) {
        formula_.places.push_back(target.label);
        formula_.hops.push_back(interfaceHop(HopKind::kSecurityGroupIngress, target, saved.sender.identity));
        formula_.hops.back().place = formula_.places.size() - 1;
        target_ = t;
        state_.set = std::move(reached);
        block(formula_.hops.back(), "");
        formula_.hops.pop_back();
        formula_.places.pop_back();
        continue;
      }
      ++result_.paths_explored;
      bool distinct = mayShareAddress(src_, target) || !saved.distinct.empty() ||
                      !saved.distinct_forwards.empty();
      hits_.push_back({t, exact && !distinct, !exact || distinct, false});
      if (collect_travelled_) collectTravelled(next, exact, distinct);
    }
    target_.reset();
    state_ = std::move(saved);
  }

  // What the set lets travel, on protocol and destination port (the segment
  // matrix). Between ends that may be one interface, the cubes whose only
  // packets go from an address to itself are left out: every other cube
  // holds a packet between two addresses.
  void collectTravelled(const HeaderSet& set, bool exact, bool distinct) {
    travelled_exact_ = travelled_exact_ && exact;
    for (const Cube& cube : set.cubes()) {
      const IntervalSet& src = cube[Field::kSrcIp];
      if (distinct && src.count() == 1 && src == cube[Field::kDstIp]) continue;
      Cube service;
      service.set(Field::kProtocol, cube[Field::kProtocol]);
      service.set(Field::kDstPort, cube[Field::kDstPort]);
      travelled_.add(service);
    }
    if (travelled_.cubes().size() > 64) travelled_.simplify();
  }

  // A path of a fan leaves the model: every target the set still reaches
  // may be behind it.
  void markOpaque() {
    ++result_.paths_explored;
    HeaderSet set = state_.set;
    if (lbs_) set = set.intersect(onField(Field::kDstPort, arrival_ports_));
    travelled_exact_ = false;
    IntervalSet reached;
    for (const Cube& cube : set.cubes()) reached = reached.unite(cube[Field::kDstIp]);
    for (uint32_t t = 0; t < fan_->stations.size(); ++t)
      if (fan_->stations[t]->addresses.intersects(reached)) hits_.push_back({t, false, false, true});
  }

  // The lowest address of a target that some header of `set` is for.
  std::optional<uint64_t> firstTargetAddress(const HeaderSet& set) const {
    std::span<const Interval> targets = fan_->addresses.intervals();
    std::optional<uint64_t> best;
    for (const Cube& cube : set.cubes())
      for (const Interval& iv : cube[Field::kDstIp].intervals()) {
        auto t = std::lower_bound(targets.begin(), targets.end(), iv.lo,
                                  [](const Interval& x, uint64_t v) { return x.hi < v; });
        if (t == targets.end() || t->lo > iv.hi) continue;
        uint64_t a = std::max(iv.lo, t->lo);
        if (!best || a < *best) best = a;
        break;  // the cube's later intervals are higher
      }
    return best;
  }

  // The first target (in subnet order) that may have `address`.
  // REQUIRES: some target may.
  uint32_t targetOwning(uint64_t address) const {
    auto block = std::upper_bound(fan_->blocks.begin(), fan_->blocks.end(), address,
                                  [](uint64_t v, const auto& b) { return v < b.first.lo; });
    if (block != fan_->blocks.begin()) {
      auto [first, last] = fan_->inSubnet(std::prev(block)->second);
      for (uint32_t t = first; t < last; ++t)
        if (fan_->stations[t]->addresses.contains(address)) return t;
    }
    for (uint32_t t = 0; t < fan_->stations.size(); ++t)  // not reached: addresses lie in their subnets
      if (fan_->stations[t]->addresses.contains(address)) return t;
    return 0;
  }

  void record() {
    ++result_.paths_explored;
    PathFormula f = formula_;
    f.set_exact = state_.exact;
    f.distinct_versions = state_.distinct;
    f.distinct_forwards = state_.distinct_forwards;
    f.interval_exact = state_.exact && !formula_.distinct_endpoints && state_.distinct.empty() &&
                       state_.distinct_forwards.empty();
    f.final_set = state_.set;
    // An exact path settles the pair; past the budget the rest is unknown.
    if (f.interval_exact && !f.opaque_end) stop_ = true;
    result_.candidates.push_back(std::move(f));
    if (result_.candidates.size() >= kMaxCandidates && !stop_) {
      result_.truncated = true;
      stop_ = true;
    }
  }

  // Whether a block at the current hop would be deeper than the closest
  // one kept.
  bool deeperThanClosest() const {
    return !result_.closest || result_.closest->passed.size() + 1 < formula_.hops.size();
  }

  // Whether some header of `set` is for an address of a fan's target.
  bool reachesTargets(const HeaderSet& set) const {
    for (const Cube& cube : set.cubes())
      if (cube[Field::kDstIp].intersects(lbs_ ? reach_ : fan_->addresses)) return true;
    return false;
  }

  void block(const Hop& hop, const std::string& reason) {
    ++result_.paths_explored;
    if (!deeperThanClosest()) return;
    HeaderSet reached = state_.set;
    size_t target = target_.value_or(0);
    if (fan_ && !target_) {
      // Only headers for a target count: a block of the others' is none.
      // The block is told for the target of the lowest such address.
      std::optional<uint64_t> address = firstTargetAddress(state_.set);
      if (!address) return;
      target = targetOwning(*address);
      Cube to_target;
      to_target.set(Field::kDstIp, fan_->stations[target]->addresses);
      reached = reached.intersect(to_target);
      if (reached.empty()) return;
    }
    BlockedPath b;
    b.target = target;
    // The last place is the one the packet was about to enter.
    b.places.assign(formula_.places.begin(), formula_.places.end() - (formula_.places.empty() ? 0 : 1));
    b.passed.assign(formula_.hops.begin(), formula_.hops.end() - 1);
    b.hop = hop;
    b.reason = reason;
    if (!reached.empty()) {
      // With load balancers the walk carries their listener ports too;
      // the packet told is one of the ports asked when one got here.
      if (lbs_) {
        HeaderSet asked = reached.intersect(onField(Field::kDstPort, arrival_ports_));
        if (!asked.empty()) reached = std::move(asked);
      }
      Packet p = readableSample(reached, ctx_.space());
      b.sample = hop.reply ? swapped(p) : p;
    }
    result_.closest = std::move(b);
  }

  const EncodingContext& ctx_;
  const Network& net_;
  const Topology& topo_;
  const Station& src_;
  const Station& dst_;
  PeerIdentity dst_identity_;
  PathFormula formula_;
  State state_;
  std::vector<State> saved_;
  PathSearchResult result_;
  PlaceVertex start_{};
  // searchFan
  const FanTargets* fan_ = nullptr;
  bool collect_travelled_ = false;
  std::optional<uint32_t> target_;  // the target arriveFan is delivering to
  // Load balancers: the flow's parts, the arrival ports of the one walked,
  // whether the source is a node, and (a fan) the targets' and nodes'
  // addresses.
  bool lbs_ = false;
  bool lb_source_ = false;
  bool stop_ = false;  // searchPaths: the walk is over (PathSearchResult)
  std::vector<FlowPart> parts_;
  IntervalSet arrival_ports_ = IntervalSet::full(Field::kDstPort);
  IntervalSet reach_;
  std::vector<FanHit> hits_;
  HeaderSet travelled_;
  bool travelled_exact_ = true;
};

}  // namespace

PathSearchResult searchPaths(const EncodingContext& context, const Station& source,
                             const Station& destination, const HeaderSet& flow) {
  PathBuilder builder(context, source, destination, flow);
  return builder.run();
}

std::vector<FanTargets> fanTargets(const EncodingContext& context,
                                   const std::vector<const Station*>& destinations,
                                   const std::vector<size_t>& positions) {
  // What a walk asks of a destination: its groups that some egress rule
  // names. (Whether it has a public address the walk checks per target.)
  using Key = std::vector<SecurityGroupId>;
  std::map<Key, size_t> index;
  std::vector<FanTargets> out;
  std::vector<std::vector<std::pair<const Station*, size_t>>> members;
  for (size_t i = 0; i < destinations.size(); ++i) {
    const Station* d = destinations[i];
    Key key;
    for (SecurityGroupId g : d->groups)
      if (context.egressReferenced(g)) key.push_back(g);
    std::sort(key.begin(), key.end());
    auto [it, added] = index.emplace(std::move(key), out.size());
    if (added) {
      out.emplace_back();
      members.emplace_back();
    }
    members[it->second].emplace_back(d, positions[i]);
  }
  size_t subnets = context.network().subnets.size();
  for (size_t f = 0; f < out.size(); ++f) {
    std::vector<std::pair<const Station*, size_t>>& list = members[f];
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.first->subnet.value < b.first->subnet.value;
    });
    FanTargets& fan = out[f];
    fan.by_subnet.assign(subnets, {0, 0});
    std::vector<Interval> parts, region;
    for (uint32_t k = 0; k < list.size(); ++k) {
      auto [station, position] = list[k];
      fan.stations.push_back(station);
      fan.positions.push_back(position);
      auto& range = fan.by_subnet[station->subnet.value];
      if (range.first == range.second) {
        range.first = k;
        IntervalSet block = context.subnetBlock(station->subnet);
        if (!block.empty()) {
          region.insert(region.end(), block.intervals().begin(), block.intervals().end());
          fan.blocks.emplace_back(block.intervals().front(), station->subnet);
        }
      }
      range.second = k + 1;
      for (const Interval& iv : station->addresses.intervals()) parts.push_back(iv);
    }
    std::sort(fan.blocks.begin(), fan.blocks.end(),
              [](const auto& a, const auto& b) { return a.first.lo < b.first.lo; });
    fan.addresses = IntervalSet::fromIntervals(std::move(parts));
    // A station's addresses lie in its subnet's block (one interval). Blocks
    // scattered over many VPCs make many intervals, which every hop before
    // the first route would intersect: past a few, their hull serves (the
    // walk only needs a superset; the cut on arrival is exact).
    fan.region = IntervalSet::fromIntervals(std::move(region)).unite(fan.addresses);
    constexpr size_t kMaxRegionIntervals = 16;
    if (fan.region.intervals().size() > kMaxRegionIntervals)
      fan.region = IntervalSet::range(fan.region.min(), fan.region.max());
  }
  return out;
}

FanSearchResult searchFan(const EncodingContext& context, const Station& source,
                          const FanTargets& targets, const HeaderSet& flow,
                          bool collect_travelled) {
  PathBuilder builder(context, source, *targets.stations.front(), flow, &targets,
                      collect_travelled);
  return builder.runFan();
}

}  // namespace segproof
