// Topology: where a packet can go, as a Boost.Graph directed graph.
//
// Vertices are places a packet passes: the outgoing and incoming side of each
// subnet, internet gateways (one vertex per direction), NAT gateways, each
// direction of a peering, appliance interfaces (route targets), the internet,
// and gateways that lead out of the model. Edges are the moves between them;
// each edge names the element it goes through. Which packets may take an
// edge (routes, ACLs, groups) is not decided here but in src/encode/.
//
//   SubnetOut(a) -local-> SubnetIn(b)          same VPC, a != b
//   SubnetOut(a) -> IgwOut(g) -> Internet      a's VPC has IGW g
//   Internet -> IgwIn(g) -> SubnetIn(b)        b in g's VPC
//   SubnetOut(a) -> Nat(n) -> SubnetOut(subnet of n)
//   SubnetOut(a) -> Peer(p, to v) -> SubnetIn(b in v)   no edge-to-edge routing
//   SubnetOut(a) -> GatewayOut(gw);  GatewayIn(gw) -> SubnetIn(b)
//   SubnetOut(a) -> Appliance(i) -> SubnetOut(subnet of i)
//   SubnetOut(s) -> SubnetIn(s)   s holds a NAT gateway, an appliance or a
//                                  transit gateway interface: what they send
//                                  on to their own subnet
//   SubnetOut(a) -> TgwEnter(att, t)    a's table routes to the transit gateway,
//                                        t: att's interface in a's zone
//   TgwEnter / TgwPeer -> SubnetOut(t2) t2: an exit attachment's interface
//                                        (src/model/transit.h); the transit
//                                        gateway route table decides which
//   TgwEnter / TgwPeer -> TgwPeer(peering attachment, other side) | TgwExit
//   SubnetIn(s) -> LbNode(i)        i: a load balancer node in s; what it
//                                    forwards is a new packet from s, which
//                                    the path search walks from there
// Edges out of a subnet towards a target exist only when the subnet's route
// table has at least one route to that target (or the local route).
//
// Thread-safety: immutable after construction; shared by all workers.
#ifndef SEGPROOF_GRAPH_TOPOLOGY_H_
#define SEGPROOF_GRAPH_TOPOLOGY_H_

#include <boost/graph/adjacency_list.hpp>
#include <functional>
#include <string>
#include <vector>

#include "segproof/model/network.h"

namespace segproof {

enum class PlaceKind : uint8_t {
  kInternet,
  kSubnetOut,
  kSubnetIn,
  kIgwOut,
  kIgwIn,
  kNat,
  kPeer,        // one direction of a peering, towards `vpc`
  kGatewayOut,  // leaving through a VPN/transit/endpoint/other gateway
  kGatewayIn,   // arriving from a VPN gateway (on-premises)
  kAppliance,   // a network interface that routes point at
  kTgwEnter,    // entering a transit gateway through a VPC attachment's interface
  kTgwPeer,     // arriving at a transit gateway through a peering attachment
  kTgwExit,     // leaving the model through a VPN / Direct Connect / Connect attachment
  kLbNode,      // a load balancer node (an interface) accepting a connection
};

struct Place {
  PlaceKind kind = PlaceKind::kInternet;
  // subnet, IGW, NAT, peering, gateway or interface index (appliances and
  // load balancer nodes); kTgwEnter: a
  // transit gateway port (Topology::tgwPort); kTgwPeer, kTgwExit: an attachment
  int32_t element = -1;
  VpcId vpc;                 // kPeer: the VPC the packet enters
  TransitGatewayId transit;  // kTgwEnter, kTgwPeer: the transit gateway the packet is in
};

// A VPC attachment's interface: where a packet enters a transit gateway.
struct TgwPort {
  TgwAttachmentId attachment;
  SubnetId subnet;
};

struct Move {
  int32_t route_count = 0;  // routes of the source table that lead here (0 for non-routed moves)
};

// The element a route leads to, as (kind, index): gateways of every other
// kind are folded into kOther with their Network::gateways index.
struct RouteTargetKey {
  RouteTargetKind kind = RouteTargetKind::kBlackhole;
  int32_t element = -1;
  auto operator<=>(const RouteTargetKey&) const = default;
};
RouteTargetKey routeTargetKey(const Route& route);

using TopologyGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, Place, Move>;
using PlaceVertex = boost::graph_traits<TopologyGraph>::vertex_descriptor;

class Topology {
 public:
  explicit Topology(const Network& network);

  const TopologyGraph& graph() const { return graph_; }
  const Place& place(PlaceVertex v) const { return graph_[v]; }

  PlaceVertex internet() const { return internet_; }
  PlaceVertex subnetOut(SubnetId s) const { return subnet_out_[s.value]; }
  PlaceVertex subnetIn(SubnetId s) const { return subnet_in_[s.value]; }
  PlaceVertex gatewayIn(GatewayId g) const { return gateway_in_[g.value]; }
  const TgwPort& tgwPort(int32_t port) const { return tgw_ports_[port]; }

  // Human name of a place: "subnet web-a", "internet gateway main-igw", ...
  std::string describe(PlaceVertex v) const;

  // Calls `visit` for each path (sequence of vertices, first = `from`) that
  // ends in a vertex for which `is_target` holds, depth first, in a
  // deterministic order. `enter(path)` is asked before a path is extended by
  // its last vertex and may refuse it (pruning); `leave()` undoes one enter.
  // Vertices are not repeated within a path.
  struct Walker {
    std::function<bool(const std::vector<PlaceVertex>& path)> enter;
    std::function<void()> leave;
    std::function<bool(PlaceVertex)> is_target;
    std::function<void(const std::vector<PlaceVertex>& path)> visit;
  };
  void walk(PlaceVertex from, const Walker& walker, size_t max_length = 16) const;

  size_t placeCount() const { return boost::num_vertices(graph_); }
  size_t moveCount() const { return boost::num_edges(graph_); }

 private:
  PlaceVertex add(Place place);
  void addRoutedMoves(const Network& network, SubnetId subnet);
  void addWithinSubnet(SubnetId subnet);
  void addTransitGateways(const Network& network);
  void addTgwForwarding(const Network& network, PlaceVertex at, TransitGatewayId tgw,
                        TgwAttachmentId in, SubnetId entered);

  const Network& network_;
  TopologyGraph graph_;
  PlaceVertex internet_{};
  std::vector<PlaceVertex> subnet_out_, subnet_in_, igw_out_, igw_in_, nat_, gateway_out_,
      gateway_in_, appliance_;
  std::vector<bool> within_;  // subnets with their SubnetOut -> SubnetIn move
  std::vector<std::pair<PlaceVertex, PlaceVertex>> peer_;  // (towards accepter, towards requester)
  std::vector<TgwPort> tgw_ports_;
  std::vector<PlaceVertex> tgw_enter_;  // per port
  std::vector<std::vector<int32_t>> ports_of_;  // per attachment: its ports
  // per attachment: arriving at its peer_transit_gateway / at its
  // transit_gateway (peerings), or leaving the model (kOther)
  std::vector<PlaceVertex> tgw_to_peer_, tgw_to_owner_, tgw_exit_;
};

}  // namespace segproof

#endif  // SEGPROOF_GRAPH_TOPOLOGY_H_
