// Where traffic starts and ends: instances, network interfaces and managed
// services become Interfaces; Elastic IPs and NAT gateways give public addresses.
#include <algorithm>

#include "aws/builder.h"

namespace segproof::aws {

namespace {

constexpr long long kMaxPort = 65535;

using InstanceIndex = Id<struct InstanceSpecTag>;
using ElasticIpIndex = Id<struct ElasticIpSpecTag>;
using SubnetGroupIndex = Id<struct DbSubnetGroupSpecTag>;

PublicAddress publicAddress(PublicAddress::Kind kind, std::optional<IpAddress> ip,
                            Provenance provenance) {
  PublicAddress address;
  address.kind = kind;
  address.ip = ip;
  address.provenance = std::move(provenance);
  return address;
}

}  // namespace

std::vector<PrivateAddress> ModelBuilder::privateAddresses(const std::vector<Text>& texts) {
  std::vector<PrivateAddress> addresses;
  for (const Text& text : texts) {
    if (auto ip = ipv4(text)) addresses.push_back({ip});
  }
  // Unfixed: AWS picks a free address of the subnet at creation.
  if (addresses.empty()) addresses.push_back({std::nullopt});
  return addresses;
}

// The IPv6 addresses of an interface in `subnet_id`: the written ones, and
// unfixed ones (AWS picks them from the subnet's IPv6 block) up to `count`;
// neither written nor counted (a count of 0 counts): one unfixed address
// when the subnet assigns one on creation. A subnet without an IPv6 block
// has none to give.
std::vector<PrivateAddress> ModelBuilder::ipv6Addresses(const Ipv6Spec& spec, SubnetId subnet_id,
                                                        const std::string& owner) {
  long long count = spec.count ? spec.count->value : 0;
  if (count < 0) {
    diags_.error("invalid-value", spec.count->location,
                 owner + " asks for " + std::to_string(count) +
                     " IPv6 addresses; the count must be 0 or more");
    count = 0;
  }
  std::vector<PrivateAddress> addresses;
  for (const Text& text : spec.addresses) {
    if (auto ip = ipv6(text)) addresses.push_back({ip});
  }
  if (!subnet_id.valid()) return {};
  const Subnet& subnet = net_.at(subnet_id);
  bool asks = !spec.addresses.empty() || count > 0;
  if (!subnet.ipv6_cidr) {
    if (asks) {
      SourceLocation where =
          spec.addresses.empty() ? spec.count->location : spec.addresses.front().location;
      diags_.error("missing-cidr", where,
                   owner + " asks for IPv6 addresses, but subnet " + quoted(subnet.name) +
                       " has no IPv6 CIDR block");
    }
    return {};
  }
  while (static_cast<long long>(addresses.size()) < count) addresses.push_back({std::nullopt});
  // A count, even 0, is a choice. Subnets are built one per spec, in order.
  if (!asks && !spec.count && in_.subnets[subnet_id.value].assign_ipv6_on_creation)
    addresses.push_back({std::nullopt});
  return addresses;
}

// The named groups, which must belong to the subnet's VPC, or else the VPC's
// default group.
std::vector<SecurityGroupId> ModelBuilder::groupsFor(const std::vector<Ref>& refs,
                                                     SubnetId subnet) {
  VpcId vpc = vpcOf(subnet);
  std::vector<SecurityGroupId> groups;
  for (const Ref& ref : refs) {
    SecurityGroupId id = lookup<SecurityGroupId>(security_groups_, ref, "security group");
    if (!id.valid()) continue;
    const SecurityGroup& group = net_.at(id);
    if (vpc.valid() && group.vpc.valid() && group.vpc != vpc) {
      diags_.error("security-group-vpc-mismatch", ref.location,
                   "security group " + quoted(group.name) + " belongs to VPC " +
                       quoted(net_.at(group.vpc).name) + ", not to VPC " +
                       quoted(net_.at(vpc).name) + " of subnet " + quoted(net_.at(subnet).name));
      continue;
    }
    if (std::find(groups.begin(), groups.end(), id) == groups.end()) groups.push_back(id);
  }
  if (refs.empty() && vpc.valid()) groups.push_back(net_.at(vpc).default_security_group);
  return groups;
}

// What the interface itself asks for: a fixed address (an Elastic IP), or an
// explicit associate flag. Absent both, kNone; callers apply subnet rules.
PublicAddress ModelBuilder::requestedPublicIp(const PublicIpSpec& spec, const Provenance& owner) {
  if (spec.address) {
    auto ip = ipv4(*spec.address);
    return publicAddress(spec.elastic ? PublicAddress::Kind::kElastic
                                      : PublicAddress::Kind::kAssigned,
                         ip, {spec.address->location, owner.address});
  }
  if (spec.associate && spec.associate->value) {
    return publicAddress(PublicAddress::Kind::kAssigned, std::nullopt,
                         {spec.associate->location, owner.address});
  }
  return {};
}

// What an instance launched without an explicit choice gets: a public IPv4
// when the subnet's map_public_ip_on_launch says so.
PublicAddress ModelBuilder::subnetPublicAddress(SubnetId subnet_id) {
  if (!subnet_id.valid() || !net_.at(subnet_id).map_public_ip_on_launch) return {};
  const Subnet& subnet = net_.at(subnet_id);
  Provenance from = subnet.provenance;
  if (subnet.map_public_ip_location.known()) from.location = subnet.map_public_ip_location;
  return publicAddress(PublicAddress::Kind::kAssigned, std::nullopt, from);
}

void ModelBuilder::buildInstances() {
  primary_interface_.assign(in_.instances.size(), InterfaceId{});
  for (size_t i = 0; i < in_.instances.size(); ++i) {
    const InstanceSpec& spec = in_.instances[i];
    instances_.addName(spec.name, static_cast<int>(i));
    if (!spec.provenance.address.empty())
      instances_.addAlias(spec.provenance.address, static_cast<int>(i));
    Interface iface;
    iface.provenance = spec.provenance;
    iface.name = spec.name;
    iface.owner = spec.name;
    iface.kind = EndpointKind::kInstance;
    iface.subnet = require<SubnetId>(subnets_, spec.subnet, "subnet", spec.provenance.location,
                                     "instance " + quoted(spec.name));
    iface.private_addresses = privateAddresses(spec.private_ips);
    iface.ipv6_addresses = ipv6Addresses(spec.ipv6, iface.subnet, "instance " + quoted(spec.name));
    iface.security_groups = groupsFor(spec.security_groups, iface.subnet);
    iface.source_dest_check = spec.source_dest_check;
    iface.tags = spec.tags;
    iface.public_address = requestedPublicIp(spec.public_ip, spec.provenance);
    // Without an explicit choice the subnet's map_public_ip_on_launch decides.
    bool explicit_choice = spec.public_ip.address || spec.public_ip.associate;
    if (!explicit_choice) iface.public_address = subnetPublicAddress(iface.subnet);
    InterfaceId id = idAt<InterfaceId>(net_.interfaces.size());
    net_.interfaces.push_back(std::move(iface));
    registerEndpoint(spec.name, spec.provenance, id, "instance");
    primary_interface_[i] = id;
  }
}

// A standalone interface gets a public IPv4 only when it asks for one: the
// subnet's map_public_ip_on_launch applies to an instance's primary interface
// at launch, not to interfaces created on their own.
void ModelBuilder::buildNetworkInterfaces() {
  for (const NetworkInterfaceSpec& spec : in_.network_interfaces) {
    Interface iface;
    iface.provenance = spec.provenance;
    iface.name = spec.name;
    iface.kind = EndpointKind::kNetworkInterface;
    iface.subnet = require<SubnetId>(subnets_, spec.subnet, "subnet", spec.provenance.location,
                                     "network interface " + quoted(spec.name));
    iface.private_addresses = privateAddresses(spec.private_ips);
    iface.ipv6_addresses =
        ipv6Addresses(spec.ipv6, iface.subnet, "network interface " + quoted(spec.name));
    iface.security_groups = groupsFor(spec.security_groups, iface.subnet);
    iface.public_address = requestedPublicIp(spec.public_ip, spec.provenance);
    iface.source_dest_check = spec.source_dest_check;
    iface.tags = spec.tags;
    // An attached interface is part of its instance: it answers to the
    // instance's name and carries its tags, its own winning.
    InstanceIndex owner = lookup<InstanceIndex>(instances_, spec.attached_instance, "instance");
    if (owner.valid()) {
      const InstanceSpec& instance = in_.instances[owner.value];
      iface.owner = instance.name;
      iface.kind = EndpointKind::kInstance;
      iface.tags = instance.tags;
      for (const auto& [key, value] : spec.tags) iface.tags[key] = value;
    }
    InterfaceId id = idAt<InterfaceId>(net_.interfaces.size());
    net_.interfaces.push_back(std::move(iface));
    registerEndpoint(spec.name, spec.provenance, id, "network interface");
  }
}

void ModelBuilder::buildServices() {
  for (size_t i = 0; i < in_.subnet_groups.size(); ++i)
    registerName(subnet_groups_, in_.subnet_groups, i, "subnet group");
  for (const ServiceSpec& spec : in_.services) buildService(spec);
}

// The subnets a service may be placed in, all in one VPC.
std::vector<SubnetId> ModelBuilder::serviceSubnets(const ServiceSpec& spec) {
  const std::vector<Ref>* refs = &spec.subnets;
  if (refs->empty() && spec.subnet_group.given()) {
    auto group = lookup<SubnetGroupIndex>(subnet_groups_, spec.subnet_group, "subnet group");
    if (!group.valid()) return {};
    refs = &in_.subnet_groups[group.value].subnets;
  }
  if (refs->empty()) {
    diags_.error("missing-reference", spec.provenance.location,
                 std::string(endpointKindName(spec.kind)) + " " + quoted(spec.name) +
                     " names no subnet");
    return {};
  }
  std::vector<SubnetId> subnets;
  for (const Ref& ref : *refs) {
    SubnetId id = lookup<SubnetId>(subnets_, ref, "subnet");
    if (!id.valid() || std::find(subnets.begin(), subnets.end(), id) != subnets.end()) continue;
    if (!subnets.empty() && vpcOf(id) != vpcOf(subnets.front()) && vpcOf(id).valid() &&
        vpcOf(subnets.front()).valid()) {
      diags_.error("subnet-vpc-mismatch", ref.location,
                   "subnet " + quoted(net_.at(id).name) + " is in VPC " +
                       quoted(net_.at(vpcOf(id)).name) + ", not in VPC " +
                       quoted(net_.at(vpcOf(subnets.front())).name) + " of subnet " +
                       quoted(net_.at(subnets.front()).name));
      continue;
    }
    subnets.push_back(id);
  }
  return subnets;
}

// A dual-stack service's interface gets one IPv6 address AWS picks from its
// subnet's block. AWS refuses a written dual-stack service in a subnet
// without a block: a warning, and the interface stays IPv4 only.
std::vector<PrivateAddress> ModelBuilder::serviceIpv6Addresses(const ServiceSpec& spec,
                                                               SubnetId subnet_id) {
  const Subnet& subnet = net_.at(subnet_id);
  switch (spec.ipv6.value) {
    case ServiceIpv6::kNone:
      return {};
    case ServiceIpv6::kDualStack:
      if (!subnet.ipv6_cidr) {
        SourceLocation where =
            spec.ipv6.location.known() ? spec.ipv6.location : spec.provenance.location;
        diags_.warning("missing-ipv6-cidr", where,
                       std::string(endpointKindName(spec.kind)) + " " + quoted(spec.name) +
                           " is dual-stack, but subnet " + quoted(subnet.name) +
                           " has no IPv6 CIDR block (AWS refuses this); its interface there "
                           "is taken to be IPv4 only");
        return {};
      }
      return {PrivateAddress{}};
    case ServiceIpv6::kPossible:
      if (!subnet.ipv6_cidr) return {};
      return {PrivateAddress{}};
    case ServiceIpv6::kFromSubnet:
      return ipv6Addresses({}, subnet_id, spec.name);
  }
  return {};
}

// AWS may place a database in any subnet of its group (and fails it over
// between them), and a function, a task or a node in any of its subnets, so
// each candidate subnet gets an interface.
void ModelBuilder::buildService(const ServiceSpec& spec) {
  if (spec.port && (spec.port->value < 0 || spec.port->value > kMaxPort)) {
    diags_.error("invalid-port", spec.port->location,
                 "port " + std::to_string(spec.port->value) + " is out of range (0-65535)");
  }
  std::vector<SubnetId> subnets = serviceSubnets(spec);
  if (subnets.empty()) return;
  std::vector<SecurityGroupId> groups = groupsFor(spec.security_groups, subnets.front());
  PublicAddress public_address;
  if (spec.publicly_accessible)
    public_address = publicAddress(PublicAddress::Kind::kAssigned, std::nullopt, spec.provenance);
  for (SubnetId subnet : subnets) {
    Interface iface;
    iface.provenance = spec.provenance;
    iface.name = subnets.size() == 1 ? spec.name : spec.name + " (" + net_.at(subnet).name + ")";
    iface.owner = spec.name;
    iface.kind = spec.kind;
    iface.subnet = subnet;
    iface.private_addresses = {PrivateAddress{}};
    iface.ipv6_addresses = serviceIpv6Addresses(spec, subnet);
    iface.public_address = public_address;
    if (spec.public_from_subnet && !spec.publicly_accessible)
      iface.public_address = subnetPublicAddress(subnet);
    iface.security_groups = groups;
    iface.tags = spec.tags;
    InterfaceId id = idAt<InterfaceId>(net_.interfaces.size());
    net_.interfaces.push_back(std::move(iface));
    if (subnet == subnets.front())
      registerEndpoint(spec.name, spec.provenance, id, endpointKindName(spec.kind));
  }
}

void ModelBuilder::applyElasticIps() {
  elastic_ip_target_.assign(in_.elastic_ips.size(), "");
  elastic_addresses_.clear();
  for (size_t i = 0; i < in_.elastic_ips.size(); ++i) {
    const ElasticIpSpec& spec = in_.elastic_ips[i];
    registerName(elastic_ips_, in_.elastic_ips, i, "elastic IP");
    std::optional<IpAddress> ip;
    if (spec.public_ip) ip = ipv4(*spec.public_ip);
    elastic_addresses_.push_back(publicAddress(PublicAddress::Kind::kElastic, ip, spec.provenance));
  }
  for (size_t i = 0; i < in_.elastic_ips.size(); ++i) {
    const ElasticIpSpec& spec = in_.elastic_ips[i];
    associateElasticIp(i, spec.instance, spec.network_interface, spec.provenance.location);
  }
  for (const ElasticIpAssociationSpec& spec : in_.elastic_ip_associations) {
    auto eip = require<ElasticIpIndex>(elastic_ips_, spec.elastic_ip, "elastic IP",
                                       spec.provenance.location, "elastic IP association");
    if (!eip.valid()) continue;
    if (!spec.instance.given() && !spec.network_interface.given()) {
      diags_.error("missing-reference", spec.provenance.location,
                   "elastic IP association names no instance or network interface");
      continue;
    }
    associateElasticIp(eip.value, spec.instance, spec.network_interface, spec.provenance.location);
  }
}

// An Elastic IP is associated with one interface: an instance's means its
// primary interface. It gives a public address whatever the other settings.
void ModelBuilder::associateElasticIp(size_t eip, const Ref& instance, const Ref& interface,
                                      const SourceLocation& where) {
  InterfaceId target;
  if (interface.given()) {
    target = lookup<InterfaceId>(endpoints_, interface, "network interface");
  } else if (instance.given()) {
    InstanceIndex owner = lookup<InstanceIndex>(instances_, instance, "instance");
    if (owner.valid()) target = primary_interface_[owner.value];
  }
  if (!target.valid()) return;
  std::string& current = elastic_ip_target_[eip];
  const std::string& name = net_.at(target).name;
  if (!current.empty() && current != name) {
    diags_.error("duplicate-association", where,
                 "elastic IP " + quoted(in_.elastic_ips[eip].name) +
                     " is already associated with " + quoted(current));
    return;
  }
  current = name;
  net_.interfaces[target.value].public_address = elastic_addresses_[eip];
}

void ModelBuilder::buildNatGateways() {
  for (const NatGatewaySpec& spec : in_.nat_gateways) {
    NatGateway& nat = net_.nat_gateways.emplace_back();
    nat.provenance = spec.provenance;
    nat.name = spec.name;
    nat.tags = spec.tags;
    nat.is_public = spec.is_public;
    nat.subnet = require<SubnetId>(subnets_, spec.subnet, "subnet", spec.provenance.location,
                                   "NAT gateway " + quoted(spec.name));
    if (spec.private_ip) nat.private_address.ip = ipv4(*spec.private_ip);
    // A public NAT gateway always has an Elastic IP; the code may not say which.
    if (spec.is_public) {
      nat.public_address =
          publicAddress(PublicAddress::Kind::kElastic, std::nullopt, spec.provenance);
      auto eip = lookup<ElasticIpIndex>(elastic_ips_, spec.elastic_ip, "elastic IP");
      if (eip.valid()) {
        nat.public_address = elastic_addresses_[eip.value];
      } else if (spec.public_ip) {
        nat.public_address.ip = ipv4(*spec.public_ip);
        nat.public_address.provenance = {spec.public_ip->location, spec.provenance.address};
      }
    }
    registerName(nat_gateways_, net_.nat_gateways, net_.nat_gateways.size() - 1, "NAT gateway");
  }
}

}  // namespace segproof::aws
