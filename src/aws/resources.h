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
  // assign_ipv6_address_on_creation / AssignIpv6AddressOnCreation: an
  // interface that asks for none still gets one IPv6 address.
  bool assign_ipv6_on_creation = false;
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
  // With `address`: an Elastic IP (the code fixes it), or else an address
  // AWS assigned from its pool that a snapshot shows.
  bool elastic = true;
};

// IPv6 addresses of an interface: written ones, or a count of addresses AWS
// assigns from the subnet's IPv6 block; neither: the subnet decides
// (SubnetSpec::assign_ipv6_on_creation).
struct Ipv6Spec {
  std::vector<Text> addresses;
  std::optional<Located<long long>> count;
};

struct NetworkInterfaceSpec {
  Provenance provenance;
  std::string name;
  Ref subnet;
  std::vector<Text> private_ips;  // empty: some address of the subnet
  Ipv6Spec ipv6;
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
  Ipv6Spec ipv6;
  std::vector<Ref> security_groups;
  PublicIpSpec public_ip;
  bool source_dest_check = true;
  Tags tags;
};

// Whether a managed service's interfaces get an IPv6 address (one each, some
// free address AWS picks from the subnet's IPv6 block).
enum class ServiceIpv6 {
  kNone,       // IPv4 only: written, or AWS's default
  kDualStack,  // dual-stack written: a subnet without an IPv6 block is warned about
  // The input does not fix it (an unknown value; ECS tasks, where an account
  // setting decides): read as dual-stack, the wider reading, in subnets that
  // have an IPv6 block; silently IPv4 only in the others.
  kPossible,
  // Instances the service launches (EKS node groups): the subnet's
  // assign_ipv6_on_creation decides, as for an instance that asks for none.
  kFromSubnet,
};

// A managed service that AWS places in subnets the code names: a database
// (RDS instance or cluster), a cache, a Lambda function, an ECS service's
// tasks, an EKS control plane or node group, a search domain, an interface
// VPC endpoint. Each subnet gets one interface of the service, kind `kind`,
// at some address of the subnet (AWS assigns it), with the service's groups.
struct ServiceSpec {
  Provenance provenance;
  std::string name;
  EndpointKind kind = EndpointKind::kDatabase;
  std::vector<Ref> subnets;  // where it may be placed
  Ref subnet_group;          // or a subnet group naming them
  // A public IPv4 on every interface (publicly_accessible, assign_public_ip).
  bool publicly_accessible = false;
  // Instances the service launches (EKS node groups): each subnet's
  // map_public_ip_on_launch decides, as for an instance that names none.
  bool public_from_subnet = false;
  std::vector<Ref> security_groups;  // empty: the VPC's default group
  std::optional<Located<long long>> port;  // informational
  Tags tags;
  // IPv6 of its interfaces (docs/aws-modeling.md, "IPv6"); the location is
  // where it is written (network_type, ip_address_type...), if it is.
  Located<ServiceIpv6> ipv6{ServiceIpv6::kNone, {}};
};

// A subnet group: DB subnet groups, ElastiCache subnet groups.
struct SubnetGroupSpec {
  Provenance provenance;
  std::string name;
  std::vector<Ref> subnets;
};

// Load balancers (docs/aws-modeling.md, "Load balancers"): an application,
// network or classic load balancer with interfaces in its subnets, listeners
// that forward to target groups, and the targets registered in them.
using segproof::LoadBalancerKind;

struct LoadBalancerSpec {
  Provenance provenance;
  std::string name;
  LoadBalancerKind kind = LoadBalancerKind::kApplication;
  // Scheme internet-facing (AWS's default), else internal; gateway load
  // balancers have no scheme and are internal.
  bool internet_facing = true;
  SourceLocation scheme_location;  // where the scheme (internal) is written, if it is
  std::vector<Ref> subnets;     // one interface per subnet (subnets or subnet mappings)
  // ALB, classic: empty means the VPC's default group. NLB: empty means no
  // security group at all (traffic is not filtered by the load balancer).
  std::vector<Ref> security_groups;
  // Cross-zone load balancing as written; absent: the builder applies the
  // default (application: always on; network, gateway: off; classic: the
  // frontend writes its tool's default, Terraform on, CloudFormation off).
  std::optional<Located<bool>> cross_zone;
  // ip_address_type dualstack / IpAddressType dualstack: IPv6 clients too
  // (not analysed: a warning, and IPv6 proofs become unknown).
  std::optional<SourceLocation> dual_stack;
  Tags tags;
};

// A listener: protocol (HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP) and port on the
// load balancer, forwarding to target groups (its default action and its
// rules' forward actions). A classic load balancer's listener names its
// instance port and protocol instead (`target_port`, `target_protocol`) and
// forwards to the load balancer's instances.
struct ListenerSpec {
  Provenance provenance;
  Ref load_balancer;
  Text protocol;
  std::optional<Located<long long>> port;
  std::vector<Ref> target_groups;
  Text target_protocol;                           // classic only
  std::optional<Located<long long>> target_port;  // classic only
  // Ports absent: not known (any port), or none (gateway load balancers).
};

