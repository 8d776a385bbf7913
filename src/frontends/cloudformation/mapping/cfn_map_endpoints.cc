// Where traffic starts and ends: instances (with their NetworkInterfaces),
// network interfaces and their attachments, RDS databases and clusters, and
// the subnet groups of RDS and ElastiCache.
#include <algorithm>

#include "frontends/cloudformation/mapping/cfn_mapper.h"

namespace segproof::cloudformation::mapping {

namespace {

Props propsOf(const Resource& in) { return Props(in.properties, in.location); }

constexpr Types kGroups = {"AWS::EC2::SecurityGroup"};

UnknownValue computed(const Resource& in, const std::string& attribute) {
  return UnknownValue{in.logical_id + "." + attribute, in.location};
}

}  // namespace

void CfnMapper::addGroup(std::vector<Ref>& groups, const Ref& group) const {
  bool present = std::any_of(groups.begin(), groups.end(),
                             [&](const Ref& ref) { return ref.address == group.address; });
  if (!present) groups.push_back(group);
}

// Groups the template does not describe ("sg-0abc", an imported value, a
// parameter) become synthetic allow-all groups in the interface's VPC.
std::vector<Ref> CfnMapper::interfaceGroups(const Props& props, const std::string& name,
                                            const Ref& vpc, const Resource& owner,
                                            const char* name_property) {
  std::vector<Ref> groups;
  std::optional<UnknownValue> unknown;
  const hcl::ValueList* items = sequence(props, name, owner, &unknown);
  if (unknown) addGroup(groups, externalGroup(*unknown, vpc));
  if (!items) return groups;
  for (const hcl::Value& item : *items) {
    // EC2 names every VPC's default group "default".
    if (name_property && item == hcl::Value::string("default") && vpc.given()) {
      addGroup(groups, Ref{vpc.address + "/default-security-group", props.where(name)});
      continue;
    }
    Reference group = reference(item, props.where(name), kGroups, owner, name_property);
    if (group.resolved()) addGroup(groups, group.ref);
    if (group.kind == Reference::Kind::kUnknown)
      addGroup(groups, externalGroup(group.unknown, vpc));
  }
  return groups;
}

// An unknown address is left unfixed: the builder then takes any address of
// the subnet, the widest reading.
std::vector<Text> CfnMapper::privateIps(const Props& props, const Resource& owner) {
  std::vector<Text> ips;
  if (Read<Text> ip = text(props, "PrivateIpAddress", owner); ip.value) ips.push_back(*ip.value);
  Props::Elements entries = props.elements("PrivateIpAddresses");
  for (const Props& entry : entries.items) {
    Read<Text> ip = text(entry, "PrivateIpAddress", owner);
    if (!ip.value) continue;
    bool seen = std::any_of(ips.begin(), ips.end(),
                            [&](const Text& t) { return t.value == ip.value->value; });
    if (!seen) ips.push_back(*ip.value);
  }
  return ips;
}

// In a subnet whose IPv6 block is known only once deployed the addresses are
// left out with the block (mapSubnet). An unknown address is one AWS picks
// (unfixed); an unknown list or count, in a subnet with an IPv6 block, is
// taken as one address (the wider reading) with an uncertainty.
aws::Ipv6Spec CfnMapper::ipv6Addresses(const Props& props, const Ref& subnet, const Resource& in) {
  aws::Ipv6Spec spec;
  if (ipv6_unknown_subnets_.count(subnet.address)) return spec;
  Props::Elements entries = elements(props, "Ipv6Addresses", in);
  long long listed = 0;
  for (const Props& entry : entries.items) {
    Read<Text> ip = text(entry, "Ipv6Address", in);
    if (ip.absent()) required(entry, "Ipv6Address", in);
    if (ip.unknown) ++listed;
    if (!ip.value) continue;
    ++listed;
    spec.addresses.push_back(*ip.value);
  }
  if (listed > static_cast<long long>(spec.addresses.size()))
    spec.count = Located<long long>{listed, props.where("Ipv6Addresses")};
  Read<Located<long long>> count = integer(props, "Ipv6AddressCount", in);
  if (count.value && (!spec.count || count.value->value > spec.count->value))
    spec.count = count.value;
  std::optional<UnknownValue> unknown = count.unknown ? count.unknown : entries.unknown;
  if (unknown && ipv6_subnets_.count(subnet.address)) {
    if (!spec.count || spec.count->value < 1) spec.count = Located<long long>{1, unknown->location};
    uncertain(*unknown, in.logical_id + " is taken to have an IPv6 address", vpcOf(subnet));
  }
  return spec;
}

// Returns the check; an unknown one is taken as off (the interface may
// forward), the wider reading.
bool CfnMapper::sourceDestCheck(const Props& props, const Resource& owner, const Ref& vpc) {
  Read<Located<bool>> check = flag(props, "SourceDestCheck", owner);
  if (check.unknown) {
    uncertain(*check.unknown,
              owner.logical_id + " is taken to forward traffic (no source/destination check)", vpc);
    return false;
  }
  return check.value ? check.value->value : true;
}

// Sorts an instance's NetworkInterfaces by device. An unknown primary
// interface leaves the instance out (`left_out`).
InstanceDevices CfnMapper::instanceDevices(const Props::Elements& devices, const Resource& in) {
  InstanceDevices out;
  if (devices.unknown)
    uncertain(*devices.unknown, "the network interfaces of " + in.logical_id + " are left out", {});
  for (size_t i = 0; i < devices.items.size(); ++i) {
    const Props& device = devices.items[i];
    Read<Located<long long>> index = integer(device, "DeviceIndex", in);
    if (index.unknown)
      uncertain(*index.unknown, "a network interface of " + in.logical_id + " is left out", {});
    if (index.absent()) required(device, "DeviceIndex", in);
    if (!index.value) continue;
    bool is_primary = index.value->value == 0;
    if (!device.get("NetworkInterfaceId")) {
      if (is_primary) out.primary_inline = device;
      if (!is_primary) out.others_inline.push_back(i);
      continue;
    }
    Reference eni = reference(device, "NetworkInterfaceId", {"AWS::EC2::NetworkInterface"}, in);
    if (eni.kind == Reference::Kind::kUnknown && is_primary) {
      omit(in, eni.unknown, {});
      out.left_out = true;
      return out;
    }
    if (eni.kind == Reference::Kind::kUnknown)
      uncertain(eni.unknown, "a network interface of " + in.logical_id + " is left out", {});
    if (eni.resolved() && is_primary) out.primary = eni.target;
    if (eni.resolved() && !is_primary)
      out.others_named.emplace_back(eni.ref.address, device.location());
  }
  return out;
}

// The primary interface (DeviceIndex 0) is the instance's: written inline
// (SubnetId, GroupSet...) or an AWS::EC2::NetworkInterface, which the
// instance absorbs. Interfaces at other devices stay interfaces of their own,
// attached to the instance.
void CfnMapper::mapInstance(const Resource& in) {
  Props props = propsOf(in);
  Props::Elements elements_read = elements(props, "NetworkInterfaces", in);
  InstanceDevices devices = instanceDevices(elements_read, in);
  if (devices.left_out) return;
  const Resource* primary = devices.primary;
  Props source = primary                  ? propsOf(*primary)
                 : devices.primary_inline ? *devices.primary_inline
                                          : props;
  const Resource& owner = primary ? *primary : in;
  Reference subnet = reference(source, "SubnetId", {"AWS::EC2::Subnet"}, owner);
  if (subnet.kind == Reference::Kind::kInvalid) return;
  Ref placed = subnet.ref;
  if (!subnet.resolved()) {
    // Without a subnet AWS picks a default subnet of the default VPC, which
    // the template does not describe.
    UnknownValue where =
        subnet.kind == Reference::Kind::kUnknown ? subnet.unknown : computed(in, "SubnetId");
    if (!out_.keep_unplaced) {
      omit(in, where, {});
      return;
    }
    placed = unplaced(in, where, {});
    if (subnet.kind == Reference::Kind::kAbsent) placed.address = aws::kDefaultSubnet;
  }
  Ref vpc = placed.unknown ? Ref{} : vpcOf(placed);
  aws::InstanceSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.subnet = placed;
  spec.tags = tags(props);
  spec.private_ips = privateIps(source, owner);
  spec.ipv6 = ipv6Addresses(source, placed, owner);
  if (primary || devices.primary_inline) {
    spec.security_groups = interfaceGroups(source, "GroupSet", vpc, owner);
  } else {
    spec.security_groups = interfaceGroups(props, "SecurityGroupIds", vpc, in);
    // Group names: default-VPC usage.
    for (const Ref& group : interfaceGroups(props, "SecurityGroups", vpc, in, "GroupName"))
      addGroup(spec.security_groups, group);
  }
  if (!primary) spec.public_ip.associate = associatePublicIp(source, in, vpc);
  // SourceDestCheck is the instance's, or its primary interface's.
  spec.source_dest_check = sourceDestCheck(primary ? source : props, owner, vpc);
  out_.instances.push_back(std::move(spec));
  carries_groups_.insert(in.logical_id);
  // Only now that the instance is in the model may interfaces name it.
  if (primary) absorbed_[primary->logical_id] = in.logical_id;
  if (primary) carries_groups_.insert(primary->logical_id);
  for (const auto& [eni, where] : devices.others_named)
    attached_by_[eni] = Ref{in.logical_id, where};
  for (size_t index : devices.others_inline) {
    mapInlineInterface(elements_read.items[index], in,
                       in.logical_id + ".NetworkInterfaces[" + std::to_string(index) + "]", vpc);
  }
}

// An unknown request is taken as a request (the wider reading).
std::optional<Located<bool>> CfnMapper::associatePublicIp(const Props& props, const Resource& in,
                                                          const Ref& vpc) {
  Read<Located<bool>> associate = flag(props, "AssociatePublicIpAddress", in);
  if (!associate.unknown) return associate.value;
  uncertain(*associate.unknown, in.logical_id + " is taken to have a public IPv4 address", vpc);
  return Located<bool>{true, associate.unknown->location};
}

// An interface written inside an instance at a device other than 0.
void CfnMapper::mapInlineInterface(const Props& device, const Resource& in, const std::string& name,
                                   const Ref& vpc) {
  Reference subnet = reference(device, "SubnetId", {"AWS::EC2::Subnet"}, in);
  if (subnet.kind == Reference::Kind::kAbsent) required(device, "SubnetId", in);
  if (subnet.kind == Reference::Kind::kUnknown)
    uncertain(subnet.unknown, "network interface " + name + " is left out", vpc);
  if (!subnet.resolved()) return;
  aws::NetworkInterfaceSpec spec;
  spec.provenance = {device.location(), name};
  spec.name = name;
  spec.subnet = subnet.ref;
  spec.private_ips = privateIps(device, in);
  spec.ipv6 = ipv6Addresses(device, subnet.ref, in);
  spec.security_groups = interfaceGroups(device, "GroupSet", vpcOf(subnet.ref), in);
  spec.public_ip.associate = associatePublicIp(device, in, vpc);
  spec.attached_instance = Ref{in.logical_id, device.location()};
  out_.network_interfaces.push_back(std::move(spec));
}

void CfnMapper::mapNetworkInterface(const Resource& in) {
  if (absorbed_.count(in.logical_id)) return;
  Props props = propsOf(in);
  auto subnet = requiredRef(props, "SubnetId", {"AWS::EC2::Subnet"}, in);
  if (!subnet) return;
  Ref vpc = vpcOf(*subnet);
  aws::NetworkInterfaceSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.subnet = *subnet;
  spec.tags = tags(props);
  spec.private_ips = privateIps(props, in);
  spec.ipv6 = ipv6Addresses(props, *subnet, in);
  spec.security_groups = interfaceGroups(props, "GroupSet", vpc, in);
  spec.source_dest_check = sourceDestCheck(props, in, vpc);
  if (auto by = attached_by_.find(in.logical_id); by != attached_by_.end())
    spec.attached_instance = by->second;
  interface_at_[in.logical_id] = out_.network_interfaces.size();
  carries_groups_.insert(in.logical_id);
  out_.network_interfaces.push_back(std::move(spec));
}

void CfnMapper::mapInterfaceAttachment(const Resource& in) {
  Props props = propsOf(in);
  Reference eni = reference(props, "NetworkInterfaceId", {"AWS::EC2::NetworkInterface"}, in);
  Reference instance = reference(props, "InstanceId", {"AWS::EC2::Instance"}, in);
  for (const Reference* part : {&eni, &instance}) {
    if (part->kind == Reference::Kind::kUnknown) {
      uncertain(part->unknown, in.logical_id + " is left out", {});
      return;
    }
  }
  if (eni.kind == Reference::Kind::kAbsent) required(props, "NetworkInterfaceId", in);
  if (instance.kind == Reference::Kind::kAbsent) required(props, "InstanceId", in);
  if (!eni.resolved() || !instance.resolved()) return;
  if (auto at = interface_at_.find(eni.ref.address); at != interface_at_.end())
    out_.network_interfaces[at->second].attached_instance = instance.ref;
}

// RDS and ElastiCache subnet groups.
void CfnMapper::mapSubnetGroup(const Resource& in) {
  Props props = propsOf(in);
  std::optional<UnknownValue> unknown;
  const hcl::ValueList* subnets = sequence(props, "SubnetIds", in, &unknown);
  if (unknown) {
    omit(in, *unknown, {});
    return;
  }
  if (!subnets) {
    required(props, "SubnetIds", in);
    return;
  }
  aws::SubnetGroupSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  for (const hcl::Value& item : *subnets) {
    Reference subnet = reference(item, props.where("SubnetIds"), {"AWS::EC2::Subnet"}, in);
    if (subnet.kind == Reference::Kind::kUnknown)
      uncertain(subnet.unknown, "a subnet of " + in.logical_id + " is left out", {});
    if (!subnet.resolved()) continue;
    spec.subnets.push_back(subnet.ref);
    if (!vpc_of_.count(in.logical_id)) vpc_of_[in.logical_id] = vpcOf(subnet.ref);
  }
  if (spec.subnets.empty()) {
    omitted_.insert(in.logical_id);
    return;
  }
  out_.subnet_groups.push_back(std::move(spec));
}

std::optional<Ref> CfnMapper::subnetGroupOf(const Props& props, const char* name, Types types,
                                            const Resource& in) {
  Reference group = reference(props, name, types, in, name);
  if (group.kind == Reference::Kind::kInvalid) return std::nullopt;
  if (group.kind != Reference::Kind::kResolved) {
    // Unknown, or absent: a database or cache in the default VPC, which the
    // template does not describe.
    omit(in, group.kind == Reference::Kind::kUnknown ? group.unknown : computed(in, name), {});
    return std::nullopt;
  }
  return group.ref;
}

bool CfnMapper::publiclyAccessible(const Props& props, const Resource& in, const Ref& vpc) {
  Read<Located<bool>> exposed = flag(props, "PubliclyAccessible", in);
  if (!exposed.unknown) return exposed.value && exposed.value->value;
  uncertain(*exposed.unknown, in.logical_id + " is taken to be publicly accessible", vpc);
  return true;
}

namespace {

// Whether `value` names `target`: a Ref or GetAtt of it, or its name as
// written in `name_property`.
bool names(const hcl::Value& value, const Resource& target, const char* name_property) {
  if (value.isUnknown()) return splitReference(value.description()).first == target.logical_id;
  const terraform::EvalAttribute* name = target.properties.attribute(name_property);
  return value.isString() && name && name->value == value;
}

}  // namespace

// An Aurora cluster places its instances (AWS::RDS::DBInstance with
// DBClusterIdentifier): each is a database with the cluster's subnet group
// and groups. A cluster without instances in the template (Aurora
// Serverless v1, Multi-AZ DB clusters) is a database itself.
void CfnMapper::mapDbCluster(const Resource& in) {
  Props props = propsOf(in);
  auto group = subnetGroupOf(props, "DBSubnetGroupName", {"AWS::RDS::DBSubnetGroup"}, in);
  if (!group) return;
  DbClusterPlacement placement;
  placement.subnet_group = *group;
  placement.security_groups = interfaceGroups(props, "VpcSecurityGroupIds", vpcOf(*group), in);
  if (Read<Located<long long>> port = integer(props, "Port", in); port.value)
    placement.port = port.value;
  placement.ipv6 = readServiceIpv6(text(props, "NetworkType", in), {"DUAL"});
  db_clusters_[in.logical_id] = placement;
  carries_groups_.insert(in.logical_id);
  for (const Resource& member : stack_.resources) {
    const terraform::EvalAttribute* cluster = member.properties.attribute("DBClusterIdentifier");
    if (member.type == "AWS::RDS::DBInstance" && cluster &&
        names(cluster->value, in, "DBClusterIdentifier"))
      return;
  }
  aws::ServiceSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.subnet_group = placement.subnet_group;
  spec.security_groups = placement.security_groups;
  spec.port = placement.port;
  spec.ipv6 = placement.ipv6;
  spec.tags = tags(props);
  out_.services.push_back(std::move(spec));
}

// DBSubnetGroupName is Ref to the group, or its written name; a cluster
// member takes its cluster's placement.
void CfnMapper::mapDatabase(const Resource& in) {
  Props props = propsOf(in);
  aws::ServiceSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.tags = tags(props);
  if (props.get("DBClusterIdentifier")) {
    Reference cluster =
        reference(props, "DBClusterIdentifier", {"AWS::RDS::DBCluster"}, in, "DBClusterIdentifier");
    if (cluster.kind == Reference::Kind::kUnknown) omit(in, cluster.unknown, {});
    auto placement =
        cluster.resolved() ? db_clusters_.find(cluster.ref.address) : db_clusters_.end();
    if (placement == db_clusters_.end()) return;
    spec.subnet_group = placement->second.subnet_group;
    spec.security_groups = placement->second.security_groups;
    spec.port = placement->second.port;
    spec.ipv6 = placement->second.ipv6;
  } else {
    auto group = subnetGroupOf(props, "DBSubnetGroupName", {"AWS::RDS::DBSubnetGroup"}, in);
    if (!group) return;
    spec.subnet_group = *group;
    spec.security_groups = interfaceGroups(props, "VPCSecurityGroups", vpcOf(*group), in);
    if (Read<Located<long long>> port = integer(props, "Port", in); port.value)
      spec.port = port.value;
    spec.ipv6 = readServiceIpv6(text(props, "NetworkType", in), {"DUAL"});
  }
  spec.publicly_accessible = publiclyAccessible(props, in, vpcOf(spec.subnet_group));
  carries_groups_.insert(in.logical_id);
  out_.services.push_back(std::move(spec));
}

}  // namespace segproof::cloudformation::mapping
