// VPCs, subnets, gateways, peerings, prefix lists, Elastic IPs and NAT
// gateways from Terraform resources.
#include <catch2/catch.hpp>

#include "frontends/terraform/mapping/mapping_test_util.h"

namespace segproof::terraform {
namespace {

using namespace testing;

TEST_CASE("a VPC and its subnets keep their addresses", "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_vpc.main",
        {{"cidr_block", str("10.0.0.0/16")}, {"tags", object({{"Name", str("main")}})}});
  b.add("aws_vpc_ipv4_cidr_block_association.extra",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"cidr_block", str("10.1.0.0/16")}});
  b.add("module.net.aws_subnet.private[0]",
        {{"vpc_id", unknown("aws_vpc.main.id")},
         {"cidr_block", str("10.0.1.0/24")},
         {"availability_zone", str("eu-west-1a")},
         {"map_public_ip_on_launch", boolean(true)},
         {"tags", object({{"Name", unknown("var.name")}, {"env", str("prod")}})}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.vpcs.size() == 1);
  CHECK(r.vpcs[0].name == "aws_vpc.main");
  CHECK(r.vpcs[0].provenance.address == "aws_vpc.main");
  CHECK(r.vpcs[0].provenance.location.str() == "main.tf:1:1");
  REQUIRE(r.vpcs[0].cidrs.size() == 2);
  CHECK(r.vpcs[0].cidrs[0].value == "10.0.0.0/16");
  CHECK(r.vpcs[0].cidrs[0].location.str() == "main.tf:2:3");
  CHECK(r.vpcs[0].cidrs[1].value == "10.1.0.0/16");
  CHECK(r.vpcs[0].tags.at("Name") == "main");
  REQUIRE(r.subnets.size() == 1);
  const aws::SubnetSpec& subnet = r.subnets[0];
  CHECK(subnet.name == "module.net.aws_subnet.private[0]");
  CHECK(subnet.vpc.address == "aws_vpc.main");
  CHECK(subnet.vpc.location.str() == "main.tf:22:3");
  CHECK(subnet.cidr.value == "10.0.1.0/24");
  CHECK(subnet.availability_zone == "eu-west-1a");
  CHECK(subnet.map_public_ip_on_launch);
  CHECK(subnet.map_public_ip_location.str() == "main.tf:25:3");
  CHECK(subnet.tags.size() == 1);  // the unknown Name is ignored
}

