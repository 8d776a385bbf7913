// Transit gateways, their attachments, route tables and routes from
// Terraform resources.
#include <catch2/catch.hpp>

#include "frontends/terraform/mapping/mapping_test_util.h"

namespace segproof::terraform {
namespace {

using namespace testing;
using A = TgwAttachmentKind;

// Resources 0-5: two VPCs with a subnet each, a route table, a transit gateway.
ConfigBuilder network() {
  ConfigBuilder b;
  b.add("aws_vpc.a", {{"cidr_block", str("10.0.0.0/16")}});
  b.add("aws_vpc.b", {{"cidr_block", str("10.1.0.0/16")}});
  b.add("aws_subnet.a", {{"vpc_id", unknown("aws_vpc.a.id")}, {"cidr_block", str("10.0.1.0/24")}});
  b.add("aws_subnet.b", {{"vpc_id", unknown("aws_vpc.b.id")}, {"cidr_block", str("10.1.1.0/24")}});
  b.add("aws_route_table.a", {{"vpc_id", unknown("aws_vpc.a.id")}});
  b.add("aws_ec2_transit_gateway.hub", {{"id", str("tgw-hub")}});
  return b;
}

TEST_CASE("transit gateways and their VPC attachments", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_ec2_transit_gateway.quiet", {{"default_route_table_association", str("disable")},
                                          {"default_route_table_propagation", str("disable")},
                                          {"tags", object({{"Name", str("quiet")}})}});
  b.add("aws_ec2_transit_gateway_vpc_attachment.a",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"vpc_id", unknown("aws_vpc.a.id")},
         {"subnet_ids", list({unknown("aws_subnet.a.id")})},
         {"appliance_mode_support", str("enable")},
         {"ipv6_support", str("enable")}});
  b.add("aws_ec2_transit_gateway_vpc_attachment.b",
        {{"transit_gateway_id", str("tgw-hub")},
         {"vpc_id", unknown("aws_vpc.b.id")},
         {"subnet_ids", list({unknown("aws_subnet.b.id")})},
         {"transit_gateway_default_route_table_association", boolean(false)},
         {"transit_gateway_default_route_table_propagation", boolean(false)}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.transit_gateways.size() == 2);
  const aws::TransitGatewaySpec& hub = r.transit_gateways[0];
  CHECK(hub.name == "aws_ec2_transit_gateway.hub");
  CHECK(hub.provenance.location.str() == "main.tf:51:1");
  CHECK(hub.default_association);
  CHECK(hub.default_propagation);
  CHECK(!hub.default_route_table.given());
  CHECK(!r.transit_gateways[1].default_association);
  CHECK(!r.transit_gateways[1].default_propagation);
  CHECK(r.transit_gateways[1].tags.at("Name") == "quiet");
  REQUIRE(r.transit_gateway_attachments.size() == 2);
  const aws::TransitGatewayAttachmentSpec& a = r.transit_gateway_attachments[0];
  CHECK(a.name == "aws_ec2_transit_gateway_vpc_attachment.a");
  CHECK(a.kind == A::kVpc);
  CHECK(a.transit_gateway.address == "aws_ec2_transit_gateway.hub");
  CHECK(a.transit_gateway.location.str() == "main.tf:72:3");
  CHECK(a.vpc.address == "aws_vpc.a");
  REQUIRE(a.subnets.size() == 1);
  CHECK(a.subnets[0].address == "aws_subnet.a");
  CHECK(a.appliance_mode);
  CHECK(a.ipv6_support);
  CHECK(a.default_association);
  CHECK(a.default_propagation);
  const aws::TransitGatewayAttachmentSpec& other = r.transit_gateway_attachments[1];
  CHECK(other.transit_gateway.address == "aws_ec2_transit_gateway.hub");  // by id
  CHECK(!other.appliance_mode);
  CHECK(!other.ipv6_support);
  CHECK(!other.default_association);
  CHECK(!other.default_propagation);
}

