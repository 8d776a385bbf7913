// segproof_bench: how long each stage of segproof takes on synthetic networks
// of growing size, and how much memory it needs.
//
//   segproof_bench [--sizes 500,1500,5000] [--runs 5] [--jobs 1,2] [--seed 1]
//                  [--keep DIR] [--reach-runs 21]
//   segproof_bench --shape enterprise --scales 0.125,0.25,0.5,1 [same options]
//   segproof_bench ... --ipv6   (dual-stack networks: segproof_gen --ipv6)
//
// For each size (interfaces) or enterprise scale, in a child process of its
// own so that the peak RSS belongs to that size alone:
//   1. generate: the network segproof_gen writes for that size (or
//      --shape enterprise --scale F) and seed (generate_network.h), into a
//      temporary file. Not timed.
//   2. load:  loadNetwork on that file: YAML parsing, AWS semantics (reference
//      resolution, defaults), validation.
//   3. graph: constructing the Analyzer: the topology graph and the encoding
//      context (rule sets, address maps).
//   4. pack:  Analyzer::check with the built-in assertion pack, once per
//      --jobs value, on Analyzers built beforehand (so graph time is not
//      counted twice); runs alternate between the jobs values. Selector
//      resolution, stations, path search, Z3.
//   5. reach: two single questions, Analyzer::reach on an Analyzer built
//      beforehand (jobs=1), --reach-runs times each: from the internet to the
//      bastion of VPC 1 on tcp/22 (open by construction), and from a web
//      instance to an app instance of VPC 0 on tcp/8080.
// Every stage runs --runs times in-process, timed with std::chrono::
// steady_clock; the tables give the median wall time (and min-max), and the
// median CPU time (user + system of all threads, getrusage), which other load
// on the machine disturbs less. Also reported:
// verdicts, pairs checked, paths explored and solver calls summed over the
// pack's assertions (and checked to be equal in every run and for every
// --jobs value), the topology size, and the child's peak RSS (getrusage
// ru_maxrss), and the machine's load average before and after. Output is Markdown on stdout;
// progress goes to stderr.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "bench_result.h"
#include "generate_network.h"
#include "list_args.h"
#include "segproof/segproof.h"

namespace segproof::bench {

namespace {

struct Options {
  std::vector<int> sizes = {500, 1500, 5000};
  bool enterprise = false;
  std::vector<double> scales = {0.125, 0.25, 0.5, 1};
  int reach_runs = 21;
  std::vector<int> jobs = {1, 2};
  int runs = 5;
  uint64_t seed = 1;
  bool ipv6 = false;  // dual-stack networks
  std::string keep;   // folder to keep the generated models in
};

using Clock = std::chrono::steady_clock;

// User + system time of the whole process, all threads.
double cpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Times one run of a stage: wall time by steady_clock, and CPU time, which a
// busy machine inflates much less than wall time.
class Stopwatch {
 public:
  Stopwatch() : wall_(Clock::now()), cpu_(cpuSeconds()) {}
  double wall() const { return std::chrono::duration<double>(Clock::now() - wall_).count(); }
  double cpu() const { return cpuSeconds() - cpu_; }

