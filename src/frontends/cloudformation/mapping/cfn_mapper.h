// Internal to mapping/: the state of one mapCloudFormation() run, shared by
// the files that implement it (cfn_values.cc: properties, references and what
// unknown values leave out; cfn_map_vpc.cc: VPCs, subnets, gateways,
// peerings, prefix lists, Elastic IPs, NAT gateways; cfn_map_routing.cc: route
// tables, routes, associations; cfn_map_security.cc: security groups, network
// ACLs and their rules; cfn_map_endpoints.cc: instances, network interfaces,
// RDS databases and clusters, subnet groups; cfn_map_services.cc: managed
// services placed in subnets (Lambda, ECS, EKS, ElastiCache, OpenSearch, VPC
// endpoints); cfn_map_transit.cc: transit gateways, their attachments, route
// tables and routes; cfn_map_load_balancers.cc: load balancers, listeners,
// target groups and their targets; cfn_map_group_uses.cc: groups named by
// what the model does not carry; cfn_mapping.cc: the order of the types,
// unsupported types).
//
// Resource types are mapped in dependency order, so that an element left out
// for an unknown value is known as left out when later elements name it: a
// reference to it then counts as unknown.
#ifndef SEGPROOF_FRONTENDS_CLOUDFORMATION_MAPPING_CFN_MAPPER_H_
#define SEGPROOF_FRONTENDS_CLOUDFORMATION_MAPPING_CFN_MAPPER_H_

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "aws/resources.h"
#include "frontends/cloudformation/stack.h"
#include "frontends/common/outside_elements.h"
#include "frontends/common/value_reads.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::cloudformation::mapping {

using aws::Located;
using aws::Ref;
using aws::Text;
using aws::UnknownValue;
using terraform::EvalBody;

// The properties of a resource, or the keys of one element of a list
// property (its block, with a location per key) or of an object property
// (a map, located where the property is).
class Props : public frontends::Arguments {
 public:
  using Arguments::Arguments;

  // The elements of the list property `name` that are objects, each located
  // at its element when the stack gives one block per element.
  struct Elements {
    std::vector<Props> items;
    std::optional<UnknownValue> unknown;  // the list, or an element, is unknown
    bool invalid = false;                 // not a list of objects
  };
  Elements elements(const std::string& name) const;
};

using frontends::Read;
using frontends::readServiceIpv6;

// A reference read from a value.
struct Reference {
  enum class Kind { kAbsent, kResolved, kUnknown, kInvalid };
  Kind kind = Kind::kAbsent;
  const Resource* target = nullptr;  // kResolved (nullptr for a VPC's implicit element)
  Ref ref;                           // kResolved
  UnknownValue unknown;              // kUnknown
  bool resolved() const { return kind == Kind::kResolved; }
};

using Types = std::initializer_list<const char*>;

// "Network/WebSG.GroupId" -> {"Network/WebSG", "GroupId"}; an expression over
// a reference ("A.Ref != ''") yields {"", ""}, a plain text {text, ""}.
std::pair<std::string, std::string> splitReference(const std::string& description);

// Where an RDS cluster places its instances (cfn_map_endpoints.cc).
struct DbClusterPlacement {
  Ref subnet_group;
  std::vector<Ref> security_groups;
  std::optional<Located<long long>> port;
  Located<aws::ServiceIpv6> ipv6;  // NetworkType
};

// An instance's NetworkInterfaces, by device.
struct InstanceDevices {
  const Resource* primary = nullptr;    // device 0 named by NetworkInterfaceId
  std::optional<Props> primary_inline;  // device 0 written inline
  std::vector<size_t> others_inline;    // elements at other devices
  std::vector<std::pair<std::string, SourceLocation>> others_named;  // interface, where named
  bool left_out = false;                                             // an unknown primary interface
};

class CfnMapper {
 public:
  CfnMapper(const Stack& stack, aws::Resources& out, DiagnosticEngine& diags);
  void run();

 private:
  // cfn_mapping.cc
  void mapResource(const Resource& in);

