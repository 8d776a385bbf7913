// Where traffic starts and ends: instances, network interfaces and their
// attachments, databases and subnet groups (DB and ElastiCache).
#include <algorithm>

#include "frontends/terraform/mapping/mapping_context.h"

namespace segproof::terraform::mapping {

namespace {

Fields bodyOf(const ResourceInstance& in) { return Fields(in.body, in.range.location()); }

constexpr Types kGroupTypes = {"aws_security_group", "aws_default_security_group"};

UnknownValue computed(const ResourceInstance& in, const std::string& attribute) {
  return UnknownValue{in.address + "." + attribute, in.range.location()};
}

}  // namespace

void AwsMapper::addGroup(std::vector<Ref>& groups, const Ref& group) const {
  bool present = std::any_of(groups.begin(), groups.end(),
                             [&](const Ref& ref) { return ref.address == group.address; });
  if (!present) groups.push_back(group);
}

// Groups the configuration does not describe (a data source, an id, a name
// in the default VPC) become synthetic allow-all groups in the interface's VPC.
std::vector<Ref> AwsMapper::interfaceGroups(const Fields& fields, const std::string& name,
                                            const Ref& vpc, const ResourceInstance& owner,
                                            bool by_name) {
  std::vector<Ref> groups;
  std::optional<UnknownValue> unknown;
  const hcl::ValueList* items = sequence(fields, name, owner, &unknown);
  if (unknown) addGroup(groups, externalGroup(*unknown, vpc));
  const ResourceInstance* vpc_instance = findInstance(vpc.address);
  for (const hcl::Value& item : orEmpty(items)) {
    Reference group = reference(item, fields.where(name), kGroupTypes, owner, by_name);
    // EC2 names every VPC's default group "default".
    if (by_name && !group.resolved() && vpc_instance && item == hcl::Value::string("default")) {
      addGroup(groups,
               Ref{vpcDefault(*vpc_instance, "default_security_group_id"), fields.where(name)});
      continue;
    }
    if (group.resolved()) addGroup(groups, group.ref);
    if (group.kind == Reference::Kind::kUnknown)
      addGroup(groups, externalGroup(group.unknown, vpc));
  }
  return groups;
}

std::optional<Ref> AwsMapper::placement(const Fields& fields, const ResourceInstance& in,
                                        const ResourceInstance& owner) {
  Reference subnet = reference(fields, "subnet_id", {"aws_subnet"}, owner);
  if (subnet.resolved()) return subnet.ref;
  if (subnet.kind == Reference::Kind::kInvalid) return std::nullopt;
  // Without a subnet AWS picks a default subnet of the default VPC, which the
  // configuration does not describe.
  UnknownValue where = subnet.kind == Reference::Kind::kUnknown ? subnet.unknown
                                                                : computed(in, "subnet_id");
  if (out_.keep_unplaced) {
    Ref placed = unplaced(in, where, {});
    if (subnet.kind == Reference::Kind::kAbsent) placed.address = aws::kDefaultSubnet;
    return placed;
  }
  omit(in, where, {});
  return std::nullopt;
}

std::vector<Text> AwsMapper::privateIps(const Fields& fields, const char* one, const char* many,
                                        const ResourceInstance& owner) {
  // An unknown address is left unfixed: the builder then takes any address
  // of the subnet, the widest reading.
  std::vector<Text> ips;
  if (Read<Text> ip = text(fields, one, owner); ip.value) ips.push_back(*ip.value);
  for (const hcl::Value& item : orEmpty(sequence(fields, many, owner, nullptr))) {
    if (!item.isString() || item.asString().empty()) continue;
    bool seen = std::any_of(ips.begin(), ips.end(),
                            [&](const Text& t) { return t.value == item.asString(); });
    if (!seen) ips.push_back(Text{item.asString(), fields.where(many)});
  }
  return ips;
}

// In a subnet whose IPv6 block is known only after apply the addresses are
// left out with the block (mapSubnet). An unknown address is one AWS picks
// (unfixed); an unknown list or count, in a subnet with an IPv6 block, is
// taken as one address (the wider reading) with an uncertainty.
aws::Ipv6Spec AwsMapper::ipv6Addresses(const Fields& fields, const Ref& subnet,
                                       const ResourceInstance& owner, const ResourceInstance& in) {
  aws::Ipv6Spec spec;
  if (ipv6_unknown_subnets_.count(subnet.address)) return spec;
  std::optional<UnknownValue> unknown_list;
  SourceLocation where = fields.where("ipv6_addresses");
  long long listed = 0;
  for (const hcl::Value& item : orEmpty(sequence(fields, "ipv6_addresses", owner, &unknown_list))) {
    if (item.isUnknown()) ++listed;
    if (!item.isString() || item.asString().empty()) continue;
    ++listed;
    spec.addresses.push_back(Text{item.asString(), where});
  }
  if (listed > static_cast<long long>(spec.addresses.size()))
    spec.count = Located<long long>{listed, where};
  Read<Located<long long>> count = integer(fields, "ipv6_address_count", owner);
  if (count.value && (!spec.count || count.value->value > spec.count->value))
    spec.count = count.value;
  // A state or plan lists the addresses a known count gives.
  std::optional<UnknownValue> unknown = count.unknown ? count.unknown
                                        : count.value ? std::nullopt
                                                      : unknown_list;
  if (unknown && ipv6_subnets_.count(subnet.address)) {
    if (!spec.count || spec.count->value < 1) spec.count = Located<long long>{1, unknown->location};
    uncertain(*unknown, in.address + " is taken to have an IPv6 address", vpcOf(subnet));
  }
  return spec;
}

// An instance with a network_interface block at device_index 0 takes its
// placement, addresses and groups from that interface, which it absorbs.
void AwsMapper::mapInstanceResource(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  const ResourceInstance* primary = nullptr;
  std::vector<std::pair<std::string, Ref>> others;  // interfaces at other devices
  Nested devices = nested(fields, "network_interface", in);
  if (devices.unknown)
    uncertain(*devices.unknown, "the network interfaces of " + in.address + " are left out", {});
  for (const Fields& device : devices.items) {
    Reference eni = reference(device, "network_interface_id", {"aws_network_interface"}, in);
    Read<Located<long long>> index = integer(device, "device_index", in);
    if (eni.kind == Reference::Kind::kUnknown)
      uncertain(eni.unknown, "a network interface of " + in.address + " is left out", {});
    if (!eni.resolved()) continue;
    if (index.value && index.value->value == 0) {
      primary = eni.target;
    } else {
      others.emplace_back(eni.ref.address, Ref{in.address, device.location()});
    }
  }
  Fields source = primary ? bodyOf(*primary) : fields;
  const ResourceInstance& owner = primary ? *primary : in;
  auto subnet = placement(source, in, owner);
  if (!subnet) return;
  Ref vpc = vpcOf(*subnet);
  aws::InstanceSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.subnet = *subnet;
  spec.tags = tags(fields);
  spec.ipv6 = ipv6Addresses(source, *subnet, owner, in);
  if (primary) {
    spec.private_ips = privateIps(source, "private_ip", "private_ips", owner);
    spec.security_groups = interfaceGroups(source, "security_groups", vpc, owner, false);
  } else {
    spec.private_ips = privateIps(source, "private_ip", "secondary_private_ips", owner);
    spec.security_groups = interfaceGroups(fields, "vpc_security_group_ids", vpc, in, false);
    // Group names: EC2-Classic and default-VPC usage.
    for (const Ref& group : interfaceGroups(fields, "security_groups", vpc, in, true))
      addGroup(spec.security_groups, group);
    Read<Located<bool>> associate = flag(fields, "associate_public_ip_address", in);
    if (associate.value) spec.public_ip.associate = associate.value;
    if (associate.unknown) {
      spec.public_ip.associate = Located<bool>{true, associate.unknown->location};
      uncertain(*associate.unknown, in.address + " is taken to have a public IPv4 address", vpc);
    }
  }
  Read<Located<bool>> check = flag(source, "source_dest_check", owner);
  if (check.value) spec.source_dest_check = check.value->value;
  if (check.unknown) {
    spec.source_dest_check = false;
    uncertain(*check.unknown,
              in.address + " is taken to forward traffic (no source/destination check)", vpc);
  }
  if (primary) absorbed_[primary->address] = in.address;
  if (primary) carries_groups_.insert(primary->address);
  carries_groups_.insert(in.address);
  for (const auto& [eni, instance] : others) attached_by_[eni] = instance;
  instance_at_[in.address] = out_.instances.size();
  out_.instances.push_back(std::move(spec));
}

void AwsMapper::mapNetworkInterface(const ResourceInstance& in) {
  if (absorbed_.count(in.address)) return;
  Fields fields = bodyOf(in);
  auto subnet = placement(fields, in, in);
  if (!subnet) return;
  aws::NetworkInterfaceSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.subnet = *subnet;
  spec.tags = tags(fields);
  spec.private_ips = privateIps(fields, "private_ip", "private_ips", in);
  spec.ipv6 = ipv6Addresses(fields, *subnet, in, in);
  spec.security_groups = interfaceGroups(fields, "security_groups", vpcOf(*subnet), in, false);
  Read<Located<bool>> check = flag(fields, "source_dest_check", in);
  if (check.value) spec.source_dest_check = check.value->value;
  if (check.unknown) {
    spec.source_dest_check = false;
    uncertain(*check.unknown, in.address + " is taken to forward traffic", vpcOf(*subnet));
  }
  if (auto by = attached_by_.find(in.address); by != attached_by_.end())
    spec.attached_instance = by->second;
  for (const Fields& attachment : nested(fields, "attachment", in).items) {
    Reference instance = reference(attachment, "instance", {"aws_instance"}, in);
    if (instance.resolved()) spec.attached_instance = instance.ref;
  }
  interface_at_[in.address] = out_.network_interfaces.size();
  carries_groups_.insert(in.address);
  out_.network_interfaces.push_back(std::move(spec));
}

// Adds a group to an interface; an interface that named none had the VPC's
// default group, which it keeps.
void AwsMapper::mapInterfaceGroupAttachment(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference eni = reference(fields, "network_interface_id", {"aws_network_interface"}, in);
  if (eni.kind == Reference::Kind::kAbsent) required(fields, "network_interface_id", in);
  if (eni.kind == Reference::Kind::kUnknown)
    uncertain(eni.unknown, in.address + " is left out", {});
  if (!eni.resolved()) return;
  std::vector<Ref>* groups = nullptr;
  Ref subnet;
  if (auto at = interface_at_.find(eni.ref.address); at != interface_at_.end()) {
    groups = &out_.network_interfaces[at->second].security_groups;
    subnet = out_.network_interfaces[at->second].subnet;
  } else if (auto owner = instance_at_.find(eni.ref.address); owner != instance_at_.end()) {
    groups = &out_.instances[owner->second].security_groups;
    subnet = out_.instances[owner->second].subnet;
  }
  if (!groups) return;
  Ref vpc = vpcOf(subnet);
  Reference group = reference(fields, "security_group_id", kGroupTypes, in);
  if (group.kind == Reference::Kind::kAbsent) required(fields, "security_group_id", in);
  if (group.kind != Reference::Kind::kResolved && group.kind != Reference::Kind::kUnknown) return;
  if (groups->empty()) {
    if (const ResourceInstance* vpc_instance = findInstance(vpc.address))
      groups->push_back(
          Ref{vpcDefault(*vpc_instance, "default_security_group_id"), in.range.location()});
  }
  addGroup(*groups, group.resolved() ? group.ref : externalGroup(group.unknown, vpc));
  carries_groups_.insert(in.address);
}

void AwsMapper::mapInterfaceAttachment(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference eni = reference(fields, "network_interface_id", {"aws_network_interface"}, in);
  Reference instance = reference(fields, "instance_id", {"aws_instance"}, in);
  for (const Reference* part : {&eni, &instance}) {
    if (part->kind == Reference::Kind::kUnknown) {
      uncertain(part->unknown, in.address + " is left out", {});
      return;
    }
  }
  if (eni.kind == Reference::Kind::kAbsent) required(fields, "network_interface_id", in);
  if (instance.kind == Reference::Kind::kAbsent) required(fields, "instance_id", in);
  if (!eni.resolved() || !instance.resolved()) return;
  if (auto at = interface_at_.find(eni.ref.address); at != interface_at_.end())
    out_.network_interfaces[at->second].attached_instance = instance.ref;
}

void AwsMapper::mapSubnetGroup(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  aws::SubnetGroupSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  std::optional<UnknownValue> unknown;
  const hcl::ValueList* subnets = sequence(fields, "subnet_ids", in, &unknown);
  if (unknown) {
    omit(in, *unknown, {});
    return;
  }
  if (!subnets) {
    required(fields, "subnet_ids", in);
    return;
  }
  for (const hcl::Value& item : *subnets) {
    Reference subnet = reference(item, fields.where("subnet_ids"), {"aws_subnet"}, in);
    if (subnet.kind == Reference::Kind::kUnknown)
      uncertain(subnet.unknown, "a subnet of " + in.address + " is left out", {});
    if (!subnet.resolved()) continue;
    spec.subnets.push_back(subnet.ref);
    if (!vpc_of_.count(in.address)) vpc_of_[in.address] = vpcOf(subnet.ref);
  }
  if (spec.subnets.empty()) {
    omitted_.insert(in.address);
    return;
  }
  out_.subnet_groups.push_back(std::move(spec));
}

void AwsMapper::mapDatabase(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference group = reference(fields, "db_subnet_group_name", {"aws_db_subnet_group"}, in, true);
  if (group.kind == Reference::Kind::kInvalid) return;
  if (group.kind == Reference::Kind::kUnknown) {
    omit(in, group.unknown, {});
    return;
  }
  if (group.kind == Reference::Kind::kAbsent) {
    // A replica or a database in the default VPC: not in the configuration.
    omit(in, computed(in, "db_subnet_group_name"), {});
    return;
  }
  Ref vpc = vpcOf(group.ref);
  aws::ServiceSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.subnet_group = group.ref;
  spec.tags = tags(fields);
  spec.security_groups = interfaceGroups(fields, "vpc_security_group_ids", vpc, in, false);
  Read<Located<bool>> exposed = flag(fields, "publicly_accessible", in);
  spec.publicly_accessible = exposed.value && exposed.value->value;
  if (exposed.unknown) {
    spec.publicly_accessible = true;
    uncertain(*exposed.unknown, in.address + " is taken to be publicly accessible", vpc);
  }
  if (Read<Located<long long>> port = integer(fields, "port", in); port.value)
    spec.port = port.value;
  spec.ipv6 = readServiceIpv6(text(fields, "network_type", in), {"DUAL"});
  carries_groups_.insert(in.address);
  out_.services.push_back(std::move(spec));
}

}  // namespace segproof::terraform::mapping
