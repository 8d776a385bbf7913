// The packet simulator: one concrete packet through the model, hop by hop.
//
// Written apart from the SMT encoding and the path search (it shares only the
// model, src/model/), so that it can check them: every witness the engine
// reports is replayed here first (src/solve/), and the differential tests
// compare the engine's verdicts with it on random networks. It walks the way
// a packet goes in a VPC, with the semantics of docs/aws-modeling.md ("How
// the engine reads the model"):
//   - the sender's security groups check the packet on egress; within a
//     subnet only the receiver's groups follow;
//   - leaving a subnet: its route table picks one target (longest prefix,
//     static over propagated), its outbound network ACL checks the packet
//     (first matching rule by number); entering a subnet, the inbound ACL;
//   - a NAT gateway rewrites the source to its private address and, for TCP
//     and UDP, the source port to one of 1024-65535; its subnet routes on;
//   - an internet gateway lets out a packet whose sender has a public IPv4,
//     towards an internet address; it lets in a packet for an interface with
//     a public IPv4 (the packet shows the private address it maps to);
//   - a peering delivers into the subnets of the other VPC only;
//   - a VPN gateway leads to the on-premises zone (addresses outside its
//     VPC), and in from it;
//   - an appliance (a route to a network interface) forwards only with its
//     source/destination check disabled: its ingress, then egress groups;
//   - TCP needs the reply (addresses and ports swapped) to pass every network
//     ACL of every leg and to be routed back the way it came; groups are
//     stateful. UDP and ICMP are judged on delivery;
//   - a transit gateway is entered by the attachment's interface in the
//     sender subnet's zone and left by an exit attachment's interface
//     (src/model/transit.h); its route tables pick the attachment; what
//     leaves it carries no groups and no public address, and does not use
//     peerings or gateways of the VPC it enters; TCP replies retrace it;
//   - other gateways (transit gateways outside the model, endpoints,
//     carrier and local gateways...) lead out of the model: the packet's fate
//     there is unknown;
//   - a load balancer node (docs/aws-modeling.md, "Load balancers") takes a
//     packet addressed to it (an unfixed node address is any free address of
//     its subnet) that one of its listeners accepts (protocol and port),
//     after its ingress groups; it opens a new connection to a target of one
//     of the listener's target groups that takes the protocol, in a zone
//     where the load balancer has a node (in the node's own zone unless
//     cross-zone): the target's address and port, from the node's address
//     and a port of 1024-65535 unless the group preserves client addresses.
//     The node sends it as any interface of its subnet does; each leg's TCP
//     reply is checked on its own (a reply to a client's address the node
//     kept goes back to the node whatever the routes; the ACLs see that
//     address). A node without security groups is not filtered by any. Up
//     to 3 load balancers per path;
//   - a node as the source sends only its forwards (from its own address,
//     or any client's when the target group keeps client addresses); as the
//     destination it receives what a listener accepts.
// Both families are simulated on their real addresses (docs/aws-modeling.md,
// "IPv6"). A packet is IPv4 or IPv6 (a packet whose ends differ in family is
// invalid) and meets only the routes, rule peers, prefix list entries and
// ACL entries of its family; a group peer stands for its members' addresses
// of that family. An interface's IPv6 addresses are its fixed ones or any
// free address of its subnet's IPv6 block. For IPv6:
//   - an internet gateway lets in a packet for a global address of an
//     interface of its VPC as it is (no public address, no translation), the
//     reply routed back to it, and lets out a packet from a global address
//     towards an internet address; a unique-local address never meets the
//     internet;
//   - an egress-only internet gateway lets out a packet from a global address
//     of its VPC towards an internet address, with its reply; it lets nothing
//     in, and takes no IPv4 (AWS accepts no IPv4 route to it);
//   - a transit gateway VPC attachment carries IPv6 only with IPv6 support;
//   - a NAT gateway (NAT64) leads out of the model;
//   - a load balancer node forwards to a target's address of the packet's
//     family (nodes have IPv6 addresses only when the model gives them some).
#ifndef SEGPROOF_SIMULATE_SIMULATOR_H_
#define SEGPROOF_SIMULATE_SIMULATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "segproof/model/network.h"
#include "segproof/query/result.h"

namespace segproof {

// One end of a packet's journey.
struct SimEnd {
  enum class Kind : uint8_t { kInterface, kInternet, kZone };
  Kind kind = Kind::kInternet;
  InterfaceId iface;  // kInterface
  GatewayId gateway;  // kZone: the VPN gateway the on-premises zone lies behind

