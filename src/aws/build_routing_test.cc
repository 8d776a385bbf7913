// ModelBuilder: internet gateways, gateways, peerings, route tables, routes.
#include <catch2/catch.hpp>

#include "aws/model_builder.h"
#include "aws/test_resources.h"

namespace segproof::aws {
namespace {

using namespace testing;

// basic() plus VPC "test" 10.1.0.0/16 (line 3) with subnet "test-a" (line 4)
// and route table "rt" in prod (line 5).
Resources twoVpcs() {
  Resources r = basic();
  r.vpcs.push_back(vpc("test", "10.1.0.0/16", 3));
  r.subnets.push_back(subnet("test-a", "test", "10.1.1.0/24", 4));
  r.route_tables.push_back(table("rt", "prod", 5));
  return r;
}

// The routes of table "rt" that are not local.
std::vector<Route> writtenRoutes(const Network& net) {
  std::vector<Route> out;
  for (const Route& route : named(net.route_tables, "rt").routes)
    if (route.target != RouteTargetKind::kLocal) out.push_back(route);
  return out;
}

TEST_CASE("an internet gateway attaches through its vpc field or an attachment",
          "[aws][gateways]") {
  Resources r = twoVpcs();
  r.internet_gateways.push_back(igw("prod-igw", "prod", 6));
  r.internet_gateways.push_back(igw("test-igw", "", 7));
  r.gateway_attachments.push_back({prov("att", 8), ref("test", 8), ref("test-igw", 8)});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK(net.at(named(net.vpcs, "prod").internet_gateway).name == "prod-igw");
  CHECK(net.at(named(net.vpcs, "test").internet_gateway).name == "test-igw");
  CHECK(net.at(named(net.internet_gateways, "test-igw").vpc).name == "test");
}

TEST_CASE("a detached internet gateway belongs to no VPC", "[aws][gateways]") {
  Resources r = basic();
  r.internet_gateways.push_back(igw("spare", "", 6));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK_FALSE(named(net.internet_gateways, "spare").vpc.valid());
  CHECK_FALSE(named(net.vpcs, "prod").internet_gateway.valid());
}

TEST_CASE("a VPC has at most one internet gateway, and it one VPC", "[aws][gateways]") {
  Resources r = twoVpcs();
  r.internet_gateways.push_back(igw("igw-1", "prod", 6));
  r.internet_gateways.push_back(igw("igw-2", "prod", 7));
  r.gateway_attachments.push_back({prov("att", 8), ref("test", 8), ref("igw-1", 8)});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:7:9: error[duplicate-internet-gateway]: VPC 'prod' already has internet "
        "gateway 'igw-1'; AWS attaches at most one per VPC\n"
        "net.yaml:8:3: error[duplicate-attachment]: internet gateway 'igw-1' is already "
        "attached to VPC 'prod'\n");
}

TEST_CASE("gateway attachments reach VPN gateways too", "[aws][gateways]") {
  Resources r = basic();
  r.gateways.push_back({prov("vgw", 6), "vgw", RouteTargetKind::kVpnGateway, {}, {}});
  r.gateway_attachments.push_back({prov("att", 7), ref("prod", 7), ref("vgw", 7)});
  r.gateway_attachments.push_back({prov("att", 8), ref("prod", 8), ref("nothing", 8)});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() == "net.yaml:8:9: error[unknown-reference]: unknown gateway 'nothing'\n");
  CHECK(net.at(named(net.gateways, "vgw").vpc).name == "prod");
}

TEST_CASE("a table marked main replaces the implicit main table", "[aws][route-tables]") {
  Resources r = basic();
  r.route_tables.push_back(table("main-rt", "prod", 5));
  r.route_tables[0].is_main = true;
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK(net.route_tables.size() == 1);
  CHECK(net.at(named(net.vpcs, "prod").main_route_table).name == "main-rt");
  CHECK(net.at(named(net.subnets, "web-a").route_table).name == "main-rt");
  CHECK(named(net.route_tables, "main-rt").routes.size() == 1);  // its local route
}

