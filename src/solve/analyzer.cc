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
#include "solve/merge.h"
#include "solve/pair_solver.h"
#include "solve/parallel.h"
#include "solve/qualify.h"
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

std::vector<WitnessPreference> preferencesFor(const Network& network, const AddressSpace& space,
                                              const Station& source, const Station& destination,
                                              const FlowSpec& flow) {
  std::vector<WitnessPreference> prefs;
  // Internet ends read as "some internet address" (203.0.113.10, 2001:db8::a).
  const IntervalSet kDocumentation =
      space.readableInternet().empty() ? IntervalSet() : IntervalSet::point(space.readableInternet().min());
  // A load balancer's node as the source stands for its clients where its
  // target groups preserve their addresses: some internet address reads well.
  bool node = source.kind == Station::Kind::kEndpoints && !source.members.empty() &&
              network.at(source.members.front()).kind == EndpointKind::kLoadBalancer;
  if (source.kind == Station::Kind::kInternet || node) prefs.push_back({Field::kSrcIp, kDocumentation});
  if (destination.kind == Station::Kind::kInternet) prefs.push_back({Field::kDstIp, kDocumentation});
  if (!flow.ports.empty()) {
    uint64_t p = static_cast<uint64_t>(flow.ports.front().from);
    prefs.push_back({Field::kDstPort, IntervalSet::point(p)});
  }
  prefs.push_back({Field::kSrcPort, IntervalSet::point(kReadableSourcePort)});
  return prefs;
}

bool negative(AssertionKind kind) { return kind != AssertionKind::kReachable; }

// The IPv6 the engine does not analyse (docs/aws-modeling.md, "IPv6"):
// dual-stack load balancers' IPv6 clients, and IPv6 routed to a NAT
// gateway (NAT64). "" when there is none; at most three named.
std::string ipv6Gaps(const Network& network) {
  std::vector<std::string> gaps;
  for (const LoadBalancer& lb : network.load_balancers)
    if (lb.dual_stack) gaps.push_back("load balancer " + lb.name + " is dual-stack");
  for (const TargetGroup& g : network.target_groups)
    if (std::any_of(g.targets.begin(), g.targets.end(),
                    [](const LbTarget& t) { return t.ip && !t.ip->isV4(); }))
      gaps.push_back("target group " + g.name + " has IPv6 targets");
  for (const RouteTable& t : network.route_tables)
    for (const Route& r : t.routes)
      if (r.target == RouteTargetKind::kNatGateway && !r.destination_prefix_list.valid() &&
          !r.destination.isV4()) {
        gaps.push_back("route table " + t.name + " sends IPv6 to a NAT gateway (NAT64)");
        break;
      }
  std::string out;
  for (size_t i = 0; i < gaps.size() && i < 3; ++i) out += (i ? "; " : "") + gaps[i];
  if (gaps.size() > 3) out += "; and " + std::to_string(gaps.size() - 3) + " more";
  return out;
}

// The destinations of one assertion's questions, shared by all its sources,
// with what the walks need compiled once.
struct Destinations {
  std::vector<const Station*> stations;
  std::vector<FanTargets> fans;        // the endpoint stations, grouped for walks
  std::vector<size_t> others;          // positions no walk serves (the internet, zones...)
  // Per interface: positions of the stations that hold it.
  std::vector<std::vector<uint32_t>> holding;
  size_t fan_stations = 0;
};

// One sub-problem: one source towards every station of a Destinations, for
// one flow. Pairs whose ends share interfaces, and destinations no walk
// serves, are asked as pair questions.
struct Task {
  size_t result = 0;
  const Station* source = nullptr;
  const Destinations* to = nullptr;
  const HeaderSet* flow = nullptr;
  const std::vector<WitnessPreference>* preferences = nullptr;  // towards endpoints
  std::vector<size_t> excluded;  // positions the walks do not answer for (sorted)
  std::vector<std::pair<size_t, PairQuestion>> pairs;  // (position, question), in order
  size_t pairCount() const { return to->fan_stations - excluded.size() + pairs.size(); }
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

// The sub-problems a run of an engine decides: those numbered first..last-1,
// where the engine's are numbered from `base` in planning order. A shard
// decides a contiguous range of the sub-problems of every engine of the run
// (IPv4, then IPv6), so that merged shards fold their answers in the same
// order as one run (docs/distributed.md).
struct Slice {
  size_t first = 0, last = SIZE_MAX, base = 0;
};

// An engine's result of one assertion, and whether a flow it found avoids
// every VPC with a part left out.
struct Outcome {
  AssertionResult result;
  bool certain_flow = false;
};

// Answers assertions over one network: the topology and encodings compiled
// once, shared read-only by the workers.
struct Engine {
  Engine(const Network& n, AnalyzerOptions o, const UncertainVpcs& u,
         AddressSpace space = AddressSpace::ipv4())
      : network(n),
        options(o),
        uncertain(u),
        topology(n),
        context(n, topology, encodingOptions(o), std::move(space)),
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

