// Route tables, routes and associations from CloudFormation resources.
#include <catch2/catch.hpp>

#include "frontends/cloudformation/mapping/cfn_test_util.h"

namespace segproof::cloudformation {
namespace {

using namespace testing;

StackBuilder withNetwork() {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("Subnet", "AWS::EC2::Subnet", {{"VpcId", ref("Vpc")}, {"CidrBlock", str("10.0.1.0/24")}});
  b.add("Table", "AWS::EC2::RouteTable", {{"VpcId", ref("Vpc")}});
  return b;
}

TEST_CASE("CloudFormation routes to every kind of target",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Igw", "AWS::EC2::InternetGateway", {});
  b.add("Vgw", "AWS::EC2::VPNGateway", {});
  b.add("Nat", "AWS::EC2::NatGateway", {{"SubnetId", ref("Subnet")}});
  b.add("Appliance", "AWS::EC2::Instance", {{"SubnetId", ref("Subnet")}});
  b.add("ToIgw", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("0.0.0.0/0")},
         {"GatewayId", ref("Igw")}});
  b.add("ToVgw", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("192.168.0.0/16")},
         {"GatewayId", ref("Vgw")}});
  b.add("ToNat", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("8.8.8.8/32")},
         {"NatGatewayId", ref("Nat")}});
  b.add("ToAppliance", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("172.16.0.0/12")},
         {"InstanceId", ref("Appliance")}});
  b.add("ToTgw", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("100.64.0.0/10")},
         {"TransitGatewayId", str("tgw-0abc")}});
  b.add("ToEndpoint", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationPrefixListId", ref("Corp")},
         {"VpcEndpointId", ref("Firewall")}});
  b.add("Corp", "AWS::EC2::PrefixList", {},
        {elements("Entries", {{{"Cidr", str("1.2.3.0/24")}}}, 135)});
  b.add("Firewall", "AWS::EC2::VPCEndpoint",
        {{"VpcId", ref("Vpc")}, {"VpcEndpointType", str("GatewayLoadBalancer")}});
  b.add("Assoc", "AWS::EC2::SubnetRouteTableAssociation",
        {{"SubnetId", ref("Subnet")}, {"RouteTableId", ref("Table")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:141:3: warning[cfn-unsupported]: 1 resource of type AWS::EC2::VPCEndpoint "
        "is not modelled yet (its reachability is not analysed)\n");
  REQUIRE(r.route_tables.size() == 1);
  CHECK(r.route_tables[0].vpc.address == "Vpc");
  CHECK(!r.route_tables[0].is_main);
  const auto& routes = r.routes;
  REQUIRE(routes.size() == 6);
  CHECK(routes[0].provenance.address == "ToIgw");
  CHECK(routes[0].route_table.address == "Table");
  CHECK(routes[0].destination->value == "0.0.0.0/0");
  CHECK(routes[0].target == RouteTargetKind::kInternetGateway);
  CHECK(routes[0].target_ref.address == "Igw");
  CHECK(routes[0].target_ref.location.str() == "template.yaml:74:5");
  CHECK(routes[1].target == RouteTargetKind::kVpnGateway);
  CHECK(routes[1].target_ref.address == "Vgw");
  CHECK(routes[2].target == RouteTargetKind::kNatGateway);
  CHECK(routes[2].target_ref.address == "Nat");
  CHECK(routes[3].target == RouteTargetKind::kNetworkInterface);
  CHECK(routes[3].target_ref.address == "Appliance");
  CHECK(routes[4].target == RouteTargetKind::kTransitGateway);
  CHECK(routes[4].target_ref.address == "tgw-0abc");
  CHECK(routes[5].target == RouteTargetKind::kVpcEndpoint);
  CHECK(routes[5].target_ref.address == "Firewall");
  CHECK(routes[5].destination_prefix_list.address == "Corp");
  REQUIRE(r.gateways.size() == 3);  // Vgw, then the synthetic tgw-0abc and Firewall
  CHECK(r.gateways[1].name == "tgw-0abc");
  CHECK(r.gateways[2].name == "Firewall");
  REQUIRE(r.route_table_associations.size() == 1);
  CHECK(r.route_table_associations[0].subnet.address == "Subnet");
  CHECK(r.route_table_associations[0].route_table.address == "Table");
}

TEST_CASE("CloudFormation routes with unknown or wrong values",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("UnknownDestination", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", unknown("Parameters.OnPrem")},
         {"GatewayId", str("igw-1")}});
  b.add("UnknownGateway", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("0.0.0.0/0")},
         {"GatewayId", unknown("ImportValue.SharedIgw")}});
  b.add("TwoTargets", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("0.0.0.0/0")},
         {"GatewayId", str("vgw-1")},
         {"NatGatewayId", str("nat-1")}});
  b.add("NoDestination", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")}, {"GatewayId", str("vgw-1")}});
  b.add("ExternalVgw", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("192.168.0.0/16")},
         {"GatewayId", str("vgw-1")}});
  b.add("OtherTable", "AWS::EC2::Route",
        {{"RouteTableId", str("rtb-0abc")},
         {"DestinationCidrBlock", str("0.0.0.0/0")},
         {"GatewayId", str("vgw-1")}});
  b.add("Propagation", "AWS::EC2::VPNGatewayRoutePropagation",
        {{"RouteTableIds", list({ref("Table")})}, {"VpnGatewayId", str("vgw-1")}});
  b.add("Assoc", "AWS::EC2::SubnetRouteTableAssociation",
        {{"SubnetId", ref("Subnet")}, {"RouteTableId", unknown("ImportValue.Table")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:33:5: warning[unknown-value]: 'Parameters.OnPrem' is not known: route "
        "UnknownDestination is left out\n"
        "template.yaml:44:5: warning[unknown-value]: 'ImportValue.SharedIgw' is not known: route "
        "UnknownGateway is left out\n"
        "template.yaml:51:3: error[cfn-invalid]: TwoTargets (AWS::EC2::Route): needs exactly one "
        "target, found 2\n"
        "template.yaml:61:3: error[cfn-invalid]: NoDestination (AWS::EC2::Route): needs exactly "
        "one of DestinationCidrBlock, DestinationIpv6CidrBlock and DestinationPrefixListId, found "
        "0\n"
        "template.yaml:82:5: warning[unknown-value]: 'rtb-0abc' is not known: OtherTable is left "
        "out\n"
        "template.yaml:103:5: warning[unknown-value]: 'ImportValue.Table' is not known: Assoc is "
        "left out (the subnet may use the main route table)\n"
        "template.yaml:91:3: warning[unknown-value]: 'Propagation.PropagatedRoutes' is not known: "
        "the routes propagated into Table are not known\n");
  REQUIRE(r.routes.size() == 1);
  CHECK(r.routes[0].provenance.address == "ExternalVgw");
  CHECK(r.routes[0].target == RouteTargetKind::kVpnGateway);
  CHECK(r.routes[0].target_ref.address == "vgw-1");
  REQUIRE(r.uncertainties.size() == 5);
  CHECK(r.uncertainties[0].vpc.address == "Vpc");
  CHECK(r.route_table_associations.empty());
}

TEST_CASE("for lint, a CloudFormation route to an outside peering connection is kept",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Shared", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("0.0.0.0/0")},
         {"VpcPeeringConnectionId", str("pcx-0123")}});
  for (bool keep : {false, true}) {
    DiagnosticEngine diags;
    aws::Resources out;
    out.keep_unplaced = keep;
    mapCloudFormation(b.stack, out, diags);
    REQUIRE(out.routes.size() == (keep ? 1u : 0u));
    if (!keep) continue;
    CHECK(out.routes[0].target == RouteTargetKind::kPeering);
    CHECK(out.routes[0].target_ref.address == "pcx-0123");
    CHECK(out.routes[0].target_ref.unknown);
  }
}

}  // namespace
}  // namespace segproof::cloudformation