TEST_CASE("a main route table association moves the main role", "[aws][route-tables]") {
  Resources r = basic();
  r.route_tables.push_back(table("old-main", "prod", 5));
  r.route_tables[0].is_main = true;
  r.route_tables.push_back(table("new-main", "prod", 6));
  r.main_route_table_associations.push_back({prov("m", 7), ref("prod", 7), ref("new-main", 7)});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK(net.at(named(net.vpcs, "prod").main_route_table).name == "new-main");
  CHECK(named(net.route_tables, "new-main").is_main);
  CHECK_FALSE(named(net.route_tables, "old-main").is_main);
  CHECK(net.at(named(net.subnets, "web-a").route_table).name == "new-main");
}

TEST_CASE("one main route table per VPC, in the VPC", "[aws][route-tables]") {
  Resources r = twoVpcs();
  r.route_tables.push_back(table("m1", "prod", 6));
  r.route_tables.push_back(table("m2", "prod", 7));
  r.route_tables[1].is_main = true;
  r.route_tables[2].is_main = true;
  r.main_route_table_associations.push_back({prov("a", 8), ref("test", 8), ref("rt", 8)});
  r.main_route_table_associations.push_back({prov("b", 9), ref("prod", 9), ref("rt", 9)});
  r.main_route_table_associations.push_back({prov("c", 10), ref("prod", 10), ref("m1", 10)});
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:7:3: error[duplicate-main-route-table]: VPC 'prod' already has main route "
        "table 'm1' (defined at net.yaml:6:3)\n"
        "net.yaml:8:9: error[association-vpc-mismatch]: route table 'rt' belongs to VPC "
        "'prod', not to VPC 'test'\n"
        "net.yaml:10:3: error[duplicate-main-route-table]: VPC 'prod' already has main route "
        "table 'rt' by another association\n");
}

TEST_CASE("route targets resolve in the kind the route names", "[aws][routes]") {
  Resources r = twoVpcs();
  r.internet_gateways.push_back(igw("prod-igw", "prod", 6));
  r.nat_gateways.push_back({prov("nat", 7), "nat", ref("web-a", 7), true, {}, {}, {}, {}});
  r.peerings.push_back({prov("pcx", 8), "pcx", ref("prod", 8), ref("test", 8), true, {}});
  r.gateways.push_back({prov("vgw", 9), "vgw", RouteTargetKind::kVpnGateway, ref("prod", 9), {}});
  r.gateways.push_back({prov("tgw", 9), "tgw", RouteTargetKind::kTransitGateway, {}, {}});
  r.instances.push_back(instance("fw", "web-a", 10));
  r.network_interfaces.push_back(eni("fw-eni", "web-a", 11));
  r.routes = {route("rt", "0.0.0.0/0", RouteTargetKind::kInternetGateway, "prod-igw", 12),
              route("rt", "10.8.0.0/16", RouteTargetKind::kNatGateway, "nat", 13),
              route("rt", "10.1.0.0/16", RouteTargetKind::kPeering, "pcx", 14),
              route("rt", "192.168.0.0/16", RouteTargetKind::kVpnGateway, "vgw", 15),
              route("rt", "172.16.0.0/12", RouteTargetKind::kNetworkInterface, "fw", 16),
              route("rt", "172.31.0.0/16", RouteTargetKind::kNetworkInterface, "fw-eni", 17),
              route("rt", "10.9.0.0/16", RouteTargetKind::kBlackhole, "", 18),
              route("rt", "100.64.0.0/10", RouteTargetKind::kOther, "tgw", 19)};
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  std::vector<Route> routes = writtenRoutes(net);
  REQUIRE(routes.size() == 8);
  CHECK(net.at(routes[0].internet_gateway).name == "prod-igw");
  CHECK(net.at(routes[1].nat_gateway).name == "nat");
  CHECK(net.at(routes[2].peering).name == "pcx");
  CHECK(net.at(routes[3].gateway).name == "vgw");
  CHECK(net.at(routes[4].interface).name == "fw");  // the instance's primary interface
  CHECK(net.at(routes[5].interface).name == "fw-eni");
  CHECK(routes[6].target == RouteTargetKind::kBlackhole);
  CHECK(routes[6].provenance.location.str() == "net.yaml:18:3");
  CHECK(routes[7].target == RouteTargetKind::kTransitGateway);  // the gateway's own kind
}

