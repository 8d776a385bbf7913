// Merging shard reports (merge.h): validation, then one fold per assertion.
#include "solve/merge.h"

#include <algorithm>
#include <map>

#include "solve/qualify.h"
#include "solve/unknowns.h"

namespace segproof {

namespace {

constexpr size_t kMaxInternalErrors = 10;  // per assertion, as the analyzer keeps

std::string shardText(const ShardInfo& s) {
  return std::to_string(s.index + 1) + "/" + std::to_string(s.count);
}

std::string selectorsText(const std::vector<Selector>& selectors) {
  std::string out;
  for (const Selector& s : selectors) out += s.text + ",";
  return out;
}

// What identifies an assertion across shards: its definition as reported.
std::string assertionText(const Assertion& a) {
  std::string out = a.id + "\n" + a.description + "\n" + assertionKindName(a.kind) + "\n" +
                    a.severity + "\n" + a.location.str() + "\n" + selectorsText(a.from) + "\n" +
                    selectorsText(a.to) + "\n" + a.flow.text() + "\n";
  for (const Segment& s : a.segments)
    out += "segment " + s.name + ":" + selectorsText(s.selectors) + "\n";
  for (const AllowedFlow& f : a.allowed)
    out += "allowed " + selectorsText(f.from) + f.flow.text() + "\n";
  out += a.include_internal ? "internal\n" : "\n";
  return out;
}

std::string controlsText(const std::vector<ControlRef>& controls) {
  std::string out;
  for (const ControlRef& c : controls)
    out += c.framework + "\n" + c.id + "\n" + c.title + "\n" + c.relation + "\n";
  return out;
}

// Why `b` is not a shard of the same run as `a` ("" when it is).
std::string difference(const ShardReport& a, const ShardReport& b) {
  const CheckReport& x = a.report;
  const CheckReport& y = b.report;
  if (x.inputs != y.inputs) return "the inputs differ";
  if (x.results.size() != y.results.size())
    return "it has " + std::to_string(y.results.size()) + " assertions, not " +
           std::to_string(x.results.size());
  for (size_t i = 0; i < x.results.size(); ++i) {
    if (assertionText(x.results[i].assertion) != assertionText(y.results[i].assertion))
      return "assertion " + std::to_string(i + 1) + " ('" + y.results[i].assertion.id +
             "') differs from '" + x.results[i].assertion.id + "'";
    if (controlsText(x.results[i].controls) != controlsText(y.results[i].controls))
      return "the controls of assertion '" + y.results[i].assertion.id + "' differ";
  }
  if (a.run != b.run)
    return "the segproof version, the options or the input files' contents differ (compare the "
           "\"tool\" and \"shard\" objects)";
  if (x.shard->uncertain_parts != y.shard->uncertain_parts || x.shard->ipv6 != y.shard->ipv6)
    return "the networks differ (parts left out, IPv6)";
  if (x.shard->subproblems_total != y.shard->subproblems_total)
    return "it splits " + std::to_string(y.shard->subproblems_total) + " sub-problems, not " +
           std::to_string(x.shard->subproblems_total);
  if (a.max_witnesses != b.max_witnesses) return "the witness limits differ";
  return "";
}

// Sorts the shards by index; "" when they are shards 1..N of one run.
std::string validate(std::vector<ShardReport>& shards) {
  if (shards.empty()) return "no shard results to merge";
  for (const ShardReport& s : shards)
    if (!s.report.shard && shards.size() > 1)
      return s.name +
             ": not a shard result (it has no \"shard\"; write shards with "
             "`segproof check --shard I/N --format json`)";
  if (!shards.front().report.shard) return "";
  int count = shards.front().report.shard->count;
  std::map<int, const ShardReport*> seen;
  for (const ShardReport& s : shards) {
    const ShardInfo& info = *s.report.shard;
    if (info.count != count)
      return s.name + ": shard " + shardText(info) + ", but " + shards.front().name + " is shard " +
             shardText(*shards.front().report.shard) + ": the shards are of different splits";
    auto [it, fresh] = seen.emplace(info.index, &s);
    if (!fresh)
      return s.name + ": shard " + shardText(info) + " is given twice (also " + it->second->name +
             ")";
  }
  for (int i = 0; i < count; ++i)
    if (!seen.count(i))
      return "shard " + std::to_string(i + 1) + "/" + std::to_string(count) +
             " is missing (every shard 1/" + std::to_string(count) + " to " +
             std::to_string(count) + "/" + std::to_string(count) + " is needed)";
  // (Sorted by a copied key: GCC 12 -O3 sees the optional's value as
  // possibly uninitialised inside the sort.)
  std::vector<std::pair<int, size_t>> order;
  for (size_t i = 0; i < shards.size(); ++i) order.emplace_back(shards[i].report.shard->index, i);
  std::sort(order.begin(), order.end());
  std::vector<ShardReport> sorted;
  for (const auto& [index, i] : order) sorted.push_back(std::move(shards[i]));
  shards = std::move(sorted);
  size_t decided = 0;
  for (const ShardReport& s : shards) {
    if (std::string why = difference(shards.front(), s); !why.empty())
      return s.name + ": not a shard of the same run as " + shards.front().name + ": " + why;
    decided += s.report.shard->subproblems;
  }
  if (decided != shards.front().report.shard->subproblems_total)
    return "the shards decide " + std::to_string(decided) + " sub-problems, not the " +
           std::to_string(shards.front().report.shard->subproblems_total) + " they split";
  return "";
}

}  // namespace

AssertionResult foldResults(const std::vector<const AssertionResult*>& parts, size_t max_witnesses) {
  const AssertionResult& first = *parts.front();
  AssertionResult out;
  out.assertion = first.assertion;
  out.controls = first.controls;
  bool flow = false, unknown = false;
  for (const AssertionResult* part : parts) {
    const AssertionResult& r = *part;
    if (r.pairs_checked == 0) continue;  // none of its sub-problems: its reason is finish()'s
    out.pairs_checked += r.pairs_checked;
    out.paths_explored += r.paths_explored;
    out.solver_calls += r.solver_calls;
    out.flows += r.flows;
    out.certain_flow = out.certain_flow || r.certain_flow;
    for (const std::string& e : r.internal_errors)
      if (out.internal_errors.size() < kMaxInternalErrors) out.internal_errors.push_back(e);
    for (const Witness& w : r.witnesses)
      if (out.witnesses.size() < max_witnesses) out.witnesses.push_back(w);
    if (r.closest && (!out.closest || r.closest_depth > out.closest_depth)) {
      out.closest = r.closest;
      out.closest_depth = r.closest_depth;
    }
    bool found = witnessVerdict(r);
    bool undecided = r.verdict == Verdict::kUnknown;
    // A shard's reason is its first unknown's, or a later internal error's,
    // or, without unknowns, its first note. A shard that found a flow does
    // not say whether it met unknowns: its reason counts as a note.
    if (!r.reason.empty()) {
      bool replaces = undecided
                          ? !unknown || !r.internal_errors.empty()
                          : out.reason.empty() || (unknown && found && !r.internal_errors.empty());
      if (replaces) out.reason = r.reason;
    }
    flow = flow || found;
    unknown = unknown || undecided;
  }
  if (flow) {  // the closest blocked path explains a proof only
    out.closest.reset();
    out.closest_depth = 0;
  }
  bool positive = out.assertion.kind == AssertionKind::kReachable;
  if (flow)
    out.verdict = positive ? Verdict::kHolds : Verdict::kViolated;
  else if (unknown)
    out.verdict = Verdict::kUnknown;
  else
    out.verdict = positive ? Verdict::kViolated : Verdict::kHolds;
  if (out.pairs_checked == 0) out.reason = "no endpoint matches the assertion's selectors";
  return out;
}

MergeResult mergeShards(std::vector<ShardReport> shards) {
  MergeResult result;
  result.error = validate(shards);
  if (!result.error.empty()) return result;
  if (!shards.front().report.shard) {
    result.report = std::move(shards.front().report);
    return result;
  }
  const ShardInfo& info = *shards.front().report.shard;
  CheckReport merged;
  merged.inputs = shards.front().report.inputs;
  for (size_t i = 0; i < shards.front().report.results.size(); ++i) {
    std::vector<const AssertionResult*> parts;
    for (const ShardReport& s : shards) parts.push_back(&s.report.results[i]);
    AssertionResult r = foldResults(parts, shards.front().max_witnesses);
    qualifyResult(r, info.uncertain_parts, info.ipv6);
    for (const std::string& e : r.internal_errors)
      merged.internal_errors.push_back(r.assertion.id + ": " + e);
    merged.results.push_back(std::move(r));
  }
  for (const ShardReport& s : shards) {
    for (const std::string& note : s.report.notes)
      if (std::find(merged.notes.begin(), merged.notes.end(), note) == merged.notes.end())
        merged.notes.push_back(note);
    merged.seconds += s.report.seconds;
    merged.jobs = std::max(merged.jobs, s.report.jobs);
  }
  result.report = std::move(merged);
  return result;
}

}  // namespace segproof
