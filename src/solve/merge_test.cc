// Merging shard reports (merge.h) with hand-made shards: the verdict, counts,
// witnesses, closest path and reason of one run, qualification after the
// merge, and every kind of mismatched shard refused without a partial merge.
#include "solve/merge.h"

#include <catch2/catch.hpp>

namespace segproof {
namespace {

enum class Got { kProof, kFlow, kUnknown };

Witness witness(const std::string& name) {
  Witness w;
  w.source = name;
  w.destination = "db";
  return w;
}

BlockedExplanation blocked(const std::string& name) {
  BlockedExplanation b;
  b.source = name;
  b.destination = "db";
  return b;
}

// One shard's unqualified result of an `unreachable` (or `reachable`)
// assertion that checked `pairs` pairs.
AssertionResult result(Got got, size_t pairs, AssertionKind kind = AssertionKind::kUnreachable) {
  AssertionResult r;
  r.assertion.id = "a1";
  r.assertion.kind = kind;
  bool positive = kind == AssertionKind::kReachable;
  r.verdict = got == Got::kUnknown              ? Verdict::kUnknown
              : (got == Got::kFlow) == positive ? Verdict::kHolds
                                                : Verdict::kViolated;
  r.pairs_checked = pairs;
  r.paths_explored = 2 * pairs;
  r.solver_calls = pairs;
  if (got == Got::kFlow) r.flows = 1;
  if (pairs == 0) r.reason = "no endpoint matches the assertion's selectors";
  return r;
}

// Shard `index` (0-based) of `count`, with one result per assertion.
ShardReport shard(int index, int count, std::vector<AssertionResult> results) {
  ShardReport s;
  s.name = "shard" + std::to_string(index + 1) + ".json";
  s.max_witnesses = 5;
  s.run = "segproof 0.1.0";
  s.report.inputs = {"network.yaml"};
  s.report.results = std::move(results);
  ShardInfo info;
  info.index = index;
  info.count = count;
  info.subproblems = 4;
  info.subproblems_total = 4 * static_cast<size_t>(count);
  s.report.shard = info;
  return s;
}

AssertionResult merged(std::vector<ShardReport> shards) {
  MergeResult m = mergeShards(std::move(shards));
  INFO(m.error);
  REQUIRE(m.report);
  REQUIRE(m.report->results.size() == 1);
  CHECK_FALSE(m.report->shard);
  return m.report->results.front();
}

TEST_CASE("merge: a flow in any shard decides the verdict and counts add up", "[merge]") {
  AssertionResult a = result(Got::kProof, 3), b = result(Got::kFlow, 2),
                  c = result(Got::kUnknown, 1);
  c.reason = "the solver gave up (timeout)";
  AssertionResult r = merged({shard(0, 3, {a}), shard(1, 3, {b}), shard(2, 3, {c})});
  CHECK(r.verdict == Verdict::kViolated);
  CHECK(r.flows == 1);
  CHECK(r.pairs_checked == 6);
  CHECK(r.paths_explored == 12);
  CHECK(r.solver_calls == 6);

  AssertionResult reach =
      merged({shard(0, 2, {result(Got::kUnknown, 1, AssertionKind::kReachable)}),
              shard(1, 2, {result(Got::kFlow, 1, AssertionKind::kReachable)})});
  CHECK(reach.verdict == Verdict::kHolds);
}

TEST_CASE("merge: without a flow an unknown shard makes the verdict unknown", "[merge]") {
  AssertionResult a = result(Got::kProof, 3), b = result(Got::kUnknown, 2),
                  c = result(Got::kUnknown, 1);
  a.reason = "the only candidate source and destination are the same interface";
  b.reason = "the solver gave up (timeout)";
  c.reason = "the solver gave up (memory)";
  AssertionResult r = merged({shard(2, 3, {c}), shard(0, 3, {a}), shard(1, 3, {b})});
  CHECK(r.verdict == Verdict::kUnknown);
  // The first unknown's reason replaces a note, later unknowns do not.
  CHECK(r.reason == "the solver gave up (timeout)");

  AssertionResult proofs = merged({shard(0, 2, {result(Got::kProof, 1)}), shard(1, 2, {a})});
  CHECK(proofs.verdict == Verdict::kHolds);
  CHECK(proofs.reason == a.reason);
}

TEST_CASE("merge: a later internal error's reason replaces the first unknown's", "[merge]") {
  AssertionResult a = result(Got::kUnknown, 1), b = result(Got::kUnknown, 1);
  a.reason = "the solver gave up (timeout)";
  b.reason = "internal error: the interval check and Z3 disagree";
  b.internal_errors = {b.reason};
  AssertionResult r = merged({shard(0, 2, {a}), shard(1, 2, {b})});
  CHECK(r.reason == b.reason);
  CHECK(r.internal_errors == std::vector<std::string>{b.reason});
}

TEST_CASE("merge: a shard with none of an assertion's sub-problems adds nothing", "[merge]") {
  AssertionResult none = result(Got::kProof, 0), some = result(Got::kProof, 2);
  some.closest = blocked("web");
  AssertionResult r = merged({shard(0, 3, {none}), shard(1, 3, {some}), shard(2, 3, {none})});
  CHECK(r.verdict == Verdict::kHolds);
  CHECK(r.reason.empty());
  CHECK(r.pairs_checked == 2);
  REQUIRE(r.closest);
  CHECK(r.closest->source == "web");

  AssertionResult empty = merged({shard(0, 2, {none}), shard(1, 2, {none})});
  CHECK(empty.verdict == Verdict::kHolds);
  CHECK(empty.reason == "no endpoint matches the assertion's selectors");
}

TEST_CASE("merge: the closest path is the first of the strictly greatest depth", "[merge]") {
  auto at = [](const std::string& name, size_t depth) {
    AssertionResult r = result(Got::kProof, 1);
    r.closest = blocked(name);
    r.closest_depth = depth;
    return r;
  };
  AssertionResult tie =
      merged({shard(0, 3, {at("a", 3)}), shard(1, 3, {at("b", 3)}), shard(2, 3, {at("c", 2)})});
  REQUIRE(tie.closest);
  CHECK(tie.closest->source == "a");
  CHECK(tie.closest_depth == 3);
  AssertionResult deeper =
      merged({shard(0, 3, {at("a", 3)}), shard(1, 3, {at("b", 4)}), shard(2, 3, {at("c", 4)})});
  REQUIRE(deeper.closest);
  CHECK(deeper.closest->source == "b");
  // A flow found anywhere leaves no closest path.
  AssertionResult dropped =
      merged({shard(0, 2, {at("a", 3)}), shard(1, 2, {result(Got::kFlow, 1)})});
  CHECK(dropped.verdict == Verdict::kViolated);
  CHECK_FALSE(dropped.closest);
  CHECK(dropped.closest_depth == 0);
  // A shard's first closest path, even at depth 0, beats none.
  AssertionResult shallow =
      merged({shard(0, 2, {result(Got::kProof, 1)}), shard(1, 2, {at("z", 0)})});
  REQUIRE(shallow.closest);
  CHECK(shallow.closest->source == "z");
}

TEST_CASE("merge: witnesses are the first of the shards up to the limit", "[merge]") {
  AssertionResult a = result(Got::kFlow, 1), b = result(Got::kFlow, 3), c = result(Got::kFlow, 2);
  a.witnesses = {witness("a1")};
  b.witnesses = {witness("b1"), witness("b2")};
  c.witnesses = {witness("c1"), witness("c2")};
  std::vector<ShardReport> shards = {shard(0, 3, {a}), shard(1, 3, {b}), shard(2, 3, {c})};
  for (ShardReport& s : shards) s.max_witnesses = 2;
  AssertionResult r = merged(shards);
  REQUIRE(r.witnesses.size() == 2);
  CHECK(r.witnesses[0].source == "a1");
  CHECK(r.witnesses[1].source == "b1");
  CHECK(r.flows == 3);
}

TEST_CASE("merge: results are qualified after merging", "[merge]") {
  std::vector<ShardReport> shards = {shard(0, 2, {result(Got::kProof, 1)}),
                                     shard(1, 2, {result(Got::kProof, 1)})};
  for (ShardReport& s : shards) s.report.shard->ipv6 = "load balancer web is dual-stack";
  AssertionResult v6 = merged(shards);
  CHECK(v6.verdict == Verdict::kUnknown);
  CHECK(v6.reason == "the proof does not cover IPv6 that segproof does not analyse: load balancer web "
                     "is dual-stack");

  AssertionResult uncertain_flow = result(Got::kFlow, 1);
  uncertain_flow.witnesses = {witness("w")};
  shards = {shard(0, 2, {result(Got::kProof, 1)}), shard(1, 2, {uncertain_flow})};
  for (ShardReport& s : shards) s.report.shard->uncertain_parts = "var.cidr: route 1 is left out";
  AssertionResult r = merged(shards);
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.witnesses.empty());
  CHECK(r.reason.find("var.cidr: route 1 is left out") != std::string::npos);

