// Gateways, peerings, route tables and routes: where packets may go.
#include <set>

#include "aws/builder.h"

namespace segproof::aws {

namespace {

// Targets owned by one VPC; a transit gateway or "other" gateway is shared.
bool vpcBound(RouteTargetKind kind) {
  return kind != RouteTargetKind::kTransitGateway && kind != RouteTargetKind::kOther;
}

std::string destinationText(const Route& route, const Network& net) {
  if (route.destination_prefix_list.valid())
    return "prefix list " + quoted(net.at(route.destination_prefix_list).name);
  return route.destination.str();
}

}  // namespace

void ModelBuilder::buildInternetGateways() {
  for (const InternetGatewaySpec& spec : in_.internet_gateways) {
    InternetGateway& igw = net_.internet_gateways.emplace_back();
    igw.provenance = spec.provenance;
    igw.name = spec.name;
    igw.tags = spec.tags;
    InternetGatewayId id = idAt<InternetGatewayId>(net_.internet_gateways.size() - 1);
    registerName(internet_gateways_, net_.internet_gateways, id.value, "internet gateway");
    attachInternetGateway(id, lookup<VpcId>(vpcs_, spec.vpc, "VPC"), spec.vpc.location);
  }
}

// AWS attaches an internet gateway to at most one VPC, and a VPC has at most
// one internet gateway.
void ModelBuilder::attachInternetGateway(InternetGatewayId igw_id, VpcId vpc_id,
                                         const SourceLocation& where) {
  if (!vpc_id.valid()) return;
  InternetGateway& igw = net_.internet_gateways[igw_id.value];
  Vpc& vpc = net_.vpcs[vpc_id.value];
  if (igw.vpc.valid() && igw.vpc != vpc_id) {
    diags_.error("duplicate-attachment", where,
                 "internet gateway " + quoted(igw.name) + " is already attached to VPC " +
                     quoted(net_.at(igw.vpc).name));
    return;
  }
  if (vpc.internet_gateway.valid() && vpc.internet_gateway != igw_id) {
    diags_.error("duplicate-internet-gateway", where,
                 "VPC " + quoted(vpc.name) + " already has internet gateway " +
                     quoted(net_.at(vpc.internet_gateway).name) +
                     "; AWS attaches at most one per VPC");
    return;
  }
  igw.vpc = vpc_id;
  vpc.internet_gateway = igw_id;
}

void ModelBuilder::buildGateways() {
  for (const GatewaySpec& spec : in_.gateways) {
    Gateway& gateway = net_.gateways.emplace_back();
    gateway.provenance = spec.provenance;
    gateway.name = spec.name;
    gateway.kind = spec.kind;
    gateway.tags = spec.tags;
    gateway.vpc = lookup<VpcId>(vpcs_, spec.vpc, "VPC");
    registerName(gateways_, net_.gateways, net_.gateways.size() - 1, "gateway");
  }
}

void ModelBuilder::attachGateways() {
  for (const GatewayAttachmentSpec& spec : in_.gateway_attachments) {
    VpcId vpc =
        require<VpcId>(vpcs_, spec.vpc, "VPC", spec.provenance.location, "gateway attachment");
    if (!spec.gateway.given()) {
      diags_.error("missing-reference", spec.provenance.location,
                   "gateway attachment names no gateway");
      continue;
    }
    if (auto igw = internet_gateways_.find(spec.gateway.address)) {
      attachInternetGateway(idAt<InternetGatewayId>(*igw), vpc, spec.provenance.location);
      continue;
    }
    GatewayId id = lookup<GatewayId>(gateways_, spec.gateway, "gateway");
    if (!id.valid() || !vpc.valid()) continue;
    Gateway& gateway = net_.gateways[id.value];
    if (gateway.vpc.valid() && gateway.vpc != vpc) {
      diags_.error("duplicate-attachment", spec.provenance.location,
                   std::string(routeTargetName(gateway.kind)) + " " + quoted(gateway.name) +
                       " is already attached to VPC " + quoted(net_.at(gateway.vpc).name));
      continue;
    }
    gateway.vpc = vpc;
  }
}

void ModelBuilder::buildPeerings() {
  for (const PeeringSpec& spec : in_.peerings) {
    std::string self = "peering " + quoted(spec.name);
    Peering& peering = net_.peerings.emplace_back();
    peering.provenance = spec.provenance;
    peering.name = spec.name;
    peering.active = spec.active;
    peering.tags = spec.tags;
    peering.requester =
        require<VpcId>(vpcs_, spec.requester_vpc, "requester VPC", spec.provenance.location, self);
    peering.accepter =
        require<VpcId>(vpcs_, spec.accepter_vpc, "accepter VPC", spec.provenance.location, self);
    registerName(peerings_, net_.peerings, net_.peerings.size() - 1, "peering");
  }
}

void ModelBuilder::buildRouteTables() {
  for (const RouteTableSpec& spec : in_.route_tables) {
    RouteTable& table = net_.route_tables.emplace_back();
    table.provenance = spec.provenance;
    table.name = spec.name;
    table.tags = spec.tags;
    table.vpc = require<VpcId>(vpcs_, spec.vpc, "VPC", spec.provenance.location,
                               "route table " + quoted(spec.name));
    RouteTableId id = idAt<RouteTableId>(net_.route_tables.size() - 1);
    registerName(route_tables_, net_.route_tables, id.value, "route table");
    if (!spec.is_main || !table.vpc.valid()) continue;
    Vpc& vpc = net_.vpcs[table.vpc.value];
    if (vpc.main_route_table.valid()) {
      const RouteTable& first = net_.at(vpc.main_route_table);
      diags_.error("duplicate-main-route-table", spec.provenance.location,
                   "VPC " + quoted(vpc.name) + " already has main route table " +
                       quoted(first.name) + " (defined at " + first.provenance.location.str() +
                       ")");
      continue;
    }
    table.is_main = true;
    vpc.main_route_table = id;
  }
}

// A main route table association moves the main role, also away from a table
// that declares itself main (Terraform's aws_main_route_table_association).
void ModelBuilder::applyMainAssociations() {
  std::set<int32_t> moved;
  for (const MainRouteTableAssociationSpec& spec : in_.main_route_table_associations) {
    SourceLocation where = spec.provenance.location;
    const char* self = "main route table association";
    VpcId vpc_id = require<VpcId>(vpcs_, spec.vpc, "VPC", where, self);
    RouteTableId id =
        require<RouteTableId>(route_tables_, spec.route_table, "route table", where, self);
    if (!vpc_id.valid() || !id.valid()) continue;
    RouteTable& table = net_.route_tables[id.value];
    Vpc& vpc = net_.vpcs[vpc_id.value];
    if (table.vpc.valid() && table.vpc != vpc_id) {
      diags_.error("association-vpc-mismatch", spec.route_table.location,
                   "route table " + quoted(table.name) + " belongs to VPC " +
                       quoted(net_.at(table.vpc).name) + ", not to VPC " + quoted(vpc.name));
      continue;
    }
    if (moved.count(vpc_id.value) && vpc.main_route_table != id) {
      diags_.error("duplicate-main-route-table", where,
                   "VPC " + quoted(vpc.name) + " already has main route table " +
                       quoted(net_.at(vpc.main_route_table).name) + " by another association");
      continue;
    }
    if (vpc.main_route_table.valid()) net_.route_tables[vpc.main_route_table.value].is_main = false;
    table.is_main = true;
    vpc.main_route_table = id;
    moved.insert(vpc_id.value);
  }
}

void ModelBuilder::addMainRouteTable(VpcId vpc_id) {
  Vpc& vpc = net_.vpcs[vpc_id.value];
  RouteTableId id = idAt<RouteTableId>(net_.route_tables.size());
  RouteTable& table = net_.route_tables.emplace_back();
  table.provenance = {vpc.provenance.location, vpc.name + "/main-route-table"};
  table.name = table.provenance.address;
  table.vpc = vpc_id;
  table.is_main = true;
  if (ownsName(vpc_id)) registerName(route_tables_, net_.route_tables, id.value, "route table");
  vpc.main_route_table = id;
}

// Every route table routes each IPv4 block of its VPC locally.
void ModelBuilder::addLocalRoutes() {
  for (RouteTable& table : net_.route_tables) {
    if (!table.vpc.valid()) continue;
    for (const Cidr& block : net_.at(table.vpc).cidrs) {  // IPv4 and IPv6
      Route& route = table.routes.emplace_back();
      route.provenance = table.provenance;
      route.destination = block;
      route.target = RouteTargetKind::kLocal;
    }
  }
}

void ModelBuilder::buildRoutes() {
  for (const RouteSpec& spec : in_.routes) {
    RouteTableId id = require<RouteTableId>(route_tables_, spec.route_table, "route table",
                                            spec.provenance.location, "route");
    if (!id.valid()) continue;
    RouteTable& table = net_.route_tables[id.value];
    Route route;
    route.provenance = spec.provenance;
    route.propagated = spec.propagated;
    route.target = spec.target;
    if (!routeDestination(spec.destination, spec.destination_prefix_list, spec.provenance.location, route))
      continue;
    if (resolveRouteTarget(spec, table, route)) placeRoute(table, route);
  }
}

// A route's destination: exactly one of a CIDR and a prefix list.
bool ModelBuilder::routeDestination(const std::optional<Text>& destination, const Ref& prefix_list,
                                    const SourceLocation& where, Route& route) {
  if (destination.has_value() == prefix_list.given()) {
    diags_.error("invalid-destination", where, "route needs exactly one destination: a CIDR or a prefix list");
    return false;
  }
  if (destination) {
    auto block = cidr(*destination);
    if (!block) return false;
    route.destination = *block;
    return true;
  }
  route.destination_prefix_list = lookup<PrefixListId>(prefix_lists_, prefix_list, "prefix list");
  return route.destination_prefix_list.valid();
}

bool ModelBuilder::resolveRouteTarget(const RouteSpec& spec, const RouteTable& table,
                                      Route& route) {
  const Ref& ref = spec.target_ref;
  const SourceLocation& where = spec.provenance.location;
  const char* kind = routeTargetName(spec.target);
  switch (spec.target) {
    case RouteTargetKind::kLocal:
    case RouteTargetKind::kBlackhole:
      return true;
    case RouteTargetKind::kInternetGateway:
      route.internet_gateway =
          require<InternetGatewayId>(internet_gateways_, ref, kind, where, "route");
      return route.internet_gateway.valid() &&
             checkTargetVpc(spec, table, net_.at(route.internet_gateway).vpc);
    case RouteTargetKind::kNatGateway:
      route.nat_gateway = require<NatGatewayId>(nat_gateways_, ref, kind, where, "route");
      return route.nat_gateway.valid() && vpcOf(net_.at(route.nat_gateway).subnet).valid() &&
             checkTargetVpc(spec, table, vpcOf(net_.at(route.nat_gateway).subnet));
    case RouteTargetKind::kNetworkInterface:
      route.interface = require<InterfaceId>(endpoints_, ref, kind, where, "route");
      return route.interface.valid() && vpcOf(net_.at(route.interface).subnet).valid() &&
             checkTargetVpc(spec, table, vpcOf(net_.at(route.interface).subnet));
    case RouteTargetKind::kPeering:
      route.peering = require<PeeringId>(peerings_, ref, kind, where, "route");
      return route.peering.valid() && checkPeeringSide(spec, table, net_.at(route.peering));
    case RouteTargetKind::kTransitGateway:
      // A transit gateway of the input; otherwise a gateway standing for one
      // outside it, through which traffic leaves the model.
      if (auto found = transit_gateways_.find(ref.address)) {
        route.transit_gateway = idAt<TransitGatewayId>(static_cast<size_t>(*found));
        return checkTransitGatewayAttached(spec, table, route.transit_gateway);
      }
      return resolveGatewayTarget(spec, table, route);
    case RouteTargetKind::kTransitGatewayAttachment:
      diags_.error("invalid-target", where, "a VPC route cannot target a transit gateway attachment");
      return false;
    default:
      return resolveGatewayTarget(spec, table, route);
  }
}

// `gateway` targets of kind kOther accept any gateway, whose own kind then
// decides; a named kind must match the gateway's.
bool ModelBuilder::resolveGatewayTarget(const RouteSpec& spec, const RouteTable& table,
                                        Route& route) {
  bool any_kind = spec.target == RouteTargetKind::kOther;
  const char* kind = any_kind ? "gateway" : routeTargetName(spec.target);
  route.gateway =
      require<GatewayId>(gateways_, spec.target_ref, kind, spec.provenance.location, "route");
  if (!route.gateway.valid()) return false;
  const Gateway& gateway = net_.at(route.gateway);
  if (!any_kind && gateway.kind != spec.target) {
    diags_.error(
        "route-target-mismatch", spec.target_ref.location,
        quoted(gateway.name) + " is a " + routeTargetName(gateway.kind) + ", not a " + kind);
    return false;
  }
  route.target = gateway.kind;
  if (!vpcBound(gateway.kind) || !gateway.vpc.valid()) return true;
  return checkTargetVpc(spec, table, gateway.vpc);
}

bool ModelBuilder::checkTargetVpc(const RouteSpec& spec, const RouteTable& table,
                                  VpcId target_vpc) {
  if (!table.vpc.valid() || target_vpc == table.vpc) return true;
  std::string where = target_vpc.valid()
                          ? " belongs to VPC " + quoted(net_.at(target_vpc).name) + ", not to"
                          : " is not attached to";
  diags_.error("route-target-vpc-mismatch", spec.target_ref.location,
               std::string("route target ") + routeTargetName(spec.target) + " " +
                   quoted(spec.target_ref.address) + where + " VPC " +
                   quoted(net_.at(table.vpc).name) + " of route table " + quoted(table.name));
  return false;
}

// A VPC route to a transit gateway leads nowhere without an attachment of
// the VPC to it: kept (traffic it takes is dropped), with a warning.
bool ModelBuilder::checkTransitGatewayAttached(const RouteSpec& spec, const RouteTable& table,
                                               TransitGatewayId tgw) {
  if (!table.vpc.valid()) return true;
  for (const TgwAttachment& a : net_.tgw_attachments)
    if (a.kind == TgwAttachmentKind::kVpc && a.transit_gateway == tgw && a.vpc == table.vpc) return true;
  diags_.warning("transit-gateway-unattached", spec.target_ref.location,
                 "transit gateway " + quoted(net_.at(tgw).name) + " has no attachment to VPC " +
                     quoted(net_.at(table.vpc).name) + " of route table " + quoted(table.name) +
                     ": traffic this route takes is dropped");
  return true;
}

bool ModelBuilder::checkPeeringSide(const RouteSpec& spec, const RouteTable& table,
                                    const Peering& peering) {
  if (!table.vpc.valid() || table.vpc == peering.requester || table.vpc == peering.accepter)
    return true;
  diags_.error("route-target-vpc-mismatch", spec.target_ref.location,
               "route target peering connection " + quoted(peering.name) +
                   " does not connect VPC " + quoted(net_.at(table.vpc).name) + " of route table " +
                   quoted(table.name));
  return false;
}

// One route per destination: AWS refuses a second, except that the local
// route's target may be replaced by an appliance interface or endpoint
// ("more specific routing" into a middlebox).
bool ModelBuilder::placeRoute(RouteTable& table, const Route& route) {
  for (Route& existing : table.routes) {
    bool same = route.destination_prefix_list.valid()
                    ? existing.destination_prefix_list == route.destination_prefix_list
                    : !existing.destination_prefix_list.valid() &&
                          existing.destination == route.destination;
    if (!same || existing.propagated || route.propagated) continue;
    if (existing.target == RouteTargetKind::kLocal && route.target == RouteTargetKind::kLocal)
      return true;
    if (existing.target == RouteTargetKind::kLocal &&
        (route.target == RouteTargetKind::kNetworkInterface ||
         route.target == RouteTargetKind::kVpcEndpoint)) {
      existing = route;
      return true;
    }
    diags_.error("duplicate-route", route.provenance.location,
                 "route table " + quoted(table.name) + " already has a route to " +
                     destinationText(route, net_) + " (at " + existing.provenance.location.str() +
                     ")");
    return false;
  }
  table.routes.push_back(route);
  return true;
}

}  // namespace segproof::aws
