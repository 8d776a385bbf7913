// segproof_naive: the engine as shipped against a naive encoding, on the same
// network, in one process: both times, their ratio, and the verdicts side by
// side.
//
//   segproof_naive [--interfaces N | --shape enterprise --scale F | --model FILE]
//                  [--seed S] [--jobs J] [--timeout-ms T]
//
// The network is generated (generate_network.h; default --interfaces 100) or
// read from --model. Both sides answer the built-in pack (builtinAssertions):
//   engine: Analyzer::check, as `segproof check` runs it, with --jobs workers
//           (default 1, so that both sides use one core);
//   naive:  for every (source, destination) pair an assertion covers, one
//           interface (or the internet) at each end, and for each port or
//           port range its flow names (the whole flow when it names none),
//           one query: every topological candidate path (searchPaths with
//           interval pruning off, so nothing is settled without the solver)
//           goes to Z3 through a PathSolver on a FRESH z3::context made for
//           that query. The query is answered when a path is satisfiable;
//           an opaque path end or a solver that gives up makes it unknown.
//           Every query is asked: nothing stops at the first flow.
// An assertion's naive verdict follows the engine's rule (Analyzer finish()):
// a negative assertion (unreachable, isolated, only) is violated iff some
// query found a flow, else unknown iff some query was unknown, else it holds;
// `reachable` the other way round. `only` assertions are not asked by the
// naive side (the pack has none); they would be reported as not compared.
//
// Times are wall time by std::chrono::steady_clock: the naive side once (it
// takes minutes), the engine the median of --runs runs. PathSolver::check
// minimises the witness of a satisfiable path (a binary search per header
// field), so the time of the queries that found a flow is reported apart.
// Output is Markdown on stdout. Exit status: 0 when every verdict is equal,
// 1 when some differ (or a side failed), 2 for bad arguments.
#include <unistd.h>
#include <z3++.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "encode/path_search.h"
#include "encode/z3_encoder.h"
#include "generate_network.h"
#include "graph/topology.h"
#include "segproof/segproof.h"
#include "solve/stations.h"

namespace segproof::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int interfaces = 100;
  bool enterprise = false;
  double scale = 0;
  std::string model;
  uint64_t seed = 1;
  int jobs = 1;
  int runs = 3;
  unsigned timeout_ms = 10000;
};

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The ends of one assertion role: one station per interface, the internet,
// and each on-premises zone, as the selections name them.
struct Ends {
  std::vector<size_t> stations;  // indices into NaiveChecker::stations_
};

struct NaiveAnswer {
  Verdict verdict = Verdict::kHolds;
  size_t queries = 0;
  size_t flows = 0;  // queries that found a flow
  size_t unknown = 0;
  size_t paths = 0;  // candidate paths sent to Z3
  size_t solver_calls = 0;
  double flow_seconds = 0;  // spent in the queries that found a flow
};

class NaiveChecker {
 public:
  NaiveChecker(const Network& network, unsigned timeout_ms)
      : network_(network),
        topology_(network),
        context_(network, topology_, options()),
        timeout_ms_(timeout_ms) {
    for (size_t i = 0; i < network.interfaces.size(); ++i) {
      Selection one;
      one.interfaces = {InterfaceId{static_cast<int32_t>(i)}};
      std::vector<Station> built = buildStations(context_, {one});
      interface_station_.push_back(built.empty() ? kNone : keep(std::move(built.front())));
    }
    Selection internet;
    internet.internet = true;
    for (Station& s : buildStations(context_, {internet})) internet_station_ = keep(std::move(s));
  }