  // cfn_values.cc: values
  Read<Text> text(const Props& props, const std::string& name, const Resource& owner);
  Read<Located<long long>> integer(const Props& props, const std::string& name,
                                   const Resource& owner);
  Read<Located<bool>> flag(const Props& props, const std::string& name, const Resource& owner);
  // The elements of a list of scalars (or references); nullptr when absent,
  // unknown as a whole (`unknown`) or not a list (an error).
  const hcl::ValueList* sequence(const Props& props, const std::string& name, const Resource& owner,
                                 std::optional<UnknownValue>* unknown);
  Props::Elements elements(const Props& props, const std::string& name, const Resource& owner);
  // The object property `name` (VpcConfig, Options), its keys located at the
  // property; nullopt when absent, unknown (`unknown` set) or not an object
  // (an error).
  std::optional<Props> object(const Props& props, const std::string& name, const Resource& owner,
                              std::optional<UnknownValue>* unknown);
  Tags tags(const Props& props) const;
  void invalid(const SourceLocation& where, const Resource& owner, const std::string& message);
  bool required(const Props& props, const std::string& name, const Resource& owner);

  // cfn_values.cc: references
  Reference reference(const hcl::Value& value, const SourceLocation& where, Types types,
                      const Resource& owner, const char* name_property = nullptr);
  Reference reference(const Props& props, const std::string& name, Types types,
                      const Resource& owner, const char* name_property = nullptr);
  // A reference the resource cannot do without: missing is an error, unknown
  // leaves the resource out (omit()); nullopt in both cases.
  std::optional<Ref> requiredRef(const Props& props, const std::string& name, Types types,
                                 const Resource& in, const Ref& vpc = {});
  const Resource* find(const std::string& logical_id) const;
  // The value of an unknown GetAtt the template fixes (Vpc.CidrBlock).
  std::optional<std::string> knownAttribute(const std::string& description) const;

  // cfn_values.cc: what is left out
  void uncertain(const UnknownValue& value, const std::string& effect, const Ref& vpc);
  void omit(const Resource& in, const UnknownValue& value, const Ref& vpc);
  // With keep_unplaced, what omit() becomes: the uncertainty is recorded and
  // the reference kept as unknown.
  Ref unplaced(const Resource& in, const UnknownValue& value, const Ref& vpc);
  Ref externalGroup(const UnknownValue& value, const Ref& vpc);
  Ref externalGateway(const UnknownValue& value, RouteTargetKind kind);
  // The logical id for "<LogicalId>.<attribute>", else the description.
  std::string outsideName(const std::string& description) const;
  Provenance provenance(const Resource& in) const;
  Ref vpcOf(const Ref& element) const;
  Ref defaultVpc(const Resource& user);

  // cfn_map_group_uses.cc
  // Records in out_.other_group_uses the groups `in` names in any property:
  // for a resource the model does not carry (a launch template, an instance
  // or load balancer left out for an unknown subnet).
  void recordGroupUses(const Resource& in);
  void recordGroupUse(const hcl::Value& value, const SourceLocation& where, bool group_key,
                      const Resource& in);

  // cfn_map_vpc.cc
  void mapVpc(const Resource& in);
  void mapVpcCidrBlock(const Resource& in);
  void mapSubnet(const Resource& in);
  void mapSubnetCidrBlock(const Resource& in);
  // Records that the IPv6 block `element` gives is known only once deployed.
  void ipv6Unknown(const UnknownValue& value, const std::string& element, const Ref& vpc);
  void mapInternetGateway(const Resource& in);
  void mapGateway(const Resource& in, RouteTargetKind kind);
  void mapGatewayAttachment(const Resource& in);
  void mapPeering(const Resource& in);
  void mapPrefixList(const Resource& in);
  void mapElasticIp(const Resource& in);
  void mapElasticIpAssociation(const Resource& in);
  void mapNatGateway(const Resource& in);

  // cfn_map_routing.cc
  void mapRouteTable(const Resource& in);
  void mapRoute(const Resource& in);
  bool routeTarget(const Props& props, aws::RouteSpec& spec, const Ref& vpc, const Resource& in);
  void mapRouteTableAssociation(const Resource& in);
  void mapRoutePropagation(const Resource& in);

