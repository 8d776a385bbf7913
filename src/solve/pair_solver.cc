#include "solve/pair_solver.h"

#include <algorithm>

#include "encode/explain.h"
#include "solve/stations.h"

namespace segproof {

namespace {

std::string opaqueReason(const PathFormula& f) {
  std::string where = f.places.empty() ? std::string("a gateway") : f.places.back();
  return "a path leaves the model through " + where +
         ", which segproof does not look beyond yet; what lies behind it could be reached";
}

BlockedExplanation explainBlocked(const EncodingContext& ctx, const PairQuestion& q,
                                  const BlockedPath& b) {
  BlockedExplanation out;
  out.source = q.source->label;
  out.destination = q.destination->label;
  out.places = b.places;
  out.blocked_at = explainBlock(ctx, b.hop, b.sample, b.reason);
  return out;
}

}  // namespace

PairSearch searchPair(const EncodingContext& context, const PairQuestion& q) {
  PairSearch s;
  s.result = searchPaths(context, *q.source, *q.destination, *q.flow);
  PairAnswer& a = s.answer;
  a.paths = s.result.paths_explored;
  if (s.result.closest) {
    a.blocked = explainBlocked(context, q, *s.result.closest);
    a.blocked_depth = s.result.closest->passed.size();
  }
  bool open = false;
  for (size_t i = 0; i < s.result.candidates.size(); ++i) {
    const PathFormula& f = s.result.candidates[i];
    if (f.opaque_end) {
      if (a.reason.empty()) a.reason = opaqueReason(f);
      continue;
    }
    open = true;
    if (f.interval_exact) {
      a.status = PairStatus::kReachable;
      a.definite = true;
      a.path = static_cast<int>(i);
      return s;
    }
  }
  if (open) return s;  // over-approximated candidates: the solver decides
  a.status = a.reason.empty() ? PairStatus::kUnreachable : PairStatus::kUnknown;
  a.definite = true;
  s.result = {};  // settled: phase 2 needs none of it
  return s;
}

PairAnswer decidePair(const EncodingContext& context, PathSolver& solver, const PairQuestion& q,
                      const PairSearch& search) {
  PairAnswer a = search.answer;
  size_t before = solver.calls();
  std::string unknown = a.reason;
  auto found = [&](const PathFormula& f, const std::vector<Packet>& versions) {
    Witness w;
    w.packet = toFlowPacket(versions.front());
    w.source = endpointLabel(context, *q.source, static_cast<uint32_t>(versions.front()[Field::kSrcIp]));
    w.destination = endpointLabel(context, *q.destination,
                                  static_cast<uint32_t>(versions.back()[Field::kDstIp]));
    w.hops = explainPath(context, f, versions);
    w.places = f.places;
    a.status = PairStatus::kReachable;
    a.path = static_cast<int>(&f - search.result.candidates.data());
    a.witness = std::move(w);
    a.solver_calls = solver.calls() - before;
  };
  // The deepest path refuted by Z3 only; explained once, after the loop.
  const PathFormula* deepest = nullptr;
  size_t deepest_k = 0;
  for (const PathFormula& f : search.result.candidates) {
    if (f.opaque_end) continue;
    // The interval check's own witness, certified by Z3: deterministic and
    // cheap. Z3 searches only when that candidate does not hold.
    std::vector<Packet> candidate = intervalWitness(f, *q.preferences);
    if (!candidate.empty()) {
      PathSolver::Status s = solver.confirm(f, candidate);
      if (s == PathSolver::Status::kSat) {
        found(f, candidate);
        return a;
      }
      if (s == PathSolver::Status::kUnsat && f.interval_exact) {
        a.internal_error = true;
        unknown = "internal error: Z3 rejects the witness " + toFlowPacket(candidate.front()).str() +
                  " that the interval check found for a path through " +
                  (f.places.size() > 1 ? f.places[1] : std::string("the network"));
        continue;
      }
    }
    PathSolver::Outcome o = solver.check(f, *q.preferences);
    if (o.status == PathSolver::Status::kSat) {
      found(f, o.versions);
      return a;
    }
    if (o.status == PathSolver::Status::kUnknown) {
      unknown = "the solver gave up (" + o.reason + ")";
      continue;
    }
    if (f.interval_exact) {
      a.internal_error = true;
      unknown = "internal error: the interval check and Z3 disagree on a path through " +
                (f.places.size() > 1 ? f.places[1] : std::string("the network"));
      continue;
    }
    // Refuted by Z3 only: name the guard that closes the path.
    size_t k = solver.firstBlockingGuard(f);
    if (k == 0 && f.distinct_endpoints && a.reason.empty()) {
      // Only one interface fits both ends: it would talk to itself.
      a.blocked.reset();
      a.blocked_depth = 0;
      a.note = "the only candidate source and destination are the same interface";
    } else if (k >= 1 && k <= f.guards.size()) {
      size_t depth = f.guards[k - 1].hop;
      if ((!a.blocked && !deepest) || depth > a.blocked_depth) {
        deepest = &f;
        deepest_k = k;
        a.blocked_depth = depth;
      }
    }
  }
  if (deepest) {
    const Hop& hop = deepest->hops[deepest->guards[deepest_k - 1].hop];
    BlockedPath b;
    b.places.assign(deepest->places.begin(),
                    deepest->places.begin() + std::min(hop.place, deepest->places.size()));
    b.hop = hop;
    if (auto reached = reachingHeader(*deepest, deepest_k))
      b.sample = hop.reply ? swapped(*reached) : *reached;
    a.blocked = explainBlocked(context, q, b);
  }
  a.status = unknown.empty() ? PairStatus::kUnreachable : PairStatus::kUnknown;
  a.reason = unknown;
  a.solver_calls = solver.calls() - before;
  return a;
}

}  // namespace segproof
