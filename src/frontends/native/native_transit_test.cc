// The native format's transit gateways: attachments, route tables, routes,
// associations and propagations nested under the gateway they belong to.
#include <catch2/catch.hpp>

#include "aws/model_builder.h"
#include "frontends/native/native_frontend.h"
#include "frontends/native/native_test_util.h"

namespace segproof {
namespace {

using testing::load;
using testing::problems;

const char kHubAndSpoke[] =
    "transit_gateways:\n"
    "  - name: tgw\n"
    "    default_association: false\n"
    "    default_propagation: false\n"
    "    tags: {Role: hub}\n"
    "    attachments:\n"
    "      - name: prod-att\n"
    "        vpc: prod\n"
    "        subnets: [prod-tgw-a, prod-tgw-b]\n"
    "        appliance_mode: true\n"
    "        default_association: false\n"
    "        default_propagation: false\n"
    "        tags: {Env: prod}\n"
    "      - {name: shared-att, vpc: shared, subnets: [shared-tgw-a]}\n"
    "      - {name: egress-att, kind: vpc, vpc: egress, subnets: [egress-tgw-a]}\n"
    "      - {name: to-eu, peer: tgw-eu, active: false}\n"
    "      - {name: vpn-att, kind: vpn}\n"
    "    route_tables:\n"
    "      - name: spokes\n"
    "        associations: [prod-att]\n"
    "        propagations: [shared-att, vpn-att]\n"
    "        tags: {Table: spokes}\n"
    "        routes:\n"
    "          - {destination: 0.0.0.0/0, attachment: egress-att}\n"
    "          - {destination: 10.9.0.0/16, blackhole: true}\n"
    "          - {prefix_list: corp, attachment: vpn-att}\n"
    "      - name: shared\n"
    "        associations: [shared-att, egress-att]\n"
    "        propagations: [prod-att]\n";

TEST_CASE("a hub-and-spoke transit gateway", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(kHubAndSpoke, diags);
  REQUIRE(diags.renderAll() == "");

  REQUIRE(r.transit_gateways.size() == 1);
  const aws::TransitGatewaySpec& tgw = r.transit_gateways[0];
  CHECK(tgw.name == "tgw");
  CHECK(tgw.provenance.address == "tgw");
  CHECK(tgw.provenance.location.str() == "net.yaml:3:5");
  CHECK_FALSE(tgw.default_association);
  CHECK_FALSE(tgw.default_propagation);
  CHECK_FALSE(tgw.default_route_table.given());
  CHECK(tgw.tags.at("Role") == "hub");

  REQUIRE(r.transit_gateway_attachments.size() == 5);
  const aws::TransitGatewayAttachmentSpec& prod = r.transit_gateway_attachments[0];
  CHECK(prod.name == "prod-att");
  CHECK(prod.provenance.location.str() == "net.yaml:8:9");
  CHECK(prod.kind == TgwAttachmentKind::kVpc);
  CHECK(prod.transit_gateway.address == "tgw");
  CHECK(prod.vpc.address == "prod");
  CHECK(prod.vpc.location.str() == "net.yaml:9:14");
  REQUIRE(prod.subnets.size() == 2);
  CHECK(prod.subnets[1].address == "prod-tgw-b");
  CHECK(prod.appliance_mode);
  CHECK_FALSE(prod.default_association);
  CHECK_FALSE(prod.default_propagation);
  CHECK(prod.tags.at("Env") == "prod");
  const aws::TransitGatewayAttachmentSpec& shared = r.transit_gateway_attachments[1];
  CHECK(shared.kind == TgwAttachmentKind::kVpc);
  CHECK_FALSE(shared.appliance_mode);
  CHECK(shared.default_association);
  CHECK(shared.default_propagation);
  CHECK(r.transit_gateway_attachments[2].kind == TgwAttachmentKind::kVpc);
  const aws::TransitGatewayAttachmentSpec& peering = r.transit_gateway_attachments[3];
  CHECK(peering.kind == TgwAttachmentKind::kPeering);
  CHECK(peering.transit_gateway.address == "tgw");
  CHECK(peering.peer_transit_gateway.address == "tgw-eu");
  CHECK_FALSE(peering.active);
  CHECK_FALSE(peering.vpc.given());
  const aws::TransitGatewayAttachmentSpec& vpn = r.transit_gateway_attachments[4];
  CHECK(vpn.kind == TgwAttachmentKind::kOther);
  CHECK(vpn.transit_gateway.address == "tgw");
  CHECK(vpn.subnets.empty());

  REQUIRE(r.transit_gateway_route_tables.size() == 2);
  const aws::TransitGatewayRouteTableSpec& spokes = r.transit_gateway_route_tables[0];
  CHECK(spokes.name == "spokes");
  CHECK(spokes.provenance.location.str() == "net.yaml:20:9");
  CHECK(spokes.transit_gateway.address == "tgw");
  CHECK_FALSE(spokes.is_default);
  CHECK(spokes.tags.at("Table") == "spokes");
  CHECK(r.transit_gateway_route_tables[1].name == "shared");

  REQUIRE(r.transit_gateway_routes.size() == 3);
  const aws::TransitGatewayRouteSpec& to_egress = r.transit_gateway_routes[0];
  CHECK(to_egress.route_table.address == "spokes");
  CHECK(to_egress.provenance.address == "spokes.routes[0]");
  CHECK(to_egress.provenance.location.str() == "net.yaml:25:13");
  CHECK(to_egress.destination->value == "0.0.0.0/0");
  CHECK(to_egress.attachment.address == "egress-att");
  CHECK_FALSE(to_egress.blackhole);
  const aws::TransitGatewayRouteSpec& drop = r.transit_gateway_routes[1];
  CHECK(drop.blackhole);
  CHECK_FALSE(drop.attachment.given());
  CHECK(drop.destination->value == "10.9.0.0/16");
  const aws::TransitGatewayRouteSpec& corp = r.transit_gateway_routes[2];
  CHECK_FALSE(corp.destination.has_value());
  CHECK(corp.destination_prefix_list.address == "corp");
  CHECK(corp.attachment.address == "vpn-att");
  CHECK(corp.provenance.address == "spokes.routes[2]");

  REQUIRE(r.transit_gateway_associations.size() == 3);
  const aws::TransitGatewayTableLinkSpec& association = r.transit_gateway_associations[0];
  CHECK(association.attachment.address == "prod-att");
  CHECK(association.attachment.location.str() == "net.yaml:21:24");
  CHECK(association.route_table.address == "spokes");
  CHECK(association.provenance.address == "spokes");
  CHECK(association.provenance.location.str() == "net.yaml:21:24");
  CHECK(r.transit_gateway_associations[2].attachment.address == "egress-att");
  CHECK(r.transit_gateway_associations[2].route_table.address == "shared");
  REQUIRE(r.transit_gateway_propagations.size() == 3);
  CHECK(r.transit_gateway_propagations[1].attachment.address == "vpn-att");
  CHECK(r.transit_gateway_propagations[1].route_table.address == "spokes");
  CHECK(r.transit_gateway_propagations[2].attachment.address == "prod-att");
  CHECK(r.transit_gateway_propagations[2].route_table.address == "shared");
}

TEST_CASE("a transit gateway's defaults", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load("transit_gateways:\n  - name: tgw\n", diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.transit_gateways.size() == 1);
  CHECK(r.transit_gateways[0].default_association);
  CHECK(r.transit_gateways[0].default_propagation);
  CHECK(r.transit_gateways[0].tags.empty());
  CHECK(r.transit_gateway_attachments.empty());
  CHECK(r.transit_gateway_route_tables.empty());
}

TEST_CASE("attachments that lead out of the model", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "transit_gateways:\n"
      "  - name: tgw\n"
      "    attachments:\n"
      "      - {name: a, kind: vpn}\n"
      "      - {name: b, kind: direct-connect, default_propagation: false}\n"
      "      - {name: c, kind: connect}\n"
      "      - {name: d, kind: other}\n"
      "      - {name: e, kind: peering, peer: tgw-us}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.transit_gateway_attachments.size() == 5);
  for (size_t i = 0; i < 4; ++i) {
    INFO(i);
    CHECK(r.transit_gateway_attachments[i].kind == TgwAttachmentKind::kOther);
  }
  CHECK_FALSE(r.transit_gateway_attachments[1].default_propagation);
  CHECK(r.transit_gateway_attachments[4].kind == TgwAttachmentKind::kPeering);
  CHECK(r.transit_gateway_attachments[4].active);
}

TEST_CASE("the default route table of a transit gateway", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "transit_gateways:\n"
      "  - name: tgw\n"
      "    route_tables:\n"
      "      - default: true\n"
      "        associations: [a]\n"
      "        routes: [{destination: 0.0.0.0/0, attachment: a}]\n"
      "  - name: tgw2\n"
      "    route_tables:\n"
      "      - {name: main, default: true}\n"
      "      - {name: other, default: false}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.transit_gateways.size() == 2);
  REQUIRE(r.transit_gateway_route_tables.size() == 3);
  const aws::TransitGatewayRouteTableSpec& implicit = r.transit_gateway_route_tables[0];
  CHECK(implicit.name == "tgw/default-route-table");
  CHECK(implicit.provenance.address == "tgw/default-route-table");
  CHECK(implicit.is_default);
  CHECK(implicit.transit_gateway.address == "tgw");
  CHECK(r.transit_gateways[0].default_route_table.address == "tgw/default-route-table");
  CHECK(r.transit_gateways[0].default_route_table.location.str() == "net.yaml:5:18");
  REQUIRE(r.transit_gateway_routes.size() == 1);
  CHECK(r.transit_gateway_routes[0].route_table.address == "tgw/default-route-table");
  CHECK(r.transit_gateway_routes[0].provenance.address == "tgw/default-route-table.routes[0]");
  REQUIRE(r.transit_gateway_associations.size() == 1);
  CHECK(r.transit_gateway_associations[0].route_table.address == "tgw/default-route-table");
  CHECK(r.transit_gateway_route_tables[1].name == "main");
  CHECK(r.transit_gateway_route_tables[1].is_default);
  CHECK(r.transit_gateway_route_tables[1].transit_gateway.address == "tgw2");
  CHECK(r.transit_gateways[1].default_route_table.address == "main");
  CHECK_FALSE(r.transit_gateway_route_tables[2].is_default);
}

TEST_CASE("a transit gateway has one default route table", "[frontends][native]") {
  CHECK(problems("transit_gateways:\n"
                 "  - name: tgw\n"
                 "    route_tables:\n"
                 "      - {default: true}\n"
                 "      - {name: b, default: true}\n") ==
        "net.yaml:6:28: error[invalid-value]: transit gateway 'tgw' already has a default route "
        "table, 'tgw/default-route-table'\n"
        "        - {name: b, default: true}\n"
        "                             ^\n");
}

TEST_CASE("VPC routes name a transit gateway of the model", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "transit_gateways:\n"
      "  - name: tgw\n"
      "route_tables:\n"
      "  - name: rt\n"
      "    vpc: prod\n"
      "    routes: [{destination: 10.0.0.0/8, transit_gateway: tgw}]\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.routes.size() == 1);
  CHECK(r.routes[0].target == RouteTargetKind::kTransitGateway);
  CHECK(r.routes[0].target_ref.address == "tgw");
  CHECK(r.routes[0].target_ref.address == r.transit_gateways.at(0).name);
  CHECK(r.routes[0].target_ref.location.str() == "net.yaml:7:57");
}

TEST_CASE("transit gateway keys are checked", "[frontends][native]") {
  CHECK(problems("transit_gateways:\n  - {name: tgw, atachments: []}\n") ==
        "net.yaml:3:17: error[unknown-key]: unknown key 'atachments' in transit gateway (did you "
        "mean 'attachments'?)\n"
        "    - {name: tgw, atachments: []}\n"
        "                  ^\n");
  CHECK(problems("transit_gateways:\n  - {default_association: true}\n") ==
        "net.yaml:3:5: error[missing-key]: missing key 'name' in transit gateway\n"
        "    - {default_association: true}\n"
        "      ^\n");
  CHECK(problems("transit_gateways:\n  - {name: tgw, default_propagation: sometimes}\n") ==
        "net.yaml:3:38: error[invalid-value]: expected true or false for 'default_propagation' "
        "in transit gateway\n"
        "    - {name: tgw, default_propagation: sometimes}\n"
        "                                       ^\n");
  CHECK(problems("transit_gateways:\n  - {name: tgw, attachments: {name: a}}\n") ==
        "net.yaml:3:30: error[invalid-value]: expected a list for 'attachments' in transit "
        "gateway\n"
        "    - {name: tgw, attachments: {name: a}}\n"
        "                               ^\n");
  CHECK(problems("transit_gateways:\n  - {name: tgw, route_tables: [spokes]}\n") ==
        "net.yaml:3:32: error[invalid-value]: expected a mapping for each item of "
        "'route_tables' in transit gateway\n"
        "    - {name: tgw, route_tables: [spokes]}\n"
        "                                 ^\n");
  CHECK(problems("transit_gateways: [tgw]\n") ==
        "net.yaml:2:20: error[invalid-value]: expected a mapping for each item of "
        "'transit_gateways' in model\n"
        "  transit_gateways: [tgw]\n"
        "                     ^\n");
}

TEST_CASE("a transit gateway with an error is left out", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "transit_gateways:\n"
      "  - name: tgw\n"
      "    attachments: [{name: a, kind: vpn}, {name: b, kind: wire}]\n",
      diags);
  CHECK(diags.hasErrors());
  CHECK(r.transit_gateways.empty());
  CHECK(r.transit_gateway_attachments.size() == 1);
}

std::string attachment(const std::string& item) {
  return "transit_gateways:\n  - name: tgw\n    attachments:\n      - " + item + "\n";
}

TEST_CASE("an attachment's kind and the keys of its kind", "[frontends][native]") {
  CHECK(problems(attachment("{name: a}")) ==
        "net.yaml:5:9: error[missing-key]: missing key 'vpc', 'peer' or 'kind' in transit "
        "gateway attachment\n"
        "        - {name: a}\n"
        "          ^\n");
  CHECK(problems(attachment("{vpc: prod, subnets: [s]}")) ==
        "net.yaml:5:9: error[missing-key]: missing key 'name' in transit gateway attachment\n"
        "        - {vpc: prod, subnets: [s]}\n"
        "          ^\n");
  CHECK(problems(attachment("{name: a, vpc: prod, peer: tgw-eu, subnets: [s]}")) ==
        "net.yaml:5:30: error[conflicting-keys]: 'vpc' and 'peer' cannot both be given in "
        "transit gateway attachment\n"
        "        - {name: a, vpc: prod, peer: tgw-eu, subnets: [s]}\n"
        "                               ^\n");
  CHECK(problems(attachment("{name: a, kind: vpg}")) ==
        "net.yaml:5:25: error[invalid-value]: expected vpc, peering, vpn, direct-connect, "
        "connect or other for 'kind' in transit gateway attachment\n"
        "        - {name: a, kind: vpg}\n"
        "                          ^\n");
  CHECK(problems(attachment("{name: a, kind: {x: y}}")) ==
        "net.yaml:5:25: error[invalid-value]: expected a string for 'kind' in transit gateway "
        "attachment\n"
        "        - {name: a, kind: {x: y}}\n"
        "                          ^\n");
  CHECK(problems(attachment("{name: a, vpc: prod}")) ==
        "net.yaml:5:9: error[missing-key]: missing key 'subnets' in transit gateway attachment\n"
        "        - {name: a, vpc: prod}\n"
        "          ^\n");
  CHECK(problems(attachment("{name: a, kind: peering}")) ==
        "net.yaml:5:9: error[missing-key]: missing key 'peer' in transit gateway attachment\n"
        "        - {name: a, kind: peering}\n"
        "          ^\n");
  CHECK(problems(attachment("{name: a, peer: tgw-eu, subnets: [s], appliance_mode: true}")) ==
        "net.yaml:5:42: error[invalid-value]: 'subnets' does not apply to a peering attachment "
        "in transit gateway attachment\n"
        "        - {name: a, peer: tgw-eu, subnets: [s], appliance_mode: true}\n"
        "                                           ^\n"
        "net.yaml:5:63: error[invalid-value]: 'appliance_mode' does not apply to a peering "
        "attachment in transit gateway attachment\n"
        "        - {name: a, peer: tgw-eu, subnets: [s], appliance_mode: true}\n"
        "                                                                ^\n");
  CHECK(problems(attachment("{name: a, kind: vpn, vpc: prod, active: true}")) ==
        "net.yaml:5:35: error[invalid-value]: 'vpc' does not apply to a vpn attachment in "
        "transit gateway attachment\n"
        "        - {name: a, kind: vpn, vpc: prod, active: true}\n"
        "                                    ^\n"
        "net.yaml:5:49: error[invalid-value]: 'active' does not apply to a vpn attachment in "
        "transit gateway attachment\n"
        "        - {name: a, kind: vpn, vpc: prod, active: true}\n"
        "                                                  ^\n");
  CHECK(problems(attachment("{name: a, kind: vpc, vpc: p, subnets: s, apliance_mode: true}")) ==
        "net.yaml:5:50: error[unknown-key]: unknown key 'apliance_mode' in transit gateway "
        "attachment (did you mean 'appliance_mode'?)\n"
        "        - {name: a, kind: vpc, vpc: p, subnets: s, apliance_mode: true}\n"
        "                                                   ^\n"
        "net.yaml:5:47: error[invalid-value]: expected a list for 'subnets' in transit gateway "
        "attachment\n"
        "        - {name: a, kind: vpc, vpc: p, subnets: s, apliance_mode: true}\n"
        "                                                ^\n");
  CHECK(problems(attachment("{name: a, peer: [tgw-eu], active: yes please}")) ==
        "net.yaml:5:25: error[invalid-value]: expected a string for 'peer' in transit gateway "
        "attachment\n"
        "        - {name: a, peer: [tgw-eu], active: yes please}\n"
        "                          ^\n"
        "net.yaml:5:43: error[invalid-value]: expected true or false for 'active' in transit "
        "gateway attachment\n"
        "        - {name: a, peer: [tgw-eu], active: yes please}\n"
        "                                            ^\n");
}

std::string table(const std::string& item) {
  return "transit_gateways:\n  - name: tgw\n    route_tables:\n      - " + item + "\n";
}

TEST_CASE("a VPC attachment's IPv6 support", "[frontends][native][ipv6]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "transit_gateways:\n"
      "  - name: tgw\n"
      "    attachments:\n"
      "      - {name: dual, vpc: prod, subnets: [a], ipv6_support: true}\n"
      "      - {name: v4, vpc: prod, subnets: [a]}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.transit_gateway_attachments.size() == 2);
  CHECK(r.transit_gateway_attachments[0].ipv6_support);
  CHECK_FALSE(r.transit_gateway_attachments[1].ipv6_support);
  CHECK(problems(attachment("{name: p, peer: tgw-eu, ipv6_support: true}")) ==
        "net.yaml:5:47: error[invalid-value]: 'ipv6_support' does not apply to a peering "
        "attachment in transit gateway attachment\n"
        "        - {name: p, peer: tgw-eu, ipv6_support: true}\n"
        "                                                ^\n");
}

TEST_CASE("transit gateway route tables are checked", "[frontends][native]") {
  CHECK(problems(table("{associations: [a]}")) ==
        "net.yaml:5:9: error[missing-key]: missing key 'name' in transit gateway route table\n"
        "        - {associations: [a]}\n"
        "          ^\n");
  CHECK(problems(table("{default: false}")) ==
        "net.yaml:5:9: error[missing-key]: missing key 'name' in transit gateway route table\n"
        "        - {default: false}\n"
        "          ^\n");
  CHECK(problems(table("{name: t, asociations: [a]}")) ==
        "net.yaml:5:19: error[unknown-key]: unknown key 'asociations' in transit gateway route "
        "table (did you mean 'associations'?)\n"
        "        - {name: t, asociations: [a]}\n"
        "                    ^\n");
  CHECK(problems(table("{name: t, propagations: a, default: maybe}")) ==
        "net.yaml:5:45: error[invalid-value]: expected true or false for 'default' in transit "
        "gateway route table\n"
        "        - {name: t, propagations: a, default: maybe}\n"
        "                                              ^\n"
        "net.yaml:5:33: error[invalid-value]: expected a list for 'propagations' in transit "
        "gateway route table\n"
        "        - {name: t, propagations: a, default: maybe}\n"
        "                                  ^\n");
  CHECK(problems(table("{name: [t]}")) ==
        "net.yaml:5:16: error[invalid-value]: expected a string for 'name' in transit gateway "
        "route table\n"
        "        - {name: [t]}\n"
        "                 ^\n");
}

std::string route(const std::string& item) {
  return "transit_gateways:\n  - name: tgw\n    route_tables:\n      - name: t\n"
         "        routes:\n          - " +
         item + "\n";
}

TEST_CASE("a transit gateway route has one destination and one target", "[frontends][native]") {
  CHECK(problems(route("{destination: 10.0.0.0/8, attachment: a, blackhole: true}")) ==
        "net.yaml:7:54: error[conflicting-keys]: 'attachment' and 'blackhole' cannot both be "
        "given in transit gateway route\n"
        "            - {destination: 10.0.0.0/8, attachment: a, blackhole: true}\n"
        "                                                       ^\n");
  CHECK(problems(route("{destination: 10.0.0.0/8}")) ==
        "net.yaml:7:13: error[missing-key]: missing key 'attachment' (or 'blackhole') in transit "
        "gateway route\n"
        "            - {destination: 10.0.0.0/8}\n"
        "              ^\n");
  CHECK(problems(route("{attachment: a}")) ==
        "net.yaml:7:13: error[missing-key]: missing key 'destination' (or 'prefix_list') in "
        "transit gateway route\n"
        "            - {attachment: a}\n"
        "              ^\n");
  CHECK(problems(route("{destination: 10.0.0.0/8, prefix_list: corp, attachment: a}")) ==
        "net.yaml:7:39: error[conflicting-keys]: 'destination' and 'prefix_list' cannot both be "
        "given in transit gateway route\n"
        "            - {destination: 10.0.0.0/8, prefix_list: corp, attachment: a}\n"
        "                                        ^\n");
  CHECK(problems(route("{destination: 10.0.0.0/8, blackhole: false}")) ==
        "net.yaml:7:50: error[invalid-value]: expected true for 'blackhole' in transit gateway "
        "route\n"
        "            - {destination: 10.0.0.0/8, blackhole: false}\n"
        "                                                   ^\n");
  CHECK(problems(route("{destination: 10.0.0.0/8, attachment: [a], via: b}")) ==
        "net.yaml:7:56: error[unknown-key]: unknown key 'via' in transit gateway route (allowed "
        "keys: destination, prefix_list, attachment, blackhole)\n"
        "            - {destination: 10.0.0.0/8, attachment: [a], via: b}\n"
        "                                                         ^\n"
        "net.yaml:7:51: error[invalid-value]: expected a string for 'attachment' in transit "
        "gateway route\n"
        "            - {destination: 10.0.0.0/8, attachment: [a], via: b}\n"
        "                                                    ^\n");
  DiagnosticEngine diags;
  aws::Resources r = load(route("{destination: [10.0.0.0/8], attachment: a}"), diags);
  CHECK(diags.hasErrors());
  CHECK(r.transit_gateway_routes.empty());
}

TEST_CASE("the documented transit gateway example reads without diagnostics",
          "[frontends][native]") {
  std::string example = testing::documentedExample(1);  // the second ```yaml block
  REQUIRE_FALSE(example.empty());
  DiagnosticEngine diags;
  diags.addSource("transit.yaml", example);
  aws::Resources r;
  NativeFrontend().load("transit.yaml", example, r, diags);
  CHECK(diags.renderAll() == "");
  CHECK(r.transit_gateways.size() == 2);
  CHECK_FALSE(r.transit_gateway_attachments.empty());
  CHECK_FALSE(r.transit_gateway_routes.empty());
}

const TgwRouteTable& tgwTable(const Network& net, const std::string& name) {
  for (const TgwRouteTable& table : net.tgw_route_tables)
    if (table.name == name) return table;
  FAIL("no transit gateway route table " << name);
  return net.tgw_route_tables.front();
}

TEST_CASE("the documented transit gateway example builds with its VPCs", "[frontends][native]") {
  std::string example = testing::documentedExample(1);
  REQUIRE_FALSE(example.empty());
  example +=
      "vpcs:\n"
      "  - {name: prod, cidr: 10.0.0.0/16}\n"
      "  - {name: shared, cidr: 10.1.0.0/16}\n"
      "  - {name: egress, cidr: 10.2.0.0/16}\n"
      "subnets:\n"
      "  - {name: prod-tgw-a, vpc: prod, cidr: 10.0.0.0/28, availability_zone: eu-west-1a}\n"
      "  - {name: prod-tgw-b, vpc: prod, cidr: 10.0.0.16/28, availability_zone: eu-west-1b}\n"
      "  - {name: shared-tgw-a, vpc: shared, cidr: 10.1.0.0/28, availability_zone: eu-west-1a}\n"
      "  - {name: egress-tgw-a, vpc: egress, cidr: 10.2.0.0/28, availability_zone: eu-west-1a}\n"
      "prefix_lists:\n"
      "  - {name: corp, entries: [192.168.0.0/16]}\n"
      "route_tables:\n"
      "  - {name: prod-main, vpc: prod, main: true,\n"
      "     routes: [{destination: 10.0.0.0/8, transit_gateway: tgw}]}\n";
  DiagnosticEngine diags;
  diags.addSource("transit.yaml", example);
  aws::Resources r;
  NativeFrontend().load("transit.yaml", example, r, diags);
  Network net = aws::buildNetwork(r, diags);
  CHECK_FALSE(diags.hasErrors());
  INFO(diags.renderAll());
  REQUIRE(net.transit_gateways.size() == 2);
  CHECK(tgwTable(net, "tgw/default-route-table").is_default);
  CHECK_FALSE(tgwTable(net, "spokes").is_default);
  CHECK_FALSE(tgwTable(net, "eu-main").is_default);
  // tgw-eu enables neither default, so AWS gives it no default route table.
  for (const TgwRouteTable& table : net.tgw_route_tables)
    CHECK(table.name != "tgw-eu/default-route-table");
  CHECK(net.tgw_attachments.size() == 5);
  // The VPC route's transit_gateway names the transit gateway element.
  for (const RouteTable& table : net.route_tables) {
    if (table.name != "prod-main") continue;
    bool routed = false;
    for (const Route& route : table.routes)
      routed =
          routed || (route.transit_gateway.valid() && net.at(route.transit_gateway).name == "tgw");
    CHECK(routed);
  }
}

}  // namespace
}  // namespace segproof
