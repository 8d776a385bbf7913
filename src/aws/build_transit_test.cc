// ModelBuilder: transit gateways, attachments, route tables, associations,
// propagations and routes (docs/aws-modeling.md, "Transit gateways").
#include <catch2/catch.hpp>

#include "aws/model_builder.h"
#include "aws/test_resources.h"

namespace segproof::aws {
namespace {

using namespace testing;

TransitGatewaySpec tgw(const std::string& name, int line, bool defaults = true) {
  TransitGatewaySpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  spec.default_association = defaults;
  spec.default_propagation = defaults;
  return spec;
}

TransitGatewayAttachmentSpec vpcAttachment(const std::string& name, const std::string& gateway,
                                           const std::string& vpc_name,
                                           std::vector<std::string> subnets, int line) {
  TransitGatewayAttachmentSpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  spec.transit_gateway = ref(gateway, line);
  spec.vpc = ref(vpc_name, line);
  for (const std::string& s : subnets) spec.subnets.push_back(ref(s, line));
  return spec;
}

TransitGatewayRouteTableSpec tgwTable(const std::string& name, const std::string& gateway, int line) {
  TransitGatewayRouteTableSpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  spec.transit_gateway = ref(gateway, line);
  return spec;
}

TransitGatewayRouteSpec tgwRoute(const std::string& table_name, const std::string& destination,
                                 const std::string& attachment, int line) {
  TransitGatewayRouteSpec spec;
  spec.provenance = prov(table_name, line);
  spec.route_table = ref(table_name, line);
  spec.destination = text(destination, line);
  if (attachment.empty()) spec.blackhole = true;
  else spec.attachment = ref(attachment, line);
  return spec;
}

TransitGatewayTableLinkSpec link(const std::string& attachment, const std::string& table_name, int line) {
  return {prov(attachment, line), ref(attachment, line), ref(table_name, line)};
}

// Two VPCs (prod 10.0/16, test 10.1/16), a subnet each in az-a, and a
// transit gateway "tgw" (line 10) with default tables.
Resources hub() {
  Resources r = basic();
  r.subnets.back().availability_zone = "az-a";
  r.vpcs.push_back(vpc("test", "10.1.0.0/16", 3));
  r.subnets.push_back(subnet("test-a", "test", "10.1.1.0/24", 4));
  r.subnets.back().availability_zone = "az-a";
  r.transit_gateways.push_back(tgw("tgw", 10));
  r.transit_gateway_attachments.push_back(vpcAttachment("att-prod", "tgw", "prod", {"web-a"}, 11));
  r.transit_gateway_attachments.push_back(vpcAttachment("att-test", "tgw", "test", {"test-a"}, 12));
  return r;
}

std::vector<std::string> routesOf(const Network& net, const TgwRouteTable& table) {
  std::vector<std::string> out;
  for (const Route& r : table.routes)
    out.push_back(r.destination.str() + " -> " +
                  (r.target == RouteTargetKind::kBlackhole ? std::string("blackhole")
                                                           : net.at(r.attachment).name) +
                  (r.propagated ? " (propagated)" : ""));
  return out;
}

TEST_CASE("a transit gateway with defaults associates and propagates its VPC attachments",
          "[aws][transit]") {
  Resources r = hub();
  r.transit_gateways.front().provenance.address = "aws_ec2_transit_gateway.tgw";
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(net.tgw_route_tables.size() == 1);
  const TgwRouteTable& table = net.tgw_route_tables.front();
  CHECK(table.name == "tgw/default-route-table");
  CHECK(table.is_default);
  CHECK(routesOf(net, table) ==
        std::vector<std::string>{"10.0.0.0/16 -> att-prod (propagated)", "10.1.0.0/16 -> att-test (propagated)"});
  for (const TgwAttachment& a : net.tgw_attachments) {
    CHECK(a.route_table.value == 0);
    CHECK(a.subnets.size() == 1);
  }
  CHECK(net.at(net.tgw_attachments[0].vpc).name == "prod");
}

TEST_CASE("a VPC attachment carries IPv6 only when it says so", "[aws][transit][ipv6]") {
  Resources r = hub();
  r.transit_gateway_attachments[1].ipv6_support = true;
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK_FALSE(named(net.tgw_attachments, "att-prod").ipv6_support);
  CHECK(named(net.tgw_attachments, "att-test").ipv6_support);
}

TEST_CASE("the default route table is named by the gateway's address too", "[aws][transit]") {
  Resources r = hub();
  r.transit_gateways.front().name = "aws_ec2_transit_gateway.tgw";
  r.transit_gateways.front().provenance.address = "aws_ec2_transit_gateway.tgw";
  for (auto& a : r.transit_gateway_attachments) a.transit_gateway.address = "aws_ec2_transit_gateway.tgw";
  r.transit_gateway_routes.push_back(
      tgwRoute("aws_ec2_transit_gateway.tgw/default-route-table", "10.9.0.0/16", "", 13));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK(routesOf(net, net.tgw_route_tables.front()).back() == "10.9.0.0/16 -> blackhole");
}

TEST_CASE("explicit associations replace the default one; propagations add VPC blocks",
          "[aws][transit]") {
  Resources r = hub();
  r.transit_gateways.front().default_propagation = false;
  r.transit_gateway_route_tables.push_back(tgwTable("spokes", "tgw", 13));
  r.transit_gateway_associations.push_back(link("att-prod", "spokes", 14));
  r.transit_gateway_propagations.push_back(link("att-test", "spokes", 15));
  r.transit_gateway_routes.push_back(tgwRoute("spokes", "0.0.0.0/0", "att-test", 16));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const TgwRouteTable& spokes = named(net.tgw_route_tables, "spokes");
  CHECK(routesOf(net, spokes) ==
        std::vector<std::string>{"10.1.0.0/16 -> att-test (propagated)", "0.0.0.0/0 -> att-test"});
  CHECK(net.at(named(net.tgw_attachments, "att-prod").route_table).name == "spokes");
  CHECK(net.at(named(net.tgw_attachments, "att-test").route_table).name == "tgw/default-route-table");
  CHECK(routesOf(net, named(net.tgw_route_tables, "tgw/default-route-table")).empty());
}

TEST_CASE("a transit gateway without defaults has no default route table", "[aws][transit]") {
  Resources r = hub();
  r.transit_gateways.front() = tgw("tgw", 10, false);
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK(net.tgw_route_tables.empty());
  CHECK_FALSE(net.tgw_attachments.front().route_table.valid());
}

TEST_CASE("attachment and route table mistakes are diagnosed", "[aws][transit]") {
  Resources r = hub();
  r.subnets.push_back(subnet("web-b", "prod", "10.0.2.0/24", 5));
  r.subnets.back().availability_zone = "az-a";
  r.transit_gateway_attachments[0].subnets.push_back(ref("web-b", 11));
  r.transit_gateway_attachments[1].subnets.push_back(ref("web-a", 12));
  r.transit_gateway_route_tables.push_back(tgwTable("spokes", "tgw", 13));
  r.transit_gateway_associations.push_back(link("att-prod", "spokes", 14));
  r.transit_gateway_associations.push_back(link("att-prod", "tgw/default-route-table", 15));
  TransitGatewayRouteSpec both = tgwRoute("spokes", "10.5.0.0/16", "att-test", 16);
  both.blackhole = true;
  r.transit_gateway_routes.push_back(both);
  r.transit_gateway_routes.push_back(tgwRoute("spokes", "10.6.0.0/16", "att-test", 17));
  r.transit_gateway_routes.push_back(tgwRoute("spokes", "10.6.0.0/16", "", 18));
  r.transit_gateway_routes.push_back(tgwRoute("spokes", "10.7.0.0/16", "att-nope", 19));
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:11:9: error[duplicate-availability-zone]: transit gateway VPC attachment 'att-prod' names "
        "two subnets in availability zone 'az-a': 'web-a' and 'web-b'; AWS takes one per zone\n"
        "net.yaml:12:9: error[subnet-vpc-mismatch]: subnet 'web-a' is not in VPC 'test' of transit "
        "gateway VPC attachment 'att-test'\n"
        "net.yaml:15:3: error[duplicate-association]: attachment 'att-prod' is already associated with "
        "'spokes'; AWS associates an attachment with one route table\n"
        "net.yaml:16:3: error[invalid-target]: transit gateway route needs exactly one of an attachment and "
        "blackhole\n"
        "net.yaml:18:3: error[duplicate-route]: transit gateway route table 'spokes' already has a static "
        "route for 10.6.0.0/16 (at net.yaml:17:3)\n"
        "net.yaml:19:9: error[unknown-reference]: unknown transit gateway attachment 'att-nope'\n");
}

TEST_CASE("peering attachments: both sides, static routes only, never propagated",
          "[aws][transit]") {
  Resources r = hub();
  r.transit_gateways.push_back(tgw("tgw-eu", 20, false));
  TransitGatewayAttachmentSpec peering;
  peering.provenance = prov("to-eu", 21);
  peering.name = "to-eu";
  peering.kind = TgwAttachmentKind::kPeering;
  peering.transit_gateway = ref("tgw", 21);
  peering.peer_transit_gateway = ref("tgw-eu", 21);
  r.transit_gateway_attachments.push_back(peering);
  r.transit_gateway_route_tables.push_back(tgwTable("eu-main", "tgw-eu", 22));
  r.transit_gateway_associations.push_back(link("to-eu", "eu-main", 23));
  r.transit_gateway_routes.push_back(tgwRoute("eu-main", "10.0.0.0/8", "to-eu", 24));
  r.transit_gateway_propagations.push_back(link("to-eu", "eu-main", 25));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:25:3: error[invalid-propagation]: peering attachment 'to-eu' cannot propagate routes; "
        "AWS takes only static routes towards a peering\n");
  const TgwAttachment& p = named(net.tgw_attachments, "to-eu");
  CHECK_FALSE(p.route_table.valid());  // not associated by default
  CHECK(net.at(p.peer_route_table).name == "eu-main");
  CHECK(net.at(p.peer_transit_gateway).name == "tgw-eu");
}

