// Internal to src/aws/: the state of one buildNetwork() run, shared by the
// files that implement it (model_builder.cc: VPCs, subnets, associations;
// build_filters.cc: security groups and network ACLs; build_routing.cc:
// gateways, peerings, route tables; build_endpoints.cc: instances, network
// interfaces, services, Elastic IPs, NAT gateways; build_transit.cc: transit
// gateways; build_load_balancers.cc: load balancers, listeners, target groups
// and their targets).
//
// Elements whose references fail to resolve are kept with invalid Ids so that
// one mistake yields one diagnostic; every later step skips what depends on an
// invalid Id silently.
#ifndef SEGPROOF_AWS_BUILDER_H_
#define SEGPROOF_AWS_BUILDER_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "aws/resources.h"
#include "segproof/diag/diagnostic.h"
#include "segproof/model/network.h"

namespace segproof::aws {

// Finds the elements of one kind by name, or else by resource address.
class NameIndex {
 public:
  // Registers a name; returns the element already holding it, if any.
  std::optional<int> addName(const std::string& name, int element);
  // Registers another key (the resource address) unless it is taken.
  void addAlias(const std::string& alias, int element);
  std::optional<int> find(const std::string& key) const;

 private:
  std::map<std::string, int> names_;
  std::map<std::string, int> aliases_;
};

template <class IdT>
IdT idAt(size_t index) {
  return IdT{static_cast<int32_t>(index)};
}

inline std::string quoted(const std::string& text) { return "'" + text + "'"; }

// The model's copy of a rule's unknown values.
std::vector<segproof::UnknownValue> modelUnknowns(const std::vector<UnknownValue>& values);

class ModelBuilder {
 public:
  ModelBuilder(const Resources& in, DiagnosticEngine& diags) : in_(in), diags_(diags) {}
  Network build();

 private:
  // model_builder.cc
  void buildVpcs();
  void buildPrefixLists();
  void buildSubnets();
  template <class IdT, class Spec>
  void associateSubnets(const std::vector<Spec>& specs, const NameIndex& index, const char* kind,
                        Ref Spec::*target, IdT Subnet::*slot, bool Subnet::*is_explicit);
  void applySubnetDefaults();
  void buildUncertainties();

  // build_filters.cc
  VpcId groupVpc(const SecurityGroupSpec& spec);
  void buildSecurityGroups();
  void buildNetworkAcls();
  void addDefaultSecurityGroup(VpcId vpc);
  void addDefaultNetworkAcl(VpcId vpc);
  std::vector<bool> buildSecurityGroupRules();
  void addDefaultEgress(const std::vector<bool>& egress_written);
  bool checkAclRule(const NetworkAclRuleSpec& spec, NetworkAclRule& rule);
  void buildNetworkAclRules();
  std::optional<Match> buildMatch(const MatchSpec& spec, const SourceLocation& where);
  std::optional<RulePeer> buildPeer(const SecurityGroupRuleSpec& spec, SecurityGroupId group);

  // build_routing.cc
  void buildInternetGateways();
  void attachInternetGateway(InternetGatewayId igw, VpcId vpc, const SourceLocation& where);
  void buildGateways();
  void attachGateways();
  void buildPeerings();
  void buildRouteTables();
  void applyMainAssociations();
  void addMainRouteTable(VpcId vpc);
  void addLocalRoutes();
  void buildRoutes();
  bool routeDestination(const std::optional<Text>& destination, const Ref& prefix_list,
                        const SourceLocation& where, Route& route);
  bool resolveRouteTarget(const RouteSpec& spec, const RouteTable& table, Route& route);
  bool resolveGatewayTarget(const RouteSpec& spec, const RouteTable& table, Route& route);
  bool checkTargetVpc(const RouteSpec& spec, const RouteTable& table, VpcId target_vpc);
  bool checkTransitGatewayAttached(const RouteSpec& spec, const RouteTable& table,
                                   TransitGatewayId tgw);
  bool checkPeeringSide(const RouteSpec& spec, const RouteTable& table, const Peering& peering);
  bool placeRoute(RouteTable& table, const Route& route);

  // build_endpoints.cc
  std::vector<PrivateAddress> privateAddresses(const std::vector<Text>& texts);
  std::vector<PrivateAddress> ipv6Addresses(const Ipv6Spec& spec, SubnetId subnet,
                                            const std::string& owner);
  std::vector<SecurityGroupId> groupsFor(const std::vector<Ref>& refs, SubnetId subnet);
  PublicAddress requestedPublicIp(const PublicIpSpec& spec, const Provenance& owner);
  PublicAddress subnetPublicAddress(SubnetId subnet);
  void buildInstances();
  void buildNetworkInterfaces();
  void buildServices();
  std::vector<SubnetId> serviceSubnets(const ServiceSpec& spec);
  void buildService(const ServiceSpec& spec);
  std::vector<PrivateAddress> serviceIpv6Addresses(const ServiceSpec& spec, SubnetId subnet);
  void applyElasticIps();
  void associateElasticIp(size_t eip, const Ref& instance, const Ref& interface,
                          const SourceLocation& where);
  void buildNatGateways();

  // build_transit.cc
  void buildTransitGateways();
  void buildTgwAttachments();
  void linkTgwRouteTables();
  void buildTgwRoutes();
  void propagate(TgwAttachmentId attachment, TgwRouteTableId table, const Provenance& where);

