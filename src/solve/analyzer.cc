// Analyzer: assertions -> pair questions -> two parallel phases -> verdicts.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <chrono>
#include <deque>
#include <map>
#include <thread>

#include "encode/path_search.h"
#include "graph/topology.h"
#include "segproof/segproof.h"
#include "solve/pair_solver.h"
#include "solve/stations.h"

namespace segproof {

namespace {

HeaderSet flowHeaders(const FlowSpec& flow) {
  Cube cube;
  if (flow.protocol != kAnyProtocol) {
    cube.set(Field::kProtocol, IntervalSet::point(static_cast<uint64_t>(flow.protocol)));
  }
  if (!flow.ports.empty()) {
    IntervalSet ports;
    for (const PortRange& p : flow.ports)
      ports.add(static_cast<uint64_t>(p.from), static_cast<uint64_t>(p.to));
    cube.set(Field::kDstPort, ports);
  }
  return HeaderSet(cube);
}

std::vector<WitnessPreference> preferencesFor(const Station& source, const Station& destination,
                                              const FlowSpec& flow) {
  std::vector<WitnessPreference> prefs;
  // Internet ends read as "some internet address" (kReadableInternetAddress).
  const IntervalSet kDocumentation = IntervalSet::point(kReadableInternetAddress);
  if (source.kind == Station::Kind::kInternet) prefs.push_back({Field::kSrcIp, kDocumentation});
  if (destination.kind == Station::Kind::kInternet) prefs.push_back({Field::kDstIp, kDocumentation});
  if (!flow.ports.empty()) {
    uint64_t p = static_cast<uint64_t>(flow.ports.front().from);
    prefs.push_back({Field::kDstPort, IntervalSet::point(p)});
  }
  prefs.push_back({Field::kSrcPort, IntervalSet::point(kReadableSourcePort)});
  return prefs;
}

bool negative(AssertionKind kind) { return kind != AssertionKind::kReachable; }

std::string ipv6Presence(const Network& network) {
  for (const Vpc& v : network.vpcs)
    for (const Cidr& c : v.cidrs)
      if (!c.isV4()) return "VPC " + v.name;
  for (const Subnet& s : network.subnets)
    if (s.ipv6_cidr) return "subnet " + s.name;
  return "";
}

struct Task {
  size_t result = 0;
  PairQuestion question;
};

// One parallel worker's solver state; never shared between threads.
struct Worker {
  explicit Worker(unsigned timeout_ms) : solver(context, timeout_ms) {}
  z3::context context;
  PathSolver solver;
};

}  // namespace

struct Analyzer::Impl {
  Impl(const Network& n, AnalyzerOptions o)
      : network(n), options(o), topology(n), context(n, topology, encodingOptions(o)) {}

  static EncodingOptions encodingOptions(const AnalyzerOptions& o) {
    EncodingOptions e;
    e.ephemeral_from = static_cast<uint16_t>(o.ephemeral_from);
    e.ephemeral_to = static_cast<uint16_t>(o.ephemeral_to);
    e.interval_pruning = o.interval_pruning;
    return e;
  }

  const Network& network;
  AnalyzerOptions options;
  Topology topology;
  EncodingContext context;

  std::vector<Selection> select(const std::vector<Selector>& selectors, DiagnosticEngine& diags) const {
    return resolveSelectors(selectors, network, diags);
  }

  const Station* keep(std::deque<Station>& store, Station s) const {
    store.push_back(std::move(s));
    return &store.back();
  }

  std::vector<const Station*> stations(std::deque<Station>& store,
                                       const std::vector<Selection>& sel) const {
    std::vector<const Station*> out;
    for (Station& s : buildStations(context, sel)) out.push_back(keep(store, std::move(s)));
    return out;
  }

  // Flows and witness preferences shared by the questions of one plan.
  struct Shared {
    std::deque<Station> stations;
    std::deque<HeaderSet> flows;
    std::deque<std::vector<WitnessPreference>> preferences;
  };

  void addPairs(std::vector<Task>& tasks, Shared& shared, size_t result,
                const std::vector<const Station*>& from, const std::vector<const Station*>& to,
                HeaderSet flow, const FlowSpec& spec) const {
    shared.flows.push_back(std::move(flow));
    const HeaderSet* f = &shared.flows.back();
    // Preferences depend only on the kinds of the two ends.
    std::map<std::pair<int, int>, const std::vector<WitnessPreference>*> prefs;
    for (const Station* s : from)
      for (const Station* d : to) {
        auto key = std::make_pair(static_cast<int>(s->kind), static_cast<int>(d->kind));
        auto it = prefs.find(key);
        if (it == prefs.end()) {
          shared.preferences.push_back(preferencesFor(*s, *d, spec));
          it = prefs.emplace(key, &shared.preferences.back()).first;
        }
        tasks.push_back({result, {s, d, f, it->second}});
      }
  }