  // cfn_map_security.cc
  void mapSecurityGroup(const Resource& in);
  void mapSecurityGroupRule(const Resource& in, Direction direction);
  void mapGroupRule(const Props& props, aws::SecurityGroupRuleSpec rule, const Resource& owner);
  bool rulePeer(const Props& props, const std::string& name, aws::SecurityGroupRuleSpec& rule,
                const Resource& owner);
  bool ruleMatch(const Props& props, aws::MatchSpec& match, std::vector<UnknownValue>& unknowns,
                 const Resource& owner);
  void mapNetworkAcl(const Resource& in);
  void mapNetworkAclEntry(const Resource& in);
  bool aclMatch(const Props& props, aws::NetworkAclRuleSpec& spec, const Resource& in);
  void mapNetworkAclAssociation(const Resource& in);

  // cfn_map_endpoints.cc
  void mapInstance(const Resource& in);
  InstanceDevices instanceDevices(const Props::Elements& devices, const Resource& in);
  std::optional<Located<bool>> associatePublicIp(const Props& props, const Resource& in,
                                                 const Ref& vpc);
  void mapInlineInterface(const Props& device, const Resource& in, const std::string& name,
                          const Ref& vpc);
  void mapNetworkInterface(const Resource& in);
  void mapInterfaceAttachment(const Resource& in);
  void mapSubnetGroup(const Resource& in);
  // The subnet group `in` names in `name` (a Ref or the group's name in
  // `name_property`); nullopt when `in` is left out (unknown, or absent: the
  // default VPC) or the reference is invalid.
  std::optional<Ref> subnetGroupOf(const Props& props, const char* name, Types types,
                                   const Resource& in);
  bool publiclyAccessible(const Props& props, const Resource& in, const Ref& vpc);
  void mapDbCluster(const Resource& in);
  void mapDatabase(const Resource& in);
  std::vector<Ref> interfaceGroups(const Props& props, const std::string& name, const Ref& vpc,
                                   const Resource& owner, const char* name_property = nullptr);
  void addGroup(std::vector<Ref>& groups, const Ref& group) const;
  std::vector<Text> privateIps(const Props& props, const Resource& owner);
  // The IPv6 addresses (Ipv6Addresses, Ipv6AddressCount) `props` asks for,
  // for an interface of `in` placed in `subnet`.
  aws::Ipv6Spec ipv6Addresses(const Props& props, const Ref& subnet, const Resource& in);
  bool sourceDestCheck(const Props& props, const Resource& owner, const Ref& vpc);

  // cfn_map_services.cc
  // The subnets `in` lists in `name`; subnets outside the template are
  // uncertainties. nullopt when `in` is left out (an unknown list, or none of
  // the template's subnets: then omitted_) or the list is missing or invalid.
  std::optional<std::vector<Ref>> serviceSubnets(const Props& props, const std::string& name,
                                                 const Resource& in);
  // One service for `in` in `subnets`, with the groups `config` lists in
  // `groups` (nullptr: none); the spec is appended and returned.
  aws::ServiceSpec& addService(const Resource& in, EndpointKind kind, std::vector<Ref> subnets,
                               const Props& config, const char* groups);
  void mapConfiguredService(const Resource& in, EndpointKind kind, const char* config);
  void mapEcsService(const Resource& in);
  void mapEksCluster(const Resource& in);
  Ref addClusterGroup(const Resource& in, const Ref& vpc);
  void mapEksNodegroup(const Resource& in);
  void mapCache(const Resource& in, const char* groups);
  void mapVpcEndpoint(const Resource& in);
  void mapGatewayEndpoint(const Resource& in);
  Ref managedPrefixList(const Read<Text>& service);

