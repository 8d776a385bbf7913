// Differential reachability end to end: two versions of one small network,
// each change of docs/diff.md (a flow opened, closed, widened to more of
// the internet, an endpoint added), found with its header set, a witness
// from the side that allows it, the other side's proof, and the assertions
// it breaks.
#include <catch2/catch.hpp>

#include "compare/internet_ranges.h"
#include "graph/network_builder_test_util.h"
#include "segproof/compare/diff.h"
#include "solve/reach_test_util.h"

namespace segproof {
namespace {

using testing::NetworkBuilder;
using testing::sel;

constexpr Direction kIn = Direction::kIngress;
constexpr Direction kOut = Direction::kEgress;

// One VPC 10.0.0.0/16, internet gateway, public subnet 10.0.0.0/24:
//   bastion 10.0.0.10 (public 198.51.100.10): tcp/22 from `ssh_from`
//   db      10.0.1.20 (private subnet):       tcp/5432 from group app
//   app     10.0.1.30:                        all egress
//   test    10.0.2.40 (test subnet):          all egress
// `db_from_test` adds tcp/5432 from 10.0.2.0/24 to the db group.
struct Shop {
  NetworkBuilder b;
  VpcId vpc = b.vpc("main", "10.0.0.0/16");
  RouteTableId pub_rt = b.routeTable(vpc, "pub-rt");
  SubnetId pub = b.subnet(vpc, "pub", "10.0.0.0/24", pub_rt);
  SubnetId priv = b.subnet(vpc, "priv", "10.0.1.0/24");
  SubnetId test = b.subnet(vpc, "test", "10.0.2.0/24");
  InternetGatewayId igw = b.igw(vpc, "igw");
  SecurityGroupId bastion_sg = b.group(vpc, "bastion-sg");
  SecurityGroupId db_sg = b.group(vpc, "db-sg");
  SecurityGroupId app_sg = b.group(vpc, "app-sg");
  SecurityGroupId test_sg = b.group(vpc, "test-sg");