TEST_CASE("an unknown or missing route target is an error", "[aws][routes]") {
  Resources r = twoVpcs();
  r.routes = {route("rt", "0.0.0.0/0", RouteTargetKind::kNatGateway, "nat-x", 6),
              route("rt", "10.7.0.0/16", RouteTargetKind::kInternetGateway, "", 7),
              route("nope", "10.8.0.0/16", RouteTargetKind::kBlackhole, "", 8)};
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:6:9: error[unknown-reference]: unknown NAT gateway 'nat-x'\n"
        "net.yaml:7:3: error[missing-reference]: route names no internet gateway\n"
        "net.yaml:8:9: error[unknown-reference]: unknown route table 'nope'\n");
}

TEST_CASE("a route target of another VPC is an error", "[aws][routes]") {
  Resources r = twoVpcs();
  r.internet_gateways.push_back(igw("test-igw", "test", 6));
  r.internet_gateways.push_back(igw("loose-igw", "", 7));
  r.nat_gateways.push_back(
      {prov("test-nat", 8), "test-nat", ref("test-a", 8), true, {}, {}, {}, {}});
  r.gateways.push_back({prov("vgw", 9), "vgw", RouteTargetKind::kVpnGateway, ref("test", 9), {}});
  r.routes = {route("rt", "0.0.0.0/0", RouteTargetKind::kInternetGateway, "test-igw", 10),
              route("rt", "10.5.0.0/16", RouteTargetKind::kInternetGateway, "loose-igw", 11),
              route("rt", "10.6.0.0/16", RouteTargetKind::kNatGateway, "test-nat", 12),
              route("rt", "10.7.0.0/16", RouteTargetKind::kVpnGateway, "vgw", 13)};
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:10:9: error[route-target-vpc-mismatch]: route target internet gateway "
        "'test-igw' belongs to VPC 'test', not to VPC 'prod' of route table 'rt'\n"
        "net.yaml:11:9: error[route-target-vpc-mismatch]: route target internet gateway "
        "'loose-igw' is not attached to VPC 'prod' of route table 'rt'\n"
        "net.yaml:12:9: error[route-target-vpc-mismatch]: route target NAT gateway 'test-nat' "
        "belongs to VPC 'test', not to VPC 'prod' of route table 'rt'\n"
        "net.yaml:13:9: error[route-target-vpc-mismatch]: route target VPN gateway 'vgw' "
        "belongs to VPC 'test', not to VPC 'prod' of route table 'rt'\n");
  CHECK(writtenRoutes(net).empty());
}

TEST_CASE("a route through a peering needs the peering to touch the table's VPC", "[aws][routes]") {
  Resources r = twoVpcs();
  r.vpcs.push_back(vpc("dev", "10.2.0.0/16", 6));
  r.peerings.push_back({prov("test-dev", 7), "test-dev", ref("test", 7), ref("dev", 7), true, {}});
  r.routes = {route("rt", "10.2.0.0/16", RouteTargetKind::kPeering, "test-dev", 8)};
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:8:9: error[route-target-vpc-mismatch]: route target peering connection "
        "'test-dev' does not connect VPC 'prod' of route table 'rt'\n");
}

TEST_CASE("a route naming a gateway kind needs a gateway of that kind", "[aws][routes]") {
  Resources r = twoVpcs();
  r.gateways.push_back({prov("tgw", 6), "tgw", RouteTargetKind::kTransitGateway, {}, {}});
  r.routes = {route("rt", "10.2.0.0/16", RouteTargetKind::kVpnGateway, "tgw", 7)};
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:7:9: error[route-target-mismatch]: 'tgw' is a transit gateway, not a VPN "
        "gateway\n");
}

