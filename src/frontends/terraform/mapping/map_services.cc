// Managed services that AWS places in subnets the configuration names (RDS
// clusters, ElastiCache, Lambda functions, ECS services, EKS, search
// domains, interface VPC endpoints), and gateway VPC endpoints with their
// routes. One aws::ServiceSpec per resource; the builder gives it one
// interface per subnet.
#include <algorithm>

#include "frontends/terraform/mapping/mapping_context.h"

namespace segproof::terraform::mapping {

namespace {

Fields bodyOf(const ResourceInstance& in) { return Fields(in.body, in.range.location()); }

UnknownValue computed(const ResourceInstance& in, const std::string& attribute) {
  return UnknownValue{in.address + "." + attribute, in.range.location()};
}

constexpr Types kRouteTableTypes = {"aws_route_table", "aws_default_route_table"};
constexpr const char* kAnyV4 = "0.0.0.0/0";
constexpr long long kSshPort = 22;

constexpr Types kGroupTypes = {"aws_security_group", "aws_default_security_group"};

// Whether `value` names `target`: "<address>.<attribute>" of it, or the
// value of its `id_attribute` (a state's id, a written identifier).
bool names(const hcl::Value& value, const ResourceInstance& target, const char* id_attribute) {
  if (value.isUnknown()) {
    const std::string& text = value.description();
    std::string prefix = target.address + ".";
    return text.rfind(prefix, 0) == 0 &&
           text.find_first_of(".[ ", prefix.size()) == std::string::npos;
  }
  const EvalAttribute* id = target.body.attribute(id_attribute);
  return value.isString() && id && id->value == value;
}

// The RDS cluster `value` names, by reference, id or cluster_identifier.
const ResourceInstance* rdsClusterNamed(const Configuration& config, const hcl::Value& value) {
  for (const ResourceInstance& cluster : config.resources) {
    if (cluster.type == "aws_rds_cluster" && !cluster.data &&
        (names(value, cluster, "id") || names(value, cluster, "cluster_identifier")))
      return &cluster;
  }
  return nullptr;
}

// A string or unknown value of `in`, which reference() reads without a
// diagnostic; nullptr otherwise (the resource's own mapping reports it).
const EvalAttribute* referenceValue(const ResourceInstance& in, const std::string& name) {
  const EvalAttribute* attribute = in.body.attribute(name);
  if (!attribute || !(attribute->value.isString() || attribute->value.isUnknown())) return nullptr;
  return attribute;
}

aws::SecurityGroupRuleSpec allTraffic(const Ref& group, Direction direction,
                                      const std::string& description) {
  aws::SecurityGroupRuleSpec rule;
  rule.provenance = {group.location, group.address};
  rule.security_group = group;
  rule.direction = direction;
  rule.match.protocol = Text{"-1", group.location};
  rule.description = description;
  return rule;
}

}  // namespace

std::optional<std::vector<Ref>> AwsMapper::serviceSubnets(const Fields& fields,
                                                          const std::string& name,
                                                          const ResourceInstance& in) {
  std::optional<UnknownValue> unknown;
  const hcl::ValueList* items = sequence(fields, name, in, &unknown);
  if (unknown) {
    omit(in, *unknown, {});
    return std::nullopt;
  }
  if (!items) {
    if (!fields.get(name)) required(fields, name, in);
    return std::nullopt;
  }
  std::vector<Ref> subnets;
  bool unknowns = false;
  for (const hcl::Value& item : *items) {
    Reference subnet = reference(item, fields.where(name), {"aws_subnet"}, in);
    if (subnet.kind == Reference::Kind::kUnknown) {
      unknowns = true;
      uncertain(subnet.unknown, "a subnet of " + in.address + " is left out", {});
    }
    bool seen = std::any_of(subnets.begin(), subnets.end(),
                            [&](const Ref& ref) { return ref.address == subnet.ref.address; });
    if (subnet.resolved() && !seen) subnets.push_back(subnet.ref);
  }
  if (subnets.empty() && unknowns) {
    omitted_.insert(in.address);
    return std::nullopt;
  }
  return subnets;
}

size_t AwsMapper::addService(const ResourceInstance& in, EndpointKind kind, const Fields& fields,
                             std::vector<Ref> subnets, const Ref& subnet_group,
                             const char* groups_argument) {
  aws::ServiceSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.kind = kind;
  spec.subnets = std::move(subnets);
  spec.subnet_group = subnet_group;
  spec.tags = tags(bodyOf(in));
  Ref vpc = spec.subnets.empty() ? vpcOf(subnet_group) : vpcOf(spec.subnets.front());
  if (groups_argument)
    spec.security_groups = interfaceGroups(fields, groups_argument, vpc, in, false);
  carries_groups_.insert(in.address);
  out_.services.push_back(std::move(spec));
  return out_.services.size() - 1;
}

// Without a subnet group AWS uses the default VPC's, which the configuration
// does not describe.
std::optional<Ref> AwsMapper::serviceSubnetGroup(const Fields& fields, const char* name,
                                                 Types types, const ResourceInstance& in) {
  Reference group = reference(fields, name, types, in, true);
  switch (group.kind) {
    case Reference::Kind::kResolved:
      return group.ref;
    case Reference::Kind::kUnknown:
      omit(in, group.unknown, {});
      return std::nullopt;
    case Reference::Kind::kAbsent:
      omit(in, computed(in, name), {});
      return std::nullopt;
    case Reference::Kind::kInvalid:
      return std::nullopt;
  }
  return std::nullopt;
}

void AwsMapper::serviceAccess(const Fields& fields, const char* name, aws::ServiceSpec& spec,
                              const ResourceInstance& in) {
  Read<Located<bool>> exposed = flag(fields, name, in);
  spec.publicly_accessible = exposed.value && exposed.value->value;
  if (exposed.unknown) {
    spec.publicly_accessible = true;
    Ref vpc = spec.subnets.empty() ? vpcOf(spec.subnet_group) : vpcOf(spec.subnets.front());
    uncertain(*exposed.unknown, in.address + " is taken to be publicly accessible", vpc);
  }
}

// The cluster's instances carry its groups; a cluster without instances in
// the configuration (Aurora Serverless v1, or instances managed elsewhere)
// is one service itself.
void AwsMapper::mapRdsCluster(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto group = serviceSubnetGroup(fields, "db_subnet_group_name", {"aws_db_subnet_group"}, in);
  if (!group) return;
  aws::ServiceSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.kind = EndpointKind::kDatabase;
  spec.subnet_group = *group;
  spec.tags = tags(fields);
  spec.security_groups =
      interfaceGroups(fields, "vpc_security_group_ids", vpcOf(*group), in, false);
  if (Read<Located<long long>> port = integer(fields, "port", in); port.value)
    spec.port = port.value;
  spec.ipv6 = readServiceIpv6(text(fields, "network_type", in), {"DUAL"});
  carries_groups_.insert(in.address);
  bool has_instances = std::any_of(
      config_.resources.begin(), config_.resources.end(), [&](const ResourceInstance& other) {
        const EvalAttribute* named = other.body.attribute("cluster_identifier");
        return other.type == "aws_rds_cluster_instance" && !other.data && named &&
               rdsClusterNamed(config_, named->value) == &in;
      });
  if (!has_instances) out_.services.push_back(spec);
  rds_clusters_[in.address] = std::move(spec);
}

void AwsMapper::mapRdsClusterInstance(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  const hcl::Value* named = fields.get("cluster_identifier");
  if (!named) {
    required(fields, "cluster_identifier", in);
    return;
  }
  SourceLocation where = fields.where("cluster_identifier");
  if (!named->isString() && !named->isUnknown()) {
    invalid(
        where, in,
        std::string("expected a string reference, found a ") + hcl::valueKindName(named->kind()));
    return;
  }
  const ResourceInstance* cluster = rdsClusterNamed(config_, *named);
  auto at = cluster ? rds_clusters_.find(cluster->address) : rds_clusters_.end();
  if (at == rds_clusters_.end()) {
    // A cluster outside the configuration, or left out; a cluster skipped
    // for a mistake is reported already.
    if (!cluster || omitted_.count(cluster->address))
      omit(in, {named->isUnknown() ? named->description() : named->asString(), where}, {});
    return;
  }
  aws::ServiceSpec spec = at->second;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.tags = tags(fields);
  serviceAccess(fields, "publicly_accessible", spec, in);
  carries_groups_.insert(in.address);
  out_.services.push_back(std::move(spec));
}

// A cluster of a replication group is one of its nodes: the group is the
// service.
void AwsMapper::mapCache(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  if (in.type == "aws_elasticache_cluster" && fields.get("replication_group_id")) {
    carries_groups_.insert(in.address);
    return;
  }
  auto group =
      serviceSubnetGroup(fields, "subnet_group_name", {"aws_elasticache_subnet_group"}, in);
  if (!group) return;
  aws::ServiceSpec& spec =
      out_.services[addService(in, EndpointKind::kCache, fields, {}, *group, "security_group_ids")];
  if (Read<Located<long long>> port = integer(fields, "port", in); port.value)
    spec.port = port.value;
  // ipv6 (IPv6 only) is read as dual-stack: the IPv4 address kept is wider.
  spec.ipv6 = readServiceIpv6(text(fields, "network_type", in), {"dual_stack", "ipv6"});
}

// Without vpc_config a function runs outside every VPC: not a network element.
void AwsMapper::mapFunction(const ResourceInstance& in) {
  Nested config = nested(bodyOf(in), "vpc_config", in);
  if (config.unknown) {
    omit(in, *config.unknown, {});
    return;
  }
  if (config.items.empty()) return;
  const Fields& vpc_config = config.items.front();
  auto subnets = serviceSubnets(vpc_config, "subnet_ids", in);
  if (!subnets || subnets->empty()) return;
  aws::ServiceSpec& spec = out_.services[addService(in, EndpointKind::kFunction, vpc_config,
                                                    std::move(*subnets), {}, "security_group_ids")];
  // A function allowed IPv6 gets an address in its dual-stack subnets only.
  Read<Located<bool>> ipv6 = flag(vpc_config, "ipv6_allowed_for_dual_stack", in);
  if (ipv6.value && ipv6.value->value)
    spec.ipv6 = {aws::ServiceIpv6::kPossible, ipv6.value->location};
  if (ipv6.unknown) spec.ipv6 = {aws::ServiceIpv6::kPossible, ipv6.unknown->location};
}

// Only the awsvpc network mode gives tasks interfaces of their own.
void AwsMapper::mapContainerService(const ResourceInstance& in) {
  Nested config = nested(bodyOf(in), "network_configuration", in);
  if (config.unknown) {
    omit(in, *config.unknown, {});
    return;
  }
  if (config.items.empty()) return;
  const Fields& network = config.items.front();
  auto subnets = serviceSubnets(network, "subnets", in);
  if (!subnets || subnets->empty()) return;
  aws::ServiceSpec& spec = out_.services[addService(in, EndpointKind::kContainer, network,
                                                    std::move(*subnets), {}, "security_groups")];
  serviceAccess(network, "assign_public_ip", spec, in);
  // Tasks get IPv6 addresses in dual-stack subnets when the account setting
  // dualStackIPv6 is on, which the configuration does not show.
  spec.ipv6 = {aws::ServiceIpv6::kPossible, network.location()};
}

// EKS gives the control plane's interfaces (and managed nodes) a cluster
// security group the configuration does not write, with AWS's documented
// rules: all traffic from its members, all traffic out. The public API
// endpoint is AWS's, outside the VPC: not modelled.
void AwsMapper::mapEksCluster(const ResourceInstance& in) {
  Nested config = nested(bodyOf(in), "vpc_config", in);
  if (config.unknown) {
    omit(in, *config.unknown, {});
    return;
  }
  if (config.items.empty()) {
    required(bodyOf(in), "vpc_config", in);
    return;
  }
  const Fields& vpc_config = config.items.front();
  auto subnets = serviceSubnets(vpc_config, "subnet_ids", in);
  if (!subnets) return;
  if (subnets->empty()) {
    invalid(vpc_config.where("subnet_ids"), in, "subnet_ids names no subnet");
    return;
  }
  Ref group = eksClusterGroup(in, vpcOf(subnets->front()));
  aws::ServiceSpec& spec =
      out_.services[addService(in, EndpointKind::kKubernetesControlPlane, vpc_config,
                               std::move(*subnets), {}, "security_group_ids")];
  spec.security_groups.insert(spec.security_groups.begin(), group);
  Nested network = nested(bodyOf(in), "kubernetes_network_config", in);
  if (network.unknown) spec.ipv6 = {aws::ServiceIpv6::kPossible, network.unknown->location};
  if (!network.items.empty())
    spec.ipv6 = readServiceIpv6(text(network.items.front(), "ip_family", in), {"ipv6"});
}

Ref AwsMapper::eksClusterGroup(const ResourceInstance& cluster, const Ref& vpc) {
  SourceLocation where = cluster.range.location();
  std::string name = cluster.address + "/cluster-security-group";
  if (!vpc.given() || vpc.unknown) {
    UnknownValue value{cluster.address + ".vpc_config[0].cluster_security_group_id", where};
    return eks_cluster_group_[cluster.address] = outside_.group(value, name, vpc);
  }
  aws::SecurityGroupSpec spec;
  spec.provenance = {where, name};
  spec.name = name;
  spec.vpc = vpc;
  out_.security_groups.push_back(spec);
  Ref group{name, where};
  aws::SecurityGroupRuleSpec in_rule =
      allTraffic(group, Direction::kIngress, "EKS cluster security group: from its members");
  in_rule.self = true;
  aws::SecurityGroupRuleSpec out_rule =
      allTraffic(group, Direction::kEgress, "EKS cluster security group: to anywhere");
  out_rule.cidr = Text{kAnyV4, where};
  out_.security_group_rules.push_back(std::move(in_rule));
  out_.security_group_rules.push_back(std::move(out_rule));
  vpc_of_[name] = vpc;
  return eks_cluster_group_[cluster.address] = group;
}

void AwsMapper::mapEksNodeGroup(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference cluster = reference(fields, "cluster_name", {"aws_eks_cluster"}, in, true);
  if (cluster.kind == Reference::Kind::kAbsent) required(fields, "cluster_name", in);
  if (cluster.kind == Reference::Kind::kAbsent || cluster.kind == Reference::Kind::kInvalid) return;
  auto subnets = serviceSubnets(fields, "subnet_ids", in);
  if (!subnets) return;
  if (subnets->empty()) {
    invalid(fields.where("subnet_ids"), in, "subnet_ids names no subnet");
    return;
  }
  Ref vpc = vpcOf(subnets->front());
  Ref group = eksNodeGroup(fields, cluster, vpc, in);
  aws::ServiceSpec& spec = out_.services[addService(in, EndpointKind::kKubernetesNode, fields,
                                                    std::move(*subnets), {}, nullptr)];
  spec.public_from_subnet = true;
  spec.ipv6 = {aws::ServiceIpv6::kFromSubnet, fields.location()};
  spec.security_groups.push_back(group);
  Nested access = nested(fields, "remote_access", in);
  if (access.unknown)
    uncertain(*access.unknown, "SSH access to the nodes of " + in.address + " is not known", vpc);
  if (!access.items.empty()) eksRemoteAccess(access.items.front(), vpc, spec, in);
}

// Managed nodes carry the cluster security group, unless a launch template
// gives their groups: the template is not modelled, so they carry a group
// outside the configuration.
Ref AwsMapper::eksNodeGroup(const Fields& fields, const Reference& cluster, const Ref& vpc,
                            const ResourceInstance& in) {
  Nested templates = nested(fields, "launch_template", in);
  if (templates.unknown) return externalGroup(*templates.unknown, vpc);
  if (!templates.items.empty()) {
    const Fields& launch = templates.items.front();
    UnknownValue value{in.address + ".launch_template", launch.location()};
    Reference named =
        reference(launch, launch.get("id") ? "id" : "name", {"aws_launch_template"}, in, true);
    if (named.resolved()) value.description = named.ref.address + ".vpc_security_group_ids";
    if (named.kind == Reference::Kind::kUnknown) value.description = named.unknown.description;
    return externalGroup(value, vpc);
  }
  SourceLocation where = fields.where("cluster_name");
  if (cluster.resolved()) {
    if (auto known = eks_cluster_group_.find(cluster.ref.address);
        known != eks_cluster_group_.end())
      return Ref{known->second.address, where};
  }
  // The cluster is outside the configuration, or left out.
  std::string base = cluster.resolved() ? cluster.ref.address : cluster.unknown.description;
  if (!cluster.resolved() && findInstance(outsideName(base))) base = outsideName(base);
  UnknownValue value{findInstance(base) ? base + ".vpc_config[0].cluster_security_group_id" : base,
                     where};
  return outside_.group(value, base + "/cluster-security-group", vpc);
}

// remote_access makes EKS add a group admitting SSH from the source groups
// named, or from anywhere when none is.
void AwsMapper::eksRemoteAccess(const Fields& access, const Ref& vpc, aws::ServiceSpec& spec,
                                const ResourceInstance& in) {
  std::string name = in.address + "/remote-access-security-group";
  aws::SecurityGroupSpec group;
  group.provenance = {access.location(), name};
  group.name = name;
  group.vpc = vpc;
  group.keep_default_egress = true;  // created through the API
  out_.security_groups.push_back(group);
  vpc_of_[name] = vpc;
  aws::SecurityGroupRuleSpec ssh;
  ssh.provenance = group.provenance;
  ssh.security_group = Ref{name, access.location()};
  ssh.direction = Direction::kIngress;
  ssh.match.protocol = Text{"tcp", access.location()};
  ssh.match.from_port = Located<long long>{kSshPort, access.location()};
  ssh.match.to_port = ssh.match.from_port;
  ssh.description = "EKS remote access";
  int peers = addRulePeers(access, "source_security_group_ids", PeerKind::kGroup, ssh, in);
  if (peers == 0) {
    ssh.cidr = Text{kAnyV4, access.location()};
    out_.security_group_rules.push_back(ssh);
  }
  addGroup(spec.security_groups, ssh.security_group);
}

// Without vpc_options a domain has public endpoints outside every VPC.
void AwsMapper::mapSearchDomain(const ResourceInstance& in) {
  Nested options = nested(bodyOf(in), "vpc_options", in);
  if (options.unknown) {
    omit(in, *options.unknown, {});
    return;
  }
  if (options.items.empty()) return;
  const Fields& vpc_options = options.items.front();
  if (!vpc_options.get("subnet_ids")) return;  // optional: no interfaces
  auto subnets = serviceSubnets(vpc_options, "subnet_ids", in);
  if (!subnets || subnets->empty()) return;
  aws::ServiceSpec& spec = out_.services[addService(in, EndpointKind::kSearchDomain, vpc_options,
                                                    std::move(*subnets), {}, "security_group_ids")];
  spec.ipv6 = readServiceIpv6(text(bodyOf(in), "ip_address_type", in), {"dualstack"});
}

// Interface endpoints are interfaces in their subnets (with no group
// named, the VPC's default group). Gateway endpoints (S3, DynamoDB) are
// routes to the service's AWS-managed prefix list, whose content the
// configuration does not give. Gateway Load Balancer endpoints are not
// modelled yet.
void AwsMapper::mapVpcEndpoint(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Read<Text> type = text(fields, "vpc_endpoint_type", in);
  if (type.invalid) return;
  if (type.unknown) {
    omit(in, *type.unknown, {});
    return;
  }
  std::string kind = type.value ? type.value->value : "Gateway";
  if (kind == "Interface") return mapInterfaceEndpoint(in);
  if (kind == "Gateway") return mapGatewayEndpoint(in);
  unsupported_.add(in.type, in.range.location());
}

// Subnets and groups come from the endpoint's arguments and from the
// association resources that name it. Without subnets it has no interfaces.
void AwsMapper::mapInterfaceEndpoint(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  std::vector<Ref> subnets;
  if (fields.get("subnet_ids")) {
    auto listed = serviceSubnets(fields, "subnet_ids", in);
    if (!listed) return;
    subnets = std::move(*listed);
  }
  std::vector<const ResourceInstance*> group_links;
  for (const ResourceInstance& link : config_.resources) {
    const EvalAttribute* endpoint = link.data ? nullptr : link.body.attribute("vpc_endpoint_id");
    if (!endpoint || !names(endpoint->value, in, "id")) continue;
    if (link.type == "aws_vpc_endpoint_security_group_association") group_links.push_back(&link);
    const EvalAttribute* subnet = referenceValue(link, "subnet_id");
    if (link.type != "aws_vpc_endpoint_subnet_association" || !subnet) continue;
    Reference found = reference(subnet->value, subnet->range.location(), {"aws_subnet"}, link);
    if (found.resolved()) addGroup(subnets, found.ref);  // once each
  }
  if (subnets.empty()) return;
  aws::ServiceSpec& spec = out_.services[addService(in, EndpointKind::kVpcEndpoint, fields,
                                                    std::move(subnets), {}, "security_group_ids")];
  // ipv6 (IPv6 only) is read as dual-stack: the IPv4 address kept is wider.
  spec.ipv6 = readServiceIpv6(text(fields, "ip_address_type", in), {"dualstack", "ipv6"});
  Ref vpc = vpcOf(spec.subnets.front());
  for (const ResourceInstance* link : group_links) {
    const EvalAttribute* group = referenceValue(*link, "security_group_id");
    if (!group) continue;
    Reference found = reference(group->value, group->range.location(), kGroupTypes, *link);
    if (!found.resolved() && found.kind != Reference::Kind::kUnknown) continue;
    // The endpoint keeps the VPC's default group unless the association
    // replaces it; unknown: kept, the wider reading.
    Read<Located<bool>> replace = flag(bodyOf(*link), "replace_default_association", *link);
    if (replace.unknown)
      uncertain(*replace.unknown, link->address + " is taken to keep the default group", vpc);
    const ResourceInstance* vpc_instance = findInstance(vpc.address);
    if (spec.security_groups.empty() && !(replace.value && replace.value->value) && vpc_instance)
      spec.security_groups.push_back(
          Ref{vpcDefault(*vpc_instance, "default_security_group_id"), link->range.location()});
    addGroup(spec.security_groups,
             found.resolved() ? found.ref : externalGroup(found.unknown, vpc));
    carries_groups_.insert(link->address);
  }
}

// The associations are read with their endpoint; here what they name is
// checked, and what is not known recorded.
void AwsMapper::mapEndpointAssociation(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  bool subnet_link = in.type == "aws_vpc_endpoint_subnet_association";
  const char* argument = subnet_link ? "subnet_id" : "security_group_id";
  Reference endpoint = reference(fields, "vpc_endpoint_id", {"aws_vpc_endpoint"}, in);
  Reference other = subnet_link ? reference(fields, argument, {"aws_subnet"}, in)
                                : reference(fields, argument, kGroupTypes, in);
  if (endpoint.kind == Reference::Kind::kAbsent) required(fields, "vpc_endpoint_id", in);
  if (other.kind == Reference::Kind::kAbsent) required(fields, argument, in);
  if (!endpoint.resolved() && endpoint.kind != Reference::Kind::kUnknown) return;
  if (!other.resolved() && other.kind != Reference::Kind::kUnknown) return;
  if (endpoint.kind == Reference::Kind::kUnknown) {
    uncertain(endpoint.unknown, in.address + " is left out", {});
  } else if (subnet_link && other.kind == Reference::Kind::kUnknown) {
    uncertain(other.unknown, "a subnet of " + endpoint.ref.address + " is left out", {});
  }
}

void AwsMapper::mapGatewayEndpoint(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto vpc = requiredRef(fields, "vpc_id", {"aws_vpc"}, in);
  if (!vpc) return;
  Read<Text> service = text(fields, "service_name", in);
  if (service.absent()) required(fields, "service_name", in);
  if (!service.value && !service.unknown) return;
  // An unknown service name changes nothing: the list's content is unknown.
  std::string list_name =
      "aws-managed:" + (service.value ? service.value->value : service.unknown->description);
  Ref list{list_name, service.value ? service.value->location : service.unknown->location};
  if (managed_lists_.insert(list_name).second) {
    aws::PrefixListSpec spec;
    spec.provenance = {list.location, list_name};
    if (service.value) spec.provenance.cloud_name = service.value->value;  // as AWS names it
    spec.name = list_name;
    spec.content_known = false;
    out_.prefix_lists.push_back(std::move(spec));
  }
  aws::GatewaySpec gateway;
  gateway.provenance = provenance(in);
  gateway.name = in.address;
  gateway.kind = RouteTargetKind::kVpcEndpoint;
  gateway.vpc = *vpc;
  gateway.tags = tags(fields);
  out_.gateways.push_back(std::move(gateway));
  endpoint_list_[in.address] = list;
  std::optional<UnknownValue> unknown;
  const hcl::ValueList* tables = sequence(fields, "route_table_ids", in, &unknown);
  if (unknown) uncertain(*unknown, "the routes of " + in.address + " are left out", *vpc);
  SourceLocation where = fields.where("route_table_ids");
  for (const hcl::Value& item : orEmpty(tables)) {
    Reference table = reference(item, where, kRouteTableTypes, in);
    if (table.kind == Reference::Kind::kUnknown)
      uncertain(table.unknown, "a route of " + in.address + " is left out", *vpc);
    if (table.resolved())
      gatewayEndpointRoute(table.ref, Ref{in.address, where}, list, {where, in.address});
  }
}

void AwsMapper::mapEndpointRouteAssociation(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference endpoint = reference(fields, "vpc_endpoint_id", {"aws_vpc_endpoint"}, in);
  Reference table = reference(fields, "route_table_id", kRouteTableTypes, in);
  if (endpoint.kind == Reference::Kind::kInvalid || table.kind == Reference::Kind::kInvalid) return;
  for (const Reference* part : {&endpoint, &table}) {
    if (part->kind == Reference::Kind::kUnknown) {
      uncertain(part->unknown, in.address + " is left out",
                table.resolved() ? vpcOf(table.ref) : Ref{});
      return;
    }
  }
  if (endpoint.kind == Reference::Kind::kAbsent) required(fields, "vpc_endpoint_id", in);
  if (table.kind == Reference::Kind::kAbsent) required(fields, "route_table_id", in);
  if (!endpoint.resolved() || !table.resolved()) return;
  auto list = endpoint_list_.find(endpoint.ref.address);
  if (list == endpoint_list_.end()) return;  // not a gateway endpoint
  gatewayEndpointRoute(table.ref, endpoint.ref, list->second, provenance(in));
}

// A state lists the associations' tables in route_table_ids too: one route.
void AwsMapper::gatewayEndpointRoute(const Ref& table, const Ref& endpoint, const Ref& prefix_list,
                                     const Provenance& where) {
  bool repeated = std::any_of(out_.routes.begin(), out_.routes.end(), [&](const aws::RouteSpec& r) {
    return r.route_table.address == table.address && r.target_ref.address == endpoint.address &&
           r.destination_prefix_list.address == prefix_list.address;
  });
  if (repeated) return;
  aws::RouteSpec route;
  route.provenance = where;
  route.route_table = table;
  route.destination_prefix_list = prefix_list;
  route.target = RouteTargetKind::kVpcEndpoint;
  route.target_ref = endpoint;
  out_.routes.push_back(std::move(route));
}

}  // namespace segproof::terraform::mapping
