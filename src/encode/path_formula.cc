#include "encode/path_formula.h"

#include <algorithm>

namespace segproof {

namespace {

IntervalSet tcpUdp() {
  IntervalSet s = IntervalSet::point(kTcp);
  s.add(kUdp, kUdp);
  return s;
}

}  // namespace

HeaderSet tcpReplyGuard(const HeaderSet& reply_set) {
  Cube not_tcp;
  not_tcp.set(Field::kProtocol, IntervalSet::point(kTcp).complement(fieldMax(Field::kProtocol)));
  Cube tcp;
  tcp.set(Field::kProtocol, IntervalSet::point(kTcp));
  HeaderSet out(not_tcp);
  out = out.unite(reply_set.swapped().intersect(tcp));
  out.simplify();
  return out;
}

Rewrite Rewrite::sourceNat(IntervalSet addresses, IntervalSet ports) {
  Rewrite r;
  r.fields[static_cast<int>(Field::kSrcIp)] = true;
  r.fields[static_cast<int>(Field::kSrcPort)] = true;
  Cube cube;
  cube.set(Field::kSrcIp, std::move(addresses)).set(Field::kSrcPort, std::move(ports));
  r.image = HeaderSet(cube);
  return r;
}

HeaderSet applyRewrite(const HeaderSet& set, const Rewrite& rewrite) {
  Cube ported_cube;
  ported_cube.set(Field::kProtocol, tcpUdp());
  Cube portless_cube;
  portless_cube.set(Field::kProtocol, tcpUdp().complement(fieldMax(Field::kProtocol)));
  HeaderSet from = set;
  if (rewrite.source_from_destination) {
    from = HeaderSet();
    for (Cube c : set.cubes()) {
      c.set(Field::kSrcIp, c[Field::kDstIp]);
      from.add(c);
    }
  }
  HeaderSet ported = from.intersect(ported_cube);
  HeaderSet portless = from.intersect(portless_cube);
  HeaderSet out;
  for (const Cube& c : rewrite.image.cubes()) {
    HeaderSet a = ported, b = portless;
    for (int f = 0; f < kFieldCount; ++f) {
      Field field = static_cast<Field>(f);
      if (!rewrite.fields[f] || (field == Field::kSrcIp && rewrite.source_from_destination)) continue;
      if (!a.empty()) a = a.assign(field, c[field]);
      if (!b.empty() && field != Field::kSrcPort && field != Field::kDstPort) b = b.assign(field, c[field]);
    }
    out = out.unite(a).unite(b);
  }
  out.simplify();
  return out;
}

namespace {

// Whether some rewrite of `formula` changes `f`.
bool rewrittenIn(const PathFormula& formula, Field f) {
  for (const Rewrite& r : formula.rewrites)
    if (r.rewrites(f)) return true;
  return false;
}

// A sample of `set` whose source and destination addresses differ, when
// `distinct` asks for it and the set allows it (a best effort: the solver
// confirms the witness either way).
Packet distinctSample(const HeaderSet& set, bool distinct) {
  Packet p = set.sample();
  if (!distinct || p[Field::kSrcIp] != p[Field::kDstIp]) return p;
  for (Field f : {Field::kDstIp, Field::kSrcIp}) {  // the source keeps its smallest value
    Cube other;
    other.set(f, IntervalSet::point(p[f]).complement(fieldMax(f)));
    HeaderSet rest = set.intersect(other);
    if (!rest.empty()) return rest.sample();
  }
  return p;
}

Packet preferredSample(const PathFormula& formula, HeaderSet set,
                       const std::vector<WitnessPreference>& preferences, int version) {
  bool first_version = version == 0;
  bool distinct = (first_version && formula.distinct_endpoints) ||
                  std::find(formula.distinct_versions.begin(), formula.distinct_versions.end(), version) !=
                      formula.distinct_versions.end();
  for (const WitnessPreference& p : preferences) {
    if (!first_version && rewrittenIn(formula, p.field)) continue;
    Cube wish;
    wish.set(p.field, p.values);
    HeaderSet narrowed = set.intersect(wish);
    if (narrowed.empty()) continue;
    if (distinct) {  // a wish that leaves only one address for both ends is dropped
      Packet q = distinctSample(narrowed, true);
      if (q[Field::kSrcIp] == q[Field::kDstIp]) continue;
    }
    set = std::move(narrowed);
  }
  return distinctSample(set, distinct);
}

}  // namespace

std::vector<Packet> intervalWitness(const PathFormula& formula,
                                    const std::vector<WitnessPreference>& preferences) {
  if (formula.final_set.empty()) return {};
  int last = formula.versions - 1;
  std::vector<Packet> versions(formula.versions);
  versions[last] = preferredSample(formula, formula.final_set, preferences, last);
  for (int k = last - 1; k >= 0; --k) {
    // Fields the rewrite keeps must equal those of the next version (ports
    // too for packets without ports, which keep them).
    const Rewrite& rewrite = formula.rewrites[k];
    bool ported = versions[k + 1][Field::kProtocol] == kTcp || versions[k + 1][Field::kProtocol] == kUdp;
    Cube same;
    for (int f = 0; f < kFieldCount; ++f) {
      Field field = static_cast<Field>(f);
      bool port = field == Field::kSrcPort || field == Field::kDstPort;
      if (!rewrite.rewrites(field) || (port && !ported))
        same.set(field, IntervalSet::point(versions[k + 1][field]));
    }
    if (rewrite.source_from_destination)
      same.set(Field::kDstIp, IntervalSet::point(versions[k + 1][Field::kSrcIp]));
    HeaderSet before = formula.version_sets[k].intersect(same);
    if (before.empty()) return {};
    if (std::find(formula.distinct_forwards.begin(), formula.distinct_forwards.end(), k + 1) !=
        formula.distinct_forwards.end()) {
      // Best effort, as distinctSample: the solver confirms the witness.
      Cube other;
      IntervalSet taken = IntervalSet::point(versions[k + 1][Field::kDstIp]);
      other.set(Field::kDstIp, taken.complement(fieldMax(Field::kDstIp)));
      if (HeaderSet rest = before.intersect(other); !rest.empty()) before = std::move(rest);
    }
    versions[k] = preferredSample(formula, before, preferences, k);
  }
  return versions;
}

std::optional<Packet> reachingHeader(const PathFormula& formula, size_t k) {
  if (k < 1 || k > formula.guards.size()) return std::nullopt;
  HeaderSet set = formula.initial;
  size_t rewrites = 0;
  auto advanceTo = [&](int version) {
    while (rewrites < formula.rewrites.size() && formula.rewrites[rewrites].version <= version)
      set = applyRewrite(set, formula.rewrites[rewrites++]);
  };
  for (size_t i = 0; i + 1 < k; ++i) {
    advanceTo(formula.guards[i].version);
    set = set.intersect(formula.guards[i].set);
    set.limit(512);
    if (set.empty()) return std::nullopt;
  }
  advanceTo(formula.guards[k - 1].version);
  if (set.empty()) return std::nullopt;
  return set.sample();
}

std::vector<FlowPart> splitFlow(const HeaderSet& flow) {
  // Cubes grouped by their destination ports.
  std::vector<FlowPart> parts;
  for (const Cube& c : flow.cubes()) {
    const IntervalSet& ports = c[Field::kDstPort];
    Cube start = c;
    start.set(Field::kDstPort, IntervalSet::range(0, fieldMax(Field::kDstPort)));
    auto same = std::find_if(parts.begin(), parts.end(), [&](const FlowPart& p) { return p.ports == ports; });
    if (same == parts.end()) parts.push_back({HeaderSet(start), ports});
    else same->start.add(start);
  }
  for (FlowPart& p : parts) p.start.simplify();
  return parts;
}

Packet flowView(const std::vector<Packet>& versions) {
  Packet p = versions.front();
  p.fields[static_cast<int>(Field::kDstPort)] = versions.back()[Field::kDstPort];
  return p;
}

HeaderSet wellFormedHeaders(const IntervalSet& source_ports) {
  IntervalSet zero = IntervalSet::point(0);
  Cube ported;
  ported.set(Field::kProtocol, tcpUdp()).set(Field::kSrcPort, source_ports);
  ported.set(Field::kIcmpType, zero).set(Field::kIcmpCode, zero);
  IntervalSet icmp = IntervalSet::point(kIcmp);
  icmp.add(kIcmpV6, kIcmpV6);
  Cube icmp_cube;
  icmp_cube.set(Field::kProtocol, icmp).set(Field::kSrcPort, zero).set(Field::kDstPort, zero);
  Cube other;
  other.set(Field::kProtocol, tcpUdp().unite(icmp).complement(fieldMax(Field::kProtocol)));
  other.set(Field::kSrcPort, zero).set(Field::kDstPort, zero);
  other.set(Field::kIcmpType, zero).set(Field::kIcmpCode, zero);
  HeaderSet out(ported);
  out.add(icmp_cube);
  out.add(other);
  return out;
}

}  // namespace segproof
