// ModelBuilder: VPC defaults, subnets, associations, CIDRs, references.
#include "aws/model_builder.h"

#include <catch2/catch.hpp>

#include "aws/test_resources.h"

namespace segproof::aws {
namespace {

using namespace testing;

TEST_CASE("a VPC gets an implicit default security group admitting its own members",
          "[aws][defaults]") {
  DiagnosticEngine diags;
  Network net = buildNetwork(basic(), diags);
  REQUIRE(diags.renderAll() == "");
  const Vpc& prod = named(net.vpcs, "prod");
  REQUIRE(prod.default_security_group.valid());
  const SecurityGroup& group = net.at(prod.default_security_group);
  CHECK(group.name == "prod/default-security-group");
  CHECK(group.provenance.address == "prod/default-security-group");
  CHECK(group.provenance.location.str() == "net.yaml:1:3");
  CHECK(group.is_default);
  REQUIRE(group.rules.size() == 2);
  const SecurityGroupRule& in = group.rules[0];
  CHECK(in.direction == Direction::kIngress);
  CHECK(in.match.protocol == kAnyProtocol);
  CHECK(in.peer.kind == RulePeer::Kind::kSecurityGroup);
  CHECK(in.peer.security_group == prod.default_security_group);
  const SecurityGroupRule& out = group.rules[1];
  CHECK(out.direction == Direction::kEgress);
  CHECK(out.match.protocol == kAnyProtocol);
  CHECK(out.peer.kind == RulePeer::Kind::kCidr);
  CHECK(out.peer.cidr == anyV4());
}

TEST_CASE("a VPC gets an implicit default network ACL allowing all traffic both ways",
          "[aws][defaults]") {
  DiagnosticEngine diags;
  Network net = buildNetwork(basic(), diags);
  const Vpc& prod = named(net.vpcs, "prod");
  REQUIRE(prod.default_network_acl.valid());
  const NetworkAcl& acl = net.at(prod.default_network_acl);
  CHECK(acl.name == "prod/default-network-acl");
  CHECK(acl.is_default);
  REQUIRE(acl.rules.size() == 2);
  for (const NetworkAclRule& rule : acl.rules) {
    CHECK(rule.number == 100);
    CHECK(rule.allow);
    CHECK(rule.match.protocol == kAnyProtocol);
    CHECK(rule.cidr == anyV4());
  }
  CHECK(acl.rules[0].direction == Direction::kIngress);
  CHECK(acl.rules[1].direction == Direction::kEgress);
}

TEST_CASE("a VPC gets an implicit main route table with its local route", "[aws][defaults]") {
  DiagnosticEngine diags;
  Network net = buildNetwork(basic(), diags);
  const Vpc& prod = named(net.vpcs, "prod");
  REQUIRE(prod.main_route_table.valid());
  const RouteTable& main = net.at(prod.main_route_table);
  CHECK(main.name == "prod/main-route-table");
  CHECK(main.is_main);
  REQUIRE(main.routes.size() == 1);
  CHECK(main.routes[0].target == RouteTargetKind::kLocal);
  CHECK(main.routes[0].destination.str() == "10.0.0.0/16");
}

TEST_CASE("every route table routes each block of its VPC locally, IPv4 and IPv6", "[aws][routes]") {
  Resources r = basic();
  r.vpcs[0].cidrs.push_back(text("10.50.0.0/16", 1));
  r.vpcs[0].cidrs.push_back(text("2001:db8::/56", 1));
  r.route_tables.push_back(table("public-rt", "prod", 5));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() == "");
  const RouteTable& rt = named(net.route_tables, "public-rt");
  REQUIRE(rt.routes.size() == 3);
  CHECK(rt.routes[0].destination.str() == "10.0.0.0/16");
  CHECK(rt.routes[1].destination.str() == "10.50.0.0/16");
  CHECK(rt.routes[2].destination.str() == "2001:db8::/56");
  for (const Route& route : rt.routes) {
    CHECK(route.target == RouteTargetKind::kLocal);
    CHECK(route.provenance.location.str() == "net.yaml:5:3");
    CHECK(route.provenance.address == "public-rt");
  }
}

TEST_CASE("a subnet without associations uses the main route table and the default ACL",
          "[aws][defaults]") {
  DiagnosticEngine diags;
  Network net = buildNetwork(basic(), diags);
  const Subnet& web = named(net.subnets, "web-a");
  const Vpc& prod = named(net.vpcs, "prod");
  CHECK(web.route_table == prod.main_route_table);
  CHECK_FALSE(web.route_table_explicit);
  CHECK(web.network_acl == prod.default_network_acl);
  CHECK_FALSE(web.network_acl_explicit);
}

TEST_CASE("explicit associations give a subnet its route table and network ACL",
          "[aws][associations]") {
  Resources r = basic();
  r.route_tables.push_back(table("public-rt", "prod", 5));
  r.network_acls.push_back(acl("web-acl", "prod", 6));
  r.route_table_associations.push_back({prov("a1", 7), ref("web-a", 7), ref("public-rt", 7)});
  r.network_acl_associations.push_back({prov("a2", 8), ref("web-a", 8), ref("web-acl", 8)});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const Subnet& web = named(net.subnets, "web-a");
  CHECK(net.at(web.route_table).name == "public-rt");
  CHECK(web.route_table_explicit);
  CHECK(net.at(web.network_acl).name == "web-acl");
  CHECK(web.network_acl_explicit);
}

TEST_CASE("a subnet can be associated with only one route table, in its own VPC",
          "[aws][associations]") {
  Resources r = basic();
  r.vpcs.push_back(vpc("test", "10.1.0.0/16", 3));
  r.route_tables.push_back(table("rt-1", "prod", 5));
  r.route_tables.push_back(table("rt-2", "prod", 6));
  r.route_tables.push_back(table("test-rt", "test", 7));
  r.route_table_associations.push_back({prov("a1", 8), ref("web-a", 8), ref("rt-1", 8)});
  r.route_table_associations.push_back({prov("a2", 9), ref("web-a", 9), ref("rt-1", 9)});
  r.route_table_associations.push_back({prov("a3", 10), ref("web-a", 10), ref("rt-2", 10)});
  r.route_table_associations.push_back({prov("a4", 11), ref("web-a", 11), ref("test-rt", 11)});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:10:3: error[duplicate-association]: subnet 'web-a' is already associated "
        "with route table 'rt-1'\n"
        "net.yaml:11:9: error[association-vpc-mismatch]: route table 'test-rt' belongs to VPC "
        "'test', not to VPC 'prod' of subnet 'web-a'\n");
  CHECK(net.at(named(net.subnets, "web-a").route_table).name == "rt-1");
}

