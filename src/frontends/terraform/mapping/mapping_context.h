// Internal to mapping/: the state of one mapAwsResources() run, shared by the
// files that implement it (mapping_context.cc: values and references;
// map_vpc.cc: VPCs, subnets, gateways, peerings, prefix lists, Elastic IPs;
// map_routing.cc: route tables, routes, associations; map_security.cc:
// security groups, network ACLs and their rules; map_endpoints.cc: instances,
// network interfaces, databases, subnet groups; map_services.cc: managed
// services placed in subnets and VPC endpoints; map_load_balancers.cc: load
// balancers, listeners, target groups and their targets; map_transit.cc:
// transit gateways; map_group_uses.cc: groups named by what the model does not carry).
//
// Resource types are mapped in dependency order (aws_mapping.cc), so that an
// element left out for an unknown value is known as left out when later
// elements name it: a reference to it then counts as unknown.
#ifndef SEGPROOF_FRONTENDS_TERRAFORM_MAPPING_MAPPING_CONTEXT_H_
#define SEGPROOF_FRONTENDS_TERRAFORM_MAPPING_MAPPING_CONTEXT_H_

#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "aws/resources.h"
#include "frontends/common/outside_elements.h"
#include "frontends/common/value_reads.h"
#include "frontends/terraform/instance.h"
#include "segproof/diag/diagnostic.h"

namespace segproof::terraform::mapping {

using aws::Located;
using aws::Ref;
using aws::Text;
using aws::UnknownValue;

using Fields = frontends::Arguments;
using frontends::Read;
using frontends::readServiceIpv6;

// A reference read from a value.
struct Reference {
  enum class Kind { kAbsent, kResolved, kUnknown, kInvalid };
  Kind kind = Kind::kAbsent;
  const ResourceInstance* target = nullptr;  // kResolved
  Ref ref;                                   // kResolved
  UnknownValue unknown;                      // kUnknown
  bool resolved() const { return kind == Kind::kResolved; }
};

using Types = std::initializer_list<const char*>;

inline const hcl::ValueList& orEmpty(const hcl::ValueList* items) {
  static const hcl::ValueList kEmpty;
  return items ? *items : kEmpty;
}

// The nested rules/routes of a resource: blocks, or an attribute holding a
// list of objects, or an attribute unknown as a whole.
struct Nested {
  std::vector<Fields> items;
  std::optional<UnknownValue> unknown;
};

class AwsMapper {
 public:
  AwsMapper(const Configuration& config, aws::Resources& out, DiagnosticEngine& diags);
  void run();

 private:
  // aws_mapping.cc
  void mapInstance(const ResourceInstance& instance);

  // mapping_context.cc: values
  Read<Text> text(const Fields& fields, const std::string& name, const ResourceInstance& owner);
  Read<Located<long long>> integer(const Fields& fields, const std::string& name,
                                   const ResourceInstance& owner);
  Read<Located<bool>> flag(const Fields& fields, const std::string& name,
                           const ResourceInstance& owner);
  std::optional<std::string> scalar(const hcl::Value& value, const SourceLocation& where,
                                    const std::string& what, const ResourceInstance& owner);
  // The elements of a list or set attribute; nullopt when absent, unknown as a
  // whole (reported in `unknown`) or of another type (an error).
  const hcl::ValueList* sequence(const Fields& fields, const std::string& name,
                                 const ResourceInstance& owner,
                                 std::optional<UnknownValue>* unknown);
  Nested nested(const Fields& fields, const std::string& name, const ResourceInstance& owner);
  Tags tags(const Fields& fields) const;
  void invalid(const SourceLocation& where, const ResourceInstance& owner,
               const std::string& message);
  // A required argument: reports a missing one and returns false.
  bool required(const Fields& fields, const std::string& name, const ResourceInstance& owner);

