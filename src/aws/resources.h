// AWS resources as frontends describe them, before AWS semantics are applied.
//
// Every frontend (native YAML, Terraform, CloudFormation, AWS snapshots)
// translates its syntax into these plain descriptions; ModelBuilder
// (model_builder.h) is the one place that gives them AWS meaning: reference
// resolution, CIDR canonicalisation, protocol names, default security groups,
// default network ACLs, main route tables, public IP rules.
//
// Values keep the location they were written at so that ModelBuilder can point
// at them. References name another resource by its address in the same input
// set ("aws_vpc.main", a logical id, a model name) or by a cloud id ("sg-0a1b").
#ifndef SEGPROOF_AWS_RESOURCES_H_
#define SEGPROOF_AWS_RESOURCES_H_

#include <optional>
#include <string>
#include <vector>

#include "segproof/model/network.h"

namespace segproof::aws {

template <class T>
struct Located {
  T value{};
  SourceLocation location;
};

using Text = Located<std::string>;

// A value the input does not fix: a variable without a value, a data source,
// an attribute known only after apply. `description` names its origin
// ("var.office_cidr", "data.aws_vpc.shared.cidr_block"); `location` is where
// it is used.
struct UnknownValue {
  std::string description;
  SourceLocation location;
};

// A reference to another resource. Empty `address` means "not given".
// With keep_unplaced, the subnet of an instance or interface that names none:
// AWS launches it in a default subnet of the default VPC.
inline constexpr const char* kDefaultSubnet = "(a default subnet)";

struct Ref {
  std::string address;
  SourceLocation location;
  // Only with Resources::keep_unplaced: the input does not fix what is
  // referenced, and `address` is the description of the value.
  bool unknown = false;
  bool given() const { return !address.empty(); }
};

// Protocol as written: "tcp", "udp", "icmp", "icmpv6", "-1", "all", or a number.
// Ports as written; absent means "not given" (all ports for tcp/udp).
struct MatchSpec {
  Text protocol;
  std::optional<Located<long long>> from_port;
  std::optional<Located<long long>> to_port;
  std::optional<Located<long long>> icmp_type;  // -1 any
  std::optional<Located<long long>> icmp_code;  // -1 any
};

struct VpcSpec {
  Provenance provenance;
  std::string name;
  std::vector<Text> cidrs;
  Tags tags;
};

struct SubnetSpec {
  Provenance provenance;
  std::string name;
  Ref vpc;
  Text cidr;
  std::optional<Text> ipv6_cidr;
  std::string availability_zone;
  bool map_public_ip_on_launch = false;
  SourceLocation map_public_ip_location;  // where the flag is written, if it is
  Tags tags;
};

// Route target kinds as frontends name them.
struct RouteSpec {
  Provenance provenance;
  Ref route_table;           // the table this route belongs to
  std::optional<Text> destination;  // CIDR
  Ref destination_prefix_list;      // or a prefix list
  RouteTargetKind target = RouteTargetKind::kBlackhole;
  Ref target_ref;  // the gateway / NAT / peering / interface; empty for local, blackhole
  bool propagated = false;
};

struct RouteTableSpec {
  Provenance provenance;
  std::string name;
  Ref vpc;
  bool is_main = false;  // the VPC's main table (aws_default_route_table, native main: true)
  Tags tags;
};

struct RouteTableAssociationSpec {
  Provenance provenance;
  Ref subnet;
  Ref route_table;
};

struct MainRouteTableAssociationSpec {
  Provenance provenance;
  Ref vpc;
  Ref route_table;
};

struct SecurityGroupRuleSpec {
  Provenance provenance;
  Ref security_group;  // the group the rule belongs to
  Direction direction = Direction::kIngress;
  MatchSpec match;
  // Exactly one kind of peer per rule; frontends split multi-CIDR rules.
  // With keep_unplaced only, a peer group the inputs do not fix is also kept
  // as an unknown `peer_group` beside the 0.0.0.0/0 that stands for it.
  std::optional<Text> cidr;
  Ref prefix_list;
  Ref peer_group;
  bool self = false;
  std::string description;
  // One of the allow-all rules of a stand-in for a group outside the inputs
  // (frontends/common/outside_elements.h): not written by anyone.
  bool stand_in = false;
  // Values of this rule the input does not fix. The frontend writes the
  // widest form for each (protocol "-1", all ports, 0.0.0.0/0 for an unknown
  // CIDR or group); the engine then treats the rule as possibly wider than it
  // is and as possibly absent (docs/aws-modeling.md, "Unknown values").
  std::vector<UnknownValue> unknowns;
};

struct SecurityGroupSpec {
  Provenance provenance;
  std::string name;
  Ref vpc;  // empty: the only VPC of the input, else an error
  // true: the VPC's default group (adopted; only written rules remain).
  bool is_default = false;
  // AWS creates every new group with "allow all egress". Terraform removes
  // it; CloudFormation and the native format keep it unless egress is written.
  bool keep_default_egress = false;
  Tags tags;
};

struct NetworkAclRuleSpec {
  Provenance provenance;
  Ref network_acl;
  Located<long long> number;
  Direction direction = Direction::kIngress;
  Text action;  // "allow" or "deny"
  MatchSpec match;
  Text cidr;
  // As for security group rules: widest form written, unknowns listed.
  std::vector<UnknownValue> unknowns;
};

struct NetworkAclSpec {
  Provenance provenance;
  std::string name;
  Ref vpc;
  bool is_default = false;  // adopts the VPC's default ACL; only written rules remain
  Tags tags;
};

struct NetworkAclAssociationSpec {
  Provenance provenance;
  Ref subnet;
  Ref network_acl;
};

struct InternetGatewaySpec {
  Provenance provenance;
  std::string name;
  Ref vpc;  // attachment; may also come from an attachment spec
  Tags tags;
};

struct GatewayAttachmentSpec {
  Provenance provenance;
  Ref vpc;
  Ref gateway;  // internet or VPN gateway
};

// Gateways the engine treats as leaving the model (VPN, transit, endpoints...).
struct GatewaySpec {
  Provenance provenance;
  std::string name;
  RouteTargetKind kind = RouteTargetKind::kVpnGateway;
  Ref vpc;
  Tags tags;
};

struct ElasticIpSpec {
  Provenance provenance;
  std::string name;
  std::optional<Text> public_ip;
  Ref instance;           // direct association, if written on the EIP
  Ref network_interface;  // likewise
  Tags tags;
};

struct ElasticIpAssociationSpec {
  Provenance provenance;
  Ref elastic_ip;
  Ref instance;
  Ref network_interface;
};

struct NatGatewaySpec {
  Provenance provenance;
  std::string name;
  Ref subnet;
  bool is_public = true;
  std::optional<Text> private_ip;
  Ref elastic_ip;                  // allocation
  std::optional<Text> public_ip;   // when written directly
  Tags tags;
};

struct PeeringSpec {
  Provenance provenance;
  std::string name;
  Ref requester_vpc;
  Ref accepter_vpc;
  bool active = true;
  Tags tags;
};

struct PrefixListSpec {
  Provenance provenance;
  std::string name;
  std::vector<Text> entries;
  bool content_known = true;
};

// Public IPv4 request of an interface: absent means "the subnet decides".
struct PublicIpSpec {
  std::optional<Located<bool>> associate;
  std::optional<Text> address;  // a concrete public address
};

struct NetworkInterfaceSpec {
  Provenance provenance;
  std::string name;
  Ref subnet;
  std::vector<Text> private_ips;  // empty: some address of the subnet
  std::vector<Ref> security_groups;  // empty: the VPC's default group
  PublicIpSpec public_ip;
  bool source_dest_check = true;
  Ref attached_instance;  // the instance it is attached to, if any
  Tags tags;
};

struct InstanceSpec {
  Provenance provenance;
  std::string name;
  Ref subnet;  // primary interface
  std::vector<Text> private_ips;
  std::vector<Ref> security_groups;
  PublicIpSpec public_ip;
  bool source_dest_check = true;
  Tags tags;
};

struct DatabaseSpec {
  Provenance provenance;
  std::string name;
  std::vector<Ref> subnets;  // where it may be placed
  Ref subnet_group;          // or a subnet group naming them
  bool publicly_accessible = false;
  std::vector<Ref> security_groups;
  std::optional<Located<long long>> port;  // informational
  Tags tags;
};

struct DbSubnetGroupSpec {
  Provenance provenance;
  std::string name;
  std::vector<Ref> subnets;
};

// An unknown value the frontend could not confine to one rule (an unknown
// route destination or target, subnet CIDR, or placement), so that a part of
// the network is not fully known; `effect` says what was left out
// ("route 0 of aws_route_table.a is left out"). `vpc` names the VPC it
// concerns when known. Verdicts that could depend on it become unknown.
struct UncertaintySpec {
  UnknownValue value;
  std::string effect;
  Ref vpc;
};

// Everything one set of inputs describes.
struct Resources {
  // Set by the caller before mapping (InputOptions::keep_unplaced): resources
  // whose group, ACL or VPC reference the input does not fix are kept, with
  // Ref::unknown set, instead of being left out. For rule-level lint only:
  // such resources cannot be built into a network.
  bool keep_unplaced = false;
  std::vector<std::string> files;
  std::vector<VpcSpec> vpcs;
  std::vector<SubnetSpec> subnets;
  std::vector<RouteTableSpec> route_tables;
  std::vector<RouteSpec> routes;
  std::vector<RouteTableAssociationSpec> route_table_associations;
  std::vector<MainRouteTableAssociationSpec> main_route_table_associations;
  std::vector<SecurityGroupSpec> security_groups;
  std::vector<SecurityGroupRuleSpec> security_group_rules;
  std::vector<NetworkAclSpec> network_acls;
  std::vector<NetworkAclRuleSpec> network_acl_rules;
  std::vector<NetworkAclAssociationSpec> network_acl_associations;
  std::vector<InternetGatewaySpec> internet_gateways;
  std::vector<GatewayAttachmentSpec> gateway_attachments;
  std::vector<GatewaySpec> gateways;
  std::vector<ElasticIpSpec> elastic_ips;
  std::vector<ElasticIpAssociationSpec> elastic_ip_associations;
  std::vector<NatGatewaySpec> nat_gateways;
  std::vector<PeeringSpec> peerings;
  std::vector<PrefixListSpec> prefix_lists;
  std::vector<NetworkInterfaceSpec> network_interfaces;
  std::vector<InstanceSpec> instances;
  std::vector<DatabaseSpec> databases;
  std::vector<DbSubnetGroupSpec> db_subnet_groups;
  std::vector<UncertaintySpec> uncertainties;
  // Security groups named by resources segproof does not model (load
  // balancers, launch templates, Lambda functions...) or leaves out (an
  // instance whose subnet is not known): in use, though no modelled
  // interface carries them. Ref::unknown: an unknown value that may name
  // groups, `address` its description ("flatten", "var.sg_ids"). Not a
  // resource: neither in eachList() nor counted.
  std::vector<Ref> other_group_uses;

  // Appends everything of `other` (several input files make one network).
  void append(Resources other);
  // How many resources and rules there are (files and uncertainties aside).
  size_t count() const;

  // Calls `f` with a pointer to each member list of resources, in order.
  template <class F>
  static void eachList(F&& f) {
    f(&Resources::vpcs);
    f(&Resources::subnets);
    f(&Resources::route_tables);
    f(&Resources::routes);
    f(&Resources::route_table_associations);
    f(&Resources::main_route_table_associations);
    f(&Resources::security_groups);
    f(&Resources::security_group_rules);
    f(&Resources::network_acls);
    f(&Resources::network_acl_rules);
    f(&Resources::network_acl_associations);
    f(&Resources::internet_gateways);
    f(&Resources::gateway_attachments);
    f(&Resources::gateways);
    f(&Resources::elastic_ips);
    f(&Resources::elastic_ip_associations);
    f(&Resources::nat_gateways);
    f(&Resources::peerings);
    f(&Resources::prefix_lists);
    f(&Resources::network_interfaces);
    f(&Resources::instances);
    f(&Resources::databases);
    f(&Resources::db_subnet_groups);
  }
};

}  // namespace segproof::aws

#endif  // SEGPROOF_AWS_RESOURCES_H_
