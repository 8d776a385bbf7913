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

#include <optional>
#include <string>
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
  bool public_address = false;           // kEndpoints: members have a public IPv4
  GatewayId gateway;                     // kExternal
  IntervalSet addresses;                 // private addresses / internet / zone addresses
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

// Everything compiled once per network and shared read-only by all workers.
class EncodingContext {
 public:
  EncodingContext(const Network& network, const Topology& topology, EncodingOptions options = {});

  const Network& network() const { return network_; }
  const Topology& topology() const { return topology_; }
  const EncodingOptions& options() const { return options_; }
  const RouteLookup& routes(RouteTableId table) const { return routes_[table.value]; }
  const RouteLookup& routesOf(SubnetId subnet) const;
  const CompiledAcl& acl(NetworkAclId acl, Direction direction) const;
  const CompiledAcl& aclOf(SubnetId subnet, Direction direction) const;
  // Addresses an interface may have: its fixed ones, or the free usable
  // addresses of its subnet.
  const IntervalSet& interfaceAddresses(InterfaceId iface) const { return iface_addresses_[iface.value]; }
  const IntervalSet& natAddresses(NatGatewayId nat) const { return nat_addresses_[nat.value]; }
  // Addresses of the on-premises zone behind a VPN gateway: everything
  // outside the CIDRs of the VPC it is attached to.
  IntervalSet zoneAddresses(GatewayId gateway) const;
  IntervalSet ephemeralPorts() const;

 private:
  const Network& network_;
  const Topology& topology_;
  EncodingOptions options_;
  std::vector<RouteLookup> routes_;
  std::vector<CompiledAcl> acl_in_, acl_out_;
  std::vector<IntervalSet> iface_addresses_, nat_addresses_;
};

struct BlockedPath {
  std::vector<std::string> places;  // places passed before the block
  std::vector<Hop> passed;          // hops passed
  Hop hop;                          // the hop that let no header through
  std::optional<Packet> sample;     // a header that reached the hop (its reply for reply hops)
  std::string reason;               // for hops without a rule (no public address...)
};

struct PathSearchResult {
  std::vector<PathFormula> candidates;
  std::optional<BlockedPath> closest;  // the deepest block, when any path was pruned
  size_t paths_explored = 0;
};

// Candidate paths from `source` to `destination` for headers in `flow`
// (protocol, ports, and anything else the question fixes). Addresses and the
// initiator's source ports are added here.
PathSearchResult searchPaths(const EncodingContext& context, const Station& source,
                             const Station& destination, const HeaderSet& flow);

}  // namespace segproof

#endif  // SEGPROOF_ENCODE_PATH_SEARCH_H_