  // Stations, destinations, flows and witness preferences shared by the
  // tasks of one plan.
  struct Shared {
    std::deque<Station> stations;
    std::deque<Destinations> destinations;
    std::deque<HeaderSet> flows;
    std::deque<std::vector<WitnessPreference>> preferences;
    std::map<std::pair<int, int>, const std::vector<WitnessPreference>*> by_kinds;
    const FlowSpec* spec = nullptr;  // the flow the cached preferences are for
  };

  const std::vector<WitnessPreference>* preferences(Shared& shared, const Station& s,
                                                   const Station& d, const FlowSpec& spec) const {
    if (shared.spec != &spec) {
      shared.by_kinds.clear();
      shared.spec = &spec;
    }
    // Preferences depend only on the kinds of the two ends (a load
    // balancer's node apart) and the flow.
    int source_kind = static_cast<int>(s.kind);
    if (s.kind == Station::Kind::kEndpoints && network.at(s.members.front()).kind == EndpointKind::kLoadBalancer)
      source_kind = -1;
    auto key = std::make_pair(source_kind, static_cast<int>(d.kind));
    auto it = shared.by_kinds.find(key);
    if (it == shared.by_kinds.end()) {
      shared.preferences.push_back(preferencesFor(network, context.space(), s, d, spec));
      it = shared.by_kinds.emplace(key, &shared.preferences.back()).first;
    }
    return it->second;
  }

  const Destinations* destinations(Shared& shared, std::vector<const Station*> stations) const {
    Destinations& d = shared.destinations.emplace_back();
    d.stations = std::move(stations);
    d.holding.resize(network.interfaces.size());
    std::vector<const Station*> endpoints;
    std::vector<size_t> positions;
    for (size_t i = 0; i < d.stations.size(); ++i) {
      const Station* s = d.stations[i];
      if (s->kind != Station::Kind::kEndpoints) {
        d.others.push_back(i);
        continue;
      }
      for (InterfaceId m : s->members) d.holding[m.value].push_back(static_cast<uint32_t>(i));
      // Without interval pruning every pair goes to the solver on its own.
      if (!options.interval_pruning) {
        d.others.push_back(i);
        continue;
      }
      endpoints.push_back(s);
      positions.push_back(i);
    }
    d.fan_stations = endpoints.size();
    if (!endpoints.empty()) d.fans = fanTargets(context, endpoints, positions);
    return &d;
  }

  void addTasks(std::vector<Task>& tasks, Shared& shared, size_t result,
                const std::vector<const Station*>& from, const Destinations* to, HeaderSet flow,
                const FlowSpec& spec) const {
    shared.flows.push_back(std::move(flow));
    const HeaderSet* f = &shared.flows.back();
    for (const Station* s : from) {
      Task t;
      t.result = result;
      t.source = s;
      t.to = to;
      t.flow = f;
      if (!to->fans.empty()) t.preferences = preferences(shared, *s, *to->fans.front().stations.front(), spec);
      // Destinations that share interfaces with the source, and those no
      // walk serves: pair questions.
      std::vector<size_t> special = to->others;
      if (s->kind == Station::Kind::kEndpoints)
        for (InterfaceId m : s->members)
          for (uint32_t p : to->holding[m.value]) special.push_back(p);
      std::sort(special.begin(), special.end());
      special.erase(std::unique(special.begin(), special.end()), special.end());
      for (size_t p : special) {
        const Station* d = to->stations[p];
        if (d->kind == Station::Kind::kEndpoints && options.interval_pruning) t.excluded.push_back(p);
        addPairQuestions(t, shared, p, s, d, spec);
      }
      tasks.push_back(std::move(t));
    }
  }