  Shop(const std::vector<std::string>& ssh_from, bool db_from_test, bool with_web = false) {
    b.route(pub_rt, "0.0.0.0/0", NetworkBuilder::igwTarget(igw));
    for (const std::string& cidr : ssh_from)
      b.sgRule(bastion_sg, kIn, testing::tcpPort(22), NetworkBuilder::cidrPeer(cidr));
    b.sgRule(bastion_sg, kOut, testing::anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    b.sgRule(db_sg, kIn, testing::tcpPort(5432), NetworkBuilder::groupPeer(app_sg));
    if (db_from_test)
      b.sgRule(db_sg, kIn, testing::tcpPort(5432), NetworkBuilder::cidrPeer("10.0.2.0/24"));
    b.sgRule(app_sg, kOut, testing::anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    b.sgRule(test_sg, kOut, testing::anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    b.iface(pub, "bastion", "10.0.0.10", {bastion_sg}, "198.51.100.10");
    b.iface(priv, "db", "10.0.1.20", {db_sg});
    b.iface(priv, "app", "10.0.1.30", {app_sg});
    b.iface(test, "test", "10.0.2.40", {test_sg});
    if (with_web) {
      SecurityGroupId web_sg = b.group(vpc, "web-sg");
      b.sgRule(web_sg, kIn, testing::tcpPort(80), NetworkBuilder::cidrPeer("0.0.0.0/0"));
      b.iface(pub, "web", "10.0.0.20", {web_sg}, "198.51.100.20");
    }
  }
  const Network& net() { return b.mutableNetwork(); }
};

AssertionSet testNotDb() {
  Assertion a;
  a.id = "test-not-db";
  a.kind = AssertionKind::kUnreachable;
  a.from = {sel("resource:test")};
  a.to = {sel("resource:db")};
  AssertionSet set;
  set.assertions.push_back(a);
  return set;
}

DiffReport diffOf(const Network& before, const Network& after, const AssertionSet& assertions = {}) {
  std::vector<std::string> notes;
  std::vector<DiffEnd> ends = defaultDiffEnds(before, after, {}, notes);
  AnalyzerOptions options;
  options.jobs = 1;
  DiagnosticEngine diags;
  DiffReport r = diffReachability(before, after, ends, assertions, options, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  for (const std::string& e : r.internal_errors) FAIL(e);
  return r;
}

std::vector<std::string> changeLines(const DiffReport& r) {
  std::vector<std::string> out;
  for (const FlowChange& c : r.changes)
    out.push_back(std::string(c.kind == FlowChange::Kind::kOpened ? "+ " : "- ") + c.from + " -> " +
                  c.to + ": " + c.headers.text());
  return out;
}

TEST_CASE("diff: the same network twice has no change", "[diff]") {
  Shop a({"203.0.113.0/24"}, false), b({"203.0.113.0/24"}, false);
  DiffReport r = diffOf(a.net(), b.net(), testNotDb());
  CHECK(r.changes.empty());
  CHECK(r.undecided.empty());
  CHECK(r.assertions.empty());
  CHECK(r.assertions_compared == 1);
  CHECK(r.pairs_compared > 0);
  CHECK_FALSE(r.forbiddenNewReachability());
}

TEST_CASE("diff: an opened flow, its witness, the proof before and the assertion it breaks", "[diff]") {
  Shop before({"203.0.113.0/24"}, false), after({"203.0.113.0/24"}, true);
  DiffReport r = diffOf(before.net(), after.net(), testNotDb());
  REQUIRE(changeLines(r) == std::vector<std::string>{"+ test -> db: tcp/5432"});
  const FlowChange& c = r.changes.front();
  REQUIRE(c.witness);
  CHECK(c.witness->packet.str() == "10.0.2.40:49152 -> 10.0.1.20:5432 tcp");
  CHECK(c.witness->source_interface == "test");
  CHECK(c.witness->destination_interface == "db");
  REQUIRE(c.blocked_on_other_side);
  CHECK(c.blocked_on_other_side->blocked_at.element == "db-sg");
  CHECK(c.forbidden_by == std::vector<std::string>{"test-not-db"});
  REQUIRE(r.assertions.size() == 1);
  CHECK(r.assertions[0].before == Verdict::kHolds);
  CHECK(r.assertions[0].after == Verdict::kViolated);
  CHECK(r.forbiddenNewReachability());
}

TEST_CASE("diff: the reverse is a closed flow, which no assertion forbids", "[diff]") {
  Shop before({"203.0.113.0/24"}, true), after({"203.0.113.0/24"}, false);
  DiffReport r = diffOf(before.net(), after.net(), testNotDb());
  REQUIRE(changeLines(r) == std::vector<std::string>{"- test -> db: tcp/5432"});
  CHECK(r.changes[0].forbidden_by.empty());
  REQUIRE(r.changes[0].witness);  // from BEFORE
  CHECK(r.changes[0].witness->destination_interface == "db");
  REQUIRE(r.assertions.size() == 1);
  CHECK(r.assertions[0].before == Verdict::kViolated);
  CHECK(r.assertions[0].after == Verdict::kHolds);
  CHECK_FALSE(r.forbiddenNewReachability());
}

TEST_CASE("diff: SSH widened from one range to the internet names the new sources", "[diff]") {
  Shop before({"203.0.113.0/24"}, false), after({"0.0.0.0/0"}, false);
  DiffReport r = diffOf(before.net(), after.net());
  // 0.0.0.0/0 admits the VPC's own addresses too.
  REQUIRE(changeLines(r) ==
          std::vector<std::string>{
              "+ internet -> bastion: tcp/22 from the IPv4 internet except 203.0.113.0/24",
              "+ app -> bastion: tcp/22", "+ test -> bastion: tcp/22"});
  REQUIRE(r.changes[0].witness);
  CHECK_FALSE(IntervalSet::ofCidr(testing::cidrOf("203.0.113.0/24"))
                  .contains(r.changes[0].witness->packet.source.v4()));
}

TEST_CASE("diff: SSH narrowed from two ranges to one closes the other", "[diff]") {
  Shop before({"203.0.113.0/24", "192.0.2.0/24"}, false), after({"203.0.113.0/24"}, false);
  DiffReport r = diffOf(before.net(), after.net());
  CHECK(changeLines(r) == std::vector<std::string>{"- internet -> bastion: tcp/22 from 192.0.2.0/24"});
}

TEST_CASE("diff: an endpoint that exists on one side only", "[diff]") {
  Shop before({"203.0.113.0/24"}, false), after({"203.0.113.0/24"}, false, true);
  DiffReport r = diffOf(before.net(), after.net());
  CHECK(changeLines(r) ==
        std::vector<std::string>{"+ internet -> web: tcp/80 from the IPv4 internet",
                                 "+ app -> web: tcp/80", "+ bastion -> web: tcp/80",
                                 "+ test -> web: tcp/80"});
  CHECK(r.changes[0].witness);
  CHECK_FALSE(r.changes[0].blocked_on_other_side);  // nothing to block: web is not there
}

TEST_CASE("diff: an isolated assertion broken by the opened flow", "[diff]") {
  Shop before({"203.0.113.0/24"}, false), after({"203.0.113.0/24"}, true);
  Assertion a;
  a.id = "test-isolated";
  a.kind = AssertionKind::kIsolated;
  a.segments = {Segment{"test", "", {sel("subnet:test")}, {}}, Segment{"prod", "", {sel("subnet:priv")}, {}}};
  AssertionSet set;
  set.assertions.push_back(a);
  DiffReport r = diffOf(before.net(), after.net(), set);
  REQUIRE(r.changes.size() == 1);
  CHECK(r.changes[0].forbidden_by == std::vector<std::string>{"test-isolated"});
}

TEST_CASE("diff: an assertion on another port is not broken by the opened flow", "[diff]") {
  Shop before({"203.0.113.0/24"}, false), after({"203.0.113.0/24"}, true);
  AssertionSet set = testNotDb();
  set.assertions[0].flow = testing::tcp(22);
  DiffReport r = diffOf(before.net(), after.net(), set);
  REQUIRE(r.changes.size() == 1);
  CHECK(r.changes[0].forbidden_by.empty());
  CHECK_FALSE(r.forbiddenNewReachability());
}

TEST_CASE("internet ranges: classes of the addresses the rules tell apart", "[diff]") {
  Shop a({"203.0.113.0/24"}, false), b({"0.0.0.0/0", "192.0.2.0/24"}, false);
  std::vector<std::string> notes;
  std::vector<DiffEnd> ends = internetEnds({&a.net(), &b.net()}, notes);
  std::vector<std::string> names;
  for (const DiffEnd& e : ends) names.push_back(e.name);
  CHECK(names == std::vector<std::string>{"the IPv4 internet except 192.0.2.0/24, 203.0.113.0/24",
                                          "192.0.2.0/24", "203.0.113.0/24"});
  CHECK(internetAddressesOf(ends[1]) == IntervalSet::ofCidr(testing::cidrOf("192.0.2.0/24")));
}

TEST_CASE("internet ranges: blocks of a range", "[diff]") {
  auto text = [](const std::string& lo, const std::string& hi) {
    std::string out;
    for (const Cidr& c : blocksOfRange(testing::v4Of(lo), testing::v4Of(hi)))
      out += (out.empty() ? "" : " ") + c.str();
    return out;
  };
  CHECK(text("10.0.0.0", "10.0.0.2") == "10.0.0.0/31 10.0.0.2/32");
  CHECK(text("0.0.0.0", "255.255.255.255") == "0.0.0.0/0");
  CHECK(text("10.0.0.255", "10.0.2.0") == "10.0.0.255/32 10.0.1.0/24 10.0.2.0/32");
}

TEST_CASE("header ranges: text", "[diff]") {
  HeaderRanges h;
  h.tcp = {{22, 22}, {8000, 8080}};
  h.udp = {{0, 65535}};
  h.icmp = true;
  h.other_protocols = {{50, 50}};
  h.sources = {"192.0.2.0/24"};
  CHECK(h.text() == "tcp/22,8000-8080 udp/any icmp protocol 50 from 192.0.2.0/24");
}

}  // namespace
}  // namespace segproof