  // A user's assertion whose selectors match nothing holds vacuously: say so.
  // (The built-in pack's tag selectors often match nothing; that is normal.)
  void warnIfEmpty(const Assertion& a, const std::string& role, const std::vector<Selection>& sel,
                   DiagnosticEngine& diags) const {
    if (a.location.file.rfind("<built-in>", 0) == 0) return;
    for (const Selection& s : sel)
      if (!s.empty()) return;
    diags.warning("empty-selection", a.location,
                  "the " + role + " of assertion '" + a.id +
                      "' matches no endpoint; the assertion is checked over nothing");
  }

  std::vector<Selection> selectFor(const Assertion& a, const std::string& role,
                                   const std::vector<Selector>& selectors, DiagnosticEngine& diags) const {
    int errors = diags.errorCount();
    std::vector<Selection> sel = select(selectors, diags);
    if (diags.errorCount() == errors) warnIfEmpty(a, role, sel, diags);
    return sel;
  }

  void plan(const Assertion& a, size_t result, Shared& shared, std::vector<Task>& tasks,
            DiagnosticEngine& diags) const {
    switch (a.kind) {
      case AssertionKind::kUnreachable:
      case AssertionKind::kReachable:
        addPairs(tasks, shared, result, stations(shared.stations, selectFor(a, "'from'", a.from, diags)),
                 stations(shared.stations, selectFor(a, "'to'", a.to, diags)), flowHeaders(a.flow), a.flow);
        break;
      case AssertionKind::kIsolated: {
        std::vector<std::vector<const Station*>> segs;
        for (const Segment& seg : a.segments)
          segs.push_back(stations(shared.stations, selectFor(a, "segment '" + seg.name + "'", seg.selectors, diags)));
        for (size_t i = 0; i < segs.size(); ++i)
          for (size_t j = 0; j < segs.size(); ++j)
            if (i != j) addPairs(tasks, shared, result, segs[i], segs[j], HeaderSet::all(), FlowSpec{});
        break;
      }
      case AssertionKind::kOnly:
        planOnly(a, result, shared, tasks, diags);
        break;
    }
  }

  // `only`: every flow into `to` from outside must be one of `allowed`.
  void planOnly(const Assertion& a, size_t result, Shared& shared,
                std::vector<Task>& tasks, DiagnosticEngine& diags) const {
    std::vector<Selection> to = selectFor(a, "'to'", a.to, diags);
    std::vector<Selection> sources = {a.include_internal ? complementOf(network, {})
                                                         : complementOf(network, to)};
    // Each selector of each allowed flow on its own: a station is allowed a
    // flow through the selectors it lies wholly within, on the addresses
    // that selector admits (its cidr: filter).
    struct AllowedPart {
      Selection selection;
      HeaderSet flow;
    };
    std::vector<AllowedPart> parts;
    for (const AllowedFlow& f : a.allowed)
      for (Selection& s : select(f.from, diags)) parts.push_back({std::move(s), flowHeaders(f.flow)});
    std::vector<std::vector<Selection>> singles;
    for (const AllowedPart& p : parts) singles.push_back({p.selection});
    std::vector<Station> refined = refineStations(buildStations(context, sources), singles);
    std::vector<const Station*> destinations = stations(shared.stations, to);
    for (Station& s : refined) {
      HeaderSet permitted;
      for (const AllowedPart& p : parts) {
        if (!stationWithin(s, {p.selection})) continue;
        Cube from;
        from.set(Field::kSrcIp, addressFilterOf(p.selection));
        permitted = permitted.unite(p.flow.intersect(from));
      }
      HeaderSet flow = HeaderSet::all().subtract(permitted);
      flow.simplify();
      const Station* src = keep(shared.stations, std::move(s));
      addPairs(tasks, shared, result, {src}, destinations, flow, FlowSpec{});
    }
  }

  template <class F>
  void parallel(size_t n, F&& body) const {
    tbb::parallel_for(tbb::blocked_range<size_t>(0, n), [&](const tbb::blocked_range<size_t>& r) {
      for (size_t i = r.begin(); i != r.end(); ++i) body(i);
    });
  }

  // What an assertion's result needs to know while answers stream in.
  struct Tally {
    bool reachable = false;
    bool unknown = false;
    size_t closest_depth = 0;
    size_t witnesses_to_request = 0;  // definite flows still worth a Z3 witness
  };

  // Folds one pair answer into its assertion's result, in task order.
  void fold(AssertionResult& r, Tally& t, PairAnswer&& a) const {
    ++r.pairs_checked;
    r.paths_explored += a.paths;
    r.solver_calls += a.solver_calls;
    if (a.status == PairStatus::kReachable) {
      t.reachable = true;
      ++r.flows;
      if (a.witness && r.witnesses.size() < options.max_witnesses) r.witnesses.push_back(std::move(*a.witness));
    } else if (a.status == PairStatus::kUnknown) {
      if (!t.unknown || a.internal_error) r.reason = a.reason;
      t.unknown = true;
    } else if (a.blocked && (!r.closest || a.blocked_depth > t.closest_depth)) {
      r.closest = std::move(a.blocked);
      t.closest_depth = a.blocked_depth;
    } else if (!a.blocked && !a.note.empty() && r.reason.empty()) {
      r.reason = a.note;
    }
  }

