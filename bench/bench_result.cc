#include "bench_result.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace segproof::bench {

namespace {

// One unit for the median and its range: "12.3 ms (11.9-13.0)".
std::string timing(const Timing& t) {
  double scale = t.max < 1 ? 1000 : 1;
  const char* unit = t.max < 1 ? "ms" : "s";
  int digits = t.max * scale < 10 ? 2 : 1;
  char text[96];
  std::snprintf(text, sizeof text, "%.*f %s (%.*f-%.*f)", digits, t.median * scale, unit, digits,
                t.min * scale, digits, t.max * scale);
  return text;
}

std::string duration(double seconds) {
  char text[32];
  if (seconds < 1) {
    std::snprintf(text, sizeof text, "%.*f ms", seconds < 0.01 ? 2 : 1, seconds * 1000);
  } else {
    std::snprintf(text, sizeof text, "%.2f s", seconds);
  }
  return text;
}

std::string megabytes(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", bytes / (1024.0 * 1024.0));
  return text;
}

// "0.25" for an enterprise scale, "-" for shapeForInterfaces.
std::string scaleText(const SizeResult& r) {
  if (r.scale <= 0) return "-";
  char text[32];
  std::snprintf(text, sizeof text, "%g", r.scale);
  return text;
}

void printReach(std::ostream& out, int reach_runs, const std::vector<SizeResult>& results) {
  out << "Single questions (Analyzer::reach in-process on the loaded network, jobs=1; median of "
      << reach_runs << " runs, min-max in brackets):\n\n"
      << "| interfaces | question | verdict | wall time |\n|---:|---|---|---:|\n";
  for (const SizeResult& r : results)
    for (const ReachRow& q : r.reach)
      if (q.question[0])
        out << "| " << r.size << " | " << q.question << " | " << q.verdict << " | "
            << timing(q.time) << " |\n";
  out << "\n";
}

// The value after "key:" on the first line of `file` that starts with `key`.
std::string firstField(const char* file, const std::string& key) {
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key, 0) != 0) continue;
    size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    size_t start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? "" : line.substr(start);
  }
  return "unknown";
}

void printMachine(std::ostream& out, int runs, uint64_t seed) {
  out << "Machine: " << sysconf(_SC_NPROCESSORS_ONLN) << " cores ("
      << firstField("/proc/cpuinfo", "model name") << "), "
      << firstField("/proc/meminfo", "MemTotal") << " RAM. Medians of " << runs
      << " runs, min-max in brackets; generator seed " << seed << ".\n\n";
}

void printInputs(std::ostream& out, const std::vector<SizeResult>& results) {
  out << "| scale | interfaces | VPCs | subnets | security groups (rules) | network ACLs (rules) "
         "| peerings | YAML | topology places / moves |\n"
         "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const SizeResult& r : results) {
    const NetworkCounts& c = r.counts;
    out << "| " << scaleText(r) << " | " << r.model_interfaces << " | " << c.vpcs << " | "
        << c.subnets << " | " << c.security_groups << " (" << c.security_group_rules << ") | "
        << c.network_acls << " (" << c.network_acl_rules << ") | " << c.peerings << " | "
        << megabytes(static_cast<double>(r.yaml_bytes)) << " | " << r.places << " / " << r.moves
        << " |\n";
  }
  out << "\n";
}

void printTimes(std::ostream& out, const std::vector<int>& jobs,
                const std::vector<SizeResult>& results) {
  out << "| interfaces | load | graph build |";
  for (int j : jobs) out << " pack, jobs=" << j << " |";
  if (jobs.size() >= 2) out << " speed-up " << jobs[0] << "->" << jobs.back() << " |";
  out << " peak RSS | load avg before, after |\n|---:|---:|---:|";
  for (size_t j = 0; j < jobs.size(); ++j) out << "---:|";
  if (jobs.size() >= 2) out << "---:|";
  out << "---:|---:|\n";
  for (const SizeResult& r : results) {
    out << "| " << r.size << " | " << timing(r.load) << " | " << timing(r.graph) << " |";
    for (size_t j = 0; j < jobs.size(); ++j) out << " " << timing(r.pack[j]) << " |";
    if (jobs.size() >= 2) {
      char text[16];
      double last = r.pack[jobs.size() - 1].median;
      std::snprintf(text, sizeof text, "%.2fx", last > 0 ? r.pack[0].median / last : 0.0);
      out << " " << text << " |";
    }
    char load[32];
    std::snprintf(load, sizeof load, "%.1f, %.1f", r.load_before, r.load_after);
    out << " " << megabytes(static_cast<double>(r.peak_rss_kb) * 1024) << " | " << load << " |\n";
  }
  out << "\n";
}