  static SimEnd interface(InterfaceId id) { return {Kind::kInterface, id, {}}; }
  static SimEnd internet() { return {}; }
  static SimEnd zone(GatewayId gateway) { return {Kind::kZone, {}, gateway}; }
};

// One check on the way: what was checked, by which rule, and whether the
// packet passed.
struct SimHop {
  std::string step;     // "route", "network ACL outbound", "security group ingress", ...
  std::string element;  // the group, ACL, table or gateway (resource address or name)
  std::string rule;     // the deciding rule, or what was missing
  SourceLocation location;
  bool reply = false;   // checks the reply
  bool passed = true;
  std::string packet;   // the header checked
};

enum class Disposition : uint8_t {
  kDelivered,    // arrives at the destination end (and for TCP, the reply gets back)
  kDropped,      // a hop stops it
  kLeavesModel,  // it leaves through a gateway segproof does not look beyond
  kInvalid,      // the packet cannot be sent between these ends (wrong address, port...)
};
const char* dispositionName(Disposition disposition);

struct SimResult {
  Disposition disposition = Disposition::kDropped;
  std::string reason;         // why it is dropped, invalid or leaves the model
  std::vector<SimHop> trace;  // the hops, in order; the last one stops it unless delivered
  FlowPacket arrived;         // delivered: the packet as it arrives, after every rewrite
};

// What one rewrite on the way picks; the choices are used in order.
//   - A NAT gateway: the new source address and port.
//   - A load balancer: the node that receives the packet (invalid: any node
//     whose address the packet may be sent to and that has such a forward),
//     and the new source address and port and destination address and port.
// Ports are ignored for packets without ports.
struct RewriteChoice {
  enum class Kind : uint8_t { kNat, kLoadBalancer };
  Kind kind = Kind::kNat;
  IpAddress src;
  int sport = 0;
  InterfaceId node;  // kLoadBalancer
  IpAddress dst;     // kLoadBalancer
  int dport = 0;     // kLoadBalancer

  static RewriteChoice nat(const IpAddress& src, int sport) {
    return {Kind::kNat, src, sport, {}, {}, 0};
  }
  static RewriteChoice loadBalancer(const IpAddress& src, int sport, const IpAddress& dst,
                                    int dport, InterfaceId node = {}) {
    return {Kind::kLoadBalancer, src, sport, node, dst, dport};
  }
};

struct SimOptions {
  int ephemeral_from = 1024;  // initiator source ports
  int ephemeral_to = 65535;
};

class Simulator {
 public:
  explicit Simulator(const Network& network, SimOptions options = {});

  // Sends `packet` from `from` to `to`. With `choices`, each rewrite on the
  // way (a NAT gateway, a load balancer) uses the next choice; without, every
  // choice that can make a difference (each node the destination address may
  // belong to, each forward of a listener, ports and addresses at the edges
  // of the rules) is tried and the packet counts as delivered when one choice
  // delivers it. With `arrival_ports`, the packet must arrive on one of them
  // (questions are about the port a packet arrives on).
  SimResult send(const SimEnd& from, const SimEnd& to, const FlowPacket& packet,
                 const std::vector<RewriteChoice>* choices = nullptr,
                 const std::vector<PortRange>& arrival_ports = {}) const;

  // Whether `address` can be the address of `end`: a fixed address of the
  // interface in the address's family (private IPv4 or IPv6), or one AWS may
  // assign it; an internet address; an address of the zone.
  bool addressOf(const SimEnd& end, const IpAddress& address) const;

  // Outside every block of nonInternetBlocks() of its family.
  static bool isInternetAddress(const IpAddress& address);

  // "internet", "on-premises via vgw", or the interface's name.
  std::string describe(const SimEnd& end) const;

 private:
  friend class SimWalk;
  bool freeAddress(SubnetId subnet, const IpAddress& address) const;
  std::vector<int> natPorts() const;
  std::vector<IpAddress> natAddresses(NatGatewayId nat) const;
  std::vector<IpAddress> freeAddresses(SubnetId subnet, IpFamily family) const;
  std::vector<IpAddress> interfaceAddresses(InterfaceId id, IpFamily family) const;
  std::vector<int> portsIn(const PortRange& range, const std::vector<PortRange>& extra) const;

  const Network& net_;
  SimOptions options_;
  std::vector<std::vector<IpAddress>> fixed_;  // per subnet: fixed addresses, both families
  std::vector<int> nat_ports_;                // representative NAT source ports
  std::vector<int> port_edges_;               // port edges of every rule and listener
  std::vector<IpAddress> rule_edges_;         // address edges of every rule and route
  std::vector<InterfaceId> nodes_;            // the nodes of load balancers
};

}  // namespace segproof

#endif  // SEGPROOF_SIMULATE_SIMULATOR_H_
