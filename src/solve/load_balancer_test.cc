// Load balancers end to end through the analyzer (walk, pair search, Z3,
// simulator replay): each rule of docs/aws-modeling.md "Load balancers" on a
// small web stack, with the verdict and the hop that decides. Every case is
// also run with interval pruning off, so Z3 decides each candidate path and
// the rewrite at the load balancer is checked in the SMT encoding too.
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

// One VPC 10.0.0.0/16 with an internet gateway:
//   public pub-a 10.0.0.0/24 (az1), pub-b 10.0.1.0/24 (az2): 0.0.0.0/0 -> igw
//   private app-a 10.0.10.0/24 (az1) with app1 10.0.10.10,
//           app-b 10.0.11.0/24 (az2) with app2 10.0.11.10 (group app-sg:
//           tcp/8080 from alb-sg)
//   an internet-facing application load balancer `alb` (alb-sg: tcp/443 from
//   anywhere, all egress) with nodes in pub-a and pub-b; listener tcp/443
//   -> target group `app` (app1:8080, app2:8080).
struct WebStack {
  NetworkBuilder b;
  VpcId vpc = b.vpc("main", "10.0.0.0/16");
  RouteTableId pub_rt = b.routeTable(vpc, "pub-rt");
  SubnetId pub_a = b.subnet(vpc, "pub-a", "10.0.0.0/24", pub_rt);
  SubnetId pub_b = b.subnet(vpc, "pub-b", "10.0.1.0/24", pub_rt);
  SubnetId app_a = b.subnet(vpc, "app-a", "10.0.10.0/24");
  SubnetId app_b = b.subnet(vpc, "app-b", "10.0.11.0/24");
  InternetGatewayId igw = b.igw(vpc, "igw");
  SecurityGroupId alb_sg = b.group(vpc, "alb-sg");
  SecurityGroupId app_sg = b.group(vpc, "app-sg");
  InterfaceId app1, app2;
  LoadBalancerId alb;
  TargetGroupId app;