  NaiveAnswer answer(const Assertion& a, DiagnosticEngine& diags) {
    NaiveAnswer out;
    switch (a.kind) {
      case AssertionKind::kUnreachable:
      case AssertionKind::kReachable: {
        Ends from = ends(a.from, diags), to = ends(a.to, diags);
        for (const HeaderSet& flow : flowsOf(a.flow)) askAll(from, to, flow, out);
        break;
      }
      case AssertionKind::kIsolated: {
        std::vector<Ends> segments;
        for (const Segment& s : a.segments) segments.push_back(ends(s.selectors, diags));
        for (size_t i = 0; i < segments.size(); ++i)
          for (size_t j = 0; j < segments.size(); ++j)
            if (i != j) askAll(segments[i], segments[j], HeaderSet::all(), out);
        break;
      }
      case AssertionKind::kOnly:
        return out;  // not compared (the caller says so)
    }
    bool positive = a.kind == AssertionKind::kReachable;
    if (out.flows > 0)
      out.verdict = positive ? Verdict::kHolds : Verdict::kViolated;
    else if (out.unknown > 0)
      out.verdict = Verdict::kUnknown;
    else
      out.verdict = positive ? Verdict::kViolated : Verdict::kHolds;
    return out;
  }

 private:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  static EncodingOptions options() {
    EncodingOptions o;
    o.interval_pruning = false;
    return o;
  }

  size_t keep(Station s) {
    stations_.push_back(std::move(s));
    return stations_.size() - 1;
  }

  Ends ends(const std::vector<Selector>& selectors, DiagnosticEngine& diags) {
    std::vector<bool> seen(stations_.size(), false);
    Ends out;
    auto add = [&](size_t station) {
      if (station == kNone || seen[station]) return;
      seen[station] = true;
      out.stations.push_back(station);
    };
    for (const Selection& s : resolveSelectors(selectors, network_, diags)) {
      // The pack has no cidr: filters; a filtered selection would need its
      // stations narrowed, which the naive side does not do.
      for (InterfaceId i : s.interfaces) add(interface_station_[static_cast<size_t>(i.value)]);
      if (s.internet) add(internet_station_);
      for (GatewayId g : s.external) {
        Selection zone;
        zone.external = {g};
        for (Station& z : buildStations(context_, {zone})) {
          stations_.push_back(std::move(z));
          seen.push_back(false);
          add(stations_.size() - 1);
        }
      }
    }
    std::sort(out.stations.begin(), out.stations.end());
    return out;
  }

  // One header set per port or port range of the flow, or the whole flow.
  static std::vector<HeaderSet> flowsOf(const FlowSpec& flow) {
    auto one = [&](std::optional<PortRange> ports) {
      Cube cube;
      if (flow.protocol != kAnyProtocol)
        cube.set(Field::kProtocol, IntervalSet::point(static_cast<uint64_t>(flow.protocol)));
      if (ports) {
        IntervalSet set;
        set.add(static_cast<uint64_t>(ports->from), static_cast<uint64_t>(ports->to));
        cube.set(Field::kDstPort, set);
      }
      return HeaderSet(cube);
    };
    std::vector<HeaderSet> out;
    for (const PortRange& p : flow.ports) out.push_back(one(p));
    if (out.empty()) out.push_back(one(std::nullopt));
    return out;
  }

  void askAll(const Ends& from, const Ends& to, const HeaderSet& flow, NaiveAnswer& out) {
    for (size_t s : from.stations)
      for (size_t d : to.stations)
        if (s != d) ask(stations_[s], stations_[d], flow, out);
  }

  // One query: a fresh context and solver, every candidate path to Z3.
  void ask(const Station& source, const Station& destination, const HeaderSet& flow,
           NaiveAnswer& out) {
    ++out.queries;
    auto start = Clock::now();
    PathSearchResult search = searchPaths(context_, source, destination, flow);
    z3::context z3;
    PathSolver solver(z3, timeout_ms_);
    bool unknown = false;
    for (const PathFormula& path : search.candidates) {
      if (path.opaque_end) {
        unknown = true;
        continue;
      }
      ++out.paths;
      PathSolver::Outcome o;
      try {
        o = solver.check(path);
      } catch (const z3::exception&) {
        o.status = PathSolver::Status::kUnknown;
      }
      if (o.status == PathSolver::Status::kSat) {
        ++out.flows;
        out.solver_calls += solver.calls();
        out.flow_seconds += secondsSince(start);
        return;
      }
      if (o.status == PathSolver::Status::kUnknown) unknown = true;
    }
    out.solver_calls += solver.calls();
    if (unknown) ++out.unknown;
  }