struct TargetGroupSpec {
  Provenance provenance;
  std::string name;
  Text protocol;
  // The port targets receive on; absent: lambda targets, or not known (any port).
  std::optional<Located<long long>> port;
  Text target_type;                        // instance (default), ip, lambda, alb
  Ref vpc;
  // Targets see the client's address (NLB); frontends apply AWS's default
  // when the code does not say.
  bool preserve_client_ip = false;
  Tags tags;
};

// A target registered in a target group (or, classic, with a load
// balancer): an instance, a network interface or service of the inputs
// (an ECS service, a Lambda function), an application load balancer (alb
// target groups), or an IP address; with its own port when it overrides the
// group's. The listener's address names it (provenance.address).
struct TargetSpec {
  Provenance provenance;
  Ref target_group;   // or
  Ref load_balancer;  // classic
  Ref target;         // an instance, interface or service (ECS service, Lambda)
  std::optional<Text> ip;
  std::optional<Located<long long>> port;
};

// Transit gateways (docs/aws-modeling.md, "Transit gateways"). A transit
// gateway with default association (propagation) enabled associates
// (propagates) every attachment that does not opt out with (to) its default
// route table, which the builder adds as "<name>/default-route-table" unless
// `default_route_table` names one.
struct TransitGatewaySpec {
  Provenance provenance;
  std::string name;
  bool default_association = true;
  bool default_propagation = true;
  Ref default_route_table;  // a state or template naming it explicitly
  Tags tags;
};

// A VPC attachment (subnets, one per availability zone), a peering
// attachment between two transit gateways, or an attachment leading out of
// the model (VPN, Direct Connect, Connect).
struct TransitGatewayAttachmentSpec {
  Provenance provenance;
  std::string name;
  TgwAttachmentKind kind = TgwAttachmentKind::kVpc;
  Ref transit_gateway;
  Ref vpc;                   // kVpc
  std::vector<Ref> subnets;  // kVpc
  Ref peer_transit_gateway;  // kPeering: the accepter side
  bool active = true;        // kPeering: accepted
  bool appliance_mode = false;
  bool ipv6_support = false;  // kVpc: ipv6_support = "enable" / Options.Ipv6Support
  // Opt-outs of the transit gateway's default association / propagation
  // (Terraform transit_gateway_default_route_table_association = false).
  bool default_association = true;
  bool default_propagation = true;
  Tags tags;
};

struct TransitGatewayRouteTableSpec {
  Provenance provenance;
  std::string name;
  Ref transit_gateway;
  bool is_default = false;  // the transit gateway's default route table
  Tags tags;
};

// A static route (or blackhole) of a transit gateway route table.
struct TransitGatewayRouteSpec {
  Provenance provenance;
  Ref route_table;
  std::optional<Text> destination;  // CIDR
  Ref destination_prefix_list;      // or a prefix list
  Ref attachment;                   // empty with blackhole
  bool blackhole = false;
  // Propagated by an attachment, as a snapshot lists it: loses to a static
  // route of the same prefix.
  bool propagated = false;
};

// Associates an attachment with a route table (the one its traffic is routed
// by), or propagates the attachment's routes (a VPC's CIDRs) into it. For a
// peering attachment, the route table's transit gateway says which side.
struct TransitGatewayTableLinkSpec {
  Provenance provenance;
  Ref attachment;
  Ref route_table;
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
  std::vector<ServiceSpec> services;
  std::vector<SubnetGroupSpec> subnet_groups;
  std::vector<LoadBalancerSpec> load_balancers;
  std::vector<ListenerSpec> listeners;
  std::vector<TargetGroupSpec> target_groups;
  std::vector<TargetSpec> targets;
  std::vector<TransitGatewaySpec> transit_gateways;
  std::vector<TransitGatewayAttachmentSpec> transit_gateway_attachments;
  std::vector<TransitGatewayRouteTableSpec> transit_gateway_route_tables;
  std::vector<TransitGatewayRouteSpec> transit_gateway_routes;
  std::vector<TransitGatewayTableLinkSpec> transit_gateway_associations;
  std::vector<TransitGatewayTableLinkSpec> transit_gateway_propagations;
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
    f(&Resources::services);
    f(&Resources::subnet_groups);
    f(&Resources::load_balancers);
    f(&Resources::listeners);
    f(&Resources::target_groups);
    f(&Resources::targets);
    f(&Resources::transit_gateways);
    f(&Resources::transit_gateway_attachments);
    f(&Resources::transit_gateway_route_tables);
    f(&Resources::transit_gateway_routes);
    f(&Resources::transit_gateway_associations);
    f(&Resources::transit_gateway_propagations);
  }
};

}  // namespace segproof::aws

#endif  // SEGPROOF_AWS_RESOURCES_H_
