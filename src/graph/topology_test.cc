#include "graph/topology.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <optional>
#include <set>
#include <vector>

#include "graph/network_builder_test_util.h"

namespace segproof {
namespace {

using testing::NetworkBuilder;

// The vertex of `kind` for `element` (and, for peering directions, `vpc`).
PlaceVertex find(const Topology& topology, PlaceKind kind, int32_t element, VpcId vpc = {}) {
  std::optional<PlaceVertex> found;
  for (PlaceVertex v = 0; v < topology.placeCount(); ++v) {
    const Place& p = topology.place(v);
    if (p.kind != kind || p.element != element) continue;
    if (kind == PlaceKind::kPeer && p.vpc != vpc) continue;
    REQUIRE_FALSE(found);  // one vertex per place
    found = v;
  }
  REQUIRE(found);
  return *found;
}

bool hasMove(const Topology& topology, PlaceVertex from, PlaceVertex to) {
  return boost::edge(from, to, topology.graph()).second;
}

int routeCount(const Topology& topology, PlaceVertex from, PlaceVertex to) {
  auto [e, ok] = boost::edge(from, to, topology.graph());
  REQUIRE(ok);
  return topology.graph()[e].route_count;
}

size_t outDegree(const Topology& topology, PlaceVertex v) {
  return boost::out_degree(v, topology.graph());
}

// Three VPCs with one of everything:
//   A 10.0.0.0/16: a1 (own table: IGW, peering to B, NAT n2), a2 (main
//     table), a3 (own table: NAT n, blackhole, transit gateway, appliance fw);
//     IGW igw-a; NAT n in a1, NAT n2 in a3; appliance fw in a2.
//   B 10.1.0.0/16: b1 (main table: VPN gateway vgw only); peering A->B.
//   C 10.2.0.0/16: c1 (own table: inactive peering C->A).
//   A detached IGW igw-x.
struct Fixture {
  NetworkBuilder b;
  VpcId a, bv, c;
  SubnetId a1, a2, a3, b1, c1;
  InternetGatewayId igw_a, igw_x;
  NatGatewayId n, n2;
  PeeringId ab, ca;
  GatewayId tgw, vgw;
  InterfaceId fw;