TEST_CASE("an adopted default security group keeps only the rules written for it",
          "[aws][defaults]") {
  Resources r = basic();
  r.security_groups.push_back(group("prod-default", "prod", 4));
  r.security_groups[0].is_default = true;
  r.security_group_rules.push_back(
      rule("prod-default", Direction::kIngress, "tcp", "10.0.0.0/8", 5));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const Vpc& prod = named(net.vpcs, "prod");
  const SecurityGroup& adopted = net.at(prod.default_security_group);
  CHECK(adopted.name == "prod-default");
  CHECK(adopted.is_default);
  REQUIRE(adopted.rules.size() == 1);
  CHECK(adopted.rules[0].direction == Direction::kIngress);
  CHECK(adopted.rules[0].match.protocol == kTcp);
  CHECK(net.security_groups.size() == 1);  // no implicit group besides it
}

TEST_CASE("an adopted default network ACL keeps only the rules written for it", "[aws][defaults]") {
  Resources r = basic();
  r.network_acls.push_back(acl("prod-default", "prod", 4));
  r.network_acls[0].is_default = true;
  r.network_acl_rules.push_back(
      aclRule("prod-default", Direction::kIngress, 200, "deny", "0.0.0.0/0", 5));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const Vpc& prod = named(net.vpcs, "prod");
  const NetworkAcl& adopted = net.at(prod.default_network_acl);
  CHECK(adopted.name == "prod-default");
  REQUIRE(adopted.rules.size() == 1);
  CHECK(adopted.rules[0].number == 200);
  CHECK_FALSE(adopted.rules[0].allow);
  CHECK(net.network_acls.size() == 1);
  CHECK(named(net.subnets, "web-a").network_acl == prod.default_network_acl);
}