TEST_CASE("IPv6 blocks: written ones are kept, ones known only after apply are uncertain",
          "[frontends][terraform][mapping][ipv6]") {
  ConfigBuilder b;
  b.add("aws_vpc.main",
        {{"cidr_block", str("10.0.0.0/16")}, {"assign_generated_ipv6_cidr_block", boolean(true)}});
  b.add("aws_vpc.fixed",
        {{"cidr_block", str("10.1.0.0/16")}, {"ipv6_cidr_block", str("2600:1f18:1:100::/56")}});
  b.add("aws_vpc.pool",
        {{"cidr_block", str("10.2.0.0/16")}, {"ipv6_ipam_pool_id", str("ipam-pool-6")}});
  b.add("aws_subnet.a", {{"vpc_id", unknown("aws_vpc.main.id")},
                         {"cidr_block", str("10.0.1.0/24")},
                         {"ipv6_cidr_block", unknown("aws_vpc.main.ipv6_cidr_block")},
                         {"assign_ipv6_address_on_creation", boolean(true)}});
  b.add("aws_subnet.b", {{"vpc_id", unknown("aws_vpc.fixed.id")},
                         {"cidr_block", str("10.1.1.0/24")},
                         {"ipv6_cidr_block", str("2600:1f18:1:101::/64")},
                         {"assign_ipv6_address_on_creation", boolean(true)}});
  b.add("aws_vpc_ipv6_cidr_block_association.extra",
        {{"vpc_id", unknown("aws_vpc.fixed.id")}, {"ipv6_cidr_block", str("2600:1f18:2::/56")}});
  b.add("aws_vpc_ipv6_cidr_block_association.amazon",
        {{"vpc_id", unknown("aws_vpc.fixed.id")}, {"ipv6_ipam_pool_id", str("ipam-pool-6")}});
  b.add("aws_subnet.c", {{"vpc_id", unknown("aws_vpc.fixed.id")},
                         {"cidr_block", str("10.1.2.0/24")},
                         {"ipv6_cidr_block", str("2600:1f18:1:102::/64")},
                         {"assign_ipv6_address_on_creation", unknown("var.assign")}});
  b.add("aws_default_vpc.default", {{"assign_generated_ipv6_cidr_block", boolean(true)}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:1:1: warning[unknown-value]: 'aws_vpc.main.ipv6_cidr_block' is not known: the "
        "IPv6 block of aws_vpc.main is known only after apply: its IPv6 addresses are left out\n"
        "main.tf:21:1: warning[unknown-value]: 'aws_vpc.pool.ipv6_cidr_block' is not known: the "
        "IPv6 block of aws_vpc.pool is known only after apply: its IPv6 addresses are left out\n"
        "main.tf:81:1: warning[unknown-value]: 'aws_default_vpc.default.ipv6_cidr_block' is not "
        "known: the IPv6 block of aws_default_vpc.default is known only after apply: its IPv6 "
        "addresses are left out\n"
        "main.tf:61:1: warning[unknown-value]: "
        "'aws_vpc_ipv6_cidr_block_association.amazon.ipv6_cidr_block' is not known: the IPv6 "
        "block of aws_vpc_ipv6_cidr_block_association.amazon is known only after apply: its IPv6 "
        "addresses are left out\n"
        "main.tf:34:3: warning[unknown-value]: 'aws_vpc.main.ipv6_cidr_block' is not known: the "
        "IPv6 block of aws_subnet.a is known only after apply: its IPv6 addresses are left out\n"
        "main.tf:75:3: warning[unknown-value]: 'var.assign' is not known: interfaces of "
        "aws_subnet.c are taken to get an IPv6 address\n");
  REQUIRE(r.vpcs.size() == 4);
  CHECK(r.vpcs[0].cidrs.size() == 1);
  REQUIRE(r.vpcs[1].cidrs.size() == 3);
  CHECK(r.vpcs[1].cidrs[1].value == "2600:1f18:1:100::/56");
  CHECK(r.vpcs[1].cidrs[2].value == "2600:1f18:2::/56");
  REQUIRE(r.uncertainties.size() == 6);
  CHECK(r.uncertainties[0].vpc.address == "aws_vpc.main");
  CHECK(r.uncertainties[2].vpc.address == "aws_default_vpc.default");
  CHECK(r.uncertainties[3].vpc.address == "aws_vpc.fixed");
  CHECK(r.uncertainties[4].vpc.address == "aws_vpc.main");
  // The subnet keeps its IPv4 side.
  REQUIRE(r.subnets.size() == 3);
  CHECK(r.subnets[0].cidr.value == "10.0.1.0/24");
  CHECK_FALSE(r.subnets[0].ipv6_cidr);
  REQUIRE(r.subnets[1].ipv6_cidr);
  CHECK(r.subnets[1].ipv6_cidr->value == "2600:1f18:1:101::/64");
  CHECK(r.subnets[1].assign_ipv6_on_creation);
  CHECK(r.subnets[2].assign_ipv6_on_creation);
}

TEST_CASE("known ids resolve to the instance carrying them", "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"id", str("vpc-0abc")}, {"cidr_block", str("10.0.0.0/16")}});
  b.add("aws_subnet.a", {{"vpc_id", str("vpc-0abc")}, {"cidr_block", str("10.0.1.0/24")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.subnets.size() == 1);
  CHECK(r.subnets[0].vpc.address == "aws_vpc.main");
}

TEST_CASE("unknown CIDRs leave the element out with an uncertainty",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"cidr_block", str("10.0.0.0/16")}});
  b.add("aws_subnet.a",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"cidr_block", unknown("var.subnet_cidr")}});
  b.add("aws_instance.web", {{"subnet_id", unknown("aws_subnet.a.id")}});
  b.add("aws_vpc.ipam", {{"ipv4_ipam_pool_id", str("ipam-pool-1")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:31:1: warning[unknown-value]: 'aws_vpc.ipam.cidr_block' is not known: "
        "aws_vpc.ipam is left out\n"
        "main.tf:13:3: warning[unknown-value]: 'var.subnet_cidr' is not known: aws_subnet.a is "
        "left out\n"
        "main.tf:22:3: warning[unknown-value]: 'aws_subnet.a.id' is not known: aws_instance.web "
        "is left out\n");
  CHECK(r.vpcs.size() == 1);
  CHECK(r.subnets.empty());
  CHECK(r.instances.empty());
  REQUIRE(r.uncertainties.size() == 3);
  CHECK(r.uncertainties[1].value.description == "var.subnet_cidr");
  CHECK(r.uncertainties[1].vpc.address == "aws_vpc.main");
  CHECK(r.uncertainties[1].effect == "aws_subnet.a is left out");
}

TEST_CASE("provider-level mistakes are reported and skipped", "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"cidr_block", strs({"10.0.0.0/16"})}});
  b.add("aws_subnet.a", {{"cidr_block", str("10.0.1.0/24")}});
  b.add("aws_vpc.ok", {{"cidr_block", str("10.9.0.0/16")}});
  b.add("aws_security_group.web", {{"vpc_id", unknown("aws_vpc.ok.id")}, {"ingress", str("all")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:2:3: error[terraform-invalid]: aws_vpc.main: expected a string for cidr_block, "
        "found a list\n"
        "main.tf:11:1: error[terraform-invalid]: aws_subnet.a: missing required argument vpc_id\n"
        "main.tf:33:3: error[terraform-invalid]: aws_security_group.web: expected a list for "
        "ingress, found a string\n");
  CHECK(r.vpcs.size() == 1);
  CHECK(r.subnets.empty());
  CHECK(r.security_groups.size() == 1);
  CHECK(r.security_group_rules.empty());
}

TEST_CASE("gateways and their attachments", "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"cidr_block", str("10.0.0.0/16")}});
  b.add("aws_internet_gateway.igw", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_internet_gateway.detached", {});
  b.add("aws_internet_gateway_attachment.a",
        {{"vpc_id", unknown("aws_vpc.main.id")},
         {"internet_gateway_id", unknown("aws_internet_gateway.detached.id")}});
  b.add("aws_egress_only_internet_gateway.eigw", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_vpn_gateway.vgw", {});
  b.add("aws_vpn_gateway_attachment.v", {{"vpc_id", unknown("aws_vpc.main.id")},
                                         {"vpn_gateway_id", unknown("aws_vpn_gateway.vgw.id")}});
  b.add("aws_internet_gateway.shared", {{"vpc_id", unknown("data.aws_vpc.shared.id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:72:3: warning[unknown-value]: 'data.aws_vpc.shared.id' is not known: "
        "aws_internet_gateway.shared is taken as not attached to any VPC\n");
  REQUIRE(r.internet_gateways.size() == 3);
  CHECK(r.internet_gateways[0].vpc.address == "aws_vpc.main");
  CHECK(!r.internet_gateways[1].vpc.given());
  REQUIRE(r.gateways.size() == 2);
  CHECK(r.gateways[0].kind == RouteTargetKind::kEgressOnlyInternetGateway);
  CHECK(r.gateways[0].vpc.address == "aws_vpc.main");
  CHECK(r.gateways[1].kind == RouteTargetKind::kVpnGateway);
  CHECK(r.gateways[1].name == "aws_vpn_gateway.vgw");
  REQUIRE(r.gateway_attachments.size() == 2);
  CHECK(r.gateway_attachments[0].gateway.address == "aws_internet_gateway.detached");
  CHECK(r.gateway_attachments[1].gateway.address == "aws_vpn_gateway.vgw");
  CHECK(r.gateway_attachments[1].vpc.address == "aws_vpc.main");
}

TEST_CASE("peerings are active only when accepted", "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_vpc.a", {{"cidr_block", str("10.0.0.0/16")}});
  b.add("aws_vpc.b", {{"cidr_block", str("10.1.0.0/16")}});
  b.add("aws_vpc_peering_connection.auto", {{"vpc_id", unknown("aws_vpc.a.id")},
                                            {"peer_vpc_id", unknown("aws_vpc.b.id")},
                                            {"auto_accept", boolean(true)}});
  b.add("aws_vpc_peering_connection.accepted",
        {{"vpc_id", unknown("aws_vpc.a.id")}, {"peer_vpc_id", unknown("aws_vpc.b.id")}});
  b.add("aws_vpc_peering_connection_accepter.peer",
        {{"vpc_peering_connection_id", unknown("aws_vpc_peering_connection.accepted.id")},
         {"auto_accept", boolean(true)}});
  b.add("aws_vpc_peering_connection.pending",
        {{"vpc_id", unknown("aws_vpc.a.id")}, {"peer_vpc_id", unknown("aws_vpc.b.id")}});
  b.add("aws_vpc_peering_connection.from_state", {{"vpc_id", unknown("aws_vpc.a.id")},
                                                  {"peer_vpc_id", unknown("aws_vpc.b.id")},
                                                  {"accept_status", str("pending-acceptance")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:51:1: warning[unknown-value]: 'aws_vpc_peering_connection.pending.accept_status' "
        "is not known: aws_vpc_peering_connection.pending is taken as pending acceptance (not "
        "active); it may be accepted outside the configuration\n");
  REQUIRE(r.peerings.size() == 4);
  CHECK(r.peerings[0].active);
  CHECK(r.peerings[0].requester_vpc.address == "aws_vpc.a");
  CHECK(r.peerings[0].accepter_vpc.address == "aws_vpc.b");
  CHECK(r.peerings[1].active);
  CHECK(!r.peerings[2].active);
  CHECK(!r.peerings[3].active);  // a state knows its status: no uncertainty
  REQUIRE(r.uncertainties.size() == 1);
  CHECK(r.uncertainties[0].vpc.address == "aws_vpc.a");
}

TEST_CASE("managed prefix lists and their entries", "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_ec2_managed_prefix_list.office", {{"name", str("office")}},
        {block("entry", {{"cidr", str("192.0.2.0/24")}}, 5)});
  b.add("aws_ec2_managed_prefix_list_entry.home",
        {{"prefix_list_id", unknown("aws_ec2_managed_prefix_list.office.id")},
         {"cidr", str("198.51.100.0/24")}});
  b.add("aws_ec2_managed_prefix_list_entry.vpn",
        {{"prefix_list_id", unknown("aws_ec2_managed_prefix_list.office.id")},
         {"cidr", unknown("var.vpn_cidr")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:23:3: warning[unknown-value]: 'var.vpn_cidr' is not known: an entry of "
        "aws_ec2_managed_prefix_list.office is not known\n");
  REQUIRE(r.prefix_lists.size() == 1);
  REQUIRE(r.prefix_lists[0].entries.size() == 2);
  CHECK(r.prefix_lists[0].entries[0].value == "192.0.2.0/24");
  CHECK(r.prefix_lists[0].entries[0].location.str() == "main.tf:6:3");
  CHECK(r.prefix_lists[0].entries[1].value == "198.51.100.0/24");
  CHECK(!r.prefix_lists[0].content_known);
}

TEST_CASE("Elastic IPs and NAT gateways", "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"cidr_block", str("10.0.0.0/16")}});
  b.add("aws_subnet.public",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"cidr_block", str("10.0.0.0/24")}});
  b.add("aws_instance.web", {{"subnet_id", unknown("aws_subnet.public.id")}});
  b.add("aws_eip.web", {{"instance", unknown("aws_instance.web.id")},
                        {"domain", str("vpc")},
                        {"public_ip", str("203.0.113.10")}});
  b.add("aws_eip.nat", {{"domain", str("vpc")}});
  b.add("aws_eip.spare", {});
  b.add("aws_eip_association.spare", {{"allocation_id", unknown("aws_eip.spare.id")},
                                      {"instance_id", unknown("aws_instance.web.id")}});
  b.add("aws_nat_gateway.public", {{"subnet_id", unknown("aws_subnet.public.id")},
                                   {"allocation_id", unknown("aws_eip.nat.id")}});
  b.add("aws_nat_gateway.private", {{"subnet_id", unknown("aws_subnet.public.id")},
                                    {"connectivity_type", str("private")},
                                    {"private_ip", str("10.0.0.9")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.elastic_ips.size() == 3);
  CHECK(r.elastic_ips[0].instance.address == "aws_instance.web");
  CHECK(r.elastic_ips[0].public_ip->value == "203.0.113.10");
  REQUIRE(r.elastic_ip_associations.size() == 1);
  CHECK(r.elastic_ip_associations[0].elastic_ip.address == "aws_eip.spare");
  CHECK(r.elastic_ip_associations[0].instance.address == "aws_instance.web");
  REQUIRE(r.nat_gateways.size() == 2);
  CHECK(r.nat_gateways[0].is_public);
  CHECK(r.nat_gateways[0].elastic_ip.address == "aws_eip.nat");
  CHECK(r.nat_gateways[0].subnet.address == "aws_subnet.public");
  CHECK(!r.nat_gateways[1].is_public);
  CHECK(r.nat_gateways[1].private_ip->value == "10.0.0.9");
}

}  // namespace
}  // namespace segproof::terraform
