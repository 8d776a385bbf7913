// The simulator's semantics, one rule of AWS at a time.
#include "simulate/simulator.h"

#include <catch2/catch.hpp>

#include "graph/network_builder_test_util.h"

namespace segproof {
namespace {

using testing::anyTraffic;
using testing::NetworkBuilder;
using testing::tcpPort;
using testing::tcpPorts;
using testing::v4Of;

constexpr Direction kIn = Direction::kIngress;
constexpr Direction kOut = Direction::kEgress;

FlowPacket tcp(const std::string& src, int sport, const std::string& dst, int dport) {
  FlowPacket p;
  p.source = testing::ipOf(src);
  p.destination = testing::ipOf(dst);
  p.protocol = kTcp;
  p.source_port = sport;
  p.destination_port = dport;
  return p;
}

FlowPacket udp(const std::string& src, int sport, const std::string& dst, int dport) {
  FlowPacket p = tcp(src, sport, dst, dport);
  p.protocol = kUdp;
  return p;
}

// A VPC with a public subnet (IGW route) and a private one; a web server
// with a public address admitting tcp/443 from anywhere, a database
// admitting tcp/5432 from the web group.
struct Shop {
  NetworkBuilder b;
  VpcId vpc = b.vpc("shop", "10.0.0.0/16");
  RouteTableId public_rt = b.routeTable(vpc, "public-rt");
  SubnetId pub = b.subnet(vpc, "public", "10.0.1.0/24", public_rt);
  SubnetId priv = b.subnet(vpc, "private", "10.0.2.0/24");
  InternetGatewayId igw = b.igw(vpc, "igw");
  SecurityGroupId web_sg = b.group(vpc, "web-sg");
  SecurityGroupId db_sg = b.group(vpc, "db-sg");
  InterfaceId web = b.iface(pub, "web", "10.0.1.10", {web_sg}, "54.1.2.3");
  InterfaceId db = b.iface(priv, "db", "10.0.2.20", {db_sg});

