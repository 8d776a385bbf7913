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
    "aws_route_table",
    "aws_default_route_table",
    "aws_vpn_gateway_route_propagation",
    "aws_route",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_db_subnet_group",
    "aws_db_instance",
};

// Network types (or prefixes of type names, ending in '_' or '*') that decide
// reachability but are not modelled yet: each gets one warning.
constexpr std::string_view kUnsupportedTypes[] = {
    "aws_lb*",
    "aws_alb*",
    "aws_elb",
    "aws_ec2_transit_gateway*",
    "aws_vpc_endpoint*",
    "aws_vpn_connection*",
    "aws_customer_gateway",
    "aws_networkfirewall_*",
    "aws_dx_*",
    "aws_lambda_function",
    "aws_ecs_service",
    "aws_eks_*",
    "aws_elasticache_*",
    "aws_rds_cluster*",
    "aws_opensearch_domain",
    "aws_elasticsearch_domain",
    "aws_redshift_*",
    "aws_mq_broker",
    "aws_msk_cluster",
    "aws_globalaccelerator_*",
    "aws_default_subnet",
    "aws_vpc_ipv6_cidr_block_association",
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

// Types whose resources only look network-related: no reachability meaning.
constexpr std::string_view kIgnoredNetworkTypes[] = {"aws_flow_log"};

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

// A nested block written as blocks, or as a non-empty list (a state).
bool hasNested(const EvalBody& body, const std::string& name) {
  if (!body.blocksOf(name).empty()) return true;
  const EvalAttribute* attribute = body.attribute(name);
  return attribute && (attribute->value.isUnknown() ||
                       (attribute->value.isSequence() && !attribute->value.items().empty()));
}

// Lambda functions, ECS services and search domains join a VPC only when
// configured to.
bool joinsVpc(const ResourceInstance& instance) {
  if (instance.type == "aws_lambda_function") return hasNested(instance.body, "vpc_config");
  if (instance.type == "aws_ecs_service") return hasNested(instance.body, "network_configuration");
  if (instance.type == "aws_opensearch_domain" || instance.type == "aws_elasticsearch_domain")
    return hasNested(instance.body, "vpc_options");
  return true;
}

}  // namespace

void AwsMapper::run() {
  for (const char* type : kMappedTypes) {
    for (const ResourceInstance& instance : config_.resources) {
      if (!instance.data && instance.type == type) mapInstance(instance);
    }
  }
  for (const ResourceInstance& instance : config_.resources) {
    if (instance.data || !unsupported(instance.type) || !joinsVpc(instance)) continue;
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
  if (type == "aws_db_subnet_group") return mapDbSubnetGroup(in);
  if (type == "aws_db_instance") return mapDatabase(in);
  // aws_vpc_peering_connection_accepter: read by mapPeering().
}

}  // namespace mapping

void mapAwsResources(const Configuration& config, aws::Resources& out, DiagnosticEngine& diags) {
  mapping::AwsMapper(config, out, diags).run();
}

}  // namespace segproof::terraform