  Fixture() {
    a = b.vpc("A", "10.0.0.0/16");
    bv = b.vpc("B", "10.1.0.0/16");
    c = b.vpc("C", "10.2.0.0/16");
    RouteTableId rt_a1 = b.routeTable(a, "rt-a1");
    RouteTableId rt_a3 = b.routeTable(a, "rt-a3");
    RouteTableId rt_c1 = b.routeTable(c, "rt-c1");
    a1 = b.subnet(a, "a1", "10.0.1.0/24", rt_a1);
    a2 = b.subnet(a, "a2", "10.0.2.0/24");
    a3 = b.subnet(a, "a3", "10.0.3.0/24", rt_a3);
    b1 = b.subnet(bv, "b1", "10.1.1.0/24");
    c1 = b.subnet(c, "c1", "10.2.1.0/24", rt_c1);
    igw_a = b.igw(a, "igw-a");
    igw_x = b.igw(VpcId{}, "igw-x");
    n = b.nat(a1, "nat", "10.0.1.5");
    n2 = b.nat(a3, "nat2", "10.0.3.5");
    ab = b.peering(a, bv, "pcx-ab");
    ca = b.peering(c, a, "pcx-ca", /*active=*/false);
    tgw = b.gateway(RouteTargetKind::kTransitGateway, a, "tgw");
    vgw = b.gateway(RouteTargetKind::kVpnGateway, bv, "vgw");
    fw = b.iface(a2, "fw", "10.0.2.10");
    b.route(rt_a1, "0.0.0.0/0", NetworkBuilder::igwTarget(igw_a));
    b.route(rt_a1, "1.2.3.0/24", NetworkBuilder::igwTarget(igw_a));
    b.route(rt_a1, "10.1.0.0/16", NetworkBuilder::peeringTarget(ab));
    b.route(rt_a1, "10.5.0.0/16", NetworkBuilder::natTarget(n2));
    b.route(rt_a3, "0.0.0.0/0", NetworkBuilder::natTarget(n));
    b.route(rt_a3, "10.9.0.0/16", NetworkBuilder::blackholeTarget());
    b.routeToGateway(rt_a3, "172.16.0.0/12", tgw);
    b.route(rt_a3, "100.64.0.0/10", NetworkBuilder::interfaceTarget(fw));
    b.routeToGateway(b.tableOf(b1), "192.168.0.0/16", vgw);
    b.route(rt_c1, "10.0.0.0/16", NetworkBuilder::peeringTarget(ca));
  }
};

TEST_CASE("topology has one place per subnet side, gateway side, NAT, peering side and appliance",
          "[graph]") {
  Fixture f;
  Topology t(f.b.network());
  // internet + 5 subnets x 2 + 2 IGWs x 2 + 2 NATs + 2 peerings x 2 + 2 gateways x 2 + 1 appliance
  CHECK(t.placeCount() == 1 + 10 + 4 + 2 + 4 + 4 + 1);
  CHECK(t.place(t.internet()).kind == PlaceKind::kInternet);
  CHECK(t.place(t.subnetOut(f.a1)).kind == PlaceKind::kSubnetOut);
  CHECK(t.place(t.subnetIn(f.a1)).kind == PlaceKind::kSubnetIn);
  CHECK(t.place(t.subnetIn(f.b1)).vpc == f.bv);
  CHECK(t.place(t.gatewayIn(f.vgw)).kind == PlaceKind::kGatewayIn);
  CHECK(t.describe(t.subnetOut(f.a2)) == "subnet a2");
  CHECK(t.describe(t.internet()) == "internet");
}

TEST_CASE("local moves join different subnets of the same VPC only", "[graph]") {
  Fixture f;
  Topology t(f.b.network());
  std::vector<SubnetId> in_a = {f.a1, f.a2, f.a3};
  for (SubnetId from : in_a) {
    for (SubnetId to : in_a) {
      INFO("from " << from.value << " to " << to.value);
      // a1 and a3 hold NAT gateways and a2 an appliance: what they send on
      // may stay in their own subnet.
      CHECK(hasMove(t, t.subnetOut(from), t.subnetIn(to)));
      if (from == to) CHECK(routeCount(t, t.subnetOut(from), t.subnetIn(to)) == 0);
      if (from != to) CHECK(routeCount(t, t.subnetOut(from), t.subnetIn(to)) == 1);
    }
    for (SubnetId other : {f.b1, f.c1}) {
      CHECK_FALSE(hasMove(t, t.subnetOut(from), t.subnetIn(other)));
      CHECK_FALSE(hasMove(t, t.subnetOut(other), t.subnetIn(from)));
    }
  }
  // Alone in their VPCs: no local move at all.
  CHECK_FALSE(hasMove(t, t.subnetOut(f.b1), t.subnetIn(f.b1)));
  CHECK_FALSE(hasMove(t, t.subnetOut(f.c1), t.subnetIn(f.c1)));
  // Arriving in a subnet ends a path: SubnetIn has no moves out.
  for (SubnetId s : {f.a1, f.a2, f.a3, f.b1, f.c1}) CHECK(outDegree(t, t.subnetIn(s)) == 0);
}

TEST_CASE("internet gateway moves exist only where the route table has an IGW route", "[graph]") {
  Fixture f;
  Topology t(f.b.network());
  PlaceVertex out = find(t, PlaceKind::kIgwOut, f.igw_a.value);
  PlaceVertex in = find(t, PlaceKind::kIgwIn, f.igw_a.value);
  CHECK(hasMove(t, t.subnetOut(f.a1), out));
  CHECK(routeCount(t, t.subnetOut(f.a1), out) == 2);  // 0.0.0.0/0 and 1.2.3.0/24
  CHECK_FALSE(hasMove(t, t.subnetOut(f.a2), out));    // main table: local only
  CHECK_FALSE(hasMove(t, t.subnetOut(f.a3), out));    // default route goes to the NAT
  CHECK(hasMove(t, out, t.internet()));
  CHECK(hasMove(t, t.internet(), in));
  CHECK(outDegree(t, out) == 1);
  // Inbound: to every subnet of the IGW's VPC, whatever their tables say.
  for (SubnetId s : {f.a1, f.a2, f.a3}) CHECK(hasMove(t, in, t.subnetIn(s)));
  CHECK_FALSE(hasMove(t, in, t.subnetIn(f.b1)));
  CHECK(outDegree(t, in) == 3);
  // A detached gateway leads nowhere and nothing leads to it.
  PlaceVertex x_out = find(t, PlaceKind::kIgwOut, f.igw_x.value);
  PlaceVertex x_in = find(t, PlaceKind::kIgwIn, f.igw_x.value);
  CHECK(outDegree(t, x_out) == 0);
  CHECK(outDegree(t, x_in) == 0);
  CHECK_FALSE(hasMove(t, t.internet(), x_in));
  // The internet's only moves are into attached gateways.
  CHECK(outDegree(t, t.internet()) == 1);
}

TEST_CASE("peering moves follow the routes of each side, towards the other VPC", "[graph]") {
  Fixture f;
  Topology t(f.b.network());
  PlaceVertex to_b = find(t, PlaceKind::kPeer, f.ab.value, f.bv);
  PlaceVertex to_a = find(t, PlaceKind::kPeer, f.ab.value, f.a);
  CHECK(hasMove(t, t.subnetOut(f.a1), to_b));
  CHECK_FALSE(hasMove(t, t.subnetOut(f.a1), to_a));
  CHECK(hasMove(t, to_b, t.subnetIn(f.b1)));
  CHECK(outDegree(t, to_b) == 1);
  // B has no route back: nothing enters the direction towards A, though it
  // leads into every subnet of A.
  CHECK_FALSE(hasMove(t, t.subnetOut(f.b1), to_a));
  CHECK_FALSE(hasMove(t, t.subnetOut(f.b1), to_b));
  for (SubnetId s : {f.a1, f.a2, f.a3}) CHECK(hasMove(t, to_a, t.subnetIn(s)));
  // No edge-to-edge routing: a peering direction never leads to a gateway or
  // a subnet's outgoing side.
  for (PlaceVertex v : {to_a, to_b}) {
    for (auto [e, end] = boost::out_edges(v, t.graph()); e != end; ++e)
      CHECK(t.place(boost::target(*e, t.graph())).kind == PlaceKind::kSubnetIn);
  }
  // An inactive peering: the route leads into it, but it leads nowhere.
  PlaceVertex ca_to_a = find(t, PlaceKind::kPeer, f.ca.value, f.a);
  PlaceVertex ca_to_c = find(t, PlaceKind::kPeer, f.ca.value, f.c);
  CHECK(hasMove(t, t.subnetOut(f.c1), ca_to_a));
  CHECK(outDegree(t, ca_to_a) == 0);
  CHECK(outDegree(t, ca_to_c) == 0);
}

TEST_CASE("NAT gateways lead to their own subnet's outgoing side", "[graph]") {
  Fixture f;
  Topology t(f.b.network());
  PlaceVertex nat = find(t, PlaceKind::kNat, f.n.value);
  PlaceVertex nat2 = find(t, PlaceKind::kNat, f.n2.value);
  CHECK(hasMove(t, nat, t.subnetOut(f.a1)));
  CHECK(outDegree(t, nat) == 1);
  CHECK(hasMove(t, t.subnetOut(f.a3), nat));
  CHECK_FALSE(hasMove(t, t.subnetOut(f.a1), nat));  // a1 has no route to it
  CHECK_FALSE(hasMove(t, t.subnetOut(f.a2), nat));
  CHECK(hasMove(t, nat2, t.subnetOut(f.a3)));
  CHECK(hasMove(t, t.subnetOut(f.a1), nat2));
  CHECK(t.place(nat).vpc == f.a);
}

TEST_CASE("a subnet without NAT gateways or appliances has no move to itself", "[graph]") {
  Fixture f;
  Topology t(f.b.network());
  for (SubnetId s : {f.b1, f.c1}) CHECK_FALSE(hasMove(t, t.subnetOut(s), t.subnetIn(s)));
}

TEST_CASE("blackholes lead nowhere; gateways and appliances get their own places", "[graph]") {
  Fixture f;
  Topology t(f.b.network());
  PlaceVertex tgw_out = find(t, PlaceKind::kGatewayOut, f.tgw.value);
  PlaceVertex tgw_in = find(t, PlaceKind::kGatewayIn, f.tgw.value);
  PlaceVertex vgw_out = find(t, PlaceKind::kGatewayOut, f.vgw.value);
  PlaceVertex vgw_in = find(t, PlaceKind::kGatewayIn, f.vgw.value);
  PlaceVertex fw = find(t, PlaceKind::kAppliance, f.fw.value);
  // a3: a1, a2 (local), the NAT, the transit gateway and the appliance, and
  // itself (its NAT gateway sends within it); the blackhole route adds
  // nothing.
  CHECK(outDegree(t, t.subnetOut(f.a3)) == 6);
  CHECK(hasMove(t, t.subnetOut(f.a3), tgw_out));
  CHECK(outDegree(t, tgw_out) == 0);
  CHECK(outDegree(t, tgw_in) == 0);  // only VPN gateways bring traffic in
  CHECK(hasMove(t, t.subnetOut(f.b1), vgw_out));
  CHECK(hasMove(t, vgw_in, t.subnetIn(f.b1)));
  CHECK(outDegree(t, vgw_in) == 1);
  CHECK(t.gatewayIn(f.vgw) == vgw_in);
  CHECK(hasMove(t, t.subnetOut(f.a3), fw));
  CHECK(hasMove(t, fw, t.subnetOut(f.a2)));
  CHECK(outDegree(t, fw) == 1);
  CHECK(t.place(fw).vpc == f.a);
}

TEST_CASE("route target keys fold gateways of every other kind", "[graph]") {
  Route r;
  r.target = RouteTargetKind::kTransitGateway;
  r.gateway = GatewayId{3};
  CHECK(routeTargetKey(r) == RouteTargetKey{RouteTargetKind::kOther, 3});
  r.target = RouteTargetKind::kVpnGateway;
  CHECK(routeTargetKey(r) == RouteTargetKey{RouteTargetKind::kOther, 3});
  r.target = RouteTargetKind::kLocal;
  CHECK(routeTargetKey(r) == RouteTargetKey{RouteTargetKind::kLocal, -1});
  r.target = RouteTargetKind::kBlackhole;
  CHECK(routeTargetKey(r) == RouteTargetKey{RouteTargetKind::kBlackhole, -1});
  r.target = RouteTargetKind::kNatGateway;
  r.nat_gateway = NatGatewayId{2};
  CHECK(routeTargetKey(r) == RouteTargetKey{RouteTargetKind::kNatGateway, 2});
  r.target = RouteTargetKind::kPeering;
  r.peering = PeeringId{1};
  CHECK(routeTargetKey(r) == RouteTargetKey{RouteTargetKind::kPeering, 1});
}

// ---------------------------------------------------------------------------
// walk()

using Path = std::vector<PlaceVertex>;

// Every simple path from `from` of at most `max_length` vertices that does
// not pass through the internet (it may start or end there): an independent
// enumeration to compare walk() with.
std::set<Path> allPaths(const Topology& t, PlaceVertex from, size_t max_length) {
  std::set<Path> out;
  Path path{from};
  std::function<void()> dfs = [&]() {
    out.insert(path);
    PlaceVertex here = path.back();
    if (path.size() >= max_length) return;
    if (here == t.internet() && path.size() > 1) return;
    for (auto [e, end] = boost::out_edges(here, t.graph()); e != end; ++e) {
      PlaceVertex next = boost::target(*e, t.graph());
      if (std::find(path.begin(), path.end(), next) != path.end()) continue;
      path.push_back(next);
      dfs();
      path.pop_back();
    }
  };
  dfs();
  return out;
}

struct WalkLog {
  std::vector<Path> visited;
  int depth = 0;
  bool balanced = true;
};

Topology::Walker recordingWalker(WalkLog& log, std::function<bool(const Path&)> allow = nullptr) {
  Topology::Walker w;
  w.enter = [&log, allow](const Path& path) {
    if (allow && !allow(path)) return false;
    ++log.depth;
    return true;
  };
  w.leave = [&log]() {
    --log.depth;
    if (log.depth < 0) log.balanced = false;
  };
  w.is_target = [](PlaceVertex) { return true; };
  w.visit = [&log](const Path& path) { log.visited.push_back(path); };
  return w;
}

void checkPathShape(const Topology& t, const Path& path, PlaceVertex from, size_t max_length) {
  INFO("path of " << path.size() << " places");
  REQUIRE_FALSE(path.empty());
  CHECK(path.front() == from);
  CHECK(path.size() <= max_length);
  std::set<PlaceVertex> seen(path.begin(), path.end());
  CHECK(seen.size() == path.size());  // no vertex repeats
  for (size_t i = 1; i + 1 < path.size(); ++i) CHECK(path[i] != t.internet());
  for (size_t i = 0; i + 1 < path.size(); ++i) CHECK(hasMove(t, path[i], path[i + 1]));
}

TEST_CASE("walk visits every simple path once, never repeating a vertex or crossing the internet",
          "[graph]") {
  Fixture f;
  Topology t(f.b.network());
  for (size_t max_length : {size_t{3}, size_t{16}}) {
    for (PlaceVertex from = 0; from < t.placeCount(); ++from) {
      INFO("from " << t.describe(from) << ", max_length " << max_length);
      WalkLog log;
      t.walk(from, recordingWalker(log), max_length);
      CHECK(log.balanced);
      CHECK(log.depth == 0);
      for (const Path& p : log.visited) checkPathShape(t, p, from, max_length);
      std::set<Path> unique(log.visited.begin(), log.visited.end());
      CHECK(unique.size() == log.visited.size());
      CHECK(unique == allPaths(t, from, max_length));
    }
  }
}

TEST_CASE("walk from the internet comes back to it only as a path's end", "[graph]") {
  // Two VPCs with IGWs and default routes: internet -> igw-a in -> subnet in
  // ends; a walk from a subnet may end in the internet but not go through it.
  NetworkBuilder b;
  VpcId a = b.vpc("A", "10.0.0.0/16");
  VpcId c = b.vpc("C", "10.2.0.0/16");
  SubnetId a1 = b.subnet(a, "a1", "10.0.1.0/24");
  SubnetId c1 = b.subnet(c, "c1", "10.2.1.0/24");
  InternetGatewayId ga = b.igw(a, "igw-a");
  InternetGatewayId gc = b.igw(c, "igw-c");
  b.route(b.tableOf(a1), "0.0.0.0/0", NetworkBuilder::igwTarget(ga));
  b.route(b.tableOf(c1), "0.0.0.0/0", NetworkBuilder::igwTarget(gc));
  Topology t(b.network());
  WalkLog log;
  t.walk(t.subnetOut(a1), recordingWalker(log));
  bool reached_internet = false;
  for (const Path& p : log.visited) {
    checkPathShape(t, p, t.subnetOut(a1), 16);
    if (p.back() == t.internet()) reached_internet = true;
    CHECK(std::find(p.begin(), p.end(), t.subnetIn(c1)) == p.end());
  }
  CHECK(reached_internet);
  WalkLog from_internet;
  t.walk(t.internet(), recordingWalker(from_internet));
  std::set<Path> ends;
  for (const Path& p : from_internet.visited) {
    checkPathShape(t, p, t.internet(), 16);
    CHECK(std::count(p.begin(), p.end(), t.internet()) == 1);
    ends.insert(p);
  }
  CHECK(ends.size() == 5);  // internet, and igw-in then subnet-in for each VPC
}

TEST_CASE("walk does not extend a path that enter() refuses, and visits only targets", "[graph]") {
  Fixture f;
  Topology t(f.b.network());
  PlaceVertex nat = find(t, PlaceKind::kNat, f.n.value);
  WalkLog log;
  Topology::Walker w = recordingWalker(log, [&](const Path& p) { return p.back() != nat; });
  w.is_target = [&](PlaceVertex v) { return t.place(v).kind == PlaceKind::kSubnetIn; };
  t.walk(t.subnetOut(f.a3), w);
  CHECK(log.depth == 0);
  CHECK_FALSE(log.visited.empty());
  for (const Path& p : log.visited) {
    CHECK(t.place(p.back()).kind == PlaceKind::kSubnetIn);
    CHECK(std::find(p.begin(), p.end(), nat) == p.end());
  }
  // Through nat2 (from a1) the walk does get around: a1 out -> nat2 -> a3 out.
  WalkLog via_nat2;
  t.walk(t.subnetOut(f.a1), recordingWalker(via_nat2));
  PlaceVertex nat2 = find(t, PlaceKind::kNat, f.n2.value);
  bool through = false;
  for (const Path& p : via_nat2.visited)
    if (p.size() >= 3 && p[1] == nat2 && p[2] == t.subnetOut(f.a3)) through = true;
  CHECK(through);
}

TEST_CASE("walk order is deterministic", "[graph]") {
  Fixture f;
  Topology t(f.b.network());
  Topology again(f.b.network());
  WalkLog first, second;
  t.walk(t.subnetOut(f.a3), recordingWalker(first));
  again.walk(again.subnetOut(f.a3), recordingWalker(second));
  CHECK(first.visited == second.visited);
}

}  // namespace
}  // namespace segproof
