#include "encode/z3_encoder.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>

#include "encode/acl_test_util.h"

namespace segproof {
namespace {

using testing::cidrOf;
using testing::makePacket;
using testing::v4Of;

constexpr unsigned kTimeoutMs = 20000;

Cube cubeOf(std::initializer_list<std::pair<Field, IntervalSet>> fields) {
  Cube c;
  for (const auto& [f, values] : fields) c.set(f, values);
  return c;
}

HeaderSet setOf(std::initializer_list<std::pair<Field, IntervalSet>> fields) {
  return HeaderSet(cubeOf(fields));
}

HeaderSet pointSet(const Packet& p) {
  Cube c;
  for (int f = 0; f < kFieldCount; ++f)
    c.set(static_cast<Field>(f), IntervalSet::point(p.fields[f]));
  return HeaderSet(c);
}

Guard exactGuard(HeaderSet set, int version = 0) {
  Guard g;
  g.version = version;
  g.set = std::move(set);
  return g;
}

Guard linesGuard(std::vector<AclLine> lines, bool reply, int version = 0) {
  Guard g;
  g.version = version;
  g.exact = false;
  g.lines = std::move(lines);
  g.reply = reply;
  g.set = HeaderSet::all();  // the interval check's over-approximation: unused by Z3
  return g;
}

// The ACL's rules of one direction as first-match lines, built here from the
// rules (not by compileAcl).
std::vector<AclLine> linesOf(const NetworkAcl& acl, Direction d) {
  std::vector<AclLine> lines;
  for (const NetworkAclRule& r : acl.rules) {
    if (r.direction != d) continue;
    Cube c = matchCube(r.match);
    c.set(d == Direction::kIngress ? Field::kSrcIp : Field::kDstIp,
          r.cidr.isV4() ? IntervalSet::ofCidr(r.cidr) : IntervalSet());
    lines.push_back({c, r.allow});
  }
  return lines;
}

PathFormula formulaOf(HeaderSet initial, std::vector<Guard> guards) {
  PathFormula f;
  f.initial = std::move(initial);
  f.guards = std::move(guards);
  return f;
}

bool inGuard(const Guard& g, const Packet& p) {
  if (g.exact) return g.set.contains(p);
  const Packet& q = g.reply ? swapped(p) : p;
  if (g.reply && p[Field::kProtocol] != kTcp) return true;
  for (const AclLine& line : g.lines)
    if (line.cube.contains(q)) return line.allow;
  return false;
}

const HeaderSet& tcpHeaders() {
  static const HeaderSet s = wellFormedHeaders(IntervalSet::range(1024, 65535))
                                 .intersect(cubeOf({{Field::kProtocol, IntervalSet::point(kTcp)}}));
  return s;
}

TEST_CASE("PathSolver: a satisfiable formula gives a witness inside every guard", "[encode]") {
  z3::context ctx;
  PathSolver solver(ctx, kTimeoutMs);
  PathFormula f =
      formulaOf(tcpHeaders(),
                {exactGuard(setOf({{Field::kDstIp, IntervalSet::ofCidr(cidrOf("10.0.0.0/24"))}})),
                 exactGuard(setOf({{Field::kDstPort, IntervalSet::range(22, 25)}})),
                 exactGuard(setOf({{Field::kSrcIp, IntervalSet::ofCidr(cidrOf("1.2.3.0/24"))},
                                   {Field::kSrcPort, IntervalSet::range(60000, 60010)}}))});
  PathSolver::Outcome o = solver.check(f);
  REQUIRE(o.status == PathSolver::Status::kSat);
  REQUIRE(o.versions.size() == 1);
  const Packet& w = o.versions[0];
  CHECK(f.initial.contains(w));
  for (const Guard& g : f.guards) CHECK(g.set.contains(w));
  CHECK(solver.calls() >= 1);
}

TEST_CASE("PathSolver: the witness does not depend on what the solver did before", "[encode]") {
  // Each analyzer worker reuses one context and solver for whatever pairs it
  // gets, so a witness that depended on history would depend on scheduling.
  std::mt19937 rng(17);
  std::vector<PathFormula> formulas;
  for (int i = 0; i < 12; ++i) {
    NetworkAcl acl = testing::randomAcl(rng, 5);
    Guard lines = linesGuard(linesOf(acl, Direction::kIngress), testing::coin(rng));
    int lo = testing::between(rng, 0, 60000);
    Guard ports =
        exactGuard(setOf({{Field::kDstPort, IntervalSet::range(static_cast<uint64_t>(lo),
                                                               static_cast<uint64_t>(lo) + 500)}}));
    formulas.push_back(
        formulaOf(wellFormedHeaders(IntervalSet::range(1024, 65535)), {ports, lines}));
  }
  std::vector<WitnessPreference> prefs = {{Field::kSrcPort, IntervalSet::point(49152)}};
  z3::context fresh_ctx;
  std::vector<PathSolver::Outcome> fresh;
  for (const PathFormula& f : formulas) {
    PathSolver solver(fresh_ctx, kTimeoutMs);  // a new solver for each formula
    fresh.push_back(solver.check(f, prefs));
  }
  z3::context used_ctx;
  PathSolver used(used_ctx, kTimeoutMs);
  for (size_t i = formulas.size(); i-- > 0;) {  // in the other order, one solver
    PathSolver::Outcome o = used.check(formulas[i], prefs);
    INFO("formula " << i);
    REQUIRE(o.status == fresh[i].status);
    CHECK(o.versions == fresh[i].versions);
  }
}

TEST_CASE("PathSolver: contradicting guards are unsatisfiable", "[encode]") {
  z3::context ctx;
  PathSolver solver(ctx, kTimeoutMs);
  PathFormula f =
      formulaOf(tcpHeaders(), {exactGuard(setOf({{Field::kDstPort, IntervalSet::range(22, 25)}})),
                               exactGuard(setOf({{Field::kDstPort, IntervalSet::range(26, 80)}}))});
  CHECK(solver.check(f).status == PathSolver::Status::kUnsat);
  // An empty guard set, and an empty initial set.
  CHECK(solver.check(formulaOf(tcpHeaders(), {exactGuard(HeaderSet())})).status ==
        PathSolver::Status::kUnsat);
  CHECK(solver.check(formulaOf(HeaderSet(), {})).status == PathSolver::Status::kUnsat);
  // TCP headers with ICMP fields set are not well formed.
  CHECK(solver
            .check(formulaOf(tcpHeaders(),
                             {exactGuard(setOf({{Field::kIcmpType, IntervalSet::point(8)}}))}))
            .status == PathSolver::Status::kUnsat);
  // The solver is left as found: a satisfiable formula still is.
  CHECK(solver.check(formulaOf(tcpHeaders(), {})).status == PathSolver::Status::kSat);
}

// SEGPROOF_ACL_ROUNDS sets the number of random ACLs (default 120; the
// sanitizer runs take fewer: Makefile).
int aclRounds() {
  const char* text = std::getenv("SEGPROOF_ACL_ROUNDS");
  return text == nullptr || *text == '\0' ? 120 : std::atoi(text);
}

TEST_CASE("PathSolver: first-match lines encode first match exactly (random ACLs)", "[encode]") {
  z3::context ctx;
  PathSolver solver(ctx, kTimeoutMs);
  std::mt19937 rng(99);
  for (int round = 0, rounds = aclRounds(); round < rounds; ++round) {
    NetworkAcl acl = testing::randomAcl(rng, 6);
    for (Direction d : {Direction::kIngress, Direction::kEgress}) {
      std::vector<AclLine> lines = linesOf(acl, d);
      CompiledAcl exact = compileAcl(acl, d);
      REQUIRE(exact.exact);
      CompiledAcl budget = compileAcl(acl, d, 1);
      if (!budget.exact) {
        // compileAcl's own lines, when it keeps them, are these lines.
        std::vector<AclLine> nonempty;
        for (const AclLine& l : lines)
          if (!l.cube.empty()) nonempty.push_back(l);
        REQUIRE(budget.lines.size() == nonempty.size());
        for (size_t i = 0; i < nonempty.size(); ++i) {
          CHECK(budget.lines[i].cube == nonempty[i].cube);
          CHECK(budget.lines[i].allow == nonempty[i].allow);
        }
      }
      for (int i = 0; i < 8; ++i) {
        Packet p = testing::randomPacket(rng);
        bool allowed = testing::referenceAclAllows(acl, d, p);
        INFO("round " << round << " packet " << i << " allowed " << allowed);
        REQUIRE(exact.allowed.contains(p) == allowed);
        PathSolver::Status fwd =
            solver.check(formulaOf(pointSet(p), {linesGuard(lines, false)})).status;
        CHECK(fwd == (allowed ? PathSolver::Status::kSat : PathSolver::Status::kUnsat));
        bool reply_ok =
            p[Field::kProtocol] != kTcp || testing::referenceAclAllows(acl, d, swapped(p));
        PathSolver::Status rep =
            solver.check(formulaOf(pointSet(p), {linesGuard(lines, true)})).status;
        CHECK(rep == (reply_ok ? PathSolver::Status::kSat : PathSolver::Status::kUnsat));
      }
    }
  }
}

TEST_CASE("PathSolver: line guards mixed with set guards agree with the interval computation",
          "[encode]") {
  z3::context ctx;
  PathSolver solver(ctx, kTimeoutMs);
  std::mt19937 rng(5);
  int sat = 0, unsat = 0;
  for (int round = 0; round < 150; ++round) {
    NetworkAcl acl = testing::randomAcl(rng, 5);
    Direction d = testing::coin(rng) ? Direction::kIngress : Direction::kEgress;
    bool reply = testing::coin(rng);
    // A random question: protocol and a destination port range.
    int protocol = testing::pick(rng, std::vector<int>{kTcp, kUdp, kIcmp, 50});
    int lo = testing::between(rng, 0, 2000);
    HeaderSet initial =
        wellFormedHeaders(IntervalSet::range(1024, 65535))
            .intersect(
                cubeOf({{Field::kProtocol, IntervalSet::point(static_cast<uint64_t>(protocol))}}));
    Guard ports =
        exactGuard(setOf({{Field::kDstPort, IntervalSet::range(static_cast<uint64_t>(lo),
                                                               static_cast<uint64_t>(lo + 30))}}));
    if (protocol != kTcp && protocol != kUdp) ports = exactGuard(HeaderSet::all());
    std::string block = testing::pick(
        rng, std::vector<std::string>{"0.0.0.0/0", "10.0.0.0/8", "1.2.3.0/24", "10.0.1.7/32"});
    Guard addresses = exactGuard(setOf({{Field::kSrcIp, IntervalSet::ofCidr(cidrOf(block))}}));
    Guard acl_guard = linesGuard(linesOf(acl, d), reply);
    PathFormula f = formulaOf(initial, {ports, addresses, acl_guard});
    HeaderSet allowed = compileAcl(acl, d).allowed;
    HeaderSet expected = initial.intersect(ports.set)
                             .intersect(addresses.set)
                             .intersect(reply ? tcpReplyGuard(allowed) : allowed);
    PathSolver::Outcome o = solver.check(f);
    INFO("round " << round);
    REQUIRE(o.status != PathSolver::Status::kUnknown);
    CHECK((o.status == PathSolver::Status::kSat) == !expected.empty());
    if (o.status == PathSolver::Status::kSat) {
      ++sat;
      const Packet& w = o.versions[0];
      CHECK(expected.contains(w));
      for (const Guard& g : f.guards) CHECK(inGuard(g, w));
    } else {
      ++unsat;
    }
  }
  CHECK(sat > 10);
  CHECK(unsat > 10);
}

TEST_CASE("PathSolver: rewrites relate consecutive versions", "[encode]") {
  z3::context ctx;
  PathSolver solver(ctx, kTimeoutMs);
  Packet sent = makePacket("10.0.1.5", "8.8.8.8", kTcp, 40000, 443);
  Rewrite nat = Rewrite::sourceNat(IntervalSet::point(v4Of("10.0.0.9")), IntervalSet::range(1024, 2000));
  nat.version = 1;
  PathFormula f = formulaOf(pointSet(sent), {});
  f.rewrites.push_back(nat);
  f.versions = 2;
  PathSolver::Outcome o = solver.check(f);
  REQUIRE(o.status == PathSolver::Status::kSat);
  REQUIRE(o.versions.size() == 2);
  CHECK(o.versions[0] == sent);
  const Packet& after = o.versions[1];
  CHECK(after[Field::kSrcIp] == v4Of("10.0.0.9"));
  CHECK(after[Field::kSrcPort] >= 1024);
  CHECK(after[Field::kSrcPort] <= 2000);
  for (Field same :
       {Field::kDstIp, Field::kProtocol, Field::kDstPort, Field::kIcmpType, Field::kIcmpCode})
    CHECK(after[same] == sent[same]);
  // A guard on version 1 sees the rewritten header, one on version 0 the original.
  auto with = [&](Guard g) {
    PathFormula h = f;
    h.guards.push_back(std::move(g));
    return solver.check(h).status;
  };
  CHECK(with(exactGuard(setOf({{Field::kSrcIp, IntervalSet::point(v4Of("10.0.0.9"))}}), 1)) ==
        PathSolver::Status::kSat);
  CHECK(with(exactGuard(setOf({{Field::kSrcIp, IntervalSet::point(v4Of("10.0.1.5"))}}), 1)) ==
        PathSolver::Status::kUnsat);
  CHECK(with(exactGuard(setOf({{Field::kSrcIp, IntervalSet::point(v4Of("10.0.1.5"))}}), 0)) ==
        PathSolver::Status::kSat);
  CHECK(with(exactGuard(setOf({{Field::kSrcPort, IntervalSet::point(50000)}}), 1)) ==
        PathSolver::Status::kUnsat);
  CHECK(with(exactGuard(setOf({{Field::kSrcPort, IntervalSet::point(1500)}}), 1)) ==
        PathSolver::Status::kSat);
  CHECK(with(exactGuard(setOf({{Field::kDstPort, IntervalSet::point(443)}}), 1)) ==
        PathSolver::Status::kSat);
  // Reply lines on version 1: the reply goes to the rewritten address and port.
  std::vector<AclLine> back = {{cubeOf({{Field::kDstIp, IntervalSet::point(v4Of("10.0.0.9"))},
                                        {Field::kDstPort, IntervalSet::range(1024, 1100)}}),
                                true}};
  PathSolver::Outcome r = [&] {
    PathFormula h = f;
    h.guards.push_back(linesGuard(back, true, 1));
    return solver.check(h);
  }();
  REQUIRE(r.status == PathSolver::Status::kSat);
  CHECK(r.versions[1][Field::kSrcPort] <= 1100);
  std::vector<AclLine> back_to_original = {
      {cubeOf({{Field::kDstIp, IntervalSet::point(v4Of("10.0.1.5"))}}), true}};
  CHECK(with(linesGuard(back_to_original, true, 1)) == PathSolver::Status::kUnsat);
}

TEST_CASE("PathSolver: rewrites keep the source port of ICMP", "[encode]") {
  z3::context ctx;
  PathSolver solver(ctx, kTimeoutMs);
  PathFormula f = formulaOf(pointSet(makePacket("10.0.1.5", "8.8.8.8", kIcmp, 0, 0, 8, 0)), {});
  Rewrite nat = Rewrite::sourceNat(IntervalSet::point(v4Of("10.0.0.9")), IntervalSet::range(1024, 65535));
  nat.version = 1;
  f.rewrites.push_back(nat);
  f.versions = 2;
  PathSolver::Outcome o = solver.check(f);
  REQUIRE(o.status == PathSolver::Status::kSat);
  CHECK(o.versions[1] == makePacket("10.0.0.9", "8.8.8.8", kIcmp, 0, 0, 8, 0));
  f.guards.push_back(exactGuard(setOf({{Field::kSrcPort, IntervalSet::range(1024, 65535)}}), 1));
  CHECK(solver.check(f).status == PathSolver::Status::kUnsat);
}

TEST_CASE("PathSolver: distinct endpoints forbid sending to oneself", "[encode]") {
  z3::context ctx;
  PathSolver solver(ctx, kTimeoutMs);
  HeaderSet both = tcpHeaders().intersect(
      cubeOf({{Field::kSrcIp, IntervalSet::point(v4Of("10.0.0.5"))},
              {Field::kDstIp, IntervalSet::range(v4Of("10.0.0.5"), v4Of("10.0.0.6"))}}));
  PathFormula f = formulaOf(both, {});
  f.distinct_endpoints = true;
  PathSolver::Outcome o = solver.check(f);
  REQUIRE(o.status == PathSolver::Status::kSat);
  CHECK(o.versions[0][Field::kDstIp] == v4Of("10.0.0.6"));
  PathFormula self = formulaOf(
      tcpHeaders().intersect(cubeOf({{Field::kSrcIp, IntervalSet::point(v4Of("10.0.0.5"))},
                                     {Field::kDstIp, IntervalSet::point(v4Of("10.0.0.5"))}})),
      {});
  CHECK(solver.check(self).status == PathSolver::Status::kSat);
  self.distinct_endpoints = true;
  CHECK(solver.check(self).status == PathSolver::Status::kUnsat);
}

TEST_CASE("PathSolver: preferences are honoured when possible and dropped when not", "[encode]") {
  z3::context ctx;
  PathSolver solver(ctx, kTimeoutMs);
  PathFormula f =
      formulaOf(tcpHeaders(),
                {exactGuard(setOf({{Field::kDstPort, IntervalSet::range(20, 30)}})),
                 exactGuard(setOf({{Field::kSrcIp, IntervalSet::ofCidr(cidrOf("1.2.3.0/24"))}}))});
  WitnessPreference port25{Field::kDstPort, IntervalSet::point(25)};
  WitnessPreference port80{Field::kDstPort, IntervalSet::point(80)};
  WitnessPreference src{Field::kSrcIp, IntervalSet::point(v4Of("1.2.3.77"))};
  WitnessPreference far_src{Field::kSrcIp, IntervalSet::point(v4Of("203.0.113.10"))};
  WitnessPreference sport{Field::kSrcPort, IntervalSet::point(49152)};

  PathSolver::Outcome o = solver.check(f, {port25, src, sport});
  REQUIRE(o.status == PathSolver::Status::kSat);
  CHECK(o.versions[0][Field::kDstPort] == 25);
  CHECK(o.versions[0][Field::kSrcIp] == v4Of("1.2.3.77"));
  CHECK(o.versions[0][Field::kSrcPort] == 49152);

  o = solver.check(f, {port80, far_src, sport});
  REQUIRE(o.status == PathSolver::Status::kSat);
  CHECK(o.versions[0][Field::kDstPort] >= 20);
  CHECK(o.versions[0][Field::kDstPort] <= 30);
  CHECK(cidrOf("1.2.3.0/24")
            .contains(IpAddress::v4(static_cast<uint32_t>(o.versions[0][Field::kSrcIp]))));
  CHECK(o.versions[0][Field::kSrcPort] == 49152);  // the possible wish survives

  o = solver.check(f, {port80, src});
  REQUIRE(o.status == PathSolver::Status::kSat);
  CHECK(o.versions[0][Field::kSrcIp] == v4Of("1.2.3.77"));

  // Two wishes that are each possible but not together: the answer stays sat
  // (which of them survives, if any, is the next test's subject).
  WitnessPreference port21{Field::kDstPort, IntervalSet::point(21)};
  o = solver.check(f, {port25, port21, src});
  REQUIRE(o.status == PathSolver::Status::kSat);
  CHECK(o.versions[0][Field::kDstPort] >= 20);
  CHECK(o.versions[0][Field::kDstPort] <= 30);
  CHECK(o.versions[0][Field::kSrcIp] == v4Of("1.2.3.77"));  // not in the conflict: kept

  // Wishes never make an unsatisfiable formula satisfiable.
  PathFormula none = f;
  none.guards.push_back(exactGuard(setOf({{Field::kDstPort, IntervalSet::point(80)}})));
  CHECK(solver.check(none, {port80}).status == PathSolver::Status::kUnsat);
  CHECK(solver.check(none, {port25, sport}).status == PathSolver::Status::kUnsat);
  // And leave the solver as found.
  CHECK(solver.check(f).status == PathSolver::Status::kSat);
}

// Known limitation (reported): check() drops every wish of the unsat core, so
// two wishes that are each possible but not together are both dropped,
// although the contract says a wish is honoured "when the formula allows it".
TEST_CASE("PathSolver: of two wishes possible alone but not together, one survives",
          "[encode]") {
  z3::context ctx;
  PathSolver solver(ctx, kTimeoutMs);
  PathFormula f =
      formulaOf(tcpHeaders(), {exactGuard(setOf({{Field::kDstPort, IntervalSet::range(20, 30)}}))});
  WitnessPreference port25{Field::kDstPort, IntervalSet::point(25)};
  WitnessPreference port21{Field::kDstPort, IntervalSet::point(21)};
  PathSolver::Outcome o = solver.check(f, {port25, port21});
  REQUIRE(o.status == PathSolver::Status::kSat);
  CHECK((o.versions[0][Field::kDstPort] == 25 || o.versions[0][Field::kDstPort] == 21));
}

TEST_CASE("PathSolver::firstBlockingGuard names the guard that closes the formula", "[encode]") {
  z3::context ctx;
  PathSolver solver(ctx, kTimeoutMs);
  Guard g0 = exactGuard(setOf({{Field::kDstPort, IntervalSet::range(20, 30)}}));
  Guard g1 = exactGuard(setOf({{Field::kSrcIp, IntervalSet::ofCidr(cidrOf("1.2.3.0/24"))}}));
  Guard g2 = exactGuard(setOf({{Field::kDstPort, IntervalSet::range(31, 40)}}));  // contradicts g0
  Guard g3 = exactGuard(HeaderSet());
  CHECK(solver.firstBlockingGuard(formulaOf(tcpHeaders(), {g0, g1, g2, g3})) == 3);
  CHECK(solver.firstBlockingGuard(formulaOf(tcpHeaders(), {g0, g1})) == 3);  // never: size + 1
  CHECK(solver.firstBlockingGuard(formulaOf(tcpHeaders(), {g3, g0})) == 1);
  CHECK(solver.firstBlockingGuard(formulaOf(tcpHeaders(), {})) == 1);
  // A line guard that denies everything the earlier guards let through.
  std::vector<AclLine> deny_ssh = {
      {cubeOf({{Field::kDstPort, IntervalSet::range(0, 1000)}}), false}, {Cube(), true}};
  CHECK(solver.firstBlockingGuard(formulaOf(tcpHeaders(), {g0, g1, linesGuard(deny_ssh, false)})) ==
        3);
  // The same lines as a reply guard look at the reply's destination port,
  // which is the ephemeral source port: it passes.
  CHECK(solver.firstBlockingGuard(formulaOf(tcpHeaders(), {g0, g1, linesGuard(deny_ssh, true)})) ==
        4);
  // Blocking after a rewrite, on version 1.
  PathFormula f =
      formulaOf(tcpHeaders(), {g0, exactGuard(setOf({{Field::kSrcIp, IntervalSet::point(7)}}), 1)});
  Rewrite r = Rewrite::sourceNat(IntervalSet::point(v4Of("10.0.0.9")), IntervalSet::range(1024, 65535));
  r.version = 1;
  f.rewrites.push_back(r);
  f.versions = 2;
  CHECK(solver.firstBlockingGuard(f) == 2);
  // The solver is left as found.
  CHECK(solver.check(formulaOf(tcpHeaders(), {g0, g1})).status == PathSolver::Status::kSat);
}

// BUG (reported): when the base (initial set, distinct endpoints, rewrites)
// is already unsatisfiable, the contract's answer is 0 guards, but
// firstBlockingGuard() only checks after adding each guard and returns 1,
// blaming the first hop (the source's security group) for "an interface does
// not send to itself".
TEST_CASE("PathSolver::firstBlockingGuard is 0 when the base is unsatisfiable",
          "[encode]") {
  z3::context ctx;
  PathSolver solver(ctx, kTimeoutMs);
  PathFormula self = formulaOf(
      tcpHeaders().intersect(cubeOf({{Field::kSrcIp, IntervalSet::point(v4Of("10.0.0.5"))},
                                     {Field::kDstIp, IntervalSet::point(v4Of("10.0.0.5"))}})),
      {exactGuard(HeaderSet::all())});
  self.distinct_endpoints = true;
  REQUIRE(solver.check(self).status == PathSolver::Status::kUnsat);
  CHECK(solver.firstBlockingGuard(self) == 0);
}

}  // namespace
}  // namespace segproof
