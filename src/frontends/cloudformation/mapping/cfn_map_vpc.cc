// VPCs and their CIDR blocks, subnets, gateways and their attachments,
// peerings, prefix lists, Elastic IPs and NAT gateways.
#include "frontends/cloudformation/mapping/cfn_mapper.h"

namespace segproof::cloudformation::mapping {

namespace {

Props propsOf(const Resource& in) { return Props(in.properties, in.location); }

UnknownValue computed(const Resource& in, const std::string& attribute) {
  return UnknownValue{in.logical_id + "." + attribute, in.location};
}

constexpr Types kVpc = {"AWS::EC2::VPC"};

}  // namespace

// Without a known IPv4 block (an IPAM pool allocates it at deploy time) the
// VPC cannot be placed in the address space: it is left out, and so is
// everything that needs it.
void CfnMapper::mapVpc(const Resource& in) {
  Props props = propsOf(in);
  Read<Text> cidr = text(props, "CidrBlock", in);
  if (cidr.invalid) return;
  if (!cidr.value) {
    omit(in, cidr.unknown ? *cidr.unknown : computed(in, "CidrBlock"), {});
    return;
  }
  aws::VpcSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.tags = tags(props);
  spec.cidrs.push_back(*cidr.value);
  vpc_at_[in.logical_id] = out_.vpcs.size();
  out_.vpcs.push_back(std::move(spec));
}

void CfnMapper::ipv6Unknown(const UnknownValue& value, const std::string& element,
                            const Ref& vpc) {
  uncertain(value,
            "the IPv6 block of " + element +
                " is known only once deployed: its IPv6 addresses are left out",
            vpc);
}

// An Amazon-provided or pool IPv6 block is known only once deployed.
void CfnMapper::mapVpcCidrBlock(const Resource& in) {
  Props props = propsOf(in);
  Reference vpc = reference(props, "VpcId", kVpc, in);
  if (vpc.kind == Reference::Kind::kAbsent) required(props, "VpcId", in);
  if (vpc.kind == Reference::Kind::kUnknown) {
    uncertain(vpc.unknown, "the CIDR block of " + in.logical_id + " is left out", {});
    return;
  }
  auto at = vpc.resolved() ? vpc_at_.find(vpc.ref.address) : vpc_at_.end();
  if (at == vpc_at_.end()) return;
  Read<Text> cidr = text(props, "CidrBlock", in);
  Read<Text> ipv6 = text(props, "Ipv6CidrBlock", in);
  if (cidr.value) out_.vpcs[at->second].cidrs.push_back(*cidr.value);
  if (ipv6.value) out_.vpcs[at->second].cidrs.push_back(*ipv6.value);
  Read<Located<bool>> amazon = flag(props, "AmazonProvidedIpv6CidrBlock", in);
  bool ipv6_asked = (amazon.value && amazon.value->value) || amazon.unknown ||
                    props.get("Ipv6IpamPoolId") || props.get("Ipv6Pool");
  if (ipv6.unknown || (!ipv6.value && ipv6_asked)) {
    UnknownValue why = ipv6.unknown     ? *ipv6.unknown
                       : amazon.unknown ? *amazon.unknown
                                        : computed(in, "Ipv6CidrBlock");
    ipv6Unknown(why, in.logical_id, vpc.ref);
  }
  bool ipv6_only = !cidr.value && !cidr.unknown && (ipv6.value || ipv6.unknown || ipv6_asked);
  if (!cidr.value && !cidr.invalid && !ipv6_only) {
    uncertain(cidr.unknown ? *cidr.unknown : computed(in, "CidrBlock"),
              "the CIDR block of " + in.logical_id + " is left out", vpc.ref);
  }
}

void CfnMapper::mapSubnet(const Resource& in) {
  Props props = propsOf(in);
  auto vpc = requiredRef(props, "VpcId", kVpc, in);
  if (!vpc) return;
  Read<Text> cidr = text(props, "CidrBlock", in);
  if (cidr.invalid) return;
  std::optional<Text> unplaced_cidr;
  if (!cidr.value) {
    // Unknown (Fn::Cidr of an unknown block, an IPAM pool) or IPv6-only:
    // IPv4 addresses cannot be placed.
    UnknownValue why = cidr.unknown ? *cidr.unknown : computed(in, "CidrBlock");
    if (!out_.keep_unplaced) {
      omit(in, why, *vpc);
      return;
    }
    unplaced_cidr = Text{"", unplaced(in, why, *vpc).location};  // lint reads its flags only
  }
  aws::SubnetSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.vpc = *vpc;
  spec.tags = tags(props);
  spec.cidr = unplaced_cidr ? *unplaced_cidr : *cidr.value;
  // The IPv6 block is often cut from the VPC's Amazon-provided one (Fn::Cidr
  // of GetAtt Ipv6CidrBlocks): known only once deployed. The subnet keeps
  // its IPv4 side.
  Read<Text> ipv6 = text(props, "Ipv6CidrBlock", in);
  if (ipv6.value) {
    spec.ipv6_cidr = ipv6.value;
    ipv6_subnets_.insert(in.logical_id);
  } else if (ipv6.unknown || props.get("Ipv6IpamPoolId")) {
    ipv6Unknown(ipv6.unknown ? *ipv6.unknown : computed(in, "Ipv6CidrBlock"), in.logical_id, *vpc);
    ipv6_unknown_subnets_.insert(in.logical_id);
  }
  Read<Located<bool>> assign_ipv6 = flag(props, "AssignIpv6AddressOnCreation", in);
  if (assign_ipv6.value) spec.assign_ipv6_on_creation = assign_ipv6.value->value;
  if (assign_ipv6.unknown && ipv6.value) {
    // The wider reading: interfaces get an IPv6 address.
    spec.assign_ipv6_on_creation = true;
    uncertain(*assign_ipv6.unknown,
              "interfaces of " + in.logical_id + " are taken to get an IPv6 address", *vpc);
  }
  if (Read<Text> zone = text(props, "AvailabilityZone", in); zone.value)
    spec.availability_zone = zone.value->value;
  Read<Located<bool>> map_public = flag(props, "MapPublicIpOnLaunch", in);
  if (map_public.invalid) return;
  if (map_public.value) {
    spec.map_public_ip_on_launch = map_public.value->value;
    spec.map_public_ip_location = map_public.value->location;
  } else if (map_public.unknown) {
    // The wider reading: instances may get a public address.
    spec.map_public_ip_on_launch = true;
    spec.map_public_ip_location = map_public.unknown->location;
    uncertain(*map_public.unknown,
              "instances of " + in.logical_id + " are taken to get a public IPv4 address", *vpc);
  }
  vpc_of_[in.logical_id] = *vpc;
  subnet_at_[in.logical_id] = out_.subnets.size();
  out_.subnets.push_back(std::move(spec));
}

// AWS::EC2::SubnetCidrBlock gives a subnet its IPv6 block; one from a pool
// (or unknown) is known only once deployed.
void CfnMapper::mapSubnetCidrBlock(const Resource& in) {
  Props props = propsOf(in);
  Reference subnet = reference(props, "SubnetId", {"AWS::EC2::Subnet"}, in);
  if (subnet.kind == Reference::Kind::kAbsent) required(props, "SubnetId", in);
  if (subnet.kind == Reference::Kind::kUnknown) {
    uncertain(subnet.unknown, "the IPv6 block of " + in.logical_id + " is left out", {});
    return;
  }
  auto at = subnet.resolved() ? subnet_at_.find(subnet.ref.address) : subnet_at_.end();
  if (at == subnet_at_.end()) return;
  aws::SubnetSpec& spec = out_.subnets[at->second];
  Read<Text> ipv6 = text(props, "Ipv6CidrBlock", in);
  if (ipv6.invalid) return;
  if (ipv6.value && !spec.ipv6_cidr) {
    spec.ipv6_cidr = ipv6.value;
    ipv6_subnets_.insert(spec.name);
    ipv6_unknown_subnets_.erase(spec.name);
  } else if (ipv6.value) {
    invalid(ipv6.value->location, in,
            "subnet " + spec.name + " already has the IPv6 block " + spec.ipv6_cidr->value +
                "; AWS allows one");
  } else if (!spec.ipv6_cidr) {
    ipv6Unknown(ipv6.unknown ? *ipv6.unknown : computed(in, "Ipv6CidrBlock"), in.logical_id,
                vpcOf(subnet.ref));
    ipv6_unknown_subnets_.insert(spec.name);
  }
}

// Attached by AWS::EC2::VPCGatewayAttachment.
void CfnMapper::mapInternetGateway(const Resource& in) {
  aws::InternetGatewaySpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.tags = tags(propsOf(in));
  out_.internet_gateways.push_back(std::move(spec));
}

void CfnMapper::mapGateway(const Resource& in, RouteTargetKind kind) {
  Props props = propsOf(in);
  aws::GatewaySpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.kind = kind;
  spec.tags = tags(props);
  if (kind == RouteTargetKind::kEgressOnlyInternetGateway) {
    auto vpc = requiredRef(props, "VpcId", kVpc, in);
    if (!vpc) return;
    spec.vpc = *vpc;
  }
  out_.gateways.push_back(std::move(spec));
}

void CfnMapper::mapGatewayAttachment(const Resource& in) {
  Props props = propsOf(in);
  auto vpc = requiredRef(props, "VpcId", kVpc, in);
  if (!vpc) return;
  bool internet = props.get("InternetGatewayId") != nullptr;
  bool vpn = props.get("VpnGatewayId") != nullptr;
  if (internet == vpn) {
    invalid(in.location, in, "needs exactly one of InternetGatewayId and VpnGatewayId");
    return;
  }
  auto gateway =
      internet ? requiredRef(props, "InternetGatewayId", {"AWS::EC2::InternetGateway"}, in, *vpc)
               : requiredRef(props, "VpnGatewayId", {"AWS::EC2::VPNGateway"}, in, *vpc);
  if (!gateway) return;
  out_.gateway_attachments.push_back({provenance(in), *vpc, *gateway});
}

// CloudFormation accepts a peering between VPCs of one account itself. With
// PeerOwnerId (another account) the owner of the peer VPC must accept it,
// unless PeerRoleArn gives CloudFormation a role in that account to accept
// with: without it the peering is taken as pending (not active), with an
// uncertainty since it may be accepted outside the template.
void CfnMapper::mapPeering(const Resource& in) {
  Props props = propsOf(in);
  auto requester = requiredRef(props, "VpcId", kVpc, in);
  if (!requester) return;
  auto accepter = requiredRef(props, "PeerVpcId", kVpc, in, *requester);
  if (!accepter) return;
  aws::PeeringSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.requester_vpc = *requester;
  spec.accepter_vpc = *accepter;
  spec.tags = tags(props);
  Read<Text> owner = text(props, "PeerOwnerId", in);
  if ((owner.value || owner.unknown) && !props.get("PeerRoleArn")) {
    spec.active = false;
    uncertain(owner.unknown ? *owner.unknown
                            : UnknownValue{in.logical_id + ".Accepted", owner.value->location},
              in.logical_id +
                  " is taken as pending acceptance by the peer account (not active); it may be "
                  "accepted outside the template",
              *requester);
  }
  out_.peerings.push_back(std::move(spec));
}

void CfnMapper::mapPrefixList(const Resource& in) {
  Props props = propsOf(in);
  aws::PrefixListSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  Props::Elements entries = elements(props, "Entries", in);
  if (entries.unknown) {
    spec.content_known = false;
    uncertain(*entries.unknown, "the entries of " + in.logical_id + " are not known", {});
  }
  for (const Props& entry : entries.items) {
    Read<Text> cidr = text(entry, "Cidr", in);
    if (cidr.value) spec.entries.push_back(*cidr.value);
    if (cidr.absent()) required(entry, "Cidr", in);
    if (cidr.unknown) {
      spec.content_known = false;
      uncertain(*cidr.unknown, "an entry of " + in.logical_id + " is not known", {});
    }
  }
  out_.prefix_lists.push_back(std::move(spec));
}

// The public address is only known once deployed; InstanceId associates it.
void CfnMapper::mapElasticIp(const Resource& in) {
  Props props = propsOf(in);
  aws::ElasticIpSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.tags = tags(props);
  Reference instance = reference(props, "InstanceId", {"AWS::EC2::Instance"}, in);
  if (instance.resolved()) spec.instance = instance.ref;
  if (instance.kind == Reference::Kind::kUnknown)
    uncertain(instance.unknown, in.logical_id + " is taken as not associated", {});
  out_.elastic_ips.push_back(std::move(spec));
}

// AllocationId (GetAtt EIP.AllocationId) or EIP (Ref EIP, the address) name
// the Elastic IP.
void CfnMapper::mapElasticIpAssociation(const Resource& in) {
  Props props = propsOf(in);
  const char* eip_property = props.get("AllocationId") ? "AllocationId" : "EIP";
  Reference eip = reference(props, eip_property, {"AWS::EC2::EIP"}, in);
  Reference instance = reference(props, "InstanceId", {"AWS::EC2::Instance"}, in);
  Reference interface = reference(props, "NetworkInterfaceId", {"AWS::EC2::NetworkInterface"}, in);
  for (const Reference* part : {&eip, &instance, &interface}) {
    if (part->kind == Reference::Kind::kUnknown) {
      uncertain(part->unknown, in.logical_id + " is left out", {});
      return;
    }
  }
  if (eip.kind == Reference::Kind::kAbsent) {
    invalid(in.location, in, "names neither AllocationId nor EIP");
    return;
  }
  if (instance.kind == Reference::Kind::kAbsent && interface.kind == Reference::Kind::kAbsent) {
    invalid(in.location, in, "names neither InstanceId nor NetworkInterfaceId");
    return;
  }
  if (!eip.resolved() || (!instance.resolved() && !interface.resolved())) return;
  out_.elastic_ip_associations.push_back({provenance(in), eip.ref, instance.ref, interface.ref});
}

void CfnMapper::mapNatGateway(const Resource& in) {
  Props props = propsOf(in);
  auto subnet = requiredRef(props, "SubnetId", {"AWS::EC2::Subnet"}, in);
  if (!subnet) return;
  aws::NatGatewaySpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.subnet = *subnet;
  spec.tags = tags(props);
  Read<Text> connectivity = text(props, "ConnectivityType", in);
  spec.is_public = !(connectivity.value && connectivity.value->value == "private");
  if (connectivity.unknown) {
    uncertain(*connectivity.unknown, in.logical_id + " is taken as a public NAT gateway",
              vpcOf(*subnet));
  }
  if (Read<Text> ip = text(props, "PrivateIpAddress", in); ip.value) spec.private_ip = ip.value;
  Reference eip = reference(props, "AllocationId", {"AWS::EC2::EIP"}, in);
  if (eip.resolved() && spec.is_public) spec.elastic_ip = eip.ref;
  out_.nat_gateways.push_back(std::move(spec));
}

}  // namespace segproof::cloudformation::mapping