  // build_load_balancers.cc
  void buildLoadBalancers();
  void buildLoadBalancer(const LoadBalancerSpec& spec);
  std::vector<SubnetId> loadBalancerSubnets(const LoadBalancerSpec& spec);
  void buildTargetGroups();
  void buildTargets();
  void addTargets(const TargetSpec& spec, TargetGroupId group, const std::string& target_type,
                  const std::optional<Located<long long>>& group_port);
  void addClassicRegistration(const TargetSpec& spec);
  std::vector<InterfaceId> targetInterfaces(const Ref& target, const std::string& registry);
  std::optional<InterfaceId> interfaceWithAddress(const IpAddress& ip, VpcId vpc) const;
  void buildListeners();
  void addClassicTargetGroup(const ListenerSpec& spec, LoadBalancerId id, LbListener& listener);
  std::optional<LbProtocols> lbProtocols(const Text& written, LbProtocols absent,
                                         const std::string& owner);
  std::optional<PortRange> lbPort(const std::optional<Located<long long>>& port);

  // Shared helpers (model_builder.cc, templates below).
  template <class IdT>
  IdT lookup(const NameIndex& index, const Ref& ref, const char* kind);
  template <class IdT>
  IdT require(const NameIndex& index, const Ref& ref, const char* kind, const SourceLocation& where,
              const std::string& owner);
  template <class Element>
  bool registerName(NameIndex& index, const std::vector<Element>& elements, size_t position,
                    const char* kind);
  bool registerEndpoint(const std::string& name, const Provenance& provenance, InterfaceId id,
                        const char* kind);
  std::optional<Cidr> cidr(const Text& text);
  std::optional<IpAddress> ipv4(const Text& text);
  std::optional<IpAddress> ipv6(const Text& text);
  // Warns once per element; `message` replaces "<element> uses IPv6; ...".
  void warnIpv6(const std::string& element, const SourceLocation& where,
                const std::string& message = {});
  VpcId vpcOf(SubnetId subnet) const;
  bool ownsName(VpcId vpc) const;

  const Resources& in_;
  DiagnosticEngine& diags_;
  Network net_;

  NameIndex vpcs_, subnets_, route_tables_, security_groups_, network_acls_;
  NameIndex internet_gateways_, nat_gateways_, peerings_, gateways_, prefix_lists_;
  NameIndex endpoints_;         // instances, network interfaces, services -> interface
  NameIndex instances_;         // -> index in in_.instances
  NameIndex elastic_ips_;       // -> index in in_.elastic_ips
  NameIndex subnet_groups_;  // -> index in in_.subnet_groups
  NameIndex transit_gateways_, tgw_attachments_, tgw_route_tables_;
  std::vector<TgwRouteTableId> tgw_default_table_;  // per transit gateway
  NameIndex load_balancers_, target_groups_;
  // Names and addresses of what is read but not built (gateway load
  // balancers, target groups of protocols not analysed): what names them is
  // left out without another diagnostic.
  std::set<std::string> not_built_;
  std::vector<const TargetGroupSpec*> target_group_specs_;  // per built target group
  // Per built load balancer: the instances registered with it (classic).
  std::vector<std::vector<LbTarget>> classic_registrations_;
  std::vector<InterfaceId> primary_interface_;    // per instance spec
  std::vector<PublicAddress> elastic_addresses_;  // per Elastic IP spec
  std::vector<std::string> elastic_ip_target_;    // per Elastic IP spec: its interface, if any
  std::set<std::string> ipv6_warned_;
};

// A resolved reference: invalid (after an "unknown-reference" error) when the
// name is unknown, invalid and silent when no reference is given.
template <class IdT>
IdT ModelBuilder::lookup(const NameIndex& index, const Ref& ref, const char* kind) {
  if (!ref.given()) return IdT{};
  if (auto found = index.find(ref.address)) return IdT{static_cast<int32_t>(*found)};
  diags_.error("unknown-reference", ref.location,
               std::string("unknown ") + kind + " " + quoted(ref.address));
  return IdT{};
}

// Like lookup(), for references AWS requires: a missing one is an error.
template <class IdT>
IdT ModelBuilder::require(const NameIndex& index, const Ref& ref, const char* kind,
                          const SourceLocation& where, const std::string& owner) {
  if (!ref.given()) {
    diags_.error("missing-reference", where, owner + " names no " + kind);
    return IdT{};
  }
  return lookup<IdT>(index, ref, kind);
}

// Indexes elements[position] by name and address; a name already taken is a
// "duplicate-name" error.
template <class Element>
bool ModelBuilder::registerName(NameIndex& index, const std::vector<Element>& elements,
                                size_t position, const char* kind) {
  const Element& added = elements[position];
  if (auto first = index.addName(added.name, static_cast<int>(position))) {
    diags_.error("duplicate-name", added.provenance.location,
                 std::string("duplicate ") + kind + " name " + quoted(added.name) +
                     " (first defined at " + elements[*first].provenance.location.str() + ")");
    return false;
  }
  if (!added.provenance.address.empty())
    index.addAlias(added.provenance.address, static_cast<int>(position));
  return true;
}

}  // namespace segproof::aws

#endif  // SEGPROOF_AWS_BUILDER_H_