  // mapping_context.cc: references
  Reference reference(const hcl::Value& value, const SourceLocation& where, Types types,
                      const ResourceInstance& owner, bool by_name = false);
  Reference reference(const Fields& fields, const std::string& name, Types types,
                      const ResourceInstance& owner, bool by_name = false);
  Reference resolveTo(const ResourceInstance& target, const std::string& attribute,
                      const SourceLocation& where, Types types, const std::string& description);
  // A reference the resource cannot do without: missing is an error, unknown
  // leaves the resource out (omit()); nullopt in both cases.
  std::optional<Ref> requiredRef(const Fields& fields, const std::string& name, Types types,
                                 const ResourceInstance& in, const Ref& vpc = {});
  std::string vpcDefault(const ResourceInstance& vpc, const std::string& attribute) const;
  const ResourceInstance* findInstance(const std::string& address) const;

  // mapping_context.cc: what is left out
  void uncertain(const UnknownValue& value, const std::string& effect, const Ref& vpc);
  void omit(const ResourceInstance& instance, const UnknownValue& value, const Ref& vpc);
  // With keep_unplaced, what omit() becomes: the uncertainty is recorded and
  // the reference kept as unknown.
  Ref unplaced(const ResourceInstance& instance, const UnknownValue& value, const Ref& vpc);
  Ref externalGroup(const UnknownValue& value, const Ref& vpc);
  // The name of something outside the model: the instance's address for
  // "<address>.id", else the description itself ("sg-0abc").
  std::string outsideName(const std::string& description) const;
  // Where the instance is written, and what AWS calls it when the input
  // says: its `id` (from a plan or a state) and its own name (docs/drift.md).
  Provenance provenance(const ResourceInstance& instance) const;
  // The VPC of a mapped subnet, route table, security group or network ACL
  // (or of a VPC's implicit element); empty when not known.
  Ref vpcOf(const Ref& element) const;

  // map_group_uses.cc
  // Records in out_.other_group_uses the groups `in` names anywhere in its
  // body: for a resource the model does not carry (a launch template, an
  // instance left out for an unknown subnet).
  void recordGroupUses(const ResourceInstance& in);
  void recordGroupUses(const EvalBody& body, bool group_key, const ResourceInstance& in);
  void recordGroupUse(const hcl::Value& value, const SourceLocation& where, bool group_key,
                      const ResourceInstance& in);

  // map_vpc.cc
  void mapVpc(const ResourceInstance& in);
  void mapDefaultVpc(const ResourceInstance& in);
  void vpcIpv6(const Fields& fields, aws::VpcSpec& spec, const ResourceInstance& in);
  // The region's default VPC, where Terraform creates a security group that
  // names no vpc_id: the configuration's aws_default_vpc, else one added
  // here with AWS's fixed default CIDR 172.31.0.0/16.
  Ref defaultVpc(const ResourceInstance& user);
  void mapVpcCidrAssociation(const ResourceInstance& in);
  void mapVpcIpv6Association(const ResourceInstance& in);
  // Records that the IPv6 block of `element` is known only after apply.
  void ipv6Unknown(const UnknownValue& value, const std::string& element, const Ref& vpc);
  void mapSubnet(const ResourceInstance& in);
  void mapInternetGateway(const ResourceInstance& in);
  void mapGateway(const ResourceInstance& in, RouteTargetKind kind);
  void mapGatewayAttachment(const ResourceInstance& in, const char* gateway_argument,
                            Types gateway_types);
  void mapPeering(const ResourceInstance& in);
  bool peeringAccepted(const ResourceInstance& in, std::optional<UnknownValue>& unsure);
  void mapPrefixList(const ResourceInstance& in);
  void mapPrefixListEntry(const ResourceInstance& in);
  void mapElasticIp(const ResourceInstance& in);
  void mapElasticIpAssociation(const ResourceInstance& in);
  void mapNatGateway(const ResourceInstance& in);

