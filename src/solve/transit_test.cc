// Transit gateways end to end through the analyzer (walk, pair search, Z3,
// simulator replay): each rule of docs/aws-modeling.md "Transit gateways" on
// a small hub-and-spoke network, with the verdict and the hop that decides.
#include <catch2/catch.hpp>

#include "graph/network_builder_test_util.h"
#include "solve/reach_test_util.h"
#include "segproof/segproof.h"
#include "simulate/simulator.h"

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

// Two spokes and an egress VPC around one transit gateway:
//   spoke a 10.0.0.0/16: app 10.0.1.0/24 (az1) with app1 10.0.1.10,
//                        tgw interfaces a-tgw1 10.0.9.0/24 (az1), a-tgw2 10.0.10.0/24 (az2)
//   spoke b 10.1.0.0/16: db 10.1.1.0/24 (az1) with db1 10.1.1.10 (tcp/5432 from 10.0.0.0/8),
//                        tgw interface b-tgw1 10.1.9.0/24 (az1)
//   egress 10.2.0.0/16:  tgw interface e-tgw 10.2.9.0/24 (az1), public 10.2.1.0/24 with a NAT
//                        gateway and a route to the internet gateway
// One route table `spokes` (both spokes associated, their blocks propagated,
// 0.0.0.0/0 -> egress) and `egress` (the egress attachment; the spokes
// propagated). Spokes route 10.0.0.0/8 and 0.0.0.0/0 to the transit gateway.
struct HubAndSpoke {
  NetworkBuilder b;
  VpcId a = b.vpc("a", "10.0.0.0/16");
  VpcId bv = b.vpc("b", "10.1.0.0/16");
  VpcId e = b.vpc("egress", "10.2.0.0/16");
  RouteTableId a_rt = b.routeTable(a, "a-rt");
  RouteTableId b_rt = b.routeTable(bv, "b-rt");
  RouteTableId e_pub_rt = b.routeTable(e, "e-pub-rt");
  SubnetId app = b.subnet(a, "app", "10.0.1.0/24", a_rt);
  SubnetId a_tgw1 = b.subnet(a, "a-tgw1", "10.0.9.0/24");
  SubnetId a_tgw2 = b.subnet(a, "a-tgw2", "10.0.10.0/24");
  SubnetId db = b.subnet(bv, "db", "10.1.1.0/24", b_rt);
  SubnetId b_tgw1 = b.subnet(bv, "b-tgw1", "10.1.9.0/24");
  SubnetId e_tgw = b.subnet(e, "e-tgw", "10.2.9.0/24");
  SubnetId e_pub = b.subnet(e, "e-pub", "10.2.1.0/24", e_pub_rt);
  InternetGatewayId igw = b.igw(e, "e-igw");
  NatGatewayId nat = b.nat(e_pub, "e-nat", "10.2.1.5");
  SecurityGroupId db_sg = b.group(bv, "db-sg");
  TransitGatewayId tgw = b.transitGateway("tgw");
  TgwRouteTableId spokes = b.tgwRouteTable(tgw, "spokes");
  TgwRouteTableId egress = b.tgwRouteTable(tgw, "egress-rt");
  TgwAttachmentId a_att = b.tgwVpcAttachment(tgw, a, {a_tgw1, a_tgw2}, "a-att", spokes);
  TgwAttachmentId b_att = b.tgwVpcAttachment(tgw, bv, {b_tgw1}, "b-att", spokes);
  TgwAttachmentId e_att = b.tgwVpcAttachment(tgw, e, {e_tgw}, "e-att", egress);

