// Instances, network interfaces and databases from Terraform resources.
#include <catch2/catch.hpp>

#include "frontends/terraform/mapping/mapping_test_util.h"

namespace segproof::terraform {
namespace {

using namespace testing;

// Resources 0-3: a VPC, a subnet, a group and a data source group.
ConfigBuilder network() {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"cidr_block", str("10.0.0.0/16")}, {"id", str("vpc-1")}});
  b.add("aws_subnet.a", {{"vpc_id", unknown("aws_vpc.main.id")},
                         {"cidr_block", str("10.0.1.0/24")},
                         {"id", str("subnet-1")}});
  b.add("aws_security_group.web",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"name", str("web")}, {"id", str("sg-web")}});
  b.add("data.aws_security_group.shared", {{"id", str("sg-shared")}});
  return b;
}

TEST_CASE("instances and their groups", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_instance.web[0]",
        {{"subnet_id", unknown("aws_subnet.a.id")},
         {"vpc_security_group_ids", list({unknown("aws_security_group.web.id"), str("sg-web")})},
         {"private_ip", str("10.0.1.10")},
         {"secondary_private_ips", strs({"10.0.1.11"})},
         {"associate_public_ip_address", boolean(true)},
         {"source_dest_check", boolean(false)},
         {"tags", object({{"Name", str("web")}})}});
  b.add("aws_instance.legacy",
        {{"subnet_id", str("subnet-1")}, {"security_groups", strs({"web"})}});
  b.add("aws_instance.default_group", {{"subnet_id", unknown("aws_subnet.a.id")}});
  b.add("aws_instance.by_default_name",
        {{"subnet_id", unknown("aws_subnet.a.id")}, {"security_groups", strs({"default"})}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.instances.size() == 4);
  const aws::InstanceSpec& web = r.instances[0];
  CHECK(web.name == "aws_instance.web[0]");
  CHECK(web.provenance.location.str() == "main.tf:41:1");
  CHECK(web.subnet.address == "aws_subnet.a");
  REQUIRE(web.security_groups.size() == 1);  // the same group twice
  CHECK(web.security_groups[0].address == "aws_security_group.web");
  REQUIRE(web.private_ips.size() == 2);
  CHECK(web.private_ips[1].value == "10.0.1.11");
  CHECK(web.public_ip.associate->value);
  CHECK(!web.source_dest_check);
  CHECK(web.tags.at("Name") == "web");
  CHECK(r.instances[1].subnet.address == "aws_subnet.a");
  REQUIRE(r.instances[1].security_groups.size() == 1);
  CHECK(r.instances[1].security_groups[0].address == "aws_security_group.web");
  CHECK(r.instances[2].security_groups.empty());  // the builder gives the default group
  REQUIRE(r.instances[3].security_groups.size() == 1);
  CHECK(r.instances[3].security_groups[0].address == "aws_vpc.main/default-security-group");
  CHECK(r.security_groups.size() == 1);
}

