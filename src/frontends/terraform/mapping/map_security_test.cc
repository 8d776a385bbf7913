// Security groups, network ACLs and their rules from Terraform resources.
#include <catch2/catch.hpp>

#include "frontends/terraform/mapping/mapping_test_util.h"

namespace segproof::terraform {
namespace {

using namespace testing;

ConfigBuilder withVpc() {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"id", str("vpc-1")},
                         {"cidr_block", str("10.0.0.0/16")},
                         {"default_security_group_id", str("sg-default")},
                         {"default_network_acl_id", str("acl-default")}});
  return b;
}

TEST_CASE("inline security group rules, as blocks and as a list of objects",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = withVpc();
  b.add("aws_security_group.db", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_security_group.web",
        {{"vpc_id", unknown("aws_vpc.main.id")},
         {"egress", list({object({{"from_port", num(0)},
                                  {"to_port", num(0)},
                                  {"protocol", str("-1")},
                                  {"cidr_blocks", strs({"0.0.0.0/0"})},
                                  {"ipv6_cidr_blocks", strs({})},
                                  {"prefix_list_ids", strs({})},
                                  {"security_groups", strs({})},
                                  {"self", boolean(false)},
                                  {"description", str("")}})})}},
        {block("ingress",
               {{"from_port", num(443)},
                {"to_port", num(443)},
                {"protocol", str("TCP")},
                {"cidr_blocks", strs({"10.0.0.0/8", "192.168.0.0/16"})},
                {"security_groups", list({unknown("aws_security_group.db.id")})},
                {"self", boolean(true)},
                {"description", str("https")}},
               30),
         block("ingress",
               {{"from_port", num(8)},
                {"to_port", num(0)},
                {"protocol", num(1)},
                {"ipv6_cidr_blocks", strs({"::/0"})}},
               40)});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.security_groups.size() == 2);
  const aws::SecurityGroupSpec& web = r.security_groups[1];
  CHECK(web.name == "aws_security_group.web");
  CHECK(web.vpc.address == "aws_vpc.main");
  CHECK(!web.keep_default_egress);
  CHECK(!web.is_default);
  const auto& rules = r.security_group_rules;
  REQUIRE(rules.size() == 6);
  // Ingress first: one rule per peer.
  for (int i = 0; i < 4; ++i) {
    INFO(i);
    CHECK(rules[i].direction == Direction::kIngress);
    CHECK(rules[i].security_group.address == "aws_security_group.web");
    CHECK(rules[i].provenance.address == "aws_security_group.web.ingress[0]");
    CHECK(rules[i].provenance.location.str() == "main.tf:30:3");
    CHECK(rules[i].match.protocol.value == "tcp");
    CHECK(rules[i].match.from_port->value == 443);
    CHECK(rules[i].match.to_port->value == 443);
    CHECK(rules[i].description == "https");
    CHECK(rules[i].unknowns.empty());
  }
  CHECK(rules[0].cidr->value == "10.0.0.0/8");
  CHECK(rules[1].cidr->value == "192.168.0.0/16");
  CHECK(rules[2].peer_group.address == "aws_security_group.db");
  CHECK(rules[3].self);
  CHECK(rules[4].match.protocol.value == "1");
  CHECK(rules[4].match.from_port->value == 8);
  CHECK(rules[4].cidr->value == "::/0");
  CHECK(rules[5].direction == Direction::kEgress);
  CHECK(rules[5].provenance.address == "aws_security_group.web.egress[0]");
  CHECK(rules[5].provenance.location.str() == "main.tf:23:3");
  CHECK(rules[5].match.protocol.value == "-1");
  CHECK(!rules[5].match.from_port);  // -1 means every port
  CHECK(rules[5].cidr->value == "0.0.0.0/0");
}