TEST_CASE("routes propagated from a VPN attachment are not known: an uncertainty",
          "[aws][transit]") {
  Resources r = hub();
  TransitGatewayAttachmentSpec vpn;
  vpn.provenance = prov("vpn", 13);
  vpn.name = "vpn";
  vpn.kind = TgwAttachmentKind::kOther;
  vpn.transit_gateway = ref("tgw", 13);
  r.transit_gateway_attachments.push_back(vpn);
  r.transit_gateway_propagations.push_back(link("vpn", "tgw/default-route-table", 14));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(net.uncertainties.size() == 1);
  CHECK(net.uncertainties.front().effect ==
        "the routes 'vpn' propagates into transit gateway route table 'tgw/default-route-table' are not known");
}

TEST_CASE("VPC routes to a transit gateway of the inputs name it", "[aws][transit]") {
  Resources r = hub();
  r.route_tables.push_back(table("rt", "prod", 5));
  r.routes.push_back(route("rt", "10.1.0.0/16", RouteTargetKind::kTransitGateway, "tgw", 6));
  r.route_tables.push_back(table("rt-test", "test", 7));
  r.transit_gateways.push_back(tgw("tgw2", 20));
  r.routes.push_back(route("rt-test", "10.0.0.0/16", RouteTargetKind::kTransitGateway, "tgw2", 8));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:8:9: warning[transit-gateway-unattached]: transit gateway 'tgw2' has no attachment to VPC "
        "'test' of route table 'rt-test': traffic this route takes is dropped\n");
  const Route& to_tgw = named(net.route_tables, "rt").routes.back();
  CHECK(to_tgw.target == RouteTargetKind::kTransitGateway);
  CHECK(net.at(to_tgw.transit_gateway).name == "tgw");
  CHECK_FALSE(to_tgw.gateway.valid());
}

}  // namespace
}  // namespace segproof::aws