TEST_CASE("groups outside the configuration become synthetic allow-all groups",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_instance.app",
        {{"subnet_id", unknown("aws_subnet.a.id")},
         {"vpc_security_group_ids",
          list({unknown("data.aws_security_group.shared.id"), str("sg-0123")})}});
  b.add("aws_network_interface.eni",
        {{"subnet_id", unknown("aws_subnet.a.id")}, {"security_groups", strs({"sg-shared"})}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  INFO(diags.renderAll());
  REQUIRE(onlyMembershipWarnings(diags));
  REQUIRE(r.instances.size() == 1);
  REQUIRE(r.instances[0].security_groups.size() == 2);
  CHECK(r.instances[0].security_groups[0].address == "data.aws_security_group.shared");
  CHECK(r.instances[0].security_groups[1].address == "sg-0123");
  REQUIRE(r.network_interfaces.size() == 1);
  CHECK(r.network_interfaces[0].security_groups[0].address == "sg-shared");
  REQUIRE(r.security_groups.size() == 4);
  const aws::SecurityGroupSpec& shared = r.security_groups[1];
  CHECK(shared.name == "data.aws_security_group.shared");
  CHECK(shared.vpc.address == "aws_vpc.main");
  CHECK(!shared.keep_default_egress);
  // One allow-all rule each way per synthetic group, naming the unknown.
  REQUIRE(r.security_group_rules.size() == 6);
  const aws::SecurityGroupRuleSpec& in = r.security_group_rules[0];
  CHECK(in.security_group.address == "data.aws_security_group.shared");
  CHECK(in.direction == Direction::kIngress);
  CHECK(in.match.protocol.value == "-1");
  CHECK(in.cidr->value == "0.0.0.0/0");
  REQUIRE(in.unknowns.size() == 1);
  CHECK(in.unknowns[0].description == "data.aws_security_group.shared.id");
  CHECK(in.unknowns[0].location.str() == "main.tf:43:3");
  CHECK(r.security_group_rules[1].direction == Direction::kEgress);
}

TEST_CASE("network interfaces, their attachments and group attachments",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_network_interface.primary",
        {{"subnet_id", unknown("aws_subnet.a.id")},
         {"private_ips", strs({"10.0.1.20"})},
         {"security_groups", list({unknown("aws_security_group.web.id")})},
         {"source_dest_check", boolean(false)}});
  b.add("aws_network_interface.second", {{"subnet_id", unknown("aws_subnet.a.id")}});
  b.add("aws_network_interface.third", {{"subnet_id", unknown("aws_subnet.a.id")}},
        {block("attachment",
               {{"instance", unknown("aws_instance.fw.id")}, {"device_index", num(2)}}, 66)});
  b.add("aws_instance.fw", {},
        {block("network_interface",
               {{"network_interface_id", unknown("aws_network_interface.primary.id")},
                {"device_index", num(0)}},
               72),
         block("network_interface",
               {{"network_interface_id", unknown("aws_network_interface.second.id")},
                {"device_index", num(1)}},
               75)});
  b.add("aws_network_interface.fourth", {{"subnet_id", unknown("aws_subnet.a.id")}});
  b.add("aws_network_interface_attachment.fourth",
        {{"instance_id", unknown("aws_instance.fw.id")},
         {"network_interface_id", unknown("aws_network_interface.fourth.id")},
         {"device_index", num(3)}});
  b.add("aws_network_interface_sg_attachment.extra",
        {{"security_group_id", unknown("data.aws_security_group.shared.id")},
         {"network_interface_id", unknown("aws_network_interface.fourth.id")}});
  b.add("aws_eip.fw", {{"network_interface", unknown("aws_network_interface.primary.id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  INFO(diags.renderAll());
  REQUIRE(onlyMembershipWarnings(diags));
  // The primary interface is the instance.
  REQUIRE(r.instances.size() == 1);
  const aws::InstanceSpec& fw = r.instances[0];
  CHECK(fw.subnet.address == "aws_subnet.a");
  REQUIRE(fw.private_ips.size() == 1);
  CHECK(fw.private_ips[0].value == "10.0.1.20");
  REQUIRE(fw.security_groups.size() == 1);
  CHECK(fw.security_groups[0].address == "aws_security_group.web");
  CHECK(!fw.source_dest_check);
  REQUIRE(r.network_interfaces.size() == 3);
  CHECK(r.network_interfaces[0].name == "aws_network_interface.second");
  CHECK(r.network_interfaces[0].attached_instance.address == "aws_instance.fw");
  CHECK(r.network_interfaces[1].attached_instance.address == "aws_instance.fw");
  const aws::NetworkInterfaceSpec& fourth = r.network_interfaces[2];
  CHECK(fourth.attached_instance.address == "aws_instance.fw");
  // It had the VPC's default group, which it keeps.
  REQUIRE(fourth.security_groups.size() == 2);
  CHECK(fourth.security_groups[0].address == "aws_vpc.main/default-security-group");
  CHECK(fourth.security_groups[1].address == "data.aws_security_group.shared");
  REQUIRE(r.elastic_ips.size() == 1);
  CHECK(r.elastic_ips[0].network_interface.address == "aws_instance.fw");
}

TEST_CASE("IPv6 addresses of instances and network interfaces",
          "[frontends][terraform][mapping][ipv6]") {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"cidr_block", str("10.0.0.0/16")},
                         {"ipv6_cidr_block", str("2001:db8::/56")},
                         {"assign_generated_ipv6_cidr_block", boolean(true)}});
  b.add("aws_subnet.a", {{"vpc_id", unknown("aws_vpc.main.id")},
                         {"cidr_block", str("10.0.1.0/24")},
                         {"ipv6_cidr_block", str("2001:db8:0:1::/64")}});
  b.add("aws_subnet.b",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"cidr_block", str("10.0.2.0/24")}});
  b.add("aws_subnet.c", {{"vpc_id", unknown("aws_vpc.main.id")},
                         {"cidr_block", str("10.0.3.0/24")},
                         {"ipv6_cidr_block", unknown("var.c_block")}});
  b.add("aws_instance.fixed", {{"subnet_id", unknown("aws_subnet.a.id")},
                               {"ipv6_addresses", strs({"2001:db8:0:1::10"})}});
  b.add("aws_instance.counted",
        {{"subnet_id", unknown("aws_subnet.a.id")}, {"ipv6_address_count", num(2)}});
  b.add("aws_network_interface.eni",
        {{"subnet_id", unknown("aws_subnet.a.id")},
         {"ipv6_addresses", list({str("2001:db8:0:1::11"), unknown("var.address")})}});
  b.add("aws_instance.later",
        {{"subnet_id", unknown("aws_subnet.c.id")}, {"ipv6_address_count", num(1)}});
  b.add("aws_instance.maybe",
        {{"subnet_id", unknown("aws_subnet.a.id")}, {"ipv6_address_count", unknown("var.n")}});
  b.add("aws_instance.v4",
        {{"subnet_id", unknown("aws_subnet.b.id")}, {"ipv6_addresses", unknown("var.list")}});
  // A state lists the addresses its count gives.
  b.add("aws_instance.state", {{"subnet_id", unknown("aws_subnet.a.id")},
                               {"ipv6_address_count", num(1)},
                               {"ipv6_addresses", strs({"2001:db8:0:1::12"})}});
  b.add("aws_network_interface.primary",
        {{"subnet_id", unknown("aws_subnet.a.id")}, {"ipv6_address_count", num(1)}});
  b.add("aws_instance.fw", {},
        {block("network_interface",
               {{"network_interface_id", unknown("aws_network_interface.primary.id")},
                {"device_index", num(0)}},
               122)});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:34:3: warning[unknown-value]: 'var.c_block' is not known: the IPv6 block of "
        "aws_subnet.c is known only after apply: its IPv6 addresses are left out\n"
        "main.tf:83:3: warning[unknown-value]: 'var.n' is not known: aws_instance.maybe is taken "
        "to have an IPv6 address\n");
  auto instanceNamed = [&](const std::string& name) -> const aws::InstanceSpec& {
    for (const aws::InstanceSpec& spec : r.instances)
      if (spec.name == name) return spec;
    FAIL("no instance " << name);
    return r.instances.front();
  };
  const aws::Ipv6Spec& fixed = instanceNamed("aws_instance.fixed").ipv6;
  REQUIRE(fixed.addresses.size() == 1);
  CHECK(fixed.addresses[0].value == "2001:db8:0:1::10");
  CHECK(fixed.addresses[0].location.str() == "main.tf:43:3");
  CHECK_FALSE(fixed.count);
  CHECK(instanceNamed("aws_instance.counted").ipv6.count->value == 2);
  REQUIRE(r.network_interfaces.size() == 1);
  const aws::Ipv6Spec& eni = r.network_interfaces[0].ipv6;
  CHECK(eni.addresses.size() == 1);
  CHECK(eni.count->value == 2);  // the unknown one is some address of the block
  const aws::Ipv6Spec& later = instanceNamed("aws_instance.later").ipv6;
  CHECK((later.addresses.empty() && !later.count));  // left out with the block
  const aws::Ipv6Spec& maybe = instanceNamed("aws_instance.maybe").ipv6;
  CHECK(maybe.count->value == 1);
  CHECK(maybe.count->location.str() == "main.tf:83:3");
  const aws::Ipv6Spec& v4 = instanceNamed("aws_instance.v4").ipv6;
  CHECK((v4.addresses.empty() && !v4.count));  // its subnet has no IPv6 block to give
  const aws::Ipv6Spec& state = instanceNamed("aws_instance.state").ipv6;
  CHECK(state.addresses.size() == 1);
  CHECK(state.count->value == 1);
  CHECK(instanceNamed("aws_instance.fw").ipv6.count->value == 1);
}

