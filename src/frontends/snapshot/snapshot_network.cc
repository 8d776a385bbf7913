// VPCs, subnets, route tables and their routes (Vpcs.json, Subnets.json,
// RouteTables.json).
#include "frontends/snapshot/snapshot_reader.h"

namespace segproof::snapshot {

namespace {

// CIDR associations count while associated (an absent state: the old form).
bool associated(FieldReader& fields, const json::Node& association, const char* state_key) {
  const json::Node* state = fields.get(association, state_key);
  if (!state) return true;
  const json::Node* name = fields.get(*state, "State");
  return !name || !name->isString() || name->text == "associated";
}

bool startsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

void SnapshotReader::readVpcs() {
  for (const json::Node* element : region_->of("Vpcs")) {
    auto vpc_id = fields_.text(*element, "VpcId", "VPC", true);
    if (!vpc_id) continue;
    aws::VpcSpec spec;
    spec.provenance = provenance(*element, *vpc_id);
    spec.name = id(*vpc_id);
    spec.tags = fields_.tags(*element);
    // The primary block first, then the other associated ones.
    auto primary = fields_.text(*element, "CidrBlock", "VPC");
    if (primary) spec.cidrs.push_back(*primary);
    for (const json::Node* block : fields_.objects(*element, "CidrBlockAssociationSet", "VPC")) {
      auto cidr = fields_.text(*block, "CidrBlock", "VPC CIDR block", true);
      if (!cidr || !associated(fields_, *block, "CidrBlockState")) continue;
      if (primary && cidr->value == primary->value) continue;
      spec.cidrs.push_back(*cidr);
    }
    for (const json::Node* block :
         fields_.objects(*element, "Ipv6CidrBlockAssociationSet", "VPC")) {
      auto cidr = fields_.text(*block, "Ipv6CidrBlock", "VPC IPv6 CIDR block", true);
      if (cidr && associated(fields_, *block, "Ipv6CidrBlockState")) spec.cidrs.push_back(*cidr);
    }
    if (spec.cidrs.empty()) fields_.missing(*element, "CidrBlock", "VPC");
    out_.vpcs.push_back(std::move(spec));
  }
}

void SnapshotReader::readSubnets() {
  for (const json::Node* element : region_->of("Subnets")) {
    auto subnet_id = fields_.text(*element, "SubnetId", "subnet", true);
    auto vpc = fields_.text(*element, "VpcId", "subnet", true);
    auto cidr = fields_.text(*element, "CidrBlock", "subnet", true);
    if (!subnet_id || !vpc || !cidr) continue;
    aws::SubnetSpec spec;
    spec.provenance = provenance(*element, *subnet_id);
    spec.name = id(*subnet_id);
    spec.vpc = ref(*vpc);
    spec.cidr = *cidr;
    for (const json::Node* block :
         fields_.objects(*element, "Ipv6CidrBlockAssociationSet", "subnet")) {
      auto v6 = fields_.text(*block, "Ipv6CidrBlock", "subnet IPv6 CIDR block", true);
      if (v6 && associated(fields_, *block, "Ipv6CidrBlockState") && !spec.ipv6_cidr)
        spec.ipv6_cidr = *v6;
    }
    if (auto zone = fields_.text(*element, "AvailabilityZone", "subnet"))
      spec.availability_zone = zone->value;
    if (auto map = fields_.flag(*element, "MapPublicIpOnLaunch", "subnet")) {
      spec.map_public_ip_on_launch = map->value;
      spec.map_public_ip_location = map->location;
    }
    if (auto assign = fields_.flag(*element, "AssignIpv6AddressOnCreation", "subnet"))
      spec.assign_ipv6_on_creation = assign->value;
    spec.tags = fields_.tags(*element);
    out_.subnets.push_back(std::move(spec));
  }
}

void SnapshotReader::readRouteTables() {
  for (const json::Node* element : region_->of("RouteTables")) {
    auto table_id = fields_.text(*element, "RouteTableId", "route table", true);
    auto vpc = fields_.text(*element, "VpcId", "route table", true);
    if (!table_id || !vpc) continue;
    aws::RouteTableSpec spec;
    spec.provenance = provenance(*element, *table_id);
    spec.name = id(*table_id);
    spec.vpc = ref(*vpc);
    spec.tags = fields_.tags(*element);
    aws::Ref table{spec.name, table_id->location};
    for (const json::Node* association :
         fields_.objects(*element, "Associations", "route table association")) {
      if (!associated(fields_, *association, "AssociationState")) continue;
      auto main = fields_.flag(*association, "Main", "route table association");
      if (main && main->value) spec.is_main = true;
      if (auto subnet = fields_.text(*association, "SubnetId", "route table association")) {
        aws::RouteTableAssociationSpec link;
        link.provenance = provenance(*association, *table_id);
        link.subnet = ref(*subnet);
        link.route_table = table;
        out_.route_table_associations.push_back(std::move(link));
      } else if (fields_.get(*association, "GatewayId")) {
        diags_.note("snapshot-not-modelled", association->location,
                    "edge association of route table " + spec.name +
                        " is not modelled: ingress routing through the gateway is not analysed");
      }
    }
    out_.route_tables.push_back(std::move(spec));
    for (const json::Node* route : fields_.objects(*element, "Routes", "route"))
      readRoute(*route, table);
  }
}

void SnapshotReader::readRoute(const json::Node& route, const aws::Ref& table) {
  aws::RouteSpec spec;
  spec.provenance = {route.location, table.address, table.address.substr(region_->prefix.size()),
                     ""};
  spec.route_table = table;
  auto v4 = fields_.text(route, "DestinationCidrBlock", "route");
  auto v6 = fields_.text(route, "DestinationIpv6CidrBlock", "route");
  auto list = fields_.text(route, "DestinationPrefixListId", "route");
  if (v4) {
    spec.destination = v4;
  } else if (v6) {
    spec.destination = v6;
  } else if (list) {
    spec.destination_prefix_list = ref(*list);
  } else {
    fields_.missing(route, "DestinationCidrBlock", "route");
    return;
  }
  auto origin = fields_.text(route, "Origin", "route");
  spec.propagated = origin && origin->value == "EnableVgwRoutePropagation";
  auto state = fields_.text(route, "State", "route");
  if (state && state->value == "blackhole") {
    // Whatever it names no longer carries traffic.
    spec.target = RouteTargetKind::kBlackhole;
  } else if (!routeTarget(route, spec)) {
    return;
  }
  out_.routes.push_back(std::move(spec));
}

// The target of an active route. Targets the snapshot does not describe
// (not collected, or in a folder that is not there) lead out of the model;
// those it describes as not counting (a deleted NAT gateway, a pending
// peering, a stopped instance's interface) carry nothing.
bool SnapshotReader::routeTarget(const json::Node& route, aws::RouteSpec& spec) {
  auto outside = [&](const aws::Text& target, RouteTargetKind kind) {
    spec.target = kind;
    spec.target_ref = outsideGateway(target, kind);
    return true;
  };
  auto to = [&](const aws::Text& target, RouteTargetKind kind) {
    spec.target = kind;
    spec.target_ref = ref(target);
    return true;
  };
  if (auto gateway = fields_.text(route, "GatewayId", "route")) {
    const std::string& name = gateway->value;
    if (name == "local") {
      spec.target = RouteTargetKind::kLocal;
      return true;
    }
    if (startsWith(name, "igw-")) return to(*gateway, RouteTargetKind::kInternetGateway);
    if (startsWith(name, "vgw-")) return outside(*gateway, RouteTargetKind::kVpnGateway);
    auto endpoint = region_->vpc_endpoints.find(name);
    if (endpoint != region_->vpc_endpoints.end() && endpoint->second == "Gateway")
      return to(*gateway, RouteTargetKind::kVpcEndpoint);
    return outside(*gateway, RouteTargetKind::kOther);
  }
  if (auto nat = fields_.text(route, "NatGatewayId", "route")) {
    if (nat_gateways_.count(id(*nat))) return to(*nat, RouteTargetKind::kNatGateway);
    spec.target = RouteTargetKind::kBlackhole;
    return true;
  }
  if (auto tgw = fields_.text(route, "TransitGatewayId", "route")) {
    if (region_->transit_gateways.count(tgw->value))
      return to(*tgw, RouteTargetKind::kTransitGateway);
    // Shared from another account of the snapshot, in this region.
    for (const auto& other : regions_) {
      if (other->folder.region == region_->folder.region &&
          other->transit_gateways.count(tgw->value)) {
        spec.target = RouteTargetKind::kTransitGateway;
        spec.target_ref = {other->prefix + tgw->value, tgw->location};
        return true;
      }
    }
    return outside(*tgw, RouteTargetKind::kTransitGateway);
  }
  if (auto peering = fields_.text(route, "VpcPeeringConnectionId", "route")) {
    auto it = peering_names_.find(region_->prefix + peering->value);
    if (it == peering_names_.end()) return outside(*peering, RouteTargetKind::kOther);
    if (it->second.empty()) {
      spec.target = RouteTargetKind::kBlackhole;
      return true;
    }
    if (outside_gateways_.count(it->second)) {
      spec.target = RouteTargetKind::kOther;
      spec.target_ref = {it->second, peering->location};
      return true;
    }
    spec.target = RouteTargetKind::kPeering;
    spec.target_ref = {it->second, peering->location};
    return true;
  }
  if (auto eigw = fields_.text(route, "EgressOnlyInternetGatewayId", "route"))
    return to(*eigw, RouteTargetKind::kEgressOnlyInternetGateway);
  if (auto eni = fields_.text(route, "NetworkInterfaceId", "route")) {
    auto it = interface_names_.find(id(*eni));
    if (it == interface_names_.end()) return outside(*eni, RouteTargetKind::kOther);
    if (it->second.empty()) {
      spec.target = RouteTargetKind::kBlackhole;
      return true;
    }
    spec.target = RouteTargetKind::kNetworkInterface;
    spec.target_ref = {it->second, eni->location};
    return true;
  }
  for (const char* key : {"CarrierGatewayId", "LocalGatewayId", "CoreNetworkArn"}) {
    if (auto other = fields_.text(route, key, "route"))
      return outside(*other, RouteTargetKind::kOther);
  }
  fields_.missing(route, "GatewayId", "route");
  return false;
}

}  // namespace segproof::snapshot
