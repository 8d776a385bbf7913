// searchFan against searchPaths: one walk towards many destinations finds
// what one pair search per destination finds (encode/path_search.h), on
// random networks (random_network_test_util.h) with every kind of station as
// the source and several flows.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "encode/path_search.h"
#include "graph/topology.h"
#include "solve/random_network_test_util.h"
#include "solve/stations.h"

namespace segproof {
namespace {

using testing::GeneratedNetwork;
using testing::NetworkGenerator;

struct PairOutcome {
  bool exact = false;    // an exact, open candidate
  bool open = false;     // any candidate that does not leave the model
  bool opaque = false;   // a candidate that leaves the model
};

PairOutcome pairOutcome(const PathSearchResult& r) {
  PairOutcome out;
  for (const PathFormula& f : r.candidates) {
    if (f.opaque_end) {
      out.opaque = true;
      continue;
    }
    out.open = true;
    out.exact = out.exact || f.interval_exact;
  }
  return out;
}

HeaderSet flowOf(int kind) {
  Cube cube;
  if (kind == 1) {
    cube.set(Field::kProtocol, IntervalSet::point(6));
    cube.set(Field::kDstPort, IntervalSet::point(22));
  } else if (kind == 2) {
    cube.set(Field::kProtocol, IntervalSet::point(17));
  }
  return HeaderSet(cube);
}

struct Tally {
  size_t pairs = 0, reachable = 0, walk_exact = 0, disagreements = 0;
};

void checkNetwork(uint32_t seed, Tally& tally) {
  GeneratedNetwork g;
  NetworkGenerator(seed).generate(g);
  const Network& net = g.b.network();
  Topology topology(net);
  EncodingContext context(net, topology);
  Selection everything;
  everything.interfaces = g.interfaces;
  std::sort(everything.interfaces.begin(), everything.interfaces.end());
  everything.internet = true;
  everything.external = g.vpn_gateways;
  std::vector<Station> stations = buildStations(context, {everything});
  std::vector<const Station*> endpoints;
  for (const Station& s : stations)
    if (s.kind == Station::Kind::kEndpoints) endpoints.push_back(&s);
  for (int kind = 0; kind < 3; ++kind) {
    HeaderSet flow = flowOf(kind);
    for (const Station& source : stations) {
      // Stations partition the interfaces: only a station shares members
      // with itself.
      std::vector<const Station*> destinations;
      std::vector<size_t> positions;
      for (const Station* d : endpoints)
        if (d != &source) {
          positions.push_back(destinations.size());
          destinations.push_back(d);
        }
      if (destinations.empty()) continue;
      for (const FanTargets& fan : fanTargets(context, destinations, positions)) {
        FanSearchResult walk = searchFan(context, source, fan, flow);
        for (uint32_t t = 0; t < fan.stations.size(); ++t) {
          const Station& d = *fan.stations[t];
          PairOutcome pair = pairOutcome(searchPaths(context, source, d, flow));
          auto hit = std::find_if(walk.hits.begin(), walk.hits.end(),
                                  [&](const FanHit& h) { return h.target == t; });
          bool found = hit != walk.hits.end();
          bool reaches = found && (hit->exact || hit->inexact);
          ++tally.pairs;
          tally.reachable += pair.exact ? 1 : 0;
          tally.walk_exact += found && hit->exact ? 1 : 0;
          // A pair search's candidate is a walk's hit; an exact walk path is
          // an exact pair candidate (the same set, computed once); a path
          // out of the model is one for the walk too.
          bool agree = (!pair.open || reaches) && (!found || !hit->exact || pair.exact) &&
                       (!pair.opaque || (found && hit->opaque));
          if (!agree && ++tally.disagreements <= 3)
            FAIL_CHECK("seed " << seed << ", flow " << kind << ": " << source.label << " -> "
                               << d.label << ": pair search exact " << pair.exact << " open "
                               << pair.open << " opaque " << pair.opaque << "; walk hit " << found
                               << " exact " << (found && hit->exact) << " inexact "
                               << (found && hit->inexact) << " opaque " << (found && hit->opaque));
        }
      }
    }
  }
}

TEST_CASE("searchFan finds what a pair search per destination finds", "[solve][fan]") {
  const char* text = std::getenv("SEGPROOF_FAN_COUNT");
  int count = text && *text ? std::atoi(text) : 150;
  Tally tally;
  for (int n = 1; n <= count; ++n) checkNetwork(static_cast<uint32_t>(n), tally);
  WARN("fan: " << tally.pairs << " pairs, " << tally.reachable << " reachable by the pair search, "
               << tally.walk_exact << " by an exact walk path, " << tally.disagreements
               << " disagreements");
  CHECK(tally.disagreements == 0);
  // Both answers occur, and walks settle most flows without the pair search.
  CHECK(tally.reachable * 10 > tally.pairs);
  CHECK(tally.reachable * 10 < tally.pairs * 9);
  CHECK(tally.walk_exact * 10 > tally.reachable * 8);
}

}  // namespace
}  // namespace segproof
