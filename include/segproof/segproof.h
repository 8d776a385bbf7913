// segproof, start here.
//
//   DiagnosticEngine diags;
//   Network network = loadNetwork({"examples/three-tier"}, diags);  // frontends
//   AssertionSet pack = builtinAssertions(diags);                    // or loadAssertionFile
//   Analyzer analyzer(network, {.jobs = 2});
//   CheckReport report = analyzer.check(pack, diags);
//
// loadNetwork reads inputs of every supported format (recognised by content)
// into one model; Analyzer builds the topology and the encodings once and
// answers assertions and ad-hoc reachability questions, in parallel, with a
// proof or a witness for each (docs/architecture.md).
#ifndef SEGPROOF_SEGPROOF_H_
#define SEGPROOF_SEGPROOF_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "segproof/diag/diagnostic.h"
#include "segproof/model/network.h"
#include "segproof/query/assertion.h"
#include "segproof/query/result.h"
#include "segproof/query/selector.h"

namespace segproof {

// How inputs are read: values of Terraform input variables and of
// CloudFormation parameters, as on those tools' own command lines.
struct InputOptions {
  std::vector<std::string> vars;         // "NAME=VALUE" (--var), in order
  std::vector<std::string> var_files;    // .tfvars / .tfvars.json (--var-file), in order
  std::vector<std::string> params;       // "NAME=VALUE" (--param), in order
  std::vector<std::string> param_files;  // CloudFormation parameter files (--param-file)
  // Keep resources whose group, ACL or VPC reference the input does not fix
  // (aws::Resources::keep_unplaced): for rule-level lint, never for a network.
  bool keep_unplaced = false;
};

// Reads files and folders; see src/frontends/frontend.h.
Network loadNetwork(const std::vector<std::string>& inputs, DiagnosticEngine& diags,
                    const InputOptions& options = {});

struct AnalyzerOptions {
  int jobs = 0;                  // worker threads; 0 = all cores
  unsigned timeout_ms = 10000;   // per solver call; 0 = none
  // For a whole check or question, from its start; 0 = none. Sub-problems
  // not decided by then are unknown (a solver call already running ends
  // within timeout_ms); what was decided stands.
  unsigned deadline_ms = 0;
  size_t max_witnesses = 5;      // witnesses kept per assertion
  int ephemeral_from = 1024;     // initiator source ports
  int ephemeral_to = 65535;
  bool interval_pruning = true;  // false: every candidate path goes to Z3
  // Called as sub-problems (source/destination pairs) are decided: how many
  // of how many planned so far. Called from worker threads, concurrently and
  // often: it must be thread-safe and cheap (the CLI's progress line).
  std::function<void(size_t decided, size_t total)> progress = nullptr;
  // Decide only shard `shard_index` (0-based) of `shard_count`: a
  // deterministic, contiguous part of the sub-problems in planning order
  // (check only; CheckReport::shard says what the results leave to merge).
  int shard_index = 0;
  int shard_count = 1;
};

class Analyzer {
 public:
  Analyzer(const Network& network, AnalyzerOptions options = {});
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Checks every assertion. Selector problems are reported to `diags`.
  CheckReport check(const AssertionSet& assertions, DiagnosticEngine& diags) const;

  // One question: can some member of `from` reach some member of `to` with
  // `flow` (for TCP: establish a connection)? Verdict kHolds means reachable,
  // kViolated unreachable; witnesses list the flows found.
  AssertionResult reach(const std::vector<Selector>& from, const std::vector<Selector>& to,
                        const FlowSpec& flow, DiagnosticEngine& diags) const;

  // The segment matrix: for every ordered pair of `segments` (and each
  // segment with itself, except the internet), whether a flow gets through,
  // with a witness or a proof, and the protocols and ports that do.
  SegmentMatrix matrix(const std::vector<Segment>& segments, DiagnosticEngine& diags) const;

  // Size of the topology graph (places, moves), for reports and benchmarks.
  std::pair<size_t, size_t> topologySize() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace segproof

#endif  // SEGPROOF_SEGPROOF_H_