  HubAndSpoke() {
    for (auto [s, z] : {std::pair{app, "az1"}, {a_tgw1, "az1"}, {a_tgw2, "az2"}, {db, "az1"},
                        {b_tgw1, "az1"}, {e_tgw, "az1"}, {e_pub, "az1"}})
      b.zone(s, z);
    for (RouteTableId t : {a_rt, b_rt}) {
      b.route(t, "10.0.0.0/8", NetworkBuilder::tgwTarget(tgw));
      b.route(t, "0.0.0.0/0", NetworkBuilder::tgwTarget(tgw));
    }
    // The egress VPC: its main table sends the internet to the NAT gateway,
    // the spokes back to the transit gateway; the public subnet to the IGW.
    RouteTableId e_main = b.network().at(e).main_route_table;
    b.route(e_main, "0.0.0.0/0", NetworkBuilder::natTarget(nat));
    b.route(e_main, "10.0.0.0/8", NetworkBuilder::tgwTarget(tgw));
    b.route(e_pub_rt, "0.0.0.0/0", NetworkBuilder::igwTarget(igw));
    b.route(e_pub_rt, "10.0.0.0/8", NetworkBuilder::tgwTarget(tgw));
    b.tgwRoute(spokes, "10.0.0.0/16", a_att, true);
    b.tgwRoute(spokes, "10.1.0.0/16", b_att, true);
    b.tgwRoute(spokes, "0.0.0.0/0", e_att);
    b.tgwRoute(egress, "10.0.0.0/16", a_att, true);
    b.tgwRoute(egress, "10.1.0.0/16", b_att, true);
    b.sgRule(db_sg, kIn, testing::tcpPort(5432), NetworkBuilder::cidrPeer("10.0.0.0/8"));
    b.sgRule(db_sg, kOut, testing::anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    b.iface(app, "app1", "10.0.1.10");
    b.iface(db, "db1", "10.1.1.10", {db_sg});
  }
  Network& net() { return b.mutableNetwork(); }
};

AssertionResult reach(const Network& net, const std::string& from, const std::string& to,
                      FlowSpec flow) {
  return testing::reachIn(net, from, to, flow);
}

TEST_CASE("transit gateway: a spoke reaches another through the hub", "[solve][transit]") {
  HubAndSpoke h;
  AssertionResult r = reach(h.net(), "resource:app1", "resource:db1", tcp(5432));
  REQUIRE(r.verdict == Verdict::kHolds);
  std::vector<std::string> s = steps(r);
  CHECK(has(s, "transit gateway a-att"));
  CHECK(has(s, "transit gateway route spokes"));
  CHECK(has(s, "transit gateway b-att"));
  CHECK(has(s, "network ACL inbound b-default-acl (subnet b-tgw1)"));
  // The request enters by the interface in its own zone, az1.
  CHECK(has(s, "network ACL inbound a-default-acl (subnet a-tgw1)"));
  CHECK_FALSE(has(s, "network ACL inbound a-default-acl (subnet a-tgw2)"));
  CHECK(reach(h.net(), "resource:app1", "resource:db1", tcp(22)).verdict == Verdict::kViolated);
}

TEST_CASE("transit gateway: a subnet in a zone without an attachment interface cannot use it",
          "[solve][transit]") {
  HubAndSpoke h;
  h.b.zone(h.app, "az3");
  AssertionResult r = reach(h.net(), "resource:app1", "resource:db1", tcp(5432));
  CHECK(r.verdict == Verdict::kViolated);
}

TEST_CASE("transit gateway: replies from a zone without an interface are lost, for TCP",
          "[solve][transit]") {
  HubAndSpoke h;
  h.b.zone(h.db, "az2");  // b-att has an interface in az1 only
  AssertionResult r = reach(h.net(), "resource:app1", "resource:db1", tcp(5432));
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(blockedAt(r).find("has no interface in availability zone az2") != std::string::npos);
  // UDP needs no reply.
  h.b.sgRule(h.db_sg, kIn, testing::udpPort(53), NetworkBuilder::cidrPeer("10.0.0.0/8"));
  CHECK(reach(h.net(), "resource:app1", "resource:db1", FlowSpec{kUdp, {{53, 53}}}).verdict ==
        Verdict::kHolds);
}

TEST_CASE("transit gateway: the route table of the attachment decides; blackholes drop",
          "[solve][transit]") {
  HubAndSpoke h;
  h.b.tgwRoute(h.spokes, "10.1.1.0/24", TgwAttachmentId{});  // blackhole, more specific
  AssertionResult r = reach(h.net(), "resource:app1", "resource:db1", tcp(5432));
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(blockedAt(r).rfind("transit gateway route spokes", 0) == 0);
}

TEST_CASE("transit gateway: an attachment associated with no route table drops its traffic",
          "[solve][transit]") {
  HubAndSpoke h;
  h.net().tgw_attachments[h.a_att.value].route_table = {};
  AssertionResult r = reach(h.net(), "resource:app1", "resource:db1", tcp(5432));
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(blockedAt(r).find("is associated with no route table") != std::string::npos);
}

TEST_CASE("transit gateway: the reply needs a route back in the destination's route table",
          "[solve][transit]") {
  HubAndSpoke h;
  // b's table: only 0.0.0.0/0 -> tgw is left; route the spoke back elsewhere.
  h.b.route(h.b_rt, "10.0.1.0/24", NetworkBuilder::blackholeTarget());
  CHECK(reach(h.net(), "resource:app1", "resource:db1", tcp(5432)).verdict == Verdict::kViolated);
  // ... and in the transit gateway table the destination's attachment uses.
  HubAndSpoke g;
  g.net().tgw_attachments[g.b_att.value].route_table = g.egress;
  g.net().tgw_route_tables[g.egress.value].routes.clear();
  g.b.tgwRoute(g.egress, "10.1.0.0/16", g.b_att, true);
  CHECK(reach(g.net(), "resource:app1", "resource:db1", tcp(5432)).verdict == Verdict::kViolated);
}

TEST_CASE("transit gateway: network ACLs of the attachment subnets", "[solve][transit]") {
  HubAndSpoke h;
  // The destination side's interface subnet denies the request going out.
  NetworkAclId acl = h.b.networkAcl(h.bv, "b-tgw-acl");
  h.b.aclRule(acl, 100, kIn, true, testing::anyTraffic(), "0.0.0.0/0");
  h.b.aclRule(acl, 100, kOut, true, testing::tcpPorts(32768, 65535), "0.0.0.0/0");
  h.b.useAcl(h.b_tgw1, acl);
  AssertionResult r = reach(h.net(), "resource:app1", "resource:db1", tcp(5432));
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(blockedAt(r).rfind("network ACL outbound b-tgw-acl (subnet b-tgw1)", 0) == 0);
  // Within the interface's own subnet no ACL applies on the way in: move the
  // database there and the same ACL lets the request through.
  HubAndSpoke g;
  NetworkAclId acl2 = g.b.networkAcl(g.bv, "b-tgw-acl");
  g.b.aclRule(acl2, 100, kIn, true, testing::anyTraffic(), "0.0.0.0/0");
  g.b.aclRule(acl2, 100, kOut, true, testing::tcpPorts(32768, 65535), "0.0.0.0/0");
  g.b.useAcl(g.b_tgw1, acl2);
  g.net().interfaces[1].subnet = g.b_tgw1;
  g.net().interfaces[1].private_addresses[0].ip = IpAddress::parse("10.1.9.10");
  // (its replies are routed by the interface subnet's table, the main one)
  CHECK(reach(g.net(), "resource:app1", "resource:db1", tcp(5432)).verdict == Verdict::kViolated);
  g.b.route(g.b.network().at(g.bv).main_route_table, "10.0.0.0/8", NetworkBuilder::tgwTarget(g.tgw));
  CHECK(reach(g.net(), "resource:app1", "resource:db1", tcp(5432)).verdict == Verdict::kHolds);
}

TEST_CASE("transit gateway: centralized egress through a NAT gateway in another VPC",
          "[solve][transit]") {
  HubAndSpoke h;
  AssertionResult r = reach(h.net(), "resource:app1", "internet", tcp(443));
  REQUIRE(r.verdict == Verdict::kHolds);
  std::vector<std::string> s = steps(r);
  CHECK(has(s, "transit gateway e-att"));
  CHECK(has(s, "NAT gateway e-nat"));
  CHECK(has(s, "internet gateway e-igw"));
  // Nothing from the internet reaches the spokes.
  CHECK(reach(h.net(), "internet", "resource:db1", tcp(5432)).verdict == Verdict::kViolated);
}

TEST_CASE("transit gateway: no edge-to-edge routing into a peering", "[solve][transit]") {
  HubAndSpoke h;
  VpcId c = h.b.vpc("c", "10.3.0.0/16");
  SubnetId cs = h.b.subnet(c, "c-app", "10.3.1.0/24");
  h.b.iface(cs, "c1", "10.3.1.10");
  PeeringId p = h.b.peering(h.bv, c, "b-c");
  // b's interface subnet routes 10.3/16 to the peering; the hub routes it to b.
  h.b.route(h.b.network().at(h.bv).main_route_table, "10.3.0.0/16", NetworkBuilder::peeringTarget(p));
  h.b.route(h.b.network().at(c).main_route_table, "10.0.0.0/8", NetworkBuilder::peeringTarget(p));
  h.b.tgwRoute(h.spokes, "10.3.0.0/16", h.b_att);
  AssertionResult r = reach(h.net(), "resource:app1", "resource:c1", tcp(22));
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(blockedAt(r).find("no edge-to-edge routing") != std::string::npos);
}

TEST_CASE("transit gateway: peered transit gateways, accepted or not", "[solve][transit]") {
  HubAndSpoke h;
  // A second region: tgw2 with VPC d, peered with tgw.
  VpcId d = h.b.vpc("d", "10.4.0.0/16");
  RouteTableId d_rt = h.b.routeTable(d, "d-rt");
  SubnetId ds = h.b.subnet(d, "d-app", "10.4.1.0/24", d_rt);
  h.b.zone(ds, "eu1");
  h.b.route(d_rt, "10.0.0.0/8", NetworkBuilder::tgwTarget(TransitGatewayId{1}));
  TransitGatewayId tgw2 = h.b.transitGateway("tgw2");
  TgwRouteTableId rt2 = h.b.tgwRouteTable(tgw2, "tgw2-rt");
  TgwAttachmentId d_att = h.b.tgwVpcAttachment(tgw2, d, {ds}, "d-att", rt2);
  TgwAttachmentId peer = h.b.tgwPeering(h.tgw, tgw2, "tgw-peer", h.spokes, rt2);
  h.b.tgwRoute(h.spokes, "10.4.0.0/16", peer);
  h.b.tgwRoute(rt2, "10.4.0.0/16", d_att, true);
  h.b.tgwRoute(rt2, "10.0.0.0/16", peer);
  SecurityGroupId d_sg = h.b.group(d, "d-sg");
  h.b.sgRule(d_sg, kIn, testing::icmpMatch(-1, -1), NetworkBuilder::cidrPeer("10.0.0.0/8"));
  h.b.iface(ds, "d1", "10.4.1.10", {d_sg});
  AssertionResult r = reach(h.net(), "resource:app1", "resource:d1", FlowSpec{kIcmp, {}});
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(has(steps(r), "transit gateway tgw-peer"));
  h.net().tgw_attachments[peer.value].active = false;
  r = reach(h.net(), "resource:app1", "resource:d1", FlowSpec{kIcmp, {}});
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(blockedAt(r).find("is not accepted") != std::string::npos);
}

TEST_CASE("transit gateway: isolation across the hub is proved or refuted",
          "[solve][transit]") {
  HubAndSpoke h;
  Assertion iso;
  iso.id = "spokes-isolated";
  iso.kind = AssertionKind::kIsolated;
  for (const char* v : {"vpc:a", "vpc:b"}) {
    Segment s;
    s.name = v;
    s.selectors.push_back(sel(v));
    iso.segments.push_back(s);
  }
  AnalyzerOptions options;
  options.jobs = 2;
  AssertionSet set;
  set.assertions = {iso};
  DiagnosticEngine diags;
  CHECK(Analyzer(h.net(), options).check(set, diags).results.front().verdict == Verdict::kViolated);
  // Separate route tables without each other's routes, both with a default
  // route to the egress VPC: the spokes still meet, through the egress VPC,
  // whose table sends 10.0.0.0/8 back to the hub (a hairpin).
  TgwRouteTableId rt_b = h.b.tgwRouteTable(h.tgw, "b-only");
  h.net().tgw_attachments[h.b_att.value].route_table = rt_b;
  h.b.tgwRoute(rt_b, "0.0.0.0/0", h.e_att);
  auto& routes = h.net().tgw_route_tables[h.spokes.value].routes;
  routes.erase(std::remove_if(routes.begin(), routes.end(),
                              [&](const Route& r) { return r.attachment == h.b_att; }),
               routes.end());
  CheckReport hairpin = Analyzer(h.net(), options).check(set, diags);
  REQUIRE(hairpin.results.front().verdict == Verdict::kViolated);
  REQUIRE_FALSE(hairpin.results.front().witnesses.empty());
  CHECK(std::count(hairpin.results.front().witnesses.front().places.begin(),
                   hairpin.results.front().witnesses.front().places.end(), "subnet e-tgw") >= 1);
  // Blackholes for the other spoke close the hairpin: isolated.
  h.b.tgwRoute(h.spokes, "10.1.0.0/16", TgwAttachmentId{});
  h.b.tgwRoute(rt_b, "10.0.0.0/16", TgwAttachmentId{});
  CheckReport closed = Analyzer(h.net(), options).check(set, diags);
  CHECK(closed.results.front().verdict == Verdict::kHolds);
  // ... and the spokes still reach the internet.
  CHECK(reach(h.net(), "resource:db1", "internet", tcp(443)).verdict == Verdict::kHolds);
}

}  // namespace
}  // namespace segproof
