// Unknown values end to end through the Analyzer: rules that are possibly
// this wide, possibly absent (OVER and UNDER), and parts of the network left
// out (uncertainties), for check and reach; and the two bounds themselves.
#include "solve/unknowns.h"

#include <catch2/catch.hpp>

#include "graph/network_builder_test_util.h"
#include "solve/reach_test_util.h"
#include "segproof/segproof.h"

namespace segproof {
namespace {

using testing::NetworkBuilder;
using testing::sel;
using testing::tcp;

constexpr Direction kIn = Direction::kIngress;
constexpr Direction kOut = Direction::kEgress;

SourceLocation mainTf(int line, int column) { return {"main.tf", line, column}; }

// A public web server 10.0.1.10 (54.1.1.1) in subnet pub of VPC main, behind
// the default ACL (rule 100 allows everything) and web-sg, which opens
// tcp/443 to the world (main.tf line 5). Helpers add the rules under test,
// each at its own line of main.tf.
struct PublicWeb {
  NetworkBuilder b;
  VpcId vpc = b.vpc("main", "10.0.0.0/16");
  RouteTableId rt = b.routeTable(vpc, "rt-pub");
  SubnetId pub = b.subnet(vpc, "pub", "10.0.1.0/24", rt);
  InternetGatewayId igw = b.igw(vpc, "igw");
  SecurityGroupId web_sg = b.group(vpc, "web-sg");

  PublicWeb() {
    b.route(rt, "0.0.0.0/0", NetworkBuilder::igwTarget(igw));
    b.sgRule(web_sg, kOut, testing::anyTraffic(), NetworkBuilder::cidrPeer("0.0.0.0/0"));
    sgRule(testing::tcpPort(443), 5, {});
    b.iface(pub, "web", "10.0.1.10", {web_sg}, "54.1.1.1");
  }

  // An ingress rule of web-sg from 0.0.0.0/0 written at main.tf:line:3.
  void sgRule(Match match, int line, std::vector<UnknownValue> unknowns) {
    b.sgRule(web_sg, kIn, match, NetworkBuilder::cidrPeer("0.0.0.0/0"));
    SecurityGroupRule& r = b.mutableNetwork().security_groups[web_sg.value].rules.back();
    r.provenance.location = mainTf(line, 3);
    r.unknowns = std::move(unknowns);
  }

  // An inbound rule of the default ACL from 0.0.0.0/0 at main.tf:line:3.
  void aclRule(int number, bool allow, Match match, int line, std::vector<UnknownValue> unknowns) {
    NetworkAclId acl = b.defaultAcl(vpc);
    b.aclRule(acl, number, kIn, allow, match, "0.0.0.0/0");
    for (NetworkAclRule& r : b.mutableNetwork().network_acls[acl.value].rules) {
      if (r.direction != kIn || r.number != number) continue;
      r.provenance.location = mainTf(line, 3);
      r.unknowns = std::move(unknowns);
    }
  }

  void uncertainty(VpcId where) {
    b.mutableNetwork().uncertainties.push_back(
        {{"var.extra_cidr", mainTf(30, 9)}, "subnet aws_subnet.extra is left out", where});
  }