  // map_routing.cc
  void mapRouteTable(const ResourceInstance& in, bool is_default);
  void mapRoute(const ResourceInstance& in);
  void mapRoutePropagation(const ResourceInstance& in);
  void mapRouteFields(const Fields& fields, const Ref& table, const Ref& vpc,
                      const Provenance& provenance, const ResourceInstance& owner);
  bool routeTarget(const Fields& fields, aws::RouteSpec& spec, const Ref& vpc,
                   const ResourceInstance& owner);
  Ref externalGateway(const UnknownValue& value, RouteTargetKind kind);
  void mapRouteTableAssociation(const ResourceInstance& in);
  void mapMainRouteTableAssociation(const ResourceInstance& in);

  // map_security.cc
  void mapSecurityGroup(const ResourceInstance& in, bool is_default);
  void mapSecurityGroupRule(const ResourceInstance& in);
  void mapVpcSecurityGroupRule(const ResourceInstance& in, Direction direction);
  enum class PeerKind { kIpv4, kIpv6, kPrefixList, kGroup };
  void mapGroupRuleFields(const Fields& fields, const aws::SecurityGroupRuleSpec& base,
                          const ResourceInstance& owner, bool legacy);
  // Adds one rule per element of the list (or the single value) `name`.
  int addRulePeers(const Fields& fields, const std::string& name, PeerKind kind,
                   const aws::SecurityGroupRuleSpec& base, const ResourceInstance& owner);
  void addRulePeer(const hcl::Value& value, const SourceLocation& where, PeerKind kind,
                   const aws::SecurityGroupRuleSpec& base, const ResourceInstance& owner);
  bool ruleMatch(const Fields& fields, const char* protocol_name, aws::MatchSpec& match,
                 std::vector<UnknownValue>& unknowns, const ResourceInstance& owner);
  void mapNetworkAcl(const ResourceInstance& in, bool is_default);
  void mapNetworkAclRule(const ResourceInstance& in);
  void mapAclRuleFields(const Fields& fields, aws::NetworkAclRuleSpec spec, const char* number,
                        const char* action, const ResourceInstance& owner);
  void mapNetworkAclAssociation(const ResourceInstance& in);

  // map_endpoints.cc
  void mapInstanceResource(const ResourceInstance& in);
  void mapNetworkInterface(const ResourceInstance& in);
  void mapInterfaceGroupAttachment(const ResourceInstance& in);
  void mapInterfaceAttachment(const ResourceInstance& in);
  // DB and ElastiCache subnet groups.
  void mapSubnetGroup(const ResourceInstance& in);
  void mapDatabase(const ResourceInstance& in);
  std::vector<Ref> interfaceGroups(const Fields& fields, const std::string& name, const Ref& vpc,
                                   const ResourceInstance& owner, bool by_name);
  // The subnet `in` is placed in, read from `fields` of `owner` (the instance
  // itself or its primary network interface); nullopt leaves `in` out.
  std::optional<Ref> placement(const Fields& fields, const ResourceInstance& in,
                               const ResourceInstance& owner);
  void addGroup(std::vector<Ref>& groups, const Ref& group) const;
  std::vector<Text> privateIps(const Fields& fields, const char* one, const char* many,
                               const ResourceInstance& owner);
  // The IPv6 addresses `owner` asks for in `fields`, for an interface of
  // `in` placed in `subnet`.
  aws::Ipv6Spec ipv6Addresses(const Fields& fields, const Ref& subnet,
                              const ResourceInstance& owner, const ResourceInstance& in);

