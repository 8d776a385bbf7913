// VPCs and their CIDR blocks, subnets, gateways, peerings, managed prefix
// lists, Elastic IPs and NAT gateways.
#include "frontends/terraform/mapping/mapping_context.h"

namespace segproof::terraform::mapping {

namespace {

Fields bodyOf(const ResourceInstance& in) { return Fields(in.body, in.range.location()); }

UnknownValue computed(const ResourceInstance& in, const std::string& attribute) {
  return UnknownValue{in.address + "." + attribute, in.range.location()};
}

}  // namespace

// A VPC without a known IPv4 block cannot be placed in the address space:
// it is left out, and so is everything that needs it.
void AwsMapper::mapVpc(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  aws::VpcSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.tags = tags(fields);
  Read<Text> cidr = text(fields, "cidr_block", in);
  if (cidr.invalid) return;
  if (!cidr.value) {
    // Absent: the block comes from an IPAM pool at apply time.
    omit(in, cidr.unknown ? *cidr.unknown : computed(in, "cidr_block"), {});
    return;
  }
  spec.cidrs.push_back(*cidr.value);
  vpcIpv6(fields, spec, in);
  vpc_at_[in.address] = out_.vpcs.size();
  out_.vpcs.push_back(std::move(spec));
}

// The IPv6 block of an aws_vpc or aws_default_vpc: an Amazon-provided or
// pool block is known only after apply.
void AwsMapper::vpcIpv6(const Fields& fields, aws::VpcSpec& spec, const ResourceInstance& in) {
  Read<Text> ipv6 = text(fields, "ipv6_cidr_block", in);
  if (ipv6.value) spec.cidrs.push_back(*ipv6.value);
  Read<Located<bool>> generated = flag(fields, "assign_generated_ipv6_cidr_block", in);
  bool asked = (generated.value && generated.value->value) || generated.unknown ||
               fields.get("ipv6_ipam_pool_id");
  if (ipv6.unknown || (!ipv6.value && asked)) {
    UnknownValue why = ipv6.unknown        ? *ipv6.unknown
                       : generated.unknown ? *generated.unknown
                                           : computed(in, "ipv6_cidr_block");
    ipv6Unknown(why, in.address, Ref{in.address, in.range.location()});
  }
}

// AWS gives every region's default VPC this block
// (docs.aws.amazon.com/vpc/latest/userguide/default-vpc.html).
constexpr const char* kDefaultVpcCidr = "172.31.0.0/16";

void AwsMapper::mapDefaultVpc(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  aws::VpcSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.tags = tags(fields);
  Read<Text> cidr = text(fields, "cidr_block", in);  // known in a state
  spec.cidrs.push_back(cidr.value ? *cidr.value : Text{kDefaultVpcCidr, in.range.location()});
  vpcIpv6(fields, spec, in);
  vpc_at_[in.address] = out_.vpcs.size();
  out_.vpcs.push_back(std::move(spec));
  if (default_vpc_.empty()) default_vpc_ = in.address;
}

Ref AwsMapper::defaultVpc(const ResourceInstance& user) {
  SourceLocation where = user.range.location();
  if (default_vpc_.empty()) {
    default_vpc_ = "default VPC";
    aws::VpcSpec spec;
    spec.provenance = {where, default_vpc_};
    spec.name = default_vpc_;
    spec.cidrs.push_back(Text{kDefaultVpcCidr, where});
    vpc_at_[default_vpc_] = out_.vpcs.size();
    out_.vpcs.push_back(std::move(spec));
    diags_.note("terraform-default-vpc", where,
                user.address + " names no vpc_id: AWS creates it in the region's default VPC, "
                               "which segproof adds as \"default VPC\" (172.31.0.0/16)");
  }
  return Ref{default_vpc_, where};
}

void AwsMapper::ipv6Unknown(const UnknownValue& value, const std::string& element,
                            const Ref& vpc) {
  uncertain(value,
            "the IPv6 block of " + element +
                " is known only after apply: its IPv6 addresses are left out",
            vpc);
}

void AwsMapper::mapVpcCidrAssociation(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference vpc = reference(fields, "vpc_id", {"aws_vpc"}, in);
  if (vpc.kind == Reference::Kind::kAbsent) required(fields, "vpc_id", in);
  if (vpc.kind == Reference::Kind::kUnknown) {
    uncertain(vpc.unknown, "the CIDR block of " + in.address + " is left out", {});
    return;
  }
  auto at = vpc.resolved() ? vpc_at_.find(vpc.ref.address) : vpc_at_.end();
  if (at == vpc_at_.end()) return;
  Read<Text> cidr = text(fields, "cidr_block", in);
  if (cidr.value) {
    out_.vpcs[at->second].cidrs.push_back(*cidr.value);
  } else if (!cidr.invalid) {
    uncertain(cidr.unknown ? *cidr.unknown : computed(in, "cidr_block"),
              "the CIDR block of " + in.address + " is left out", vpc.ref);
  }
}

// An Amazon-provided or pool block (no ipv6_cidr_block) is known only
// after apply.
void AwsMapper::mapVpcIpv6Association(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference vpc = reference(fields, "vpc_id", {"aws_vpc"}, in);
  if (vpc.kind == Reference::Kind::kAbsent) required(fields, "vpc_id", in);
  if (vpc.kind == Reference::Kind::kUnknown) {
    uncertain(vpc.unknown, "the IPv6 block of " + in.address + " is left out", {});
    return;
  }
  auto at = vpc.resolved() ? vpc_at_.find(vpc.ref.address) : vpc_at_.end();
  if (at == vpc_at_.end()) return;
  Read<Text> cidr = text(fields, "ipv6_cidr_block", in);
  if (cidr.value) {
    out_.vpcs[at->second].cidrs.push_back(*cidr.value);
  } else if (!cidr.invalid) {
    ipv6Unknown(cidr.unknown ? *cidr.unknown : computed(in, "ipv6_cidr_block"), in.address,
                vpc.ref);
  }
}

void AwsMapper::mapSubnet(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto vpc = requiredRef(fields, "vpc_id", {"aws_vpc"}, in);
  if (!vpc) return;
  aws::SubnetSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.vpc = *vpc;
  spec.tags = tags(fields);
  Read<Text> cidr = text(fields, "cidr_block", in);
  if (cidr.invalid) return;
  if (!cidr.value) {
    // Unknown, or an IPv6-only subnet: IPv4 addresses cannot be placed.
    UnknownValue why = cidr.unknown ? *cidr.unknown : computed(in, "cidr_block");
    if (!out_.keep_unplaced) {
      omit(in, why, *vpc);
      return;
    }
    spec.cidr = Text{"", unplaced(in, why, *vpc).location};  // lint reads its flags only
  } else {
    spec.cidr = *cidr.value;
  }
  // The IPv6 block is often cut from the VPC's generated one: known only
  // after apply. The subnet keeps its IPv4 side.
  Read<Text> ipv6 = text(fields, "ipv6_cidr_block", in);
  if (ipv6.value) {
    spec.ipv6_cidr = ipv6.value;
    ipv6_subnets_.insert(in.address);
  } else if (ipv6.unknown) {
    ipv6Unknown(*ipv6.unknown, in.address, *vpc);
    ipv6_unknown_subnets_.insert(in.address);
  }
  Read<Located<bool>> assign_ipv6 = flag(fields, "assign_ipv6_address_on_creation", in);
  if (assign_ipv6.value) spec.assign_ipv6_on_creation = assign_ipv6.value->value;
  if (assign_ipv6.unknown && ipv6.value) {
    // The wider reading: interfaces get an IPv6 address.
    spec.assign_ipv6_on_creation = true;
    uncertain(*assign_ipv6.unknown,
              "interfaces of " + in.address + " are taken to get an IPv6 address", *vpc);
  }
  if (Read<Text> zone = text(fields, "availability_zone", in); zone.value)
    spec.availability_zone = zone.value->value;
  Read<Located<bool>> map_public = flag(fields, "map_public_ip_on_launch", in);
  if (map_public.value) {
    spec.map_public_ip_on_launch = map_public.value->value;
    spec.map_public_ip_location = map_public.value->location;
  } else if (map_public.unknown) {
    // The wider reading: instances may get a public address.
    spec.map_public_ip_on_launch = true;
    spec.map_public_ip_location = map_public.unknown->location;
    uncertain(*map_public.unknown,
              "instances of " + in.address + " are taken to get a public IPv4 address", *vpc);
  }
  vpc_of_[in.address] = *vpc;
  out_.subnets.push_back(std::move(spec));
}

void AwsMapper::mapInternetGateway(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  aws::InternetGatewaySpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.tags = tags(fields);
  Reference vpc = reference(fields, "vpc_id", {"aws_vpc"}, in);
  if (vpc.resolved()) spec.vpc = vpc.ref;
  if (vpc.kind == Reference::Kind::kUnknown)
    uncertain(vpc.unknown, in.address + " is taken as not attached to any VPC", {});
  out_.internet_gateways.push_back(std::move(spec));
}

void AwsMapper::mapGateway(const ResourceInstance& in, RouteTargetKind kind) {
  Fields fields = bodyOf(in);
  aws::GatewaySpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.kind = kind;
  spec.tags = tags(fields);
  Reference vpc = reference(fields, "vpc_id", {"aws_vpc"}, in);
  if (vpc.resolved()) spec.vpc = vpc.ref;
  if (vpc.kind == Reference::Kind::kUnknown)
    uncertain(vpc.unknown, in.address + " is taken as not attached to any VPC", {});
  if (kind == RouteTargetKind::kEgressOnlyInternetGateway && !spec.vpc.given())
    required(fields, "vpc_id", in);
  out_.gateways.push_back(std::move(spec));
}

void AwsMapper::mapGatewayAttachment(const ResourceInstance& in, const char* gateway_argument,
                                     Types gateway_types) {
  Fields fields = bodyOf(in);
  auto vpc = requiredRef(fields, "vpc_id", {"aws_vpc"}, in);
  if (!vpc) return;
  auto gateway = requiredRef(fields, gateway_argument, gateway_types, in, *vpc);
  if (!gateway) return;
  out_.gateway_attachments.push_back({provenance(in), *vpc, *gateway});
}

// A peering is active once accepted: by auto_accept on the request (same
// account and region), or by an accepter resource with auto_accept. Without
// either it stays pending in the configuration, but the owner of the peer VPC
// may accept it outside: taken as not active, with an uncertainty.
void AwsMapper::mapPeering(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto requester = requiredRef(fields, "vpc_id", {"aws_vpc"}, in);
  if (!requester) return;
  auto accepter = requiredRef(fields, "peer_vpc_id", {"aws_vpc"}, in, *requester);
  if (!accepter) return;
  aws::PeeringSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.requester_vpc = *requester;
  spec.accepter_vpc = *accepter;
  spec.tags = tags(fields);
  // A state records the status itself.
  if (Read<Text> status = text(fields, "accept_status", in); status.value) {
    spec.active = status.value->value == "active";
    out_.peerings.push_back(std::move(spec));
    return;
  }
  std::optional<UnknownValue> unsure;
  bool accepted = peeringAccepted(in, unsure);
  spec.active = accepted;
  if (!accepted) {
    uncertain(unsure ? *unsure : computed(in, "accept_status"),
              in.address + " is taken as pending acceptance (not active); it may be accepted " +
                  "outside the configuration",
              *requester);
  }
  out_.peerings.push_back(std::move(spec));
}

// Whether the configuration accepts the peering; `unsure` receives an
// unknown auto_accept.
bool AwsMapper::peeringAccepted(const ResourceInstance& in, std::optional<UnknownValue>& unsure) {
  Read<Located<bool>> auto_accept = flag(bodyOf(in), "auto_accept", in);
  if (auto_accept.value && auto_accept.value->value) return true;
  unsure = auto_accept.unknown;
  for (const ResourceInstance& other : config_.resources) {
    if (other.type != "aws_vpc_peering_connection_accepter" || other.data) continue;
    Fields fields = bodyOf(other);
    Reference named = reference(fields, "vpc_peering_connection_id", {in.type.c_str()}, other);
    if (!named.resolved() || named.ref.address != in.address) continue;
    Read<Located<bool>> accepts = flag(fields, "auto_accept", other);
    if (accepts.value && accepts.value->value) return true;
    if (accepts.unknown) unsure = accepts.unknown;
  }
  return false;
}

void AwsMapper::mapPrefixList(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  aws::PrefixListSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  Nested entries = nested(fields, "entry", in);
  if (entries.unknown) {
    spec.content_known = false;
    uncertain(*entries.unknown, "the entries of " + in.address + " are not known", {});
  }
  for (const Fields& entry : entries.items) {
    Read<Text> cidr = text(entry, "cidr", in);
    if (cidr.value) spec.entries.push_back(*cidr.value);
    if (cidr.unknown) {
      spec.content_known = false;
      uncertain(*cidr.unknown, "an entry of " + in.address + " is not known", {});
    }
  }
  prefix_list_at_[in.address] = out_.prefix_lists.size();
  out_.prefix_lists.push_back(std::move(spec));
}

void AwsMapper::mapPrefixListEntry(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference list = reference(fields, "prefix_list_id", {"aws_ec2_managed_prefix_list"}, in);
  if (list.kind == Reference::Kind::kAbsent) required(fields, "prefix_list_id", in);
  auto at = list.resolved() ? prefix_list_at_.find(list.ref.address) : prefix_list_at_.end();
  // An entry of a list outside the configuration changes nothing modelled:
  // rules naming that list are already widened.
  if (at == prefix_list_at_.end()) return;
  aws::PrefixListSpec& spec = out_.prefix_lists[at->second];
  Read<Text> cidr = text(fields, "cidr", in);
  if (cidr.value) spec.entries.push_back(*cidr.value);
  if (cidr.absent()) required(fields, "cidr", in);
  if (cidr.unknown) {
    spec.content_known = false;
    uncertain(*cidr.unknown, "an entry of " + spec.name + " is not known", {});
  }
}

void AwsMapper::mapElasticIp(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  aws::ElasticIpSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.tags = tags(fields);
  if (Read<Text> ip = text(fields, "public_ip", in); ip.value) spec.public_ip = ip.value;
  Reference instance = reference(fields, "instance", {"aws_instance"}, in);
  Reference interface = reference(fields, "network_interface", {"aws_network_interface"}, in);
  if (instance.resolved()) spec.instance = instance.ref;
  if (interface.resolved()) spec.network_interface = interface.ref;
  for (const Reference* target : {&instance, &interface}) {
    if (target->kind == Reference::Kind::kUnknown)
      uncertain(target->unknown, in.address + " is taken as not associated", {});
  }
  out_.elastic_ips.push_back(std::move(spec));
}

void AwsMapper::mapElasticIpAssociation(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  Reference eip = reference(fields, "allocation_id", {"aws_eip"}, in);
  Reference instance = reference(fields, "instance_id", {"aws_instance"}, in);
  Reference interface = reference(fields, "network_interface_id", {"aws_network_interface"}, in);
  for (const Reference* part : {&eip, &instance, &interface}) {
    if (part->kind == Reference::Kind::kUnknown) {
      uncertain(part->unknown, in.address + " is left out", {});
      return;
    }
  }
  if (!eip.resolved()) {
    // The EC2-Classic form (public_ip) names no allocation.
    if (eip.kind == Reference::Kind::kAbsent) required(fields, "allocation_id", in);
    return;
  }
  if (!instance.resolved() && !interface.resolved()) {
    if (instance.kind == Reference::Kind::kAbsent && interface.kind == Reference::Kind::kAbsent)
      invalid(fields.location(), in, "names neither instance_id nor network_interface_id");
    return;
  }
  out_.elastic_ip_associations.push_back({provenance(in), eip.ref, instance.ref, interface.ref});
}

void AwsMapper::mapNatGateway(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto subnet = requiredRef(fields, "subnet_id", {"aws_subnet"}, in);
  if (!subnet) return;
  aws::NatGatewaySpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.subnet = *subnet;
  spec.tags = tags(fields);
  Read<Text> connectivity = text(fields, "connectivity_type", in);
  spec.is_public = !(connectivity.value && connectivity.value->value == "private");
  if (connectivity.unknown) {
    uncertain(*connectivity.unknown, in.address + " is taken as a public NAT gateway",
              vpcOf(*subnet));
  }
  if (Read<Text> ip = text(fields, "private_ip", in); ip.value) spec.private_ip = ip.value;
  Reference eip = reference(fields, "allocation_id", {"aws_eip"}, in);
  if (eip.resolved() && spec.is_public) spec.elastic_ip = eip.ref;
  out_.nat_gateways.push_back(std::move(spec));
}

}  // namespace segproof::terraform::mapping
