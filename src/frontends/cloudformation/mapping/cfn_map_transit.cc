// Transit gateways: the gateways, their VPC and peering attachments, route
// tables, static routes, and the associations and propagations that link
// attachments to tables. A transit gateway's default route table is not a
// resource of the template: GetAtt Tgw.AssociationDefaultRouteTableId (or
// PropagationDefaultRouteTableId) names "<Tgw>/default-route-table", which
// the builder adds.
#include "frontends/cloudformation/mapping/cfn_mapper.h"

namespace segproof::cloudformation::mapping {

namespace {

Props propsOf(const Resource& in) { return Props(in.properties, in.location); }

constexpr Types kTransitGateway = {"AWS::EC2::TransitGateway"};
constexpr Types kTgwTables = {"AWS::EC2::TransitGatewayRouteTable"};
constexpr Types kTgwAttachments = {"AWS::EC2::TransitGatewayAttachment",
                                   "AWS::EC2::TransitGatewayVpcAttachment",
                                   "AWS::EC2::TransitGatewayPeeringAttachment"};

}  // namespace

// A reference the element cannot do without: missing is an error, unknown
// (a transit gateway shared from another account, a table outside the
// template) leaves the element out.
std::optional<Ref> CfnMapper::neededRef(const Props& props, const std::string& name, Types types,
                                        const Resource& in) {
  Reference found = reference(props, name, types, in);
  if (found.kind == Reference::Kind::kAbsent) required(props, name, in);
  if (found.kind == Reference::Kind::kUnknown) omit(in, found.unknown, {});
  if (!found.resolved()) return std::nullopt;
  return found.ref;
}

// "enable" (the default) or "disable"; an unknown one is taken as "enable",
// the reading that links more attachments, with an uncertainty.
bool CfnMapper::tgwOption(const Props& props, const std::string& name, const Resource& in,
                          const std::string& effect) {
  Read<Text> option = text(props, name, in);
  if (option.unknown) {
    uncertain(*option.unknown, in.logical_id + " is taken to " + effect, {});
    return true;
  }
  if (!option.value || option.value->value == "enable") return true;
  if (option.value->value == "disable") return false;
  invalid(option.value->location, in,
          "expected enable or disable for " + name + ", found \"" + option.value->value + "\"");
  return true;
}

void CfnMapper::mapTransitGateway(const Resource& in) {
  Props props = propsOf(in);
  aws::TransitGatewaySpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.tags = tags(props);
  spec.default_association = tgwOption(props, "DefaultRouteTableAssociation", in,
                                       "associate attachments with its default route table");
  spec.default_propagation = tgwOption(props, "DefaultRouteTablePropagation", in,
                                       "propagate attachments to its default route table");
  Reference table = reference(props, "AssociationDefaultRouteTableId", kTgwTables, in);
  if (table.resolved()) spec.default_route_table = table.ref;
  if (table.kind == Reference::Kind::kUnknown) {
    uncertain(table.unknown,
              "the default route table of " + in.logical_id + " is taken as the one AWS creates",
              {});
  }
  std::string default_table =
      table.resolved() ? table.ref.address : in.logical_id + "/default-route-table";
  tgw_default_table_[in.logical_id] = default_table;
  tgw_of_[default_table] = Ref{in.logical_id, in.location};
  out_.transit_gateways.push_back(std::move(spec));
}

// AWS::EC2::TransitGatewayAttachment and TransitGatewayVpcAttachment: one
// interface in each of SubnetIds.
void CfnMapper::mapTgwVpcAttachment(const Resource& in) {
  Props props = propsOf(in);
  auto tgw = neededRef(props, "TransitGatewayId", kTransitGateway, in);
  if (!tgw) return;
  auto vpc = neededRef(props, "VpcId", {"AWS::EC2::VPC"}, in);
  if (!vpc) return;
  std::optional<UnknownValue> unknown;
  std::optional<Props> options = object(props, "Options", in, &unknown);
  if (unknown)
    uncertain(*unknown, "appliance mode of " + in.logical_id + " is taken as disabled", *vpc);
  if (!options && !unknown && props.get("Options")) return;  // not an object
  bool appliance_mode = false;
  bool ipv6_support = false;
  if (options) {
    // Off by default; an unknown one is taken as on, the wider reading.
    Read<Text> ipv6 = text(*options, "Ipv6Support", in);
    if (ipv6.unknown) {
      ipv6_support = true;
      uncertain(*ipv6.unknown, in.logical_id + " is taken to carry IPv6", *vpc);
    } else if (ipv6.value && ipv6.value->value == "enable") {
      ipv6_support = true;
    } else if (ipv6.value && ipv6.value->value != "disable") {
      invalid(ipv6.value->location, in,
              "expected enable or disable for Ipv6Support, found \"" + ipv6.value->value + "\"");
    }
    Read<Text> mode = text(*options, "ApplianceModeSupport", in);
    if (mode.unknown) {
      uncertain(*mode.unknown, "appliance mode of " + in.logical_id + " is taken as disabled",
                *vpc);
    } else if (mode.value && mode.value->value == "enable") {
      appliance_mode = true;
    } else if (mode.value && mode.value->value != "disable") {
      invalid(mode.value->location, in,
              "expected enable or disable for ApplianceModeSupport, found \"" + mode.value->value +
                  "\"");
    }
  }
  auto subnets = serviceSubnets(props, "SubnetIds", in);
  if (!subnets) return;
  aws::TransitGatewayAttachmentSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.kind = TgwAttachmentKind::kVpc;
  spec.transit_gateway = *tgw;
  spec.vpc = *vpc;
  spec.subnets = std::move(*subnets);
  spec.appliance_mode = appliance_mode;
  spec.ipv6_support = ipv6_support;
  spec.tags = tags(props);
  out_.transit_gateway_attachments.push_back(std::move(spec));
}

// CloudFormation has no resource to accept a peering attachment: the owner
// of the peer transit gateway accepts it outside the template, so it is
// taken as pending (not active), as a peering awaiting another account.
void CfnMapper::mapTgwPeeringAttachment(const Resource& in) {
  Props props = propsOf(in);
  auto tgw = neededRef(props, "TransitGatewayId", kTransitGateway, in);
  if (!tgw) return;
  auto peer = neededRef(props, "PeerTransitGatewayId", kTransitGateway, in);
  if (!peer) return;
  aws::TransitGatewayAttachmentSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.kind = TgwAttachmentKind::kPeering;
  spec.transit_gateway = *tgw;
  spec.peer_transit_gateway = *peer;
  spec.active = false;
  spec.tags = tags(props);
  uncertain(UnknownValue{in.logical_id + ".Accepted", in.location},
            in.logical_id +
                " is taken as pending acceptance by the peer transit gateway's owner (not "
                "active); it may be accepted outside the template",
            {});
  out_.transit_gateway_attachments.push_back(std::move(spec));
}

void CfnMapper::mapTgwRouteTable(const Resource& in) {
  Props props = propsOf(in);
  auto tgw = neededRef(props, "TransitGatewayId", kTransitGateway, in);
  if (!tgw) return;
  aws::TransitGatewayRouteTableSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.transit_gateway = *tgw;
  spec.tags = tags(props);
  tgw_of_[in.logical_id] = *tgw;
  out_.transit_gateway_route_tables.push_back(std::move(spec));
}

void CfnMapper::mapTgwRoute(const Resource& in) {
  Props props = propsOf(in);
  Reference table = reference(props, "TransitGatewayRouteTableId", kTgwTables, in);
  if (table.kind == Reference::Kind::kAbsent) required(props, "TransitGatewayRouteTableId", in);
  if (table.kind == Reference::Kind::kUnknown)
    uncertain(table.unknown, "route " + in.logical_id + " is left out", {});
  if (!table.resolved()) return;
  aws::TransitGatewayRouteSpec spec;
  spec.provenance = provenance(in);
  spec.route_table = table.ref;
  Read<Text> cidr = text(props, "DestinationCidrBlock", in);
  if (cidr.invalid) return;
  if (cidr.unknown) {
    uncertain(*cidr.unknown, "route " + in.logical_id + " is left out", {});
    return;
  }
  if (!cidr.value) {
    required(props, "DestinationCidrBlock", in);
    return;
  }
  spec.destination = cidr.value;
  if (!tgwRouteTarget(props, spec, table.ref, in)) return;
  out_.transit_gateway_routes.push_back(std::move(spec));
}

// Blackhole, or TransitGatewayAttachmentId. An unknown Blackhole is read as
// routing to the attachment (traffic may pass), an attachment outside the
// template as one leading out of the model.
bool CfnMapper::tgwRouteTarget(const Props& props, aws::TransitGatewayRouteSpec& spec,
                               const Ref& table, const Resource& in) {
  Read<Located<bool>> blackhole = flag(props, "Blackhole", in);
  if (blackhole.invalid) return false;
  Reference attachment = reference(props, "TransitGatewayAttachmentId", kTgwAttachments, in);
  if (attachment.kind == Reference::Kind::kInvalid) return false;
  if (blackhole.value && blackhole.value->value) {
    spec.blackhole = true;
    return true;
  }
  if (blackhole.unknown && attachment.kind == Reference::Kind::kAbsent) {
    uncertain(*blackhole.unknown, "route " + in.logical_id + " is taken as a blackhole", {});
    spec.blackhole = true;
    return true;
  }
  if (blackhole.unknown) {
    uncertain(*blackhole.unknown,
              "route " + in.logical_id + " is taken to lead to its attachment (not a blackhole)",
              {});
  }
  switch (attachment.kind) {
    case Reference::Kind::kResolved:
      spec.attachment = attachment.ref;
      return true;
    case Reference::Kind::kUnknown:
      // An attachment of the template that is left out leads nowhere known.
      if (omitted_.count(splitReference(attachment.unknown.description).first)) {
        uncertain(attachment.unknown, "route " + in.logical_id + " is left out", {});
        return false;
      }
      spec.attachment = outsideAttachment(attachment.unknown, table);
      return true;
    case Reference::Kind::kAbsent:
      invalid(in.location, in, "needs TransitGatewayAttachmentId or Blackhole: true");
      return false;
    case Reference::Kind::kInvalid:
      return false;
  }
  return false;
}

// An attachment the template does not describe (a VPN or Direct Connect
// attachment, one of another stack): added once, on the route table's
// transit gateway, as leading out of the model.
Ref CfnMapper::outsideAttachment(const UnknownValue& value, const Ref& table) {
  std::string name = outsideName(value.description);
  if (outside_attachments_.insert(name).second) {
    aws::TransitGatewayAttachmentSpec spec;
    spec.provenance = {value.location, name};
    spec.name = name;
    spec.kind = TgwAttachmentKind::kOther;
    if (auto tgw = tgw_of_.find(table.address); tgw != tgw_of_.end())
      spec.transit_gateway = Ref{tgw->second.address, value.location};
    spec.default_association = false;
    spec.default_propagation = false;
    out_.transit_gateway_attachments.push_back(std::move(spec));
  }
  return Ref{name, value.location};
}

// TransitGatewayRouteTableAssociation and ...Propagation.
void CfnMapper::mapTgwTableLink(const Resource& in,
                                std::vector<aws::TransitGatewayTableLinkSpec>& links) {
  Props props = propsOf(in);
  Reference attachment = reference(props, "TransitGatewayAttachmentId", kTgwAttachments, in);
  Reference table = reference(props, "TransitGatewayRouteTableId", kTgwTables, in);
  for (const Reference* part : {&attachment, &table}) {
    if (part->kind == Reference::Kind::kUnknown) {
      uncertain(part->unknown, in.logical_id + " is left out", {});
      return;
    }
  }
  if (attachment.kind == Reference::Kind::kAbsent)
    required(props, "TransitGatewayAttachmentId", in);
  if (table.kind == Reference::Kind::kAbsent) required(props, "TransitGatewayRouteTableId", in);
  if (!attachment.resolved() || !table.resolved()) return;
  links.push_back({provenance(in), attachment.ref, table.ref});
}

}  // namespace segproof::cloudformation::mapping