  explicit WebStack(bool internet_facing = true) {
    for (auto [s, z] : {std::pair{pub_a, "az1"}, {pub_b, "az2"}, {app_a, "az1"}, {app_b, "az2"}})
      b.zone(s, z);
    b.route(pub_rt, "0.0.0.0/0", NetworkBuilder::igwTarget(igw));
    b.sgRule(alb_sg, kIn, testing::tcpPort(443), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    b.sgRule(alb_sg, kOut, testing::anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    b.sgRule(app_sg, kIn, testing::tcpPort(8080), NetworkBuilder::groupPeer(alb_sg));
    b.sgRule(app_sg, kOut, testing::anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    app1 = b.iface(app_a, "app1", "10.0.10.10", {app_sg});
    app2 = b.iface(app_b, "app2", "10.0.11.10", {app_sg});
    alb = b.loadBalancer("alb", LoadBalancerKind::kApplication, internet_facing);
    b.lbNode(alb, pub_a, "", {alb_sg});
    b.lbNode(alb, pub_b, "", {alb_sg});
    app = b.targetGroup("app");
    b.target(app, app1, 8080);
    b.target(app, app2, 8080);
    b.listener(alb, {}, 443, {app});
  }
  Network& net() { return b.mutableNetwork(); }
};

// The answer, checked to be the same with every candidate decided by Z3.
AssertionResult reach(const Network& net, const std::string& from, const std::string& to,
                      FlowSpec flow) {
  AssertionResult r = testing::reachIn(net, from, to, flow, true);
  AssertionResult z3 = testing::reachIn(net, from, to, flow, false);
  if (r.verdict == Verdict::kUnknown) WARN(r.reason);
  for (const std::string& e : r.internal_errors) WARN(e);
  for (const std::string& e : z3.internal_errors) WARN("z3: " + e);
  CHECK(z3.verdict == r.verdict);
  return r;
}

TEST_CASE("load balancer: the internet reaches a private target through a listener",
          "[solve][lb]") {
  WebStack w;
  AssertionResult r = reach(w.net(), "internet", "resource:app1", tcp(8080));
  REQUIRE(r.verdict == Verdict::kHolds);
  REQUIRE_FALSE(r.witnesses.empty());
  const Witness& witness = r.witnesses.front();
  // The client sends to the node's listener port; the node opens a new
  // connection to the target port, from its own address.
  CHECK(witness.packet.destination_port == 443);
  std::vector<std::string> s = steps(r);
  CHECK(has(s, "load balancer listener alb listener tcp/443"));
  CHECK(has(s, "load balancer alb (pub-a)"));
  CHECK(has(s, "security group ingress app-sg"));
  bool rewritten = false;
  for (const PathHop& h : witness.hops)
    if (h.step == "load balancer") {
      rewritten = h.packet.find("10.0.10.10:8080") != std::string::npos;
      CHECK(h.rule.find("target app1 of target group app on port 8080") != std::string::npos);
    }
  CHECK(rewritten);
  // Other ports of the target are not reachable through it.
  CHECK(reach(w.net(), "internet", "resource:app1", tcp(22)).verdict == Verdict::kViolated);
  // Without the load balancer the private target is out of reach.
  w.net().load_balancers[w.alb.value].listeners.clear();
  CHECK(reach(w.net(), "internet", "resource:app1", tcp(8080)).verdict == Verdict::kViolated);
}

TEST_CASE("load balancer: a listener forwarding to a management port exposes it",
          "[solve][lb]") {
  WebStack w;
  TargetGroupId ssh = w.b.targetGroup("ssh");
  w.b.target(ssh, w.app1, 22);
  w.b.listener(w.alb, {}, 2222, {ssh});
  w.b.sgRule(w.alb_sg, kIn, testing::tcpPort(2222), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  // The target's group does not admit 22 from the load balancer yet.
  AssertionResult blocked = reach(w.net(), "internet", "resource:app1", tcp(22));
  CHECK(blocked.verdict == Verdict::kViolated);
  CHECK(blockedAt(blocked).rfind("security group ingress app-sg", 0) == 0);
  w.b.sgRule(w.app_sg, kIn, testing::tcpPort(22), NetworkBuilder::groupPeer(w.alb_sg));
  AssertionResult r = reach(w.net(), "internet", "resource:app1", tcp(22));
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.witnesses.front().packet.destination_port == 2222);
  // app2 is not a target of that group.
  CHECK(reach(w.net(), "internet", "resource:app2", tcp(22)).verdict == Verdict::kViolated);
}

TEST_CASE("load balancer: the target's group must admit the node", "[solve][lb]") {
  WebStack w;
  w.net().security_groups[w.app_sg.value].rules.clear();
  w.b.sgRule(w.app_sg, kIn, testing::tcpPort(8080), NetworkBuilder::cidrPeer("10.0.10.0/24"));
  AssertionResult r = reach(w.net(), "internet", "resource:app1", tcp(8080));
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(blockedAt(r).rfind("security group ingress app-sg", 0) == 0);
  // Admitting the public subnets' addresses lets the nodes in.
  w.b.sgRule(w.app_sg, kIn, testing::tcpPort(8080), NetworkBuilder::cidrPeer("10.0.0.0/23"));
  CHECK(reach(w.net(), "internet", "resource:app1", tcp(8080)).verdict == Verdict::kHolds);
}

TEST_CASE("load balancer: an internal one is not reachable from the internet", "[solve][lb]") {
  WebStack w(false);
  AssertionResult r = reach(w.net(), "internet", "resource:app1", tcp(8080));
  CHECK(r.verdict == Verdict::kViolated);
  // From inside the VPC it forwards.
  InterfaceId client = w.b.iface(w.pub_a, "client", "10.0.0.50");
  (void)client;
  CHECK(reach(w.net(), "resource:client", "resource:app1", tcp(8080)).verdict == Verdict::kHolds);
}

TEST_CASE("load balancer: a network load balancer without groups, preserving client addresses",
          "[solve][lb]") {
  WebStack w;
  w.net().load_balancers[w.alb.value].listeners.clear();
  LoadBalancerId nlb = w.b.loadBalancer("nlb", LoadBalancerKind::kNetwork, true, true);
  w.b.lbNode(nlb, w.pub_a, "", {});
  TargetGroupId tg = w.b.targetGroup("nlb-app", {}, true);
  w.b.target(tg, w.app1, 8080);
  w.b.listener(nlb, {}, 80, {tg});
  // app-sg admits alb-sg only: the node has no group and the target sees
  // the client's address.
  CHECK(reach(w.net(), "internet", "resource:app1", tcp(8080)).verdict == Verdict::kViolated);
  w.b.sgRule(w.app_sg, kIn, testing::tcpPort(8080), NetworkBuilder::cidrPeer("10.0.0.0/16"));
  CHECK(reach(w.net(), "internet", "resource:app1", tcp(8080)).verdict == Verdict::kViolated);
  w.b.sgRule(w.app_sg, kIn, testing::tcpPort(8080), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  AssertionResult r = reach(w.net(), "internet", "resource:app1", tcp(8080));
  REQUIRE(r.verdict == Verdict::kHolds);
  // The target sees the client's address.
  for (const PathHop& h : r.witnesses.front().hops)
    if (h.step == "load balancer") CHECK(h.packet.find("203.0.113.10") != std::string::npos);
}

TEST_CASE("load balancer: without cross-zone balancing a node serves its own zone",
          "[solve][lb]") {
  WebStack w;
  w.net().load_balancers[w.alb.value].listeners.clear();
  LoadBalancerId nlb = w.b.loadBalancer("nlb", LoadBalancerKind::kNetwork, true, false);
  w.b.lbNode(nlb, w.pub_a, "", {w.alb_sg});
  TargetGroupId tg = w.b.targetGroup("nlb-app");
  w.b.target(tg, w.app1, 8080);
  w.b.target(tg, w.app2, 8080);
  w.b.listener(nlb, {}, 443, {tg});
  CHECK(reach(w.net(), "internet", "resource:app1", tcp(8080)).verdict == Verdict::kHolds);
  CHECK(reach(w.net(), "internet", "resource:app2", tcp(8080)).verdict == Verdict::kViolated);
  // Cross-zone on: still not, as the load balancer has no node in az2.
  w.net().load_balancers[nlb.value].cross_zone = true;
  CHECK(reach(w.net(), "internet", "resource:app2", tcp(8080)).verdict == Verdict::kViolated);
  w.b.lbNode(nlb, w.pub_b, "", {w.alb_sg});
  CHECK(reach(w.net(), "internet", "resource:app2", tcp(8080)).verdict == Verdict::kHolds);
}

TEST_CASE("load balancer: the reply of the second connection meets the network ACLs",
          "[solve][lb]") {
  WebStack w;
  NetworkAclId acl = w.b.networkAcl(w.vpc, "app-acl");
  w.b.aclRule(acl, 100, kIn, true, testing::anyTraffic(), "0.0.0.0/0");
  // Replies to the nodes (10.0.0.0/23) are denied; to the internet allowed.
  w.b.aclRule(acl, 100, kOut, false, testing::anyTraffic(), "10.0.0.0/23");
  w.b.aclRule(acl, 200, kOut, true, testing::anyTraffic(), "0.0.0.0/0");
  w.b.useAcl(w.app_a, acl);
  AssertionResult r = reach(w.net(), "internet", "resource:app1", tcp(8080));
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(blockedAt(r).rfind("network ACL outbound app-acl (subnet app-a)", 0) == 0);
  // UDP needs no reply.
  LbProtocols udp{false, true};
  LoadBalancerId nlb = w.b.loadBalancer("nlb", LoadBalancerKind::kNetwork, true, true);
  w.b.lbNode(nlb, w.pub_a, "", {});
  TargetGroupId tg = w.b.targetGroup("dns", udp);
  w.b.target(tg, w.app1, 53);
  w.b.listener(nlb, udp, 53, {tg});
  w.b.sgRule(w.app_sg, kIn, testing::udpPort(53), NetworkBuilder::cidrPeer("10.0.0.0/23"));
  CHECK(reach(w.net(), "internet", "resource:app1", FlowSpec{kUdp, {{53, 53}}}).verdict ==
        Verdict::kHolds);
}

TEST_CASE("load balancer: a node as the source sends what it forwards", "[solve][lb]") {
  WebStack w;
  CHECK(reach(w.net(), "resource:alb", "resource:app1", tcp(8080)).verdict == Verdict::kHolds);
  // Not to ports no listener forwards to, even where the target's group
  // would admit them.
  w.b.sgRule(w.app_sg, kIn, testing::tcpPort(22), NetworkBuilder::groupPeer(w.alb_sg));
  CHECK(reach(w.net(), "resource:alb", "resource:app1", tcp(22)).verdict == Verdict::kViolated);
}

TEST_CASE("load balancer: a node preserving client addresses, as the source", "[solve][lb]") {
  WebStack w;
  w.net().load_balancers[w.alb.value].listeners.clear();
  LoadBalancerId nlb = w.b.loadBalancer("nlb", LoadBalancerKind::kNetwork, true, true);
  w.b.lbNode(nlb, w.pub_a, "", {});
  TargetGroupId tg = w.b.targetGroup("nlb-app", {}, true);
  w.b.target(tg, w.app1, 8080);
  w.b.listener(nlb, {}, 80, {tg});
  w.b.sgRule(w.app_sg, kIn, testing::tcpPort(8080), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  CHECK(reach(w.net(), "resource:nlb", "resource:app1", tcp(8080)).verdict == Verdict::kHolds);
  CHECK(reach(w.net(), "resource:nlb", "resource:app1", tcp(22)).verdict == Verdict::kViolated);
}

TEST_CASE("load balancer: a network load balancer in front of an application one",
          "[solve][lb]") {
  WebStack w(false);
  w.b.sgRule(w.alb_sg, kIn, testing::tcpPort(443), NetworkBuilder::cidrPeer("10.0.0.0/16"));
  LoadBalancerId nlb = w.b.loadBalancer("nlb", LoadBalancerKind::kNetwork, true, true);
  w.b.lbNode(nlb, w.pub_a, "", {});
  w.b.lbNode(nlb, w.pub_b, "", {});
  TargetGroupId to_alb = w.b.targetGroup("to-alb");
  for (InterfaceId node : w.net().load_balancers[w.alb.value].nodes) w.b.target(to_alb, node, 443);
  w.b.listener(nlb, {}, 443, {to_alb});
  AssertionResult r = reach(w.net(), "internet", "resource:app1", tcp(8080));
  REQUIRE(r.verdict == Verdict::kHolds);
  std::vector<std::string> s = steps(r);
  CHECK(has(s, "load balancer listener nlb listener tcp/443"));
  CHECK(has(s, "load balancer listener alb listener tcp/443"));
  // The internal load balancer itself is reachable from the internet, through the other.
  CHECK(reach(w.net(), "internet", "resource:alb", tcp(443)).verdict == Verdict::kHolds);
}

// Found by the differential test (seeds 1756, 2067): a client whose target
// sits in its own subnet, through a node in another subnet. The walk to
// many destinations at once skipped the client's own subnet even after the
// load balancer had sent the packet to new destinations.
TEST_CASE("load balancer: a target in the client's own subnet, through a node elsewhere",
          "[solve][lb]") {
  WebStack w;
  InterfaceId client = w.b.iface(w.app_a, "client", "10.0.10.20", {w.app_sg});
  w.b.sgRule(w.alb_sg, kIn, testing::tcpPort(443), NetworkBuilder::groupPeer(w.app_sg));
  (void)client;
  // Both questions: a pair (one destination) and a walk to many.
  AssertionResult one = reach(w.net(), "resource:client", "resource:app1", tcp(8080));
  CHECK(one.verdict == Verdict::kHolds);
  AssertionResult many = reach(w.net(), "resource:client", "sg:app-sg", tcp(8080));
  CHECK(many.verdict == Verdict::kHolds);
  CHECK(many.flows >= 2);  // app1 (its own subnet) and app2
}

// Found by the differential test (seeds 1630, 2890): a node that keeps its
// clients' addresses and a target both take AWS-assigned addresses of one
// subnet; the witness must not give them the same one.
TEST_CASE("load balancer: a node and its target never share an address", "[solve][lb]") {
  // Subnet s admits tcp/80 only (the listener), so the client reaches the
  // target's 8080 only through the node, which is in s with it (no network
  // ACL within a subnet).
  NetworkBuilder b;
  VpcId vpc = b.vpc("main", "10.0.0.0/16");
  NetworkAclId acl = b.networkAcl(vpc, "s-acl");
  b.aclRule(acl, 100, kIn, true, testing::tcpPort(80), "0.0.0.0/0");
  b.aclRule(acl, 100, kOut, true, testing::anyTraffic(), "0.0.0.0/0");
  SubnetId s = b.subnet(vpc, "s", "10.0.1.0/29", {}, acl);  // 10.0.1.4-10.0.1.6 are free
  SubnetId c = b.subnet(vpc, "c", "10.0.2.0/24");
  SecurityGroupId target_sg = b.group(vpc, "target-sg");
  b.sgRule(target_sg, kIn, testing::tcpPort(8080), NetworkBuilder::cidrPeer("10.0.2.0/24"));
  InterfaceId target = b.iface(s, "target", "", {target_sg});
  b.iface(c, "client", "10.0.2.10");
  LoadBalancerId nlb = b.loadBalancer("nlb", LoadBalancerKind::kNetwork, false, true);
  b.lbNode(nlb, s, "", {});
  TargetGroupId tg = b.targetGroup("tg", {}, true);
  b.target(tg, target, 8080);
  b.listener(nlb, {}, 80, {tg});
  AssertionResult r = reach(b.mutableNetwork(), "resource:client", "resource:target", tcp(8080));
  CHECK(r.verdict == Verdict::kHolds);
  CHECK(r.internal_errors.empty());
  // With one free address left for both, no witness can give each its own:
  // nothing is forwarded.
  b.iface(s, "other1", "10.0.1.5");
  b.iface(s, "other2", "10.0.1.6");
  AssertionResult none = reach(b.mutableNetwork(), "resource:client", "resource:target", tcp(8080));
  CHECK(none.verdict == Verdict::kViolated);
  CHECK(none.internal_errors.empty());
}

TEST_CASE("load balancers: a proof elsewhere tells a packet of the ports asked, not a listener's",
          "[lb]") {
  // The walks carry the listeners' ports besides the ports asked (a load
  // balancer may forward them); the blocked packet of a proof about 5432
  // once read "-> 10.0.20.4:80" because 80 is the lowest port in the set.
  WebStack w;
  NetworkAclId data_acl = w.b.networkAcl(w.vpc, "data-acl");
  w.b.aclRule(data_acl, 90, kIn, false, testing::anyTraffic(), "10.0.0.0/16");
  w.b.aclRule(data_acl, 100, kIn, true, testing::anyTraffic(), "0.0.0.0/0");
  w.b.aclRule(data_acl, 100, kOut, true, testing::anyTraffic(), "0.0.0.0/0");
  SubnetId data = w.b.subnet(w.vpc, "data", "10.0.20.0/24", {}, data_acl);
  SecurityGroupId db_sg = w.b.group(w.vpc, "db-sg");
  w.b.sgRule(db_sg, kIn, testing::tcpPort(5432), NetworkBuilder::cidrPeer("10.0.0.0/16"));
  w.b.iface(data, "db", "10.0.20.4", {db_sg});
  w.b.listener(w.alb, {}, 80, {w.app});
  AssertionResult r = reach(w.net(), "resource:app1", "resource:db", tcp(5432));
  REQUIRE(r.verdict == Verdict::kViolated);
  REQUIRE(r.closest);
  CHECK(r.closest->blocked_at.element == "data-acl (subnet data)");
  CHECK(r.closest->blocked_at.packet == "10.0.10.10:49152 -> 10.0.20.4:5432 tcp");
}

}  // namespace
}  // namespace segproof
