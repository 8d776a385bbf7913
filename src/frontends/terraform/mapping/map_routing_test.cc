// Route tables, routes and associations from Terraform resources.
#include <catch2/catch.hpp>

#include <algorithm>

#include "frontends/terraform/mapping/mapping_test_util.h"

namespace segproof::terraform {
namespace {

using namespace testing;
using K = RouteTargetKind;

// Resources 0-7: a VPC with a subnet and one of each route target.
ConfigBuilder network() {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"cidr_block", str("10.0.0.0/16")},
                         {"id", str("vpc-1")},
                         {"default_route_table_id", str("rtb-main")}});
  b.add("aws_vpc.peer", {{"cidr_block", str("10.1.0.0/16")}});
  b.add("aws_subnet.a",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"cidr_block", str("10.0.1.0/24")}});
  b.add("aws_internet_gateway.igw", {{"vpc_id", unknown("aws_vpc.main.id")}, {"id", str("igw-1")}});
  b.add("aws_vpn_gateway.vgw", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_nat_gateway.nat", {{"subnet_id", unknown("aws_subnet.a.id")}});
  b.add("aws_vpc_peering_connection.pcx", {{"vpc_id", unknown("aws_vpc.main.id")},
                                           {"peer_vpc_id", unknown("aws_vpc.peer.id")},
                                           {"auto_accept", boolean(true)}});
  b.add("aws_instance.fw", {{"subnet_id", unknown("aws_subnet.a.id")}});
  return b;
}

TEST_CASE("route targets by kind", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_ec2_transit_gateway.hub", {});
  b.add("aws_egress_only_internet_gateway.eigw", {{"vpc_id", unknown("aws_vpc.main.id")}});
  auto route = [](const std::string& cidr, const std::string& argument, const Value& target,
                  int line) {
    return block("route", {{"cidr_block", str(cidr)}, {argument, target}}, line);
  };
  b.add("aws_route_table.rt", {{"vpc_id", unknown("aws_vpc.main.id")}},
        {route("0.0.0.0/0", "gateway_id", unknown("aws_internet_gateway.igw.id"), 100),
         route("172.16.0.0/12", "gateway_id", unknown("aws_vpn_gateway.vgw.id"), 102),
         route("10.0.0.0/16", "gateway_id", str("local"), 104),
         route("10.2.0.0/16", "nat_gateway_id", unknown("aws_nat_gateway.nat.id"), 106),
         route("10.1.0.0/16", "vpc_peering_connection_id",
               unknown("aws_vpc_peering_connection.pcx.id"), 108),
         route("10.3.0.0/16", "network_interface_id",
               unknown("aws_instance.fw.primary_network_interface_id"), 110),
         route("10.4.0.0/16", "transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id"), 112),
         route("10.5.0.0/16", "transit_gateway_id", str("tgw-0abc"), 114),
         route("10.6.0.0/16", "gateway_id", str("igw-1"), 116),
         block("route",
               {{"ipv6_cidr_block", str("::/0")},
                {"egress_only_gateway_id", unknown("aws_egress_only_internet_gateway.eigw.id")}},
               118)});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.route_tables.size() == 1);
  CHECK(r.route_tables[0].vpc.address == "aws_vpc.main");
  CHECK(!r.route_tables[0].is_main);
  const auto& routes = r.routes;
  REQUIRE(routes.size() == 9);  // the local route is the builder's
  const K kinds[] = {K::kInternetGateway, K::kVpnGateway,       K::kNatGateway,
                     K::kPeering,         K::kNetworkInterface, K::kTransitGateway,
                     K::kTransitGateway,  K::kInternetGateway,  K::kEgressOnlyInternetGateway};
  const char* targets[] = {"aws_internet_gateway.igw",
                           "aws_vpn_gateway.vgw",
                           "aws_nat_gateway.nat",
                           "aws_vpc_peering_connection.pcx",
                           "aws_instance.fw",
                           "aws_ec2_transit_gateway.hub",
                           "tgw-0abc",
                           "aws_internet_gateway.igw",
                           "aws_egress_only_internet_gateway.eigw"};
  for (size_t i = 0; i < routes.size(); ++i) {
    INFO(i);
    CHECK(routes[i].target == kinds[i]);
    CHECK(routes[i].target_ref.address == targets[i]);
    CHECK(routes[i].route_table.address == "aws_route_table.rt");
  }
  CHECK(routes[0].provenance.address == "aws_route_table.rt.route[0]");
  CHECK(routes[0].provenance.location.str() == "main.tf:100:3");
  CHECK(routes[0].destination->value == "0.0.0.0/0");
  CHECK(routes[8].destination->value == "::/0");
  // A transit gateway of the configuration is named by its address; targets
  // outside the model become gateways that lead out of it.
  REQUIRE(r.transit_gateways.size() == 1);
  REQUIRE(r.gateways.size() == 3);
  CHECK(r.gateways[2].name == "tgw-0abc");
  CHECK(r.gateways[2].kind == K::kTransitGateway);
}

