// mapCloudFormation(): which resource types are mapped, in which order, and
// which network types are known but not modelled yet.
#include "frontends/cloudformation/mapping/cfn_mapping.h"

#include <string_view>

#include "frontends/cloudformation/mapping/cfn_mapper.h"

namespace segproof::cloudformation {

namespace mapping {

namespace {

// The types mapped, in dependency order: an element comes after everything
// it may name, so that a left-out element is known as such when named.
constexpr const char* kMappedTypes[] = {
    "AWS::EC2::VPC",
    "AWS::EC2::VPCCidrBlock",
    "AWS::EC2::PrefixList",
    "AWS::EC2::Subnet",
    "AWS::EC2::SubnetCidrBlock",
    "AWS::EC2::InternetGateway",
    "AWS::EC2::VPNGateway",
    "AWS::EC2::EgressOnlyInternetGateway",
    "AWS::EC2::VPCGatewayAttachment",
    "AWS::EC2::VPCPeeringConnection",
    "AWS::EC2::TransitGateway",
    "AWS::EC2::TransitGatewayRouteTable",
    "AWS::EC2::TransitGatewayAttachment",
    "AWS::EC2::TransitGatewayVpcAttachment",
    "AWS::EC2::TransitGatewayPeeringAttachment",
    "AWS::EC2::TransitGatewayRoute",
    "AWS::EC2::TransitGatewayRouteTableAssociation",
    "AWS::EC2::TransitGatewayRouteTablePropagation",
    "AWS::EC2::SecurityGroup",
    // Before the rules: they may name its cluster security group.
    "AWS::EKS::Cluster",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
    "AWS::EC2::NetworkAcl",
    "AWS::EC2::NetworkAclEntry",
    "AWS::EC2::SubnetNetworkAclAssociation",
    "AWS::EC2::Instance",
    "AWS::EC2::NetworkInterface",
    "AWS::EC2::NetworkInterfaceAttachment",
    "AWS::EC2::EIP",
    "AWS::EC2::EIPAssociation",
    "AWS::EC2::NatGateway",
    "AWS::EC2::RouteTable",
    // Before the routes: a gateway endpoint is a route target.
    "AWS::EC2::VPCEndpoint",
    "AWS::EC2::Route",
    "AWS::EC2::SubnetRouteTableAssociation",
    "AWS::EC2::VPNGatewayRoutePropagation",
    "AWS::RDS::DBSubnetGroup",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::ElastiCache::SubnetGroup",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::Lambda::Function",
    // After their targets (instances, functions), before the ECS services
    // and Auto Scaling groups that register targets in them.
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AWS::ElasticLoadBalancingV2::Listener",
    "AWS::ElasticLoadBalancingV2::ListenerRule",
    "AWS::ElasticLoadBalancing::LoadBalancer",
    "AWS::ECS::Service",
    // Not modelled (cfn-unsupported), but the targets it registers are
    // uncertainties.
    "AWS::AutoScaling::AutoScalingGroup",
    "AWS::EKS::Nodegroup",
    "AWS::OpenSearchService::Domain",
    "AWS::Elasticsearch::Domain",
};

// Network types (or prefixes of type names, ending in '*') that decide
// reachability but are not modelled yet: each gets one warning. Mapped
// types are not matched by the prefixes (Gateway Load Balancer endpoints are
// counted by mapVpcEndpoint, Auto Scaling groups by mapAutoScalingGroup).
constexpr std::string_view kUnsupportedTypes[] = {
    "AWS::EC2::TransitGateway*",
    "AWS::EC2::VPCEndpoint*",
    "AWS::EC2::VPNConnection*",
    "AWS::EC2::CustomerGateway",
    "AWS::EC2::ClientVpn*",
    "AWS::EC2::CarrierGateway",
    "AWS::EC2::LocalGatewayRoute*",
    "AWS::EC2::GatewayRouteTableAssociation",
    "AWS::EC2::TrafficMirror*",
    "AWS::EC2::SpotFleet",
    "AWS::EC2::EC2Fleet",
    "AWS::NetworkFirewall::*",
    "AWS::DirectConnect::*",
    "AWS::GlobalAccelerator::*",
    "AWS::EKS::*",
    "AWS::ElastiCache::ServerlessCache",
    "AWS::RDS::DBProxy*",
    "AWS::Redshift::Cluster",
    "AWS::DocDB::DBCluster",
    "AWS::Neptune::DBCluster",
    "AWS::MemoryDB::Cluster",
    "AWS::MSK::Cluster",
    "AWS::AmazonMQ::Broker",
    "AWS::EFS::MountTarget",
    "AWS::FSx::FileSystem",
    "AWS::Batch::ComputeEnvironment",
    "AWS::SageMaker::NotebookInstance",
    "AWS::DMS::ReplicationInstance",
    "AWS::Route53Resolver::ResolverEndpoint",
    "AWS::ApiGateway::VpcLink",
    "AWS::ApiGatewayV2::VpcLink",
    "AWS::VpcLattice::*",
};

// Types whose references to security groups attach nothing: the groups
// themselves and their rules (a rule naming another group names a peer).
constexpr std::string_view kGroupDefinitionTypes[] = {
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::SecurityGroupIngress",
    "AWS::EC2::SecurityGroupEgress",
};

// Mapped types that attach groups to what the model carries, unless the
// resource is left out (an unknown subnet or subnet group).
constexpr std::string_view kAttachingTypes[] = {
    "AWS::EC2::Instance",
    "AWS::EC2::NetworkInterface",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBCluster",
    "AWS::ElastiCache::CacheCluster",
    "AWS::ElastiCache::ReplicationGroup",
    "AWS::Lambda::Function",
    "AWS::ECS::Service",
    "AWS::EKS::Cluster",
    "AWS::EKS::Nodegroup",
    "AWS::OpenSearchService::Domain",
    "AWS::Elasticsearch::Domain",
    "AWS::EC2::VPCEndpoint",
    "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "AWS::ElasticLoadBalancing::LoadBalancer",
    // Never carries groups: its launch template's or configuration's are
    // theirs; scanned as before it was mapped.
    "AWS::AutoScaling::AutoScalingGroup",
};

template <class List>
bool listed(const List& list, const std::string& type) {
  for (std::string_view entry : list)
    if (type == entry) return true;
  return false;
}

bool matches(std::string_view pattern, const std::string& type) {
  if (!pattern.empty() && pattern.back() == '*') {
    pattern.remove_suffix(1);
    return type.compare(0, pattern.size(), pattern) == 0;
  }
  return type == pattern;
}

bool unsupported(const std::string& type) {
  for (std::string_view pattern : kUnsupportedTypes)
    if (matches(pattern, type)) return true;
  return false;
}

}  // namespace

void CfnMapper::run() {
  // Which groups AWS::EC2::SecurityGroupEgress resources add to, before the
  // groups are mapped (cfn_map_security.cc, "Default egress").
  for (const Resource& in : stack_.resources) {
    if (in.type != "AWS::EC2::SecurityGroupEgress") continue;
    const hcl::Value* group = Props(in.properties, in.location).get("GroupId");
    if (!group || !group->isUnknown()) continue;
    Reference found = reference(*group, in.location, {"AWS::EC2::SecurityGroup"}, in);
    if (found.resolved()) egress_added_.insert(found.ref.address);
  }
  for (const char* type : kMappedTypes) {
    for (const Resource& in : stack_.resources)
      if (in.type == type) mapResource(in);
  }
  for (const Resource& in : stack_.resources) {
    if (listed(kMappedTypes, in.type) || !unsupported(in.type)) continue;
    unsupported_.add(in.type, in.location);
  }
  unsupported_.warn("cfn-unsupported", diags_);
  for (const Resource& in : stack_.resources) {
    if (listed(kGroupDefinitionTypes, in.type)) continue;
    bool carried = listed(kAttachingTypes, in.type) ? carries_groups_.count(in.logical_id) > 0
                                                    : listed(kMappedTypes, in.type);
    if (!carried) recordGroupUses(in);
  }
}

void CfnMapper::mapResource(const Resource& in) {
  const std::string& type = in.type;
  if (type == "AWS::EC2::VPC") return mapVpc(in);
  if (type == "AWS::EC2::VPCCidrBlock") return mapVpcCidrBlock(in);
  if (type == "AWS::EC2::PrefixList") return mapPrefixList(in);
  if (type == "AWS::EC2::Subnet") return mapSubnet(in);
  if (type == "AWS::EC2::SubnetCidrBlock") return mapSubnetCidrBlock(in);
  if (type == "AWS::EC2::InternetGateway") return mapInternetGateway(in);
  if (type == "AWS::EC2::VPNGateway") return mapGateway(in, RouteTargetKind::kVpnGateway);
  if (type == "AWS::EC2::EgressOnlyInternetGateway")
    return mapGateway(in, RouteTargetKind::kEgressOnlyInternetGateway);
  if (type == "AWS::EC2::VPCGatewayAttachment") return mapGatewayAttachment(in);
  if (type == "AWS::EC2::VPCPeeringConnection") return mapPeering(in);
  if (type == "AWS::EC2::SecurityGroup") return mapSecurityGroup(in);
  if (type == "AWS::EC2::SecurityGroupIngress")
    return mapSecurityGroupRule(in, Direction::kIngress);
  if (type == "AWS::EC2::SecurityGroupEgress") return mapSecurityGroupRule(in, Direction::kEgress);
  if (type == "AWS::EC2::NetworkAcl") return mapNetworkAcl(in);
  if (type == "AWS::EC2::NetworkAclEntry") return mapNetworkAclEntry(in);
  if (type == "AWS::EC2::SubnetNetworkAclAssociation") return mapNetworkAclAssociation(in);
  if (type == "AWS::EC2::Instance") return mapInstance(in);
  if (type == "AWS::EC2::NetworkInterface") return mapNetworkInterface(in);
  if (type == "AWS::EC2::NetworkInterfaceAttachment") return mapInterfaceAttachment(in);
  if (type == "AWS::EC2::EIP") return mapElasticIp(in);
  if (type == "AWS::EC2::EIPAssociation") return mapElasticIpAssociation(in);
  if (type == "AWS::EC2::NatGateway") return mapNatGateway(in);
  if (type == "AWS::EC2::RouteTable") return mapRouteTable(in);
  if (type == "AWS::EC2::Route") return mapRoute(in);
  if (type == "AWS::EC2::SubnetRouteTableAssociation") return mapRouteTableAssociation(in);
  if (type == "AWS::EC2::VPNGatewayRoutePropagation") return mapRoutePropagation(in);
  if (type == "AWS::RDS::DBSubnetGroup" || type == "AWS::ElastiCache::SubnetGroup")
    return mapSubnetGroup(in);
  if (type == "AWS::RDS::DBCluster") return mapDbCluster(in);
  if (type == "AWS::RDS::DBInstance") return mapDatabase(in);
  if (type == "AWS::ElastiCache::CacheCluster") return mapCache(in, "VpcSecurityGroupIds");
  if (type == "AWS::ElastiCache::ReplicationGroup") return mapCache(in, "SecurityGroupIds");
  if (type == "AWS::Lambda::Function")
    return mapConfiguredService(in, EndpointKind::kFunction, "VpcConfig");
  if (type == "AWS::ECS::Service") {
    mapEcsService(in);
    return mapEcsTargets(in);
  }
  if (type == "AWS::ElasticLoadBalancingV2::LoadBalancer") return mapLoadBalancer(in);
  if (type == "AWS::ElasticLoadBalancingV2::TargetGroup") return mapTargetGroup(in);
  if (type == "AWS::ElasticLoadBalancingV2::Listener") return mapListener(in);
  if (type == "AWS::ElasticLoadBalancingV2::ListenerRule") return mapListenerRule(in);
  if (type == "AWS::ElasticLoadBalancing::LoadBalancer") return mapClassicLoadBalancer(in);
  if (type == "AWS::AutoScaling::AutoScalingGroup") return mapAutoScalingGroup(in);
  if (type == "AWS::EKS::Cluster") return mapEksCluster(in);
  if (type == "AWS::EKS::Nodegroup") return mapEksNodegroup(in);
  if (type == "AWS::OpenSearchService::Domain" || type == "AWS::Elasticsearch::Domain")
    return mapConfiguredService(in, EndpointKind::kSearchDomain, "VPCOptions");
  if (type == "AWS::EC2::VPCEndpoint") return mapVpcEndpoint(in);
  if (type == "AWS::EC2::TransitGateway") return mapTransitGateway(in);
  if (type == "AWS::EC2::TransitGatewayRouteTable") return mapTgwRouteTable(in);
  if (type == "AWS::EC2::TransitGatewayAttachment" ||
      type == "AWS::EC2::TransitGatewayVpcAttachment")
    return mapTgwVpcAttachment(in);
  if (type == "AWS::EC2::TransitGatewayPeeringAttachment") return mapTgwPeeringAttachment(in);
  if (type == "AWS::EC2::TransitGatewayRoute") return mapTgwRoute(in);
  if (type == "AWS::EC2::TransitGatewayRouteTableAssociation")
    return mapTgwTableLink(in, out_.transit_gateway_associations);
  if (type == "AWS::EC2::TransitGatewayRouteTablePropagation")
    return mapTgwTableLink(in, out_.transit_gateway_propagations);
}

}  // namespace mapping

void mapCloudFormation(const Stack& stack, aws::Resources& out, DiagnosticEngine& diags) {
  mapping::CfnMapper(stack, out, diags).run();
}

std::vector<std::string> mappedCloudFormationTypes() {
  return {std::begin(mapping::kMappedTypes), std::end(mapping::kMappedTypes)};
}

}  // namespace segproof::cloudformation
