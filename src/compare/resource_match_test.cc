// Matching code and live resources for `segproof drift`: each key, its
// order, ambiguity, one-sided resources and the ends of the comparison.
#include "compare/resource_match.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

#include "graph/network_builder_test_util.h"
#include "segproof/compare/drift.h"
#include "segproof/query/selector.h"

namespace segproof {
namespace {

using testing::NetworkBuilder;

// The match of `code` of kind `kind`, or nullptr.
const ResourceMatch* matchOf(const ResourceMatching& m, const std::string& kind,
                             const std::string& code) {
  auto it = std::find_if(m.matches.begin(), m.matches.end(),
                         [&](const ResourceMatch& r) { return r.kind == kind && r.code == code; });
  return it == m.matches.end() ? nullptr : &*it;
}

std::string names(const std::vector<OneSidedResource>& resources) {
  std::string out;
  for (const OneSidedResource& r : resources) out += r.kind + " " + r.name + "\n";
  return out;
}

// A VPC with two subnets, an internet gateway and three instances, written
// the way Terraform and an account snapshot name them.
struct Pair {
  NetworkBuilder code;
  NetworkBuilder live;
};

Pair webAndApp() {
  Pair p;
  VpcId cv = p.code.vpc("aws_vpc.main", "10.0.0.0/16");
  SubnetId cweb = p.code.subnet(cv, "aws_subnet.web", "10.0.1.0/24");
  SubnetId cdb = p.code.subnet(cv, "aws_subnet.db", "10.0.2.0/24");
  p.code.igw(cv, "aws_internet_gateway.gw");
  SecurityGroupId capp = p.code.group(cv, "aws_security_group.app");
  SecurityGroupId cweb_sg = p.code.group(cv, "aws_security_group.web");
  p.code.iface(cweb, "aws_instance.web", "10.0.1.10", {cweb_sg});
  p.code.iface(cweb, "aws_instance.api", "", {capp});
  p.code.iface(cdb, "aws_instance.old", "10.0.2.99");

  VpcId lv = p.live.vpc("vpc-0a00000000000000a", "10.0.0.0/16");
  SubnetId lweb = p.live.subnet(lv, "subnet-0a00000000000001", "10.0.1.0/24");
  p.live.subnet(lv, "subnet-0a00000000000002", "10.0.2.0/24");
  p.live.igw(lv, "igw-0a00000000000000a");
  SecurityGroupId lweb_sg = p.live.group(lv, "sg-0d5e0000000000002");
  SecurityGroupId lapp = p.live.group(lv, "sg-0d5e0000000000003");
  p.live.group(lv, "sg-0d5e0000000000009");
  p.live.iface(lweb, "i-0b00000000000000b", "10.0.1.10", {lweb_sg});
  p.live.iface(lweb, "i-0a00000000000000a", "10.0.1.77", {lapp});

  Network& code = p.code.mutableNetwork();
  Network& live = p.live.mutableNetwork();
  code.security_groups[capp.value].provenance.cloud_id = "sg-0d5e0000000000003";
  code.security_groups[cweb_sg.value].provenance.cloud_name = "prod-web";
  live.security_groups[lweb_sg.value].provenance.cloud_name = "prod-web";
  code.interfaces[1].provenance.cloud_id = "i-0a00000000000000a";
  return p;
}

TEST_CASE("each key matches and says so", "[compare]") {
  Pair p = webAndApp();
  ResourceMatching m = matchResources(p.code.network(), p.live.network());
  struct Expected {
    const char* kind;
    const char* code;
    const char* live;
    const char* how;
  };
  const Expected expected[] = {
      {"VPC", "aws_vpc.main", "vpc-0a00000000000000a", "CIDRs 10.0.0.0/16"},
      {"subnet", "aws_subnet.web", "subnet-0a00000000000001", "CIDR 10.0.1.0/24 in matched VPC"},
      {"subnet", "aws_subnet.db", "subnet-0a00000000000002", "CIDR 10.0.2.0/24 in matched VPC"},
      {"security group", "aws_vpc.main-default-sg", "vpc-0a00000000000000a-default-sg",
       "the default group of matched VPCs"},
      {"security group", "aws_security_group.app", "sg-0d5e0000000000003",
       "cloud id sg-0d5e0000000000003"},
      {"security group", "aws_security_group.web", "sg-0d5e0000000000002", "AWS name prod-web"},
      {"network ACL", "aws_vpc.main-default-acl", "vpc-0a00000000000000a-default-acl",
       "the default ACL of matched VPCs"},
      {"route table", "aws_vpc.main-main-rt", "vpc-0a00000000000000a-main-rt",
       "the main route table of matched VPCs"},
      {"internet gateway", "aws_internet_gateway.gw", "igw-0a00000000000000a",
       "attached to matched VPCs"},
      {"endpoint", "aws_instance.web", "i-0b00000000000000b",
       "private IP 10.0.1.10 in matched subnets"},
      {"endpoint", "aws_instance.api", "i-0a00000000000000a", "cloud id i-0a00000000000000a"},
  };
  for (const Expected& e : expected) {
    INFO(e.kind << " " << e.code);
    const ResourceMatch* match = matchOf(m, e.kind, e.code);
    REQUIRE(match);
    CHECK(match->live == e.live);
    CHECK(match->how == e.how);
  }
  CHECK(m.matches.size() == std::size(expected));
  CHECK(names(m.code_only) == "endpoint aws_instance.old\n");
  CHECK(names(m.live_only) == "security group sg-0d5e0000000000009\n");
  CHECK(m.notes.empty());
}

TEST_CASE("a cloud id wins over a Name tag naming another element", "[compare]") {
  NetworkBuilder code, live;
  code.vpc("aws_vpc.a", "10.0.0.0/16");
  live.vpc("vpc-0000000000000000a", "10.1.0.0/16");
  live.vpc("vpc-0000000000000000b", "10.2.0.0/16");
  Network& c = code.mutableNetwork();
  Network& l = live.mutableNetwork();
  c.vpcs[0].provenance.cloud_id = "vpc-0000000000000000b";
  c.vpcs[0].tags["Name"] = "prod";
  l.vpcs[0].tags["Name"] = "prod";
  ResourceMatching m = matchResources(code.network(), live.network());
  const ResourceMatch* match = matchOf(m, "VPC", "aws_vpc.a");
  REQUIRE(match);
  CHECK(match->live == "vpc-0000000000000000b");
  CHECK(match->how == "cloud id vpc-0000000000000000b");
  CHECK(names(m.live_only).find("VPC vpc-0000000000000000a\n") != std::string::npos);
}

TEST_CASE("a Name tag matches when it is unique on each side", "[compare]") {
  NetworkBuilder code, live;
  code.vpc("aws_vpc.a", "10.0.0.0/16");
  live.vpc("vpc-0000000000000000a", "10.9.0.0/16");
  code.mutableNetwork().vpcs[0].tags["Name"] = "prod";
  live.mutableNetwork().vpcs[0].tags["Name"] = "prod";
  ResourceMatching m = matchResources(code.network(), live.network());
  const ResourceMatch* match = matchOf(m, "VPC", "aws_vpc.a");
  REQUIRE(match);
  CHECK(match->how == "Name tag prod");
}

TEST_CASE("an ambiguous key matches nothing and says so", "[compare]") {
  NetworkBuilder code, live;
  VpcId cv = code.vpc("aws_vpc.a", "10.0.0.0/16");
  VpcId lv = live.vpc("vpc-0000000000000000a", "10.0.0.0/16");
  code.group(cv, "aws_security_group.app");
  live.group(lv, "sg-00000000000000001");
  live.group(lv, "sg-00000000000000002");
  Network& c = code.mutableNetwork();
  Network& l = live.mutableNetwork();
  c.security_groups[1].tags["Name"] = "app";
  l.security_groups[1].tags["Name"] = "app";
  l.security_groups[2].tags["Name"] = "app";
  ResourceMatching m = matchResources(code.network(), live.network());
  CHECK(matchOf(m, "security group", "aws_security_group.app") == nullptr);
  REQUIRE(m.notes.size() == 1);
  CHECK(m.notes[0] ==
        "ambiguous Name tag app (security group): 1 in the code, 2 live; none matched by it");
  CHECK(names(m.code_only) == "security group aws_security_group.app\n");
}

TEST_CASE("an AWS name matches only within matched VPCs", "[compare]") {
  NetworkBuilder code, live;
  VpcId cv = code.vpc("aws_vpc.a", "10.0.0.0/16");
  live.vpc("vpc-0000000000000000a", "10.0.0.0/16");
  VpcId other = live.vpc("vpc-0000000000000000b", "10.5.0.0/16");
  code.group(cv, "aws_security_group.web");
  live.group(other, "sg-00000000000000001");
  code.mutableNetwork().security_groups[1].provenance.cloud_name = "web";
  live.mutableNetwork().security_groups[2].provenance.cloud_name = "web";
  ResourceMatching m = matchResources(code.network(), live.network());
  CHECK(matchOf(m, "VPC", "aws_vpc.a") != nullptr);
  CHECK(matchOf(m, "security group", "aws_security_group.web") == nullptr);
}

TEST_CASE("no element is matched twice", "[compare]") {
  NetworkBuilder code, live;
  code.vpc("aws_vpc.a", "10.0.0.0/16");
  code.vpc("aws_vpc.b", "10.0.0.0/16");
  live.vpc("vpc-0000000000000000a", "10.0.0.0/16");
  ResourceMatching m = matchResources(code.network(), live.network());
  CHECK(matchOf(m, "VPC", "aws_vpc.a") == nullptr);
  CHECK(matchOf(m, "VPC", "aws_vpc.b") == nullptr);
  REQUIRE(!m.notes.empty());
  CHECK(m.notes[0] ==
        "ambiguous CIDRs 10.0.0.0/16 (VPC): 2 in the code, 1 live; none matched by it");
}

TEST_CASE("route tables and ACLs match by their subnets, NAT gateways by subnet and IP",
          "[compare]") {
  NetworkBuilder code, live;
  VpcId cv = code.vpc("aws_vpc.a", "10.0.0.0/16");
  VpcId lv = live.vpc("vpc-0000000000000000a", "10.0.0.0/16");
  SubnetId cs = code.subnet(cv, "aws_subnet.private", "10.0.3.0/24");
  SubnetId ls = live.subnet(lv, "subnet-00000000000000003", "10.0.3.0/24");
  code.useRouteTable(cs, code.routeTable(cv, "aws_route_table.private"));
  live.useRouteTable(ls, live.routeTable(lv, "rtb-00000000000000003"));
  code.useAcl(cs, code.networkAcl(cv, "aws_network_acl.private"));
  live.useAcl(ls, live.networkAcl(lv, "acl-00000000000000003"));
  code.nat(cs, "aws_nat_gateway.a", "10.0.3.5");
  live.nat(ls, "nat-00000000000000001", "10.0.3.5");
  ResourceMatching m = matchResources(code.network(), live.network());
  const ResourceMatch* table = matchOf(m, "route table", "aws_route_table.private");
  REQUIRE(table);
  CHECK(table->live == "rtb-00000000000000003");
  CHECK(table->how == "associated with the same matched subnets");
  const ResourceMatch* acl = matchOf(m, "network ACL", "aws_network_acl.private");
  REQUIRE(acl);
  CHECK(acl->live == "acl-00000000000000003");
  const ResourceMatch* nat = matchOf(m, "NAT gateway", "aws_nat_gateway.a");
  REQUIRE(nat);
  CHECK(nat->how == "private IP 10.0.3.5 in matched subnets");
  CHECK(m.code_only.empty());
  CHECK(m.live_only.empty());
}

TEST_CASE("ends: one per matched endpoint and one per endpoint on one side", "[compare]") {
  Pair p = webAndApp();
  ResourceMatching m = matchResources(p.code.network(), p.live.network());
  REQUIRE(m.ends.size() == 3);
  CHECK(m.ends[0].name == "aws_instance.web = i-0b00000000000000b");
  CHECK(m.ends[1].name == "aws_instance.api = i-0a00000000000000a");
  CHECK(m.ends[2].name == "aws_instance.old (code only)");
  REQUIRE(m.ends[0].before.size() == 1);
  REQUIRE(m.ends[0].after.size() == 1);
  CHECK(m.ends[0].before[0].text == "resource:aws_instance.web");
  CHECK(m.ends[0].after[0].text == "resource:i-0b00000000000000b");
  CHECK(m.ends[2].after.empty());
  CHECK(!m.ends[0].internet);
  // The selectors select the endpoint on their side, and only it.
  DiagnosticEngine diags;
  Selection code_side = resolveSelector(m.ends[1].before[0], p.code.network(), diags);
  Selection live_side = resolveSelector(m.ends[1].after[0], p.live.network(), diags);
  CHECK(diags.renderAll() == "");
  REQUIRE(code_side.interfaces.size() == 1);
  CHECK(p.code.network().at(code_side.interfaces[0]).name == "aws_instance.api");
  REQUIRE(live_side.interfaces.size() == 1);
  CHECK(p.live.network().at(live_side.interfaces[0]).name == "i-0a00000000000000a");
}

TEST_CASE("interfaces of one owner are one endpoint, load balancer nodes none", "[compare]") {
  NetworkBuilder b;
  VpcId v = b.vpc("aws_vpc.a", "10.0.0.0/16");
  SubnetId s1 = b.subnet(v, "aws_subnet.a", "10.0.1.0/24");
  SubnetId s2 = b.subnet(v, "aws_subnet.b", "10.0.2.0/24");
  InterfaceId db1 = b.iface(s1, "aws_db_instance.db (aws_subnet.a)", "");
  InterfaceId db2 = b.iface(s2, "aws_db_instance.db (aws_subnet.b)", "");
  InterfaceId node = b.iface(s1, "aws_lb.web", "");
  Network& net = b.mutableNetwork();
  net.interfaces[db1.value].owner = "aws_db_instance.db";
  net.interfaces[db2.value].owner = "aws_db_instance.db";
  net.interfaces[node.value].kind = EndpointKind::kLoadBalancer;
  compare::EndpointGroups groups = compare::endpointGroups(net);
  REQUIRE(groups.groups.size() == 1);
  CHECK(groups.groups[0].name == "aws_db_instance.db");
  CHECK(groups.groups[0].interfaces.size() == 2);
  CHECK(groups.group_of[node.value] == -1);
}

TEST_CASE("load balancers match by AWS name and are ends, their nodes no endpoints", "[compare]") {
  NetworkBuilder code, live;
  VpcId cv = code.vpc("aws_vpc.a", "10.0.0.0/16");
  VpcId lv = live.vpc("vpc-0000000000000000a", "10.0.0.0/16");
  SubnetId cs = code.subnet(cv, "aws_subnet.a", "10.0.1.0/24");
  SubnetId ls = live.subnet(lv, "subnet-00000000000000001", "10.0.1.0/24");
  LoadBalancerId clb = code.loadBalancer("aws_lb.web");
  LoadBalancerId llb = live.loadBalancer("arn:aws:elasticloadbalancing:lb/app/prod-web/1");
  code.lbNode(clb, cs, "10.0.1.20", {});
  live.lbNode(llb, ls, "10.0.1.21", {});
  live.loadBalancer("arn:aws:elasticloadbalancing:lb/app/other/2");  // no nodes: no end
  code.mutableNetwork().load_balancers[0].provenance.cloud_name = "prod-web";
  live.mutableNetwork().load_balancers[0].provenance.cloud_name = "prod-web";
  ResourceMatching m = matchResources(code.network(), live.network());
  const ResourceMatch* lb = matchOf(m, "load balancer", "aws_lb.web");
  REQUIRE(lb);
  CHECK(lb->how == "AWS name prod-web");
  CHECK(names(m.live_only) == "load balancer arn:aws:elasticloadbalancing:lb/app/other/2\n");
  REQUIRE(m.ends.size() == 1);
  CHECK(m.ends[0].name == "aws_lb.web = arn:aws:elasticloadbalancing:lb/app/prod-web/1");
  REQUIRE(m.ends[0].after.size() == 1);
  DiagnosticEngine diags;
  Selection nodes = resolveSelector(m.ends[0].after[0], live.network(), diags);
  CHECK(nodes.interfaces.size() == 1);
}

}  // namespace
}  // namespace segproof
