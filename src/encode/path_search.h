// Path search: candidate paths between two stations, with their formulas.
//
// Walks the topology from the source's place to the destination's place and
// builds each path's PathFormula hop by hop, intersecting the header set as it
// goes. A move whose guards leave no header is pruned at once (the interval
// check: microseconds, no solver). Complete paths with headers left are the
// candidates the solver decides; for the pruned ones the deepest block is kept
// as the explanation of an unreachable answer.
#ifndef SEGPROOF_ENCODE_PATH_SEARCH_H_
#define SEGPROOF_ENCODE_PATH_SEARCH_H_

#include <array>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "encode/path_formula.h"
#include "encode/rule_sets.h"
#include "graph/topology.h"
#include "segproof/model/network.h"

namespace segproof {

// One end of a question: interfaces that behave alike (same subnet, groups
// and public address), the internet, or the zone behind a VPN gateway; with
// the addresses it may use.
struct Station {
  enum class Kind : uint8_t { kEndpoints, kInternet, kExternal };
  Kind kind = Kind::kEndpoints;
  std::vector<InterfaceId> members;      // kEndpoints
  SubnetId subnet;                       // kEndpoints
  std::vector<SecurityGroupId> groups;   // kEndpoints
  // kEndpoints: the internet may reach the members (a public IPv4; in the
  // IPv6 pass, a global unicast IPv6 address)
  bool public_address = false;
  GatewayId gateway;                     // kExternal
  IntervalSet addresses;                 // private addresses / internet / zone addresses (codes)
  std::string label;                     // for output
};

struct EncodingOptions {
  uint16_t ephemeral_from = 1024;  // initiator source ports
  uint16_t ephemeral_to = 65535;
  size_t max_cubes = 512;          // interval-check budget per path
  // When false, guards never prune: every topological path goes to the solver
  // (the cross-check and benchmark mode, --no-interval-pruning).
  bool interval_pruning = true;
};

// Everything compiled once per network and address family, and shared
// read-only by all workers. Addresses are codes of `space` (address_space.h).
class EncodingContext {
 public:
  EncodingContext(const Network& network, const Topology& topology, EncodingOptions options = {},
                  AddressSpace space = AddressSpace::ipv4());

  const Network& network() const { return network_; }
  const AddressSpace& space() const { return space_; }
  // The addresses of `iface` of the space's family, as the model lists them.
  const std::vector<PrivateAddress>& addressList(InterfaceId iface) const;
  // The codes of a subnet's block of the space's family (empty: none).
  IntervalSet subnetBlock(SubnetId subnet) const;
  // Whether the internet may reach `iface`: a public IPv4, or in the IPv6
  // pass a global unicast address.
  bool reachableFromInternet(InterfaceId iface) const;
  const Topology& topology() const { return topology_; }
  const EncodingOptions& options() const { return options_; }
  const RouteLookup& routes(RouteTableId table) const { return routes_[table.value]; }
  const RouteLookup& routesOf(SubnetId subnet) const;
  const RouteLookup& tgwRoutes(TgwRouteTableId table) const { return tgw_routes_[table.value]; }
  const CompiledAcl& acl(NetworkAclId acl, Direction direction) const;
  const CompiledAcl& aclOf(SubnetId subnet, Direction direction) const;
  // Addresses an interface may have: its fixed ones, or the free usable
  // addresses of its subnet.
  const IntervalSet& interfaceAddresses(InterfaceId iface) const { return iface_addresses_[iface.value]; }
  const IntervalSet& natAddresses(NatGatewayId nat) const { return nat_addresses_[nat.value]; }
  // Addresses of the on-premises zone behind a VPN gateway: everything
  // outside the CIDRs (of the space's family) of the VPC it is attached to.
  IntervalSet zoneAddresses(GatewayId gateway) const;
  IntervalSet ephemeralPorts() const;
  // Whether some security group's egress rule names `group` as its peer:
  // only such groups of a destination can change what a sender's egress
  // rules admit towards it.
  bool egressReferenced(SecurityGroupId group) const { return egress_referenced_[group.value]; }
  // securityGroupSet, computed once per (groups, direction, the peer's
  // groups that rules of that direction name) and kept: thread-safe, and
  // the reference stays valid as long as the context.
  // No groups (a network load balancer's node without any): everything.
  const HeaderSet& groupSet(const std::vector<SecurityGroupId>& groups, Direction direction,
                            const PeerIdentity& peer) const;

  // Load balancers (docs/aws-modeling.md, "Load balancers").
  bool hasLoadBalancers() const { return !network_.load_balancers.empty(); }
  // The nodes in `subnet`.
  const std::vector<InterfaceId>& loadBalancerNodesIn(SubnetId subnet) const {
    return lb_nodes_[subnet.value];
  }
  // Addresses of every node, and the ports of every listener.
  const IntervalSet& loadBalancerAddresses() const { return lb_addresses_; }
  const IntervalSet& listenerPorts() const { return listener_ports_; }

