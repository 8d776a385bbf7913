// What segproof_bench measures for one network size, and the Markdown report
// it prints (bench_main.cc says how each number is measured).
//
// SizeResult is trivially copyable: the child process that measures a size
// sends it to the parent as raw bytes through a pipe (same binary, same
// layout), so it holds no pointers and no std::string.
#ifndef SEGPROOF_BENCH_BENCH_RESULT_H_
#define SEGPROOF_BENCH_BENCH_RESULT_H_

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

#include "generate_network.h"

namespace segproof::bench {

inline constexpr size_t kMaxAssertions = 8;  // rows kept per size
inline constexpr size_t kMaxJobValues = 4;   // --jobs values

// Seconds over the runs of one stage: wall time, and the median CPU time
// (user + system, summed over the process's threads).
struct Timing {
  double median = 0;
  double min = 0;
  double max = 0;
  double cpu = 0;
};

// Summed over the pack's assertions.
struct PackCounters {
  size_t holds = 0;
  size_t violated = 0;
  size_t unknown = 0;
  size_t pairs = 0;
  size_t paths = 0;
  size_t solver_calls = 0;
  size_t flows = 0;
  bool operator==(const PackCounters&) const = default;
  // "1 holds, 3 violated, 0 unknown; 6784 pairs, 8672 paths, 10 solver calls, 729 flows"
  std::string text() const;
};

struct AssertionRow {
  char id[48] = {};
  char verdict[12] = {};
  size_t pairs = 0;
  size_t paths = 0;
  size_t solver_calls = 0;
  size_t flows = 0;
};

// One in-process Analyzer::reach question, timed over many runs.
struct ReachRow {
  char question[96] = {};  // "internet -> resource:X tcp/22"; empty: not asked
  char verdict[12] = {};
  Timing time;
};

inline constexpr size_t kReachQuestions = 2;

struct SizeResult {
  int size = 0;          // interfaces asked for
  double scale = 0;      // the enterprise scale; 0: shapeForInterfaces
  bool ok = false;       // every stage ran without errors
  bool stable = true;    // counters equal in every run and for every jobs value
  NetworkCounts counts;  // as generated
  long long yaml_bytes = 0;
  size_t model_interfaces = 0;  // as loaded
  size_t places = 0;            // topology vertices
  size_t moves = 0;             // topology edges
  Timing load;
  Timing graph;
  Timing pack[kMaxJobValues];  // one per --jobs value, in order
  PackCounters counters;
  AssertionRow assertions[kMaxAssertions];
  size_t assertion_count = 0;
  ReachRow reach[kReachQuestions];
  long peak_rss_kb = 0;
  double load_before = 0;  // 1-minute load average of the machine before
  double load_after = 0;   // and after measuring this size
};
static_assert(std::is_trivially_copyable_v<SizeResult>);

// The Markdown tables: inputs, time per stage, pack work, per assertion.
// `reach_runs`: runs of each reach question (0: none were asked).
void printReport(std::ostream& out, int runs, uint64_t seed, const std::vector<int>& jobs,
                 const std::vector<SizeResult>& results, int reach_runs = 0);

}  // namespace segproof::bench

#endif  // SEGPROOF_BENCH_BENCH_RESULT_H_