  void addPairQuestions(Task& t, Shared& shared, size_t position, const Station* s, const Station* d,
                        const FlowSpec& spec) const {
    auto add = [&](const Station* from, const Station* to) {
      t.pairs.push_back({position, {from, to, t.flow, preferences(shared, *from, *to, spec)}});
    };
    std::vector<InterfaceId> both = sharedMembers(*s, *d);
    if (both.empty() || (s->members.size() == 1 && d->members.size() == 1)) {
      add(s, d);  // one interface at both ends: searchPair says so
      return;
    }
    // An interface does not send to itself: between stations that share
    // interfaces, ask from `s` to the members of `d` it lacks, and for each
    // shared member, from the other members of `s` to it.
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
        addTasks(tasks, shared, result, stations(shared.stations, selectFor(a, "'from'", a.from, diags)),
                 destinations(shared, stations(shared.stations, selectFor(a, "'to'", a.to, diags))),
                 flowHeaders(a.flow), a.flow);
        break;
      case AssertionKind::kIsolated: {
        std::vector<std::vector<const Station*>> segs;
        for (const Segment& seg : a.segments)
          segs.push_back(stations(shared.stations, selectFor(a, "segment '" + seg.name + "'", seg.selectors, diags)));
        // Each segment's sources towards every other segment at once: one
        // walk per source serves them all.
        static const FlowSpec kAny;
        for (size_t i = 0; i < segs.size(); ++i) {
          std::vector<const Station*> others;
          for (size_t j = 0; j < segs.size(); ++j)
            if (j != i) others.insert(others.end(), segs[j].begin(), segs[j].end());
          addTasks(tasks, shared, result, segs[i], destinations(shared, std::move(others)),
                   HeaderSet::all(), kAny);
        }
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
    const Destinations* destination_list = destinations(shared, stations(shared.stations, to));
    static const FlowSpec kAny;
    for (Station& s : refined) {
      HeaderSet permitted;
      for (const AllowedPart& p : parts) {
        if (!stationWithin(s, {p.selection})) continue;
        Cube from;
        from.set(Field::kSrcIp, addressFilterOf(p.selection, context.space()));
        permitted = permitted.unite(p.flow.intersect(from));
      }
      HeaderSet flow = HeaderSet::all().subtract(permitted);
      flow.simplify();
      const Station* src = keep(shared.stations, std::move(s));
      addTasks(tasks, shared, result, {src}, destination_list, flow, kAny);
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
    bool reason_is_note = false;      // r.reason is a pair's note, which a flow makes moot
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
    size_t tasks = 0;              // sub-problems planned (one source towards its destinations)
    size_t total_subproblems = 0;  // of all shards, when sharded
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

  // Folds one pair answer into its assertion's result, in task order (the
  // pair is counted with its task).
  void fold(AssertionResult& r, Tally& t, PairAnswer&& a) const {
    r.paths_explored += a.paths;
    r.solver_calls += a.solver_calls;
    constexpr size_t kMaxInternalErrors = 10;
    for (std::string& e : a.internal_errors)
      if (r.internal_errors.size() < kMaxInternalErrors) r.internal_errors.push_back(std::move(e));
    if (a.status == PairStatus::kReachable) {
      if (t.reason_is_note) r.reason.clear();
      t.reason_is_note = false;
      t.reachable = true;
      t.certain_flow = t.certain_flow || !a.uncertain_path;
      ++r.flows;
      if (a.witness && r.witnesses.size() < options.max_witnesses) r.witnesses.push_back(std::move(*a.witness));
    } else if (a.status == PairStatus::kUnknown) {
      if (!t.unknown || a.internal_error || t.reason_is_note) r.reason = a.reason;
      t.reason_is_note = false;
      t.unknown = true;
    } else if (a.blocked) {
      foldClosest(r, t, std::move(a.blocked), a.blocked_depth);
    } else if (!a.note.empty() && r.reason.empty() && !t.reachable) {
      r.reason = a.note;
      t.reason_is_note = true;
    }
  }

  static void foldClosest(AssertionResult& r, Tally& t, std::optional<BlockedExplanation> b, size_t depth) {
    if (b && (!r.closest || depth > t.closest_depth)) {
      r.closest = std::move(b);
      t.closest_depth = depth;
    }
  }

  void finish(AssertionResult& r, Tally& t) const {
    // The closest blocked path explains a proof: with a flow found there is
    // none (a walk's deepest block may be on the way to a reached target).
    if (t.reachable) {
      r.closest.reset();
      t.closest_depth = 0;
    }
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

  // A pair question the pair search (and perhaps the solver) answers.
  struct Entry {
    PairQuestion question;
    std::optional<PairSearch> search;  // none until phase 2 for witnesses of walk paths
    bool needs_solver = false;
    PairAnswer answer;
  };

  // Something to fold at one position of a task's destinations: a target
  // an exact walk path reaches (reachable, definite), or an entry.
  struct Hit {
    size_t position = 0;
    const Station* destination = nullptr;
    int64_t entry = -1;
  };

  struct TaskResult {
    std::vector<Hit> hits;  // by position
    std::vector<Entry> entries;
    size_t paths = 0;       // paths the walks explored
    std::optional<BlockedExplanation> closest;  // the walks' deepest block
    size_t closest_depth = 0;
    Travelled travelled;
    std::atomic<bool> late{false};
  };

  PairQuestion question(const Task& task, const Station* destination) const {
    return {task.source, destination, task.flow, task.preferences};
  }

  // Phase 1 of a task: the walks, and the pair search of every question the
  // walks cannot settle exactly.
  void searchTask(const Task& task, TaskResult& out, bool collect) const {
    auto addEntry = [&](size_t position, const Station* destination, PairQuestion q) {
      out.hits.push_back({position, destination, static_cast<int64_t>(out.entries.size())});
      Entry& e = out.entries.emplace_back();
      e.question = q;
      e.search = searchPair(context, q);
      return &e;
    };
    for (const FanTargets& fan : task.to->fans) {
      FanSearchResult walk = searchFan(context, *task.source, fan, *task.flow, collect);
      out.paths += walk.paths_explored;
      if (walk.closest && (!out.closest || walk.closest->passed.size() > out.closest_depth)) {
        out.closest = explainBlocked(context, question(task, fan.stations[walk.closest->target]),
                                     *walk.closest);
        out.closest_depth = walk.closest->passed.size();
      }
      if (collect) {
        out.travelled.headers = out.travelled.headers.unite(walk.travelled);
        out.travelled.exact = out.travelled.exact && walk.travelled_exact;
      }
      for (const FanHit& hit : walk.hits) {
        size_t position = fan.positions[hit.target];
        if (std::binary_search(task.excluded.begin(), task.excluded.end(), position)) continue;
        const Station* d = fan.stations[hit.target];
        // Over-approximated or leaving the model: the pair search decides.
        // A flow that may cross a part left out needs its path.
        if (!hit.exact || uncertain.any) addEntry(position, d, question(task, d));
        else out.hits.push_back({position, d, -1});
      }
    }
    for (const auto& [position, q] : task.pairs) {
      Entry* e = addEntry(position, q.destination, q);
      if (collect) {
        Travelled t = travelledBy(e->search->result);
        out.travelled.headers = out.travelled.headers.unite(t.headers);
        out.travelled.exact = out.travelled.exact && t.exact;
      }
    }
    std::stable_sort(out.hits.begin(), out.hits.end(),
                     [](const Hit& a, const Hit& b) { return a.position < b.position; });
    if (collect) out.travelled.headers.simplify();
  }

  static PairAnswer walkAnswer() {
    PairAnswer a;
    a.status = PairStatus::kReachable;
    a.definite = true;
    return a;
  }

  // One chunk of tasks through both phases; answers are folded in task
  // order, so results do not depend on the thread count.
  void solveChunk(const std::vector<Task>& tasks, size_t begin, size_t end,
                  std::vector<AssertionResult>& results, std::vector<Tally>& tallies,
                  tbb::enumerable_thread_specific<Worker>& workers, Budget& budget) const {
    size_t n = end - begin;
    std::vector<TaskResult> found(n);
    bool collect = budget.travelled != nullptr;
    parallel(n, [&](size_t i) {
      if (budget.expired()) {
        found[i].late = true;
      } else {
        searchTask(tasks[begin + i], found[i], collect);
      }
      if (options.progress) options.progress(++budget.decided, budget.tasks);
    });
    // Z3 only where it earns its cost: witnesses (up to the limit per
    // assertion) and candidates the interval check could not settle.
    std::vector<std::pair<size_t, size_t>> jobs;  // (task, entry)
    for (size_t i = 0; i < n; ++i) {
      const Task& task = tasks[begin + i];
      Tally& t = tallies[task.result];
      TaskResult& f = found[i];
      for (Hit& hit : f.hits) {
        if (hit.entry < 0) {
          if (t.witnesses_to_request == 0) continue;
          --t.witnesses_to_request;
          hit.entry = static_cast<int64_t>(f.entries.size());
          Entry& e = f.entries.emplace_back();
          e.question = question(task, hit.destination);
          e.needs_solver = true;
        } else {
          Entry& e = f.entries[static_cast<size_t>(hit.entry)];
          if (!e.search->answer.definite) {
            e.needs_solver = true;
          } else if (e.search->answer.status == PairStatus::kReachable && t.witnesses_to_request > 0) {
            e.needs_solver = true;
            --t.witnesses_to_request;
          }
        }
        if (f.entries[static_cast<size_t>(hit.entry)].needs_solver)
          jobs.emplace_back(i, static_cast<size_t>(hit.entry));
      }
    }
    parallel(jobs.size(), [&](size_t j) {
      TaskResult& f = found[jobs[j].first];
      Entry& e = f.entries[jobs[j].second];
      if (budget.expired()) {
        // A definite answer found without the solver stands; it only lacks
        // its witness.
        if (!e.search) {
          e.answer = walkAnswer();
        } else if (e.search->answer.definite && e.search->answer.status == PairStatus::kReachable) {
          e.answer = std::move(e.search->answer);
          markPath(e.answer, e.question, *e.search);
        } else {
          e.answer = lateAnswer(std::move(e.search->answer));
          f.late = true;
        }
        e.search.reset();
        return;
      }
      if (!e.search) e.search = searchPair(context, e.question);
      try {
        e.answer = decidePair(context, workers.local().solver, simulator, e.question, *e.search);
        markPath(e.answer, e.question, *e.search);
      } catch (const z3::exception& ex) {
        e.answer = std::move(e.search->answer);
        e.answer.status = PairStatus::kUnknown;
        e.answer.reason = std::string("the solver failed: ") + ex.msg();
      }
      e.search.reset();
    });
    for (size_t i = 0; i < n; ++i) {
      const Task& task = tasks[begin + i];
      size_t r = task.result;
      TaskResult& f = found[i];
      AssertionResult& result = results[r];
      Tally& tally = tallies[r];
      result.pairs_checked += task.pairCount();
      if (f.late) ++budget.undecided;
      if (f.late && f.hits.empty()) {
        fold(result, tally, lateAnswer({}));
      } else {
        result.paths_explored += f.paths;
        foldClosest(result, tally, std::move(f.closest), f.closest_depth);
        for (const Hit& hit : f.hits) {
          if (hit.entry < 0) {
            // An exact walk path, no witness asked: a certain flow (with
            // parts left out, every flow has its pair search).
            tally.reachable = true;
            tally.certain_flow = true;
            ++result.flows;
            continue;
          }
          Entry& e = f.entries[static_cast<size_t>(hit.entry)];
          if (!e.needs_solver) {
            e.answer = std::move(e.search->answer);
            markPath(e.answer, e.question, *e.search);
          }
          fold(result, tally, std::move(e.answer));
        }
      }
      if (budget.travelled) {
        Travelled& into = (*budget.travelled)[r];
        into.headers = into.headers.unite(f.travelled.headers);
        into.headers.simplify();
        into.exact = into.exact && f.travelled.exact;
        into.complete = into.complete && !f.late;
      }
    }
  }

  // The number of sub-problems the assertions plan into (for shards).
  size_t plannedTasks(const std::vector<Assertion>& assertions) const {
    size_t total = 0;
    DiagnosticEngine quiet;
    for (size_t i = 0; i < assertions.size(); ++i) {
      Shared shared;
      std::vector<Task> tasks;
      plan(assertions[i], i, shared, tasks, quiet);
      total += tasks.size();
    }
    return total;
  }

  std::vector<Outcome> run(const std::vector<Assertion>& assertions, DiagnosticEngine& diags,
                           Budget& budget, Slice slice = {}) const {
    std::vector<AssertionResult> results(assertions.size());
    std::vector<Tally> tallies(assertions.size());
    for (size_t i = 0; i < assertions.size(); ++i) {
      results[i].assertion = assertions[i];
      tallies[i].witnesses_to_request = options.max_witnesses;
    }
    tbb::enumerable_thread_specific<Worker> workers(options.timeout_ms);
    size_t first = slice.first, last = slice.last, index = slice.base;
    // Assertions are planned and solved a batch at a time (about one chunk
    // of tasks), so that memory follows the model and the batch, not the
    // number of assertions.
    constexpr size_t kChunk = 16384;  // tasks
    for (size_t next = 0; next < assertions.size();) {
      Shared shared;
      std::vector<Task> tasks;
      while (next < assertions.size() && tasks.size() < kChunk) {
        std::vector<Task> planned;
        plan(assertions[next], next, shared, planned, diags);
        for (Task& t : planned) {
          if (index >= first && index < last) tasks.push_back(std::move(t));
          ++index;
        }
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
      results[i].closest_depth = tallies[i].closest_depth;
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
        ipv6(hasIpv6Interfaces(n)),
        main(over ? *over : n, o, uncertain) {}

  const Network& network;
  AnalyzerOptions options;
  bool unknown_rules;
  std::optional<Network> over;  // OVER when it differs from `network`
  UncertainVpcs uncertain;
  bool ipv6;                    // some interface has an IPv6 address: questions have an IPv6 side
  Engine main;                  // IPv4, over `network`, or OVER when rules have unknowns
  // UNDER, compiled at the first question that needs it.
  mutable std::once_flag under_once;
  mutable std::optional<Network> under_network;
  mutable std::unique_ptr<Engine> under;
  // IPv6 (docs/aws-modeling.md, "IPv6"): compiled at the first question,
  // and again when a question names IPv6 blocks its address space lacks.
  // (Built under `running`.)
  struct Ipv6Engines {
    std::vector<Cidr> asked;  // the questions' blocks the space was built with
    std::unique_ptr<Engine> main, under;
  };
  mutable std::optional<Ipv6Engines> v6;

  const Network& underNetwork() const {
    std::call_once(under_once, [this] { under_network = underApproximation(network); });
    return *under_network;
  }

  const Engine& underEngine() const {
    if (!under) under = std::make_unique<Engine>(underNetwork(), options, uncertain);
    return *under;
  }

  static std::vector<Cidr> askedIpv6(const std::vector<Assertion>& assertions) {
    std::vector<Cidr> out;
    auto add = [&](const std::vector<Selector>& list) {
      for (const Selector& s : list)
        if (s.kind == Selector::Kind::kCidr && !s.cidr.isV4()) out.push_back(s.cidr);
    };
    for (const Assertion& a : assertions) {
      add(a.from);
      add(a.to);
      for (const Segment& seg : a.segments) add(seg.selectors);
      for (const AllowedFlow& f : a.allowed) add(f.from);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  // The IPv6 engines for `assertions`.
  const Ipv6Engines& ipv6Engines(const std::vector<Assertion>& assertions) const {
    std::vector<Cidr> asked = askedIpv6(assertions);
    if (v6 && std::includes(v6->asked.begin(), v6->asked.end(), asked.begin(), asked.end())) return *v6;
    if (v6) asked.insert(asked.end(), v6->asked.begin(), v6->asked.end());
    std::sort(asked.begin(), asked.end());
    asked.erase(std::unique(asked.begin(), asked.end()), asked.end());
    std::vector<Cidr> named = namedIpv6Blocks(network);
    named.insert(named.end(), asked.begin(), asked.end());
    v6.reset();
    v6.emplace();
    v6->asked = std::move(asked);
    v6->main = std::make_unique<Engine>(over ? *over : network, options, uncertain, AddressSpace::ipv6(named));
    if (unknown_rules)
      v6->under = std::make_unique<Engine>(underNetwork(), options, uncertain, AddressSpace::ipv6(named));
    return *v6;
  }

  // One family's answers: its engine over `network` (OVER), and with
  // unknown rules also over UNDER, combined.
  std::vector<Outcome> runFamily(const Engine& upper, const Engine* lower_engine,
                                 const std::vector<Assertion>& assertions, DiagnosticEngine& diags,
                                 Engine::Budget& budget, Slice slice) const {
    std::vector<Engine::Travelled>* travelled = budget.travelled;
    std::vector<Outcome> outcomes = upper.run(assertions, diags, budget, slice);
    budget.travelled = nullptr;  // what travels in OVER bounds what travels in UNDER
    if (lower_engine) {
      // The selectors were checked on the first run; their diagnostics once.
      DiagnosticEngine repeated;
      std::vector<Outcome> lower = lower_engine->run(assertions, repeated, budget, slice);
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
    budget.travelled = travelled;
    return outcomes;
  }

  // The engines compiled on demand are shared by calls: one at a time.
  mutable std::mutex running;

  std::vector<AssertionResult> run(const std::vector<Assertion>& assertions,
                                   DiagnosticEngine& diags, Engine::Budget& budget) const {
    std::lock_guard lock(running);
    const Ipv6Engines* six = ipv6 ? &ipv6Engines(assertions) : nullptr;
    Slice slice4, slice6;
    if (options.shard_count > 1) {
      size_t total4 = main.plannedTasks(assertions);
      size_t total = total4 + (six ? six->main->plannedTasks(assertions) : 0);
      auto bound = [&](size_t k) { return total * k / static_cast<size_t>(options.shard_count); };
      size_t first = bound(static_cast<size_t>(options.shard_index));
      size_t last = bound(static_cast<size_t>(options.shard_index) + 1);
      slice4 = {first, last, 0};
      slice6 = {first, last, total4};
      budget.total_subproblems = total;
    }
    std::vector<Outcome> outcomes =
        runFamily(main, unknown_rules ? &underEngine() : nullptr, assertions, diags, budget, slice4);
    if (six) {
      DiagnosticEngine repeated;
      std::vector<Outcome> other =
          runFamily(*six->main, six->under.get(), assertions, repeated, budget, slice6);
      for (size_t i = 0; i < outcomes.size(); ++i)
        outcomes[i] = combineFamilies(std::move(outcomes[i]), std::move(other[i]));
    }
    std::vector<AssertionResult> results;
    results.reserve(outcomes.size());
    for (Outcome& o : outcomes) {
      qualify(o);
      results.push_back(std::move(o.result));
    }
    return results;
  }

  // IPv4's and IPv6's answers to one assertion, folded as shards are
  // (merge.h): a flow in either is a flow, a proof needs both.
  Outcome combineFamilies(Outcome four, Outcome six) const {
    four.result.certain_flow = four.certain_flow;
    six.result.certain_flow = six.certain_flow;
    Outcome out;
    out.result = foldResults({&four.result, &six.result}, options.max_witnesses);
    out.certain_flow = out.result.certain_flow;
    return out;
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
    std::string gaps = ipv6Gaps(network);
    if (!gaps.empty()) notes.push_back("IPv6 that segproof does not analyse: " + gaps);
  }

  // What the analysis leaves out makes some verdicts unknown (qualify.h);
  // a shard leaves it to `segproof merge`.
  void qualify(Outcome& o) const {
    o.result.certain_flow = o.certain_flow;
    if (options.shard_count > 1) return;
    qualifyResult(o.result, uncertain.any ? uncertaintiesText(network) : "", ipv6Gaps(network));
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
  if (impl_->options.shard_count > 1) {
    ShardInfo shard;
    shard.index = impl_->options.shard_index;
    shard.count = impl_->options.shard_count;
    shard.subproblems = budget.tasks;
    shard.subproblems_total = budget.total_subproblems;
    if (impl_->uncertain.any) shard.uncertain_parts = uncertaintiesText(impl_->network);
    shard.ipv6 = ipv6Gaps(impl_->network);
    report.shard = std::move(shard);
  }
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
    for (const Interval& p : ports.other_numbers.intervals())
      cell.other_protocol_numbers.push_back({static_cast<int>(p.lo), static_cast<int>(p.hi)});
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