  // map_services.cc
  void mapRdsCluster(const ResourceInstance& in);
  void mapRdsClusterInstance(const ResourceInstance& in);
  void mapCache(const ResourceInstance& in);
  void mapFunction(const ResourceInstance& in);
  void mapContainerService(const ResourceInstance& in);
  void mapEksCluster(const ResourceInstance& in);
  void mapEksNodeGroup(const ResourceInstance& in);
  void mapSearchDomain(const ResourceInstance& in);
  void mapVpcEndpoint(const ResourceInstance& in);
  void mapInterfaceEndpoint(const ResourceInstance& in);
  void mapGatewayEndpoint(const ResourceInstance& in);
  // aws_vpc_endpoint_subnet_association, aws_vpc_endpoint_security_group_association.
  void mapEndpointAssociation(const ResourceInstance& in);
  void mapEndpointRouteAssociation(const ResourceInstance& in);
  // The subnets of list `name`; an unknown element is left out with an
  // uncertainty. nullopt (with an uncertainty or an error) leaves `in` out.
  std::optional<std::vector<Ref>> serviceSubnets(const Fields& fields, const std::string& name,
                                                 const ResourceInstance& in);
  // A service in `subnets` (or `subnet_group`) whose groups are list
  // `groups_argument` of `fields`; returns its index in out_.services.
  size_t addService(const ResourceInstance& in, EndpointKind kind, const Fields& fields,
                    std::vector<Ref> subnets, const Ref& subnet_group, const char* groups_argument);
  // The subnet group a service names by reference or name; nullopt leaves
  // `in` out (unknown, or absent: the default VPC's group).
  std::optional<Ref> serviceSubnetGroup(const Fields& fields, const char* name, Types types,
                                        const ResourceInstance& in);
  void serviceAccess(const Fields& fields, const char* name, aws::ServiceSpec& spec,
                     const ResourceInstance& in);
  Ref eksClusterGroup(const ResourceInstance& cluster, const Ref& vpc);
  // The group the nodes of an EKS node group carry.
  Ref eksNodeGroup(const Fields& fields, const Reference& cluster, const Ref& vpc,
                   const ResourceInstance& in);
  void eksRemoteAccess(const Fields& access, const Ref& vpc, aws::ServiceSpec& spec,
                       const ResourceInstance& in);
  void gatewayEndpointRoute(const Ref& table, const Ref& endpoint, const Ref& prefix_list,
                            const Provenance& where);

  // map_load_balancers.cc
  void mapLoadBalancer(const ResourceInstance& in);
  void mapClassicLoadBalancer(const ResourceInstance& in);
  void mapClassicAttachment(const ResourceInstance& in);
  void mapTargetGroup(const ResourceInstance& in);
  void mapListener(const ResourceInstance& in);
  void mapListenerRule(const ResourceInstance& in);
  void mapTargetGroupAttachment(const ResourceInstance& in);
  void mapAutoscalingAttachment(const ResourceInstance& in);
  // aws_ecs_service load_balancer blocks and aws_autoscaling_group target
  // groups, read after the target groups they name.
  void mapTargetRegistrations(const ResourceInstance& in);
  std::optional<std::vector<Ref>> loadBalancerSubnets(const Fields& fields,
                                                      const ResourceInstance& in);
  bool loadBalancerScheme(const Fields& fields, aws::LoadBalancerSpec& spec, const Ref& vpc,
                          const ResourceInstance& in);
  void addLoadBalancer(aws::LoadBalancerSpec spec, const Ref& vpc);
  void classicListener(const Fields& listener, const std::string& name, const Ref& vpc,
                       const ResourceInstance& in);
  bool mappedReference(const Reference& to, const char* argument, const Fields& fields,
                       const ResourceInstance& in);
  void forwardTargets(const Nested& actions, std::vector<Ref>& groups, const Ref& vpc,
                      const ResourceInstance& in);
  void forwardGroup(const Fields& fields, const char* name, std::vector<Ref>& groups,
                    const Ref& vpc, const ResourceInstance& in);
  bool listenerProtocol(const Fields& fields, const char* name, const char* widest, Text& protocol,
                        const std::string& owner_name, const Ref& vpc, const ResourceInstance& in);
  bool listenerPort(const Fields& fields, const char* name, std::optional<Located<long long>>& port,
                    const std::string& effect, const Ref& vpc, const ResourceInstance& in);
  bool registeredTarget(const hcl::Value& value, const SourceLocation& where, Types types,
                        bool addresses, aws::TargetSpec& spec, const std::string& registry,
                        const Ref& vpc, const ResourceInstance& in);
  void autoscalingTargets(const Fields& fields, const char* name, Types types,
                          const ResourceInstance& in);
  void autoscalingTarget(const hcl::Value& value, const SourceLocation& where, Types types,
                         const std::string& group, const ResourceInstance& in);

