// A deterministic generator of synthetic AWS networks in the native model
// format (segproof: model/v1, docs/model-format.md), for benchmarks.
//
// The same NetworkShape (seed included) always gives the same bytes, on every
// platform: the generator uses its own pseudo-random sequence (splitmix64),
// not <random>'s distributions, whose results the standard leaves open.
//
// What a generated network looks like (per VPC, names prefixed by the VPC's):
//   - VPC i is 10.i.0.0/16, tagged Env = prod, staging, test, dev in turn;
//     an internet gateway, a NAT gateway in the first public subnet;
//   - subnets 10.i.j.0/24 in three tiers: a third public (web, routed to the
//     IGW, public IPs on launch), the rest private app and data subnets
//     (0.0.0.0/0 to the NAT gateway);
//   - security groups for the roles lb, web, app, db, cache, bastion, plus
//     service groups; rules reference other groups, the VPC, the peers
//     (10.0.0.0/8) and the internet (443 always; 22 and 5432 in some VPCs);
//   - network ACLs per tier (some VPCs leave app subnets on the default ACL)
//     with interleaved allow/deny rules, ephemeral-port rules for replies and
//     deny rules for blocklisted internet ranges;
//   - peerings, about one in four between different environments, one in ten
//     pending, each routed from both VPCs' route tables;
//   - instances with fixed private IPs (a few left to AWS), a database per VPC
//     across its data subnets, and a publicly accessible "legacy" database in
//     VPCs whose db group is open to the internet.
// Dual-stack (NetworkShape::ipv6) adds IPv6 to the same network without
// changing any of it: every VPC gets an IPv6 /56 and every subnet a /64 of
// it; instances one IPv6 address (databases stay IPv4-only); public subnets
// route "::/0" to the internet gateway, private ones to an egress-only
// internet gateway of their VPC, and peered VPCs' IPv6 blocks to the
// peering; every CIDR rule of a group and every entry of a custom network
// ACL gets an IPv6 twin (network_plan.h, ipv6Twin), entries numbered right
// after their IPv4 originals.
// Violations are deliberate: VPC 1 exposes SSH and VPC 2 PostgreSQL to the
// internet through both group and ACL; other VPCs do so at random; cross-
// environment peerings and a few mis-tagged instances break isolation.
//
// The enterprise layout (enterpriseShape) differs in three ways: VPC 0 is a
// hub ("hub-000", Env = shared) peered with every other VPC, routed from both
// sides, and the spoke-to-spoke peerings join spokes only; every subnet has
// a network ACL of its own (its tier's rules); and rules_per_group counts the
// db group's two egress rules, so every group has exactly that many rules.
//
// Thread-safety: free functions without shared state.
#ifndef SEGPROOF_BENCH_GENERATE_NETWORK_H_
#define SEGPROOF_BENCH_GENERATE_NETWORK_H_

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace segproof::bench {

enum class Layout : uint8_t { kClassic, kEnterprise };

struct NetworkShape {
  Layout layout = Layout::kClassic;
  uint64_t seed = 1;
  int vpcs = 4;             // 1-256
  int subnets_per_vpc = 6;  // 3-250: a third public (at least one), then app and data
  int interfaces = 400;     // total, instances plus database interfaces
  int groups_per_vpc = 8;   // 6 role groups + service groups; >= 6
  int rules_per_group = 8;  // ingress rules per group: role rules, then fillers
  int acl_rules = 10;       // rules per ACL and direction: tier rules, then fillers
  int peerings = 4;         // attempted; fewer when the VPCs run out of pairs
  bool ipv6 = false;        // dual-stack; off: IPv4 only, the bytes written before it existed
};

// The shape used by segproof_gen and segproof_bench for `interfaces`:
//   vpcs = interfaces / 100 (at least 4, at most 256), 6 subnets per VPC
//   (2 public, 2 app, 2 data), 8 groups per VPC with 8 ingress rules each,
//   3 ACLs per VPC with 10 rules per direction, one peering per VPC.
NetworkShape shapeForInterfaces(int interfaces, uint64_t seed);

// The enterprise network of issue 8, at `scale` (1 = the full size):
//   interfaces = round(20,000 * scale), vpcs = round(50 * scale), at least 3
//   (the hub and two spokes); 20 subnets per VPC (6 public, 7 app, 7 data),
//   100 groups per VPC with 10 rules each, one network ACL per subnet with
//   10 rules per direction, and `vpcs` attempted spoke-to-spoke peerings
//   besides the hub's vpcs - 1. At scale 1: 50 VPCs, 1,000 subnets, 20,000
//   interfaces, 5,000 groups (50,000 rules), 1,000 ACLs (20,000 rules).
//   Doubling the scale doubles the interfaces exactly (when 20,000 * scale
//   is whole) and the VPCs and subnets up to the rounding of 50 * scale.
NetworkShape enterpriseShape(double scale, uint64_t seed);

// What was written, counted as the model will see it.
struct NetworkCounts {
  int vpcs = 0;
  int subnets = 0;
  int route_tables = 0;
  int security_groups = 0;
  int security_group_rules = 0;
  int network_acls = 0;
  int network_acl_rules = 0;
  int peerings = 0;
  int instances = 0;
  int databases = 0;
  int interfaces = 0;  // instances + one per database subnet
};

// Empty when `shape` can be generated, else why not.
std::string checkShape(const NetworkShape& shape);

// Writes the network as native YAML. REQUIRES: checkShape(shape) is empty.
NetworkCounts writeNetworkYaml(const NetworkShape& shape, std::ostream& out);

// Writes the same network as a Terraform root module (HCL source) into the
// folder `dir` (created when missing): network.tf, security.tf, acls.tf and
// compute.tf (terraform_writer.cc says which resource types each uses).
// Returns the counts, or nullopt with `error` set when a file cannot be
// written or the shape is dual-stack (not written as Terraform).
// REQUIRES: checkShape(shape) is empty.
std::optional<NetworkCounts> writeNetworkTerraform(const NetworkShape& shape,
                                                   const std::string& dir, std::string& error);

}  // namespace segproof::bench

#endif  // SEGPROOF_BENCH_GENERATE_NETWORK_H_
