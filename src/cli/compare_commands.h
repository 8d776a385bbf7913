// `segproof diff` and `segproof drift`: two networks compared (docs/diff.md,
// docs/drift.md). The options are parsed in commands.cc (CLI11 lives there
// only); the runs are here.
#ifndef SEGPROOF_CLI_COMPARE_COMMANDS_H_
#define SEGPROOF_CLI_COMPARE_COMMANDS_H_

#include <string>
#include <vector>

#include "segproof/segproof.h"

namespace segproof {

struct CompareRun {
  std::string before;  // diff: BEFORE; drift: the code
  std::string after;   // diff: AFTER; drift: the snapshot
  InputOptions input;
  std::vector<std::string> query_files;
  std::vector<std::string> formats;
  std::string output;
  AnalyzerOptions options;
  bool quiet = false;
  // diff: exit 1 on any opened flow, not only forbidden ones. drift: also
  // on resources of one side only and differing rules.
  bool strict = false;
};

// Exit codes as for check (commands.h): 1 when AFTER opens a flow an
// assertion forbids or violates an assertion BEFORE did not (with
// `strict`, any opened flow), 3 when nothing of that but something is
// undecided, 4 on an internal error, 2 on input errors.
int runDiff(const CompareRun& run);
// 1 when the live network has reachability the code does not (or an
// assertion violated live only; with `strict`, any drift).
int runDrift(const CompareRun& run);

// The assertions of the -q files, or the built-in pack.
AssertionSet loadAssertions(const std::vector<std::string>& query_files, DiagnosticEngine& diags);

}  // namespace segproof

#endif  // SEGPROOF_CLI_COMPARE_COMMANDS_H_
