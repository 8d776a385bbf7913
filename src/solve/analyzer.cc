// Analyzer: assertions -> pair questions -> two parallel phases -> verdicts.
//
// An Engine answers assertions over one network. When rules have unknown
// values the Analyzer runs two engines, over OVER and UNDER (unknowns.h), and
// combines their verdicts; otherwise one engine over the network itself.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "encode/path_search.h"
#include "graph/topology.h"
#include "segproof/segproof.h"
#include "solve/pair_solver.h"
#include "solve/parallel.h"
#include "solve/stations.h"
#include "solve/unknowns.h"

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

// Whether a flow's path crosses a subnet of a VPC with a part left out.
bool crossesUncertainty(const Network& network, const UncertainVpcs& uncertain,
                        const PairQuestion& question, const PathFormula& path) {
  if (uncertain.everywhere) return true;
  auto marked = [&](SubnetId subnet) {
    return subnet.valid() && network.at(subnet).vpc.valid() &&
           uncertain.vpcs[network.at(subnet).vpc.value];
  };
  for (const Station* end : {question.source, question.destination})
    if (end->kind == Station::Kind::kEndpoints && marked(end->subnet)) return true;
  return std::any_of(path.hops.begin(), path.hops.end(),
                     [&](const Hop& h) { return marked(h.subnet); });
}

// An engine's result of one assertion, and whether a flow it found avoids
// every VPC with a part left out.
struct Outcome {
  AssertionResult result;
  bool certain_flow = false;
};

// Answers assertions over one network: the topology and encodings compiled
// once, shared read-only by the workers.
struct Engine {
  Engine(const Network& n, AnalyzerOptions o, const UncertainVpcs& u)
      : network(n),
        options(o),
        uncertain(u),
        topology(n),
        context(n, topology, encodingOptions(o)),
        simulator(n, SimOptions{o.ephemeral_from, o.ephemeral_to}) {}

  static EncodingOptions encodingOptions(const AnalyzerOptions& o) {
    EncodingOptions e;
    e.ephemeral_from = static_cast<uint16_t>(o.ephemeral_from);
    e.ephemeral_to = static_cast<uint16_t>(o.ephemeral_to);
    e.interval_pruning = o.interval_pruning;
    return e;
  }

