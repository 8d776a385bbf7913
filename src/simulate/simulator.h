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
//     egress-only...) lead out of the model: the packet's fate there is
//     unknown.
// Only IPv4 is simulated, as in the engine.
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
};

// What a NAT gateway on the way picks: its source address and port.
struct NatChoice {
  uint32_t address = 0;
  int port = 0;  // TCP and UDP; ignored otherwise
};

struct SimOptions {
  int ephemeral_from = 1024;  // initiator source ports
  int ephemeral_to = 65535;
};

class Simulator {
 public:
  explicit Simulator(const Network& network, SimOptions options = {});

  // Sends `packet` from `from` to `to`. With `nat_choices`, each NAT gateway
  // on the way uses the next choice; without, every choice that can make a
  // difference (ports and addresses at the edges of the rules) is tried and
  // the packet counts as delivered when one choice delivers it.
  SimResult send(const SimEnd& from, const SimEnd& to, const FlowPacket& packet,
                 const std::vector<NatChoice>* nat_choices = nullptr) const;

  // Whether `address` can be the address of `end`: a fixed private address
  // of the interface, or one AWS may assign it; an internet address; an
  // address of the zone.
  bool addressOf(const SimEnd& end, uint32_t address) const;

  static bool isInternetAddress(uint32_t address);

  // "internet", "on-premises via vgw", or the interface's name.
  std::string describe(const SimEnd& end) const;

 private:
  friend class SimWalk;
  bool freeAddress(SubnetId subnet, uint32_t address) const;
  std::vector<int> natPorts() const;
  std::vector<uint32_t> natAddresses(NatGatewayId nat) const;

  const Network& net_;
  SimOptions options_;
  std::vector<std::vector<uint32_t>> fixed_;  // per subnet: fixed private addresses
  std::vector<int> nat_ports_;                // representative NAT source ports
  std::vector<uint32_t> rule_edges_;          // address edges of every rule and route
};

}  // namespace segproof

#endif  // SEGPROOF_SIMULATE_SIMULATOR_H_
