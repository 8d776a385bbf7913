// Route tables, their routes (inline and aws_route), and the associations
// that give subnets their table or move the VPC's main role.
#include <algorithm>

#include "frontends/terraform/mapping/mapping_context.h"

namespace segproof::terraform::mapping {

namespace {

Fields bodyOf(const ResourceInstance& in) { return Fields(in.body, in.range.location()); }

// Route arguments naming a target, with the kind of target and the resource
// types that may be named. For kinds that lead out of the model (transit
// gateways, endpoints, carrier and local gateways) a target the
// configuration does not describe becomes a synthetic gateway; a transit
// gateway of the configuration is named by its address.
struct TargetArgument {
  const char* argument;
  RouteTargetKind kind;
  Types types;
};
const TargetArgument kTargets[] = {
    // The EC2 API also takes a NAT gateway here and routes to it (the
    // provider then shows a diff on every plan: terraform-provider-aws#9445).
    {"gateway_id",
     RouteTargetKind::kInternetGateway,
     {"aws_internet_gateway", "aws_vpn_gateway", "aws_nat_gateway"}},
    {"nat_gateway_id", RouteTargetKind::kNatGateway, {"aws_nat_gateway"}},
    {"vpc_peering_connection_id", RouteTargetKind::kPeering, {"aws_vpc_peering_connection"}},
    {"network_interface_id",
     RouteTargetKind::kNetworkInterface,
     {"aws_network_interface", "aws_instance"}},
    {"instance_id", RouteTargetKind::kNetworkInterface, {"aws_instance"}},
    {"egress_only_gateway_id",
     RouteTargetKind::kEgressOnlyInternetGateway,
     {"aws_egress_only_internet_gateway"}},
    {"transit_gateway_id", RouteTargetKind::kTransitGateway, {"aws_ec2_transit_gateway"}},
    {"vpc_endpoint_id", RouteTargetKind::kVpcEndpoint, {}},
    {"carrier_gateway_id", RouteTargetKind::kOther, {}},
    {"local_gateway_id", RouteTargetKind::kOther, {}},
    {"core_network_arn", RouteTargetKind::kOther, {}},
};

bool leavesModel(RouteTargetKind kind) {
  return kind == RouteTargetKind::kTransitGateway || kind == RouteTargetKind::kVpcEndpoint ||
         kind == RouteTargetKind::kOther || kind == RouteTargetKind::kVpnGateway;
}

bool startsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

// A table the configuration names but does not describe: the synthetic
// gateway takes the name of the resource ("aws_ec2_transit_gateway.hub") or
// of the id ("tgw-0abc").
Ref AwsMapper::externalGateway(const UnknownValue& value, RouteTargetKind kind) {
  return outside_.gateway(value, outsideName(value.description), kind);
}

void AwsMapper::mapRouteTable(const ResourceInstance& in, bool is_default) {
  Fields fields = bodyOf(in);
  std::optional<Ref> vpc;
  if (!is_default) {
    vpc = requiredRef(fields, "vpc_id", {"aws_vpc"}, in);
  } else {
    // default_route_table_id names the VPC's main table; a state also gives
    // the table's own vpc_id.
    Reference main = reference(fields, "default_route_table_id", {"aws_vpc"}, in);
    Reference own = reference(fields, "vpc_id", {"aws_vpc"}, in);
    if (main.resolved() || own.resolved()) {
      vpc = main.resolved() ? main.ref : own.ref;
    } else if (main.kind == Reference::Kind::kUnknown) {
      omit(in, main.unknown, {});
    } else if (main.kind == Reference::Kind::kAbsent) {
      required(fields, "default_route_table_id", in);
    }
  }
  if (!vpc) return;
  aws::RouteTableSpec spec;
  spec.provenance = provenance(in);
  spec.name = in.address;
  spec.vpc = *vpc;
  spec.is_main = is_default;
  spec.tags = tags(fields);
  out_.route_tables.push_back(spec);
  vpc_of_[in.address] = *vpc;
  Ref self{in.address, in.range.location()};
  Nested routes = nested(fields, "route", in);
  if (routes.unknown)
    uncertain(*routes.unknown, "the routes of " + in.address + " are left out", *vpc);
  for (size_t i = 0; i < routes.items.size(); ++i) {
    Provenance where{routes.items[i].location(), in.address + ".route[" + std::to_string(i) + "]"};
    mapRouteFields(routes.items[i], self, *vpc, where, in);
  }
  std::optional<UnknownValue> unknown_list;
  const hcl::ValueList* propagating = sequence(fields, "propagating_vgws", in, &unknown_list);
  if (unknown_list || (propagating && !propagating->empty())) {
    UnknownValue value = unknown_list ? *unknown_list
                                      : UnknownValue{in.address + ".propagated_routes",
                                                     fields.where("propagating_vgws")};
    uncertain(value, "the routes propagated into " + in.address + " are not known", *vpc);
  }
}

void AwsMapper::mapRoute(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto table =
      requiredRef(fields, "route_table_id", {"aws_route_table", "aws_default_route_table"}, in);
  if (!table) return;
  mapRouteFields(fields, *table, vpcOf(*table), provenance(in), in);
}

// Routes a VPN gateway propagates come from on-premises: their destinations
// are not in the configuration.
void AwsMapper::mapRoutePropagation(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto table =
      requiredRef(fields, "route_table_id", {"aws_route_table", "aws_default_route_table"}, in);
  if (!table) return;
  uncertain({in.address + ".propagated_routes", in.range.location()},
            "the routes propagated into " + table->address + " are not known", vpcOf(*table));
}

void AwsMapper::mapRouteFields(const Fields& fields, const Ref& table, const Ref& vpc,
                               const Provenance& where, const ResourceInstance& owner) {
  aws::RouteSpec spec;
  spec.provenance = where;
  spec.route_table = table;
  const std::string& self = where.address;
  int destinations = 0;
  for (const char* argument :
       {"cidr_block", "ipv6_cidr_block", "destination_cidr_block", "destination_ipv6_cidr_block"}) {
    Read<Text> cidr = text(fields, argument, owner);
    if (cidr.invalid) return;
    if (cidr.unknown) {
      uncertain(*cidr.unknown, "route " + self + " is left out", vpc);
      return;
    }
    if (!cidr.value) continue;
    ++destinations;
    spec.destination = cidr.value;
  }
  Reference list =
      reference(fields, "destination_prefix_list_id", {"aws_ec2_managed_prefix_list"}, owner);
  if (list.kind == Reference::Kind::kInvalid) return;
  if (list.kind == Reference::Kind::kUnknown) {
    // An AWS-managed list (a gateway endpoint's) is not in the configuration.
    uncertain(list.unknown, "route " + self + " is left out", vpc);
    return;
  }
  if (list.resolved()) {
    ++destinations;
    spec.destination_prefix_list = list.ref;
  }
  if (destinations != 1) {
    invalid(fields.location(), owner,
            "route " + self + " needs exactly one destination (cidr_block, ipv6_cidr_block or " +
                "destination_prefix_list_id), found " + std::to_string(destinations));
    return;
  }
  if (!routeTarget(fields, spec, vpc, owner)) return;
  // A state lists aws_route routes in their table's `route` too: one route.
  bool repeated = std::any_of(out_.routes.begin(), out_.routes.end(), [&](const aws::RouteSpec& r) {
    return r.route_table.address == spec.route_table.address && r.target == spec.target &&
           r.target_ref.address == spec.target_ref.address &&
           r.destination_prefix_list.address == spec.destination_prefix_list.address &&
           r.destination.has_value() == spec.destination.has_value() &&
           (!r.destination || r.destination->value == spec.destination->value);
  });
  if (!repeated) out_.routes.push_back(std::move(spec));
}

// Returns false when the route is left out: no target ("local" routes are
// the builder's), an unknown one, or an invalid one.
bool AwsMapper::routeTarget(const Fields& fields, aws::RouteSpec& spec, const Ref& vpc,
                            const ResourceInstance& owner) {
  const std::string& self = spec.provenance.address;
  int targets = 0;
  for (const TargetArgument& target : kTargets) {
    const hcl::Value* value = fields.get(target.argument);
    if (!value) continue;
    ++targets;
    if (value->isString() && value->asString() == "local") return false;
    Reference found = reference(*value, fields.where(target.argument), target.types, owner);
    if (found.kind == Reference::Kind::kInvalid) return false;
    spec.target = target.kind;
    if (found.resolved()) {
      if (found.target && found.target->type == "aws_vpn_gateway")
        spec.target = RouteTargetKind::kVpnGateway;
      if (found.target && found.target->type == "aws_nat_gateway")
        spec.target = RouteTargetKind::kNatGateway;
      spec.target_ref = found.ref;
      continue;
    }
    // A virtual private gateway outside the configuration leads out all the same.
    bool outside = leavesModel(target.kind) ||
                   (target.kind == RouteTargetKind::kInternetGateway &&
                    (startsWith(found.unknown.description, "vgw-") ||
                     startsWith(found.unknown.description, "data.aws_vpn_gateway.")));
    if (outside) {
      if (target.kind == RouteTargetKind::kInternetGateway)
        spec.target = RouteTargetKind::kVpnGateway;
      spec.target_ref = externalGateway(found.unknown, spec.target);
      continue;
    }
    // For lint, a route to a peering connection outside the configuration
    // is kept, naming it as an unknown reference (route-peering-wide).
    if (out_.keep_unplaced && target.kind == RouteTargetKind::kPeering) {
      spec.target_ref = unplaced(owner, found.unknown, vpc);
      continue;
    }
    uncertain(found.unknown, "route " + self + " is left out", vpc);
    return false;
  }
  if (targets == 1) return true;
  invalid(fields.location(), owner,
          "route " + self + " needs exactly one target, found " + std::to_string(targets));
  return false;
}

void AwsMapper::mapRouteTableAssociation(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  if (fields.get("gateway_id")) {
    diags_.note("terraform-ignored", in.range.location(),
                in.address +
                    ": edge associations (gateway_id) are not modelled; ingress routing "
                    "through the gateway is not analysed");
    return;
  }
  Reference subnet = reference(fields, "subnet_id", {"aws_subnet"}, in);
  Reference table =
      reference(fields, "route_table_id", {"aws_route_table", "aws_default_route_table"}, in);
  for (const Reference* part : {&subnet, &table}) {
    if (part->kind == Reference::Kind::kUnknown) {
      uncertain(part->unknown, in.address + " is left out (the subnet may use the main table)",
                subnet.resolved() ? vpcOf(subnet.ref) : Ref{});
      return;
    }
  }
  if (subnet.kind == Reference::Kind::kAbsent) required(fields, "subnet_id", in);
  if (table.kind == Reference::Kind::kAbsent) required(fields, "route_table_id", in);
  if (!subnet.resolved() || !table.resolved()) return;
  out_.route_table_associations.push_back({provenance(in), subnet.ref, table.ref});
}

void AwsMapper::mapMainRouteTableAssociation(const ResourceInstance& in) {
  Fields fields = bodyOf(in);
  auto vpc = requiredRef(fields, "vpc_id", {"aws_vpc"}, in);
  if (!vpc) return;
  auto table = requiredRef(fields, "route_table_id", {"aws_route_table", "aws_default_route_table"},
                           in, *vpc);
  if (!table) return;
  out_.main_route_table_associations.push_back({provenance(in), *vpc, *table});
}

}  // namespace segproof::terraform::mapping
