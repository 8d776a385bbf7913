// Rule differences of matched security groups, network ACLs and route
// tables, with peers and targets translated through the matching.
#include <catch2/catch.hpp>
#include <string>

#include "graph/network_builder_test_util.h"
#include "segproof/compare/drift.h"

namespace segproof {
namespace {

using testing::anyTraffic;
using testing::NetworkBuilder;
using testing::tcpPort;

// "code|live security group aws_security_group.web/sg-1: ingress tcp/22 ..."
std::string listed(const std::vector<RuleDifference>& differences) {
  std::string out;
  for (const RuleDifference& d : differences) {
    out += std::string(d.live_only ? "live" : "code") + " " + d.kind + " " + d.code + "/" + d.live +
           ": " + d.rule + "\n";
  }
  return out;
}

// One VPC on each side; groups web and app matched by cloud id, and a group
// on each side that nothing matches (ghost, stray).
struct Pair {
  NetworkBuilder code;
  NetworkBuilder live;
  SecurityGroupId code_web, code_app, code_ghost;
  SecurityGroupId live_web, live_app, live_stray;
};

Pair groups() {
  Pair p;
  VpcId cv = p.code.vpc("aws_vpc.main", "10.0.0.0/16");
  VpcId lv = p.live.vpc("vpc-0a00000000000000a", "10.0.0.0/16");
  p.code_web = p.code.group(cv, "aws_security_group.web");
  p.code_app = p.code.group(cv, "aws_security_group.app");
  p.code_ghost = p.code.group(cv, "aws_security_group.ghost");
  // In another order than the code's, so that only the matching relates them.
  p.live_stray = p.live.group(lv, "sg-0d5e0000000000008");
  p.live_app = p.live.group(lv, "sg-0d5e0000000000003");
  p.live_web = p.live.group(lv, "sg-0d5e0000000000001");
  Network& code = p.code.mutableNetwork();
  code.security_groups[p.code_web.value].provenance.cloud_id = "sg-0d5e0000000000001";
  code.security_groups[p.code_app.value].provenance.cloud_id = "sg-0d5e0000000000003";
  return p;
}

TEST_CASE("equal rules compare equal, peers translated through the matching", "[compare]") {
  Pair p = groups();
  auto both = [&](Direction direction, Match match, RulePeer code_peer, RulePeer live_peer) {
    p.code.sgRule(p.code_web, direction, match, code_peer);
    p.live.sgRule(p.live_web, direction, match, live_peer);
  };
  both(Direction::kIngress, tcpPort(443), NetworkBuilder::cidrPeer("0.0.0.0/0"),
       NetworkBuilder::cidrPeer("0.0.0.0/0"));
  both(Direction::kIngress, tcpPort(22), NetworkBuilder::groupPeer(p.code_app),
       NetworkBuilder::groupPeer(p.live_app));
  both(Direction::kIngress, anyTraffic(), NetworkBuilder::groupPeer(p.code_web),
       NetworkBuilder::groupPeer(p.live_web));  // self
  // All traffic ignores ports, whatever they say.
  Match wide = anyTraffic();
  wide.ports = {22, 22};
  p.code.sgRule(p.code_web, Direction::kEgress, wide, NetworkBuilder::cidrPeer("10.0.0.0/8"));
  p.live.sgRule(p.live_web, Direction::kEgress, anyTraffic(),
                NetworkBuilder::cidrPeer("10.0.0.0/8"));
  ResourceMatching m = matchResources(p.code.network(), p.live.network());
  CHECK(listed(m.rule_differences) == "");
}

TEST_CASE("rules on one side only, and peers matched to nothing", "[compare]") {
  Pair p = groups();
  p.code.sgRule(p.code_web, Direction::kIngress, tcpPort(22),
                NetworkBuilder::groupPeer(p.code_app));
  p.live.sgRule(p.live_web, Direction::kIngress, tcpPort(22),
                NetworkBuilder::groupPeer(p.live_app));
  p.live.sgRule(p.live_web, Direction::kIngress, tcpPort(3389),
                NetworkBuilder::cidrPeer("0.0.0.0/0"));
  p.code.sgRule(p.code_web, Direction::kEgress, tcpPort(5432),
                NetworkBuilder::groupPeer(p.code_ghost));
  p.live.sgRule(p.live_web, Direction::kEgress, tcpPort(5432),
                NetworkBuilder::groupPeer(p.live_stray));
  // The same rule twice counts once.
  p.live.sgRule(p.live_web, Direction::kIngress, tcpPort(3389),
                NetworkBuilder::cidrPeer("0.0.0.0/0"));
  ResourceMatching m = matchResources(p.code.network(), p.live.network());
  CHECK(listed(m.rule_differences) ==
        "code security group aws_security_group.web/sg-0d5e0000000000001: egress tcp/5432 to "
        "security group aws_security_group.ghost (unmatched)\n"
        "live security group aws_security_group.web/sg-0d5e0000000000001: ingress tcp/3389 from "
        "0.0.0.0/0\n"
        "live security group aws_security_group.web/sg-0d5e0000000000001: egress tcp/5432 to "
        "security group sg-0d5e0000000000008 (unmatched)\n");
}

TEST_CASE("network ACL entries compare by number, direction, action, match and CIDR", "[compare]") {
  NetworkBuilder code, live;
  VpcId cv = code.vpc("aws_vpc.main", "10.0.0.0/16");
  VpcId lv = live.vpc("vpc-0a00000000000000a", "10.0.0.0/16");
  code.aclRule(code.defaultAcl(cv), 90, Direction::kIngress, false, tcpPort(22), "0.0.0.0/0");
  live.aclRule(live.defaultAcl(lv), 90, Direction::kIngress, false, tcpPort(22), "0.0.0.0/0");
  live.aclRule(live.defaultAcl(lv), 80, Direction::kIngress, true, tcpPort(22), "0.0.0.0/0");
  code.aclRule(code.defaultAcl(cv), 110, Direction::kEgress, false, tcpPort(25), "0.0.0.0/0");
  live.aclRule(live.defaultAcl(lv), 110, Direction::kEgress, true, tcpPort(25), "0.0.0.0/0");
  code.mutableNetwork().network_acls[0].rules[3].provenance.location = {"main.tf", 12, 3};
  ResourceMatching m = matchResources(code.network(), live.network());
  CHECK(listed(m.rule_differences) ==
        "code network ACL aws_vpc.main-default-acl/vpc-0a00000000000000a-default-acl: rule 110 "
        "egress deny tcp/25 to 0.0.0.0/0\n"
        "live network ACL aws_vpc.main-default-acl/vpc-0a00000000000000a-default-acl: rule 80 "
        "ingress allow tcp/22 from 0.0.0.0/0\n"
        "live network ACL aws_vpc.main-default-acl/vpc-0a00000000000000a-default-acl: rule 110 "
        "egress allow tcp/25 to 0.0.0.0/0\n");
  REQUIRE(!m.rule_differences.empty());
  CHECK(m.rule_differences[0].location.str() == "main.tf:12:3");
}

TEST_CASE("routes compare by destination and translated target", "[compare]") {
  NetworkBuilder code, live;
  VpcId cv = code.vpc("aws_vpc.main", "10.0.0.0/16");
  VpcId lv = live.vpc("vpc-0a00000000000000a", "10.0.0.0/16");
  SubnetId cs = code.subnet(cv, "aws_subnet.public", "10.0.1.0/24");
  SubnetId ls = live.subnet(lv, "subnet-0a00000000000001", "10.0.1.0/24");
  InternetGatewayId cg = code.igw(cv, "aws_internet_gateway.gw");
  InternetGatewayId lg = live.igw(lv, "igw-0a00000000000000a");
  NatGatewayId cn = code.nat(cs, "aws_nat_gateway.a", "10.0.1.5");
  live.nat(ls, "nat-0a00000000000000a", "10.0.1.6");  // another address: matched by its subnet
  code.route(code.tableOf(cs), "0.0.0.0/0", NetworkBuilder::igwTarget(cg));
  live.route(live.tableOf(ls), "0.0.0.0/0", NetworkBuilder::igwTarget(lg));
  code.route(code.tableOf(cs), "10.8.0.0/16", NetworkBuilder::natTarget(cn));
  live.route(live.tableOf(ls), "10.9.0.0/16", NetworkBuilder::blackholeTarget());
  ResourceMatching m = matchResources(code.network(), live.network());
  CHECK(listed(m.rule_differences) ==
        "code route table aws_vpc.main-main-rt/vpc-0a00000000000000a-main-rt: 10.8.0.0/16 -> NAT "
        "gateway aws_nat_gateway.a\n"
        "live route table aws_vpc.main-main-rt/vpc-0a00000000000000a-main-rt: 10.9.0.0/16 -> "
        "blackhole\n");
}

}  // namespace
}  // namespace segproof