  // cfn_map_load_balancers.cc
  // false when `read` is a value outside `choices` (an error) or invalid.
  bool oneOf(const Read<Text>& read, Types choices, const std::string& name, const Resource& in);
  void mapLoadBalancer(const Resource& in);
  std::optional<std::vector<Ref>> loadBalancerSubnets(const Props& props, const Resource& in);
  void applyScheme(const Read<Text>& scheme, aws::LoadBalancerSpec& spec, const Ref& vpc,
                   const Resource& in);
  // Protocol and port of a listener or target group; unknown ones are read
  // widely (TCP_UDP, any port) with an uncertainty. false on a wrong type.
  bool protocolPort(const Props& props, const char* protocol_name, const char* port_name,
                    Text& protocol, std::optional<Located<long long>>& port,
                    const std::string& element, const Ref& vpc, const Resource& in);
  void mapListener(const Resource& in);
  void mapListenerRule(const Resource& in);
  // The target groups the forward actions of `name` (DefaultActions,
  // Actions) name: TargetGroupArn and ForwardConfig.TargetGroups.
  std::vector<Ref> forwardGroups(const Props& props, const char* name, const Resource& in,
                                 const Ref& vpc);
  void addForwardGroup(const Props& props, std::vector<Ref>& groups, const Resource& in,
                       const Ref& vpc);
  void mapTargetGroup(const Resource& in);
  bool preserveClientIp(const Props& props, const aws::TargetGroupSpec& group, const Ref& vpc,
                        const Resource& in);
  std::optional<Located<bool>> crossZone(const Props& props, const Ref& vpc, const Resource& in);
  void mapTarget(const Props& target, const std::string& target_type, const Ref& vpc,
                 const Resource& in);
  void mapClassicLoadBalancer(const Resource& in);
  void mapClassicListeners(const Props& props, const Ref& vpc, const Resource& in);
  void mapClassicInstances(const Props& props, const Ref& vpc, const Resource& in);
  void mapEcsTargets(const Resource& in);
  void mapAutoScalingGroup(const Resource& in);

  // cfn_map_transit.cc
  std::optional<Ref> neededRef(const Props& props, const std::string& name, Types types,
                               const Resource& in);
  bool tgwOption(const Props& props, const std::string& name, const Resource& in,
                 const std::string& effect);
  void mapTransitGateway(const Resource& in);
  void mapTgwVpcAttachment(const Resource& in);
  void mapTgwPeeringAttachment(const Resource& in);
  void mapTgwRouteTable(const Resource& in);
  void mapTgwRoute(const Resource& in);
  bool tgwRouteTarget(const Props& props, aws::TransitGatewayRouteSpec& spec, const Ref& table,
                      const Resource& in);
  void mapTgwTableLink(const Resource& in, std::vector<aws::TransitGatewayTableLinkSpec>& links);
  Ref outsideAttachment(const UnknownValue& value, const Ref& table);

  const Stack& stack_;
  aws::Resources& out_;
  DiagnosticEngine& diags_;

  std::map<std::string, const Resource*> by_id_;
  std::set<std::string> omitted_;               // logical ids left out
  std::map<std::string, size_t> vpc_at_;        // logical id -> index in out_.vpcs
  std::map<std::string, size_t> interface_at_;  // -> index in out_.network_interfaces
  std::map<std::string, Ref> vpc_of_;           // element -> its VPC
  std::map<std::string, size_t> subnet_at_;     // -> index in out_.subnets
  // Subnets with a known IPv6 block, and with one known only once deployed
  // (their interfaces' IPv6 addresses are left out with it).
  std::set<std::string> ipv6_subnets_, ipv6_unknown_subnets_;
  // Network interfaces that are an instance's primary interface (device
  // index 0) -> that instance: naming them names the instance.
  std::map<std::string, std::string> absorbed_;
  std::map<std::string, Ref> attached_by_;  // interface -> instance (other devices)
  // Instances, interfaces, databases and services whose groups the model
  // carries; others of these types are scanned by recordGroupUses().
  std::set<std::string> carries_groups_;
  // Groups that AWS::EC2::SecurityGroupEgress resources add rules to: CFN
  // then removes the default allow-all egress rule (cfn_map_security.cc).
  std::set<std::string> egress_added_;
  // EKS cluster -> its cluster security group (cfn_map_services.cc).
  std::map<std::string, Ref> cluster_groups_;
  std::map<std::string, DbClusterPlacement> db_clusters_;
  std::set<std::string> gateway_endpoints_;    // mapped as route targets
  std::map<std::string, size_t> listener_at_;  // listener -> index in out_.listeners
  std::set<std::string> managed_lists_;        // "aws-managed:<service>" prefix lists added
  // Transit gateway -> the address of its default route table; transit
  // gateway route table (and default table) -> its transit gateway.
  std::map<std::string, std::string> tgw_default_table_;
  std::map<std::string, Ref> tgw_of_;
  std::set<std::string> outside_attachments_;
  std::string default_vpc_;
  frontends::OutsideElements outside_;  // uncertainties, outside groups and gateways
  frontends::UnsupportedTypes unsupported_;
};

}  // namespace segproof::cloudformation::mapping

#endif  // SEGPROOF_FRONTENDS_CLOUDFORMATION_MAPPING_CFN_MAPPER_H_
