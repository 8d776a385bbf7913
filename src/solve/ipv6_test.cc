// IPv6 end to end through the analyzer (walk, pair search, Z3, simulator
// replay): each rule of docs/aws-modeling.md "IPv6" on a small dual-stack
// VPC, with the verdict and the hop that decides.
#include <catch2/catch.hpp>

#include "graph/network_builder_test_util.h"
#include "solve/reach_test_util.h"
#include "segproof/segproof.h"

namespace segproof {
namespace {

using testing::NetworkBuilder;
using testing::blockedAt;
using testing::has;
using testing::sel;
using testing::steps;
using testing::tcp;

constexpr Direction kIn = Direction::kIngress;
constexpr Direction kOut = Direction::kEgress;

// One dual-stack VPC, 10.0.0.0/16 and 2600:1f18:aaaa:bb00::/56 (global):
//   pub 10.0.1.0/24, 2600:1f18:aaaa:bb01::/64: web1 10.0.1.10 and
//       2600:1f18:aaaa:bb01::10, no public IPv4; web-sg admits tcp/443 from
//       ::/0 only; routes 0.0.0.0/0 and ::/0 to the internet gateway
//   app 10.0.2.0/24, 2600:1f18:aaaa:bb02::/64: app1 10.0.2.10 and an IPv6
//       address AWS picks; app-sg admits tcp/8080 from members of web-sg and
//       tcp/9000 from ::/0; routes ::/0 to an egress-only internet gateway
// Default ACL: rule 100 (IPv4) and 101 (IPv6) allow everything both ways.
struct DualStack {
  NetworkBuilder b;
  VpcId vpc = makeVpc();
  RouteTableId pub_rt = b.routeTable(vpc, "pub-rt");
  RouteTableId app_rt = b.routeTable(vpc, "app-rt");
  SubnetId pub = b.subnet(vpc, "pub", "10.0.1.0/24", pub_rt);
  SubnetId app = b.subnet(vpc, "app", "10.0.2.0/24", app_rt);
  InternetGatewayId igw = b.igw(vpc, "igw");
  GatewayId eigw = b.gateway(RouteTargetKind::kEgressOnlyInternetGateway, vpc, "eigw");
  SecurityGroupId web_sg = b.group(vpc, "web-sg");
  SecurityGroupId app_sg = b.group(vpc, "app-sg");
  InterfaceId web1, app1;

  VpcId makeVpc() {
    VpcId v = b.vpc("main", "10.0.0.0/16");
    b.mutableNetwork().vpcs[v.value].cidrs.push_back(testing::cidrOf("2600:1f18:aaaa:bb00::/56"));
    // The main table was made with the IPv4 block only.
    Route local;
    local.destination = testing::cidrOf("2600:1f18:aaaa:bb00::/56");
    local.target = RouteTargetKind::kLocal;
    b.mutableNetwork().route_tables[b.network().at(v).main_route_table.value].routes.push_back(local);
    NetworkAclId acl = b.defaultAcl(v);
    b.aclRule(acl, 101, kIn, true, testing::anyTraffic(), "::/0");
    b.aclRule(acl, 101, kOut, true, testing::anyTraffic(), "::/0");
    b.sgRule(b.defaultGroup(v), kOut, testing::anyTraffic(), NetworkBuilder::cidrPeer("::/0"));
    return v;
  }