  // map_transit.cc
  void mapTransitGateway(const ResourceInstance& in);
  void mapTgwVpcAttachment(const ResourceInstance& in);
  void mapTgwPeeringAttachment(const ResourceInstance& in);
  bool tgwPeeringAccepted(const ResourceInstance& in);
  void mapTgwOtherAttachment(const ResourceInstance& in);
  void mapTgwRouteTable(const ResourceInstance& in);
  void mapTgwRoute(const ResourceInstance& in);
  void mapTgwTableLink(const ResourceInstance& in,
                       std::vector<aws::TransitGatewayTableLinkSpec>& links);
  // An "enable"/"disable" argument (absent: `absent`); unknown is taken as
  // enabled with an uncertainty saying `effect`.
  std::optional<bool> enabled(const Fields& fields, const char* name, bool absent,
                              const std::string& effect, const ResourceInstance& in);
  // A bool argument defaulting to true; unknown: true with an uncertainty.
  bool optOut(const Fields& fields, const char* name, const std::string& effect,
              const ResourceInstance& in);

  const Configuration& config_;
  aws::Resources& out_;
  DiagnosticEngine& diags_;

  std::map<std::string, const ResourceInstance*> by_address_;
  // Known ids: `id` of every instance, and the VPC's default_*_id attributes
  // -> (instance, attribute).
  std::map<std::string, std::pair<const ResourceInstance*, std::string>> by_id_;
  std::set<std::string> omitted_;                 // addresses left out
  std::map<std::string, size_t> vpc_at_;          // address -> index in out_.vpcs
  std::map<std::string, size_t> prefix_list_at_;  // -> index in out_.prefix_lists
  std::map<std::string, size_t> interface_at_;    // -> index in out_.network_interfaces
  std::map<std::string, size_t> instance_at_;     // -> index in out_.instances
  // Network interfaces that are an instance's primary interface (its
  // network_interface block with device_index 0) -> that instance: they are
  // mapped as the instance, and naming them names it.
  std::map<std::string, std::string> absorbed_;
  std::map<std::string, Ref> attached_by_;              // interface -> instance (other devices)
  // Instances, interfaces, services and group attachments whose groups the
  // model carries; others of these types are scanned by recordGroupUses().
  std::set<std::string> carries_groups_;
  std::string default_vpc_;  // address of the default VPC once known or made
  std::map<std::string, Ref> vpc_of_;                   // element address -> its VPC
  // Subnets mapped with a known IPv6 block, and with one known only after
  // apply (their interfaces' IPv6 addresses are left out with it).
  std::set<std::string> ipv6_subnets_, ipv6_unknown_subnets_;
  std::map<std::string, Ref> subnet_group_vpc_;         // DB subnet group -> its VPC
  // RDS clusters mapped -> what their instances inherit (groups, subnet group).
  std::map<std::string, aws::ServiceSpec> rds_clusters_;
  std::map<std::string, Ref> eks_cluster_group_;  // EKS cluster -> its cluster group
  std::map<std::string, Ref> endpoint_list_;      // gateway VPC endpoint -> its AWS-managed list
  std::set<std::string> managed_lists_;           // AWS-managed prefix lists added
  // Transit gateway peering attachment accepters -> the attachment they
  // accept: the accepter's id is the attachment's.
  std::map<std::string, std::string> tgw_accepters_;
  // Load balancers mapped -> their kind; target groups mapped; listeners
  // mapped -> index in out_.listeners (their rules add target groups).
  std::map<std::string, aws::LoadBalancerKind> load_balancer_kind_;
  std::set<std::string> target_groups_;
  std::map<std::string, size_t> listener_at_;
  bool following_ = false;  // resolveTo() is following an attachment to its gateway
  frontends::OutsideElements outside_;  // uncertainties, outside groups and gateways
  frontends::UnsupportedTypes unsupported_;
};

}  // namespace segproof::terraform::mapping

#endif  // SEGPROOF_FRONTENDS_TERRAFORM_MAPPING_MAPPING_CONTEXT_H_
