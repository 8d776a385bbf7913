// Transit gateways: the gateways, their attachments (VPC, peering, and those
// leading out of the model: VPN, Connect, Direct Connect), route tables,
// static routes and prefix list references, associations and propagations.
#include "frontends/terraform/mapping/mapping_context.h"

namespace segproof::terraform::mapping {

namespace {

Fields bodyOf(const ResourceInstance& in) { return Fields(in.body, in.range.location()); }

UnknownValue computed(const ResourceInstance& in, const std::string& attribute) {
  return UnknownValue{in.address + "." + attribute, in.range.location()};
}

constexpr Types kTgwTypes = {"aws_ec2_transit_gateway"};
constexpr Types kTableTypes = {"aws_ec2_transit_gateway_route_table"};
// What transit_gateway_attachment_id may name (an accepter of a peering
// attachment names the attachment itself: tgw_accepters_).
constexpr Types kAttachmentTypes = {
    "aws_ec2_transit_gateway_vpc_attachment", "aws_ec2_transit_gateway_peering_attachment",
    "aws_ec2_transit_gateway_connect", "aws_vpn_connection", "aws_dx_gateway_association"};

}  // namespace

std::optional<bool> AwsMapper::enabled(const Fields& fields, const char* name, bool absent,
                                       const std::string& effect, const ResourceInstance& in) {
  Read<Text> read = text(fields, name, in);
  if (read.invalid) return std::nullopt;
  if (read.unknown) {
    uncertain(*read.unknown, effect, {});
    return true;
  }
  if (!read.value) return absent;
  if (read.value->value == "enable") return true;
  if (read.value->value == "disable") return false;
  invalid(
      read.value->location, in,
      std::string(name) + " must be \"enable\" or \"disable\", not '" + read.value->value + "'");
  return std::nullopt;
}

bool AwsMapper::optOut(const Fields& fields, const char* name, const std::string& effect,
                       const ResourceInstance& in) {
  Read<Located<bool>> read = flag(fields, name, in);
  if (read.unknown) uncertain(*read.unknown, effect, {});
  return !read.value || read.value->value;
}

void AwsMapper::mapTransitGateway(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  aws::TransitGatewaySpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.tags = tags(fields);
  auto association = enabled(
      fields, "default_route_table_association", true,
      in.address + " is taken to associate new attachments with its default route table", in);
  auto propagation = enabled(
      fields, "default_route_table_propagation", true,
      in.address + " is taken to propagate new attachments into its default route table", in);
  if (!association || !propagation) return;
  spec.default_association = *association;
  spec.default_propagation = *propagation;
  // A state gives the default table's id: a table of the configuration when
  // the default was moved to it.
  Reference table = reference(fields, "association_default_route_table_id", kTableTypes, in);
  if (table.resolved() && table.target->type == "aws_ec2_transit_gateway_route_table")
    spec.default_route_table = table.ref;
  out_.transit_gateways.push_back(std::move(spec));
}

void AwsMapper::mapTgwVpcAttachment(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto vpc = requiredRef(fields, "vpc_id", {"aws_vpc"}, in);
  if (!vpc) return;
  auto tgw = requiredRef(fields, "transit_gateway_id", kTgwTypes, in, *vpc);
  if (!tgw) return;
  auto subnets = serviceSubnets(fields, "subnet_ids", in);
  if (!subnets) return;
  aws::TransitGatewayAttachmentSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.kind = TgwAttachmentKind::kVpc;
  spec.transit_gateway = *tgw;
  spec.vpc = *vpc;
  spec.subnets = std::move(*subnets);
  spec.tags = tags(fields);
  auto appliance = enabled(fields, "appliance_mode_support", false,
                           in.address + " is taken to use appliance mode", in);
  if (!appliance) return;
  spec.appliance_mode = *appliance;
  auto ipv6 = enabled(fields, "ipv6_support", false, in.address + " is taken to carry IPv6", in);
  if (!ipv6) return;
  spec.ipv6_support = *ipv6;
  spec.default_association = optOut(
      fields, "transit_gateway_default_route_table_association",
      in.address + " is taken to be associated with the default route table of its gateway", in);
  spec.default_propagation =
      optOut(fields, "transit_gateway_default_route_table_propagation",
             in.address + " is taken to propagate into the default route table of its gateway", in);
  out_.transit_gateway_attachments.push_back(std::move(spec));
}

// A peering attachment is active once an accepter names it (or a state says
// it is available). Without one it stays pending in the configuration, but
// the owner of the peer gateway may accept it outside: taken as not active,
// with an uncertainty, as for VPC peering connections. A peer gateway
// outside the configuration makes the attachment lead out of the model.
void AwsMapper::mapTgwPeeringAttachment(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto tgw = requiredRef(fields, "transit_gateway_id", kTgwTypes, in);
  if (!tgw) return;
  Reference peer = reference(fields, "peer_transit_gateway_id", kTgwTypes, in);
  if (peer.kind == Reference::Kind::kInvalid) return;
  if (peer.kind == Reference::Kind::kAbsent) {
    required(fields, "peer_transit_gateway_id", in);
    return;
  }
  aws::TransitGatewayAttachmentSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.kind = peer.resolved() ? TgwAttachmentKind::kPeering : TgwAttachmentKind::kOther;
  spec.transit_gateway = *tgw;
  if (peer.resolved()) spec.peer_transit_gateway = peer.ref;
  spec.tags = tags(fields);
  bool accepted = tgwPeeringAccepted(in);
  if (Read<Text> state = text(fields, "state", in); state.value) {
    spec.active = state.value->value == "available";
  } else {
    spec.active = accepted;
    if (!accepted) {
      uncertain(computed(in, "state"),
                in.address + " is taken as pending acceptance (not active); it may be accepted " +
                    "outside the configuration",
                {});
    }
  }
  out_.transit_gateway_attachments.push_back(std::move(spec));
}

// The accepter's own id is the attachment's: naming it names the attachment.
bool AwsMapper::tgwPeeringAccepted(const ResourceInstance& in) {
  bool accepted = false;
  for (const ResourceInstance& other : config_.resources) {
    if (other.type != "aws_ec2_transit_gateway_peering_attachment_accepter" || other.data) continue;
    const EvalAttribute* value = other.body.attribute("transit_gateway_attachment_id");
    if (!value || !(value->value.isString() || value->value.isUnknown())) continue;
    Reference named = reference(value->value, value->range.location(),
                                {"aws_ec2_transit_gateway_peering_attachment"}, other);
    if (!named.resolved() || named.ref.address != in.address) continue;
    tgw_accepters_[other.address] = in.address;
    accepted = true;
  }
  return accepted;
}

// Attachments whose other end is outside the model: a VPN connection, a
// Connect attachment (GRE over a transport attachment), a Direct Connect
// gateway. A VPN connection to a virtual private gateway, or a Direct
// Connect association with one, is no transit gateway attachment: not
// modelled yet.
void AwsMapper::mapTgwOtherAttachment(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  const char* argument =
      in.type == "aws_dx_gateway_association" ? "associated_gateway_id" : "transit_gateway_id";
  Reference gateway = reference(fields, argument, kTgwTypes, in);
  if (gateway.kind == Reference::Kind::kInvalid) return;
  // A VPN connection's transit_gateway_id names a transit gateway even when
  // unknown; a Direct Connect association may name a virtual private gateway.
  bool to_tgw = gateway.resolved() || in.type == "aws_ec2_transit_gateway_connect" ||
                (in.type == "aws_vpn_connection" && gateway.kind == Reference::Kind::kUnknown);
  if (!to_tgw) {
    unsupported_.add(in.type, in.range.location());
    return;
  }
  if (gateway.kind == Reference::Kind::kAbsent) {
    required(fields, argument, in);
    return;
  }
  if (gateway.kind == Reference::Kind::kUnknown) {
    omit(in, gateway.unknown, {});
    return;
  }
  aws::TransitGatewayAttachmentSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.kind = TgwAttachmentKind::kOther;
  spec.transit_gateway = gateway.ref;
  spec.tags = tags(fields);
  if (in.type == "aws_ec2_transit_gateway_connect") {
    spec.default_association = optOut(
        fields, "transit_gateway_default_route_table_association",
        in.address + " is taken to be associated with the default route table of its gateway", in);
    spec.default_propagation = optOut(
        fields, "transit_gateway_default_route_table_propagation",
        in.address + " is taken to propagate into the default route table of its gateway", in);
  }
  out_.transit_gateway_attachments.push_back(std::move(spec));
}

void AwsMapper::mapTgwRouteTable(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto tgw = requiredRef(fields, "transit_gateway_id", kTgwTypes, in);
  if (!tgw) return;
  aws::TransitGatewayRouteTableSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.transit_gateway = *tgw;
  spec.tags = tags(fields);
  Read<Located<bool>> is_default = flag(fields, "default_association_route_table", in);  // state
  spec.is_default = is_default.value && is_default.value->value;
  out_.transit_gateway_route_tables.push_back(std::move(spec));
}

// aws_ec2_transit_gateway_route (a CIDR) and
// aws_ec2_transit_gateway_prefix_list_reference (a prefix list): to an
// attachment, or a blackhole. An unknown destination or attachment leaves
// the route out with an uncertainty.
void AwsMapper::mapTgwRoute(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto table = requiredRef(fields, "transit_gateway_route_table_id", kTableTypes, in);
  if (!table) return;
  aws::TransitGatewayRouteSpec spec;
  spec.provenance = provenance(in);
  spec.route_table = *table;
  const std::string left_out = "route " + in.address + " is left out";
  if (in.type == "aws_ec2_transit_gateway_route") {
    Read<Text> cidr = text(fields, "destination_cidr_block", in);
    if (cidr.absent()) required(fields, "destination_cidr_block", in);
    if (cidr.unknown) uncertain(*cidr.unknown, left_out, {});
    if (!cidr.value) return;
    spec.destination = cidr.value;
  } else {
    Reference list = reference(fields, "prefix_list_id", {"aws_ec2_managed_prefix_list"}, in);
    if (list.kind == Reference::Kind::kAbsent) required(fields, "prefix_list_id", in);
    if (list.kind == Reference::Kind::kUnknown) uncertain(list.unknown, left_out, {});
    if (!list.resolved()) return;
    spec.destination_prefix_list = list.ref;
  }
  Read<Located<bool>> blackhole = flag(fields, "blackhole", in);
  if (blackhole.invalid) return;
  Reference attachment = reference(fields, "transit_gateway_attachment_id", kAttachmentTypes, in);
  if (attachment.kind == Reference::Kind::kInvalid) return;
  if (attachment.kind == Reference::Kind::kUnknown) {
    uncertain(attachment.unknown, left_out, {});
    return;
  }
  if (blackhole.unknown && attachment.resolved()) {
    // The wider reading: the route forwards.
    uncertain(*blackhole.unknown, in.address + " is taken to forward to its attachment", {});
  }
  spec.blackhole = blackhole.value && blackhole.value->value;
  if (blackhole.unknown && !attachment.resolved()) spec.blackhole = true;
  if (spec.blackhole == attachment.resolved()) {
    invalid(fields.location(), in,
            "needs either transit_gateway_attachment_id or blackhole = true");
    return;
  }
  if (attachment.resolved()) spec.attachment = attachment.ref;
  out_.transit_gateway_routes.push_back(std::move(spec));
}

void AwsMapper::mapTgwTableLink(const ResourceInstance& in,
                                std::vector<aws::TransitGatewayTableLinkSpec>& links) {
  Fields fields = bodyOf(in);
  Reference attachment = reference(fields, "transit_gateway_attachment_id", kAttachmentTypes, in);
  Reference table = reference(fields, "transit_gateway_route_table_id", kTableTypes, in);
  if (attachment.kind == Reference::Kind::kInvalid || table.kind == Reference::Kind::kInvalid)
    return;
  for (const Reference* part : {&attachment, &table}) {
    if (part->kind == Reference::Kind::kUnknown) {
      uncertain(part->unknown, in.address + " is left out", {});
      return;
    }
  }
  if (attachment.kind == Reference::Kind::kAbsent)
    required(fields, "transit_gateway_attachment_id", in);
  if (table.kind == Reference::Kind::kAbsent)
    required(fields, "transit_gateway_route_table_id", in);
  if (!attachment.resolved() || !table.resolved()) return;
  links.push_back({provenance(in), attachment.ref, table.ref});
}

}  // namespace segproof::terraform::mapping
