// `segproof diff` and `segproof drift` (cli/compare_commands.h).
#include "cli/compare_commands.h"

#include "cli/commands.h"
#include "cli/outputs.h"
#include "compare/internet_ranges.h"
#include "report/diff_reporter.h"
#include "segproof/compare/diff.h"
#include "segproof/compare/drift.h"

namespace segproof {

namespace {

struct Sides {
  Network before;
  Network after;
  AssertionSet assertions;
};

// Both networks and the assertions; nullopt after printing diagnostics.
std::optional<Sides> loadSides(const CompareRun& run, DiagnosticEngine& diags) {
  Sides s;
  s.before = loadNetwork({run.before}, diags, run.input);
  s.after = loadNetwork({run.after}, diags, run.input);
  if (diags.hasErrors()) return flush(diags), std::nullopt;
  s.assertions = loadAssertions(run.query_files, diags);
  if (diags.hasErrors()) return flush(diags), std::nullopt;
  return s;
}

DiffReport compare(const Sides& s, const std::vector<DiffEnd>& ends, const CompareRun& run,
                   const std::string& label, DiagnosticEngine& diags) {
  AnalyzerOptions options = run.options;
  ProgressLine progress(label, "sub-problems", run.quiet);
  options.progress = progress.callback();
  return diffReachability(s.before, s.after, ends, s.assertions, options, diags);
}

int exitOf(const DiffReport& r, bool any_opened) {
  if (reportInternalErrors(r.internal_errors)) return kExitInternal;
  if (r.forbiddenNewReachability() || any_opened) return kExitViolated;
  return r.anyUndecided() ? kExitUnknown : kExitOk;
}

bool opened(const DiffReport& r) {
  for (const FlowChange& c : r.changes)
    if (c.kind == FlowChange::Kind::kOpened) return true;
  return false;
}

}  // namespace

AssertionSet loadAssertions(const std::vector<std::string>& query_files, DiagnosticEngine& diags) {
  if (query_files.empty()) return builtinAssertions(diags);
  AssertionSet assertions;
  for (const std::string& file : query_files) {
    AssertionSet part = loadAssertionFile(file, diags);
    assertions.segments.insert(assertions.segments.end(), part.segments.begin(), part.segments.end());
    assertions.assertions.insert(assertions.assertions.end(), part.assertions.begin(),
                                 part.assertions.end());
  }
  return assertions;
}

int runDiff(const CompareRun& run) {
  DiagnosticEngine diags;
  std::optional<Sides> sides = loadSides(run, diags);
  if (!sides) return kExitError;
  std::vector<std::string> notes;
  std::vector<Segment> chosen = run.query_files.empty() ? std::vector<Segment>{} : sides->assertions.segments;
  std::vector<DiffEnd> ends = defaultDiffEnds(sides->before, sides->after, chosen, notes);
  DiffReport report = compare(*sides, ends, run, "segproof diff", diags);
  report.notes.insert(report.notes.begin(), notes.begin(), notes.end());
  report.before_inputs = {run.before};
  report.after_inputs = {run.after};
  if (flush(diags)) return kExitError;
  std::vector<RenderedReport> reports;
  for (const std::string& format : run.formats) {
    if (format == "json") reports.push_back({format, diffJson(report).dump(2) + "\n"});
    else if (format == "markdown") reports.push_back({format, diffMarkdown(report)});
    else reports.push_back({format, diffText(report)});
  }
  if (writeReports(reports, run.output, "diff") != kExitOk) return kExitError;
  return exitOf(report, run.strict && opened(report));
}

int runDrift(const CompareRun& run) {
  DiagnosticEngine diags;
  std::optional<Sides> sides = loadSides(run, diags);
  if (!sides) return kExitError;
  DriftReport report;
  report.matching = matchResources(sides->before, sides->after);
  std::vector<std::string> notes;
  std::vector<DiffEnd> ends = internetEnds({&sides->before, &sides->after}, notes);
  ends.insert(ends.end(), report.matching.ends.begin(), report.matching.ends.end());
  report.reachability = compare(*sides, ends, run, "segproof drift", diags);
  report.reachability.notes.insert(report.reachability.notes.begin(), notes.begin(), notes.end());
  report.reachability.before_inputs = {run.before};
  report.reachability.after_inputs = {run.after};
  if (flush(diags)) return kExitError;
  std::vector<RenderedReport> reports;
  for (const std::string& format : run.formats) {
    if (format == "json") reports.push_back({format, driftJson(report).dump(2) + "\n"});
    else if (format == "markdown") reports.push_back({format, driftMarkdown(report)});
    else reports.push_back({format, driftText(report)});
  }
  if (writeReports(reports, run.output, "drift") != kExitOk) return kExitError;
  const ResourceMatching& m = report.matching;
  bool drifted = !m.code_only.empty() || !m.live_only.empty() || !m.rule_differences.empty();
  return exitOf(report.reachability, opened(report.reachability) || (run.strict && drifted));
}

}  // namespace segproof