  const Network& network;
  AnalyzerOptions options;
  const UncertainVpcs& uncertain;
  Topology topology;
  EncodingContext context;
  Simulator simulator;  // replays every witness before it is reported

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
    auto add = [&](const Station* s, const Station* d) {
      auto key = std::make_pair(static_cast<int>(s->kind), static_cast<int>(d->kind));
      auto it = prefs.find(key);
      if (it == prefs.end()) {
        shared.preferences.push_back(preferencesFor(*s, *d, spec));
        it = prefs.emplace(key, &shared.preferences.back()).first;
      }
      tasks.push_back({result, {s, d, f, it->second}});
    };
    for (const Station* s : from)
      for (const Station* d : to) {
        std::vector<InterfaceId> both = sharedMembers(*s, *d);
        if (both.empty() || (s->members.size() == 1 && d->members.size() == 1)) {
          add(s, d);  // one interface at both ends: searchPair says so
          continue;
        }
        // An interface does not send to itself: between stations that share
        // interfaces, ask from `s` to the members of `d` it lacks, and for
        // each shared member, from the other members of `s` to it.
        std::vector<InterfaceId> rest;
        for (InterfaceId id : d->members)
          if (!std::binary_search(both.begin(), both.end(), id)) rest.push_back(id);
        if (!rest.empty()) add(s, keep(shared.stations, narrowStation(context, *d, rest)));
        for (InterfaceId x : both) {
          std::vector<InterfaceId> others;
          for (InterfaceId id : s->members)
            if (id != x) others.push_back(id);
          if (others.empty()) continue;
          add(keep(shared.stations, narrowStation(context, *s, std::move(others))),
              keep(shared.stations, narrowStation(context, *d, {x})));
        }
      }
  }

  // The interfaces two endpoint stations share, sorted.
  static std::vector<InterfaceId> sharedMembers(const Station& a, const Station& b) {
    if (a.kind != Station::Kind::kEndpoints || b.kind != Station::Kind::kEndpoints) return {};
    std::vector<InterfaceId> x = a.members, y = b.members, out;
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    std::set_intersection(x.begin(), x.end(), y.begin(), y.end(), std::back_inserter(out));
    return out;
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
    std::vector<Station> refined = refineStations(context, buildStations(context, sources), singles);
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
    parallelFor(n, std::forward<F>(body));
  }

  // What an assertion's result needs to know while answers stream in.
  struct Tally {
    bool reachable = false;
    bool certain_flow = false;  // a flow found avoids every VPC with a part left out
    bool unknown = false;
    size_t closest_depth = 0;
    size_t witnesses_to_request = 0;  // definite flows still worth a Z3 witness
  };

  // The headers that travel between the ends of one result's pairs (the
  // union of the candidate paths' final header sets), for the segment
  // matrix; complete is false when some pair was not searched (deadline).
  struct Travelled {
    HeaderSet headers;
    bool exact = true;
    bool complete = true;
  };

  // What the interval check lets travel in one pair's search. A pair whose
  // ends may be the same interface leaves out the cubes whose only packets
  // go from an address to that same address: every other cube holds a
  // packet between two addresses, so the ports stay exact.
  // Only the protocol and destination port of each header are kept: that
  // is what the matrix shows, and the union over thousands of pairs stays a
  // handful of cubes.
  static Travelled travelledBy(const PathSearchResult& search) {
    Travelled t;
    for (const PathFormula& path : search.candidates) {
      t.exact = t.exact && path.set_exact && !path.opaque_end;
      if (path.opaque_end) continue;
      for (const Cube& cube : path.final_set.cubes()) {
        const IntervalSet& src = cube[Field::kSrcIp];
        if (path.distinct_endpoints && src.count() == 1 && src == cube[Field::kDstIp]) continue;
        Cube service;
        service.set(Field::kProtocol, cube[Field::kProtocol]);
        service.set(Field::kDstPort, cube[Field::kDstPort]);
        t.headers = t.headers.unite(HeaderSet(service));
      }
    }
    t.headers.simplify();
    return t;
  }

  // When the work must stop, and how much of it was left undone.
  struct Budget {
    std::optional<std::chrono::steady_clock::time_point> deadline;
    std::atomic<size_t> undecided{0};
    std::atomic<size_t> decided{0};  // answered, for the progress callback
    size_t tasks = 0;
    // When set (the segment matrix), what travels is collected per result.
    std::vector<Travelled>* travelled = nullptr;
    bool expired() const { return deadline && std::chrono::steady_clock::now() >= *deadline; }
  };

  static PairAnswer lateAnswer(PairAnswer a) {
    a.status = PairStatus::kUnknown;
    a.definite = true;
    a.witness.reset();
    a.reason = "the deadline passed before this was decided (--deadline)";
    return a;
  }

  // Folds one pair answer into its assertion's result, in task order.
  void fold(AssertionResult& r, Tally& t, PairAnswer&& a) const {
    ++r.pairs_checked;
    r.paths_explored += a.paths;
    r.solver_calls += a.solver_calls;
    constexpr size_t kMaxInternalErrors = 10;
    for (std::string& e : a.internal_errors)
      if (r.internal_errors.size() < kMaxInternalErrors) r.internal_errors.push_back(std::move(e));
    if (a.status == PairStatus::kReachable) {
      t.reachable = true;
      t.certain_flow = t.certain_flow || !a.uncertain_path;
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
  }

  // The flow's path of a reachable answer, while the search still holds it.
  void markPath(PairAnswer& a, const PairQuestion& q, const PairSearch& search) const {
    if (!uncertain.any || a.status != PairStatus::kReachable || a.path < 0) return;
    a.uncertain_path = crossesUncertainty(network, uncertain, q, search.result.candidates[a.path]);
  }

  // One chunk of tasks through both phases; answers are folded in task
  // order, so results do not depend on the thread count. Chunks bound the
  // memory that per-pair search results take.
  void solveChunk(const std::vector<Task>& tasks, size_t begin, size_t end,
                  std::vector<AssertionResult>& results, std::vector<Tally>& tallies,
                  tbb::enumerable_thread_specific<Worker>& workers, Budget& budget) const {
    size_t n = end - begin;
    std::vector<PairSearch> searches(n);
    std::vector<Travelled> travelled(budget.travelled ? n : 0);
    parallel(n, [&](size_t i) {
      if (budget.expired()) {
        searches[i].answer = lateAnswer({});
        ++budget.undecided;
        if (budget.travelled) travelled[i].complete = false;
        return;
      }
      searches[i] = searchPair(context, tasks[begin + i].question);
      if (budget.travelled) travelled[i] = travelledBy(searches[i].result);
    });
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
    auto answer = [&](size_t i) {
      const PairQuestion& q = tasks[begin + i].question;
      if (!needs_solver[i]) {
        answers[i] = std::move(searches[i].answer);
        markPath(answers[i], q, searches[i]);
        return;
      }
      if (budget.expired()) {
        // A definite answer found without the solver stands; it only lacks
        // its witness.
        PairAnswer& a = searches[i].answer;
        if (a.definite && a.status == PairStatus::kReachable) {
          answers[i] = std::move(a);
          markPath(answers[i], q, searches[i]);
        } else {
          answers[i] = lateAnswer(std::move(a));
          ++budget.undecided;
        }
        searches[i] = {};
        return;
      }
      try {
        answers[i] = decidePair(context, workers.local().solver, simulator, q, searches[i]);
        markPath(answers[i], q, searches[i]);
      } catch (const z3::exception& e) {
        answers[i] = std::move(searches[i].answer);
        answers[i].status = PairStatus::kUnknown;
        answers[i].reason = std::string("the solver failed: ") + e.msg();
      }
      searches[i] = {};
    };
    parallel(n, [&](size_t i) {
      answer(i);
      if (options.progress) options.progress(++budget.decided, budget.tasks);
    });
    for (size_t i = 0; i < n; ++i) {
      size_t r = tasks[begin + i].result;
      fold(results[r], tallies[r], std::move(answers[i]));
      if (budget.travelled) {
        Travelled& into = (*budget.travelled)[r];
        into.headers = into.headers.unite(travelled[i].headers);
        into.headers.simplify();
        into.exact = into.exact && travelled[i].exact;
        into.complete = into.complete && travelled[i].complete;
      }
    }
  }

  std::vector<Outcome> run(const std::vector<Assertion>& assertions, DiagnosticEngine& diags,
                           Budget& budget) const {
    std::vector<AssertionResult> results(assertions.size());
    std::vector<Tally> tallies(assertions.size());
    for (size_t i = 0; i < assertions.size(); ++i) {
      results[i].assertion = assertions[i];
      tallies[i].witnesses_to_request = options.max_witnesses;
    }
    tbb::enumerable_thread_specific<Worker> workers(options.timeout_ms);
    // Assertions are planned and solved a batch at a time (about one chunk
    // of tasks), so that memory follows the model and the batch, not the
    // number of assertions.
    constexpr size_t kChunk = 16384;
    for (size_t next = 0; next < assertions.size();) {
      Shared shared;
      std::vector<Task> tasks;
      while (next < assertions.size() && tasks.size() < kChunk) {
        plan(assertions[next], next, shared, tasks, diags);
        ++next;
      }
      budget.tasks += tasks.size();
      for (size_t begin = 0; begin < tasks.size(); begin += kChunk)
        solveChunk(tasks, begin, std::min(tasks.size(), begin + kChunk), results, tallies, workers,
                   budget);
    }
    std::vector<Outcome> out(assertions.size());
    for (size_t i = 0; i < assertions.size(); ++i) {
      finish(results[i], tallies[i]);
      out[i] = {std::move(results[i]), tallies[i].certain_flow};
    }
    return out;
  }
};

}  // namespace