  void finish(AssertionResult& r, const Tally& t) const {
    bool positive = !negative(r.assertion.kind);
    if (t.reachable) r.verdict = positive ? Verdict::kHolds : Verdict::kViolated;
    else if (t.unknown) r.verdict = Verdict::kUnknown;
    else r.verdict = positive ? Verdict::kViolated : Verdict::kHolds;
    if (r.pairs_checked == 0) r.reason = "no endpoint matches the assertion's selectors";
    if (r.verdict == Verdict::kHolds && negative(r.assertion.kind)) {
      std::string v6 = ipv6Presence(network);
      if (!v6.empty()) {
        r.verdict = Verdict::kUnknown;
        r.reason = "IPv4 is proven, but " + v6 +
                   " has IPv6 addresses, which segproof does not analyse yet";
      }
    }
  }

  // One chunk of tasks through both phases; answers are folded in task
  // order, so results do not depend on the thread count. Chunks bound the
  // memory that per-pair search results take.
  void solveChunk(const std::vector<Task>& tasks, size_t begin, size_t end,
                  std::vector<AssertionResult>& results, std::vector<Tally>& tallies,
                  tbb::enumerable_thread_specific<Worker>& workers) const {
    size_t n = end - begin;
    std::vector<PairSearch> searches(n);
    parallel(n, [&](size_t i) { searches[i] = searchPair(context, tasks[begin + i].question); });
    // Z3 only where it earns its cost: witnesses (up to the limit per
    // assertion) and candidates the interval check could not settle.
    std::vector<bool> needs_solver(n, false);
    for (size_t i = 0; i < n; ++i) {
      const PairAnswer& a = searches[i].answer;
      Tally& t = tallies[tasks[begin + i].result];
      if (!a.definite) {
        needs_solver[i] = true;
      } else if (a.status == PairStatus::kReachable && t.witnesses_to_request > 0) {
        needs_solver[i] = true;
        --t.witnesses_to_request;
      }
    }
    std::vector<PairAnswer> answers(n);
    parallel(n, [&](size_t i) {
      if (!needs_solver[i]) {
        answers[i] = std::move(searches[i].answer);
        return;
      }
      try {
        answers[i] = decidePair(context, workers.local().solver, tasks[begin + i].question, searches[i]);
      } catch (const z3::exception& e) {
        answers[i] = std::move(searches[i].answer);
        answers[i].status = PairStatus::kUnknown;
        answers[i].reason = std::string("the solver failed: ") + e.msg();
      }
      searches[i] = {};
    });
    for (size_t i = 0; i < n; ++i) {
      size_t r = tasks[begin + i].result;
      fold(results[r], tallies[r], std::move(answers[i]));
    }
  }

  std::vector<AssertionResult> run(const std::vector<Assertion>& assertions,
                                   DiagnosticEngine& diags) const {
    Shared shared;
    std::vector<Task> tasks;
    for (size_t i = 0; i < assertions.size(); ++i) plan(assertions[i], i, shared, tasks, diags);
    std::vector<AssertionResult> results(assertions.size());
    std::vector<Tally> tallies(assertions.size());
    for (size_t i = 0; i < assertions.size(); ++i) {
      results[i].assertion = assertions[i];
      tallies[i].witnesses_to_request = options.max_witnesses;
    }
    tbb::enumerable_thread_specific<Worker> workers(options.timeout_ms);
    constexpr size_t kChunk = 16384;
    for (size_t begin = 0; begin < tasks.size(); begin += kChunk)
      solveChunk(tasks, begin, std::min(tasks.size(), begin + kChunk), results, tallies, workers);
    for (size_t i = 0; i < assertions.size(); ++i) finish(results[i], tallies[i]);
    return results;
  }
};

Analyzer::Analyzer(const Network& network, AnalyzerOptions options)
    : impl_(std::make_unique<Impl>(network, options)) {}

Analyzer::~Analyzer() = default;

std::pair<size_t, size_t> Analyzer::topologySize() const {
  return {impl_->topology.placeCount(), impl_->topology.moveCount()};
}

namespace {

int jobsFor(const AnalyzerOptions& o) {
  if (o.jobs > 0) return o.jobs;
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

}  // namespace

CheckReport Analyzer::check(const AssertionSet& assertions, DiagnosticEngine& diags) const {
  auto start = std::chrono::steady_clock::now();
  CheckReport report;
  report.jobs = jobsFor(impl_->options);
  report.inputs = impl_->network.input_files;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<size_t>(report.jobs));
  report.results = impl_->run(assertions.assertions, diags);
  std::string v6 = ipv6Presence(impl_->network);
  if (!v6.empty()) report.notes.push_back("IPv6 is not analysed yet; " + v6 + " has IPv6 addresses");
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

AssertionResult Analyzer::reach(const std::vector<Selector>& from, const std::vector<Selector>& to,
                                const FlowSpec& flow, DiagnosticEngine& diags) const {
  Assertion a;
  a.id = "reach";
  a.kind = AssertionKind::kReachable;
  a.from = from;
  a.to = to;
  a.flow = flow;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<size_t>(jobsFor(impl_->options)));
  return impl_->run({a}, diags).front();
}

}  // namespace segproof
