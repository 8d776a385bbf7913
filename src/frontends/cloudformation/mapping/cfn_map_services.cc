// Managed services that AWS places in subnets the template names, each one
// aws::ServiceSpec (the builder gives it one interface per subnet): Lambda
// functions, ECS services (awsvpc), EKS clusters (with the cluster security
// group EKS creates) and node groups, ElastiCache clusters and replication
// groups, OpenSearch / Elasticsearch domains, and VPC endpoints (interface
// endpoints are services; gateway endpoints are gateways that route tables
// reach through an AWS-managed prefix list).
#include "frontends/cloudformation/mapping/cfn_mapper.h"

namespace segproof::cloudformation::mapping {

namespace {

Props propsOf(const Resource& in) { return Props(in.properties, in.location); }

constexpr Types kSubnets = {"AWS::EC2::Subnet"};

}  // namespace

std::optional<std::vector<Ref>> CfnMapper::serviceSubnets(const Props& props,
                                                          const std::string& name,
                                                          const Resource& in) {
  std::optional<UnknownValue> unknown;
  const hcl::ValueList* items = sequence(props, name, in, &unknown);
  if (unknown) {
    omit(in, *unknown, {});
    return std::nullopt;
  }
  if (!items) {
    if (!props.get(name)) required(props, name, in);
    return std::nullopt;
  }
  std::vector<Ref> subnets;
  for (const hcl::Value& item : *items) {
    Reference subnet = reference(item, props.where(name), kSubnets, in);
    if (subnet.kind == Reference::Kind::kUnknown)
      uncertain(subnet.unknown, "a subnet of " + in.logical_id + " is left out", {});
    if (subnet.resolved()) subnets.push_back(subnet.ref);
  }
  if (subnets.empty()) {
    omitted_.insert(in.logical_id);
    return std::nullopt;
  }
  return subnets;
}

aws::ServiceSpec& CfnMapper::addService(const Resource& in, EndpointKind kind,
                                        std::vector<Ref> subnets, const Props& config,
                                        const char* groups) {
  aws::ServiceSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.kind = kind;
  spec.tags = tags(propsOf(in));
  Ref vpc = vpcOf(subnets.front());
  spec.subnets = std::move(subnets);
  if (groups) spec.security_groups = interfaceGroups(config, groups, vpc, in);
  carries_groups_.insert(in.logical_id);
  out_.services.push_back(std::move(spec));
  return out_.services.back();
}

// Lambda functions (VpcConfig), search domains (VPCOptions): without the
// object the service is not in a VPC; an unknown one leaves it out. An
// empty SubnetIds also keeps a function out of VPCs.
void CfnMapper::mapConfiguredService(const Resource& in, EndpointKind kind, const char* config) {
  Props props = propsOf(in);
  std::optional<UnknownValue> unknown;
  std::optional<Props> vpc_config = object(props, config, in, &unknown);
  if (unknown) omit(in, *unknown, {});
  if (!vpc_config) return;
  const hcl::Value* listed = vpc_config->get("SubnetIds");
  if (!listed || (listed->isSequence() && listed->items().empty())) return;
  auto subnets = serviceSubnets(*vpc_config, "SubnetIds", in);
  if (!subnets) return;
  aws::ServiceSpec& spec =
      addService(in, kind, std::move(*subnets), *vpc_config, "SecurityGroupIds");
  if (kind == EndpointKind::kSearchDomain)
    spec.ipv6 = readServiceIpv6(text(props, "IPAddressType", in), {"dualstack"});
  if (kind != EndpointKind::kFunction) return;
  // A function allowed IPv6 gets an address in its dual-stack subnets only.
  Read<Located<bool>> ipv6 = flag(*vpc_config, "Ipv6AllowedForDualStack", in);
  if (ipv6.value && ipv6.value->value)
    spec.ipv6 = {aws::ServiceIpv6::kPossible, ipv6.value->location};
  if (ipv6.unknown) spec.ipv6 = {aws::ServiceIpv6::kPossible, ipv6.unknown->location};
}

// Tasks of an ECS service in awsvpc mode, one interface per task; other
// network modes share their instances' interfaces (not modelled here).
void CfnMapper::mapEcsService(const Resource& in) {
  Props props = propsOf(in);
  std::optional<UnknownValue> unknown;
  std::optional<Props> network = object(props, "NetworkConfiguration", in, &unknown);
  std::optional<Props> awsvpc;
  if (network) awsvpc = object(*network, "AwsvpcConfiguration", in, &unknown);
  if (unknown) omit(in, *unknown, {});
  if (network && !awsvpc && !unknown && !network->get("AwsvpcConfiguration"))
    required(*network, "AwsvpcConfiguration", in);
  if (!awsvpc) return;
  Read<Text> assign = text(*awsvpc, "AssignPublicIp", in);
  if (assign.invalid) return;
  if (assign.value && assign.value->value != "ENABLED" && assign.value->value != "DISABLED") {
    invalid(
        assign.value->location, in,
        "expected ENABLED or DISABLED for AssignPublicIp, found \"" + assign.value->value + "\"");
    return;
  }
  auto subnets = serviceSubnets(*awsvpc, "Subnets", in);
  if (!subnets) return;
  Ref vpc = vpcOf(subnets->front());
  aws::ServiceSpec& spec =
      addService(in, EndpointKind::kContainer, std::move(*subnets), *awsvpc, "SecurityGroups");
  spec.publicly_accessible = assign.value && assign.value->value == "ENABLED";
  // Tasks get IPv6 addresses in dual-stack subnets when the account setting
  // dualStackIPv6 is on, which the template does not show.
  spec.ipv6 = {aws::ServiceIpv6::kPossible, awsvpc->location()};
  if (assign.unknown) {
    spec.publicly_accessible = true;
    uncertain(*assign.unknown,
              "the tasks of " + in.logical_id +
                  " are taken to get public IPv4 "
                  "addresses",
              vpc);
  }
}

// The control plane's interfaces. EKS also creates the cluster security
// group, which the template does not write: attached to the control plane
// and to managed nodes, admitting its members and sending anywhere.
void CfnMapper::mapEksCluster(const Resource& in) {
  Props props = propsOf(in);
  std::optional<UnknownValue> unknown;
  std::optional<Props> config = object(props, "ResourcesVpcConfig", in, &unknown);
  if (unknown) omit(in, *unknown, {});
  if (!config && !unknown && !props.get("ResourcesVpcConfig"))
    required(props, "ResourcesVpcConfig", in);
  if (!config) return;
  auto subnets = serviceSubnets(*config, "SubnetIds", in);
  if (!subnets) return;
  Ref cluster_group = addClusterGroup(in, vpcOf(subnets->front()));
  aws::ServiceSpec& spec = addService(in, EndpointKind::kKubernetesControlPlane,
                                      std::move(*subnets), *config, "SecurityGroupIds");
  addGroup(spec.security_groups, cluster_group);
  std::optional<Props> network = object(props, "KubernetesNetworkConfig", in, &unknown);
  if (unknown) spec.ipv6 = {aws::ServiceIpv6::kPossible, unknown->location};
  if (network) spec.ipv6 = readServiceIpv6(text(*network, "IpFamily", in), {"ipv6"});
}

// Its egress is the one AWS gives every new group (all traffic out), which
// the builder adds; its ingress admits its own members. Written by no one in
// the template, like a stand-in's rules, so lint does not judge them.
Ref CfnMapper::addClusterGroup(const Resource& in, const Ref& vpc) {
  std::string name = in.logical_id + "/cluster-security-group";
  Ref group{name, in.location};
  aws::SecurityGroupSpec spec;
  spec.provenance = {in.location, name};
  spec.name = name;
  spec.vpc = vpc;
  spec.keep_default_egress = true;
  out_.security_groups.push_back(std::move(spec));
  aws::SecurityGroupRuleSpec self;
  self.provenance = {in.location, name};
  self.security_group = group;
  self.direction = Direction::kIngress;
  self.match.protocol = Text{"-1", in.location};
  self.self = true;
  self.description = "created by EKS for cluster " + in.logical_id;
  self.stand_in = true;
  out_.security_group_rules.push_back(std::move(self));
  vpc_of_[name] = vpc;
  cluster_groups_[in.logical_id] = group;
  return group;
}

// Managed nodes are instances EKS launches in Subnets: each subnet's
// MapPublicIpOnLaunch decides their public address. They carry the cluster
// security group, unless a launch template (not modelled) gives the groups.
void CfnMapper::mapEksNodegroup(const Resource& in) {
  Props props = propsOf(in);
  Reference cluster = reference(props, "ClusterName", {"AWS::EKS::Cluster"}, in, "Name");
  if (cluster.kind == Reference::Kind::kInvalid) return;
  if (cluster.kind == Reference::Kind::kAbsent) {
    required(props, "ClusterName", in);
    return;
  }
  auto subnets = serviceSubnets(props, "Subnets", in);
  if (!subnets) return;
  Ref vpc = vpcOf(subnets->front());
  aws::ServiceSpec& spec =
      addService(in, EndpointKind::kKubernetesNode, std::move(*subnets), props, nullptr);
  spec.public_from_subnet = true;
  spec.ipv6 = {aws::ServiceIpv6::kFromSubnet, in.location};
  if (props.get("LaunchTemplate")) {
    UnknownValue groups{in.logical_id + ".LaunchTemplate", props.where("LaunchTemplate")};
    addGroup(spec.security_groups,
             outside_.group(groups, in.logical_id + "/launch-template-groups", vpc));
  } else if (cluster.resolved() && cluster_groups_.count(cluster.ref.address)) {
    addGroup(spec.security_groups,
             Ref{cluster_groups_[cluster.ref.address].address, props.where("ClusterName")});
  } else {
    // A cluster outside the template, or left out: its group is too.
    UnknownValue value = cluster.unknown;
    if (cluster.resolved())
      value = {cluster.ref.address + ".ClusterSecurityGroupId", cluster.ref.location};
    addGroup(
        spec.security_groups,
        outside_.group(value, outsideName(value.description) + "/cluster-security-group", vpc));
  }
  if (props.get("RemoteAccess")) {
    uncertain(UnknownValue{in.logical_id + ".RemoteAccess", props.where("RemoteAccess")},
              "the SSH access group EKS creates for " + in.logical_id + " is not modelled", vpc);
  }
}

// CacheSubnetGroupName is Ref to the group, or its written name.
void CfnMapper::mapCache(const Resource& in, const char* groups) {
  Props props = propsOf(in);
  auto group = subnetGroupOf(props, "CacheSubnetGroupName", {"AWS::ElastiCache::SubnetGroup"}, in);
  if (!group) return;
  aws::ServiceSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.kind = EndpointKind::kCache;
  spec.subnet_group = *group;
  spec.tags = tags(props);
  spec.security_groups = interfaceGroups(props, groups, vpcOf(*group), in);
  if (Read<Located<long long>> port = integer(props, "Port", in); port.value)
    spec.port = port.value;
  // ipv6 (IPv6 only) is read as dual-stack: the IPv4 address kept is wider.
  spec.ipv6 = readServiceIpv6(text(props, "NetworkType", in), {"dual_stack", "ipv6"});
  carries_groups_.insert(in.logical_id);
  out_.services.push_back(std::move(spec));
}

// VpcEndpointType: Interface endpoints are services in SubnetIds; Gateway
// endpoints (the default) are route targets. Gateway Load Balancer (and
// newer) endpoints are not modelled yet.
void CfnMapper::mapVpcEndpoint(const Resource& in) {
  Props props = propsOf(in);
  Read<Text> type = text(props, "VpcEndpointType", in);
  if (type.invalid) return;
  if (type.unknown) {
    omit(in, *type.unknown, {});
    return;
  }
  std::string kind = type.value ? type.value->value : "Gateway";
  if (kind == "Gateway") return mapGatewayEndpoint(in);
  if (kind != "Interface") {
    unsupported_.add(in.type, in.location);
    return;
  }
  if (!props.get("SubnetIds")) return;  // no interface in any subnet
  auto subnets = serviceSubnets(props, "SubnetIds", in);
  if (!subnets) return;
  aws::ServiceSpec& spec =
      addService(in, EndpointKind::kVpcEndpoint, std::move(*subnets), props, "SecurityGroupIds");
  // ipv6 (IPv6 only) is read as dual-stack: the IPv4 address kept is wider.
  spec.ipv6 = readServiceIpv6(text(props, "IpAddressType", in), {"dualstack", "ipv6"});
}

// A gateway endpoint adds to each of its RouteTableIds a route to the
// service's AWS-managed prefix list, whose entries the template cannot
// know.
void CfnMapper::mapGatewayEndpoint(const Resource& in) {
  Props props = propsOf(in);
  Reference vpc = reference(props, "VpcId", {"AWS::EC2::VPC"}, in);
  if (vpc.kind == Reference::Kind::kInvalid) return;
  if (vpc.kind == Reference::Kind::kAbsent) {
    required(props, "VpcId", in);
    return;
  }
  if (vpc.kind == Reference::Kind::kUnknown) {
    omit(in, vpc.unknown, {});
    return;
  }
  Read<Text> service = text(props, "ServiceName", in);
  if (service.invalid) return;
  if (service.absent()) {
    required(props, "ServiceName", in);
    return;
  }
  aws::GatewaySpec gateway;
  gateway.provenance = provenance(in);
  gateway.name = in.logical_id;
  gateway.kind = RouteTargetKind::kVpcEndpoint;
  gateway.vpc = vpc.ref;
  out_.gateways.push_back(std::move(gateway));
  gateway_endpoints_.insert(in.logical_id);
  std::optional<UnknownValue> unknown;
  const hcl::ValueList* tables = sequence(props, "RouteTableIds", in, &unknown);
  if (unknown)
    uncertain(*unknown, "the routes of " + in.logical_id + " to its service are left out", vpc.ref);
  if (!tables) return;
  Ref list = managedPrefixList(service);
  for (const hcl::Value& item : *tables) {
    Reference table = reference(item, props.where("RouteTableIds"), {"AWS::EC2::RouteTable"}, in);
    if (table.kind == Reference::Kind::kUnknown)
      uncertain(table.unknown, "a route of " + in.logical_id + " is left out", vpc.ref);
    if (!table.resolved()) continue;
    aws::RouteSpec route;
    route.provenance = {table.ref.location, in.logical_id};
    route.route_table = table.ref;
    route.destination_prefix_list = list;
    route.target = RouteTargetKind::kVpcEndpoint;
    route.target_ref = Ref{in.logical_id, table.ref.location};
    out_.routes.push_back(std::move(route));
  }
}

// One list per service, "aws-managed:com.amazonaws.eu-west-1.s3"; a name
// written with !Sub over the region keeps the template's text.
Ref CfnMapper::managedPrefixList(const Read<Text>& service) {
  std::string written = service.value ? service.value->value : service.unknown->description;
  const std::string sub = "Fn::Sub(";
  if (written.compare(0, sub.size(), sub) == 0 && written.back() == ')')
    written = written.substr(sub.size(), written.size() - sub.size() - 1);
  SourceLocation where = service.value ? service.value->location : service.unknown->location;
  std::string name = "aws-managed:" + written;
  if (managed_lists_.insert(name).second) {
    aws::PrefixListSpec list;
    list.provenance = {where, name};
    if (service.value && written == service.value->value) list.provenance.cloud_name = written;
    list.name = name;
    list.content_known = false;
    out_.prefix_lists.push_back(std::move(list));
  }
  return Ref{name, where};
}

}  // namespace segproof::cloudformation::mapping