  const Network& net() const { return b.network(); }
};

std::vector<UnknownValue> officeCidr() { return {{"var.office_cidr", mainTf(12, 5)}}; }

AssertionResult unreachable(const Network& net, const std::string& to, FlowSpec flow) {
  Assertion a;
  a.id = "a";
  a.kind = AssertionKind::kUnreachable;
  a.from = {sel("internet")};
  a.to = {sel(to)};
  a.flow = flow;
  Analyzer analyzer(net, {.jobs = 1});
  DiagnosticEngine diags;
  AssertionSet set;
  set.assertions = {a};
  CheckReport report = analyzer.check(set, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  REQUIRE(report.results.size() == 1);
  return report.results.front();
}

AssertionResult reach(const Network& net, FlowSpec flow) {
  Analyzer analyzer(net, {.jobs = 1});
  DiagnosticEngine diags;
  AssertionResult r = analyzer.reach({sel("internet")}, {sel("resource:web")}, flow, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  return r;
}

TEST_CASE("unknowns: a group rule with an unknown CIDR makes the verdict unknown", "[solve]") {
  PublicWeb w;
  w.sgRule(testing::tcpPort(22), 10, officeCidr());
  AssertionResult r = unreachable(w.net(), "resource:web", tcp(22));
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason == "depends on unknown values: var.office_cidr (main.tf:12:5)");
  CHECK(r.witnesses.empty());
  // The rule does not matter to a port it does not open.
  CHECK(unreachable(w.net(), "resource:web", tcp(23)).verdict == Verdict::kHolds);
}

TEST_CASE("unknowns: an ACL that denies the flow anyway proves it over every value", "[solve]") {
  PublicWeb w;
  w.sgRule(testing::tcpPort(22), 10, officeCidr());
  w.aclRule(50, false, testing::tcpPort(22), 20, {});
  AssertionResult r = unreachable(w.net(), "resource:web", tcp(22));
  CHECK(r.verdict == Verdict::kHolds);
  REQUIRE(r.closest);
  CHECK(r.closest->blocked_at.step == "network ACL inbound");
}

TEST_CASE("unknowns: a known rule opening the port too is a certain violation", "[solve]") {
  PublicWeb w;
  w.sgRule(testing::tcpPort(22), 10, officeCidr());
  w.sgRule(testing::tcpPort(22), 11, {});
  AssertionResult r = unreachable(w.net(), "resource:web", tcp(22));
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.witnesses.size() == 1);
  bool known_rule = false;
  for (const PathHop& hop : r.witnesses.front().hops) {
    CHECK(hop.location.line != 10);  // UNDER's witness: never through the unknown rule
    known_rule = known_rule || hop.location.line == 11;
  }
  CHECK(known_rule);
}

TEST_CASE("unknowns: an ACL deny with an unknown CIDR in front of an allow", "[solve]") {
  PublicWeb w;
  w.sgRule(testing::tcpPort(22), 10, {});
  w.aclRule(50, false, testing::tcpPort(22), 20, {{"var.blocked", mainTf(21, 9)}});
  AssertionResult r = unreachable(w.net(), "resource:web", tcp(22));
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason == "depends on unknown values: var.blocked (main.tf:21:9)");
  // An unknown allow behind a known deny changes nothing.
  PublicWeb d;
  d.sgRule(testing::tcpPort(22), 10, {});
  d.aclRule(50, false, testing::tcpPort(22), 20, {});
  d.aclRule(60, true, testing::tcpPort(22), 22, {{"var.allowed", mainTf(23, 9)}});
  CHECK(unreachable(d.net(), "resource:web", tcp(22)).verdict == Verdict::kHolds);
}

TEST_CASE("unknowns: the reason lists at most five unknowns", "[solve]") {
  // OVER's flow passes the ACL whose deny rule it dropped: the reason names
  // that rule's unknowns, five of them.
  PublicWeb w;
  std::vector<UnknownValue> many;
  for (int i = 1; i <= 7; ++i) many.push_back({"var.v" + std::to_string(i), {}});
  w.aclRule(50, false, testing::tcpPort(22), 20, many);
  w.sgRule(testing::tcpPort(22), 10, {});
  AssertionResult r = unreachable(w.net(), "resource:web", tcp(22));
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason == "depends on unknown values: var.v1, var.v2, var.v3, var.v4, var.v5 and 2 more");
}

TEST_CASE("unknowns: a part left out makes proofs unknown, and flows through its VPC", "[solve]") {
  PublicWeb w;
  w.uncertainty(w.vpc);
  AssertionResult proof = unreachable(w.net(), "resource:web", tcp(22));
  CHECK(proof.verdict == Verdict::kUnknown);
  CHECK(
      proof.reason ==
      "the proof does not cover parts left out for unknown values: var.extra_cidr (main.tf:30:9): "
      "subnet aws_subnet.extra is left out");
  AssertionResult flow = unreachable(w.net(), "resource:web", tcp(443));
  CHECK(flow.verdict == Verdict::kUnknown);
  CHECK(flow.reason.rfind("every flow found crosses a VPC with parts left out", 0) == 0);

  // A part left out of another VPC leaves the flow certain.
  PublicWeb other;
  VpcId elsewhere = other.b.vpc("other", "10.9.0.0/16");
  other.uncertainty(elsewhere);
  CHECK(unreachable(other.net(), "resource:web", tcp(443)).verdict == Verdict::kViolated);
  CHECK(unreachable(other.net(), "resource:web", tcp(22)).verdict == Verdict::kUnknown);

  // A part whose VPC is not known could be anywhere.
  PublicWeb nowhere;
  nowhere.uncertainty(VpcId{});
  CHECK(unreachable(nowhere.net(), "resource:web", tcp(443)).verdict == Verdict::kUnknown);
}