 private:
  Clock::time_point wall_;
  double cpu_;
};

// The machine's 1-minute load average: how busy others kept it.
double loadAverage() {
  std::ifstream in("/proc/loadavg");
  double load = 0;
  in >> load;
  return load;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The runs of one stage.
class Runs {
 public:
  void add(const Stopwatch& watch) {
    wall_.push_back(watch.wall());
    cpu_.push_back(watch.cpu());
  }
  double lastWall() const { return wall_.back(); }
  Timing summary() const {
    return {median(wall_), *std::min_element(wall_.begin(), wall_.end()),
            *std::max_element(wall_.begin(), wall_.end()), median(cpu_)};
  }

 private:
  std::vector<double> wall_, cpu_;
};

PackCounters countersOf(const CheckReport& report) {
  PackCounters c;
  for (const AssertionResult& r : report.results) {
    c.pairs += r.pairs_checked;
    c.paths += r.paths_explored;
    c.solver_calls += r.solver_calls;
    c.flows += r.flows;
    switch (r.verdict) {
      case Verdict::kHolds:
        ++c.holds;
        break;
      case Verdict::kViolated:
        ++c.violated;
        break;
      case Verdict::kUnknown:
        ++c.unknown;
        break;
    }
  }
  return c;
}

void keepAssertions(const CheckReport& report, SizeResult& out) {
  out.assertion_count = std::min(report.results.size(), kMaxAssertions);
  for (size_t i = 0; i < out.assertion_count; ++i) {
    const AssertionResult& r = report.results[i];
    AssertionRow& row = out.assertions[i];
    std::snprintf(row.id, sizeof row.id, "%s", r.assertion.id.c_str());
    std::snprintf(row.verdict, sizeof row.verdict, "%s", verdictName(r.verdict));
    row.pairs = r.pairs_checked;
    row.paths = r.paths_explored;
    row.solver_calls = r.solver_calls;
    row.flows = r.flows;
  }
}

// What one child measures: a size, or an enterprise scale (> 0).
struct Point {
  int size = 0;
  double scale = 0;
};

NetworkShape shapeOf(const Options& options, const Point& point) {
  NetworkShape shape = point.scale > 0 ? enterpriseShape(point.scale, options.seed)
                                       : shapeForInterfaces(point.size, options.seed);
  shape.ipv6 = options.ipv6;
  return shape;
}

std::filesystem::path modelPath(const Options& options, const Point& point) {
  std::string name =
      point.scale > 0 ? "enterprise-" + std::to_string(point.scale) : std::to_string(point.size);
  std::string file = "segproof-bench-" + name + "-seed" + std::to_string(options.seed) +
                     (options.ipv6 ? "-ipv6" : "") + ".yaml";
  if (!options.keep.empty()) return std::filesystem::path(options.keep) / file;
  return std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + file);
}

bool generate(const Options& options, const Point& point, const std::filesystem::path& path,
              SizeResult& out) {
  NetworkShape shape = shapeOf(options, point);
  if (std::string problem = checkShape(shape); !problem.empty()) {
    std::cerr << "segproof_bench: size " << out.size << ": " << problem << "\n";
    return false;
  }
  std::ofstream file(path);
  out.counts = writeNetworkYaml(shape, file);
  file.close();
  if (!file) {
    std::cerr << "segproof_bench: cannot write " << path << "\n";
    return false;
  }
  out.yaml_bytes = static_cast<long long>(std::filesystem::file_size(path));
  return true;
}

// Loads `runs` times; keeps the last network in `network`.
bool timeLoad(const Options& options, const std::string& path, Network& network, SizeResult& out) {
  Runs runs;
  for (int run = 0; run < options.runs; ++run) {
    DiagnosticEngine diags;
    Stopwatch watch;
    Network loaded = loadNetwork({path}, diags);
    runs.add(watch);
    if (diags.hasErrors()) {
      std::cerr << diags.renderAll();
      return false;
    }
    network = std::move(loaded);
  }
  out.load = runs.summary();
  out.model_interfaces = network.interfaces.size();
  return true;
}

void timeGraph(const Options& options, const Network& network, SizeResult& out) {
  Runs runs;
  for (int run = 0; run < options.runs; ++run) {
    Stopwatch watch;
    Analyzer analyzer(network, {.jobs = 1});
    runs.add(watch);
    std::tie(out.places, out.moves) = analyzer.topologySize();
  }
  out.graph = runs.summary();
}

// Runs alternate between the --jobs values, so that load from elsewhere on a
// shared machine falls on all of them alike.
bool timePack(const Options& options, const Network& network, SizeResult& out) {
  DiagnosticEngine pack_diags;
  AssertionSet pack = builtinAssertions(pack_diags);
  std::vector<std::unique_ptr<Analyzer>> analyzers;
  for (int jobs : options.jobs)
    analyzers.push_back(std::make_unique<Analyzer>(network, AnalyzerOptions{.jobs = jobs}));
  std::vector<Runs> runs(options.jobs.size());
  for (int run = 0; run < options.runs; ++run) {
    for (size_t j = 0; j < options.jobs.size(); ++j) {
      DiagnosticEngine diags;
      Stopwatch watch;
      CheckReport report = analyzers[j]->check(pack, diags);
      runs[j].add(watch);
      PackCounters counters = countersOf(report);
      if (j == 0 && run == 0) {
        out.counters = counters;
        keepAssertions(report, out);
      } else if (!(counters == out.counters)) {
        out.stable = false;
      }
      std::cerr << "  size " << out.size << ", run " << run + 1 << ", jobs " << options.jobs[j]
                << ": " << runs[j].lastWall() << " s; " << counters.text() << "\n";
    }
  }
  for (size_t j = 0; j < options.jobs.size(); ++j) out.pack[j] = runs[j].summary();
  return !pack_diags.hasErrors();
}

// The owner (instance) of the first interface whose owner ends with `suffix`
// and contains `vpc`; empty when there is none.
std::string ownerLike(const Network& network, const std::string& vpc, const std::string& suffix) {
  for (const Interface& i : network.interfaces) {
    const std::string& o = i.owner;
    if (o.size() >= suffix.size() &&
        o.compare(o.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        o.find(vpc) != std::string::npos)
      return o;
  }
  return "";
}

void timeReachQuestion(const Options& options, const Analyzer& analyzer, const std::string& from,
                       const std::string& to, int port, ReachRow& row) {
  DiagnosticEngine diags;
  std::optional<Selector> source = parseSelector(from, {}, diags);
  std::optional<Selector> destination = parseSelector(to, {}, diags);
  if (!source || !destination) return;
  FlowSpec flow{kTcp, {{port, port}}};
  std::snprintf(row.question, sizeof row.question, "%s -> %s %s", from.c_str(), to.c_str(),
                flow.text().c_str());
  Runs runs;
  for (int run = 0; run < options.reach_runs; ++run) {
    DiagnosticEngine question_diags;
    Stopwatch watch;
    AssertionResult r = analyzer.reach({*source}, {*destination}, flow, question_diags);
    runs.add(watch);
    std::snprintf(row.verdict, sizeof row.verdict, "%s",
                  r.verdict == Verdict::kHolds      ? "reachable"
                  : r.verdict == Verdict::kViolated ? "blocked"
                                                    : "unknown");
  }
  row.time = runs.summary();
}

// Internet -> the bastion of VPC 1 (tcp/22), a web -> an app instance of
// VPC 0 (tcp/8080); skipped when the network lacks them.
void timeReach(const Options& options, const Network& network, SizeResult& out) {
  if (options.reach_runs <= 0) return;
  Analyzer analyzer(network, {.jobs = 1});
  std::string bastion = ownerLike(network, "-001-", "-bastion-0");
  std::string web = ownerLike(network, "-000-", "-web-1-web-0");
  std::string app = ownerLike(network, "-000-", "-app-0-app-0");
  if (!bastion.empty())
    timeReachQuestion(options, analyzer, "internet", "resource:" + bastion, 22, out.reach[0]);
  if (!web.empty() && !app.empty())
    timeReachQuestion(options, analyzer, "resource:" + web, "resource:" + app, 8080, out.reach[1]);
}

SizeResult measure(const Options& options, const Point& point) {
  SizeResult out;
  out.size = shapeOf(options, point).interfaces;
  out.scale = point.scale;
  int size = out.size;
  out.load_before = loadAverage();
  std::filesystem::path path = modelPath(options, point);
  if (!generate(options, point, path, out)) return out;
  Network network;
  std::cerr << "size " << size << ": loading " << path.string() << "\n";
  bool loaded = timeLoad(options, path.string(), network, out);
  if (options.keep.empty()) std::filesystem::remove(path);
  if (!loaded) return out;
  std::cerr << "size " << size << ": graph\n";
  timeGraph(options, network, out);
  out.ok = timePack(options, network, out);
  std::cerr << "size " << size << ": reach\n";
  timeReach(options, network, out);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  out.peak_rss_kb = usage.ru_maxrss;
  out.load_after = loadAverage();
  return out;
}

// Runs `measure` in a child process and returns what it sends back.
SizeResult measureInChild(const Options& options, const Point& point) {
  SizeResult result;
  result.size = shapeOf(options, point).interfaces;
  result.scale = point.scale;
  int fds[2];
  if (pipe(fds) != 0) return result;
  std::cout.flush();
  std::cerr.flush();
  pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    SizeResult measured = measure(options, point);
    bool sent = write(fds[1], &measured, sizeof measured) == static_cast<ssize_t>(sizeof measured);
    std::cerr.flush();
    _exit(sent ? 0 : 1);
  }
  close(fds[1]);
  size_t got = 0;
  auto* bytes = reinterpret_cast<char*>(&result);
  while (child > 0 && got < sizeof result) {
    ssize_t n = read(fds[0], bytes + got, sizeof result - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  close(fds[0]);
  int status = 0;
  if (child > 0) waitpid(child, &status, 0);
  if (got != sizeof result) {
    result = SizeResult{};
    result.size = shapeOf(options, point).interfaces;
    result.scale = point.scale;
  }
  return result;
}

bool parseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--ipv6") {  // the only option without a value
      options.ipv6 = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    std::string_view option = argv[i], value = argv[++i];
    std::vector<int> numbers;
    if (option == "--keep") {
      options.keep = value;
    } else if (option == "--shape" && (value == "enterprise" || value == "classic")) {
      options.enterprise = value == "enterprise";
    } else if (option == "--scales") {
      if (!parseScales(value, options.scales)) return false;
    } else if (option == "--reach-runs" && value == "0") {
      options.reach_runs = 0;
    } else if (!parseList(value, numbers)) {
      return false;
    } else if (option == "--sizes") {
      options.sizes = numbers;
    } else if (option == "--jobs" && numbers.size() <= kMaxJobValues) {
      options.jobs = numbers;
    } else if (option == "--runs" && numbers.size() == 1) {
      options.runs = numbers[0];
    } else if (option == "--reach-runs" && numbers.size() == 1) {
      options.reach_runs = numbers[0];
    } else if (option == "--seed" && numbers.size() == 1) {
      options.seed = static_cast<uint64_t>(numbers[0]);
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

}  // namespace segproof::bench

int main(int argc, char** argv) {
  using namespace segproof::bench;
  Options options;
  if (!parseOptions(argc, argv, options)) {
    std::cerr << "usage: segproof_bench [--sizes 500,1500,5000] [--runs 5] [--jobs 1,2] "
                 "[--seed 1] [--keep DIR] [--reach-runs 21] [--ipv6]\n"
                 "       segproof_bench --shape enterprise [--scales 0.125,0.25,0.5,1] [...]\n";
    return 2;
  }
  std::vector<Point> points;
  if (options.enterprise) {
    for (double scale : options.scales) points.push_back({0, scale});
  } else {
    for (int size : options.sizes) points.push_back({size, 0});
  }
  std::vector<SizeResult> results;
  for (const Point& point : points) results.push_back(measureInChild(options, point));
  if (options.ipv6)
    std::cout
        << "Dual-stack networks (--ipv6): every question is asked over IPv4 and over IPv6.\n\n";
  printReport(std::cout, options.runs, options.seed, options.jobs, results, options.reach_runs);
  for (const SizeResult& r : results)
    if (!r.ok) return 1;
  return 0;
}