  // A certain flow in any shard keeps the violation.
  shards[0].report.results[0] = result(Got::kFlow, 1);
  shards[0].report.results[0].certain_flow = true;
  CHECK(merged(shards).verdict == Verdict::kViolated);
}

TEST_CASE("merge: notes are the union in order and internal errors are listed per assertion",
          "[merge]") {
  std::vector<ShardReport> shards = {shard(0, 2, {result(Got::kProof, 1)}),
                                     shard(1, 2, {result(Got::kProof, 1)})};
  shards[0].report.notes = {"IPv6 is not analysed yet", "b"};
  shards[1].report.notes = {"c", "IPv6 is not analysed yet"};
  shards[0].report.results[0].internal_errors = {"e1"};
  shards[1].report.results[0].internal_errors = {"e2"};
  shards[0].report.seconds = 1.5;
  shards[1].report.seconds = 2;
  MergeResult m = mergeShards(shards);
  REQUIRE(m.report);
  CHECK(m.report->notes == std::vector<std::string>{"IPv6 is not analysed yet", "b", "c"});
  CHECK(m.report->internal_errors == std::vector<std::string>{"a1: e1", "a1: e2"});
  CHECK(m.report->seconds == 3.5);
}

TEST_CASE("merge: a single unsharded report merges to itself", "[merge]") {
  ShardReport whole = shard(0, 1, {result(Got::kFlow, 2)});
  whole.report.shard.reset();
  whole.report.results[0].reason = "as reported";
  MergeResult m = mergeShards({whole});
  REQUIRE(m.report);
  CHECK(m.report->results[0].reason == "as reported");
  CHECK(m.report->results[0].verdict == Verdict::kViolated);
}

// The error of merging `shards`, which must fail.
std::string refusal(std::vector<ShardReport> shards) {
  MergeResult m = mergeShards(std::move(shards));
  CHECK_FALSE(m.report);
  return m.error;
}

TEST_CASE("merge: shards that are not one run's are refused", "[merge]") {
  auto two = [] {
    return std::vector<ShardReport>{shard(0, 2, {result(Got::kProof, 1)}),
                                    shard(1, 2, {result(Got::kProof, 1)})};
  };
  std::vector<ShardReport> s = two();
  s.pop_back();
  CHECK(refusal(s) == "shard 2/2 is missing (every shard 1/2 to 2/2 is needed)");

  s = two();
  s[1] = shard(0, 2, {result(Got::kProof, 1)});
  s[1].name = "again.json";
  CHECK(refusal(s) == "again.json: shard 1/2 is given twice (also shard1.json)");

  s = two();
  s[1] = shard(1, 3, {result(Got::kProof, 1)});
  CHECK(refusal(s) ==
        "shard2.json: shard 2/3, but shard1.json is shard 1/2: the shards are of different splits");

  s = two();
  s[1].report.shard.reset();
  CHECK(refusal(s).rfind("shard2.json: not a shard result", 0) == 0);

  s = two();
  s[1].run = "segproof 0.2.0";
  CHECK(refusal(s) ==
        "shard2.json: not a shard of the same run as shard1.json: the segproof "
        "version, the options or the input files' contents differ (compare the "
        "\"tool\" and \"shard\" objects)");

  s = two();
  s[1].report.inputs = {"other.yaml"};
  CHECK(refusal(s) == "shard2.json: not a shard of the same run as shard1.json: the inputs differ");

  s = two();
  s[1].report.results[0].assertion.id = "b2";
  CHECK(refusal(s) ==
        "shard2.json: not a shard of the same run as shard1.json: assertion 1 ('b2') "
        "differs from 'a1'");

  s = two();
  s[0].report.results.push_back(result(Got::kProof, 1));
  CHECK(refusal(s) ==
        "shard2.json: not a shard of the same run as shard1.json: it has 1 "
        "assertions, not 2");

  s = two();
  s[1].report.results[0].controls = {{"PCI DSS v4.0", "1.3.1", "Inbound traffic", "evidences"}};
  CHECK(refusal(s) ==
        "shard2.json: not a shard of the same run as shard1.json: the controls of "
        "assertion 'a1' differ");

  s = two();
  s[1].max_witnesses = 3;
  CHECK(refusal(s) ==
        "shard2.json: not a shard of the same run as shard1.json: the witness "
        "limits differ");

  s = two();
  s[1].report.shard->subproblems = 3;
  CHECK(refusal(s) == "the shards decide 7 sub-problems, not the 8 they split");

  CHECK(refusal({}) == "no shard results to merge");
}

}  // namespace
}  // namespace segproof
