// Rule sets: security groups, network ACLs and route tables compiled into
// header sets (header_space.h), the form both the interval check and the Z3
// encoding consume.
//
//   securityGroupSet   union of the rules of an interface's groups, for one
//                      direction, given who is on the other side
//   compileAcl         first-match evaluation of a network ACL direction as
//                      the exact set of allowed headers (or, when that set
//                      grows beyond a budget, an over-approximation plus the
//                      ordered lines for the exact Z3 encoding)
//   RouteLookup        longest-prefix match of a route table as the set of
//                      destination addresses sent to each target
// and the address sets the model implies: the internet, a subnet's usable
// addresses, an interface's addresses.
#ifndef SEGPROOF_ENCODE_RULE_SETS_H_
#define SEGPROOF_ENCODE_RULE_SETS_H_

#include <optional>
#include <vector>

#include "encode/address_space.h"
#include "encode/header_space.h"
#include "graph/topology.h"
#include "segproof/model/network.h"

namespace segproof {

// Every IPv4 address that is not private or special (AWS-SEMANTICS.md §2):
// ipv4Space().internet().
const IntervalSet& internetAddresses();

// Addresses AWS may assign in a subnet: its block of the space's family
// (none when it has no IPv6 block) without the first four and the last
// address.
IntervalSet usableAddresses(const Subnet& subnet, const AddressSpace& space = ipv4Space());

// The codes of a subnet's block of the space's family (empty: none).
IntervalSet subnetBlock(const Subnet& subnet, const AddressSpace& space);

// Every IPv6 block and address `network` names, and the reserved addresses
// of its subnets' IPv6 blocks: what AddressSpace::ipv6 needs so that the
// sets the engine builds are exact.
std::vector<Cidr> namedIpv6Blocks(const Network& network);

// Whether some interface has an IPv6 address: only then does a question
// have an IPv6 side.
bool hasIpv6Interfaces(const Network& network);

// The cube of headers a rule's protocol/port/ICMP part matches.
Cube matchCube(const Match& match);

// What a header set holds per protocol: the destination ports of tcp and
// udp, and whether any ICMP or any other protocol is in it.
struct PortsByProtocol {
  IntervalSet tcp;
  IntervalSet udp;
  bool icmp = false;
  bool other = false;  // a protocol other than tcp, udp and icmp
  IntervalSet other_numbers;  // which: their protocol numbers
  bool empty() const { return tcp.empty() && udp.empty() && !icmp && !other; }
};
PortsByProtocol portsByProtocol(const HeaderSet& set);

// Who is on the other side of a security group check: the groups it carries
// (empty for the internet, NAT gateways and external zones).
struct PeerIdentity {
  std::vector<SecurityGroupId> groups;
  bool carries(SecurityGroupId group) const;
};

// The headers one security group rule admits, given the other side; nullopt
// when the rule does not apply to it (another group's members, a block of
// the other family). Addresses are codes of `space`.
std::optional<Cube> securityGroupRuleCube(const Network& network, const SecurityGroupRule& rule,
                                          const PeerIdentity& peer,
                                          const AddressSpace& space = ipv4Space());

// Headers admitted by the union of `groups` in `direction`. Ingress rules
// match the source address, egress rules the destination.
HeaderSet securityGroupSet(const Network& network, const std::vector<SecurityGroupId>& groups,
                           Direction direction, const PeerIdentity& peer,
                           const AddressSpace& space = ipv4Space());

// One NACL line in the form the Z3 encoder needs for exact first-match.
struct AclLine {
  Cube cube;
  bool allow = false;
};

struct CompiledAcl {
  HeaderSet allowed;           // exact, or an over-approximation when !exact
  HeaderSet reply_guard;       // tcpReplyGuard(allowed): the check of a reply crossing it
  bool exact = true;
  std::vector<AclLine> lines;  // in rule order; filled when !exact
};

// First match over the rules of `acl` in `direction`, implicit deny at the
// end. Entries of the other family match nothing.
CompiledAcl compileAcl(const NetworkAcl& acl, Direction direction, size_t max_cubes = 2048,
                       const AddressSpace& space = ipv4Space());

// The first rule of `acl` in `direction` that matches `packet`, or nullptr
// (the implicit deny).
const NetworkAclRule* firstMatchingRule(const NetworkAcl& acl, Direction direction,
                                        const Packet& packet, const AddressSpace& space = ipv4Space());

class RouteLookup {
 public:
  // Over the routes of the space's family (the other family's match nothing).
  RouteLookup(const Network& network, const RouteTable& table, const AddressSpace& space = ipv4Space())
      : RouteLookup(network, table.routes, space) {}
  // Over the routes of a transit gateway route table, likewise.
  RouteLookup(const Network& network, const std::vector<Route>& routes,
              const AddressSpace& space = ipv4Space());

  // Destination addresses whose longest-prefix match leads to `target`.
  const IntervalSet& destinationsFor(const RouteTargetKey& target) const;
  // The route chosen for `destination`, or nullptr when none matches.
  const Route* lookup(uint64_t destination) const;

 private:
  struct Segment {
    uint64_t lo, hi;
    int route;  // index into table_.routes, -1 none
  };
  const std::vector<Route>* routes_;
  std::vector<Segment> segments_;  // partition of the address codes
  std::vector<std::pair<RouteTargetKey, IntervalSet>> by_target_;
  IntervalSet none_;
};

}  // namespace segproof

#endif  // SEGPROOF_ENCODE_RULE_SETS_H_
