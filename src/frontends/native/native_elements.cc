// Native model elements without nested lists of rules.
#include "frontends/native/native_loader.h"

namespace segproof::native {

namespace {

std::string valueOr(const std::optional<Text>& text, std::string fallback = "") {
  return text ? text->value : fallback;
}

}  // namespace

void NativeLoader::vpc(const YAML::Node& node) {
  aws::VpcSpec spec;
  auto fields =
      element(node, "VPC", {"name", "cidr", "cidrs", "tags"}, {"name"}, spec.provenance, spec.name);
  if (!fields || !reader_.oneOf(*fields, "cidr", "cidrs")) return;
  if (auto cidr = reader_.text(*fields, "cidr")) spec.cidrs.push_back(*cidr);
  for (Text& cidr : reader_.texts(*fields, "cidrs")) spec.cidrs.push_back(cidr);
  spec.tags = reader_.tags(*fields, "tags");
  out_.vpcs.push_back(std::move(spec));
}

void NativeLoader::internetGateway(const YAML::Node& node) {
  aws::InternetGatewaySpec spec;
  auto fields = element(node, "internet gateway", {"name", "vpc", "tags"}, {"name"},
                        spec.provenance, spec.name);
  if (!fields) return;
  spec.vpc = reader_.ref(*fields, "vpc");
  spec.tags = reader_.tags(*fields, "tags");
  out_.internet_gateways.push_back(std::move(spec));
}

void NativeLoader::subnet(const YAML::Node& node) {
  aws::SubnetSpec spec;
  auto fields = element(node, "subnet",
                        {"name", "vpc", "cidr", "ipv6_cidr", "availability_zone",
                         "map_public_ip_on_launch", "assign_ipv6_address_on_creation",
                         "route_table", "network_acl", "tags"},
                        {"name", "vpc", "cidr"}, spec.provenance, spec.name);
  if (!fields) return;
  spec.vpc = reader_.ref(*fields, "vpc");
  spec.cidr = reader_.text(*fields, "cidr").value_or(Text{});
  spec.ipv6_cidr = reader_.text(*fields, "ipv6_cidr");
  spec.availability_zone = valueOr(reader_.text(*fields, "availability_zone"));
  if (auto flag = reader_.boolean(*fields, "map_public_ip_on_launch")) {
    spec.map_public_ip_on_launch = flag->value;
    spec.map_public_ip_location = flag->location;
  }
  if (auto flag = reader_.boolean(*fields, "assign_ipv6_address_on_creation"))
    spec.assign_ipv6_on_creation = flag->value;
  spec.tags = reader_.tags(*fields, "tags");
  Ref self{spec.name, spec.provenance.location};
  if (Ref table = reader_.ref(*fields, "route_table"); table.given())
    out_.route_table_associations.push_back({{table.location, spec.name}, self, table});
  if (Ref acl = reader_.ref(*fields, "network_acl"); acl.given())
    out_.network_acl_associations.push_back({{acl.location, spec.name}, self, acl});
  out_.subnets.push_back(std::move(spec));
}

void NativeLoader::natGateway(const YAML::Node& node) {
  aws::NatGatewaySpec spec;
  auto fields = element(node, "NAT gateway",
                        {"name", "subnet", "private_ip", "public_ip", "connectivity", "tags"},
                        {"name", "subnet"}, spec.provenance, spec.name);
  if (!fields) return;
  spec.subnet = reader_.ref(*fields, "subnet");
  spec.private_ip = reader_.text(*fields, "private_ip");
  spec.public_ip = reader_.text(*fields, "public_ip");
  spec.tags = reader_.tags(*fields, "tags");
  if (auto connectivity = reader_.text(*fields, "connectivity")) {
    if (connectivity->value != "public" && connectivity->value != "private") {
      reader_.expected(*fields->get("connectivity"), "public or private", "connectivity", *fields);
      return;
    }
    spec.is_public = connectivity->value == "public";
  }
  if (!spec.is_public && spec.public_ip) {
    reader_.diags().error("invalid-value", spec.public_ip->location,
                          "a private NAT gateway has no public IP");
    return;
  }
  out_.nat_gateways.push_back(std::move(spec));
}

void NativeLoader::peering(const YAML::Node& node) {
  aws::PeeringSpec spec;
  auto fields = element(node, "peering", {"name", "requester", "accepter", "status", "tags"},
                        {"name", "requester", "accepter"}, spec.provenance, spec.name);
  if (!fields) return;
  spec.requester_vpc = reader_.ref(*fields, "requester");
  spec.accepter_vpc = reader_.ref(*fields, "accepter");
  spec.tags = reader_.tags(*fields, "tags");
  if (auto status = reader_.text(*fields, "status")) {
    if (status->value != "active" && status->value != "pending") {
      reader_.expected(*fields->get("status"), "active or pending", "status", *fields);
      return;
    }
    spec.active = status->value == "active";
  }
  out_.peerings.push_back(std::move(spec));
}

void NativeLoader::gateway(const YAML::Node& node) {
  aws::GatewaySpec spec;
  auto fields = element(node, "gateway", {"name", "type", "vpc", "tags"}, {"name", "type"},
                        spec.provenance, spec.name);
  if (!fields) return;
  static const std::pair<std::string_view, RouteTargetKind> kTypes[] = {
      {"vpn", RouteTargetKind::kVpnGateway},
      {"transit", RouteTargetKind::kTransitGateway},
      {"endpoint", RouteTargetKind::kVpcEndpoint},
      {"egress_only", RouteTargetKind::kEgressOnlyInternetGateway},
      {"other", RouteTargetKind::kOther},
  };
  auto type = reader_.text(*fields, "type");
  if (!type) return;
  bool known = false;
  for (const auto& [name, kind] : kTypes) {
    if (type->value != name) continue;
    spec.kind = kind;
    known = true;
  }
  if (!known) {
    reader_.expected(*fields->get("type"), "vpn, transit, endpoint, egress_only or other", "type",
                     *fields);
    return;
  }
  spec.vpc = reader_.ref(*fields, "vpc");
  spec.tags = reader_.tags(*fields, "tags");
  out_.gateways.push_back(std::move(spec));
}

void NativeLoader::prefixList(const YAML::Node& node) {
  aws::PrefixListSpec spec;
  auto fields = element(node, "prefix list", {"name", "entries"}, {"name", "entries"},
                        spec.provenance, spec.name);
  if (!fields) return;
  spec.entries = reader_.texts(*fields, "entries");
  out_.prefix_lists.push_back(std::move(spec));
}

std::vector<Text> NativeLoader::privateIps(const Fields& fields) {
  if (!reader_.exclusive(fields, "private_ip", "private_ips")) return {};
  if (auto ip = reader_.text(fields, "private_ip")) return {*ip};
  return reader_.texts(fields, "private_ips");
}

// `ipv6_addresses` (a list) or `ipv6_address_count` (AWS picks them).
aws::Ipv6Spec NativeLoader::ipv6Addresses(const Fields& fields) {
  aws::Ipv6Spec spec;
  if (!reader_.exclusive(fields, "ipv6_addresses", "ipv6_address_count")) return spec;
  spec.addresses = reader_.texts(fields, "ipv6_addresses");
  spec.count = reader_.integer(fields, "ipv6_address_count");
  return spec;
}

// `public_ip`: true or false (request one or not), or an address (an Elastic IP).
aws::PublicIpSpec NativeLoader::publicIp(const Fields& fields) {
  aws::PublicIpSpec spec;
  const YAML::Node* value = fields.get("public_ip");
  if (!value) return spec;
  bool flag = false;
  if (!value->IsScalar()) {
    reader_.expected(*value, "true, false or an IP address", "public_ip", fields);
  } else if (YAML::convert<bool>::decode(*value, flag)) {
    spec.associate = Located<bool>{flag, reader_.at(*value)};
  } else {
    spec.address = Text{value->Scalar(), reader_.at(*value)};
  }
  return spec;
}

void NativeLoader::instance(const YAML::Node& node) {
  aws::InstanceSpec spec;
  auto fields = element(node, "instance",
                        {"name", "subnet", "private_ip", "private_ips", "ipv6_addresses",
                         "ipv6_address_count", "public_ip", "security_groups",
                         "source_dest_check", "tags"},
                        {"name", "subnet"}, spec.provenance, spec.name);
  if (!fields) return;
  spec.subnet = reader_.ref(*fields, "subnet");
  spec.private_ips = privateIps(*fields);
  spec.ipv6 = ipv6Addresses(*fields);
  spec.public_ip = publicIp(*fields);
  spec.security_groups = reader_.refs(*fields, "security_groups");
  if (auto check = reader_.boolean(*fields, "source_dest_check"))
    spec.source_dest_check = check->value;
  spec.tags = reader_.tags(*fields, "tags");
  out_.instances.push_back(std::move(spec));
}

void NativeLoader::networkInterface(const YAML::Node& node) {
  aws::NetworkInterfaceSpec spec;
  auto fields = element(node, "network interface",
                        {"name", "subnet", "private_ip", "private_ips", "ipv6_addresses",
                         "ipv6_address_count", "public_ip", "security_groups",
                         "source_dest_check", "instance", "tags"},
                        {"name", "subnet"}, spec.provenance, spec.name);
  if (!fields) return;
  spec.subnet = reader_.ref(*fields, "subnet");
  spec.private_ips = privateIps(*fields);
  spec.ipv6 = ipv6Addresses(*fields);
  spec.public_ip = publicIp(*fields);
  spec.security_groups = reader_.refs(*fields, "security_groups");
  if (auto check = reader_.boolean(*fields, "source_dest_check"))
    spec.source_dest_check = check->value;
  spec.attached_instance = reader_.ref(*fields, "instance");
  spec.tags = reader_.tags(*fields, "tags");
  out_.network_interfaces.push_back(std::move(spec));
}

}  // namespace segproof::native