TEST_CASE("routes as a list of objects, as a state writes them, once",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  auto entry = [](const std::string& cidr, const std::string& gateway) {
    return object({{"cidr_block", str(cidr)},
                   {"ipv6_cidr_block", str("")},
                   {"destination_prefix_list_id", str("")},
                   {"gateway_id", str(gateway)},
                   {"nat_gateway_id", str("")},
                   {"transit_gateway_id", str("")},
                   {"vpc_peering_connection_id", str("")},
                   {"network_interface_id", str("")}});
  };
  b.add("aws_route_table.rt",
        {{"vpc_id", str("vpc-1")}, {"route", list({entry("0.0.0.0/0", "igw-1")})}});
  b.add("aws_route.default", {{"route_table_id", unknown("aws_route_table.rt.id")},
                              {"destination_cidr_block", str("0.0.0.0/0")},
                              {"gateway_id", str("igw-1")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.routes.size() == 1);
  CHECK(r.routes[0].target == K::kInternetGateway);
  CHECK(r.routes[0].target_ref.address == "aws_internet_gateway.igw");
  CHECK(r.routes[0].provenance.location.str() == "main.tf:83:3");
}

TEST_CASE("unknown route destinations and targets leave the route out",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_route_table.rt", {{"vpc_id", unknown("aws_vpc.main.id")}},
        {block("route",
               {{"cidr_block", unknown("var.onprem_cidr")},
                {"gateway_id", unknown("aws_vpn_gateway.vgw.id")}},
               100),
         block("route",
               {{"cidr_block", str("0.0.0.0/0")},
                {"nat_gateway_id", unknown("data.aws_nat_gateway.shared.id")}},
               103)});
  b.add("aws_route.r", {{"route_table_id", unknown("aws_route_table.rt.id")},
                        {"destination_cidr_block", str("10.9.0.0/16")},
                        {"vpc_peering_connection_id", str("pcx-unknown")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:101:3: warning[unknown-value]: 'var.onprem_cidr' is not known: route "
        "aws_route_table.rt.route[0] is left out\n"
        "main.tf:105:3: warning[unknown-value]: 'data.aws_nat_gateway.shared.id' is not known: "
        "route aws_route_table.rt.route[1] is left out\n"
        "main.tf:94:3: warning[unknown-value]: 'pcx-unknown' is not known: route aws_route.r is "
        "left out\n");
  CHECK(r.routes.empty());
  REQUIRE(r.uncertainties.size() == 3);
  for (const auto& uncertainty : r.uncertainties) CHECK(uncertainty.vpc.address == "aws_vpc.main");
  CHECK(r.uncertainties[0].value.description == "var.onprem_cidr");
}

TEST_CASE("the main route table and associations", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_default_route_table.main",
        {{"default_route_table_id", unknown("aws_vpc.main.default_route_table_id")}},
        {block("route",
               {{"cidr_block", str("0.0.0.0/0")},
                {"gateway_id", unknown("aws_internet_gateway.igw.id")}},
               85)});
  b.add("aws_route.by_vpc", {{"route_table_id", unknown("aws_vpc.main.default_route_table_id")},
                             {"destination_cidr_block", str("10.7.0.0/16")},
                             {"nat_gateway_id", unknown("aws_nat_gateway.nat.id")}});
  b.add("aws_route_table.other", {{"vpc_id", unknown("aws_vpc.main.id")},
                                  {"propagating_vgws", list({unknown("aws_vpn_gateway.vgw.id")})}});
  b.add("aws_route_table_association.a", {{"subnet_id", unknown("aws_subnet.a.id")},
                                          {"route_table_id", unknown("aws_route_table.other.id")}});
  b.add("aws_route_table_association.edge",
        {{"gateway_id", unknown("aws_internet_gateway.igw.id")},
         {"route_table_id", unknown("aws_route_table.other.id")}});
  b.add("aws_main_route_table_association.m",
        {{"vpc_id", unknown("aws_vpc.main.id")},
         {"route_table_id", unknown("aws_route_table.other.id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:103:3: warning[unknown-value]: 'aws_route_table.other.propagated_routes' is not "
        "known: the routes propagated into aws_route_table.other are not known\n"
        "main.tf:121:1: note[terraform-ignored]: aws_route_table_association.edge: edge "
        "associations (gateway_id) are not modelled; ingress routing through the gateway is not "
        "analysed\n");
  REQUIRE(r.route_tables.size() == 2);
  CHECK(r.route_tables[0].name == "aws_route_table.other");
  CHECK(r.route_tables[1].name == "aws_default_route_table.main");
  CHECK(r.route_tables[1].is_main);
  CHECK(r.route_tables[1].vpc.address == "aws_vpc.main");
  REQUIRE(r.routes.size() == 2);
  CHECK(r.routes[0].route_table.address == "aws_default_route_table.main");
  CHECK(r.routes[1].route_table.address == "aws_default_route_table.main");
  CHECK(r.routes[1].destination->value == "10.7.0.0/16");
  REQUIRE(r.route_table_associations.size() == 1);
  CHECK(r.route_table_associations[0].subnet.address == "aws_subnet.a");
  CHECK(r.route_table_associations[0].route_table.address == "aws_route_table.other");
  REQUIRE(r.main_route_table_associations.size() == 1);
  CHECK(r.main_route_table_associations[0].vpc.address == "aws_vpc.main");
}

TEST_CASE("propagated routes are not known", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_route_table.rt", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_vpn_gateway_route_propagation.p",
        {{"vpn_gateway_id", unknown("aws_vpn_gateway.vgw.id")},
         {"route_table_id", unknown("aws_route_table.rt.id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:91:1: warning[unknown-value]: 'aws_vpn_gateway_route_propagation.p."
        "propagated_routes' is not known: the routes propagated into aws_route_table.rt are not "
        "known\n");
  REQUIRE(r.uncertainties.size() == 1);
  CHECK(r.uncertainties[0].vpc.address == "aws_vpc.main");
}

TEST_CASE("a route to the implicit main table names it as the builder does",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_route.r", {{"route_table_id", str("rtb-main")},
                        {"destination_cidr_block", str("0.0.0.0/0")},
                        {"gateway_id", unknown("aws_internet_gateway.igw.id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.routes.size() == 1);
  CHECK(r.routes[0].route_table.address == "aws_vpc.main/main-route-table");
  CHECK(r.routes[0].provenance.address == "aws_route.r");
}

}  // namespace
}  // namespace segproof::terraform

namespace segproof::terraform {
namespace {

using namespace testing;

TEST_CASE("gateway_id naming a NAT gateway routes to it, as the EC2 API does",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_route.private",
        {{"route_table_id", str("rtb-main")},
         {"destination_cidr_block", str("0.0.0.0/0")},
         {"gateway_id", unknown("aws_nat_gateway.nat.id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  INFO(diags.renderAll());
  CHECK(diags.diagnostics().empty());
  REQUIRE(r.routes.size() == 1);
  CHECK(r.routes[0].target == RouteTargetKind::kNatGateway);
  CHECK(r.routes[0].target_ref.address == "aws_nat_gateway.nat");
}

TEST_CASE("for lint, a route to a peering connection outside the configuration is kept",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_route_table.rt", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_route.shared", {{"route_table_id", unknown("aws_route_table.rt.id")},
                             {"destination_cidr_block", str("0.0.0.0/0")},
                             {"vpc_peering_connection_id", str("pcx-0123")}});
  for (bool keep : {false, true}) {
    DiagnosticEngine diags;
    aws::Resources out;
    out.keep_unplaced = keep;
    mapAwsResources(b.config, out, diags);
    auto shared = std::find_if(out.routes.begin(), out.routes.end(), [](const aws::RouteSpec& r) {
      return r.provenance.address == "aws_route.shared";
    });
    if (!keep) {
      CHECK(shared == out.routes.end());  // left out, with an unknown-value warning
      continue;
    }
    REQUIRE(shared != out.routes.end());
    CHECK(shared->target == K::kPeering);
    CHECK(shared->target_ref.address == "pcx-0123");
    CHECK(shared->target_ref.unknown);
  }
}

}  // namespace
}  // namespace segproof::terraform
