// Transit gateways, attachments, route tables, routes, associations and
// propagations; VPC routes to a transit gateway.
#include <catch2/catch.hpp>

#include "frontends/cloudformation/mapping/cfn_test_util.h"

namespace segproof::cloudformation {
namespace {

using namespace testing;

// Resources 0-2 (lines 1, 11, 21); the tests add theirs from line 31.
StackBuilder withNetwork() {
  StackBuilder b = vpcWithTwoSubnets();
  return b;
}

TEST_CASE("CloudFormation transit gateways, attachments, tables and routes",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Hub", "AWS::EC2::TransitGateway",
        {{"DefaultRouteTableAssociation", str("disable")},
         {"DefaultRouteTablePropagation", str("disable")}});
  b.add("Peer", "AWS::EC2::TransitGateway", {});
  b.add("Spoke", "AWS::EC2::TransitGatewayVpcAttachment",
        {{"TransitGatewayId", ref("Hub")},
         {"VpcId", ref("Vpc")},
         {"SubnetIds", list({ref("SubnetA"), ref("SubnetB")})},
         {"Options",
          object({{"ApplianceModeSupport", str("enable")}, {"Ipv6Support", str("enable")}})}});
  b.add("Legacy", "AWS::EC2::TransitGatewayAttachment",
        {{"TransitGatewayId", ref("Hub")},
         {"VpcId", ref("Vpc")},
         {"SubnetIds", list({ref("SubnetA")})}});
  b.add("Peering", "AWS::EC2::TransitGatewayPeeringAttachment",
        {{"TransitGatewayId", ref("Hub")}, {"PeerTransitGatewayId", ref("Peer")}});
  b.add("Spokes", "AWS::EC2::TransitGatewayRouteTable", {{"TransitGatewayId", ref("Hub")}});
  b.add("Default", "AWS::EC2::TransitGatewayRoute",
        {{"TransitGatewayRouteTableId", ref("Spokes")},
         {"DestinationCidrBlock", str("0.0.0.0/0")},
         {"TransitGatewayAttachmentId", ref("Spoke")}});
  b.add("Drop", "AWS::EC2::TransitGatewayRoute",
        {{"TransitGatewayRouteTableId", att("Peer.AssociationDefaultRouteTableId")},
         {"DestinationCidrBlock", str("10.99.0.0/16")},
         {"Blackhole", str("true")}});
  b.add("ToVpn", "AWS::EC2::TransitGatewayRoute",
        {{"TransitGatewayRouteTableId", ref("Spokes")},
         {"DestinationCidrBlock", str("192.168.0.0/16")},
         {"TransitGatewayAttachmentId", str("tgw-attach-0vpn")}});
  b.add("Assoc", "AWS::EC2::TransitGatewayRouteTableAssociation",
        {{"TransitGatewayAttachmentId", ref("Spoke")},
         {"TransitGatewayRouteTableId", ref("Spokes")}});
  b.add("Prop", "AWS::EC2::TransitGatewayRouteTablePropagation",
        {{"TransitGatewayAttachmentId", ref("Legacy")},
         {"TransitGatewayRouteTableId", att("Peer.PropagationDefaultRouteTableId")}});
  b.add("Table", "AWS::EC2::RouteTable", {{"VpcId", ref("Vpc")}});
  b.add("ToHub", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("10.0.0.0/8")},
         {"TransitGatewayId", ref("Hub")}});
  b.add("ToShared", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("172.16.0.0/12")},
         {"TransitGatewayId", str("tgw-0shared")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:71:3: warning[unknown-value]: 'Peering.Accepted' is not known: Peering "
        "is taken as pending acceptance by the peer transit gateway's owner (not active); it "
        "may be accepted outside the template\n");
  REQUIRE(r.transit_gateways.size() == 2);
  const aws::TransitGatewaySpec& hub = r.transit_gateways[0];
  CHECK(hub.name == "Hub");
  CHECK(hub.provenance.location.str() == "template.yaml:31:3");
  CHECK(!hub.default_association);
  CHECK(!hub.default_propagation);
  CHECK(!hub.default_route_table.given());
  CHECK(r.transit_gateways[1].default_association);
  CHECK(r.transit_gateways[1].default_propagation);

  REQUIRE(r.transit_gateway_route_tables.size() == 1);
  CHECK(r.transit_gateway_route_tables[0].name == "Spokes");
  CHECK(r.transit_gateway_route_tables[0].transit_gateway.address == "Hub");
  CHECK(!r.transit_gateway_route_tables[0].is_default);

  // Legacy, Spoke, Peering (in the order of the types), then the
  // attachment outside the template.
  REQUIRE(r.transit_gateway_attachments.size() == 4);
  const aws::TransitGatewayAttachmentSpec& spoke = r.transit_gateway_attachments[1];
  CHECK(spoke.name == "Spoke");
  CHECK(spoke.kind == TgwAttachmentKind::kVpc);
  CHECK(spoke.transit_gateway.address == "Hub");
  CHECK(spoke.vpc.address == "Vpc");
  CHECK(addresses(spoke.subnets) == Names{"SubnetA", "SubnetB"});
  CHECK(spoke.appliance_mode);
  CHECK(spoke.ipv6_support);
  CHECK(spoke.active);
  const aws::TransitGatewayAttachmentSpec& legacy = r.transit_gateway_attachments[0];
  CHECK(legacy.name == "Legacy");
  CHECK(legacy.kind == TgwAttachmentKind::kVpc);
  CHECK(!legacy.appliance_mode);
  CHECK(!legacy.ipv6_support);  // off by default
  const aws::TransitGatewayAttachmentSpec& peering = r.transit_gateway_attachments[2];
  CHECK(peering.kind == TgwAttachmentKind::kPeering);
  CHECK(peering.transit_gateway.address == "Hub");
  CHECK(peering.peer_transit_gateway.address == "Peer");
  CHECK(!peering.active);
  REQUIRE(r.uncertainties.size() == 1);
  CHECK(r.uncertainties[0].value.description == "Peering.Accepted");
  const aws::TransitGatewayAttachmentSpec& vpn = r.transit_gateway_attachments[3];
  CHECK(vpn.name == "tgw-attach-0vpn");
  CHECK(vpn.kind == TgwAttachmentKind::kOther);
  CHECK(vpn.transit_gateway.address == "Hub");
  CHECK(vpn.provenance.location.str() == "template.yaml:114:5");

  REQUIRE(r.transit_gateway_routes.size() == 3);
  const aws::TransitGatewayRouteSpec& to_spoke = r.transit_gateway_routes[0];
  CHECK(to_spoke.provenance.address == "Default");
  CHECK(to_spoke.route_table.address == "Spokes");
  CHECK(to_spoke.destination->value == "0.0.0.0/0");
  CHECK(to_spoke.attachment.address == "Spoke");
  CHECK(!to_spoke.blackhole);
  // GetAtt Peer.AssociationDefaultRouteTableId names the table the builder adds.
  const aws::TransitGatewayRouteSpec& drop = r.transit_gateway_routes[1];
  CHECK(drop.route_table.address == "Peer/default-route-table");
  CHECK(drop.blackhole);
  CHECK(!drop.attachment.given());
  CHECK(r.transit_gateway_routes[2].attachment.address == "tgw-attach-0vpn");

  REQUIRE(r.transit_gateway_associations.size() == 1);
  CHECK(r.transit_gateway_associations[0].attachment.address == "Spoke");
  CHECK(r.transit_gateway_associations[0].route_table.address == "Spokes");
  REQUIRE(r.transit_gateway_propagations.size() == 1);
  CHECK(r.transit_gateway_propagations[0].attachment.address == "Legacy");
  CHECK(r.transit_gateway_propagations[0].route_table.address == "Peer/default-route-table");

  // A VPC route names a transit gateway of the template by its logical id;
  // one outside the template stays a synthetic gateway.
  REQUIRE(r.routes.size() == 2);
  CHECK(r.routes[0].target == RouteTargetKind::kTransitGateway);
  CHECK(r.routes[0].target_ref.address == "Hub");
  CHECK(r.routes[1].target == RouteTargetKind::kTransitGateway);
  CHECK(r.routes[1].target_ref.address == "tgw-0shared");
  REQUIRE(r.gateways.size() == 1);
  CHECK(r.gateways[0].name == "tgw-0shared");
}