struct Analyzer::Impl {
  Impl(const Network& n, AnalyzerOptions o)
      : network(n),
        options(o),
        unknown_rules(hasUnknownRules(n)),
        over(unknown_rules ? overApproximation(n) : std::nullopt),
        uncertain(uncertainVpcs(n)),
        main(over ? *over : n, o, uncertain) {}

  const Network& network;
  AnalyzerOptions options;
  bool unknown_rules;
  std::optional<Network> over;  // OVER when it differs from `network`
  UncertainVpcs uncertain;
  Engine main;                  // over `network`, or OVER when rules have unknowns
  // UNDER, compiled at the first question that needs it.
  mutable std::once_flag under_once;
  mutable std::optional<Network> under_network;
  mutable std::unique_ptr<Engine> under;

  const Engine& underEngine() const {
    std::call_once(under_once, [this] {
      under_network = underApproximation(network);
      under = std::make_unique<Engine>(*under_network, options, uncertain);
    });
    return *under;
  }

  std::vector<AssertionResult> run(const std::vector<Assertion>& assertions,
                                   DiagnosticEngine& diags, Engine::Budget& budget) const {
    std::vector<Outcome> outcomes = main.run(assertions, diags, budget);
    budget.travelled = nullptr;  // what travels in OVER bounds what travels in UNDER
    if (unknown_rules) {
      // The selectors were checked on the first run; their diagnostics once.
      DiagnosticEngine repeated;
      std::vector<Outcome> lower = underEngine().run(assertions, repeated, budget);
      for (size_t i = 0; i < outcomes.size(); ++i) {
        bool from_under = witnessVerdict(lower[i].result);
        std::vector<std::string> errors = outcomes[i].result.internal_errors;
        for (const std::string& e : lower[i].result.internal_errors) errors.push_back(e);
        outcomes[i].result =
            combineBounds(network, std::move(outcomes[i].result), std::move(lower[i].result));
        if (from_under) outcomes[i].certain_flow = lower[i].certain_flow;
        outcomes[i].result.internal_errors = std::move(errors);
      }
    }
    std::vector<AssertionResult> results;
    results.reserve(outcomes.size());
    for (Outcome& o : outcomes) {
      qualify(o);
      results.push_back(std::move(o.result));
    }
    return results;
  }

