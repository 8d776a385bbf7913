// Transit gateways: attachments, route tables, associations, propagations
// and static routes (docs/aws-modeling.md, "Transit gateways").
#include <algorithm>
#include <array>

#include "aws/builder.h"

namespace segproof::aws {

namespace {

std::string defaultTableName(const std::string& tgw) { return tgw + "/default-route-table"; }

}  // namespace

void ModelBuilder::buildTransitGateways() {
  for (const TransitGatewaySpec& spec : in_.transit_gateways) {
    TransitGateway& tgw = net_.transit_gateways.emplace_back();
    tgw.provenance = spec.provenance;
    tgw.name = spec.name;
    tgw.tags = spec.tags;
    registerName(transit_gateways_, net_.transit_gateways, net_.transit_gateways.size() - 1,
                 "transit gateway");
  }
  tgw_default_table_.assign(net_.transit_gateways.size(), TgwRouteTableId{});
  for (const TransitGatewayRouteTableSpec& spec : in_.transit_gateway_route_tables) {
    TgwRouteTableId id = idAt<TgwRouteTableId>(net_.tgw_route_tables.size());
    TgwRouteTable& table = net_.tgw_route_tables.emplace_back();
    table.provenance = spec.provenance;
    table.name = spec.name;
    table.tags = spec.tags;
    table.transit_gateway = require<TransitGatewayId>(transit_gateways_, spec.transit_gateway,
                                                      "transit gateway", spec.provenance.location,
                                                      "transit gateway route table " + quoted(spec.name));
    registerName(tgw_route_tables_, net_.tgw_route_tables, id.value, "transit gateway route table");
    if (!spec.is_default || !table.transit_gateway.valid()) continue;
    TgwRouteTableId& slot = tgw_default_table_[table.transit_gateway.value];
    if (slot.valid()) {
      diags_.error("duplicate-default", spec.provenance.location,
                   "transit gateway " + quoted(net_.at(table.transit_gateway).name) +
                       " already has default route table " + quoted(net_.at(slot).name));
      continue;
    }
    table.is_default = true;
    slot = id;
  }
  // The default route table AWS creates when default association or
  // propagation is enabled, unless the input names it.
  for (size_t i = 0; i < in_.transit_gateways.size(); ++i) {
    const TransitGatewaySpec& spec = in_.transit_gateways[i];
    TgwRouteTableId& slot = tgw_default_table_[i];
    if (!slot.valid() && spec.default_route_table.given()) {
      slot = lookup<TgwRouteTableId>(tgw_route_tables_, spec.default_route_table,
                                     "transit gateway route table");
      if (slot.valid()) net_.tgw_route_tables[slot.value].is_default = true;
    }
    if (slot.valid() || !(spec.default_association || spec.default_propagation)) continue;
    slot = idAt<TgwRouteTableId>(net_.tgw_route_tables.size());
    TgwRouteTable& table = net_.tgw_route_tables.emplace_back();
    table.provenance = {spec.provenance.location, defaultTableName(spec.name)};
    table.name = table.provenance.address;
    table.transit_gateway = idAt<TransitGatewayId>(i);
    table.is_default = true;
    registerName(tgw_route_tables_, net_.tgw_route_tables, slot.value, "transit gateway route table");
    if (!spec.provenance.address.empty() && spec.provenance.address != spec.name)
      tgw_route_tables_.addAlias(defaultTableName(spec.provenance.address), slot.value);
  }
  buildTgwAttachments();
  linkTgwRouteTables();
  buildTgwRoutes();
}

void ModelBuilder::buildTgwAttachments() {
  for (const TransitGatewayAttachmentSpec& spec : in_.transit_gateway_attachments) {
    TgwAttachmentId id = idAt<TgwAttachmentId>(net_.tgw_attachments.size());
    TgwAttachment& att = net_.tgw_attachments.emplace_back();
    att.provenance = spec.provenance;
    att.name = spec.name;
    att.kind = spec.kind;
    att.tags = spec.tags;
    att.active = spec.active;
    att.appliance_mode = spec.appliance_mode;
    att.ipv6_support = spec.kind == TgwAttachmentKind::kVpc && spec.ipv6_support;
    std::string owner = std::string("transit gateway ") + tgwAttachmentKindName(spec.kind) + " " +
                        quoted(spec.name);
    att.transit_gateway = require<TransitGatewayId>(transit_gateways_, spec.transit_gateway,
                                                    "transit gateway", spec.provenance.location, owner);
    registerName(tgw_attachments_, net_.tgw_attachments, id.value, "transit gateway attachment");
    if (spec.kind == TgwAttachmentKind::kPeering) {
      att.peer_transit_gateway =
          require<TransitGatewayId>(transit_gateways_, spec.peer_transit_gateway, "peer transit gateway",
                                    spec.provenance.location, owner);
      if (att.peer_transit_gateway.valid() && att.peer_transit_gateway == att.transit_gateway) {
        diags_.error("invalid-peering", spec.peer_transit_gateway.location,
                     owner + " peers transit gateway " + quoted(net_.at(att.transit_gateway).name) +
                         " with itself");
        att.peer_transit_gateway = {};
      }
    }
    if (spec.kind == TgwAttachmentKind::kVpc) {
      att.vpc = lookup<VpcId>(vpcs_, spec.vpc, "VPC");
      if (spec.subnets.empty())
        diags_.error("missing-reference", spec.provenance.location, owner + " names no subnet");
      for (const Ref& ref : spec.subnets) {
        SubnetId subnet = lookup<SubnetId>(subnets_, ref, "subnet");
        if (!subnet.valid()) continue;
        if (!att.vpc.valid()) att.vpc = vpcOf(subnet);
        if (vpcOf(subnet) != att.vpc) {
          diags_.error("subnet-vpc-mismatch", ref.location,
                       "subnet " + quoted(net_.at(subnet).name) + " is not in VPC " +
                           quoted(att.vpc.valid() ? net_.at(att.vpc).name : std::string("?")) +
                           " of " + owner);
          continue;
        }
        // AWS takes one subnet per availability zone.
        const std::string& zone = net_.at(subnet).availability_zone;
        auto same_zone = std::find_if(att.subnets.begin(), att.subnets.end(), [&](SubnetId s) {
          return !zone.empty() && net_.at(s).availability_zone == zone;
        });
        if (same_zone != att.subnets.end()) {
          diags_.error("duplicate-availability-zone", ref.location,
                       owner + " names two subnets in availability zone " + quoted(zone) + ": " +
                           quoted(net_.at(*same_zone).name) + " and " + quoted(net_.at(subnet).name) +
                           "; AWS takes one per zone");
          continue;
        }
        if (std::find(att.subnets.begin(), att.subnets.end(), subnet) == att.subnets.end())
          att.subnets.push_back(subnet);
      }
    }
    // Default association and propagation (the peer side of a peering is
    // never associated by default: AWS requires an explicit association).
    if (!att.transit_gateway.valid()) continue;
    const TransitGatewaySpec& tgw = in_.transit_gateways[att.transit_gateway.value];
    TgwRouteTableId table = tgw_default_table_[att.transit_gateway.value];
    if (spec.kind != TgwAttachmentKind::kPeering && tgw.default_association &&
        spec.default_association)
      att.route_table = table;
    if (spec.kind == TgwAttachmentKind::kVpc && tgw.default_propagation && spec.default_propagation &&
        table.valid())
      propagate(id, table, spec.provenance);
  }
}

// Adds the propagated routes of `attachment` to `table`: a VPC attachment's
// IPv4 blocks. Other attachments' routes are not known to the model.
void ModelBuilder::propagate(TgwAttachmentId attachment, TgwRouteTableId table_id,
                             const Provenance& where) {
  const TgwAttachment& att = net_.at(attachment);
  TgwRouteTable& table = net_.tgw_route_tables[table_id.value];
  if (att.kind == TgwAttachmentKind::kPeering) {
    diags_.error("invalid-propagation", where.location,
                 "peering attachment " + quoted(att.name) +
                     " cannot propagate routes; AWS takes only static routes towards a peering");
    return;
  }
  if (att.kind == TgwAttachmentKind::kOther) {
    Uncertainty& u = net_.uncertainties.emplace_back();
    u.value = {"routes propagated by " + att.name, where.location};
    u.effect = "the routes " + quoted(att.name) + " propagates into transit gateway route table " +
               quoted(table.name) + " are not known";
    return;
  }
  if (!att.vpc.valid()) return;
  for (const Cidr& block : net_.at(att.vpc).cidrs) {
    if (!block.isV4()) continue;
    Route& route = table.routes.emplace_back();
    route.provenance = where;
    route.destination = block;
    route.target = RouteTargetKind::kTransitGatewayAttachment;
    route.attachment = attachment;
    route.propagated = true;
  }
}

// Explicit associations and propagations. An attachment has one route table
// per transit gateway side; an explicit association replaces the default one.
void ModelBuilder::linkTgwRouteTables() {
  std::vector<std::array<bool, 2>> associated(net_.tgw_attachments.size(), {false, false});
  auto resolve = [&](const TransitGatewayTableLinkSpec& spec, const char* what)
      -> std::pair<TgwAttachmentId, TgwRouteTableId> {
    std::string owner = std::string("transit gateway route table ") + what;
    auto att = require<TgwAttachmentId>(tgw_attachments_, spec.attachment, "transit gateway attachment",
                                        spec.provenance.location, owner);
    auto table = require<TgwRouteTableId>(tgw_route_tables_, spec.route_table,
                                          "transit gateway route table", spec.provenance.location, owner);
    if (!att.valid() || !table.valid()) return {};
    const TgwAttachment& a = net_.at(att);
    TransitGatewayId tgw = net_.at(table).transit_gateway;
    if (tgw.valid() && tgw != a.transit_gateway && tgw != a.peer_transit_gateway) {
      diags_.error("route-target-mismatch", spec.route_table.location,
                   "transit gateway route table " + quoted(net_.at(table).name) +
                       " belongs to another transit gateway than attachment " + quoted(a.name));
      return {};
    }
    return {att, table};
  };
  for (const TransitGatewayTableLinkSpec& spec : in_.transit_gateway_associations) {
    auto [att, table] = resolve(spec, "association");
    if (!att.valid()) continue;
    TgwAttachment& a = net_.tgw_attachments[att.value];
    bool peer_side = net_.at(table).transit_gateway == a.peer_transit_gateway &&
                     a.peer_transit_gateway.valid();
    TgwRouteTableId& slot = peer_side ? a.peer_route_table : a.route_table;
    bool& seen = associated[att.value][peer_side ? 1 : 0];
    if (seen && slot != table) {
      diags_.error("duplicate-association", spec.provenance.location,
                   "attachment " + quoted(a.name) + " is already associated with " +
                       quoted(net_.at(slot).name) + "; AWS associates an attachment with one route table");
      continue;
    }
    seen = true;
    slot = table;
  }
  for (const TransitGatewayTableLinkSpec& spec : in_.transit_gateway_propagations) {
    auto [att, table] = resolve(spec, "propagation");
    if (att.valid()) propagate(att, table, spec.provenance);
  }
}

void ModelBuilder::buildTgwRoutes() {
  for (const TransitGatewayRouteSpec& spec : in_.transit_gateway_routes) {
    auto table_id = require<TgwRouteTableId>(tgw_route_tables_, spec.route_table,
                                             "transit gateway route table", spec.provenance.location,
                                             "transit gateway route");
    if (!table_id.valid()) continue;
    TgwRouteTable& table = net_.tgw_route_tables[table_id.value];
    Route route;
    route.provenance = spec.provenance;
    route.propagated = spec.propagated;
    if (!routeDestination(spec.destination, spec.destination_prefix_list, spec.provenance.location, route))
      continue;
    if (spec.blackhole == spec.attachment.given()) {
      diags_.error("invalid-target", spec.provenance.location,
                   "transit gateway route needs exactly one of an attachment and blackhole");
      continue;
    }
    if (spec.blackhole) {
      route.target = RouteTargetKind::kBlackhole;
    } else {
      route.target = RouteTargetKind::kTransitGatewayAttachment;
      route.attachment = lookup<TgwAttachmentId>(tgw_attachments_, spec.attachment,
                                                 "transit gateway attachment");
      if (!route.attachment.valid()) continue;
      const TgwAttachment& a = net_.at(route.attachment);
      if (table.transit_gateway.valid() && a.transit_gateway != table.transit_gateway &&
          a.peer_transit_gateway != table.transit_gateway) {
        diags_.error("route-target-mismatch", spec.attachment.location,
                     "attachment " + quoted(a.name) + " is not attached to transit gateway " +
                         quoted(net_.at(table.transit_gateway).name) + " of route table " +
                         quoted(table.name));
        continue;
      }
    }
    // AWS refuses a second static route for the same destination.
    auto same = std::find_if(table.routes.begin(), table.routes.end(), [&](const Route& r) {
      return !r.propagated && !route.propagated && r.destination == route.destination &&
             r.destination_prefix_list == route.destination_prefix_list;
    });
    if (same != table.routes.end()) {
      diags_.error("duplicate-route", spec.provenance.location,
                   "transit gateway route table " + quoted(table.name) + " already has a static route for " +
                       (route.destination_prefix_list.valid()
                            ? "prefix list " + quoted(net_.at(route.destination_prefix_list).name)
                            : route.destination.str()) +
                       " (at " + same->provenance.location.str() + ")");
      continue;
    }
    table.routes.push_back(route);
  }
}

}  // namespace segproof::aws