TEST_CASE("CloudFormation transit gateway resources with unknown or wrong values",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Hub", "AWS::EC2::TransitGateway",
        {{"DefaultRouteTableAssociation", unknown("Parameters.Associate")},
         {"DefaultRouteTablePropagation", str("off")}});
  b.add("Shared", "AWS::EC2::TransitGatewayVpcAttachment",
        {{"TransitGatewayId", str("tgw-0shared")},
         {"VpcId", ref("Vpc")},
         {"SubnetIds", list({ref("SubnetA")})}});
  b.add("Hidden", "AWS::EC2::TransitGatewayVpcAttachment",
        {{"TransitGatewayId", ref("Hub")},
         {"VpcId", ref("Vpc")},
         {"SubnetIds", unknown("Parameters.TgwSubnets")}});
  b.add("UnknownDestination", "AWS::EC2::TransitGatewayRoute",
        {{"TransitGatewayRouteTableId", att("Hub.AssociationDefaultRouteTableId")},
         {"DestinationCidrBlock", unknown("Parameters.Destination")},
         {"TransitGatewayAttachmentId", ref("Spoke")}});
  b.add("ToHidden", "AWS::EC2::TransitGatewayRoute",
        {{"TransitGatewayRouteTableId", att("Hub.AssociationDefaultRouteTableId")},
         {"DestinationCidrBlock", str("10.1.0.0/16")},
         {"TransitGatewayAttachmentId", ref("Hidden")}});
  b.add("BadOptions", "AWS::EC2::TransitGatewayVpcAttachment",
        {{"TransitGatewayId", ref("Hub")},
         {"VpcId", ref("Vpc")},
         {"SubnetIds", list({ref("SubnetA")})},
         {"Options", str("appliance")}});
  b.add("BadLink", "AWS::EC2::TransitGatewayRouteTableAssociation",
        {{"TransitGatewayAttachmentId", num(5)}});
  b.add("NoTarget", "AWS::EC2::TransitGatewayRoute",
        {{"TransitGatewayRouteTableId", att("Hub.AssociationDefaultRouteTableId")},
         {"DestinationCidrBlock", str("10.2.0.0/16")}});
  b.add("OutsideTable", "AWS::EC2::TransitGatewayRouteTablePropagation",
        {{"TransitGatewayAttachmentId", ref("Spoke")},
         {"TransitGatewayRouteTableId", unknown("ImportValue.TgwTable")}});
  b.add("Spoke", "AWS::EC2::TransitGatewayVpcAttachment",
        {{"TransitGatewayId", ref("Hub")},
         {"VpcId", ref("Vpc")},
         {"SubnetIds", list({ref("SubnetB")})},
         {"Options", object({{"ApplianceModeSupport", unknown("Parameters.Appliance")}})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(
      diags.renderAll() ==
      "template.yaml:32:5: warning[unknown-value]: 'Parameters.Associate' is not known: Hub is "
      "taken to associate attachments with its default route table\n"
      "template.yaml:33:5: error[cfn-invalid]: Hub (AWS::EC2::TransitGateway): expected enable "
      "or disable for DefaultRouteTablePropagation, found \"off\"\n"
      "template.yaml:42:5: warning[unknown-value]: 'tgw-0shared' is not known: Shared is left "
      "out\n"
      "template.yaml:54:5: warning[unknown-value]: 'Parameters.TgwSubnets' is not known: "
      "Hidden is left out\n"
      "template.yaml:85:5: error[cfn-invalid]: BadOptions (AWS::EC2::TransitGatewayVpcAttachment): "
      "expected an object for Options, found a string\n"
      "template.yaml:125:5: warning[unknown-value]: 'Parameters.Appliance' is not known: "
      "appliance mode of Spoke is taken as disabled\n"
      "template.yaml:63:5: warning[unknown-value]: 'Parameters.Destination' is not known: route "
      "UnknownDestination is left out\n"
      "template.yaml:74:5: warning[unknown-value]: 'Hidden.Ref' is not known: route ToHidden is "
      "left out\n"
      "template.yaml:101:3: error[cfn-invalid]: NoTarget (AWS::EC2::TransitGatewayRoute): needs "
      "TransitGatewayAttachmentId or Blackhole: true\n"
      "template.yaml:92:5: error[cfn-invalid]: BadLink "
      "(AWS::EC2::TransitGatewayRouteTableAssociation): expected a string reference, found a "
      "number\n"
      "template.yaml:91:3: error[cfn-invalid]: BadLink "
      "(AWS::EC2::TransitGatewayRouteTableAssociation): missing required property "
      "TransitGatewayRouteTableId\n"
      "template.yaml:113:5: warning[unknown-value]: 'ImportValue.TgwTable' is not known: "
      "OutsideTable is left out\n");
  CHECK(r.transit_gateways.size() == 1);
  CHECK(r.transit_gateways[0].default_association);
  CHECK(r.transit_gateways[0].default_propagation);
  REQUIRE(r.transit_gateway_attachments.size() == 1);
  CHECK(r.transit_gateway_attachments[0].name == "Spoke");
  CHECK(!r.transit_gateway_attachments[0].appliance_mode);
  CHECK(r.transit_gateway_routes.empty());
  CHECK(r.transit_gateway_associations.empty());
  CHECK(r.transit_gateway_propagations.empty());
}

TEST_CASE("CloudFormation transit gateway peerings and route tables with unknown or wrong values",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Hub", "AWS::EC2::TransitGateway", {{"DefaultRouteTableAssociation", list({})}});
  b.add(
      "ToShared", "AWS::EC2::TransitGatewayPeeringAttachment",
      {{"TransitGatewayId", ref("Hub")}, {"PeerTransitGatewayId", unknown("ImportValue.PeerTgw")}});
  b.add("WrongPeer", "AWS::EC2::TransitGatewayPeeringAttachment",
        {{"TransitGatewayId", num(1)}, {"PeerTransitGatewayId", ref("Hub")}});
  b.add("SharedTable", "AWS::EC2::TransitGatewayRouteTable",
        {{"TransitGatewayId", unknown("Parameters.SharedTgw")}});
  b.add("WrongTable", "AWS::EC2::TransitGatewayRouteTable", {{"TransitGatewayId", list({})}});
  b.add("OnShared", "AWS::EC2::TransitGatewayRoute",
        {{"TransitGatewayRouteTableId", ref("SharedTable")},
         {"DestinationCidrBlock", str("10.0.0.0/8")},
         {"Blackhole", boolean(true)}});
  b.add("WrongBlackhole", "AWS::EC2::TransitGatewayRoute",
        {{"TransitGatewayRouteTableId", att("Hub.AssociationDefaultRouteTableId")},
         {"DestinationCidrBlock", str("10.0.0.0/8")},
         {"Blackhole", str("sometimes")}});
  b.add("MaybeBlackhole", "AWS::EC2::TransitGatewayRoute",
        {{"TransitGatewayRouteTableId", att("Hub.AssociationDefaultRouteTableId")},
         {"DestinationCidrBlock", str("10.3.0.0/16")},
         {"Blackhole", unknown("Parameters.Drop")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:32:5: error[cfn-invalid]: Hub (AWS::EC2::TransitGateway): expected a "
        "string for DefaultRouteTableAssociation, found a list\n"
        "template.yaml:62:5: warning[unknown-value]: 'Parameters.SharedTgw' is not known: "
        "SharedTable is left out\n"
        "template.yaml:72:5: error[cfn-invalid]: WrongTable (AWS::EC2::TransitGatewayRouteTable): "
        "expected a string reference, found a list\n"
        "template.yaml:43:5: warning[unknown-value]: 'ImportValue.PeerTgw' is not known: "
        "ToShared is left out\n"
        "template.yaml:52:5: error[cfn-invalid]: WrongPeer "
        "(AWS::EC2::TransitGatewayPeeringAttachment): expected a string reference, found a "
        "number\n"
        "template.yaml:82:5: warning[unknown-value]: 'SharedTable.Ref' is not known: route "
        "OnShared is left out\n"
        "template.yaml:94:5: error[cfn-invalid]: WrongBlackhole (AWS::EC2::TransitGatewayRoute): "
        "expected true or false for Blackhole, found \"sometimes\"\n"
        "template.yaml:104:5: warning[unknown-value]: 'Parameters.Drop' is not known: route "
        "MaybeBlackhole is taken as a blackhole\n");
  CHECK(r.transit_gateways.size() == 1);
  CHECK(r.transit_gateway_attachments.empty());
  CHECK(r.transit_gateway_route_tables.empty());
  REQUIRE(r.transit_gateway_routes.size() == 1);
  CHECK(r.transit_gateway_routes[0].route_table.address == "Hub/default-route-table");
  CHECK(r.transit_gateway_routes[0].blackhole);
}

}  // namespace
}  // namespace segproof::cloudformation