  const Network& network_;
  Topology topology_;
  EncodingContext context_;
  unsigned timeout_ms_;
  std::vector<Station> stations_;
  std::vector<size_t> interface_station_;  // per interface; kNone when it has no station
  size_t internet_station_ = kNone;
};

bool parseOptions(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i];
    std::string value = argv[i + 1];
    char* end = nullptr;
    double number = std::strtod(value.c_str(), &end);
    bool numeric = end == value.c_str() + value.size() && number >= 0;
    if (flag == "--model")
      o.model = value;
    else if (flag == "--shape" && value == "enterprise")
      o.enterprise = true;
    else if (!numeric)
      return false;
    else if (flag == "--scale" && number > 0)
      o.scale = number;
    else if (flag == "--interfaces")
      o.interfaces = static_cast<int>(number);
    else if (flag == "--seed")
      o.seed = static_cast<uint64_t>(number);
    else if (flag == "--jobs" && number >= 1)
      o.jobs = static_cast<int>(number);
    else if (flag == "--runs" && number >= 1)
      o.runs = static_cast<int>(number);
    else if (flag == "--timeout-ms")
      o.timeout_ms = static_cast<unsigned>(number);
    else
      return false;
  }
  if (o.enterprise && o.scale == 0) o.scale = 0.01;
  return argc % 2 == 1;
}

// The model file to read: --model, or a generated one in the temp folder.
std::optional<std::string> modelFile(const Options& o, NetworkCounts& counts, std::string& what) {
  if (!o.model.empty()) {
    what = o.model;
    return o.model;
  }
  NetworkShape shape =
      o.enterprise ? enterpriseShape(o.scale, o.seed) : shapeForInterfaces(o.interfaces, o.seed);
  if (std::string problem = checkShape(shape); !problem.empty()) {
    std::cerr << "segproof_naive: " << problem << "\n";
    return std::nullopt;
  }
  std::string path = (std::filesystem::temp_directory_path() /
                      ("segproof-naive-" + std::to_string(::getpid()) + ".yaml"))
                         .string();
  std::ofstream out(path);
  counts = writeNetworkYaml(shape, out);
  char scale[32];
  std::snprintf(scale, sizeof scale, "%g", o.scale);
  what = o.enterprise ? "segproof_gen --shape enterprise --scale " + std::string(scale)
                      : "segproof_gen --interfaces " + std::to_string(o.interfaces);
  what += " --seed " + std::to_string(o.seed);
  return path;
}

std::string fixed(double value, int digits) {
  char text[32];
  std::snprintf(text, sizeof text, "%.*f", digits, value);
  return text;
}

}  // namespace
}  // namespace segproof::bench