TEST_CASE("an instance that cannot be placed is left out", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_instance.somewhere", {{"ami", str("ami-1")}});
  b.add("aws_instance.shared", {{"subnet_id", unknown("data.aws_subnet.shared.id")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:41:1: warning[unknown-value]: 'aws_instance.somewhere.subnet_id' is not known: "
        "aws_instance.somewhere is left out\n"
        "main.tf:52:3: warning[unknown-value]: 'data.aws_subnet.shared.id' is not known: "
        "aws_instance.shared is left out\n");
  CHECK(r.instances.empty());
  CHECK(r.uncertainties.size() == 2);
}

TEST_CASE("databases and DB subnet groups", "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_subnet.b",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"cidr_block", str("10.0.2.0/24")}});
  b.add("aws_db_subnet_group.db",
        {{"name", str("main-db")},
         {"subnet_ids", list({unknown("aws_subnet.a.id"), unknown("aws_subnet.b.id")})}});
  b.add("aws_db_instance.by_reference",
        {{"db_subnet_group_name", unknown("aws_db_subnet_group.db.name")},
         {"vpc_security_group_ids", list({unknown("aws_security_group.web.id")})},
         {"publicly_accessible", boolean(true)},
         {"port", num(5432)}});
  b.add("aws_db_instance.by_name",
        {{"db_subnet_group_name", str("main-db")}, {"publicly_accessible", unknown("var.public")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:73:3: warning[unknown-value]: 'var.public' is not known: "
        "aws_db_instance.by_name is taken to be publicly accessible\n");
  REQUIRE(r.subnet_groups.size() == 1);
  CHECK(r.subnet_groups[0].subnets.size() == 2);
  REQUIRE(r.services.size() == 2);
  CHECK(r.services[0].subnet_group.address == "aws_db_subnet_group.db");
  CHECK(r.services[0].publicly_accessible);
  CHECK(r.services[0].port->value == 5432);
  CHECK(r.services[0].security_groups[0].address == "aws_security_group.web");
  CHECK(r.services[1].subnet_group.address == "aws_db_subnet_group.db");
  CHECK(r.services[1].publicly_accessible);
  CHECK(r.uncertainties[0].vpc.address == "aws_vpc.main");
}

}  // namespace
}  // namespace segproof::terraform