TEST_CASE("a VPC has one default security group and one default network ACL", "[aws][defaults]") {
  Resources r = basic();
  r.security_groups.push_back(group("d1", "prod", 4));
  r.security_groups.push_back(group("d2", "prod", 5));
  r.network_acls.push_back(acl("n1", "prod", 6));
  r.network_acls.push_back(acl("n2", "prod", 7));
  for (auto& spec : r.security_groups) spec.is_default = true;
  for (auto& spec : r.network_acls) spec.is_default = true;
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:5:3: error[duplicate-default]: VPC 'prod' already has default security "
        "group 'd1' (defined at net.yaml:4:3)\n"
        "net.yaml:7:3: error[duplicate-default]: VPC 'prod' already has default network ACL "
        "'n1' (defined at net.yaml:6:3)\n");
}

TEST_CASE("CIDRs are canonicalised with a warning naming the canonical form", "[aws][cidr]") {
  Resources r = basic();
  r.subnets[0].cidr = text("10.0.1.7/24", 2);
  DiagnosticEngine diags;
  diags.addSource("net.yaml", "vpc prod\nsubnet web-a cidr 10.0.1.7/24\n");
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:2:9: warning[non-canonical-cidr]: CIDR '10.0.1.7/24' has host bits set; AWS "
        "reads it as 10.0.1.0/24\n"
        "  subnet web-a cidr 10.0.1.7/24\n"
        "          ^\n");
  CHECK_FALSE(diags.hasErrors());
  CHECK(named(net.subnets, "web-a").cidr.str() == "10.0.1.0/24");
}

TEST_CASE("an invalid CIDR is an error at the value", "[aws][cidr]") {
  Resources r = basic();
  r.subnets[0].cidr = text("10.0.1.0/33", 2);
  r.vpcs[0].cidrs = {text("10.0.0/16", 1)};
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:1:9: error[invalid-cidr]: invalid CIDR '10.0.0/16': '10.0.0' is not an IP "
        "address\n"
        "net.yaml:2:9: error[invalid-cidr]: invalid CIDR '10.0.1.0/33': prefix length '33' is "
        "out of range (0-32)\n");
}

TEST_CASE("a VPC needs an IPv4 block and a subnet an IPv4 CIDR", "[aws][cidr]") {
  Resources r = basic();
  r.vpcs[0].cidrs = {text("2001:db8::/56", 1)};
  r.subnets[0].cidr = text("2001:db8::/64", 2);
  r.subnets.push_back(subnet("empty", "prod", "", 3));
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:1:3: error[missing-cidr]: VPC 'prod' has no IPv4 CIDR block; AWS requires "
        "one\n"
        "net.yaml:2:9: error[invalid-cidr]: subnet 'web-a' needs an IPv4 CIDR block, not "
        "2001:db8::/64\n"
        "net.yaml:3:3: error[missing-cidr]: subnet 'empty' has no IPv4 CIDR block\n");
}

TEST_CASE("an IPv6 subnet block is kept", "[aws][cidr]") {
  Resources r = basic();
  r.subnets[0].ipv6_cidr = text("2001:db8:0:1::/64", 2);
  r.subnets.push_back(subnet("web-b", "prod", "10.0.2.0/24", 3));
  r.subnets[1].ipv6_cidr = text("10.0.2.0/24", 3);
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:3:9: error[invalid-cidr]: subnet 'web-b' IPv6 block must be IPv6, not "
        "10.0.2.0/24\n");
  CHECK(named(net.subnets, "web-a").ipv6_cidr->str() == "2001:db8:0:1::/64");
}

TEST_CASE("an unknown reference is an error at the reference", "[aws][references]") {
  Resources r = basic();
  r.subnets[0].vpc = ref("prdo", 2);
  DiagnosticEngine diags;
  diags.addSource("net.yaml", "vpc prod\nsubnet web-a in prdo\n");
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:2:9: error[unknown-reference]: unknown VPC 'prdo'\n"
        "  subnet web-a in prdo\n"
        "          ^\n");
}

TEST_CASE("references resolve by name or by resource address", "[aws][references]") {
  Resources r = basic();
  r.vpcs[0].provenance.address = "aws_vpc.prod";
  r.subnets[0].vpc = ref("aws_vpc.prod", 2);
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK(net.at(named(net.subnets, "web-a").vpc).name == "prod");
}