// CPU time over wall time says how many cores a run really had: on a shared
// machine a second worker may find no free core.
void printCpu(std::ostream& out, const std::vector<int>& jobs,
              const std::vector<SizeResult>& results) {
  out << "| interfaces | load | graph build |";
  for (int j : jobs) out << " pack, jobs=" << j << " (cores used) |";
  out << "\n|---:|---:|---:|";
  for (size_t j = 0; j < jobs.size(); ++j) out << "---:|";
  out << "\n";
  for (const SizeResult& r : results) {
    out << "| " << r.size << " | " << duration(r.load.cpu) << " | " << duration(r.graph.cpu)
        << " |";
    for (size_t j = 0; j < jobs.size(); ++j) {
      char cores[16];
      std::snprintf(cores, sizeof cores, "%.2f",
                    r.pack[j].median > 0 ? r.pack[j].cpu / r.pack[j].median : 0.0);
      out << " " << duration(r.pack[j].cpu) << " (" << cores << ") |";
    }
    out << "\n";
  }
  out << "\n";
}

void printWork(std::ostream& out, const std::vector<SizeResult>& results) {
  out << "| interfaces | assertion | verdict | pairs checked | paths explored | solver calls "
         "| flows found |\n|---:|---|---|---:|---:|---:|---:|\n";
  for (const SizeResult& r : results) {
    for (size_t i = 0; i < r.assertion_count; ++i) {
      const AssertionRow& a = r.assertions[i];
      out << "| " << r.size << " | " << a.id << " | " << a.verdict << " | " << a.pairs << " | "
          << a.paths << " | " << a.solver_calls << " | " << a.flows << " |\n";
    }
    const PackCounters& c = r.counters;
    out << "| " << r.size << " | **pack** | " << c.holds << " holds, " << c.violated
        << " violated, " << c.unknown << " unknown | " << c.pairs << " | " << c.paths << " | "
        << c.solver_calls << " | " << c.flows << " |\n";
  }
  out << "\n";
}

}  // namespace

std::string PackCounters::text() const {
  return std::to_string(holds) + " holds, " + std::to_string(violated) + " violated, " +
         std::to_string(unknown) + " unknown; " + std::to_string(pairs) + " pairs, " +
         std::to_string(paths) + " paths, " + std::to_string(solver_calls) + " solver calls, " +
         std::to_string(flows) + " flows";
}

void printReport(std::ostream& out, int runs, uint64_t seed, const std::vector<int>& jobs,
                 const std::vector<SizeResult>& results, int reach_runs) {
  printMachine(out, runs, seed);
  bool enterprise = !results.empty() && results.front().scale > 0;
  out << "Inputs (bench/generate_network.cc, "
      << (enterprise ? "enterpriseShape" : "shapeForInterfaces") << "):\n\n";
  printInputs(out, results);
  out << "Wall time per stage:\n\n";
  printTimes(out, jobs, results);
  out << "CPU time per stage (user + system, all threads; median):\n\n";
  printCpu(out, jobs, results);
  out << "Work done by the built-in pack (checked equal in every run and for every jobs "
         "value):\n\n";
  printWork(out, results);
  if (reach_runs > 0) printReach(out, reach_runs, results);
  for (const SizeResult& r : results) {
    if (!r.ok) out << "**Size " << r.size << " failed; see the messages on stderr.**\n";
    if (!r.stable)
      out << "**Size " << r.size << ": the counters differed between runs (per-run values on "
          << "stderr); the table shows the first run with the first jobs value.**\n";
  }
}

}  // namespace segproof::bench