  Shop() {
    b.route(public_rt, "0.0.0.0/0", NetworkBuilder::igwTarget(igw));
    b.sgRule(web_sg, kIn, tcpPort(443), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    b.sgRule(web_sg, kOut, anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    b.sgRule(db_sg, kIn, tcpPort(5432), NetworkBuilder::groupPeer(web_sg));
  }
  Simulator sim() const { return Simulator(b.network()); }
};

TEST_CASE("simulator: the internet reaches a public interface through the gateway", "[simulate]") {
  Shop s;
  Simulator sim = s.sim();
  SimResult r = sim.send(SimEnd::internet(), SimEnd::interface(s.web),
                         tcp("203.0.113.7", 49152, "10.0.1.10", 443));
  INFO(r.reason);
  CHECK(r.disposition == Disposition::kDelivered);
  REQUIRE_FALSE(r.trace.empty());
  CHECK(r.trace.front().step == "internet gateway");
  CHECK(r.trace.back().step == "security group ingress");
  CHECK(r.trace.back().rule == "web-sg ingress tcp/443 from 0.0.0.0/0");
  // The reply's route is checked too.
  bool reply_route = false;
  for (const SimHop& h : r.trace) reply_route = reply_route || (h.reply && h.step == "route");
  CHECK(reply_route);

  SimResult port22 = sim.send(SimEnd::internet(), SimEnd::interface(s.web),
                              tcp("203.0.113.7", 49152, "10.0.1.10", 22));
  CHECK(port22.disposition == Disposition::kDropped);
  CHECK(port22.trace.back().rule == "no rule admits it");
  CHECK_FALSE(port22.trace.back().passed);
}

TEST_CASE("simulator: a private interface is not reached from the internet", "[simulate]") {
  Shop s;
  s.b.sgRule(s.db_sg, kIn, tcpPort(5432), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  SimResult r = s.sim().send(SimEnd::internet(), SimEnd::interface(s.db),
                             tcp("203.0.113.7", 49152, "10.0.2.20", 5432));
  CHECK(r.disposition == Disposition::kDropped);
  CHECK(r.reason == "db has no public IPv4 address");
}

TEST_CASE("simulator: the reply must be routed back to the gateway it came through",
          "[simulate]") {
  Shop s;
  // The web server's subnet sends everything but its VPC to a blackhole.
  s.b.mutableNetwork().route_tables[s.public_rt.value].routes.back().target =
      RouteTargetKind::kBlackhole;
  Simulator sim = s.sim();
  SimResult t = sim.send(SimEnd::internet(), SimEnd::interface(s.web),
                         tcp("203.0.113.7", 49152, "10.0.1.10", 443));
  CHECK(t.disposition == Disposition::kDropped);
  CHECK(t.trace.back().reply);
  // UDP is judged on delivery.
  s.b.sgRule(s.web_sg, kIn, testing::udpPort(53), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  Simulator sim2 = s.sim();
  CHECK(sim2.send(SimEnd::internet(), SimEnd::interface(s.web), udp("203.0.113.7", 49152, "10.0.1.10", 53))
            .disposition == Disposition::kDelivered);
}

TEST_CASE("simulator: security group references see the sender's groups", "[simulate]") {
  Shop s;
  InterfaceId other = s.b.iface(s.pub, "other", "10.0.1.11");
  Simulator sim = s.sim();
  CHECK(sim.send(SimEnd::interface(s.web), SimEnd::interface(s.db),
                 tcp("10.0.1.10", 40000, "10.0.2.20", 5432))
            .disposition == Disposition::kDelivered);
  SimResult r = sim.send(SimEnd::interface(other), SimEnd::interface(s.db),
                         tcp("10.0.1.11", 40000, "10.0.2.20", 5432));
  CHECK(r.disposition == Disposition::kDropped);
  CHECK(r.trace.back().element == "db: db-sg");
}

TEST_CASE("simulator: network ACLs match the first rule by number, and check the reply",
          "[simulate]") {
  Shop s;
  NetworkAclId acl = s.b.networkAcl(s.vpc, "db-acl");
  s.b.useAcl(s.priv, acl);
  s.b.aclRule(acl, 100, kIn, true, tcpPort(5432), "10.0.1.0/24");
  s.b.aclRule(acl, 90, kIn, false, tcpPort(5432), "10.0.1.11/32");
  s.b.aclRule(acl, 100, kOut, true, tcpPorts(1024, 30000), "10.0.1.0/24");
  InterfaceId other = s.b.iface(s.pub, "other", "10.0.1.11", {s.web_sg});
  Simulator sim = s.sim();
  CHECK(sim.send(SimEnd::interface(s.web), SimEnd::interface(s.db),
                 tcp("10.0.1.10", 20000, "10.0.2.20", 5432))
            .disposition == Disposition::kDelivered);
  // The reply to source port 40000 is outside the outbound rule.
  SimResult high = sim.send(SimEnd::interface(s.web), SimEnd::interface(s.db),
                            tcp("10.0.1.10", 40000, "10.0.2.20", 5432));
  CHECK(high.disposition == Disposition::kDropped);
  CHECK(high.trace.back().reply);
  CHECK(high.trace.back().step == "network ACL outbound");
  // Rule 90 denies before rule 100 allows.
  SimResult denied = sim.send(SimEnd::interface(other), SimEnd::interface(s.db),
                              tcp("10.0.1.11", 20000, "10.0.2.20", 5432));
  CHECK(denied.disposition == Disposition::kDropped);
  CHECK(denied.trace.back().rule.rfind("rule 90 deny", 0) == 0);
}

TEST_CASE("simulator: a NAT gateway takes private hosts out, not the internet in", "[simulate]") {
  Shop s;
  NatGatewayId nat = s.b.nat(s.pub, "nat", "10.0.1.5");
  s.b.route(s.b.tableOf(s.priv), "0.0.0.0/0", NetworkBuilder::natTarget(nat));
  s.b.sgRule(s.db_sg, kOut, anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  Simulator sim = s.sim();
  SimResult out = sim.send(SimEnd::interface(s.db), SimEnd::internet(),
                           tcp("10.0.2.20", 40000, "198.51.100.1", 443));
  INFO(out.reason);
  CHECK(out.disposition == Disposition::kDelivered);
  bool rewritten = false;
  for (const SimHop& h : out.trace) rewritten = rewritten || h.step == "NAT gateway";
  CHECK(rewritten);
  // With the NAT's choice given: a port outside 1024-65535 is no choice.
  std::vector<NatChoice> bad = {{v4Of("10.0.1.5"), 80}};
  CHECK(sim.send(SimEnd::interface(s.db), SimEnd::internet(),
                 tcp("10.0.2.20", 40000, "198.51.100.1", 443), &bad)
            .disposition == Disposition::kDropped);
  std::vector<NatChoice> good = {{v4Of("10.0.1.5"), 2000}};
  CHECK(sim.send(SimEnd::interface(s.db), SimEnd::internet(),
                 tcp("10.0.2.20", 40000, "198.51.100.1", 443), &good)
            .disposition == Disposition::kDelivered);
  // A private NAT gateway has no public address to go out with.
  s.b.mutableNetwork().nat_gateways[nat.value].is_public = false;
  CHECK(s.sim()
            .send(SimEnd::interface(s.db), SimEnd::internet(),
                  tcp("10.0.2.20", 40000, "198.51.100.1", 443))
            .disposition == Disposition::kDropped);
}

TEST_CASE("simulator: the NAT's source port must pass the ACLs on the reply", "[simulate]") {
  Shop s;
  NatGatewayId nat = s.b.nat(s.pub, "nat", "10.0.1.5");
  s.b.route(s.b.tableOf(s.priv), "0.0.0.0/0", NetworkBuilder::natTarget(nat));
  s.b.sgRule(s.db_sg, kOut, anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  NetworkAclId acl = s.b.networkAcl(s.vpc, "public-acl");
  s.b.useAcl(s.pub, acl);
  s.b.aclRule(acl, 100, kOut, true, anyTraffic(), "0.0.0.0/0");
  s.b.aclRule(acl, 100, kIn, true, anyTraffic(), "10.0.0.0/16");
  // Replies from the internet come back only to NAT ports 60000-61000.
  s.b.aclRule(acl, 110, kIn, true, tcpPorts(60000, 61000), "0.0.0.0/0");
  Simulator sim = s.sim();
  FlowPacket p = tcp("10.0.2.20", 40000, "198.51.100.1", 443);
  CHECK(sim.send(SimEnd::interface(s.db), SimEnd::internet(), p).disposition ==
        Disposition::kDelivered);
  std::vector<NatChoice> low = {{v4Of("10.0.1.5"), 2000}};
  CHECK(sim.send(SimEnd::interface(s.db), SimEnd::internet(), p, &low).disposition ==
        Disposition::kDropped);
}

TEST_CASE("simulator: a peering needs routes on both sides and delivers only into the peer",
          "[simulate]") {
  NetworkBuilder b;
  VpcId a = b.vpc("a", "10.1.0.0/16");
  VpcId c = b.vpc("c", "10.2.0.0/16");
  SubnetId sa = b.subnet(a, "sa", "10.1.1.0/24");
  SubnetId sc = b.subnet(c, "sc", "10.2.1.0/24");
  SecurityGroupId open = b.group(c, "open");
  b.sgRule(open, kIn, anyTraffic(), NetworkBuilder::cidrPeer("10.0.0.0/8"));
  InterfaceId x = b.iface(sa, "x", "10.1.1.10");
  InterfaceId y = b.iface(sc, "y", "10.2.1.10", {open});
  PeeringId pc = b.peering(a, c, "pcx");
  b.route(b.tableOf(sa), "10.2.0.0/16", NetworkBuilder::peeringTarget(pc));
  FlowPacket p = tcp("10.1.1.10", 40000, "10.2.1.10", 22);
  SimResult one_side = Simulator(b.network()).send(SimEnd::interface(x), SimEnd::interface(y), p);
  CHECK(one_side.disposition == Disposition::kDropped);
  CHECK(one_side.trace.back().reply);
  b.route(b.tableOf(sc), "10.1.0.0/16", NetworkBuilder::peeringTarget(pc));
  SimResult both = Simulator(b.network()).send(SimEnd::interface(x), SimEnd::interface(y), p);
  INFO(both.reason);
  CHECK(both.disposition == Disposition::kDelivered);
  b.mutableNetwork().peerings[pc.value].active = false;
  CHECK(Simulator(b.network()).send(SimEnd::interface(x), SimEnd::interface(y), p).disposition ==
        Disposition::kDropped);
}

TEST_CASE("simulator: appliances forward only with the source/destination check off",
          "[simulate]") {
  NetworkBuilder b;
  VpcId v = b.vpc("v", "10.0.0.0/16");
  RouteTableId app_rt = b.routeTable(v, "app-rt");
  SubnetId app = b.subnet(v, "app", "10.0.1.0/24", app_rt);
  SubnetId fw = b.subnet(v, "fw", "10.0.9.0/24");
  SubnetId data = b.subnet(v, "data", "10.0.2.0/24");
  InterfaceId src = b.iface(app, "src", "10.0.1.10");
  InterfaceId box = b.iface(fw, "firewall", "10.0.9.9");
  InterfaceId dst = b.iface(data, "dst", "10.0.2.20");
  b.route(app_rt, "10.0.2.0/24", NetworkBuilder::interfaceTarget(box));
  FlowPacket p = tcp("10.0.1.10", 40000, "10.0.2.20", 443);
  SimResult checked = Simulator(b.network()).send(SimEnd::interface(src), SimEnd::interface(dst), p);
  CHECK(checked.disposition == Disposition::kDropped);
  CHECK(checked.trace.back().step == "appliance");
  b.mutableNetwork().interfaces[box.value].source_dest_check = false;
  SimResult forwarded =
      Simulator(b.network()).send(SimEnd::interface(src), SimEnd::interface(dst), p);
  INFO(forwarded.reason);
  CHECK(forwarded.disposition == Disposition::kDelivered);
}

TEST_CASE("simulator: gateways beyond the model and blackholes", "[simulate]") {
  Shop s;
  GatewayId tgw = s.b.gateway(RouteTargetKind::kTransitGateway, s.vpc, "tgw");
  s.b.routeToGateway(s.b.tableOf(s.priv), "0.0.0.0/0", tgw);
  s.b.sgRule(s.db_sg, kOut, anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  SimResult r = s.sim().send(SimEnd::interface(s.db), SimEnd::internet(),
                             tcp("10.0.2.20", 40000, "198.51.100.1", 443));
  CHECK(r.disposition == Disposition::kLeavesModel);
  s.b.route(s.b.tableOf(s.priv), "198.51.100.0/24", NetworkBuilder::blackholeTarget());
  SimResult hole = s.sim().send(SimEnd::interface(s.db), SimEnd::internet(),
                                tcp("10.0.2.20", 40000, "198.51.100.1", 443));
  CHECK(hole.disposition == Disposition::kDropped);
  CHECK(hole.reason == "the route is a blackhole");
}

TEST_CASE("simulator: packets that cannot be sent are invalid, not dropped", "[simulate]") {
  Shop s;
  InterfaceId assigned = s.b.iface(s.priv, "assigned", "");
  Simulator sim = s.sim();
  auto disposition = [&](SimEnd from, SimEnd to, FlowPacket p) {
    return sim.send(from, to, p).disposition;
  };
  // Wrong source address, source port below the initiator range, an
  // interface talking to itself, the internet to the internet.
  CHECK(disposition(SimEnd::interface(s.web), SimEnd::interface(s.db),
                    tcp("10.0.1.99", 40000, "10.0.2.20", 5432)) == Disposition::kInvalid);
  CHECK(disposition(SimEnd::interface(s.web), SimEnd::interface(s.db),
                    tcp("10.0.1.10", 80, "10.0.2.20", 5432)) == Disposition::kInvalid);
  CHECK(disposition(SimEnd::interface(s.web), SimEnd::interface(s.web),
                    tcp("10.0.1.10", 40000, "10.0.1.10", 443)) == Disposition::kInvalid);
  CHECK(disposition(SimEnd::internet(), SimEnd::internet(),
                    tcp("8.8.8.8", 40000, "1.1.1.1", 443)) == Disposition::kInvalid);
  CHECK(disposition(SimEnd::internet(), SimEnd::interface(s.web),
                    tcp("10.9.9.9", 40000, "10.0.1.10", 443)) == Disposition::kInvalid);
  // An address AWS may assign: usable, free; not the reserved first four,
  // not the last, not one fixed for another interface.
  CHECK(sim.addressOf(SimEnd::interface(assigned), v4Of("10.0.2.4")));
  CHECK(sim.addressOf(SimEnd::interface(assigned), v4Of("10.0.2.254")));
  CHECK_FALSE(sim.addressOf(SimEnd::interface(assigned), v4Of("10.0.2.3")));
  CHECK_FALSE(sim.addressOf(SimEnd::interface(assigned), v4Of("10.0.2.255")));
  CHECK_FALSE(sim.addressOf(SimEnd::interface(assigned), v4Of("10.0.2.20")));
  CHECK_FALSE(sim.addressOf(SimEnd::interface(assigned), v4Of("10.0.1.20")));
}

TEST_CASE("simulator: VPN gateways lead to and from the on-premises zone", "[simulate]") {
  Shop s;
  GatewayId vgw = s.b.gateway(RouteTargetKind::kVpnGateway, s.vpc, "vgw");
  s.b.routeToGateway(s.b.tableOf(s.priv), "192.168.0.0/16", vgw);
  s.b.sgRule(s.db_sg, kIn, tcpPort(5432), NetworkBuilder::cidrPeer("192.168.0.0/16"));
  Simulator sim = s.sim();
  SimResult in = sim.send(SimEnd::zone(vgw), SimEnd::interface(s.db),
                          tcp("192.168.1.1", 40000, "10.0.2.20", 5432));
  INFO(in.reason);
  CHECK(in.disposition == Disposition::kDelivered);
  // The reply to an address without a route back is lost.
  CHECK(sim.send(SimEnd::zone(vgw), SimEnd::interface(s.db), tcp("172.16.0.1", 40000, "10.0.2.20", 5432))
            .disposition == Disposition::kDropped);
}

}  // namespace
}  // namespace segproof
