// The vendor-independent network model: what every frontend produces and
// every later stage reads.
//
// A Network owns flat vectors of elements; elements refer to each other by
// index (the *Id types). AWS semantics come first: the element kinds and their
// defaults are those of an AWS VPC, and src/aws/ is the one place where
// resources become these elements. Every element keeps its Provenance, so
// every answer can point at the line that must change.
//
// Invariants after src/model/ validation (validateNetwork):
//   - every Id refers to an existing element;
//   - each subnet's route_table and network_acl are set (explicit or the VPC's
//     main table / default ACL) and belong to the subnet's VPC;
//   - each VPC has a default security group, a default network ACL and a main
//     route table;
//   - rules of each NetworkAcl are sorted by number within a direction.
#ifndef SEGPROOF_MODEL_NETWORK_H_
#define SEGPROOF_MODEL_NETWORK_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "segproof/diag/diagnostic.h"
#include "segproof/model/ip.h"

namespace segproof {

// Where an element came from: its source position and its resource address
// (Terraform address, CloudFormation logical id, or native model name).
struct Provenance {
  SourceLocation location;
  std::string address;
  // What AWS calls the element, when the input says: its id ("sg-0a1b...",
  // from a snapshot, a plan or a state) and its own name (a security
  // group's GroupName, a load balancer's or target group's name, a
  // database identifier). `segproof drift` matches code to live resources
  // by them (docs/drift.md); empty when not known. The braces keep
  // `Provenance{location, address}` free of missing-initializer warnings.
  std::string cloud_id{};
  std::string cloud_name{};
};

using Tags = std::map<std::string, std::string>;

// A typed index into one of Network's vectors. Invalid when value < 0.
template <class Tag>
struct Id {
  int32_t value = -1;
  bool valid() const { return value >= 0; }
  auto operator<=>(const Id&) const = default;
};

using VpcId = Id<struct VpcTag>;
using SubnetId = Id<struct SubnetTag>;
using RouteTableId = Id<struct RouteTableTag>;
using SecurityGroupId = Id<struct SecurityGroupTag>;
using NetworkAclId = Id<struct NetworkAclTag>;
using InternetGatewayId = Id<struct InternetGatewayTag>;
using NatGatewayId = Id<struct NatGatewayTag>;
using PeeringId = Id<struct PeeringTag>;
using GatewayId = Id<struct GatewayTag>;
using PrefixListId = Id<struct PrefixListTag>;
using InterfaceId = Id<struct InterfaceTag>;
using TransitGatewayId = Id<struct TransitGatewayTag>;
using TgwAttachmentId = Id<struct TgwAttachmentTag>;
using TgwRouteTableId = Id<struct TgwRouteTableTag>;
using LoadBalancerId = Id<struct LoadBalancerTag>;
using TargetGroupId = Id<struct TargetGroupTag>;

// IP protocol numbers, and kAnyProtocol for AWS's "-1" / "all".
inline constexpr int kAnyProtocol = -1;
inline constexpr int kIcmp = 1;
inline constexpr int kTcp = 6;
inline constexpr int kUdp = 17;
inline constexpr int kIcmpV6 = 58;

enum class Direction : uint8_t { kIngress, kEgress };

struct PortRange {
  int from = 0;  // inclusive, 0-65535
  int to = 65535;
  bool all() const { return from == 0 && to == 65535; }
};

// What a rule matches besides addresses: protocol and ports or ICMP type/code.
// For kAnyProtocol the ports and ICMP fields are ignored, whatever they say.
// For tcp and udp, `ports` applies to the destination port. For icmp/icmpv6,
// icmp_type and icmp_code apply, -1 meaning any.
struct Match {
  int protocol = kAnyProtocol;
  PortRange ports;
  int icmp_type = -1;
  int icmp_code = -1;
};

struct Vpc {
  Provenance provenance;
  std::string name;
  std::vector<Cidr> cidrs;  // IPv4 and IPv6 blocks; the first IPv4 one is primary
  Tags tags;
  SecurityGroupId default_security_group;
  NetworkAclId default_network_acl;
  RouteTableId main_route_table;
  InternetGatewayId internet_gateway;  // attached IGW, if any
};

struct Subnet {
  Provenance provenance;
  std::string name;
  VpcId vpc;
  Cidr cidr;                      // IPv4 block
  std::optional<Cidr> ipv6_cidr;  // IPv6 block (docs/aws-modeling.md, "IPv6")
  std::string availability_zone;
  bool map_public_ip_on_launch = false;
  SourceLocation map_public_ip_location;  // where the flag is written, if it is
  RouteTableId route_table;  // effective: explicit association or main table
  bool route_table_explicit = false;
  NetworkAclId network_acl;  // effective: explicit association or default ACL
  bool network_acl_explicit = false;
  Tags tags;
};

enum class RouteTargetKind : uint8_t {
  kLocal,
  kInternetGateway,
  kEgressOnlyInternetGateway,
  kNatGateway,
  kPeering,
  kTransitGateway,
  kVpnGateway,
  kVpcEndpoint,
  kNetworkInterface,
  kBlackhole,
  kOther,  // carrier gateway, local gateway: leaves the model
  kTransitGatewayAttachment,  // routes of a transit gateway route table
};

struct Route {
  Provenance provenance;
  Cidr destination;
  PrefixListId destination_prefix_list;  // set instead of `destination` when routed by list
  RouteTargetKind target = RouteTargetKind::kBlackhole;
  // Exactly one of the following matches `target` (none for local/blackhole).
  InternetGatewayId internet_gateway;
  NatGatewayId nat_gateway;
  PeeringId peering;
  // VPN, endpoint, egress-only or other gateways; a transit gateway outside
  // the model (its reference does not resolve to a TransitGateway)
  GatewayId gateway;
  TransitGatewayId transit_gateway;  // kTransitGateway, when modelled
  TgwAttachmentId attachment;        // kTransitGatewayAttachment
  InterfaceId interface;
  bool propagated = false;  // loses to a static route of the same prefix
};

struct RouteTable {
  Provenance provenance;
  std::string name;
  VpcId vpc;
  std::vector<Route> routes;  // includes the implicit local routes
  bool is_main = false;
  Tags tags;
};

// A value the input does not fix (a variable without a value, a data source,
// an attribute known only after apply): `description` names its origin
// ("var.office_cidr"), `location` is where it is used.
struct UnknownValue {
  std::string description;
  SourceLocation location;
};

// The source (ingress) or destination (egress) of a security group rule.
struct RulePeer {
  enum class Kind : uint8_t { kCidr, kPrefixList, kSecurityGroup };
  Kind kind = Kind::kCidr;
  Cidr cidr;
  PrefixListId prefix_list;
  SecurityGroupId security_group;  // members of that group (also "self")
};

struct SecurityGroupRule {
  Provenance provenance;
  Direction direction = Direction::kIngress;
  Match match;
  RulePeer peer;
  std::string description;
  // Values of the rule the input does not fix. The rule is written in its
  // widest form and stands for "possibly this wide, possibly absent"
  // (docs/aws-modeling.md, "Unknown values").
  std::vector<UnknownValue> unknowns;
};

struct SecurityGroup {
  Provenance provenance;
  std::string name;
  VpcId vpc;
  bool is_default = false;
  std::vector<SecurityGroupRule> rules;
  Tags tags;
};

struct NetworkAclRule {
  Provenance provenance;
  int number = 0;  // 1-32766; 32767 is the implicit deny
  Direction direction = Direction::kIngress;
  bool allow = false;
  Match match;
  Cidr cidr;
  std::vector<UnknownValue> unknowns;  // as for SecurityGroupRule
};

struct NetworkAcl {
  Provenance provenance;
  std::string name;
  VpcId vpc;
  bool is_default = false;
  std::vector<NetworkAclRule> rules;  // sorted by (direction, number)
  Tags tags;
};

struct InternetGateway {
  Provenance provenance;
  std::string name;
  VpcId vpc;  // invalid when detached
  Tags tags;
};

// Gateways that lead out of the model or are not analysed in depth yet:
// virtual private gateways (on-premises), transit gateways, VPC endpoints,
// egress-only IGWs, carrier and local gateways.
struct Gateway {
  Provenance provenance;
  std::string name;
  RouteTargetKind kind = RouteTargetKind::kVpnGateway;
  VpcId vpc;  // attachment, when it has one
  Tags tags;
};

// An address that the model may know exactly, or only as "some address of the
// subnet" (the code does not fix it and AWS assigns it at creation).
struct PrivateAddress {
  std::optional<IpAddress> ip;  // nullopt: some free address of the subnet
};

struct PublicAddress {
  enum class Kind : uint8_t { kNone, kAssigned, kElastic };
  Kind kind = Kind::kNone;
  std::optional<IpAddress> ip;  // known when the code fixes it
  Provenance provenance;        // where the public address comes from
  bool present() const { return kind != Kind::kNone; }
};

struct NatGateway {
  Provenance provenance;
  std::string name;
  SubnetId subnet;
  bool is_public = true;  // connectivity_type public (needs an EIP) or private
  PrivateAddress private_address;
  PublicAddress public_address;
  Tags tags;
};

struct Peering {
  Provenance provenance;
  std::string name;
  VpcId requester;
  VpcId accepter;
  bool active = true;  // accepted
  Tags tags;
};

struct PrefixList {
  Provenance provenance;
  std::string name;
  std::vector<Cidr> entries;
  bool content_known = true;  // false for AWS-managed lists named only by id
};

// What an interface belongs to. Services (docs/aws-modeling.md, "Services
// placed in subnets") have one interface per subnet they may use.
enum class EndpointKind : uint8_t {
  kInstance,
  kNetworkInterface,
  kDatabase,      // RDS instance or cluster
  kCache,         // ElastiCache
  kFunction,      // Lambda function with vpc_config
  kContainer,     // ECS service tasks (awsvpc)
  kKubernetesControlPlane,  // EKS cluster endpoint interfaces
  kKubernetesNode,          // EKS node group instances
  kSearchDomain,  // OpenSearch / Elasticsearch
  kVpcEndpoint,   // interface VPC endpoint
  kLoadBalancer,  // a node of a load balancer (one per subnet)
};

// A network interface: where traffic starts and ends.
struct Interface {
  Provenance provenance;
  std::string name;   // resource address of the interface itself
  std::string owner;  // resource address of the instance / database, if any
  EndpointKind kind = EndpointKind::kInstance;
  SubnetId subnet;
  std::vector<PrivateAddress> private_addresses;  // at least one
  // IPv6 addresses, in the subnet's IPv6 block (an unfixed one: some free
  // address of it); empty when the interface has none. Global unicast
  // addresses are reachable from the internet without translation.
  std::vector<PrivateAddress> ipv6_addresses;
  PublicAddress public_address;
  // Effective (the default group if none given). Empty only for the nodes
  // of a network load balancer without security groups: nothing filters
  // their traffic.
  std::vector<SecurityGroupId> security_groups;
  bool source_dest_check = true;
  LoadBalancerId load_balancer;  // kLoadBalancer: the load balancer it is a node of
  Tags tags;
};

// Load balancers (docs/aws-modeling.md, "Load balancers"). A load balancer
// has one node per subnet (an Interface of kind kLoadBalancer, with the load
// balancer's groups and, when internet-facing, a public address). A node
// accepts a connection on a listener's protocol and port and opens a new one
// to a target of one of the listener's target groups.
enum class LoadBalancerKind : uint8_t { kApplication, kNetwork, kGateway, kClassic };

// A target: an interface of the model (an instance's primary interface, a
// service's interface, a node of another load balancer), or an IP address
// that no interface of the model is known to have.
struct LbTarget {
  Provenance provenance;  // where it is registered
  InterfaceId iface;      // or
  std::optional<IpAddress> ip;
  PortRange ports;        // the port it receives on (one; all when not known)
};

// Protocols of a listener or target group: TCP, UDP, or both (TCP_UDP).
// HTTP, HTTPS and TLS are TCP.
struct LbProtocols {
  bool tcp = true;
  bool udp = false;
};

struct TargetGroup {
  Provenance provenance;
  std::string name;
  LbProtocols protocols;
  // Targets see the client's address and source port (network load
  // balancers; the builder applies AWS's defaults); else the node's address
  // and a port of its choosing.
  bool preserve_client_ip = false;
  std::vector<LbTarget> targets;
  Tags tags;
};

struct LbListener {
  Provenance provenance;
  LbProtocols protocols;
  PortRange ports;  // the listener's port (all when not known)
  std::vector<TargetGroupId> target_groups;  // its default action's and rules' forwards
};

struct LoadBalancer {
  Provenance provenance;
  std::string name;
  LoadBalancerKind kind = LoadBalancerKind::kApplication;
  bool internet_facing = true;
  // Nodes forward to targets in every zone; else only to targets in their
  // own zone. Targets in a zone where the load balancer has no node receive
  // nothing either way.
  bool cross_zone = true;
  // Accepts IPv6 clients too (ip_address_type dualstack); their side is not
  // analysed: no IPv6 proof stands while one exists.
  bool dual_stack = false;
  std::vector<InterfaceId> nodes;
  std::vector<LbListener> listeners;
  Tags tags;
};

// Transit gateways (docs/aws-modeling.md, "Transit gateways").
struct TransitGateway {
  Provenance provenance;
  std::string name;
  Tags tags;
};

enum class TgwAttachmentKind : uint8_t {
  kVpc,      // subnets of one VPC, one per availability zone
  kPeering,  // to another transit gateway
  kOther,    // VPN, Direct Connect, Connect: leaves the model
};

struct TgwAttachment {
  Provenance provenance;
  std::string name;
  TgwAttachmentKind kind = TgwAttachmentKind::kVpc;
  TransitGatewayId transit_gateway;       // kPeering: the requester side
  TransitGatewayId peer_transit_gateway;  // kPeering: the accepter side
  VpcId vpc;                              // kVpc
  std::vector<SubnetId> subnets;          // kVpc: where its interfaces are
  bool active = true;                     // kPeering: accepted
  bool appliance_mode = false;
  // kVpc: IPv6 support enabled (off by default); without it the attachment
  // carries no IPv6 traffic.
  bool ipv6_support = false;
  // The route table the attachment's traffic is routed by, on its transit
  // gateway (and, for a peering, on the peer): invalid = none, traffic dropped.
  TgwRouteTableId route_table;
  TgwRouteTableId peer_route_table;
  Tags tags;
};

// A transit gateway route table: static routes (target kTransitGateway-
// Attachment or kBlackhole) and propagated ones (`propagated`, losing to a
// static route of the same prefix).
struct TgwRouteTable {
  Provenance provenance;
  std::string name;
  TransitGatewayId transit_gateway;
  std::vector<Route> routes;
  bool is_default = false;
  Tags tags;
};

// A part of the network left out because a value is unknown (a route with an
// unknown destination, a subnet with an unknown CIDR, an instance with an
// unknown subnet); `effect` says what was left out. `vpc` is invalid when the
// VPC it concerns is not known.
struct Uncertainty {
  UnknownValue value;
  std::string effect;
  VpcId vpc;
};

struct Network {
  std::vector<Vpc> vpcs;
  std::vector<Subnet> subnets;
  std::vector<RouteTable> route_tables;
  std::vector<SecurityGroup> security_groups;
  std::vector<NetworkAcl> network_acls;
  std::vector<InternetGateway> internet_gateways;
  std::vector<NatGateway> nat_gateways;
  std::vector<Peering> peerings;
  std::vector<Gateway> gateways;
  std::vector<PrefixList> prefix_lists;
  std::vector<Interface> interfaces;
  std::vector<TransitGateway> transit_gateways;
  std::vector<TgwAttachment> tgw_attachments;
  std::vector<TgwRouteTable> tgw_route_tables;
  std::vector<LoadBalancer> load_balancers;
  std::vector<TargetGroup> target_groups;
  std::vector<Uncertainty> uncertainties;
  std::vector<std::string> input_files;