TEST_CASE("one route per destination in a table", "[aws][routes]") {
  Resources r = twoVpcs();
  r.routes = {route("rt", "10.9.0.0/16", RouteTargetKind::kBlackhole, "", 6),
              route("rt", "10.9.0.0/16", RouteTargetKind::kBlackhole, "", 7),
              route("rt", "10.0.0.0/16", RouteTargetKind::kBlackhole, "", 8)};
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:7:3: error[duplicate-route]: route table 'rt' already has a route to "
        "10.9.0.0/16 (at net.yaml:6:3)\n"
        "net.yaml:8:3: error[duplicate-route]: route table 'rt' already has a route to "
        "10.0.0.0/16 (at net.yaml:5:3)\n");
}

TEST_CASE("a written local route is the implicit one", "[aws][routes]") {
  Resources r = twoVpcs();
  r.routes = {route("rt", "10.0.0.0/16", RouteTargetKind::kLocal, "", 6)};
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK(named(net.route_tables, "rt").routes.size() == 1);
}

TEST_CASE("the local route may be sent through an appliance interface", "[aws][routes]") {
  Resources r = twoVpcs();
  r.network_interfaces.push_back(eni("fw-eni", "web-a", 6));
  r.routes = {route("rt", "10.0.0.0/16", RouteTargetKind::kNetworkInterface, "fw-eni", 7)};
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const RouteTable& rt = named(net.route_tables, "rt");
  REQUIRE(rt.routes.size() == 1);
  CHECK(rt.routes[0].target == RouteTargetKind::kNetworkInterface);
  CHECK(net.at(rt.routes[0].interface).name == "fw-eni");
}

TEST_CASE("a route goes to a CIDR or to a prefix list", "[aws][routes]") {
  Resources r = twoVpcs();
  r.prefix_lists.push_back({prov("s3", 6), "s3", {}, false});
  r.gateways.push_back(
      {prov("s3-endpoint", 7), "s3-endpoint", RouteTargetKind::kVpcEndpoint, ref("prod", 7), {}});
  RouteSpec by_list = route("rt", "", RouteTargetKind::kVpcEndpoint, "s3-endpoint", 8);
  by_list.destination.reset();
  by_list.destination_prefix_list = ref("s3", 8);
  RouteSpec both = by_list;
  both.destination = text("10.3.0.0/16", 9);
  both.provenance = prov("rt", 9);
  RouteSpec neither = by_list;
  neither.destination_prefix_list = {};
  neither.provenance = prov("rt", 10);
  r.routes = {by_list, both, neither};
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:9:3: error[invalid-destination]: route needs exactly one destination: a CIDR "
        "or a prefix list\n"
        "net.yaml:10:3: error[invalid-destination]: route needs exactly one destination: a "
        "CIDR or a prefix list\n");
  std::vector<Route> routes = writtenRoutes(net);
  REQUIRE(routes.size() == 1);
  CHECK(net.at(routes[0].destination_prefix_list).name == "s3");
  CHECK(routes[0].target == RouteTargetKind::kVpcEndpoint);
}

TEST_CASE("peerings keep their sides and status", "[aws][peerings]") {
  Resources r = twoVpcs();
  r.peerings.push_back({prov("pcx", 6), "pcx", ref("prod", 6), ref("test", 6), false, {}});
  r.peerings.push_back({prov("bad", 7), "bad", ref("prod", 7), {}, true, {}});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:7:3: error[missing-reference]: peering 'bad' names no accepter VPC\n");
  const Peering& pcx = named(net.peerings, "pcx");
  CHECK(net.at(pcx.requester).name == "prod");
  CHECK(net.at(pcx.accepter).name == "test");
  CHECK_FALSE(pcx.active);
}

}  // namespace
}  // namespace segproof::aws
