// Route tables, routes, subnet associations and VPN route propagation.
#include "frontends/cloudformation/mapping/cfn_mapper.h"

namespace segproof::cloudformation::mapping {

namespace {

Props propsOf(const Resource& in) { return Props(in.properties, in.location); }

// Route properties naming a target, with the kind of target and the types
// that may be named. Kinds outside the model (transit gateways and endpoints
// the template does not map, carrier and local gateways) accept anything: a
// target the template does not model becomes a synthetic gateway.
struct TargetProperty {
  const char* property;
  RouteTargetKind kind;
  Types types;
};
const TargetProperty kTargets[] = {
    // The EC2 API also takes a NAT gateway here and routes to it.
    {"GatewayId",
     RouteTargetKind::kInternetGateway,
     {"AWS::EC2::InternetGateway", "AWS::EC2::VPNGateway", "AWS::EC2::NatGateway"}},
    {"NatGatewayId", RouteTargetKind::kNatGateway, {"AWS::EC2::NatGateway"}},
    {"VpcPeeringConnectionId", RouteTargetKind::kPeering, {"AWS::EC2::VPCPeeringConnection"}},
    {"NetworkInterfaceId",
     RouteTargetKind::kNetworkInterface,
     {"AWS::EC2::NetworkInterface", "AWS::EC2::Instance"}},
    {"InstanceId", RouteTargetKind::kNetworkInterface, {"AWS::EC2::Instance"}},
    {"EgressOnlyInternetGatewayId",
     RouteTargetKind::kEgressOnlyInternetGateway,
     {"AWS::EC2::EgressOnlyInternetGateway"}},
    {"TransitGatewayId", RouteTargetKind::kTransitGateway, {"AWS::EC2::TransitGateway"}},
    {"VpcEndpointId", RouteTargetKind::kVpcEndpoint, {"AWS::EC2::VPCEndpoint"}},
    {"CarrierGatewayId", RouteTargetKind::kOther, {}},
    {"LocalGatewayId", RouteTargetKind::kOther, {}},
    {"CoreNetworkArn", RouteTargetKind::kOther, {}},
};

bool leavesModel(RouteTargetKind kind) {
  return kind == RouteTargetKind::kTransitGateway || kind == RouteTargetKind::kVpcEndpoint ||
         kind == RouteTargetKind::kOther;
}

constexpr Types kTables = {"AWS::EC2::RouteTable"};

}  // namespace

void CfnMapper::mapRouteTable(const Resource& in) {
  Props props = propsOf(in);
  auto vpc = requiredRef(props, "VpcId", {"AWS::EC2::VPC"}, in);
  if (!vpc) return;
  aws::RouteTableSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.logical_id;
  spec.vpc = *vpc;
  spec.tags = tags(props);
  out_.route_tables.push_back(std::move(spec));
  vpc_of_[in.logical_id] = *vpc;
}

void CfnMapper::mapRoute(const Resource& in) {
  Props props = propsOf(in);
  auto table = requiredRef(props, "RouteTableId", kTables, in);
  if (!table) return;
  Ref vpc = vpcOf(*table);
  aws::RouteSpec spec;
  spec.provenance = provenance(in);
  spec.route_table = *table;
  int destinations = 0;
  for (const char* property : {"DestinationCidrBlock", "DestinationIpv6CidrBlock"}) {
    Read<Text> cidr = text(props, property, in);
    if (cidr.invalid) return;
    if (cidr.unknown) {
      uncertain(*cidr.unknown, "route " + in.logical_id + " is left out", vpc);
      return;
    }
    if (!cidr.value) continue;
    ++destinations;
    spec.destination = cidr.value;
  }
  Reference list = reference(props, "DestinationPrefixListId", {"AWS::EC2::PrefixList"}, in);
  if (list.kind == Reference::Kind::kInvalid) return;
  if (list.kind == Reference::Kind::kUnknown) {
    // An AWS-managed list (a gateway endpoint's) is not in the template.
    uncertain(list.unknown, "route " + in.logical_id + " is left out", vpc);
    return;
  }
  if (list.resolved()) {
    ++destinations;
    spec.destination_prefix_list = list.ref;
  }
  if (destinations != 1) {
    invalid(in.location, in,
            "needs exactly one of DestinationCidrBlock, DestinationIpv6CidrBlock and "
            "DestinationPrefixListId, found " +
                std::to_string(destinations));
    return;
  }
  if (!routeTarget(props, spec, vpc, in)) return;
  out_.routes.push_back(std::move(spec));
}

// Returns false when the route is left out: an unknown target inside the
// model, or an invalid one.
bool CfnMapper::routeTarget(const Props& props, aws::RouteSpec& spec, const Ref& vpc,
                            const Resource& in) {
  const TargetProperty* target = nullptr;
  int targets = 0;
  for (const TargetProperty& candidate : kTargets) {
    if (!props.get(candidate.property)) continue;
    ++targets;
    target = &candidate;
  }
  if (targets != 1) {
    invalid(in.location, in, "needs exactly one target, found " + std::to_string(targets));
    return false;
  }
  Reference found = reference(props, target->property, target->types, in);
  if (found.kind == Reference::Kind::kInvalid) return false;
  spec.target = target->kind;
  // Only gateway endpoints are mapped as route targets; a Gateway Load
  // Balancer endpoint (not modelled) is a synthetic gateway, as before.
  if (found.resolved() && target->kind == RouteTargetKind::kVpcEndpoint &&
      !gateway_endpoints_.count(found.ref.address)) {
    found.kind = Reference::Kind::kUnknown;
    found.unknown = UnknownValue{props.get(target->property)->description(), found.ref.location};
  }
  if (found.resolved()) {
    if (found.target && found.target->type == "AWS::EC2::VPNGateway")
      spec.target = RouteTargetKind::kVpnGateway;
    if (found.target && found.target->type == "AWS::EC2::NatGateway")
      spec.target = RouteTargetKind::kNatGateway;
    spec.target_ref = found.ref;
    return true;
  }
  // A virtual private gateway outside the template leads out all the same.
  bool vgw = target->kind == RouteTargetKind::kInternetGateway &&
             found.unknown.description.rfind("vgw-", 0) == 0;
  if (leavesModel(target->kind) || vgw) {
    if (vgw) spec.target = RouteTargetKind::kVpnGateway;
    spec.target_ref = externalGateway(found.unknown, spec.target);
    return true;
  }
  // For lint, a route to a peering connection outside the template is kept,
  // naming it as an unknown reference (route-peering-wide).
  if (out_.keep_unplaced && target->kind == RouteTargetKind::kPeering) {
    spec.target_ref = unplaced(in, found.unknown, vpc);
    return true;
  }
  uncertain(found.unknown, "route " + in.logical_id + " is left out", vpc);
  return false;
}

void CfnMapper::mapRouteTableAssociation(const Resource& in) {
  Props props = propsOf(in);
  Reference subnet = reference(props, "SubnetId", {"AWS::EC2::Subnet"}, in);
  Reference table = reference(props, "RouteTableId", kTables, in);
  for (const Reference* part : {&subnet, &table}) {
    if (part->kind == Reference::Kind::kUnknown) {
      uncertain(part->unknown,
                in.logical_id + " is left out (the subnet may use the main route table)",
                subnet.resolved() ? vpcOf(subnet.ref) : Ref{});
      return;
    }
  }
  if (subnet.kind == Reference::Kind::kAbsent) required(props, "SubnetId", in);
  if (table.kind == Reference::Kind::kAbsent) required(props, "RouteTableId", in);
  if (!subnet.resolved() || !table.resolved()) return;
  out_.route_table_associations.push_back({provenance(in), subnet.ref, table.ref});
}

// Routes a VPN gateway propagates come from on-premises: their destinations
// are not in the template.
void CfnMapper::mapRoutePropagation(const Resource& in) {
  Props props = propsOf(in);
  std::optional<UnknownValue> unknown;
  const hcl::ValueList* tables = sequence(props, "RouteTableIds", in, &unknown);
  if (!tables && !unknown) {
    required(props, "RouteTableIds", in);
    return;
  }
  UnknownValue propagated{in.logical_id + ".PropagatedRoutes", in.location};
  if (unknown)
    uncertain(propagated, "the routes propagated into some route tables are not known", {});
  for (const hcl::Value& item : tables ? *tables : hcl::ValueList{}) {
    Reference table = reference(item, props.where("RouteTableIds"), kTables, in);
    if (table.resolved()) {
      uncertain(propagated, "the routes propagated into " + table.ref.address + " are not known",
                vpcOf(table.ref));
    }
  }
}

}  // namespace segproof::cloudformation::mapping
