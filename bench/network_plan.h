// The synthetic network as plain data, decided once and written by two
// writers: native YAML (generate_network.cc) and Terraform HCL source
// (terraform_writer.cc). Internal to bench/.
//
// planNetwork draws every random number, in a fixed order, so that both
// writers describe the same network and the YAML keeps the bytes it had when
// the generator wrote while it drew. Names are the YAML names; the Terraform
// writer derives its resource names from them.
//
// Thread-safety: free functions without shared state.
#ifndef SEGPROOF_BENCH_NETWORK_PLAN_H_
#define SEGPROOF_BENCH_NETWORK_PLAN_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "generate_network.h"

namespace segproof::bench {

enum class Tier : uint8_t { kPublic, kApp, kData };

// Also the subnets' Tier tag and the middle of their names.
const char* tierName(Tier tier);

std::string vpcCidr(int vpc);
std::string subnetCidr(int vpc, int octet);

// Dual-stack addressing. Every VPC block lies in one /48 (vpcsIpv6Cidr,
// the IPv6 counterpart of 10.0.0.0/8: all VPCs and nothing else):
//   VPC v:              2600:1f18:6000:<v>00::/56
//   subnet of octet j:  2600:1f18:6000:<v><j>::/64 (two hex digits each)
std::string vpcsIpv6Cidr();
std::string vpcIpv6Cidr(int vpc);
std::string subnetIpv6Cidr(int vpc, int octet);

// The IPv6 counterpart of an IPv4 CIDR the plan uses: 0.0.0.0/0 -> ::/0,
// 10.0.0.0/8 -> vpcsIpv6Cidr(), a VPC or subnet block -> its IPv6 block,
// any other a.b.c.d/n -> a documentation or internet range derived from it
// (198.51.100.0/24 -> 2001:db8:100::/48, else 2a00:<a>:<b><c>::/48).
std::string ipv6Twin(const std::string& ipv4_cidr);

struct SubnetPlan {
  std::string name;
  Tier tier = Tier::kPublic;
  int octet = 0;          // 10.<vpc>.<octet>.0/24
  int tier_index = 0;     // position within its tier
  int instances = 0;      // interfaces left for instances after databases
  std::string acl;        // empty: the VPC's default network ACL
  std::string ipv6_cidr;  // empty: IPv4 only
};

struct DatabasePlan {
  std::string name;
  std::vector<std::string> subnets;
  bool public_access = false;
};

// A security group rule with exactly one peer.
struct GroupRule {
  std::string protocol;   // tcp, udp, all
  std::string ports;      // "443", "8000-8080"; empty: all
  std::string peer_key;   // cidr, security_group or self
  std::string peer;       // the CIDR or group name; "true" for self
  std::string ipv6_peer;  // non-empty: a twin rule, the same but for this IPv6 CIDR
};

struct GroupPlan {
  std::string name;
  std::vector<GroupRule> ingress;
  bool has_egress = false;  // false: AWS's default allow-all egress
  std::vector<GroupRule> egress;
};

struct AclRule {
  AclRule(bool allow_, std::string protocol_, std::string ports_, std::string cidr_)
      : allow(allow_),
        protocol(std::move(protocol_)),
        ports(std::move(ports_)),
        cidr(std::move(cidr_)) {}

  bool allow = false;
  std::string protocol;
  std::string ports;  // empty: all
  std::string cidr;
  std::string ipv6_cidr;  // non-empty: a twin entry for this IPv6 CIDR, numbered one after
};

struct AclPlan {
  std::string name;
  std::vector<AclRule> ingress, egress;  // numbered 100, 110, ... in order (twins 101, 111, ...)
};

struct InstancePlan {
  std::string name;
  std::string subnet;
  int role = 0;            // index into the role groups
  std::string private_ip;  // empty: left to AWS
  enum class PublicIp : uint8_t { kSubnet, kYes, kNo } public_ip = PublicIp::kSubnet;
  std::vector<std::string> groups;
  std::string env;             // non-empty: a mis-tagged instance's own Env tag
  int ipv6_address_count = 0;  // IPv6 addresses AWS picks in the subnet's block
};

struct VpcPlan {
  std::string name;
  std::string env;
  int index = 0;
  bool sg_open_ssh = false;  // bastion group allows 22 from anywhere
  bool acl_open_ssh = false;
  bool sg_open_db = false;  // db group allows 5432 from anywhere
  bool acl_open_db = false;
  bool app_default_acl = false;  // app subnets keep the VPC's default ACL
  // Dual-stack only (empty otherwise): the VPC's IPv6 block, and its
  // egress-only internet gateway, the private subnets' route for "::/0".
  std::string ipv6_cidr;
  std::string egress_only_gateway;
  std::vector<SubnetPlan> subnets;
  std::vector<std::pair<int, std::string>> peers;  // (VPC, peering name)
  std::vector<DatabasePlan> databases;
  std::vector<GroupPlan> groups;
  std::vector<AclPlan> acls;
  std::vector<InstancePlan> instances;
};

struct PeeringPlan {
  std::string name;
  int requester = 0;
  int accepter = 0;
  bool active = true;
};

struct NetworkPlan {
  std::vector<VpcPlan> vpcs;
  std::vector<PeeringPlan> peerings;
  NetworkCounts counts;
};

const char* roleName(int role);

// REQUIRES: checkShape(shape) is empty.
NetworkPlan planNetwork(const NetworkShape& shape);

}  // namespace segproof::bench

#endif  // SEGPROOF_BENCH_NETWORK_PLAN_H_