 private:
  const Network& network_;
  const Topology& topology_;
  EncodingOptions options_;
  AddressSpace space_;
  std::vector<RouteLookup> routes_, tgw_routes_;
  std::vector<CompiledAcl> acl_in_, acl_out_;
  std::vector<IntervalSet> iface_addresses_, nat_addresses_;
  std::vector<bool> egress_referenced_, ingress_referenced_;
  std::vector<std::vector<InterfaceId>> lb_nodes_;
  IntervalSet lb_addresses_, listener_ports_;
  HeaderSet all_;
  struct KeyHash {
    size_t operator()(const std::vector<int32_t>& key) const;
  };
  // groupSet's memo, in shards with a lock each (a standard lock, which
  // ThreadSanitizer sees, unlike the inside of libtbb).
  struct GroupSetShard {
    std::shared_mutex mutex;
    std::unordered_map<std::vector<int32_t>, std::unique_ptr<HeaderSet>, KeyHash> sets;
  };
  static constexpr size_t kGroupSetShards = 16;
  mutable std::array<GroupSetShard, kGroupSetShards> group_sets_;
};

struct BlockedPath {
  std::vector<std::string> places;  // places passed before the block
  std::vector<Hop> passed;          // hops passed
  Hop hop;                          // the hop that let no header through
  std::optional<Packet> sample;     // a header that reached the hop (its reply for reply hops)
  std::string reason;               // for hops without a rule (no public address...)
  size_t target = 0;                // searchFan: the target the sample was heading to
};

struct PathSearchResult {
  // In walk order; the search stops at the first exact one (the pair is
  // reachable) or at kMaxCandidates (`truncated`: what was not searched is
  // not known).
  std::vector<PathFormula> candidates;
  std::optional<BlockedPath> closest;  // the deepest block, when any path was pruned
  size_t paths_explored = 0;
  bool truncated = false;
};
inline constexpr size_t kMaxCandidates = 2048;

// Candidate paths from `source` to `destination` for headers in `flow`
// (protocol, ports, and anything else the question fixes). Addresses and the
// initiator's source ports are added here.
PathSearchResult searchPaths(const EncodingContext& context, const Station& source,
                             const Station& destination, const HeaderSet& flow);

// ---------------------------------------------------------------------------
// Many destinations at once.
//
// A question from one source to many destination stations walks the
// topology once instead of once per destination. Every guard on the way is a
// header set that does not depend on which destination the packet is for,
// as long as the destinations agree on what the walk asks of them: which of
// their groups some egress rule names. (Whether they have a public address
// matters only on the way in from the internet, where the walk goes on to
// the targets that have one.) Destinations that agree form one FanTargets; the walk carries the
// union of their addresses, and on arrival in a subnet the header set is cut
// to each target's addresses before its groups' ingress check. Intersection
// distributes over the cut, so what reaches a target is exactly what the
// pair search from `source` to it finds, and a target no header reaches is
// unreachable. (The walk carries the blocks of the targets' subnets rather
// than their addresses, which may be thousands of intervals, and checks the
// addresses where it records a block: a block is kept only where some header
// for a target reached the hop, as in the pair search.) Over-approximated results (inexact ACLs, the cube budget, two
// ends that may be one interface) are only marked: the caller asks the pair
// search and the solver about those targets.

// Destination stations that one walk can serve (see above), with the union
// of their addresses and an index by subnet. Built once per destination list
// and shared by every source.
struct FanTargets {
  std::vector<const Station*> stations;  // kEndpoints only, grouped by subnet
  std::vector<size_t> positions;         // of each station in the caller's list
  IntervalSet addresses;                 // union of the stations' addresses
  // The blocks of the subnets that hold stations, or their hull when they
  // make many intervals: what a walk carries as destination addresses (a
  // few intervals where `addresses` may have thousands), cut to each
  // station's addresses on arrival.
  IntervalSet region;
  // Per subnet index: [first, last) into `stations`.
  std::vector<std::pair<uint32_t, uint32_t>> by_subnet;
  // The blocks of those subnets, by address: where a target's address lies.
  std::vector<std::pair<Interval, SubnetId>> blocks;
  std::pair<uint32_t, uint32_t> inSubnet(SubnetId subnet) const {
    return subnet.value < static_cast<int32_t>(by_subnet.size()) ? by_subnet[subnet.value]
                                                                 : std::pair<uint32_t, uint32_t>{0, 0};
  }
};

// Splits endpoint `destinations` (positions into the caller's list) into the
// groups one walk can serve.
std::vector<FanTargets> fanTargets(const EncodingContext& context,
                                   const std::vector<const Station*>& destinations,
                                   const std::vector<size_t>& positions);

// What one walk found for one target.
struct FanHit {
  uint32_t target = 0;   // index into FanTargets::stations
  bool exact = false;    // an exact candidate path: reachable, definite
  bool inexact = false;  // an over-approximated candidate: the pair search decides
  bool opaque = false;   // some path leaves the model through an opaque gateway
};

struct FanSearchResult {
  std::vector<FanHit> hits;            // by target, one each; targets not listed are unreachable
  std::optional<BlockedPath> closest;  // the deepest block over every target
  size_t paths_explored = 0;
  // What travels to all targets together, projected on protocol and
  // destination port (when asked): exact unless a candidate was
  // over-approximated or left the model.
  HeaderSet travelled;
  bool travelled_exact = true;
};

FanSearchResult searchFan(const EncodingContext& context, const Station& source,
                          const FanTargets& targets, const HeaderSet& flow,
                          bool collect_travelled = false);

}  // namespace segproof

#endif  // SEGPROOF_ENCODE_PATH_SEARCH_H_