  // What the analysis leaves out, for every report.
  void addNotes(std::vector<std::string>& notes) const {
    if (unknown_rules)
      notes.push_back(
          "rules with unknown values count as possibly as wide as written, possibly absent: " +
          ruleUnknownsText(network));
    if (uncertain.any)
      notes.push_back("parts of the network are left out for unknown values: " +
                      uncertaintiesText(network));
    std::string v6 = ipv6Presence(network);
    if (!v6.empty()) notes.push_back("IPv6 is not analysed yet; " + v6 + " has IPv6 addresses");
  }

  // What the analysis leaves out makes some verdicts unknown: a proof does
  // not cover parts left out for unknown values, nor IPv6; a flow through a
  // VPC with such a part may not exist as found.
  void qualify(Outcome& o) const {
    AssertionResult& r = o.result;
    if (r.verdict == Verdict::kUnknown) return;
    if (uncertain.any && (!witnessVerdict(r) || !o.certain_flow)) {
      r.reason = witnessVerdict(r)
                     ? "every flow found crosses a VPC with parts left out for unknown values: "
                     : "the proof does not cover parts left out for unknown values: ";
      r.reason += uncertaintiesText(network);
      r.verdict = Verdict::kUnknown;
      r.witnesses.clear();
      r.flows = 0;
      return;
    }
    if (r.verdict == Verdict::kHolds && negative(r.assertion.kind)) {
      std::string v6 = ipv6Presence(network);
      if (!v6.empty()) {
        r.verdict = Verdict::kUnknown;
        r.reason = "IPv4 is proven, but " + v6 +
                   " has IPv6 addresses, which segproof does not analyse yet";
      }
    }
  }
};

Analyzer::Analyzer(const Network& network, AnalyzerOptions options)
    : impl_(std::make_unique<Impl>(network, options)) {}

Analyzer::~Analyzer() = default;

std::pair<size_t, size_t> Analyzer::topologySize() const {
  return {impl_->main.topology.placeCount(), impl_->main.topology.moveCount()};
}

namespace {

std::optional<std::chrono::steady_clock::time_point> deadlineFor(
    const AnalyzerOptions& o, std::chrono::steady_clock::time_point start) {
  if (o.deadline_ms == 0) return std::nullopt;
  return start + std::chrono::milliseconds(o.deadline_ms);
}

std::string secondsText(unsigned ms) {
  char text[32];
  std::snprintf(text, sizeof text, "%g s", ms / 1000.0);
  return text;
}

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
  Engine::Budget budget;
  budget.deadline = deadlineFor(impl_->options, start);
  report.results = impl_->run(assertions.assertions, diags, budget);
  if (size_t late = budget.undecided.load(); late > 0)
    report.notes.push_back("the deadline (" + secondsText(impl_->options.deadline_ms) +
                           ") passed with " + std::to_string(late) + " of " +
                           std::to_string(budget.tasks) +
                           " sub-problems undecided; the assertions they touch are unknown "
                           "unless a flow already decided them");
  for (const AssertionResult& r : report.results)
    for (const std::string& e : r.internal_errors)
      report.internal_errors.push_back(r.assertion.id + ": " + e);
  impl_->addNotes(report.notes);
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
  Engine::Budget budget;
  budget.deadline = deadlineFor(impl_->options, std::chrono::steady_clock::now());
  return impl_->run({a}, diags, budget).front();
}

