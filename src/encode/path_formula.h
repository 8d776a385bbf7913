// The formula of one candidate path: which headers can travel it.
//
// A PathFormula is solver-neutral. Its header has versions: version 0 is the
// packet as the source sends it; each address rewrite (a NAT gateway) starts a
// new version. Each Guard constrains one version to a HeaderSet; reply checks
// of stateless elements (ACLs, routes back) are folded into the forward
// header ("if the packet is TCP, its reply must be in R"), so every guard is a
// plain membership. An ACL too large to compile exactly keeps its ordered
// lines for an exact first-match encoding in Z3 and an over-approximating set
// for the interval check (Guard::exact == false).
//
// Hops say what each guard stands for (a security group, an ACL direction, a
// route decision...) so witnesses and blocked paths can name the rule and the
// line of code behind it.
#ifndef SEGPROOF_ENCODE_PATH_FORMULA_H_
#define SEGPROOF_ENCODE_PATH_FORMULA_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "encode/header_space.h"
#include "encode/rule_sets.h"
#include "segproof/model/network.h"

namespace segproof {

enum class HopKind : uint8_t {
  kSecurityGroupEgress,   // groups of the sender, egress rules
  kSecurityGroupIngress,  // groups of the receiver, ingress rules
  kAclOutbound,           // ACL of `subnet`, leaving it
  kAclInbound,            // ACL of `subnet`, entering it
  kRoute,                 // route table of `subnet` must choose `target`
  kPublicAddress,         // the IGW maps the private address of `iface` 1:1 to a public one
  kInternetGateway,       // through internet gateway `element`
  kNatGateway,            // NAT gateway `element` rewrites the source
  kPeering,               // through peering `element`
  kGateway,               // through VPN/transit/other gateway `element`
  kAppliance,             // through appliance interface `iface`
  kTgwRoute,              // transit gateway route table `element` must choose `target`
                          // (-1: the attachment is associated with none)
  kTransitGateway,        // through attachment `element`; with `subnet`, whether
                          // that subnet's replies can reach the attachment
  kListener,              // listener `listener` of load balancer `element` accepts
                          // the packet for target group `target_group`
  kLoadBalancer,          // node `iface` of load balancer `element` opens a new
                          // connection to a target of `target_group`
  kDelivery,              // the packet is for `iface` (an address it may have, a
                          // load balancer's target) on the ports asked
};

struct Hop {
  HopKind kind = HopKind::kRoute;
  bool reply = false;   // checks the reply (addresses and ports swapped)
  int version = 0;      // header version it constrains
  int32_t element = -1; // IGW / NAT / peering / gateway / transit gateway route
                        // table / attachment index, per kind; for
                        // kPublicAddress the sending NAT gateway, or -1 for `iface`
  SubnetId subnet;      // ACL and route hops
  RouteTargetKey target;                  // kRoute, kTgwRoute
  std::vector<SecurityGroupId> groups;    // security group hops
  PeerIdentity peer;                      // security group hops: the other side
  InterfaceId iface;                      // the interface whose groups / address apply
  int32_t listener = -1;                  // kListener, kLoadBalancer: index in the load balancer
  TargetGroupId target_group;             // kListener, kLoadBalancer
  size_t place = 0;  // index in PathFormula::places of the place being entered when checked
};

struct Guard {
  size_t hop = 0;  // index into PathFormula::hops
  int version = 0;
  HeaderSet set;
  bool exact = true;
  // When !exact: first-match lines of an ACL, checked on the version (or, for
  // a reply hop, on its reply when the packet is TCP).
  std::vector<AclLine> lines;
  bool reply = false;
};

// A rewrite by a NAT gateway or a load balancer: version `version` equals
// version-1 except the fields in `fields`, which take the values of one cube
// of `image` (its cubes leave the other fields whole). Only TCP and UDP
// packets have ports rewritten: for others the port fields stay as they were
// and only the address fields take values of `image`.
//   NAT gateway: the source address and port (1024-65535).
//   Load balancer: the destination (a target's address and port) and, unless
//   the target group preserves client addresses, the source (the node's
//   address, which the packet was sent to, and an ephemeral port); one cube
//   per target.
struct Rewrite {
  int version = 1;
  size_t hop = 0;
  std::array<bool, kFieldCount> fields{};
  HeaderSet image;
  // The new source address is the old destination address (a load
  // balancer's node sends from the address it was sent to); `image` leaves
  // the source address whole then.
  bool source_from_destination = false;