  DualStack() {
    b.mutableNetwork().subnets[pub.value].ipv6_cidr = testing::cidrOf("2600:1f18:aaaa:bb01::/64");
    b.mutableNetwork().subnets[app.value].ipv6_cidr = testing::cidrOf("2600:1f18:aaaa:bb02::/64");
    b.route(pub_rt, "0.0.0.0/0", NetworkBuilder::igwTarget(igw));
    b.route(pub_rt, "::/0", NetworkBuilder::igwTarget(igw));
    b.routeToGateway(app_rt, "::/0", eigw);
    b.sgRule(web_sg, kIn, testing::tcpPort(443), NetworkBuilder::cidrPeer("::/0"));
    b.sgRule(web_sg, kOut, testing::anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    b.sgRule(web_sg, kOut, testing::anyTraffic(), NetworkBuilder::cidrPeer("::/0"));
    b.sgRule(app_sg, kIn, testing::tcpPort(8080), NetworkBuilder::groupPeer(web_sg));
    b.sgRule(app_sg, kIn, testing::tcpPort(9000), NetworkBuilder::cidrPeer("::/0"));
    b.sgRule(app_sg, kOut, testing::anyTraffic(), NetworkBuilder::cidrPeer("::/0"));
    web1 = b.iface(pub, "web1", "10.0.1.10", {web_sg});
    app1 = b.iface(app, "app1", "10.0.2.10", {app_sg});
    address(web1, "2600:1f18:aaaa:bb01::10");
    address(app1, "");
  }

  // Gives `iface` an IPv6 address ("" for one AWS picks).
  void address(InterfaceId iface, const std::string& ip) {
    PrivateAddress a;
    if (!ip.empty()) a.ip = testing::ipOf(ip);
    b.mutableNetwork().interfaces[iface.value].ipv6_addresses.push_back(a);
  }
  Network& net() { return b.mutableNetwork(); }
};

AssertionResult reach(const Network& net, const std::string& from, const std::string& to,
                      FlowSpec flow) {
  AssertionResult r = testing::reachIn(net, from, to, flow);
  INFO(r.reason);
  CHECK(r.internal_errors.empty());
  if (r.closest) UNSCOPED_INFO("blocked at " + blockedAt(r));
  return r;
}

TEST_CASE("IPv6: the internet reaches a global address without a public IPv4", "[solve][ipv6]") {
  DualStack d;
  AssertionResult r = reach(d.net(), "internet", "resource:web1", tcp(443));
  REQUIRE(r.verdict == Verdict::kHolds);
  REQUIRE_FALSE(r.witnesses.empty());
  const Witness& w = r.witnesses.front();
  CHECK(w.packet.destination.str() == "2600:1f18:aaaa:bb01::10");
  CHECK(w.packet.source.str() == "2001:db8::a");
  CHECK(has(steps(r), "internet gateway igw"));
  bool global = false;
  for (const PathHop& h : w.hops) global = global || h.rule.find("global IPv6 address") != std::string::npos;
  CHECK(global);
  // Only tcp/443 is open, and only for IPv6: SSH is refused in both families.
  CHECK(reach(d.net(), "internet", "resource:web1", tcp(22)).verdict == Verdict::kViolated);
}

TEST_CASE("IPv6: without IPv6 addresses the network is IPv4 only", "[solve][ipv6]") {
  DualStack d;
  d.net().interfaces[d.web1.value].ipv6_addresses.clear();
  AssertionResult r = reach(d.net(), "internet", "resource:web1", tcp(443));
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(blockedAt(r).find("has no public IPv4 address") != std::string::npos);
}

TEST_CASE("IPv6: the reply needs an IPv6 route back to the internet gateway", "[solve][ipv6]") {
  DualStack d;
  std::vector<Route>& routes = d.net().route_tables[d.pub_rt.value].routes;
  routes.erase(std::remove_if(routes.begin(), routes.end(),
                              [](const Route& x) { return x.destination.str() == "::/0"; }),
               routes.end());
  AssertionResult r = reach(d.net(), "internet", "resource:web1", tcp(443));
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(blockedAt(r).find("route pub-rt (subnet pub)") == 0);
}

TEST_CASE("IPv6: a unique local block is not reachable from the internet", "[solve][ipv6]") {
  DualStack d;
  Network& n = d.net();
  // Re-address the public subnet inside fd00::/8.
  n.vpcs[d.vpc.value].cidrs.push_back(testing::cidrOf("fd00:1::/56"));
  for (RouteTable& t : n.route_tables) {
    Route local;
    local.destination = testing::cidrOf("fd00:1::/56");
    local.target = RouteTargetKind::kLocal;
    t.routes.push_back(local);
  }
  n.subnets[d.pub.value].ipv6_cidr = testing::cidrOf("fd00:1:0:1::/64");
  n.interfaces[d.web1.value].ipv6_addresses = {PrivateAddress{testing::ipOf("fd00:1:0:1::10")}};
  CHECK(reach(n, "internet", "resource:web1", tcp(443)).verdict == Verdict::kViolated);
  // An IPv6 source only: the IPv6 pass's block explains.
  AssertionResult r = reach(n, "cidr:2001:db8::/32", "resource:web1", tcp(443));
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(blockedAt(r) == "public address web1: web1 has no global IPv6 address");
}

TEST_CASE("IPv6: an egress-only internet gateway lets out, never in", "[solve][ipv6]") {
  DualStack d;
  AssertionResult out = reach(d.net(), "resource:app1", "internet", tcp(443));
  REQUIRE(out.verdict == Verdict::kHolds);
  CHECK(has(steps(out), "gateway eigw"));
  CHECK(out.witnesses.front().packet.source.str().rfind("2600:1f18:aaaa:bb02:", 0) == 0);
  // app-sg admits tcp/9000 from ::/0, but nothing comes in by the gateway.
  CHECK(reach(d.net(), "internet", "resource:app1", tcp(9000)).verdict == Verdict::kViolated);
  // IPv4 has no route out of app.
  d.net().interfaces[d.app1.value].ipv6_addresses.clear();
  CHECK(reach(d.net(), "resource:app1", "internet", tcp(443)).verdict == Verdict::kViolated);
}

TEST_CASE("IPv6: network ACL entries and rule peers of one family", "[solve][ipv6]") {
  DualStack d;
  // An IPv6 deny before the allow: IPv6 to web1 is refused; IPv4 has no
  // public address: nothing from the internet.
  d.b.aclRule(d.b.defaultAcl(d.vpc), 90, kIn, false, testing::tcpPort(443), "::/0");
  AssertionResult r = reach(d.net(), "internet", "resource:web1", tcp(443));
  CHECK(r.verdict == Verdict::kViolated);

  // A group peer means the members' addresses of the packet's family: with
  // IPv4 between the subnets denied, web1 still reaches app1 over IPv6.
  DualStack e;
  NetworkAclId app_acl = e.b.networkAcl(e.vpc, "app-acl");
  e.b.aclRule(app_acl, 100, kIn, true, testing::anyTraffic(), "::/0");
  e.b.aclRule(app_acl, 100, kOut, true, testing::anyTraffic(), "::/0");
  e.b.useAcl(e.app, app_acl);
  AssertionResult v6 = reach(e.net(), "resource:web1", "resource:app1", tcp(8080));
  REQUIRE(v6.verdict == Verdict::kHolds);
  CHECK(v6.witnesses.front().packet.source.str() == "2600:1f18:aaaa:bb01::10");
  CHECK(v6.witnesses.front().packet.destination.str().rfind("2600:1f18:aaaa:bb02:", 0) == 0);
}

TEST_CASE("IPv6: cidr: selectors pick a family's addresses", "[solve][ipv6]") {
  DualStack d;
  CHECK(reach(d.net(), "cidr:2001:db8::/32", "resource:web1", tcp(443)).verdict == Verdict::kHolds);
  CHECK(reach(d.net(), "cidr:198.51.100.0/24", "resource:web1", tcp(443)).verdict == Verdict::kViolated);
  AssertionResult r = reach(d.net(), "internet", "cidr:2600:1f18:aaaa:bb01::/64", tcp(443));
  CHECK(r.verdict == Verdict::kHolds);
}

TEST_CASE("IPv6: what the engine does not analyse leaves no proof", "[solve][ipv6]") {
  DualStack d;
  NatGatewayId nat = d.b.nat(d.pub, "nat", "10.0.1.5");
  d.b.route(d.app_rt, "64:ff9b::/96", NetworkBuilder::natTarget(nat));
  AssertionResult r = reach(d.net(), "resource:app1", "resource:web1", tcp(22));
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason.find("the proof does not cover IPv6 that segproof does not analyse: route table "
                      "app-rt sends IPv6 to a NAT gateway (NAT64)") == 0);
  // A flow found stands.
  CHECK(reach(d.net(), "internet", "resource:web1", tcp(443)).verdict == Verdict::kHolds);
}

}  // namespace
}  // namespace segproof