TEST_CASE("unknown rule values are widened and listed", "[frontends][terraform][mapping]") {
  ConfigBuilder b = withVpc();
  b.add("aws_security_group.web", {{"vpc_id", unknown("aws_vpc.main.id")}},
        {block("ingress",
               {{"from_port", unknown("var.port")},
                {"to_port", unknown("var.port")},
                {"protocol", str("tcp")},
                {"cidr_blocks", list({str("10.0.0.0/8"), unknown("var.office_cidr")})},
                {"security_groups", strs({"sg-0123"})},
                {"prefix_list_ids", list({unknown("data.aws_ec2_managed_prefix_list.s3.id")})}},
               20),
         block("egress",
               {{"from_port", num(0)},
                {"to_port", num(0)},
                {"protocol", unknown("var.protocol")},
                {"cidr_blocks", unknown("var.egress_cidrs")}},
               30)});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  const auto& rules = r.security_group_rules;
  REQUIRE(rules.size() == 5);
  // Every ingress rule carries the unknown ports, and all ports.
  for (int i = 0; i < 4; ++i) {
    INFO(i);
    CHECK(!rules[i].match.from_port);
    CHECK(!rules[i].match.to_port);
    REQUIRE(rules[i].unknowns.size() >= 2);
    CHECK(rules[i].unknowns[0].description == "var.port");
    CHECK(rules[i].unknowns[0].location.str() == "main.tf:21:3");
  }
  CHECK(rules[0].cidr->value == "10.0.0.0/8");
  CHECK(rules[0].unknowns.size() == 2);
  CHECK(rules[1].cidr->value == "0.0.0.0/0");
  REQUIRE(rules[1].unknowns.size() == 3);
  CHECK(rules[1].unknowns[2].description == "var.office_cidr");
  CHECK(rules[1].unknowns[2].location.str() == "main.tf:24:3");
  // A prefix list outside the configuration (AWS-managed).
  CHECK(rules[2].cidr->value == "0.0.0.0/0");
  CHECK(!rules[2].prefix_list.given());
  CHECK(rules[2].unknowns[2].description == "data.aws_ec2_managed_prefix_list.s3.id");
  // A group id no instance carries.
  CHECK(rules[3].cidr->value == "0.0.0.0/0");
  CHECK(!rules[3].peer_group.given());
  CHECK(rules[3].unknowns[2].description == "sg-0123");
  // Unknown protocol and unknown list of CIDRs: one widest rule.
  CHECK(rules[4].match.protocol.value == "-1");
  CHECK(rules[4].cidr->value == "0.0.0.0/0");
  REQUIRE(rules[4].unknowns.size() == 2);
  CHECK(rules[4].unknowns[0].description == "var.protocol");
  CHECK(rules[4].unknowns[1].description == "var.egress_cidrs");
}

