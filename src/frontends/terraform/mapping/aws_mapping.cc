// mapAwsResources(): which resource types are mapped, in which order, and
// which network types are known but not modelled yet.
#include "frontends/terraform/mapping/aws_mapping.h"

#include <string_view>

#include "frontends/terraform/mapping/mapping_context.h"

namespace segproof::terraform {

namespace mapping {

namespace {

// The types mapped, in dependency order: an element comes after everything
// it may name, so that a left-out element is known as such when named.
constexpr const char* kMappedTypes[] = {
    "aws_vpc",
    "aws_default_vpc",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_vpc_ipv6_cidr_block_association",
    "aws_ec2_managed_prefix_list",
    "aws_ec2_managed_prefix_list_entry",
    "aws_subnet",
    "aws_internet_gateway",
    "aws_internet_gateway_attachment",
    "aws_egress_only_internet_gateway",
    "aws_vpn_gateway",
    "aws_vpn_gateway_attachment",
    "aws_vpc_peering_connection",
    "aws_vpc_peering_connection_accepter",
    "aws_security_group",
    "aws_default_security_group",
    // Before what may name its cluster security group.
    "aws_eks_cluster",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
    "aws_network_acl",
    "aws_default_network_acl",
    "aws_network_acl_rule",
    "aws_network_acl_association",
    "aws_instance",
    "aws_network_interface",
    "aws_network_interface_sg_attachment",
    "aws_network_interface_attachment",
    "aws_eip",
    "aws_eip_association",
    "aws_nat_gateway",
    "aws_ec2_transit_gateway",
    "aws_ec2_transit_gateway_vpc_attachment",
    "aws_ec2_transit_gateway_peering_attachment",
    "aws_ec2_transit_gateway_peering_attachment_accepter",
    "aws_ec2_transit_gateway_connect",
    "aws_vpn_connection",
    "aws_dx_gateway_association",
    "aws_ec2_transit_gateway_route_table",
    "aws_ec2_transit_gateway_route",
    "aws_ec2_transit_gateway_prefix_list_reference",
    "aws_ec2_transit_gateway_route_table_association",
    "aws_ec2_transit_gateway_route_table_propagation",
    "aws_route_table",
    "aws_default_route_table",
    "aws_vpn_gateway_route_propagation",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_db_subnet_group",
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_rds_cluster_instance",
    "aws_elasticache_subnet_group",
    "aws_elasticache_replication_group",
    "aws_elasticache_cluster",
    "aws_lambda_function",
    "aws_ecs_service",
    "aws_eks_node_group",
    "aws_opensearch_domain",
    "aws_elasticsearch_domain",
    "aws_vpc_endpoint",
    "aws_vpc_endpoint_route_table_association",
    "aws_vpc_endpoint_subnet_association",
    "aws_vpc_endpoint_security_group_association",
    // After the instances, interfaces and services they may register.
    "aws_lb",
    "aws_alb",
    "aws_elb",
    "aws_elb_attachment",
    "aws_lb_target_group",
    "aws_alb_target_group",
    "aws_lb_listener",
    "aws_alb_listener",
    "aws_lb_listener_rule",
    "aws_alb_listener_rule",
    "aws_lb_target_group_attachment",
    "aws_alb_target_group_attachment",
    "aws_autoscaling_attachment",
};

// Types that register targets in target groups besides what they are,
// read once the target groups are mapped: an ECS service's tasks, an
// autoscaling group's instances (the group itself is not modelled).
constexpr const char* kRegisteringTypes[] = {
    "aws_ecs_service",
    "aws_autoscaling_group",
};

// Network types (or prefixes of type names, ending in '_' or '*') that decide
// reachability but are not modelled yet: each gets one warning. Mapped types
// matching a pattern are not warned about here: their mapping warns about the
// forms it does not model (a Gateway Load Balancer endpoint, a VPN connection
// to a virtual private gateway).
constexpr std::string_view kUnsupportedTypes[] = {
    "aws_ec2_transit_gateway*",
    "aws_vpc_endpoint*",
    "aws_vpn_connection*",
    "aws_customer_gateway",
    "aws_networkfirewall_*",
    "aws_dx_*",
    "aws_eks_*",
    "aws_elasticache_*",
    "aws_rds_cluster*",
    "aws_redshift_*",
    "aws_mq_broker",
    "aws_msk_cluster",
    "aws_globalaccelerator_*",
    "aws_default_subnet",
    "aws_ec2_carrier_gateway",
    "aws_ec2_local_gateway*",
    "aws_vpclattice_*",
    "aws_route53_resolver_endpoint",
    "aws_apigatewayv2_vpc_link",
    "aws_api_gateway_vpc_link",
    "aws_efs_mount_target",
    "aws_fsx_*",
    "aws_batch_compute_environment",
    "aws_sagemaker_notebook_instance",
    "aws_dms_replication_instance",
    "aws_docdb_cluster*",
    "aws_neptune_cluster*",
    "aws_memorydb_cluster",
    "aws_autoscaling_group",
    "aws_spot_instance_request",
    "aws_ec2_fleet",
    "aws_ec2_client_vpn_*",
    "aws_ec2_traffic_mirror_*",
};

// Types whose resources only look network-related: no reachability meaning
// (logs, IAM-style access, parameters, endpoint policies).
constexpr std::string_view kIgnoredNetworkTypes[] = {
    "aws_flow_log",
    "aws_eks_addon",
    "aws_eks_access_entry",
    "aws_eks_access_policy_association",
    "aws_eks_identity_provider_config",
    "aws_eks_pod_identity_association",
    "aws_elasticache_parameter_group",
    "aws_elasticache_user",
    "aws_elasticache_user_group",
    "aws_elasticache_user_group_association",
    "aws_rds_cluster_parameter_group",
    "aws_rds_cluster_role_association",
    "aws_vpc_endpoint_policy",
    "aws_vpc_endpoint_connection_notification",
};

// Types whose references to security groups attach nothing: the groups
// themselves and their rules (a rule naming another group names a peer).
constexpr std::string_view kGroupDefinitionTypes[] = {
    "aws_security_group",
    "aws_default_security_group",
    "aws_security_group_rule",
    "aws_vpc_security_group_ingress_rule",
    "aws_vpc_security_group_egress_rule",
};

// Mapped types that attach groups to what the model carries, unless the
// resource is left out (an unknown subnet, an unknown interface).
constexpr std::string_view kAttachingTypes[] = {
    "aws_instance",
    "aws_network_interface",
    "aws_network_interface_sg_attachment",
    "aws_db_instance",
    "aws_rds_cluster",
    "aws_elasticache_replication_group",
    "aws_elasticache_cluster",
    "aws_lambda_function",
    "aws_ecs_service",
    "aws_eks_cluster",
    "aws_eks_node_group",
    "aws_opensearch_domain",
    "aws_elasticsearch_domain",
    "aws_vpc_endpoint",
    "aws_vpc_endpoint_security_group_association",
    "aws_lb",
    "aws_alb",
    "aws_elb",
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
  for (std::string_view ignored : kIgnoredNetworkTypes)
    if (type == ignored) return false;
  for (std::string_view pattern : kUnsupportedTypes)
    if (matches(pattern, type)) return true;
  return false;
}

}  // namespace

void AwsMapper::run() {
  for (const char* type : kMappedTypes) {
    for (const ResourceInstance& instance : config_.resources) {
      if (!instance.data && instance.type == type) mapInstance(instance);
    }
  }
  for (const char* type : kRegisteringTypes) {
    for (const ResourceInstance& instance : config_.resources) {
      if (!instance.data && instance.type == type) mapTargetRegistrations(instance);
    }
  }
  for (const ResourceInstance& instance : config_.resources) {
    if (instance.data || listed(kMappedTypes, instance.type) || !unsupported(instance.type))
      continue;
    unsupported_.add(instance.type, instance.range.location());
  }
  unsupported_.warn("terraform-unsupported", diags_);
  for (const ResourceInstance& instance : config_.resources) {
    if (instance.data || listed(kGroupDefinitionTypes, instance.type)) continue;
    bool carried = listed(kAttachingTypes, instance.type)
                       ? carries_groups_.count(instance.address) > 0
                       : listed(kMappedTypes, instance.type);
    if (!carried) recordGroupUses(instance);
  }
}

void AwsMapper::mapInstance(const ResourceInstance& in) {
  const std::string& type = in.type;
  if (type == "aws_vpc") return mapVpc(in);
  if (type == "aws_default_vpc") return mapDefaultVpc(in);
  if (type == "aws_vpc_ipv4_cidr_block_association") return mapVpcCidrAssociation(in);
  if (type == "aws_vpc_ipv6_cidr_block_association") return mapVpcIpv6Association(in);
  if (type == "aws_ec2_managed_prefix_list") return mapPrefixList(in);
  if (type == "aws_ec2_managed_prefix_list_entry") return mapPrefixListEntry(in);
  if (type == "aws_subnet") return mapSubnet(in);
  if (type == "aws_internet_gateway") return mapInternetGateway(in);
  if (type == "aws_internet_gateway_attachment")
    return mapGatewayAttachment(in, "internet_gateway_id", {"aws_internet_gateway"});
  if (type == "aws_egress_only_internet_gateway")
    return mapGateway(in, RouteTargetKind::kEgressOnlyInternetGateway);
  if (type == "aws_vpn_gateway") return mapGateway(in, RouteTargetKind::kVpnGateway);
  if (type == "aws_vpn_gateway_attachment")
    return mapGatewayAttachment(in, "vpn_gateway_id", {"aws_vpn_gateway"});
  if (type == "aws_vpc_peering_connection") return mapPeering(in);
  if (type == "aws_security_group") return mapSecurityGroup(in, false);
  if (type == "aws_default_security_group") return mapSecurityGroup(in, true);
  if (type == "aws_security_group_rule") return mapSecurityGroupRule(in);
  if (type == "aws_vpc_security_group_ingress_rule")
    return mapVpcSecurityGroupRule(in, Direction::kIngress);
  if (type == "aws_vpc_security_group_egress_rule")
    return mapVpcSecurityGroupRule(in, Direction::kEgress);
  if (type == "aws_network_acl") return mapNetworkAcl(in, false);
  if (type == "aws_default_network_acl") return mapNetworkAcl(in, true);
  if (type == "aws_network_acl_rule") return mapNetworkAclRule(in);
  if (type == "aws_network_acl_association") return mapNetworkAclAssociation(in);
  if (type == "aws_network_interface") return mapNetworkInterface(in);
  if (type == "aws_instance") return mapInstanceResource(in);
  if (type == "aws_network_interface_sg_attachment") return mapInterfaceGroupAttachment(in);
  if (type == "aws_network_interface_attachment") return mapInterfaceAttachment(in);
  if (type == "aws_eip") return mapElasticIp(in);
  if (type == "aws_eip_association") return mapElasticIpAssociation(in);
  if (type == "aws_nat_gateway") return mapNatGateway(in);
  if (type == "aws_route_table") return mapRouteTable(in, false);
  if (type == "aws_default_route_table") return mapRouteTable(in, true);
  if (type == "aws_vpn_gateway_route_propagation") return mapRoutePropagation(in);
  if (type == "aws_route") return mapRoute(in);
  if (type == "aws_route_table_association") return mapRouteTableAssociation(in);
  if (type == "aws_main_route_table_association") return mapMainRouteTableAssociation(in);
  if (type == "aws_db_subnet_group" || type == "aws_elasticache_subnet_group")
    return mapSubnetGroup(in);
  if (type == "aws_db_instance") return mapDatabase(in);
  if (type == "aws_rds_cluster") return mapRdsCluster(in);
  if (type == "aws_rds_cluster_instance") return mapRdsClusterInstance(in);
  if (type == "aws_elasticache_replication_group" || type == "aws_elasticache_cluster")
    return mapCache(in);
  if (type == "aws_lambda_function") return mapFunction(in);
  if (type == "aws_ecs_service") return mapContainerService(in);
  if (type == "aws_eks_cluster") return mapEksCluster(in);
  if (type == "aws_eks_node_group") return mapEksNodeGroup(in);
  if (type == "aws_opensearch_domain" || type == "aws_elasticsearch_domain")
    return mapSearchDomain(in);
  if (type == "aws_vpc_endpoint") return mapVpcEndpoint(in);
  if (type == "aws_vpc_endpoint_route_table_association") return mapEndpointRouteAssociation(in);
  if (type == "aws_vpc_endpoint_subnet_association" ||
      type == "aws_vpc_endpoint_security_group_association")
    return mapEndpointAssociation(in);
  if (type == "aws_lb" || type == "aws_alb") return mapLoadBalancer(in);
  if (type == "aws_elb") return mapClassicLoadBalancer(in);
  if (type == "aws_elb_attachment") return mapClassicAttachment(in);
  if (type == "aws_lb_target_group" || type == "aws_alb_target_group") return mapTargetGroup(in);
  if (type == "aws_lb_listener" || type == "aws_alb_listener") return mapListener(in);
  if (type == "aws_lb_listener_rule" || type == "aws_alb_listener_rule") return mapListenerRule(in);
  if (type == "aws_lb_target_group_attachment" || type == "aws_alb_target_group_attachment")
    return mapTargetGroupAttachment(in);
  if (type == "aws_autoscaling_attachment") return mapAutoscalingAttachment(in);
  if (type == "aws_ec2_transit_gateway") return mapTransitGateway(in);
  if (type == "aws_ec2_transit_gateway_vpc_attachment") return mapTgwVpcAttachment(in);
  if (type == "aws_ec2_transit_gateway_peering_attachment") return mapTgwPeeringAttachment(in);
  if (type == "aws_ec2_transit_gateway_connect" || type == "aws_vpn_connection" ||
      type == "aws_dx_gateway_association")
    return mapTgwOtherAttachment(in);
  if (type == "aws_ec2_transit_gateway_route_table") return mapTgwRouteTable(in);
  if (type == "aws_ec2_transit_gateway_route" ||
      type == "aws_ec2_transit_gateway_prefix_list_reference")
    return mapTgwRoute(in);
  if (type == "aws_ec2_transit_gateway_route_table_association")
    return mapTgwTableLink(in, out_.transit_gateway_associations);
  if (type == "aws_ec2_transit_gateway_route_table_propagation")
    return mapTgwTableLink(in, out_.transit_gateway_propagations);
  // aws_vpc_peering_connection_accepter, aws_ec2_transit_gateway_peering_attachment_accepter:
  // read with what they accept.
}

}  // namespace mapping

void mapAwsResources(const Configuration& config, aws::Resources& out, DiagnosticEngine& diags) {
  mapping::AwsMapper(config, out, diags).run();
}

}  // namespace segproof::terraform
