// Internet, egress-only and NAT gateways, VPC peerings and transit gateways
// (InternetGateways.json, EgressOnlyInternetGateways.json, NatGateways.json,
// VpcPeeringConnections.json, TransitGateway*.json).
#include "frontends/snapshot/snapshot_reader.h"

namespace segproof::snapshot {

namespace {

std::string stateOf(FieldReader& fields, const json::Node& element, const char* what) {
  auto state = fields.text(element, "State", what);
  return state ? state->value : "";
}

// A transit gateway element that still carries traffic (absent state: the
// file does not say, so it counts).
bool available(const std::string& state) {
  return state.empty() || state == "available" || state == "modifying";
}

}  // namespace

void SnapshotReader::readInternetGateways() {
  for (const json::Node* element : region_->of("InternetGateways")) {
    auto gateway_id = fields_.text(*element, "InternetGatewayId", "internet gateway", true);
    if (!gateway_id) continue;
    aws::InternetGatewaySpec spec;
    spec.provenance = provenance(*element, *gateway_id);
    spec.name = id(*gateway_id);
    spec.tags = fields_.tags(*element);
    for (const json::Node* attachment :
         fields_.objects(*element, "Attachments", "internet gateway attachment")) {
      auto vpc = fields_.text(*attachment, "VpcId", "internet gateway attachment", true);
      // "available" is the API's word for attached.
      if (vpc && stateOf(fields_, *attachment, "internet gateway attachment") == "available")
        spec.vpc = ref(*vpc);
    }
    out_.internet_gateways.push_back(std::move(spec));
  }
  for (const json::Node* element : region_->of("EgressOnlyInternetGateways")) {
    auto gateway_id =
        fields_.text(*element, "EgressOnlyInternetGatewayId", "egress-only internet gateway", true);
    if (!gateway_id) continue;
    aws::GatewaySpec spec;
    spec.provenance = provenance(*element, *gateway_id);
    spec.name = id(*gateway_id);
    spec.kind = RouteTargetKind::kEgressOnlyInternetGateway;
    spec.tags = fields_.tags(*element);
    for (const json::Node* attachment :
         fields_.objects(*element, "Attachments", "egress-only internet gateway attachment")) {
      auto vpc =
          fields_.text(*attachment, "VpcId", "egress-only internet gateway attachment", true);
      if (vpc &&
          stateOf(fields_, *attachment, "egress-only internet gateway attachment") == "attached")
        spec.vpc = ref(*vpc);
    }
    out_.gateways.push_back(std::move(spec));
  }
}

// A NAT gateway counts while available; routes to one that does not are
// blackholes (routeTarget).
void SnapshotReader::readNatGateways() {
  const char* what = "NAT gateway";
  for (const json::Node* element : region_->of("NatGateways")) {
    auto nat_id = fields_.text(*element, "NatGatewayId", what, true);
    if (!nat_id || stateOf(fields_, *element, what) != "available") continue;
    auto subnet = fields_.text(*element, "SubnetId", what, true);
    if (!subnet) continue;
    aws::NatGatewaySpec spec;
    spec.provenance = provenance(*element, *nat_id);
    spec.name = id(*nat_id);
    spec.subnet = ref(*subnet);
    auto type = fields_.text(*element, "ConnectivityType", what);
    spec.is_public = !type || type->value != "private";
    for (const json::Node* address : fields_.objects(*element, "NatGatewayAddresses", what)) {
      auto primary = fields_.flag(*address, "IsPrimary", "NAT gateway address");
      if (primary && !primary->value && spec.private_ip) continue;
      spec.private_ip = fields_.text(*address, "PrivateIp", "NAT gateway address");
      if (spec.is_public)
        spec.public_ip = fields_.text(*address, "PublicIp", "NAT gateway address");
    }
    spec.tags = fields_.tags(*element);
    nat_gateways_.insert(spec.name);
    out_.nat_gateways.push_back(std::move(spec));
  }
}

// A peering is built once, in the requester's folder when the snapshot has
// it, and counts when active with both VPCs in the snapshot; an active one
// with a side outside leads out of the model.
void SnapshotReader::readPeerings() {
  const char* what = "VPC peering connection";
  for (const json::Node* element : region_->of("VpcPeeringConnections")) {
    auto peering_id = fields_.text(*element, "VpcPeeringConnectionId", what, true);
    if (!peering_id) continue;
    const json::Node* status = fields_.object(*element, "Status", what);
    auto code = status ? fields_.text(*status, "Code", "peering status") : std::nullopt;
    // The folder holding `info`'s VPC, or nullptr; `vpc` its id.
    auto side = [&](const char* key, std::optional<aws::Text>& vpc) -> const RegionIndex* {
      const json::Node* info = fields_.object(*element, key, what);
      if (!info) {
        fields_.missing(*element, key, what);
        return nullptr;
      }
      vpc = fields_.text(*info, "VpcId", "peering VPC", true);
      if (!vpc) return nullptr;
      if (region_->prefix.empty()) return region_->vpcs.count(vpc->value) ? region_ : nullptr;
      auto owner = fields_.text(*info, "OwnerId", "peering VPC");
      auto region = fields_.text(*info, "Region", "peering VPC");
      const RegionIndex* folder = regionOf(owner ? owner->value : region_->folder.account,
                                           region ? region->value : region_->folder.region);
      return folder && folder->vpcs.count(vpc->value) ? folder : nullptr;
    };
    std::optional<aws::Text> requester_vpc;
    std::optional<aws::Text> accepter_vpc;
    const RegionIndex* requester = side("RequesterVpcInfo", requester_vpc);
    const RegionIndex* accepter = side("AccepterVpcInfo", accepter_vpc);
    std::string key = region_->prefix + peering_id->value;
    if (!code || code->value != "active" || !requester_vpc || !accepter_vpc) {
      peering_names_[key] = "";
      continue;
    }
    if (!requester || !accepter) {
      const aws::Text& outside_vpc = requester ? *accepter_vpc : *requester_vpc;
      diags_.warning("snapshot-outside-reference", outside_vpc.location,
                     "VPC " + outside_vpc.value + " of peering connection " + peering_id->value +
                         " is not in the snapshot: traffic routed to the peering leaves the model");
      peering_names_[key] = outsideGateway(*peering_id, RouteTargetKind::kOther).address;
      continue;
    }
    peering_names_[key] = requester->prefix + peering_id->value;
    if (requester != region_ && requester->vpcs.count(requester_vpc->value) &&
        !requester->of("VpcPeeringConnections").empty())
      continue;  // built with the requester's folder
    aws::PeeringSpec spec;
    spec.provenance = provenance(*element, *peering_id);
    spec.provenance.address = spec.name = peering_names_[key];
    spec.requester_vpc = {requester->prefix + requester_vpc->value, requester_vpc->location};
    spec.accepter_vpc = {accepter->prefix + accepter_vpc->value, accepter_vpc->location};
    spec.tags = fields_.tags(*element);
    out_.peerings.push_back(std::move(spec));
  }
}

// Transit gateways as the snapshot shows them: associations and routes are
// listed, so no default association or propagation is applied.
void SnapshotReader::readTransitGateways() {
  for (const json::Node* element : region_->of("TransitGateways")) {
    auto tgw_id = fields_.text(*element, "TransitGatewayId", "transit gateway", true);
    if (!tgw_id || !available(stateOf(fields_, *element, "transit gateway"))) continue;
    aws::TransitGatewaySpec spec;
    spec.provenance = provenance(*element, *tgw_id);
    spec.name = id(*tgw_id);
    spec.default_association = false;
    spec.default_propagation = false;
    spec.tags = fields_.tags(*element);
    out_.transit_gateways.push_back(std::move(spec));
  }
  for (const json::Node* element : region_->of("TransitGatewayRouteTables")) {
    const char* what = "transit gateway route table";
    auto table_id = fields_.text(*element, "TransitGatewayRouteTableId", what, true);
    auto tgw = fields_.text(*element, "TransitGatewayId", what, true);
    if (!table_id || !tgw || !available(stateOf(fields_, *element, what))) continue;
    aws::TransitGatewayRouteTableSpec spec;
    spec.provenance = provenance(*element, *table_id);
    spec.name = id(*table_id);
    spec.transit_gateway = ref(*tgw);
    auto is_default = fields_.flag(*element, "DefaultAssociationRouteTable", what);
    spec.is_default = is_default && is_default->value;
    spec.tags = fields_.tags(*element);
    out_.transit_gateway_route_tables.push_back(std::move(spec));
  }
  readTgwAttachments();
}

// Attachments, with their VPC side from TransitGatewayVpcAttachments.json,
// built in the folder of the account owning the transit gateway.
void SnapshotReader::readTgwAttachments() {
  std::map<std::string, const json::Node*> vpc_details;
  for (const json::Node* element : region_->of("TransitGatewayVpcAttachments")) {
    if (auto attachment_id = fields_.text(*element, "TransitGatewayAttachmentId",
                                          "transit gateway VPC attachment", true))
      vpc_details[attachment_id->value] = element;
  }
  for (const json::Node* element : region_->of("TransitGatewayAttachments")) {
    const char* what = "transit gateway attachment";
    auto attachment_id = fields_.text(*element, "TransitGatewayAttachmentId", what, true);
    auto tgw = fields_.text(*element, "TransitGatewayId", what, true);
    auto type = fields_.text(*element, "ResourceType", what, true);
    if (!attachment_id || !tgw || !type || !available(stateOf(fields_, *element, what))) continue;
    std::string key = region_->prefix + attachment_id->value;
    if (!region_->transit_gateways.count(tgw->value)) {
      // Listed again in the account owning the gateway, which builds it.
      for (const auto& other : regions_) {
        if (other->folder.region == region_->folder.region &&
            other->transit_gateways.count(tgw->value))
          attachment_names_[key] = other->prefix + attachment_id->value;
      }
      continue;
    }
    aws::TransitGatewayAttachmentSpec spec;
    spec.provenance = provenance(*element, *attachment_id);
    spec.name = id(*attachment_id);
    spec.transit_gateway = ref(*tgw);
    spec.default_association = false;
    spec.default_propagation = false;
    spec.tags = fields_.tags(*element);
    attachment_names_[key] = spec.name;
    if (type->value == "vpc") {
      auto detail = vpc_details.find(attachment_id->value);
      readTgwVpcSide(detail == vpc_details.end() ? nullptr : detail->second, *element, spec);
    } else if (type->value == "peering") {
      auto peer = fields_.text(*element, "ResourceId", what, true);
      spec.kind = TgwAttachmentKind::kOther;
      for (const auto& other : regions_) {
        if (peer && other->transit_gateways.count(peer->value)) {
          spec.kind = TgwAttachmentKind::kPeering;
          spec.peer_transit_gateway = {other->prefix + peer->value, peer->location};
        }
      }
    } else {
      spec.kind = TgwAttachmentKind::kOther;
    }
    if (const json::Node* association = fields_.object(*element, "Association", what)) {
      auto table = fields_.text(*association, "TransitGatewayRouteTableId", what);
      if (table && stateOf(fields_, *association, what) == "associated") {
        aws::TransitGatewayTableLinkSpec link;
        link.provenance = provenance(*association, *attachment_id);
        link.attachment = {spec.name, attachment_id->location};
        link.route_table = ref(*table);
        out_.transit_gateway_associations.push_back(std::move(link));
      }
    }
    out_.transit_gateway_attachments.push_back(std::move(spec));
  }
}

// The VPC side of a VPC attachment: `detail` (TransitGatewayVpcAttachments),
// else what the attachment itself says (no subnets).
void SnapshotReader::readTgwVpcSide(const json::Node* detail, const json::Node& attachment,
                                    aws::TransitGatewayAttachmentSpec& spec) {
  const char* what = "transit gateway attachment";
  const json::Node& node = detail ? *detail : attachment;
  spec.kind = TgwAttachmentKind::kVpc;
  // The VPC's account may be another folder of the snapshot.
  std::string prefix = region_->prefix;
  auto owner = fields_.text(node, detail ? "VpcOwnerId" : "ResourceOwnerId", what);
  if (owner && !region_->prefix.empty()) {
    if (const RegionIndex* folder = regionOf(owner->value, region_->folder.region))
      prefix = folder->prefix;
  }
  if (auto vpc = fields_.text(node, detail ? "VpcId" : "ResourceId", what, true))
    spec.vpc = {prefix + vpc->value, vpc->location};
  for (const aws::Text& subnet : fields_.strings(node, "SubnetIds", what))
    spec.subnets.push_back({prefix + subnet.value, subnet.location});
  if (const json::Node* options = fields_.object(node, "Options", what)) {
    auto ipv6 = fields_.text(*options, "Ipv6Support", what);
    spec.ipv6_support = ipv6 && ipv6->value == "enable";
    auto appliance = fields_.text(*options, "ApplianceModeSupport", what);
    spec.appliance_mode = appliance && appliance->value == "enable";
  }
}

void SnapshotReader::readTransitGatewayRoutes() {
  const char* what = "transit gateway route";
  for (const json::Node* element : region_->of("TransitGatewayRoutes")) {
    auto table_id = fields_.text(*element, "TransitGatewayRouteTableId", what, true);
    if (!table_id) continue;
    aws::Ref table = ref(*table_id);
    auto more = fields_.flag(*element, "AdditionalRoutesAvailable", what);
    if (more && more->value) {
      uncertain(more->location, "routes of transit gateway route table " + table_id->value,
                "the table holds more routes than the snapshot lists (the call returns at most "
                "1000); the routes not listed are not known",
                {});
    }
    for (const json::Node* route : fields_.objects(*element, "Routes", what)) {
      std::string state = stateOf(fields_, *route, what);
      if (state != "active" && state != "blackhole") continue;
      aws::TransitGatewayRouteSpec spec;
      spec.provenance = provenance(*route, *table_id);
      spec.route_table = table;
      spec.destination = fields_.text(*route, "DestinationCidrBlock", what);
      if (!spec.destination) {
        auto list = fields_.text(*route, "PrefixListId", what);
        if (!list) {
          fields_.missing(*route, "DestinationCidrBlock", what);
          continue;
        }
        spec.destination_prefix_list = ref(*list);
      }
      auto type = fields_.text(*route, "Type", what);
      spec.propagated = type && type->value == "propagated";
      if (state == "blackhole") {
        spec.blackhole = true;
        out_.transit_gateway_routes.push_back(std::move(spec));
        continue;
      }
      std::vector<aws::Text> attachments;
      for (const json::Node* attachment :
           fields_.objects(*route, "TransitGatewayAttachments", what)) {
        if (auto attachment_id =
                fields_.text(*attachment, "TransitGatewayAttachmentId", what, true))
          attachments.push_back(*attachment_id);
      }
      if (attachments.empty()) {
        fields_.missing(*route, "TransitGatewayAttachments", what);
        continue;
      }
      if (attachments.size() > 1) {
        std::string destination =
            spec.destination ? spec.destination->value : spec.destination_prefix_list.address;
        uncertain(route->location,
                  "route to " + destination + " of transit gateway route table " + table_id->value,
                  "it spreads traffic over " + std::to_string(attachments.size()) +
                      " attachments (ECMP), which the model cannot express; the route is left "
                      "out",
                  {});
        continue;
      }
      auto name = attachment_names_.find(region_->prefix + attachments.front().value);
      spec.attachment = {name == attachment_names_.end() ? id(attachments.front()) : name->second,
                         attachments.front().location};
      out_.transit_gateway_routes.push_back(std::move(spec));
    }
  }
}

}  // namespace segproof::snapshot