TEST_CASE("security group rule resources", "[frontends][terraform][mapping]") {
  ConfigBuilder b = withVpc();
  b.add("aws_security_group.web", {{"id", str("sg-web")}, {"vpc_id", str("vpc-1")}});
  b.add("aws_security_group.lb", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_security_group_rule.from_lb",
        {{"type", str("ingress")},
         {"security_group_id", unknown("aws_security_group.web.id")},
         {"protocol", str("tcp")},
         {"from_port", num(80)},
         {"to_port", str("80")},
         {"source_security_group_id", unknown("aws_security_group.lb.id")}});
  b.add("aws_security_group_rule.out", {{"type", str("egress")},
                                        {"security_group_id", str("sg-web")},
                                        {"protocol", str("all")},
                                        {"from_port", num(0)},
                                        {"to_port", num(65535)},
                                        {"cidr_blocks", strs({"10.0.0.0/16", "10.1.0.0/16"})}});
  b.add("aws_vpc_security_group_ingress_rule.ssh",
        {{"security_group_id", unknown("aws_security_group.web.id")},
         {"cidr_ipv4", str("192.0.2.0/24")},
         {"ip_protocol", str("tcp")},
         {"from_port", num(22)},
         {"to_port", num(22)}});
  b.add("aws_vpc_security_group_egress_rule.all",
        {{"security_group_id", unknown("aws_security_group.web.id")},
         {"referenced_security_group_id", unknown("aws_security_group.lb.id")},
         {"ip_protocol", str("-1")},
         {"from_port", num(5)},
         {"to_port", num(6)}});
  b.add("aws_vpc_security_group_ingress_rule.none",
        {{"security_group_id", unknown("aws_security_group.web.id")}, {"ip_protocol", str("-1")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:71:1: error[terraform-invalid]: aws_vpc_security_group_ingress_rule.none: needs "
        "exactly one of cidr_ipv4, cidr_ipv6, prefix_list_id and referenced_security_group_id, "
        "found 0\n");
  REQUIRE(r.security_groups.size() == 2);
  CHECK(r.security_groups[0].vpc.address == "aws_vpc.main");
  const auto& rules = r.security_group_rules;
  REQUIRE(rules.size() == 5);
  CHECK(rules[0].provenance.address == "aws_security_group_rule.from_lb");
  CHECK(rules[0].security_group.address == "aws_security_group.web");
  CHECK(rules[0].peer_group.address == "aws_security_group.lb");
  CHECK(rules[0].match.to_port->value == 80);
  CHECK(rules[1].direction == Direction::kEgress);
  CHECK(rules[1].security_group.address == "aws_security_group.web");
  CHECK(rules[1].cidr->value == "10.0.0.0/16");
  CHECK(rules[1].match.protocol.value == "all");
  CHECK(!rules[1].match.from_port);
  CHECK(rules[2].cidr->value == "10.1.0.0/16");
  CHECK(rules[3].direction == Direction::kIngress);
  CHECK(rules[3].cidr->value == "192.0.2.0/24");
  CHECK(rules[3].match.from_port->value == 22);
  CHECK(rules[4].direction == Direction::kEgress);
  CHECK(rules[4].peer_group.address == "aws_security_group.lb");
  CHECK(!rules[4].match.from_port);  // ip_protocol -1 ignores the ports
}

TEST_CASE("the default security group is adopted", "[frontends][terraform][mapping]") {
  ConfigBuilder b = withVpc();
  b.add("aws_default_security_group.default", {{"vpc_id", unknown("aws_vpc.main.id")}},
        {block("ingress",
               {{"from_port", num(0)},
                {"to_port", num(0)},
                {"protocol", str("-1")},
                {"self", boolean(true)}},
               20)});
  b.add("aws_security_group_rule.extra",
        {{"type", str("egress")},
         {"security_group_id", unknown("aws_vpc.main.default_security_group_id")},
         {"protocol", str("tcp")},
         {"from_port", num(443)},
         {"to_port", num(443)},
         {"cidr_blocks", strs({"0.0.0.0/0"})}});
  b.add("aws_security_group_rule.by_id", {{"type", str("egress")},
                                          {"security_group_id", str("sg-default")},
                                          {"protocol", str("udp")},
                                          {"from_port", num(53)},
                                          {"to_port", num(53)},
                                          {"cidr_blocks", strs({"10.0.0.2/32"})}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.security_groups.size() == 1);
  CHECK(r.security_groups[0].is_default);
  CHECK(r.security_groups[0].name == "aws_default_security_group.default");
  REQUIRE(r.security_group_rules.size() == 3);
  CHECK(r.security_group_rules[0].self);
  for (const auto& rule : r.security_group_rules)
    CHECK(rule.security_group.address == "aws_default_security_group.default");
}

TEST_CASE("network ACLs, their rules and associations", "[frontends][terraform][mapping]") {
  ConfigBuilder b = withVpc();
  b.add("aws_subnet.a[0]",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"cidr_block", str("10.0.1.0/24")}});
  b.add("aws_subnet.a[1]",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"cidr_block", str("10.0.2.0/24")}});
  b.add("aws_network_acl.app",
        {{"vpc_id", unknown("aws_vpc.main.id")},
         {"subnet_ids", list({unknown("aws_subnet.a[0].id")})},
         {"egress", list({object({{"rule_no", num(100)},
                                  {"action", str("allow")},
                                  {"protocol", str("6")},
                                  {"cidr_block", str("0.0.0.0/0")},
                                  {"ipv6_cidr_block", str("")},
                                  {"from_port", num(1024)},
                                  {"to_port", num(65535)},
                                  {"icmp_type", num(0)},
                                  {"icmp_code", num(0)}})})}},
        {block("ingress",
               {{"rule_no", num(90)},
                {"action", str("deny")},
                {"protocol", str("icmp")},
                {"cidr_block", unknown("var.blocked")},
                {"from_port", num(0)},
                {"to_port", num(0)},
                {"icmp_type", num(8)},
                {"icmp_code", num(-1)}},
               40)});
  b.add("aws_network_acl_rule.in", {{"network_acl_id", unknown("aws_network_acl.app.id")},
                                    {"rule_number", num(200)},
                                    {"egress", boolean(false)},
                                    {"protocol", str("tcp")},
                                    {"rule_action", str("allow")},
                                    {"cidr_block", str("10.0.0.0/8")},
                                    {"from_port", num(443)},
                                    {"to_port", num(443)}});
  b.add("aws_network_acl_rule.unplaced", {{"network_acl_id", unknown("aws_network_acl.app.id")},
                                          {"rule_number", unknown("var.rule_number")},
                                          {"protocol", str("-1")},
                                          {"rule_action", str("deny")},
                                          {"cidr_block", str("0.0.0.0/0")}});
  b.add("aws_network_acl_association.a1", {{"network_acl_id", unknown("aws_network_acl.app.id")},
                                           {"subnet_id", unknown("aws_subnet.a[1].id")}});
  b.add("aws_default_network_acl.default",
        {{"default_network_acl_id", unknown("aws_vpc.main.default_network_acl_id")}},
        {block("egress",
               {{"rule_no", num(100)},
                {"action", str("allow")},
                {"protocol", str("-1")},
                {"cidr_block", str("0.0.0.0/0")},
                {"from_port", num(0)},
                {"to_port", num(0)}},
               75)});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:53:3: warning[unknown-value]: 'var.rule_number' is not known: network ACL rule "
        "aws_network_acl_rule.unplaced is left out\n");
  REQUIRE(r.network_acls.size() == 2);
  CHECK(r.network_acls[0].vpc.address == "aws_vpc.main");
  CHECK(!r.network_acls[0].is_default);
  CHECK(r.network_acls[1].is_default);
  CHECK(r.network_acls[1].vpc.address == "aws_vpc.main");
  REQUIRE(r.network_acl_associations.size() == 2);
  CHECK(r.network_acl_associations[0].subnet.address == "aws_subnet.a[0]");
  CHECK(r.network_acl_associations[0].network_acl.address == "aws_network_acl.app");
  CHECK(r.network_acl_associations[1].subnet.address == "aws_subnet.a[1]");
  const auto& rules = r.network_acl_rules;
  REQUIRE(rules.size() == 4);
  CHECK(rules[0].direction == Direction::kIngress);
  CHECK(rules[0].number.value == 90);
  CHECK(rules[0].action.value == "deny");
  CHECK(rules[0].cidr.value == "0.0.0.0/0");
  REQUIRE(rules[0].unknowns.size() == 1);
  CHECK(rules[0].unknowns[0].description == "var.blocked");
  CHECK(rules[0].match.icmp_type->value == 8);
  CHECK(rules[0].match.icmp_code->value == -1);
  CHECK(!rules[0].match.from_port);  // ACL entries carry ICMP in icmp_type and icmp_code
  CHECK(rules[1].direction == Direction::kEgress);
  CHECK(rules[1].match.protocol.value == "6");
  CHECK(rules[1].match.from_port->value == 1024);
  CHECK(rules[1].cidr.value == "0.0.0.0/0");
  CHECK(rules[1].provenance.address == "aws_network_acl.app.egress[0]");
  CHECK(rules[2].network_acl.address == "aws_default_network_acl.default");
  CHECK(rules[2].direction == Direction::kEgress);
  CHECK(rules[3].number.value == 200);
  CHECK(rules[3].network_acl.address == "aws_network_acl.app");
}

}  // namespace
}  // namespace segproof::terraform

