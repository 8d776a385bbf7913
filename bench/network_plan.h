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

struct SubnetPlan {
  std::string name;
  Tier tier = Tier::kPublic;
  int octet = 0;       // 10.<vpc>.<octet>.0/24
  int tier_index = 0;  // position within its tier
  int instances = 0;   // interfaces left for instances after databases
  std::string acl;     // empty: the VPC's default network ACL
};

struct DatabasePlan {
  std::string name;
  std::vector<std::string> subnets;
  bool public_access = false;
};

// A security group rule with exactly one peer.
struct GroupRule {
  std::string protocol;  // tcp, udp, all
  std::string ports;     // "443", "8000-8080"; empty: all
  std::string peer_key;  // cidr, security_group or self
  std::string peer;      // the CIDR or group name; "true" for self
};

struct GroupPlan {
  std::string name;
  std::vector<GroupRule> ingress;
  bool has_egress = false;  // false: AWS's default allow-all egress
  std::vector<GroupRule> egress;
};

struct AclRule {
  bool allow = false;
  std::string protocol;
  std::string ports;  // empty: all
  std::string cidr;
};

struct AclPlan {
  std::string name;
  std::vector<AclRule> ingress, egress;  // numbered 100, 110, ... in order
};

struct InstancePlan {
  std::string name;
  std::string subnet;
  int role = 0;            // index into the role groups
  std::string private_ip;  // empty: left to AWS
  enum class PublicIp : uint8_t { kSubnet, kYes, kNo } public_ip = PublicIp::kSubnet;
  std::vector<std::string> groups;
  std::string env;  // non-empty: a mis-tagged instance's own Env tag
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