  bool rewrites(Field f) const { return fields[static_cast<int>(f)]; }
  // A NAT gateway's rewrite of the source address and port.
  static Rewrite sourceNat(IntervalSet addresses, IntervalSet ports);
};

// The image of `set` under `rewrite`.
HeaderSet applyRewrite(const HeaderSet& set, const Rewrite& rewrite);

// Load balancers: where a flow's ports apply. A flow is a set of headers
// as its source sends them, except the destination port, which is the port
// the packet arrives on (a load balancer forwards one listener port to
// another target port). The flow splits into parts (`start`: every field
// but the destination port, which is left whole; `ports`: the arrival
// ports) whose union is the flow.
struct FlowPart {
  HeaderSet start;
  IntervalSet ports;
};
std::vector<FlowPart> splitFlow(const HeaderSet& flow);

// The header a flow is about, of a witness's versions: the first version
// with the destination port it arrives on.
Packet flowView(const std::vector<Packet>& versions);

// Well-formed headers (header_space.h conventions): TCP and UDP with source
// ports in `source_ports` and ICMP fields 0; ICMP with ports 0; other
// protocols with ports and ICMP fields 0.
HeaderSet wellFormedHeaders(const IntervalSet& source_ports);

struct PathFormula {
  HeaderSet initial;  // version 0
  std::vector<Hop> hops;
  std::vector<Guard> guards;
  std::vector<Rewrite> rewrites;
  int versions = 1;
  // The source and destination interface sets overlap: require different
  // addresses (an interface does not send to itself).
  bool distinct_endpoints = false;
  // Versions whose source and destination are two interfaces that may draw
  // on the same free addresses (a client and a load balancer's node, a node
  // and its target): they differ.
  std::vector<int> distinct_versions;
  // Versions v whose destination differs from that of version v-1: a node
  // that keeps its clients' addresses and its target, which may draw on the
  // same free addresses (the node's address is version v-1's destination).
  std::vector<int> distinct_forwards;
  // Ends in a gateway the model does not look beyond (transit gateway, VPC
  // endpoint...): a non-empty formula means "unknown", not "reachable".
  bool opaque_end = false;
  std::vector<std::string> places;  // the places passed, for display
  // The interval check computed the path's header set exactly (no ACL
  // over-approximation, no cube budget hit, no distinct-endpoint condition),
  // so a non-empty `final_set` is a definite answer.
  bool interval_exact = true;
  // final_set is exactly the headers the guards let through, apart from the
  // distinct-endpoint condition (interval_exact also requires that there is
  // none).
  bool set_exact = true;
  HeaderSet final_set;  // headers of the last version that travel the path (interval check)
  // version_sets[k]: the headers of version k that reached the rewrite to
  // version k+1 (interval check), for rebuilding a witness backwards.
  std::vector<HeaderSet> version_sets;
};

// A source port that makes witnesses read well: a typical ephemeral one.
// (Readable internet addresses depend on the family:
// AddressSpace::readableInternet.)
inline constexpr uint64_t kReadableSourcePort = 49152;

// A wish for the witness (a field of version 0, or of every version for
// fields no rewrite changes), honoured when the formula allows it: it makes
// witnesses readable and, being fixed, deterministic.
struct WitnessPreference {
  Field field;
  IntervalSet values;
};

// A witness read off the interval sets: one header per version, chosen
// deterministically (preferences first, then smallest values). Empty when
// the final set is empty. When !interval_exact it is only a candidate that
// the solver must confirm.
std::vector<Packet> intervalWitness(const PathFormula& formula,
                                    const std::vector<WitnessPreference>& preferences);

// For 1 <= k <= guards.size(): a header of guard k-1's version that passes
// the first k - 1 guards by the interval check, chosen deterministically; it
// shows which packet reaches a blocking guard. nullopt if the sets run empty.
std::optional<Packet> reachingHeader(const PathFormula& formula, size_t k);

// The reply-check folding: headers h with h.protocol != tcp, or whose reply
// swapped(h) lies in `reply_set`.
HeaderSet tcpReplyGuard(const HeaderSet& reply_set);

}  // namespace segproof

#endif  // SEGPROOF_ENCODE_PATH_FORMULA_H_