namespace segproof::terraform {
namespace {

using namespace testing;

TEST_CASE("a security group without vpc_id lives in the region's default VPC",
          "[frontends][terraform][mapping]") {
  SECTION("added once when the configuration does not declare it") {
    ConfigBuilder b = withVpc();
    b.add("aws_security_group.a", {{"name", str("a")}});
    b.add("aws_security_group.b", {{"name", str("b")}});
    DiagnosticEngine diags;
    aws::Resources out = mapConfig(b.config, diags);
    REQUIRE(out.vpcs.size() == 2);
    CHECK(out.vpcs[1].name == "default VPC");
    CHECK(out.vpcs[1].cidrs.at(0).value == "172.31.0.0/16");
    REQUIRE(out.security_groups.size() == 2);
    CHECK(out.security_groups[0].vpc.address == "default VPC");
    CHECK(out.security_groups[1].vpc.address == "default VPC");
    REQUIRE(diags.diagnostics().size() == 1);
    CHECK(diags.diagnostics()[0].code == "terraform-default-vpc");
  }
  SECTION("the configuration's aws_default_vpc when it has one") {
    ConfigBuilder b;
    b.add("aws_default_vpc.this", {{"tags", object({{"Name", str("default")}})}});
    b.add("aws_security_group.a", {{"name", str("a")}});
    DiagnosticEngine diags;
    aws::Resources out = mapConfig(b.config, diags);
    REQUIRE(out.vpcs.size() == 1);
    CHECK(out.vpcs[0].name == "aws_default_vpc.this");
    CHECK(out.vpcs[0].cidrs.at(0).value == "172.31.0.0/16");
    REQUIRE(out.security_groups.size() == 1);
    CHECK(out.security_groups[0].vpc.address == "aws_default_vpc.this");
    CHECK(diags.diagnostics().empty());
  }
}

}  // namespace
}  // namespace segproof::terraform

