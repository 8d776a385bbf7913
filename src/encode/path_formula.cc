#include "encode/path_formula.h"

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

HeaderSet applyRewrite(const HeaderSet& set, const Rewrite& rewrite) {
  Cube ported;
  ported.set(Field::kProtocol, tcpUdp());
  Cube portless;
  portless.set(Field::kProtocol, tcpUdp().complement(fieldMax(Field::kProtocol)));
  HeaderSet out = set.intersect(ported)
                      .assign(Field::kSrcIp, rewrite.source_addresses)
                      .assign(Field::kSrcPort, rewrite.source_ports);
  out = out.unite(set.intersect(portless).assign(Field::kSrcIp, rewrite.source_addresses));
  out.simplify();
  return out;
}

namespace {

bool rewritten(Field f) { return f == Field::kSrcIp || f == Field::kSrcPort; }

Packet preferredSample(HeaderSet set, const std::vector<WitnessPreference>& preferences,
                       bool first_version) {
  for (const WitnessPreference& p : preferences) {
    if (!first_version && rewritten(p.field)) continue;
    Cube wish;
    wish.set(p.field, p.values);
    HeaderSet narrowed = set.intersect(wish);
    if (!narrowed.empty()) set = std::move(narrowed);
  }
  return set.sample();
}

}  // namespace

std::vector<Packet> intervalWitness(const PathFormula& formula,
                                    const std::vector<WitnessPreference>& preferences) {
  if (formula.final_set.empty()) return {};
  int last = formula.versions - 1;
  std::vector<Packet> versions(formula.versions);
  versions[last] = preferredSample(formula.final_set, preferences, last == 0);
  for (int k = last - 1; k >= 0; --k) {
    // Fields the rewrite keeps must equal those of the next version.
    Cube same;
    for (int f = 0; f < kFieldCount; ++f) {
      Field field = static_cast<Field>(f);
      if (!rewritten(field)) same.set(field, IntervalSet::point(versions[k + 1][field]));
    }
    HeaderSet before = formula.version_sets[k].intersect(same);
    if (before.empty()) return {};
    versions[k] = preferredSample(before, preferences, k == 0);
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