int main(int argc, char** argv) {
  using namespace segproof;
  using namespace segproof::bench;
  Options options;
  if (!parseOptions(argc, argv, options)) {
    std::cerr
        << "usage: segproof_naive [--interfaces N | --shape enterprise --scale F | --model FILE]\n"
           "                      [--seed S] [--jobs J] [--runs R] [--timeout-ms T]\n";
    return 2;
  }
  NetworkCounts counts;
  std::string what;
  std::optional<std::string> path = modelFile(options, counts, what);
  if (!path) return 2;
  DiagnosticEngine diags;
  Network network = loadNetwork({*path}, diags);
  if (options.model.empty()) std::filesystem::remove(*path);
  AssertionSet pack = builtinAssertions(diags);
  if (diags.hasErrors()) {
    std::cerr << diags.renderAll();
    return 1;
  }

  std::cerr << "engine: " << options.runs << " runs, jobs " << options.jobs << "\n";
  Analyzer analyzer(network, {.jobs = options.jobs, .timeout_ms = options.timeout_ms});
  std::vector<double> engine_times;
  CheckReport report;
  for (int run = 0; run < options.runs; ++run) {
    DiagnosticEngine check_diags;
    auto start = Clock::now();
    report = analyzer.check(pack, check_diags);
    engine_times.push_back(secondsSince(start));
  }
  std::sort(engine_times.begin(), engine_times.end());
  double engine = engine_times[engine_times.size() / 2];

  std::cerr << "naive: one query per pair and port, a fresh Z3 context each\n";
  auto start = Clock::now();
  NaiveChecker naive(network, options.timeout_ms);
  std::vector<NaiveAnswer> answers;
  for (const Assertion& a : pack.assertions) {
    auto one = Clock::now();
    answers.push_back(naive.answer(a, diags));
    std::cerr << "  " << a.id << ": " << answers.back().queries << " queries, "
              << fixed(secondsSince(one), 1) << " s\n";
  }
  double naive_time = secondsSince(start);

  std::cout << "Network: " << what << ": " << network.interfaces.size() << " interfaces, "
            << network.vpcs.size() << " VPCs, " << network.subnets.size() << " subnets, "
            << network.security_groups.size() << " security groups, " << network.network_acls.size()
            << " network ACLs; the built-in pack.\n\n"
            << "| | wall time | work |\n|---|---:|---|\n";
  size_t queries = 0, paths = 0, calls = 0, pairs = 0, engine_calls = 0, flows = 0;
  double flow_seconds = 0;
  for (const NaiveAnswer& a : answers) {
    queries += a.queries;
    paths += a.paths;
    calls += a.solver_calls;
    flows += a.flows;
    flow_seconds += a.flow_seconds;
  }
  for (const AssertionResult& r : report.results) {
    pairs += r.pairs_checked;
    engine_calls += r.solver_calls;
  }
  std::cout
      << "| engine (Analyzer::check, jobs=" << options.jobs << ", median of " << options.runs
      << ") | " << fixed(engine, 3) << " s | " << pairs << " station pairs, " << engine_calls
      << " solver calls |\n"
      << "| naive (fresh Z3 context per query, no interval pruning) | " << fixed(naive_time, 2)
      << " s | " << queries << " queries, " << paths << " paths to Z3, " << calls
      << " solver calls |\n\n"
      << "Of the naive time, " << fixed(flow_seconds, 2) << " s went to the " << flows
      << " queries that found a flow: PathSolver::check also makes each witness the "
         "smallest header (a binary search per field), which most of those solver calls "
         "are.\n\n"
      << "Speed-up (naive / engine): **" << fixed(engine > 0 ? naive_time / engine : 0, 1)
      << "x**\n\n"
      << "| assertion | engine verdict | naive verdict | naive queries | naive flows | same |\n"
      << "|---|---|---|---:|---:|---|\n";
  bool all_same = report.results.size() == pack.assertions.size();
  for (size_t i = 0; i < pack.assertions.size(); ++i) {
    const Assertion& a = pack.assertions[i];
    const char* engine_verdict =
        i < report.results.size() ? verdictName(report.results[i].verdict) : "-";
    bool compared = a.kind != AssertionKind::kOnly;
    bool same = compared && std::string(engine_verdict) == verdictName(answers[i].verdict);
    all_same = all_same && (same || !compared);
    std::cout << "| " << a.id << " | " << engine_verdict << " | "
              << (compared ? verdictName(answers[i].verdict) : "not compared") << " | "
              << answers[i].queries << " | " << answers[i].flows << " | "
              << (!compared ? "-"
                  : same    ? "yes"
                            : "**NO**")
              << " |\n";
  }
  std::cout << "\n" << (all_same ? "All verdicts are identical." : "**Verdicts differ.**") << "\n";
  return all_same ? 0 : 1;
}