namespace segproof::terraform {
namespace {

using namespace testing;

TEST_CASE("an interface whose group is not known makes membership uncertain",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = withVpc();
  b.add("aws_subnet.a", {{"vpc_id", unknown("aws_vpc.main.id")}, {"cidr_block", str("10.0.1.0/24")}});
  b.add("aws_security_group.app", {{"vpc_id", unknown("aws_vpc.main.id")}});
  // A conditional over a resource attribute is not a reference to it.
  b.add("aws_instance.other",
        {{"subnet_id", unknown("aws_subnet.a.id")},
         {"vpc_security_group_ids",
          list({unknown("aws_security_group.app.id != \"\" ? ... : ...")})}});
  DiagnosticEngine diags;
  aws::Resources out = mapConfig(b.config, diags);
  REQUIRE(out.instances.size() == 1);
  REQUIRE(out.instances[0].security_groups.size() == 1);
  CHECK(out.instances[0].security_groups[0].address != "aws_security_group.app");
  REQUIRE(out.uncertainties.size() == 1);
  CHECK(out.uncertainties[0].value.description ==
        "aws_security_group.app.id != \"\" ? ... : ...");
  CHECK(out.uncertainties[0].vpc.address == "aws_vpc.main");
}

TEST_CASE("for lint, a rule's group outside the configuration is kept as an unknown peer",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = withVpc();
  b.add("aws_security_group.app", {{"vpc_id", unknown("aws_vpc.main.id")}},
        {block("ingress",
               {{"protocol", str("tcp")},
                {"from_port", num(443)},
                {"to_port", num(443)},
                {"security_groups",
                 list({str("sg-0abc"), unknown("data.aws_security_group.shared.id")})},
                {"self", unknown("var.self")}},
               15)});
  for (bool keep : {false, true}) {
    DiagnosticEngine diags;
    aws::Resources out;
    out.keep_unplaced = keep;
    mapAwsResources(b.config, out, diags);
    REQUIRE(out.security_group_rules.size() == 3);
    for (const aws::SecurityGroupRuleSpec& rule : out.security_group_rules) {
      CHECK(rule.cidr->value == "0.0.0.0/0");  // the stand-in, either way
      CHECK(rule.unknowns.size() == 1);
    }
    const aws::Ref& id = out.security_group_rules[0].peer_group;
    const aws::Ref& data = out.security_group_rules[1].peer_group;
    if (keep) {
      CHECK((id.address == "sg-0abc" && id.unknown));
      CHECK((data.address == "data.aws_security_group.shared.id" && data.unknown));
    } else {
      CHECK(!id.given());
      CHECK(!data.given());
    }
    CHECK(!out.security_group_rules[2].peer_group.given());  // whether `self` holds
  }
}

// `segproof drift` matches groups by the name AWS knows them by, and by the
// id a plan or a state gives (docs/drift.md).
TEST_CASE("a security group's name and id become its cloud name and id",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = withVpc();
  b.add("aws_security_group.web", {{"vpc_id", unknown("aws_vpc.main.id")},
                                   {"name", str("prod-web")},
                                   {"id", str("sg-0d5e0000000000001")}});
  b.add("aws_security_group.db",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"name", unknown("var.db_group_name")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(r.security_groups.size() == 2);
  CHECK(r.security_groups[0].provenance.cloud_name == "prod-web");
  CHECK(r.security_groups[0].provenance.cloud_id == "sg-0d5e0000000000001");
  CHECK(r.security_groups[1].provenance.cloud_name == "");  // not known before apply
  CHECK(r.security_groups[1].provenance.cloud_id == "");
  REQUIRE(r.vpcs.size() == 1);
  CHECK(r.vpcs[0].provenance.cloud_id == "vpc-1");
  CHECK(r.vpcs[0].provenance.cloud_name == "");  // a VPC has no name but its Name tag
}

TEST_CASE("prefix lists get the names AWS lists them by", "[frontends][terraform][mapping]") {
  ConfigBuilder b = withVpc();
  b.add("aws_ec2_managed_prefix_list.office", {{"name", str("office-vpn")}});
  b.add("aws_vpc_endpoint.s3", {{"vpc_id", unknown("aws_vpc.main.id")},
                                {"service_name", str("com.amazonaws.eu-west-1.s3")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  INFO(diags.renderAll());
  REQUIRE(r.prefix_lists.size() == 2);
  CHECK(r.prefix_lists[0].name == "aws_ec2_managed_prefix_list.office");
  CHECK(r.prefix_lists[0].provenance.cloud_name == "office-vpn");
  CHECK(r.prefix_lists[1].name == "aws-managed:com.amazonaws.eu-west-1.s3");
  CHECK(r.prefix_lists[1].provenance.cloud_name == "com.amazonaws.eu-west-1.s3");
}

}  // namespace
}  // namespace segproof::terraform