TEST_CASE("unknowns: the check report notes unknown values and parts left out", "[solve]") {
  PublicWeb w;
  w.sgRule(testing::tcpPort(22), 10, officeCidr());
  w.uncertainty(w.vpc);
  Analyzer analyzer(w.net(), {.jobs = 1});
  DiagnosticEngine diags;
  CheckReport report = analyzer.check(AssertionSet{}, diags);
  REQUIRE(report.notes.size() == 2);
  CHECK(report.notes[0] ==
        "rules with unknown values count as possibly as wide as written, possibly absent: "
        "var.office_cidr (main.tf:12:5)");
  CHECK(report.notes[1] ==
        "parts of the network are left out for unknown values: var.extra_cidr (main.tf:30:9): "
        "subnet aws_subnet.extra is left out");
}

TEST_CASE("unknowns: reach is true only when certain, false only when proven", "[solve]") {
  PublicWeb w;
  w.sgRule(testing::tcpPort(22), 10, officeCidr());
  w.sgRule(testing::tcpPort(80), 15, {});
  AssertionResult maybe = reach(w.net(), tcp(22));
  CHECK(maybe.verdict == Verdict::kUnknown);  // reachable: null
  CHECK(maybe.reason == "depends on unknown values: var.office_cidr (main.tf:12:5)");
  CHECK(reach(w.net(), tcp(80)).verdict == Verdict::kHolds);
  CHECK(reach(w.net(), tcp(23)).verdict == Verdict::kViolated);

  PublicWeb denied;
  denied.sgRule(testing::tcpPort(22), 10, officeCidr());
  denied.aclRule(50, false, testing::tcpPort(22), 20, {});
  CHECK(reach(denied.net(), tcp(22)).verdict == Verdict::kViolated);

  PublicWeb left_out;
  left_out.uncertainty(left_out.vpc);
  CHECK(reach(left_out.net(), tcp(443)).verdict == Verdict::kUnknown);
  AssertionResult unproven = reach(left_out.net(), tcp(22));
  CHECK(unproven.verdict == Verdict::kUnknown);
  CHECK(unproven.reason.rfind("the proof does not cover parts left out", 0) == 0);
}

TEST_CASE("unknowns: OVER and UNDER drop the rules that may be absent", "[solve]") {
  PublicWeb w;
  CHECK_FALSE(hasUnknownRules(w.net()));
  w.sgRule(testing::tcpPort(22), 10, officeCidr());
  w.aclRule(50, false, testing::tcpPort(22), 20, {{"var.deny", {}}});
  w.aclRule(60, true, testing::tcpPort(23), 21, {{"var.allow", {}}});
  CHECK(hasUnknownRules(w.net()));
  NetworkAclId acl = w.b.defaultAcl(w.vpc);
  auto numbers = [&](const Network& n) {
    std::vector<int> out;
    for (const NetworkAclRule& r : n.at(acl).rules)
      if (r.direction == kIn) out.push_back(r.number);
    return out;
  };
  std::optional<Network> over = overApproximation(w.net());
  REQUIRE(over);
  CHECK(numbers(*over) == std::vector<int>{60, 100});
  CHECK(over->at(w.web_sg).rules.size() == w.net().at(w.web_sg).rules.size());
  Network under = underApproximation(w.net());
  CHECK(numbers(under) == std::vector<int>{50, 100});
  CHECK(under.at(w.web_sg).rules.size() == w.net().at(w.web_sg).rules.size() - 1);

  // Without an unknown deny, the network itself is OVER.
  PublicWeb allow_only;
  allow_only.sgRule(testing::tcpPort(22), 10, officeCidr());
  CHECK_FALSE(overApproximation(allow_only.net()));
}

}  // namespace
}  // namespace segproof