  const Vpc& at(VpcId id) const { return vpcs[id.value]; }
  const Subnet& at(SubnetId id) const { return subnets[id.value]; }
  const RouteTable& at(RouteTableId id) const { return route_tables[id.value]; }
  const SecurityGroup& at(SecurityGroupId id) const { return security_groups[id.value]; }
  const NetworkAcl& at(NetworkAclId id) const { return network_acls[id.value]; }
  const InternetGateway& at(InternetGatewayId id) const { return internet_gateways[id.value]; }
  const NatGateway& at(NatGatewayId id) const { return nat_gateways[id.value]; }
  const Peering& at(PeeringId id) const { return peerings[id.value]; }
  const Gateway& at(GatewayId id) const { return gateways[id.value]; }
  const PrefixList& at(PrefixListId id) const { return prefix_lists[id.value]; }
  const Interface& at(InterfaceId id) const { return interfaces[id.value]; }
  const TransitGateway& at(TransitGatewayId id) const { return transit_gateways[id.value]; }
  const TgwAttachment& at(TgwAttachmentId id) const { return tgw_attachments[id.value]; }
  const TgwRouteTable& at(TgwRouteTableId id) const { return tgw_route_tables[id.value]; }
  const LoadBalancer& at(LoadBalancerId id) const { return load_balancers[id.value]; }
  const TargetGroup& at(TargetGroupId id) const { return target_groups[id.value]; }
};

const char* routeTargetName(RouteTargetKind kind);
const char* endpointKindName(EndpointKind kind);
const char* tgwAttachmentKindName(TgwAttachmentKind kind);
// "application", "network", "gateway", "classic".
const char* loadBalancerKindName(LoadBalancerKind kind);
// "tcp", "udp", "icmp", "all" or the number.
std::string protocolName(int protocol);
// "tcp/22", "tcp/1024-65535", "icmp type 8", "all traffic".
std::string matchText(const Match& match);
// "22", "1024-65535", "all" (0-65535).
std::string portsText(const PortRange& ports);

// Tags that apply to an interface: its VPC's, overlaid by its subnet's,
// overlaid by its own.
Tags effectiveTags(const Network& network, const Interface& interface);
// The value of one effective tag (as effectiveTags would give it), or
// nullptr; without building the map.
const std::string* effectiveTag(const Network& network, const Interface& interface,
                                const std::string& key);

}  // namespace segproof

#endif  // SEGPROOF_MODEL_NETWORK_H_