TEST_CASE("a missing required reference is an error at the element", "[aws][references]") {
  Resources r = basic();
  r.subnets[0].vpc = {};
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:2:3: error[missing-reference]: subnet 'web-a' names no VPC\n");
}

TEST_CASE("names are unique within a kind", "[aws][references]") {
  Resources r = basic();
  r.subnets.push_back(subnet("web-a", "prod", "10.0.2.0/24", 7));
  r.route_tables.push_back(table("web-a", "prod", 8));  // another kind: fine
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:7:3: error[duplicate-name]: duplicate subnet name 'web-a' (first defined at "
        "net.yaml:2:3)\n");
}

TEST_CASE("a duplicate VPC is reported once, not again for its implicit defaults",
          "[aws][references]") {
  Resources r = basic();
  r.vpcs.push_back(vpc("prod", "10.1.0.0/16", 3));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:3:3: error[duplicate-name]: duplicate VPC name 'prod' (first defined at "
        "net.yaml:1:3)\n");
  CHECK(net.vpcs[1].default_security_group.valid());
}

TEST_CASE("a security group without a VPC lands in the only VPC", "[aws][references]") {
  Resources r = basic();
  r.security_groups.push_back(group("web-sg", "", 4));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK(net.at(named(net.security_groups, "web-sg").vpc).name == "prod");
}

TEST_CASE("a security group without a VPC is an error when there are several",
          "[aws][references]") {
  Resources r = basic();
  r.vpcs.push_back(vpc("test", "10.1.0.0/16", 3));
  r.security_groups.push_back(group("web-sg", "", 4));
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:4:3: error[missing-vpc]: security group 'web-sg' names no VPC and the input "
        "has 2 VPCs\n");
}

TEST_CASE("the network lists the input files", "[aws]") {
  Resources r = basic();
  r.files = {"a.yaml", "b.yaml"};
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(net.input_files == std::vector<std::string>{"a.yaml", "b.yaml"});
}

TEST_CASE("model checks run on a network built without errors", "[aws][validate]") {
  Resources r = basic();
  r.subnets.push_back(subnet("far", "prod", "10.9.0.0/24", 3));
  r.subnets[1].vpc = ref("prod", 3);
  r.vpcs.push_back(vpc("test", "10.1.0.0/16", 4));
  r.subnets.push_back(subnet("far", "test", "10.2.0.0/24", 5));
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  // With a build error, the model checks stay silent rather than echo it.
  CHECK(diags.renderAll() ==
        "net.yaml:5:3: error[duplicate-name]: duplicate subnet name 'far' (first defined at "
        "net.yaml:3:3)\n");
  r.subnets.pop_back();
  DiagnosticEngine clean;
  buildNetwork(r, clean);
  CHECK(clean.renderAll() ==
        "net.yaml:3:3: error[subnet-outside-vpc]: subnet 'far' CIDR 10.9.0.0/24 is not inside "
        "any CIDR of VPC 'prod'\n");
}

TEST_CASE("uncertainties are copied, their VPC resolved when it can be", "[aws][unknowns]") {
  Resources r = basic();
  r.uncertainties.push_back({{"var.extra_cidr", at(3, 9)}, "subnet aws_subnet.extra is left out",
                             ref("prod", 3)});
  r.uncertainties.push_back({{"var.vpc_id", at(4, 9)}, "route 0 of aws_route_table.x is left out",
                             ref("aws_vpc.unknown", 4)});
  r.uncertainties.push_back({{"var.subnet", at(5, 9)}, "instance aws_instance.y is left out", {}});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  INFO(diags.renderAll());
  CHECK(diags.diagnostics().empty());  // an unresolved VPC is no error
  REQUIRE(net.uncertainties.size() == 3);
  CHECK(net.uncertainties[0].value.description == "var.extra_cidr");
  CHECK(net.uncertainties[0].value.location.str() == "net.yaml:3:9");
  CHECK(net.uncertainties[0].effect == "subnet aws_subnet.extra is left out");
  REQUIRE(net.uncertainties[0].vpc.valid());
  CHECK(net.at(net.uncertainties[0].vpc).name == "prod");
  CHECK_FALSE(net.uncertainties[1].vpc.valid());
  CHECK_FALSE(net.uncertainties[2].vpc.valid());
}

}  // namespace
}  // namespace segproof::aws
