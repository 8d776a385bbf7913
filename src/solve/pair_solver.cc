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

// The places of a path as shown: a place entered twice in a row (a subnet
// left and entered again by a NAT gateway, an appliance or a transit
// gateway sending within it) once.
std::vector<std::string> shownPlaces(const std::vector<std::string>& places) {
  std::vector<std::string> out;
  for (const std::string& p : places)
    if (out.empty() || out.back() != p) out.push_back(p);
  return out;
}

}  // namespace

BlockedExplanation explainBlocked(const EncodingContext& ctx, const PairQuestion& q,
                                  const BlockedPath& b) {
  BlockedExplanation out;
  out.source = q.source->label;
  out.destination = q.destination->label;
  out.places = shownPlaces(b.places);
  out.blocked_at = explainBlock(ctx, b.hop, b.sample, b.reason);
  return out;
}

PairSearch searchPair(const EncodingContext& context, const PairQuestion& q) {
  PairSearch s;
  if (q.source->kind == Station::Kind::kEndpoints && q.source->members.size() == 1 &&
      q.destination->kind == Station::Kind::kEndpoints && q.destination->members == q.source->members) {
    s.answer.definite = true;
    s.answer.note = "the only candidate source and destination are the same interface";
    return s;
  }
  s.result = searchPaths(context, *q.source, *q.destination, *q.flow);
  PairAnswer& a = s.answer;
  a.paths = s.result.paths_explored;
  if (s.result.truncated)
    a.reason = "more than " + std::to_string(kMaxCandidates) +
               " candidate paths: the search stopped there, so the rest is not known";
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

namespace {

// The simulator's ends for a witness from `source` to `destination` whose
// first header is sent from `src` and whose last goes to `dst`: the members
// that own those addresses (two different interfaces when the stations have
// them), the internet, or the zone.
std::pair<SimEnd, SimEnd> witnessEnds(const EncodingContext& context, const Station& source,
                                      const Station& destination, uint64_t src, uint64_t dst) {
  auto end = [&](const Station& s, InterfaceId member) {
    switch (s.kind) {
      case Station::Kind::kInternet:
        return SimEnd::internet();
      case Station::Kind::kExternal:
        return SimEnd::zone(s.gateway);
      case Station::Kind::kEndpoints:
        break;
    }
    return SimEnd::interface(member);
  };
  InterfaceId from = memberWithAddress(context, source, src);
  InterfaceId to = memberWithAddress(context, destination, dst, from);
  if (from.valid() && from == to) from = memberWithAddress(context, source, src, to);
  return {end(source, from), end(destination, to)};
}

// Replays a witness in the simulator; "" when it is delivered, else what
// went wrong.
std::string replay(const Simulator& simulator, const AddressSpace& space, const std::pair<SimEnd, SimEnd>& ends,
                   const Station& source, const Station& destination,
                   const std::vector<Packet>& versions) {
  if (ends.second.kind == SimEnd::Kind::kInterface && !ends.second.iface.valid())
    return "no member of " + destination.label + " owns its address";
  // A load balancer node that keeps its clients' addresses sends from
  // addresses it does not own: each member may be the sender.
  std::vector<SimEnd> senders = {ends.first};
  if (ends.first.kind == SimEnd::Kind::kInterface && !ends.first.iface.valid()) {
    senders.clear();
    for (InterfaceId member : source.members)
      if (member != ends.second.iface) senders.push_back(SimEnd::interface(member));
    if (senders.empty()) return "no member of " + source.label + " owns its address";
  }
  // Each later header version is a rewrite's choice: a load balancer's
  // when the destination changes (the simulator finds the node the previous
  // version was sent to), else a NAT gateway's.
  std::vector<RewriteChoice> choices;
  for (size_t k = 1; k < versions.size(); ++k) {
    const Packet& before = versions[k - 1];
    const Packet& after = versions[k];
    IpAddress src = space.address(after[Field::kSrcIp]);
    auto sport = static_cast<int>(after[Field::kSrcPort]);
    IpAddress dst = space.address(after[Field::kDstIp]);
    auto dport = static_cast<int>(after[Field::kDstPort]);
    if (after[Field::kDstIp] != before[Field::kDstIp] ||
        after[Field::kDstPort] != before[Field::kDstPort])
      choices.push_back(RewriteChoice::loadBalancer(src, sport, dst, dport));
    else
      choices.push_back(RewriteChoice::nat(src, sport));
  }
  SimResult r;
  for (const SimEnd& sender : senders) {
    SimResult tried = simulator.send(sender, ends.second, toFlowPacket(versions.front(), space), &choices);
    if (tried.disposition == Disposition::kDelivered) return "";
    // The failure told is the first sender's, or the first that is not invalid.
    if (&sender == &senders.front() || r.disposition == Disposition::kInvalid) r = std::move(tried);
  }
  std::string out = std::string(dispositionName(r.disposition)) + ": " + r.reason;
  if (!r.trace.empty()) {
    const SimHop& last = r.trace.back();
    out += " (at " + std::string(last.reply ? "the reply's " : "") + last.step + " " + last.element +
           (last.rule.empty() ? "" : ": " + last.rule) + ")";
  }
  return out;
}

}  // namespace

PairAnswer decidePair(const EncodingContext& context, PathSolver& solver,
                      const Simulator& simulator, const PairQuestion& q,
                      const PairSearch& search) {
  PairAnswer a = search.answer;
  size_t before = solver.calls();
  std::string unknown = a.reason;
  // Keeps the witness when the simulator delivers it; returns false (an
  // internal error) when it does not.
  auto found = [&](const PathFormula& f, const std::vector<Packet>& versions) {
    uint64_t src = versions.front()[Field::kSrcIp];
    uint64_t dst = versions.back()[Field::kDstIp];
    std::pair<SimEnd, SimEnd> ends = witnessEnds(context, *q.source, *q.destination, src, dst);
    std::string problem = q.flow->contains(flowView(versions))
                              ? replay(simulator, context.space(), ends, *q.source, *q.destination, versions)
                              : "the packet is not of the question's flow";
    if (!problem.empty()) {
      a.internal_error = true;
      unknown = "internal error: the packet simulator does not confirm the witness " +
                toFlowPacket(versions.front(), context.space()).str() + " from " + q.source->label + " to " +
                q.destination->label + " through " +
                (f.places.size() > 1 ? f.places[1] : std::string("the network")) + " (" +
                problem + ")";
      a.internal_errors.push_back(unknown);
      return false;
    }
    Witness w;
    w.packet = toFlowPacket(versions.front(), context.space());
    w.source = endpointLabel(context, *q.source, src, ends.first.iface);
    w.destination = endpointLabel(context, *q.destination, dst, ends.second.iface);
    if (ends.first.kind == SimEnd::Kind::kInterface && ends.first.iface.valid())
      w.source_interface = context.network().at(ends.first.iface).name;
    if (ends.second.kind == SimEnd::Kind::kInterface && ends.second.iface.valid())
      w.destination_interface = context.network().at(ends.second.iface).name;
    w.hops = explainPath(context, f, versions);
    w.places = shownPlaces(f.places);
    a.status = PairStatus::kReachable;
    a.path = static_cast<int>(&f - search.result.candidates.data());
    a.witness = std::move(w);
    a.solver_calls = solver.calls() - before;
    return true;
  };
  // The deepest path refuted by Z3 only; explained once, after the loop.
  const PathFormula* deepest = nullptr;
  size_t deepest_k = 0;
  size_t refuted = 0;
  for (const PathFormula& f : search.result.candidates) {
    if (f.opaque_end) continue;
    // The interval check's own witness, certified by Z3: deterministic and
    // cheap. Z3 searches only when that candidate does not hold.
    std::vector<Packet> candidate = intervalWitness(f, *q.preferences);
    if (!candidate.empty()) {
      PathSolver::Status s = solver.confirm(f, candidate);
      if (s == PathSolver::Status::kSat) {
        if (found(f, candidate)) return a;
        continue;
      }
      if (s == PathSolver::Status::kUnsat && f.interval_exact) {
        a.internal_error = true;
        unknown = "internal error: Z3 rejects the witness " + toFlowPacket(candidate.front(), context.space()).str() +
                  " that the interval check found for a path through " +
                  (f.places.size() > 1 ? f.places[1] : std::string("the network"));
        a.internal_errors.push_back(unknown);
        continue;
      }
    }
    PathSolver::Outcome o = solver.check(f, *q.preferences);
    if (o.status == PathSolver::Status::kSat) {
      if (found(f, o.versions)) return a;
      continue;
    }
    if (o.status == PathSolver::Status::kUnknown) {
      unknown = "the solver gave up (" + o.reason + ")";
      continue;
    }
    if (f.interval_exact) {
      a.internal_error = true;
      unknown = "internal error: the interval check and Z3 disagree on a path through " +
                (f.places.size() > 1 ? f.places[1] : std::string("the network"));
      a.internal_errors.push_back(unknown);
      continue;
    }
    // Refuted by Z3 only: name the guard that closes the path (for the
    // first few such paths: the search for the deepest block stops there,
    // as each costs a solver call per guard).
    constexpr size_t kExplainedRefutations = 32;
    if (++refuted > kExplainedRefutations) continue;
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