TEST_CASE("VPC routes to a transit gateway of the configuration name it",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_route.to_hub", {{"route_table_id", unknown("aws_route_table.a.id")},
                             {"destination_cidr_block", str("10.1.0.0/16")},
                             {"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")}});
  b.add("aws_route.by_id", {{"route_table_id", unknown("aws_route_table.a.id")},
                            {"destination_cidr_block", str("10.2.0.0/16")},
                            {"transit_gateway_id", str("tgw-hub")}});
  b.add("aws_ec2_transit_gateway_vpc_attachment.a",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"vpc_id", unknown("aws_vpc.a.id")},
         {"subnet_ids", list({unknown("aws_subnet.a.id")})}});
  // Naming the gateway through the attachment, to wait for it.
  b.add("aws_route.via_attachment",
        {{"route_table_id", unknown("aws_route_table.a.id")},
         {"destination_cidr_block", str("10.4.0.0/16")},
         {"transit_gateway_id",
          unknown("aws_ec2_transit_gateway_vpc_attachment.a.transit_gateway_id")}});
  b.add("aws_route.outside", {{"route_table_id", unknown("aws_route_table.a.id")},
                              {"destination_cidr_block", str("10.3.0.0/16")},
                              {"transit_gateway_id", str("tgw-0abc")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.routes.size() == 4);
  for (const aws::RouteSpec& route : r.routes)
    CHECK(route.target == RouteTargetKind::kTransitGateway);
  CHECK(r.routes[0].target_ref.address == "aws_ec2_transit_gateway.hub");
  CHECK(r.routes[1].target_ref.address == "aws_ec2_transit_gateway.hub");
  CHECK(r.routes[2].target_ref.address == "aws_ec2_transit_gateway.hub");
  CHECK(r.routes[2].target_ref.location.str() == "main.tf:94:3");
  // A transit gateway outside the configuration keeps its synthetic gateway.
  CHECK(r.routes[3].target_ref.address == "tgw-0abc");
  REQUIRE(r.gateways.size() == 1);
  CHECK(r.gateways[0].name == "tgw-0abc");
}

TEST_CASE("transit gateway route tables, routes, associations and propagations",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_ec2_transit_gateway_vpc_attachment.a",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"vpc_id", unknown("aws_vpc.a.id")},
         {"subnet_ids", list({unknown("aws_subnet.a.id")})}});
  b.add("aws_ec2_transit_gateway_route_table.spokes",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")}});
  b.add("aws_ec2_managed_prefix_list.onprem", {},
        {block("entry", {{"cidr", str("192.168.0.0/16")}}, 85)});
  b.add(
      "aws_ec2_transit_gateway_route.to_a",
      {{"transit_gateway_route_table_id", unknown("aws_ec2_transit_gateway_route_table.spokes.id")},
       {"destination_cidr_block", str("10.0.0.0/16")},
       {"transit_gateway_attachment_id", unknown("aws_ec2_transit_gateway_vpc_attachment.a.id")}});
  b.add("aws_ec2_transit_gateway_route.drop",
        {{"transit_gateway_route_table_id",
          unknown("aws_ec2_transit_gateway.hub.association_default_route_table_id")},
         {"destination_cidr_block", str("10.9.0.0/16")},
         {"blackhole", boolean(true)}});
  b.add(
      "aws_ec2_transit_gateway_prefix_list_reference.onprem",
      {{"transit_gateway_route_table_id", unknown("aws_ec2_transit_gateway_route_table.spokes.id")},
       {"prefix_list_id", unknown("aws_ec2_managed_prefix_list.onprem.id")},
       {"transit_gateway_attachment_id", unknown("aws_ec2_transit_gateway_vpc_attachment.a.id")}});
  b.add("aws_ec2_transit_gateway_route_table_association.a",
        {{"transit_gateway_attachment_id", unknown("aws_ec2_transit_gateway_vpc_attachment.a.id")},
         {"transit_gateway_route_table_id",
          unknown("aws_ec2_transit_gateway_route_table.spokes.id")}});
  b.add("aws_ec2_transit_gateway_route_table_propagation.a",
        {{"transit_gateway_attachment_id", unknown("aws_ec2_transit_gateway_vpc_attachment.a.id")},
         {"transit_gateway_route_table_id",
          unknown("aws_ec2_transit_gateway.hub.propagation_default_route_table_id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.transit_gateway_route_tables.size() == 1);
  CHECK(r.transit_gateway_route_tables[0].name == "aws_ec2_transit_gateway_route_table.spokes");
  CHECK(r.transit_gateway_route_tables[0].transit_gateway.address == "aws_ec2_transit_gateway.hub");
  CHECK(!r.transit_gateway_route_tables[0].is_default);
  REQUIRE(r.transit_gateway_routes.size() == 3);
  const aws::TransitGatewayRouteSpec& to_a = r.transit_gateway_routes[0];
  CHECK(to_a.provenance.address == "aws_ec2_transit_gateway_route.to_a");
  CHECK(to_a.route_table.address == "aws_ec2_transit_gateway_route_table.spokes");
  CHECK(to_a.destination->value == "10.0.0.0/16");
  CHECK(to_a.attachment.address == "aws_ec2_transit_gateway_vpc_attachment.a");
  CHECK(!to_a.blackhole);
  const aws::TransitGatewayRouteSpec& drop = r.transit_gateway_routes[1];
  CHECK(drop.route_table.address == "aws_ec2_transit_gateway.hub/default-route-table");
  CHECK(drop.blackhole);
  CHECK(!drop.attachment.given());
  const aws::TransitGatewayRouteSpec& onprem = r.transit_gateway_routes[2];
  CHECK(!onprem.destination);
  CHECK(onprem.destination_prefix_list.address == "aws_ec2_managed_prefix_list.onprem");
  CHECK(onprem.attachment.address == "aws_ec2_transit_gateway_vpc_attachment.a");
  REQUIRE(r.transit_gateway_associations.size() == 1);
  CHECK(r.transit_gateway_associations[0].attachment.address ==
        "aws_ec2_transit_gateway_vpc_attachment.a");
  CHECK(r.transit_gateway_associations[0].route_table.address ==
        "aws_ec2_transit_gateway_route_table.spokes");
  REQUIRE(r.transit_gateway_propagations.size() == 1);
  CHECK(r.transit_gateway_propagations[0].route_table.address ==
        "aws_ec2_transit_gateway.hub/default-route-table");
}

TEST_CASE("a state names the default route table by id", "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_ec2_transit_gateway.hub", {{"id", str("tgw-1")},
                                        {"association_default_route_table_id", str("tgw-rtb-1")},
                                        {"propagation_default_route_table_id", str("tgw-rtb-1")}});
  b.add("aws_ec2_transit_gateway_route.drop", {{"transit_gateway_route_table_id", str("tgw-rtb-1")},
                                               {"destination_cidr_block", str("10.9.0.0/16")},
                                               {"blackhole", boolean(true)}});
  // The default moved to a table of the configuration.
  b.add("aws_ec2_transit_gateway.moved",
        {{"id", str("tgw-2")}, {"association_default_route_table_id", str("tgw-rtb-2")}});
  b.add("aws_ec2_transit_gateway_route_table.main",
        {{"id", str("tgw-rtb-2")},
         {"transit_gateway_id", str("tgw-2")},
         {"default_association_route_table", boolean(true)}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.transit_gateway_routes.size() == 1);
  CHECK(r.transit_gateway_routes[0].route_table.address ==
        "aws_ec2_transit_gateway.hub/default-route-table");
  REQUIRE(r.transit_gateways.size() == 2);
  CHECK(!r.transit_gateways[0].default_route_table.given());
  CHECK(r.transit_gateways[1].default_route_table.address ==
        "aws_ec2_transit_gateway_route_table.main");
  CHECK(r.transit_gateway_route_tables[0].is_default);
}

TEST_CASE("transit gateway peering attachments are active only when accepted",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_ec2_transit_gateway.peer", {});
  b.add("aws_ec2_transit_gateway_peering_attachment.accepted",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"peer_transit_gateway_id", unknown("aws_ec2_transit_gateway.peer.id")},
         {"peer_region", str("eu-west-1")}});
  b.add("aws_ec2_transit_gateway_peering_attachment_accepter.accepted",
        {{"transit_gateway_attachment_id",
          unknown("aws_ec2_transit_gateway_peering_attachment.accepted.id")}});
  b.add("aws_ec2_transit_gateway_peering_attachment.pending",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"peer_transit_gateway_id", unknown("aws_ec2_transit_gateway.peer.id")}});
  b.add("aws_ec2_transit_gateway_peering_attachment.far",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"peer_transit_gateway_id", str("tgw-far")},
         {"state", str("available")}});
  b.add("aws_ec2_transit_gateway_route_table.peer",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.peer.id")}});
  // The accepter's id is the attachment's.
  b.add(
      "aws_ec2_transit_gateway_route_table_association.peer",
      {{"transit_gateway_attachment_id",
        unknown("aws_ec2_transit_gateway_peering_attachment_accepter.accepted.id")},
       {"transit_gateway_route_table_id", unknown("aws_ec2_transit_gateway_route_table.peer.id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:91:1: warning[unknown-value]: "
        "'aws_ec2_transit_gateway_peering_attachment.pending.state' is not known: "
        "aws_ec2_transit_gateway_peering_attachment.pending is taken as pending acceptance (not "
        "active); it may be accepted outside the configuration\n");
  REQUIRE(r.transit_gateway_attachments.size() == 3);
  const aws::TransitGatewayAttachmentSpec& accepted = r.transit_gateway_attachments[0];
  CHECK(accepted.kind == A::kPeering);
  CHECK(accepted.transit_gateway.address == "aws_ec2_transit_gateway.hub");
  CHECK(accepted.peer_transit_gateway.address == "aws_ec2_transit_gateway.peer");
  CHECK(accepted.active);
  CHECK(!r.transit_gateway_attachments[1].active);
  REQUIRE(r.uncertainties.size() == 1);
  // A peer outside the configuration: the attachment leads out of the model.
  CHECK(r.transit_gateway_attachments[2].kind == A::kOther);
  CHECK(r.transit_gateway_attachments[2].active);
  REQUIRE(r.transit_gateway_associations.size() == 1);
  CHECK(r.transit_gateway_associations[0].attachment.address ==
        "aws_ec2_transit_gateway_peering_attachment.accepted");
}

TEST_CASE("VPN, Connect and Direct Connect attachments lead out of the model",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_customer_gateway.office", {{"ip_address", str("198.51.100.1")}});
  b.add("aws_vpn_connection.office",
        {{"customer_gateway_id", unknown("aws_customer_gateway.office.id")},
         {"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"type", str("ipsec.1")}});
  b.add("aws_vpn_gateway.vgw", {{"vpc_id", unknown("aws_vpc.a.id")}});
  b.add("aws_vpn_connection.to_vgw", {{"vpn_gateway_id", unknown("aws_vpn_gateway.vgw.id")}});
  b.add("aws_ec2_transit_gateway_vpc_attachment.a",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"vpc_id", unknown("aws_vpc.a.id")},
         {"subnet_ids", list({unknown("aws_subnet.a.id")})}});
  b.add("aws_ec2_transit_gateway_connect.sdwan",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"transport_attachment_id", unknown("aws_ec2_transit_gateway_vpc_attachment.a.id")},
         {"transit_gateway_default_route_table_propagation", boolean(false)}});
  b.add("aws_dx_gateway_association.dx",
        {{"dx_gateway_id", str("dxgw-1")},
         {"associated_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")}});
  b.add("aws_dx_gateway_association.to_vgw",
        {{"dx_gateway_id", str("dxgw-1")},
         {"associated_gateway_id", unknown("aws_vpn_gateway.vgw.id")}});
  b.add("aws_ec2_transit_gateway_route.onprem",
        {{"transit_gateway_route_table_id",
          unknown("aws_ec2_transit_gateway.hub.association_default_route_table_id")},
         {"destination_cidr_block", str("192.168.0.0/16")},
         {"transit_gateway_attachment_id",
          unknown("aws_vpn_connection.office.transit_gateway_attachment_id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  // A customer gateway, a VPN connection to a virtual private gateway, and a
  // Direct Connect association with one are not modelled yet.
  CHECK(diags.renderAll() ==
        "main.tf:61:1: warning[terraform-unsupported]: 1 resource of type aws_customer_gateway is "
        "not modelled yet (its reachability is not analysed)\n"
        "main.tf:131:1: warning[terraform-unsupported]: 1 resource of type "
        "aws_dx_gateway_association is not modelled yet (its reachability is not analysed)\n"
        "main.tf:91:1: warning[terraform-unsupported]: 1 resource of type aws_vpn_connection is "
        "not modelled yet (its reachability is not analysed)\n");
  REQUIRE(r.transit_gateway_attachments.size() == 4);
  const auto& attachments = r.transit_gateway_attachments;
  CHECK(attachments[0].name == "aws_ec2_transit_gateway_vpc_attachment.a");
  CHECK(attachments[1].name == "aws_ec2_transit_gateway_connect.sdwan");
  CHECK(attachments[2].name == "aws_vpn_connection.office");
  CHECK(attachments[3].name == "aws_dx_gateway_association.dx");
  for (size_t i = 1; i < 4; ++i) {
    INFO(i);
    CHECK(attachments[i].kind == A::kOther);
    CHECK(attachments[i].transit_gateway.address == "aws_ec2_transit_gateway.hub");
  }
  CHECK(attachments[1].default_association);
  CHECK(!attachments[1].default_propagation);
  REQUIRE(r.transit_gateway_routes.size() == 1);
  CHECK(r.transit_gateway_routes[0].attachment.address == "aws_vpn_connection.office");
}

TEST_CASE("unknown transit gateway values", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_ec2_transit_gateway.maybe",
        {{"default_route_table_association", unknown("var.assoc")}});
  b.add("aws_ec2_transit_gateway_vpc_attachment.shared",
        {{"transit_gateway_id", unknown("var.tgw_id")},
         {"vpc_id", unknown("aws_vpc.a.id")},
         {"subnet_ids", list({unknown("aws_subnet.a.id")})}});
  b.add("aws_ec2_transit_gateway_vpc_attachment.a",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"vpc_id", unknown("aws_vpc.a.id")},
         {"subnet_ids", list({unknown("aws_subnet.a.id"), unknown("data.aws_subnet.x.id")})},
         {"transit_gateway_default_route_table_propagation", unknown("var.propagate")}});
  b.add(
      "aws_ec2_transit_gateway_route.unknown_cidr",
      {{"transit_gateway_route_table_id",
        unknown("aws_ec2_transit_gateway.hub.association_default_route_table_id")},
       {"destination_cidr_block", unknown("var.cidr")},
       {"transit_gateway_attachment_id", unknown("aws_ec2_transit_gateway_vpc_attachment.a.id")}});
  b.add("aws_ec2_transit_gateway_route.unknown_target",
        {{"transit_gateway_route_table_id",
          unknown("aws_ec2_transit_gateway.hub.association_default_route_table_id")},
         {"destination_cidr_block", str("10.5.0.0/16")},
         {"transit_gateway_attachment_id", str("tgw-attach-0abc")}});
  b.add("aws_ec2_transit_gateway_route.maybe_drop",
        {{"transit_gateway_route_table_id",
          unknown("aws_ec2_transit_gateway.hub.association_default_route_table_id")},
         {"destination_cidr_block", str("10.6.0.0/16")},
         {"transit_gateway_attachment_id", unknown("aws_ec2_transit_gateway_vpc_attachment.a.id")},
         {"blackhole", unknown("var.drop")}});
  b.add("aws_ec2_transit_gateway_route_table_association.x",
        {{"transit_gateway_attachment_id", unknown("aws_ec2_transit_gateway_vpc_attachment.a.id")},
         {"transit_gateway_route_table_id", unknown("var.table")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:62:3: warning[unknown-value]: 'var.assoc' is not known: "
        "aws_ec2_transit_gateway.maybe is taken to associate new attachments with its default "
        "route table\n"
        "main.tf:72:3: warning[unknown-value]: 'var.tgw_id' is not known: "
        "aws_ec2_transit_gateway_vpc_attachment.shared is left out\n"
        "main.tf:84:3: warning[unknown-value]: 'data.aws_subnet.x.id' is not known: a subnet of "
        "aws_ec2_transit_gateway_vpc_attachment.a is left out\n"
        "main.tf:85:3: warning[unknown-value]: 'var.propagate' is not known: "
        "aws_ec2_transit_gateway_vpc_attachment.a is taken to propagate into the default route "
        "table of its gateway\n"
        "main.tf:93:3: warning[unknown-value]: 'var.cidr' is not known: route "
        "aws_ec2_transit_gateway_route.unknown_cidr is left out\n"
        "main.tf:104:3: warning[unknown-value]: 'tgw-attach-0abc' is not known: route "
        "aws_ec2_transit_gateway_route.unknown_target is left out\n"
        "main.tf:115:3: warning[unknown-value]: 'var.drop' is not known: "
        "aws_ec2_transit_gateway_route.maybe_drop is taken to forward to its attachment\n"
        "main.tf:123:3: warning[unknown-value]: 'var.table' is not known: "
        "aws_ec2_transit_gateway_route_table_association.x is left out\n");
  REQUIRE(r.transit_gateways.size() == 2);
  CHECK(r.transit_gateways[1].default_association);
  REQUIRE(r.transit_gateway_attachments.size() == 1);
  CHECK(r.transit_gateway_attachments[0].subnets.size() == 1);
  CHECK(r.transit_gateway_attachments[0].default_propagation);
  REQUIRE(r.transit_gateway_routes.size() == 1);
  CHECK(!r.transit_gateway_routes[0].blackhole);
  CHECK(r.transit_gateway_associations.empty());
}

TEST_CASE("wrong-type arguments of each transit gateway type", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_ec2_transit_gateway_peering_attachment.p",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"peer_transit_gateway_id", num(1)}});
  b.add("aws_vpn_connection.vpn", {{"transit_gateway_id", list({})}});
  b.add("aws_ec2_transit_gateway_connect.c", {{"transit_gateway_id", num(2)}});
  b.add("aws_dx_gateway_association.dx", {{"associated_gateway_id", object({})}});
  b.add("aws_ec2_transit_gateway_route.r",
        {{"transit_gateway_route_table_id",
          unknown("aws_ec2_transit_gateway.hub.association_default_route_table_id")},
         {"destination_cidr_block", list({})},
         {"blackhole", boolean(true)}});
  b.add("aws_ec2_transit_gateway_prefix_list_reference.p",
        {{"transit_gateway_route_table_id",
          unknown("aws_ec2_transit_gateway.hub.association_default_route_table_id")},
         {"prefix_list_id", num(3)},
         {"blackhole", boolean(true)}});
  b.add("aws_ec2_transit_gateway_route_table_propagation.p",
        {{"transit_gateway_attachment_id", num(4)},
         {"transit_gateway_route_table_id", unknown("var.table")}});
  b.add("aws_ec2_transit_gateway_vpc_attachment.a",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"vpc_id", unknown("aws_vpc.a.id")},
         {"subnet_ids", list({unknown("aws_subnet.a.id")})},
         {"transit_gateway_default_route_table_association", str("no")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(
      diags.renderAll() ==
      "main.tf:135:3: error[terraform-invalid]: aws_ec2_transit_gateway_vpc_attachment.a: "
      "expected true or false for transit_gateway_default_route_table_association, found "
      "\"no\"\n"
      "main.tf:63:3: error[terraform-invalid]: aws_ec2_transit_gateway_peering_attachment.p: "
      "expected a string reference, found a number\n"
      "main.tf:82:3: error[terraform-invalid]: aws_ec2_transit_gateway_connect.c: expected a "
      "string reference, found a number\n"
      "main.tf:72:3: error[terraform-invalid]: aws_vpn_connection.vpn: expected a string "
      "reference, found a list\n"
      "main.tf:92:3: error[terraform-invalid]: aws_dx_gateway_association.dx: expected a string "
      "reference, found a map\n"
      "main.tf:103:3: error[terraform-invalid]: aws_ec2_transit_gateway_route.r: expected a "
      "string for destination_cidr_block, found a list\n"
      "main.tf:113:3: error[terraform-invalid]: aws_ec2_transit_gateway_prefix_list_reference.p: "
      "expected a string reference, found a number\n"
      "main.tf:122:3: error[terraform-invalid]: aws_ec2_transit_gateway_route_table_propagation.p: "
      "expected a string reference, found a number\n");
  // The attachment whose mistake is in a flag is kept, with the default.
  REQUIRE(r.transit_gateway_attachments.size() == 1);
  CHECK(r.transit_gateway_attachments[0].default_association);
  CHECK(r.transit_gateway_routes.empty());
  CHECK(r.transit_gateway_propagations.empty());
}

TEST_CASE("wrong transit gateway arguments are provider mistakes",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_ec2_transit_gateway.bad", {{"default_route_table_propagation", str("yes")}});
  b.add("aws_ec2_transit_gateway_vpc_attachment.bad",
        {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
         {"vpc_id", unknown("aws_vpc.a.id")},
         {"subnet_ids", str("subnet-1")}});
  b.add("aws_ec2_transit_gateway_vpc_attachment.typed",
        {{"transit_gateway_id", list({})},
         {"vpc_id", unknown("aws_vpc.a.id")},
         {"subnet_ids", list({unknown("aws_subnet.a.id")})}});
  b.add("aws_ec2_transit_gateway_route.neither",
        {{"transit_gateway_route_table_id",
          unknown("aws_ec2_transit_gateway.hub.association_default_route_table_id")},
         {"destination_cidr_block", str("10.6.0.0/16")}});
  b.add("aws_ec2_transit_gateway_route_table.none", {});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:62:3: error[terraform-invalid]: aws_ec2_transit_gateway.bad: "
        "default_route_table_propagation must be \"enable\" or \"disable\", not 'yes'\n"
        "main.tf:74:3: error[terraform-invalid]: aws_ec2_transit_gateway_vpc_attachment.bad: "
        "expected a list for subnet_ids, found a string\n"
        "main.tf:82:3: error[terraform-invalid]: aws_ec2_transit_gateway_vpc_attachment.typed: "
        "expected a string reference, found a list\n"
        "main.tf:101:1: error[terraform-invalid]: aws_ec2_transit_gateway_route_table.none: "
        "missing required argument transit_gateway_id\n"
        "main.tf:91:1: error[terraform-invalid]: aws_ec2_transit_gateway_route.neither: needs "
        "either transit_gateway_attachment_id or blackhole = true\n");
  CHECK(r.transit_gateways.size() == 1);
  CHECK(r.transit_gateway_attachments.empty());
  CHECK(r.transit_gateway_routes.empty());
}

}  // namespace
}  // namespace segproof::terraform
