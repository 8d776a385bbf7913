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
using testing::ipOf;

constexpr Direction kIn = Direction::kIngress;
constexpr Direction kOut = Direction::kEgress;

FlowPacket tcp(const std::string& src, int sport, const std::string& dst, int dport) {
  FlowPacket p;
  p.source = ipOf(src);
  p.destination = ipOf(dst);
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
  std::vector<RewriteChoice> bad = {RewriteChoice::nat(ipOf("10.0.1.5"), 80)};
  CHECK(sim.send(SimEnd::interface(s.db), SimEnd::internet(),
                 tcp("10.0.2.20", 40000, "198.51.100.1", 443), &bad)
            .disposition == Disposition::kDropped);
  std::vector<RewriteChoice> good = {RewriteChoice::nat(ipOf("10.0.1.5"), 2000)};
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
  std::vector<RewriteChoice> low = {RewriteChoice::nat(ipOf("10.0.1.5"), 2000)};
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
  CHECK(sim.addressOf(SimEnd::interface(assigned), ipOf("10.0.2.4")));
  CHECK(sim.addressOf(SimEnd::interface(assigned), ipOf("10.0.2.254")));
  CHECK_FALSE(sim.addressOf(SimEnd::interface(assigned), ipOf("10.0.2.3")));
  CHECK_FALSE(sim.addressOf(SimEnd::interface(assigned), ipOf("10.0.2.255")));
  CHECK_FALSE(sim.addressOf(SimEnd::interface(assigned), ipOf("10.0.2.20")));
  CHECK_FALSE(sim.addressOf(SimEnd::interface(assigned), ipOf("10.0.1.20")));
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

// A store behind an internet-facing application load balancer: its node in
// the public subnet listens on tcp/443 and forwards to the server's tcp/8080
// in the app subnet; the server admits tcp/8080 from the balancer's group.
struct Store {
  NetworkBuilder b;
  VpcId vpc = b.vpc("store", "10.0.0.0/16");
  RouteTableId public_rt = b.routeTable(vpc, "public-rt");
  SubnetId pub = b.subnet(vpc, "public", "10.0.1.0/24", public_rt);
  SubnetId app = b.subnet(vpc, "app", "10.0.2.0/24");
  InternetGatewayId igw = b.igw(vpc, "igw");
  SecurityGroupId alb_sg = b.group(vpc, "alb-sg");
  SecurityGroupId app_sg = b.group(vpc, "app-sg");
  LoadBalancerId alb = b.loadBalancer("alb");
  InterfaceId node = b.lbNode(alb, pub, "10.0.1.50", {alb_sg});
  InterfaceId server = b.iface(app, "server", "10.0.2.20", {app_sg});
  TargetGroupId tg = b.targetGroup("app-tg");

  Store() {
    b.route(public_rt, "0.0.0.0/0", NetworkBuilder::igwTarget(igw));
    b.sgRule(alb_sg, kIn, tcpPort(443), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    b.sgRule(alb_sg, kOut, anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    b.sgRule(app_sg, kIn, tcpPort(8080), NetworkBuilder::groupPeer(alb_sg));
    b.listener(alb, {}, 443, {tg});
    b.target(tg, server, 8080);
  }
  Simulator sim() const { return Simulator(b.network()); }
};

bool hasHop(const SimResult& r, const std::string& step, const std::string& packet) {
  for (const SimHop& h : r.trace)
    if (h.step == step && h.packet == packet && h.passed) return true;
  return false;
}

TEST_CASE("simulator: an internet-facing load balancer forwards to a target's own port",
          "[simulate][load-balancer]") {
  Store s;
  Simulator sim = s.sim();
  FlowPacket p = tcp("203.0.113.7", 49152, "10.0.1.50", 443);
  SimResult r = sim.send(SimEnd::internet(), SimEnd::interface(s.server), p);
  INFO(r.reason);
  REQUIRE(r.disposition == Disposition::kDelivered);
  // Both legs: the client's packet to the node, the node's to the target.
  CHECK(hasHop(r, "internet gateway", "203.0.113.7:49152 -> 10.0.1.50:443 tcp"));
  CHECK(hasHop(r, "load balancer listener", "203.0.113.7:49152 -> 10.0.1.50:443 tcp"));
  CHECK(r.trace.back().rule == "app-sg ingress tcp/8080 from members of alb-sg");
  CHECK(r.arrived.source.str() == "10.0.1.50");
  CHECK(r.arrived.destination_port == 8080);
  CHECK(hasHop(r, "load balancer",
               "10.0.1.50:" + std::to_string(r.arrived.source_port) + " -> 10.0.2.20:8080 tcp"));
  // Each leg's reply is checked: the second leg's back to the node.
  bool second_reply = false;
  for (const SimHop& h : r.trace)
    second_reply =
        second_reply || (h.reply && h.packet.rfind("10.0.2.20:8080 -> 10.0.1.50:", 0) == 0);
  CHECK(second_reply);
  // A question about the port a packet arrives on: 8080, not 443.
  CHECK(sim.send(SimEnd::internet(), SimEnd::interface(s.server), p, nullptr, {{8080, 8080}})
            .disposition == Disposition::kDelivered);
  SimResult on443 =
      sim.send(SimEnd::internet(), SimEnd::interface(s.server), p, nullptr, {{443, 443}});
  CHECK(on443.disposition == Disposition::kDropped);
  CHECK(on443.reason == "it arrives on port 8080, not on a port asked");
  // The node itself receives what its listener accepts.
  CHECK(sim.send(SimEnd::internet(), SimEnd::interface(s.node), p).disposition ==
        Disposition::kDelivered);
}

TEST_CASE("simulator: a load balancer forwards only what a listener accepts",
          "[simulate][load-balancer]") {
  Store s;
  s.b.sgRule(s.alb_sg, kIn, tcpPort(80), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  SimResult r = s.sim().send(SimEnd::internet(), SimEnd::interface(s.server),
                             tcp("203.0.113.7", 49152, "10.0.1.50", 80));
  CHECK(r.disposition == Disposition::kDropped);
  CHECK(r.reason == "alb has no listener for tcp/80");
  CHECK(r.trace.back().step == "load balancer listener");
  CHECK(r.trace.back().rule == "no listener for tcp/80");
  CHECK_FALSE(r.trace.back().passed);
}

TEST_CASE("simulator: the target's groups see the node's groups", "[simulate][load-balancer]") {
  Store s;
  // The node carries another group than the one the server admits.
  SecurityGroupId other = s.b.group(s.vpc, "other-sg");
  s.b.sgRule(other, kIn, tcpPort(443), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  s.b.sgRule(other, kOut, anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  s.b.mutableNetwork().interfaces[s.node.value].security_groups = {other};
  SimResult r = s.sim().send(SimEnd::internet(), SimEnd::interface(s.server),
                             tcp("203.0.113.7", 49152, "10.0.1.50", 443));
  CHECK(r.disposition == Disposition::kDropped);
  CHECK(r.reason == "the security groups of server admit no such packet in");
  CHECK(r.trace.back().step == "security group ingress");
  CHECK(r.trace.back().element == "server: app-sg");
  CHECK(r.trace.back().rule == "no rule admits it");
  CHECK(r.trace.back().packet.find(" -> 10.0.2.20:8080 tcp") != std::string::npos);
}

TEST_CASE("simulator: a network load balancer without groups that keeps client addresses",
          "[simulate][load-balancer]") {
  Store s;
  LoadBalancerId nlb = s.b.loadBalancer("nlb", LoadBalancerKind::kNetwork);
  InterfaceId node = s.b.lbNode(nlb, s.pub, "10.0.1.60", {});
  TargetGroupId tg = s.b.targetGroup("nlb-tg", {}, true);
  s.b.listener(nlb, {}, 22, {tg});
  s.b.target(tg, s.server, 22);
  // The server admits ssh from one client range; the route back to the
  // client is the load balancer's business, not the app subnet's table.
  s.b.sgRule(s.app_sg, kIn, tcpPort(22), NetworkBuilder::cidrPeer("203.0.113.0/24"));
  Simulator sim = s.sim();
  SimResult in = sim.send(SimEnd::internet(), SimEnd::interface(s.server),
                          tcp("203.0.113.7", 50000, "10.0.1.60", 22));
  INFO(in.reason);
  REQUIRE(in.disposition == Disposition::kDelivered);
  CHECK(in.arrived.source.str() == "203.0.113.7");
  CHECK(in.arrived.source_port == 50000);
  CHECK(in.trace.back().rule == "app-sg ingress tcp/22 from 203.0.113.0/24");
  bool unfiltered = false;
  for (const SimHop& h : in.trace)
    unfiltered = unfiltered || (h.element == s.b.network().at(node).name + ": (no groups)" &&
                                h.rule == "no security groups: nothing filters it");
  CHECK(unfiltered);
  SimResult other = sim.send(SimEnd::internet(), SimEnd::interface(s.server),
                             tcp("198.51.100.1", 50000, "10.0.1.60", 22));
  CHECK(other.disposition == Disposition::kDropped);
  CHECK(other.trace.back().element == "server: app-sg");
}

TEST_CASE("simulator: without cross-zone load balancing a node reaches its own zone only",
          "[simulate][load-balancer]") {
  NetworkBuilder b;
  VpcId v = b.vpc("v", "10.0.0.0/16");
  SubnetId edge_a = b.subnet(v, "edge-a", "10.0.1.0/24");
  SubnetId edge_b = b.subnet(v, "edge-b", "10.0.2.0/24");
  SubnetId app_a = b.subnet(v, "app-a", "10.0.11.0/24");
  SubnetId app_b = b.subnet(v, "app-b", "10.0.12.0/24");
  SubnetId app_c = b.subnet(v, "app-c", "10.0.13.0/24");
  for (auto [subnet, zone] : {std::pair{edge_a, "az-a"},
                              {app_a, "az-a"},
                              {edge_b, "az-b"},
                              {app_b, "az-b"},
                              {app_c, "az-c"}})
    b.zone(subnet, zone);
  LoadBalancerId nlb = b.loadBalancer("nlb", LoadBalancerKind::kNetwork, false, false);
  b.lbNode(nlb, edge_a, "10.0.1.50", {});
  b.lbNode(nlb, edge_b, "10.0.2.50", {});
  InterfaceId client = b.iface(edge_a, "client", "10.0.1.10");
  InterfaceId server_a = b.iface(app_a, "server-a", "10.0.11.20");
  InterfaceId server_b = b.iface(app_b, "server-b", "10.0.12.20");
  InterfaceId server_c = b.iface(app_c, "server-c", "10.0.13.20");
  SecurityGroupId open = b.defaultGroup(v);
  b.sgRule(open, kIn, anyTraffic(), NetworkBuilder::cidrPeer("10.0.0.0/16"));
  TargetGroupId tg = b.targetGroup("tg");
  b.listener(nlb, {}, 443, {tg});
  for (InterfaceId t : {server_a, server_b, server_c}) b.target(tg, t, 443);
  auto reaches = [&](InterfaceId server, const std::string& node_ip) {
    return Simulator(b.network())
        .send(SimEnd::interface(client), SimEnd::interface(server),
              tcp("10.0.1.10", 40000, node_ip, 443))
        .disposition;
  };
  CHECK(reaches(server_a, "10.0.1.50") == Disposition::kDelivered);
  CHECK(reaches(server_b, "10.0.1.50") == Disposition::kDropped);
  CHECK(reaches(server_b, "10.0.2.50") == Disposition::kDelivered);
  // With cross-zone load balancing, every zone with a node; never az-c.
  b.mutableNetwork().load_balancers[nlb.value].cross_zone = true;
  CHECK(reaches(server_b, "10.0.1.50") == Disposition::kDelivered);
  CHECK(reaches(server_c, "10.0.1.50") == Disposition::kDropped);
  SimResult r = Simulator(b.network())
                    .send(SimEnd::interface(client), SimEnd::interface(server_c),
                          tcp("10.0.1.10", 40000, "10.0.1.50", 443));
  CHECK(r.reason.find("not to server-c") != std::string::npos);
}

TEST_CASE("simulator: an internal load balancer is not reached from the internet",
          "[simulate][load-balancer]") {
  Store s;
  s.b.mutableNetwork().load_balancers[s.alb.value].internet_facing = false;
  s.b.mutableNetwork().interfaces[s.node.value].public_address = {};
  InterfaceId client = s.b.iface(s.pub, "client", "10.0.1.10");
  Simulator sim = s.sim();
  SimResult r = sim.send(SimEnd::internet(), SimEnd::interface(s.server),
                         tcp("203.0.113.7", 49152, "10.0.1.50", 443));
  CHECK(r.disposition == Disposition::kDropped);
  CHECK(r.reason == "alb (public) has no public IPv4 address");
  // From inside the VPC it forwards.
  SimResult inside = sim.send(SimEnd::interface(client), SimEnd::interface(s.server),
                              tcp("10.0.1.10", 40000, "10.0.1.50", 443));
  INFO(inside.reason);
  CHECK(inside.disposition == Disposition::kDelivered);
}

TEST_CASE("simulator: the reply of the node's connection must pass the target subnet's ACL",
          "[simulate][load-balancer]") {
  Store s;
  NetworkAclId acl = s.b.networkAcl(s.vpc, "app-acl");
  s.b.useAcl(s.app, acl);
  s.b.aclRule(acl, 100, kIn, true, tcpPort(8080), "10.0.1.0/24");
  s.b.aclRule(acl, 100, kOut, true, tcpPorts(0, 1023), "10.0.1.0/24");
  SimResult r = s.sim().send(SimEnd::internet(), SimEnd::interface(s.server),
                             tcp("203.0.113.7", 49152, "10.0.1.50", 443));
  CHECK(r.disposition == Disposition::kDropped);
  CHECK(r.trace.back().reply);
  CHECK(r.trace.back().step == "network ACL outbound");
  CHECK(r.trace.back().element == "app-acl (subnet app)");
  CHECK(r.trace.back().packet.rfind("10.0.2.20:8080 -> 10.0.1.50:", 0) == 0);
}

TEST_CASE("simulator: a node as the source sends only its forwards", "[simulate][load-balancer]") {
  Store s;
  Simulator sim = s.sim();
  CHECK(sim.send(SimEnd::interface(s.node), SimEnd::interface(s.server),
                 tcp("10.0.1.50", 40000, "10.0.2.20", 8080))
            .disposition == Disposition::kDelivered);
  SimResult ssh = sim.send(SimEnd::interface(s.node), SimEnd::interface(s.server),
                           tcp("10.0.1.50", 40000, "10.0.2.20", 22));
  CHECK(ssh.disposition == Disposition::kInvalid);
  CHECK(ssh.reason ==
        "10.0.1.50:40000 -> 10.0.2.20:22 tcp is not a forward of alb (public) (to a target's "
        "address and port, from its own address unless the target group keeps client addresses)");
  // Only a group that keeps client addresses sends from other addresses.
  FlowPacket client = tcp("203.0.113.7", 40000, "10.0.2.20", 8080);
  CHECK(sim.send(SimEnd::interface(s.node), SimEnd::interface(s.server), client).disposition ==
        Disposition::kInvalid);
  s.b.mutableNetwork().target_groups[s.tg.value].preserve_client_ip = true;
  s.b.sgRule(s.app_sg, kIn, tcpPort(8080), NetworkBuilder::cidrPeer("203.0.113.0/24"));
  SimResult kept = s.sim().send(SimEnd::interface(s.node), SimEnd::interface(s.server), client);
  INFO(kept.reason);
  CHECK(kept.disposition == Disposition::kDelivered);
}

TEST_CASE("simulator: load balancer choices replay a witness", "[simulate][load-balancer]") {
  Store s;
  Simulator sim = s.sim();
  FlowPacket p = tcp("203.0.113.7", 49152, "10.0.1.50", 443);
  auto send = [&](std::vector<RewriteChoice> choices) {
    return sim.send(SimEnd::internet(), SimEnd::interface(s.server), p, &choices);
  };
  IpAddress node = ipOf("10.0.1.50"), server = ipOf("10.0.2.20");
  // The node is found from the address the packet is sent to.
  SimResult r = send({RewriteChoice::loadBalancer(node, 2000, server, 8080)});
  INFO(r.reason);
  CHECK(r.disposition == Disposition::kDelivered);
  CHECK(r.arrived.source_port == 2000);
  CHECK(send({RewriteChoice::loadBalancer(node, 2000, server, 8080, s.node)}).disposition ==
        Disposition::kDelivered);
  // Not its source address, not a target port, not a source port it uses.
  CHECK(send({RewriteChoice::loadBalancer(ipOf("10.0.1.51"), 2000, server, 8080)}).disposition ==
        Disposition::kDropped);
  CHECK(send({RewriteChoice::loadBalancer(node, 2000, server, 22)}).disposition ==
        Disposition::kDropped);
  CHECK(send({RewriteChoice::loadBalancer(node, 80, server, 8080)}).disposition ==
        Disposition::kDropped);
  // A NAT's choice where the load balancer rewrites, or none at all.
  CHECK(send({RewriteChoice::nat(node, 2000)}).disposition == Disposition::kDropped);
  SimResult none = send({});
  CHECK(none.disposition == Disposition::kDropped);
  CHECK(none.reason == "no receiver of 10.0.1.50 fits the rewrite choices given");
}

TEST_CASE("simulator: a network load balancer in front of an application load balancer",
          "[simulate][load-balancer]") {
  Store s;
  LoadBalancerId nlb = s.b.loadBalancer("nlb", LoadBalancerKind::kNetwork);
  s.b.lbNode(nlb, s.pub, "10.0.1.60", {});
  TargetGroupId to_alb = s.b.targetGroup("to-alb");
  s.b.listener(nlb, {}, 443, {to_alb});
  s.b.target(to_alb, s.node, 443);
  s.b.sgRule(s.alb_sg, kIn, tcpPort(443), NetworkBuilder::cidrPeer("10.0.1.60/32"));
  Simulator sim = s.sim();
  FlowPacket p = tcp("203.0.113.7", 49152, "10.0.1.60", 443);
  SimResult r = sim.send(SimEnd::internet(), SimEnd::interface(s.server), p);
  INFO(r.reason);
  CHECK(r.disposition == Disposition::kDelivered);
  CHECK(r.arrived.source.str() == "10.0.1.50");
  std::vector<RewriteChoice> choices = {
      RewriteChoice::loadBalancer(ipOf("10.0.1.60"), 3000, ipOf("10.0.1.50"), 443),
      RewriteChoice::loadBalancer(ipOf("10.0.1.50"), 4000, ipOf("10.0.2.20"), 8080)};
  CHECK(sim.send(SimEnd::internet(), SimEnd::interface(s.server), p, &choices).disposition ==
        Disposition::kDelivered);
  // The application load balancer is a destination on its own too.
  CHECK(sim.send(SimEnd::internet(), SimEnd::interface(s.node), p).disposition ==
        Disposition::kDelivered);
}


// ---- IPv6 ------------------------------------------------------------------

// Gives the VPC an IPv6 block as AWS does: a local route in each of its route
// tables, entries 101 allowing all IPv6 in its default network ACL, and ::/0
// outbound in its default security group.
void ipv6Block(NetworkBuilder& b, VpcId vpc, const std::string& block) {
  Network& net = b.mutableNetwork();
  net.vpcs[vpc.value].cidrs.push_back(testing::cidrOf(block));
  for (RouteTable& t : net.route_tables) {
    if (t.vpc != vpc) continue;
    Route local;
    local.destination = testing::cidrOf(block);
    local.target = RouteTargetKind::kLocal;
    t.routes.push_back(local);
  }
  b.aclRule(b.defaultAcl(vpc), 101, kIn, true, anyTraffic(), "::/0");
  b.aclRule(b.defaultAcl(vpc), 101, kOut, true, anyTraffic(), "::/0");
  b.sgRule(b.defaultGroup(vpc), kOut, anyTraffic(), NetworkBuilder::cidrPeer("::/0"));
}

void subnetIpv6(NetworkBuilder& b, SubnetId subnet, const std::string& block) {
  b.mutableNetwork().subnets[subnet.value].ipv6_cidr = testing::cidrOf(block);
}

// An IPv6 address of the interface ("" for some free address of its subnet).
void ipv6Address(NetworkBuilder& b, InterfaceId id, const std::string& ip) {
  PrivateAddress a;
  if (!ip.empty()) a.ip = ipOf(ip);
  b.mutableNetwork().interfaces[id.value].ipv6_addresses.push_back(a);
}

// A dual-stack VPC with a global IPv6 block: a public subnet (0.0.0.0/0 and
// ::/0 to the internet gateway) with a web server that has no public IPv4,
// and a private subnet with an app server admitting tcp/8080 from the public
// subnet's IPv4 block only.
struct DualStack {
  NetworkBuilder b;
  VpcId vpc = b.vpc("dual", "10.0.0.0/16");
  RouteTableId public_rt = b.routeTable(vpc, "public-rt");
  SubnetId pub = b.subnet(vpc, "public", "10.0.1.0/24", public_rt);
  SubnetId priv = b.subnet(vpc, "private", "10.0.2.0/24");
  InternetGatewayId igw = b.igw(vpc, "igw");
  SecurityGroupId web_sg = b.group(vpc, "web-sg");
  SecurityGroupId app_sg = b.group(vpc, "app-sg");
  InterfaceId web = b.iface(pub, "web", "10.0.1.10", {web_sg});
  InterfaceId app = b.iface(priv, "app", "10.0.2.20", {app_sg});

  DualStack() {
    ipv6Block(b, vpc, "2600:1f18:aaaa::/56");
    subnetIpv6(b, pub, "2600:1f18:aaaa:1::/64");
    subnetIpv6(b, priv, "2600:1f18:aaaa:2::/64");
    ipv6Address(b, web, "2600:1f18:aaaa:1::10");
    ipv6Address(b, app, "2600:1f18:aaaa:2::20");
    b.route(public_rt, "0.0.0.0/0", NetworkBuilder::igwTarget(igw));
    b.route(public_rt, "::/0", NetworkBuilder::igwTarget(igw));
    b.sgRule(web_sg, kIn, tcpPort(443), NetworkBuilder::cidrPeer("::/0"));
    b.sgRule(web_sg, kOut, anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    b.sgRule(web_sg, kOut, anyTraffic(), NetworkBuilder::cidrPeer("::/0"));
    b.sgRule(app_sg, kIn, tcpPort(8080), NetworkBuilder::cidrPeer("10.0.1.0/24"));
  }
  Simulator sim() const { return Simulator(b.network()); }
};

constexpr const char* kWeb6 = "2600:1f18:aaaa:1::10";
constexpr const char* kApp6 = "2600:1f18:aaaa:2::20";
constexpr const char* kClient6 = "2a05:d018::7";

TEST_CASE("simulator: IPv6 within a VPC meets only IPv6 rules", "[simulate][ipv6]") {
  DualStack s;
  Simulator sim = s.sim();
  SimEnd web = SimEnd::interface(s.web), app = SimEnd::interface(s.app);
  CHECK(sim.send(web, app, tcp("10.0.1.10", 40000, "10.0.2.20", 8080)).disposition ==
        Disposition::kDelivered);
  // The IPv4 rule does not admit the IPv6 packet.
  SimResult v6 = sim.send(web, app, tcp(kWeb6, 40000, kApp6, 8080));
  CHECK(v6.disposition == Disposition::kDropped);
  CHECK(v6.trace.back().element == "app: app-sg");
  CHECK(v6.trace.back().rule == "no rule admits it");
  s.b.sgRule(s.app_sg, kIn, tcpPort(8080), NetworkBuilder::cidrPeer("2600:1f18:aaaa:1::/64"));
  SimResult allowed = s.sim().send(web, app, tcp(kWeb6, 40000, kApp6, 8080));
  INFO(allowed.reason);
  REQUIRE(allowed.disposition == Disposition::kDelivered);
  CHECK(allowed.trace.back().rule == "app-sg ingress tcp/8080 from 2600:1f18:aaaa:1::/64");
  CHECK(allowed.arrived.destination.str() == kApp6);
  // Routed by the local route of the VPC's IPv6 block, both ways.
  int local_routes = 0;
  for (const SimHop& h : allowed.trace)
    if (h.step == "route" && h.rule == "2600:1f18:aaaa::/56 -> local") ++local_routes;
  CHECK(local_routes == 2);
}

TEST_CASE("simulator: network ACL entries match their own family", "[simulate][ipv6]") {
  DualStack s;
  s.b.sgRule(s.app_sg, kIn, tcpPort(8080), NetworkBuilder::cidrPeer("::/0"));
  NetworkAclId acl = s.b.networkAcl(s.vpc, "app-acl");
  s.b.useAcl(s.priv, acl);
  s.b.aclRule(acl, 90, kIn, false, tcpPort(8080), "::/0");
  s.b.aclRule(acl, 100, kIn, true, anyTraffic(), "0.0.0.0/0");
  s.b.aclRule(acl, 100, kOut, true, anyTraffic(), "0.0.0.0/0");
  s.b.aclRule(acl, 110, kOut, true, anyTraffic(), "::/0");
  Simulator sim = s.sim();
  SimEnd web = SimEnd::interface(s.web), app = SimEnd::interface(s.app);
  // Rule 90 does not see IPv4; rule 100 does not see IPv6.
  CHECK(sim.send(web, app, tcp("10.0.1.10", 40000, "10.0.2.20", 8080)).disposition ==
        Disposition::kDelivered);
  SimResult denied = sim.send(web, app, tcp(kWeb6, 40000, kApp6, 8080));
  CHECK(denied.disposition == Disposition::kDropped);
  CHECK(denied.trace.back().step == "network ACL inbound");
  CHECK(denied.trace.back().rule == "rule 90 deny tcp/8080 from ::/0");
  // Without an IPv6 entry that matches, the implicit rule denies it.
  s.b.mutableNetwork().network_acls[acl.value].rules.erase(
      s.b.mutableNetwork().network_acls[acl.value].rules.begin());
  SimResult unmatched = s.sim().send(web, app, tcp(kWeb6, 40000, kApp6, 8080));
  CHECK(unmatched.disposition == Disposition::kDropped);
  CHECK(unmatched.reason == "network ACL app-acl denies it (no rule matches)");
}

TEST_CASE("simulator: the internet reaches a global IPv6 address without a public IPv4",
          "[simulate][ipv6]") {
  DualStack s;
  Simulator sim = s.sim();
  SimEnd web = SimEnd::interface(s.web);
  SimResult in = sim.send(SimEnd::internet(), web, tcp(kClient6, 49152, kWeb6, 443));
  INFO(in.reason);
  REQUIRE(in.disposition == Disposition::kDelivered);
  CHECK(in.trace.front().step == "internet gateway");
  CHECK(in.trace.front().element == "igw");
  CHECK(in.trace.front().rule == "lets in 2600:1f18:aaaa:1::10, a global IPv6 address of web");
  CHECK(in.arrived.destination.str() == kWeb6);  // no translation
  bool reply_route = false;
  for (const SimHop& h : in.trace)
    reply_route = reply_route ||
                  (h.reply && h.step == "route" && h.rule == "::/0 -> internet gateway igw");
  CHECK(reply_route);
  // IPv4 still needs a public address.
  CHECK(sim.send(SimEnd::internet(), web, tcp("203.0.113.7", 49152, "10.0.1.10", 443)).reason ==
        "web has no public IPv4 address");
  // Out to the internet, as it is.
  SimResult out = sim.send(web, SimEnd::internet(), tcp(kWeb6, 40000, kClient6, 443));
  INFO(out.reason);
  CHECK(out.disposition == Disposition::kDelivered);
  CHECK(out.trace.back().rule == "lets out 2600:1f18:aaaa:1::10 as it is");
  // Without ::/0 -> igw (0.0.0.0/0 takes no IPv6) the reply has no way back.
  s.b.mutableNetwork().route_tables[s.public_rt.value].routes.pop_back();
  SimResult lost = s.sim().send(SimEnd::internet(), web, tcp(kClient6, 49152, kWeb6, 443));
  CHECK(lost.disposition == Disposition::kDropped);
  CHECK(lost.trace.back().reply);
  CHECK(lost.trace.back().rule == "no route matches 2a05:d018::7");
}

TEST_CASE("simulator: a unique-local IPv6 block never meets the internet", "[simulate][ipv6]") {
  DualStack s;
  SubnetId ula = s.b.subnet(s.vpc, "ula", "10.0.3.0/24", s.public_rt);
  ipv6Block(s.b, s.vpc, "fd00:ab::/56");
  subnetIpv6(s.b, ula, "fd00:ab:0:1::/64");
  InterfaceId host = s.b.iface(ula, "ula-host", "10.0.3.30", {s.web_sg});
  ipv6Address(s.b, host, "fd00:ab:0:1::30");
  Simulator sim = s.sim();
  SimResult in = sim.send(SimEnd::internet(), SimEnd::interface(host),
                          tcp(kClient6, 49152, "fd00:ab:0:1::30", 443));
  CHECK(in.disposition == Disposition::kDropped);
  CHECK(in.trace.back().step == "internet gateway");
  CHECK(in.trace.back().rule == "fd00:ab:0:1::30 is not a global IPv6 address");
  SimResult out = sim.send(SimEnd::interface(host), SimEnd::internet(),
                           tcp("fd00:ab:0:1::30", 40000, kClient6, 443));
  CHECK(out.disposition == Disposition::kDropped);
  CHECK(out.trace.back().rule == "fd00:ab:0:1::30 is not a global IPv6 address");
  // A unique-local address is not the internet's either.
  CHECK_FALSE(Simulator::isInternetAddress(ipOf("fd00:ab:0:1::30")));
  CHECK(Simulator::isInternetAddress(ipOf(kClient6)));
}

TEST_CASE("simulator: an egress-only internet gateway lets out, never in", "[simulate][ipv6]") {
  DualStack s;
  GatewayId eigw = s.b.gateway(RouteTargetKind::kEgressOnlyInternetGateway, s.vpc, "eigw");
  RouteTableId private_rt = s.b.routeTable(s.vpc, "private-rt");
  s.b.useRouteTable(s.priv, private_rt);
  s.b.routeToGateway(private_rt, "::/0", eigw);
  s.b.sgRule(s.app_sg, kOut, anyTraffic(), NetworkBuilder::cidrPeer("::/0"));
  s.b.sgRule(s.app_sg, kOut, anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  s.b.sgRule(s.app_sg, kIn, tcpPort(443), NetworkBuilder::cidrPeer("::/0"));
  Simulator sim = s.sim();
  SimEnd app = SimEnd::interface(s.app);
  SimResult out = sim.send(app, SimEnd::internet(), tcp(kApp6, 40000, kClient6, 443));
  INFO(out.reason);
  REQUIRE(out.disposition == Disposition::kDelivered);
  CHECK(out.trace.back().step == "egress-only internet gateway");
  CHECK(out.trace.back().element == "eigw");
  // The reply comes back in through the subnet's ACL.
  CHECK(std::any_of(out.trace.begin(), out.trace.end(), [](const SimHop& h) {
    return h.reply && h.step == "network ACL inbound";
  }));
  // A connection from the internet enters by the internet gateway, but its
  // reply is routed to the egress-only gateway.
  SimResult in = sim.send(SimEnd::internet(), app, tcp(kClient6, 49152, kApp6, 443));
  CHECK(in.disposition == Disposition::kDropped);
  CHECK(in.reason ==
        "the reply is routed to egress-only internet gateway eigw, not back the way it came");
  // A VPC with only an egress-only gateway lets nothing in.
  NetworkBuilder b;
  VpcId v = b.vpc("v", "10.9.0.0/16");
  SubnetId sn = b.subnet(v, "sn", "10.9.1.0/24");
  ipv6Block(b, v, "2600:1f18:bbbb::/56");
  subnetIpv6(b, sn, "2600:1f18:bbbb:1::/64");
  InterfaceId host = b.iface(sn, "host", "10.9.1.10");
  ipv6Address(b, host, "2600:1f18:bbbb:1::10");
  GatewayId only = b.gateway(RouteTargetKind::kEgressOnlyInternetGateway, v, "eigw-only");
  b.routeToGateway(b.tableOf(sn), "::/0", only);
  b.sgRule(b.defaultGroup(v), kIn, anyTraffic(), NetworkBuilder::cidrPeer("::/0"));
  Simulator closed(b.network());
  for (int protocol : {kTcp, kUdp}) {
    FlowPacket p = tcp(kClient6, 49152, "2600:1f18:bbbb:1::10", 443);
    p.protocol = protocol;
    SimResult r = closed.send(SimEnd::internet(), SimEnd::interface(host), p);
    CHECK(r.disposition == Disposition::kDropped);
    CHECK(r.trace.back().rule ==
          "the VPC has no internet gateway (an egress-only internet gateway lets nothing in)");
  }
  CHECK(closed.send(SimEnd::interface(host), SimEnd::internet(),
                    tcp("2600:1f18:bbbb:1::10", 40000, kClient6, 443))
            .disposition == Disposition::kDelivered);
}

TEST_CASE("simulator: an IPv4 route to an egress-only internet gateway drops", "[simulate][ipv6]") {
  DualStack s;
  GatewayId eigw = s.b.gateway(RouteTargetKind::kEgressOnlyInternetGateway, s.vpc, "eigw");
  s.b.routeToGateway(s.b.tableOf(s.priv), "0.0.0.0/0", eigw);
  s.b.sgRule(s.app_sg, kOut, anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  SimResult r = s.sim().send(SimEnd::interface(s.app), SimEnd::internet(),
                             tcp("10.0.2.20", 40000, "203.0.113.7", 443));
  CHECK(r.disposition == Disposition::kDropped);
  CHECK(r.trace.back().step == "egress-only internet gateway");
  CHECK(r.trace.back().rule ==
        "takes no IPv4: AWS accepts no IPv4 route to an egress-only internet gateway");
}

TEST_CASE("simulator: a transit gateway attachment carries IPv6 only with IPv6 support",
          "[simulate][ipv6]") {
  NetworkBuilder b;
  VpcId a = b.vpc("a", "10.1.0.0/16");
  VpcId c = b.vpc("c", "10.2.0.0/16");
  SubnetId sa = b.subnet(a, "sa", "10.1.1.0/24");
  SubnetId sc = b.subnet(c, "sc", "10.2.1.0/24");
  ipv6Block(b, a, "2600:1f18:a::/56");
  ipv6Block(b, c, "2600:1f18:c::/56");
  subnetIpv6(b, sa, "2600:1f18:a:1::/64");
  subnetIpv6(b, sc, "2600:1f18:c:1::/64");
  InterfaceId x = b.iface(sa, "x", "10.1.1.10");
  InterfaceId y = b.iface(sc, "y", "10.2.1.10");
  ipv6Address(b, x, "2600:1f18:a:1::10");
  ipv6Address(b, y, "2600:1f18:c:1::10");
  b.sgRule(b.defaultGroup(c), kIn, anyTraffic(), NetworkBuilder::cidrPeer("2600:1f18:a::/56"));
  b.sgRule(b.defaultGroup(c), kIn, anyTraffic(), NetworkBuilder::cidrPeer("10.1.0.0/16"));
  TransitGatewayId tgw = b.transitGateway("tgw");
  TgwRouteTableId rt = b.tgwRouteTable(tgw, "tgw-rt");
  TgwAttachmentId att_a = b.tgwVpcAttachment(tgw, a, {sa}, "att-a", rt);
  TgwAttachmentId att_c = b.tgwVpcAttachment(tgw, c, {sc}, "att-c", rt);
  b.tgwRoute(rt, "2600:1f18:a::/56", att_a);
  b.tgwRoute(rt, "2600:1f18:c::/56", att_c);
  b.tgwRoute(rt, "10.1.0.0/16", att_a);
  b.tgwRoute(rt, "10.2.0.0/16", att_c);
  b.route(b.tableOf(sa), "::/0", NetworkBuilder::tgwTarget(tgw));
  b.route(b.tableOf(sa), "0.0.0.0/0", NetworkBuilder::tgwTarget(tgw));
  b.route(b.tableOf(sc), "::/0", NetworkBuilder::tgwTarget(tgw));
  b.route(b.tableOf(sc), "0.0.0.0/0", NetworkBuilder::tgwTarget(tgw));
  FlowPacket v6 = tcp("2600:1f18:a:1::10", 40000, "2600:1f18:c:1::10", 22);
  FlowPacket v4 = tcp("10.1.1.10", 40000, "10.2.1.10", 22);
  auto send = [&](const FlowPacket& p) {
    return Simulator(b.network()).send(SimEnd::interface(x), SimEnd::interface(y), p);
  };
  CHECK(send(v4).disposition == Disposition::kDelivered);
  SimResult off = send(v6);
  CHECK(off.disposition == Disposition::kDropped);
  CHECK(off.trace.back().step == "transit gateway");
  CHECK(off.trace.back().element == "att-a");
  CHECK(off.trace.back().rule == "IPv6 support not enabled");
  CHECK(off.reason == "att-a carries no IPv6 traffic (its IPv6 support is not enabled)");
  // The exit attachment needs it too.
  b.mutableNetwork().tgw_attachments[att_a.value].ipv6_support = true;
  SimResult half = send(v6);
  CHECK(half.disposition == Disposition::kDropped);
  CHECK(half.trace.back().element == "att-c");
  b.mutableNetwork().tgw_attachments[att_c.value].ipv6_support = true;
  SimResult on = send(v6);
  INFO(on.reason);
  CHECK(on.disposition == Disposition::kDelivered);
}

TEST_CASE("simulator: a NAT gateway's NAT64 leads out of the model", "[simulate][ipv6]") {
  DualStack s;
  NatGatewayId nat = s.b.nat(s.pub, "nat", "10.0.1.5");
  s.b.route(s.b.tableOf(s.priv), "64:ff9b::/96", NetworkBuilder::natTarget(nat));
  s.b.sgRule(s.app_sg, kOut, anyTraffic(), NetworkBuilder::cidrPeer("::/0"));
  SimResult r = s.sim().send(SimEnd::interface(s.app), SimEnd::internet(),
                             tcp(kApp6, 40000, "64:ff9b::cb00:7107", 443));
  CHECK(r.disposition == Disposition::kLeavesModel);
  CHECK(r.reason == "NAT64 is not analysed");
  REQUIRE_FALSE(r.trace.empty());
  CHECK(r.trace.back().step == "NAT gateway");
  CHECK(r.trace.back().rule == "NAT64 is not analysed");
}

TEST_CASE("simulator: a group peer stands for its members' IPv6 addresses", "[simulate][ipv6]") {
  DualStack s;
  s.b.sgRule(s.app_sg, kIn, tcpPort(9000), NetworkBuilder::groupPeer(s.web_sg));
  InterfaceId other = s.b.iface(s.pub, "other", "10.0.1.11");
  ipv6Address(s.b, other, "2600:1f18:aaaa:1::11");
  InterfaceId v4only = s.b.iface(s.pub, "v4only", "10.0.1.12", {s.web_sg});
  Simulator sim = s.sim();
  SimEnd app = SimEnd::interface(s.app);
  SimResult member = sim.send(SimEnd::interface(s.web), app, tcp(kWeb6, 40000, kApp6, 9000));
  INFO(member.reason);
  CHECK(member.disposition == Disposition::kDelivered);
  CHECK(member.trace.back().rule == "app-sg ingress tcp/9000 from members of web-sg");
  SimResult stranger =
      sim.send(SimEnd::interface(other), app, tcp("2600:1f18:aaaa:1::11", 40000, kApp6, 9000));
  CHECK(stranger.disposition == Disposition::kDropped);
  CHECK(stranger.trace.back().element == "app: app-sg");
  // A member without an IPv6 address sends no IPv6 packet.
  SimResult none =
      sim.send(SimEnd::interface(v4only), app, tcp("2600:1f18:aaaa:1::12", 40000, kApp6, 9000));
  CHECK(none.disposition == Disposition::kInvalid);
  CHECK(none.reason == "2600:1f18:aaaa:1::12 is not an address of v4only");
}

TEST_CASE("simulator: a packet is of one family", "[simulate][ipv6]") {
  DualStack s;
  SimResult r = s.sim().send(SimEnd::interface(s.web), SimEnd::interface(s.app),
                             tcp("10.0.1.10", 40000, kApp6, 8080));
  CHECK(r.disposition == Disposition::kInvalid);
  CHECK(r.reason ==
        "the source 10.0.1.10 and the destination 2600:1f18:aaaa:2::20 are of different families");
}

TEST_CASE("simulator: IPv6 addresses AWS may assign", "[simulate][ipv6]") {
  DualStack s;
  InterfaceId assigned = s.b.iface(s.priv, "assigned", "");
  ipv6Address(s.b, assigned, "");
  InterfaceId v4only = s.b.iface(s.priv, "v4only", "");
  Simulator sim = s.sim();
  SimEnd end = SimEnd::interface(assigned);
  CHECK(sim.addressOf(end, ipOf("2600:1f18:aaaa:2::4")));
  CHECK(sim.addressOf(end, ipOf("2600:1f18:aaaa:2:ffff:ffff:ffff:fffe")));
  // Not the reserved first four or last, not another's fixed address, not
  // outside the subnet's block.
  CHECK_FALSE(sim.addressOf(end, ipOf("2600:1f18:aaaa:2::3")));
  CHECK_FALSE(sim.addressOf(end, ipOf("2600:1f18:aaaa:2:ffff:ffff:ffff:ffff")));
  CHECK_FALSE(sim.addressOf(end, ipOf(kApp6)));
  CHECK_FALSE(sim.addressOf(end, ipOf(kWeb6)));
  CHECK(sim.addressOf(end, ipOf("10.0.2.4")));
  // An interface without IPv6 addresses has none.
  CHECK_FALSE(sim.addressOf(SimEnd::interface(v4only), ipOf("2600:1f18:aaaa:2::4")));
  CHECK(sim.addressOf(SimEnd::interface(v4only), ipOf("10.0.2.4")));
}

TEST_CASE("simulator: a load balancer forwards to the target's address of the packet's family",
          "[simulate][ipv6][load-balancer]") {
  Store s;
  ipv6Block(s.b, s.vpc, "2600:1f18:cccc::/56");
  subnetIpv6(s.b, s.pub, "2600:1f18:cccc:1::/64");
  subnetIpv6(s.b, s.app, "2600:1f18:cccc:2::/64");
  s.b.route(s.public_rt, "::/0", NetworkBuilder::igwTarget(s.igw));
  s.b.sgRule(s.alb_sg, kIn, tcpPort(443), NetworkBuilder::cidrPeer("::/0"));
  s.b.sgRule(s.alb_sg, kOut, anyTraffic(), NetworkBuilder::cidrPeer("::/0"));
  ipv6Address(s.b, s.server, "2600:1f18:cccc:2::20");
  // Nodes have no IPv6 address unless the model gives them one.
  SimResult none = s.sim().send(SimEnd::internet(), SimEnd::interface(s.server),
                                tcp(kClient6, 49152, "2600:1f18:cccc:1::50", 443));
  CHECK(none.disposition == Disposition::kInvalid);
  ipv6Address(s.b, s.node, "2600:1f18:cccc:1::50");
  SimResult r = s.sim().send(SimEnd::internet(), SimEnd::interface(s.server),
                             tcp(kClient6, 49152, "2600:1f18:cccc:1::50", 443));
  INFO(r.reason);
  REQUIRE(r.disposition == Disposition::kDelivered);
  CHECK(r.arrived.source.str() == "2600:1f18:cccc:1::50");
  CHECK(r.arrived.destination.str() == "2600:1f18:cccc:2::20");
  // A target without an IPv6 address receives no IPv6 forward.
  s.b.mutableNetwork().interfaces[s.server.value].ipv6_addresses.clear();
  SimResult v4only = s.sim().send(SimEnd::internet(), SimEnd::interface(s.server),
                                  tcp(kClient6, 49152, "2600:1f18:cccc:1::50", 443));
  CHECK(v4only.disposition == Disposition::kDropped);
  CHECK(v4only.reason == "target server has no IPv6 address to forward to");
}

}  // namespace
}  // namespace segproof