SegmentMatrix Analyzer::matrix(const std::vector<Segment>& segments,
                              DiagnosticEngine& diags) const {
  auto start = std::chrono::steady_clock::now();
  SegmentMatrix m;
  m.jobs = jobsFor(impl_->options);
  m.inputs = impl_->network.input_files;
  m.segments = segments;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<size_t>(m.jobs));
  auto internetOnly = [](const Segment& s) {
    return std::all_of(s.selectors.begin(), s.selectors.end(),
                       [](const Selector& x) { return x.kind == Selector::Kind::kInternet; });
  };
  // One `reachable` question per cell, all solved together: the verdict
  // (a witness or a proof) comes from the engine as for any assertion.
  size_t n = segments.size();
  m.cells.assign(n, std::vector<MatrixCell>(n));
  std::vector<Assertion> questions;
  std::vector<std::pair<size_t, size_t>> where;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      if (i == j && internetOnly(segments[i])) {
        m.cells[i][j].asked = false;
        m.cells[i][j].reason = "not asked: the internet to itself";
        continue;
      }
      Assertion a;
      a.id = segments[i].name + " -> " + segments[j].name;
      a.kind = AssertionKind::kReachable;
      a.from = segments[i].selectors;
      a.to = segments[j].selectors;
      questions.push_back(std::move(a));
      where.emplace_back(i, j);
    }
  Engine::Budget budget;
  budget.deadline = deadlineFor(impl_->options, start);
  // What travels is collected while the verdicts are decided: the same
  // searches, no second pass.
  std::vector<Engine::Travelled> travelled(questions.size());
  budget.travelled = &travelled;
  std::vector<AssertionResult> results = impl_->run(questions, diags, budget);
  bool bounded = impl_->unknown_rules;  // ports found over OVER: an upper bound
  for (size_t q = 0; q < results.size(); ++q) {
    AssertionResult& r = results[q];
    auto [i, j] = where[q];
    MatrixCell& cell = m.cells[i][j];
    cell.verdict = r.verdict;
    cell.flows = r.flows;
    cell.reason = r.reason;
    if (!r.witnesses.empty()) cell.witness = std::move(r.witnesses.front());
    cell.closest = std::move(r.closest);
    for (const std::string& e : r.internal_errors) m.internal_errors.push_back(r.assertion.id + ": " + e);
    if (r.verdict != Verdict::kHolds) continue;
    const Engine::Travelled& t = travelled[q];
    if (!t.complete) {
      // Some pairs were never searched: what was collected is a lower
      // bound, which the cell does not show as its ports.
      cell.exact = false;
      cell.reason = "the deadline passed before every pair was searched: the ports are not known";
      continue;
    }
    PortsByProtocol ports = portsByProtocol(t.headers);
    for (const Interval& p : ports.tcp.intervals())
      cell.tcp.push_back({static_cast<int>(p.lo), static_cast<int>(p.hi)});
    for (const Interval& p : ports.udp.intervals())
      cell.udp.push_back({static_cast<int>(p.lo), static_cast<int>(p.hi)});
    cell.icmp = ports.icmp;
    cell.other_protocols = ports.other;
    cell.exact = t.exact && !bounded && !ports.empty();
  }
  if (size_t late = budget.undecided.load(); late > 0)
    m.notes.push_back("the deadline (" + secondsText(impl_->options.deadline_ms) + ") passed with " +
                      std::to_string(late) + " of " + std::to_string(budget.tasks) +
                      " sub-problems undecided; the cells they touch are unknown unless a flow "
                      "already decided them");
  impl_->addNotes(m.notes);
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return m;
}

}  // namespace segproof
