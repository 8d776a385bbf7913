// The command line. CLI11 is included here only (it is slow to compile).
// `check --shard I/N` and `merge` split a check over several machines
// (docs/distributed.md).
#include "cli/commands.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/compare_commands.h"
#include "cli/outputs.h"
#include "lint/controls.h"
#include "report/json_reader.h"
#include "report/json_reporter.h"
#include "report/dot_reporter.h"
#include "report/html_reporter.h"
#include "report/junit_reporter.h"
#include "report/lint_reporter.h"
#include "report/markdown_reporter.h"
#include "report/matrix_reporter.h"
#include "report/sarif_reporter.h"
#include "report/sha256.h"
#include "report/text_reporter.h"
#include "segproof/lint/lint.h"
#include "segproof/query/matrix_segments.h"
#include "segproof/segproof.h"
#include "solve/merge.h"

namespace segproof {

namespace {

struct CommonOptions {
  std::vector<std::string> inputs;
  InputOptions input;
  std::string format = "text";
  std::string output;
  int jobs = 0;
  double timeout_seconds = 10;
  double deadline_seconds = 0;
  size_t max_witnesses = 5;
  std::string ephemeral = "1024-65535";
  bool no_interval_pruning = false;
  bool quiet = false;
};

struct CheckCommand {
  CommonOptions common;
  std::vector<std::string> query_files;
  std::string controls;
  std::string shard;  // "I/N", 1-based; empty: the whole check
  bool format_given = false;
};

struct MergeCommand {
  std::vector<std::string> results;
  std::string format = "text";
  std::string output;
};

struct ReportCommand {
  CommonOptions common;
  std::vector<std::string> query_files;
  std::string config;
  bool no_config = false;
  std::string controls;
};

struct MatrixCommand {
  CommonOptions common;
  std::vector<std::string> query_files;
};

struct LintCommand {
  CommonOptions common;
  bool no_paths = false;
  std::string config;
  bool no_config = false;
  std::string fail_on = "low";
  std::string controls;
};

struct ReachCommand {
  CommonOptions common;
  std::vector<std::string> from, to;
  std::string protocol;
  std::string port;
};

struct TraceCommand {
  std::vector<std::string> inputs;
  InputOptions input;
  std::string format = "text";
  std::string output;
  std::string src, dst, from, to;
  std::string protocol = "tcp";
  int sport = 49152;
  int dport = -1;
  int icmp_type = 0, icmp_code = 0;
  std::string ephemeral = "1024-65535";
};

// diff BEFORE AFTER / drift CODE SNAPSHOT: `common.inputs` stays empty.
struct CompareCommand {
  CommonOptions common;
  std::string before, after;
  std::vector<std::string> query_files;
  bool strict = false;
};

struct ModelCommand {
  std::vector<std::string> inputs;
  InputOptions input;
  std::string format = "json";
  std::string output;
};

void addInputOptions(CLI::App* app, InputOptions& o) {
  app->add_option("--var", o.vars, "Set a Terraform input variable: NAME=VALUE (repeatable)");
  app->add_option("--var-file", o.var_files,
                  "Read Terraform input variables from a .tfvars or .tfvars.json file (repeatable)");
  app->add_option("--param", o.params, "Set a CloudFormation parameter: NAME=VALUE (repeatable)");
  app->add_option("--param-file", o.param_files,
                  "Read CloudFormation parameters from a JSON file (repeatable)");
}

// Everything of addCommon but the inputs.
void addAnalysisOptions(CLI::App* app, CommonOptions& o, const std::string& formats);

void addCommon(CLI::App* app, CommonOptions& o, const std::string& formats) {
  app->add_option("inputs", o.inputs, "Files or folders to read (format recognised by content)")
      ->required();
  addAnalysisOptions(app, o, formats);
}

void addAnalysisOptions(CLI::App* app, CommonOptions& o, const std::string& formats) {
  addInputOptions(app, o.input);
  app->add_option("--format", o.format, "Output format: " + formats);
  app->add_option("-o,--output", o.output,
                  "Write the report to FILE instead of standard output; with several formats, "
                  "into the folder FOLDER (docs/output.md)");
  app->add_flag("--quiet", o.quiet, "No progress line on standard error");
  app->add_option("--jobs", o.jobs, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
  app->add_option("--timeout", o.timeout_seconds,
                  "Solver time limit per sub-problem, in seconds (0: none); past it the verdict is unknown")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--deadline", o.deadline_seconds,
                  "Time limit for the whole analysis, in seconds (0: none); what is not decided "
                  "by then is reported unknown")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--max-witnesses", o.max_witnesses, "Witnesses shown per assertion (default 5)");
  app->add_option("--ephemeral-ports", o.ephemeral,
                  "Source ports initiators use, as FROM-TO (default 1024-65535)");
  app->add_flag("--no-interval-pruning", o.no_interval_pruning,
                "Send every candidate path to Z3 instead of pruning with interval checks "
                "(slower; a cross-check of the engine)");
}

bool analyzerOptions(const CommonOptions& c, AnalyzerOptions& o) {
  auto range = parsePortRange(c.ephemeral);
  if (!range) {
    std::cerr << "error[invalid-port]: --ephemeral-ports '" << c.ephemeral
              << "' is not a port range FROM-TO within 0-65535\n";
    return false;
  }
  o.jobs = c.jobs;
  o.timeout_ms = static_cast<unsigned>(c.timeout_seconds * 1000);
  o.deadline_ms = static_cast<unsigned>(c.deadline_seconds * 1000);
  if (c.deadline_seconds > 0 && o.deadline_ms == 0) o.deadline_ms = 1;
  o.max_witnesses = c.max_witnesses;
  o.ephemeral_from = range->from;
  o.ephemeral_to = range->to;
  o.interval_pruning = !c.no_interval_pruning;
  return true;
}

// Renders `report` in each of `formats` with `render(format)`.
template <typename Render>
std::vector<RenderedReport> renderAll(const std::vector<std::string>& formats, Render render) {
  std::vector<RenderedReport> out;
  for (const std::string& format : formats) out.push_back({format, render(format)});
  return out;
}

// What a check needs: the network, the assertions and the control table.
// nullopt after printing the diagnostics when any of them has errors.
struct CheckInputs {
  Network network;
  AssertionSet assertions;
  lint::ControlTable controls;
};
std::optional<CheckInputs> loadCheckInputs(const CommonOptions& common,
                                           const std::vector<std::string>& query_files,
                                           const std::string& controls_path,
                                           DiagnosticEngine& diags) {
  CheckInputs in;
  in.network = loadNetwork(common.inputs, diags, common.input);
  if (diags.hasErrors()) return flush(diags), std::nullopt;
  in.assertions = loadAssertions(query_files, diags);
  in.controls = controls_path.empty() ? lint::builtinControls(diags)
                                      : lint::loadControls(controls_path, diags);
  if (diags.hasErrors()) return flush(diags), std::nullopt;
  return in;
}

// Checks `assertions` over `network`, with a progress line, and gives each
// result its controls.
CheckReport checkAll(const Network& network, const AssertionSet& assertions,
                     const lint::ControlTable& controls, AnalyzerOptions options, bool quiet,
                     DiagnosticEngine& diags) {
  CheckReport report;
  {
    ProgressLine progress("segproof check", "sub-problems", quiet);
    options.progress = progress.callback();
    Analyzer analyzer(network, options);
    report = analyzer.check(assertions, diags);
  }
  lint::attachControls(controls, report.results);
  return report;
}

// The segment matrix of `chosen` segments (else the defaults of
// matrixSegments), with a progress line; the report notes say which
// segments were used.
SegmentMatrix matrixOf(const Network& network, const std::vector<Segment>& chosen,
                       AnalyzerOptions options, const std::string& label, bool quiet,
                       DiagnosticEngine& diags) {
  DiagnosticEngine pack;
  std::vector<std::string> notes;
  std::vector<Segment> segments =
      matrixSegments(network, chosen, builtinAssertions(pack).segments, notes);
  SegmentMatrix matrix;
  {
    ProgressLine progress(label, "sub-problems", quiet);
    options.progress = progress.callback();
    matrix = Analyzer(network, options).matrix(segments, diags);
  }
  matrix.notes.insert(matrix.notes.begin(), notes.begin(), notes.end());
  return matrix;
}

// The exit code of a check: 1 violated, else 3 unknown, else 0.
int checkExitCode(const CheckReport& report) {
  bool violated = false, unknown = false;
  for (const AssertionResult& r : report.results) {
    violated = violated || r.verdict == Verdict::kViolated;
    unknown = unknown || r.verdict == Verdict::kUnknown;
  }
  return violated ? kExitViolated : unknown ? kExitUnknown : kExitOk;
}

// "2026-11-29T18:30:00Z".
std::string utcNow() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// The command line as typed, for the HTML report's header.
std::string& commandLine() {
  static std::string line;
  return line;
}

// The auditor's page of whatever was computed (docs/output.md, "HTML
// report"), over `inputs`, stamped with the time and the command line.
std::string auditHtmlOf(std::vector<InputDigest> inputs, const CheckReport* check,
                        const SegmentMatrix* matrix, const LintReport* lint) {
  AuditReport audit;
  audit.inputs = std::move(inputs);
  audit.check = check;
  audit.matrix = matrix;
  audit.lint = lint;
  audit.generated = utcNow();
  audit.command = commandLine();
  return htmlReport(audit);
}

std::string auditHtml(const std::vector<std::string>& inputs, const CheckReport* check,
                      const SegmentMatrix* matrix, const LintReport* lint) {
  return auditHtmlOf(digestInputs(inputs), check, matrix, lint);
}

// A check report in `format` (check and merge write the same reports);
// `inputs`: the checksums the HTML report shows.
std::string renderCheck(const CheckReport& report, const std::string& format,
                        const std::vector<InputDigest>& inputs) {
  if (format == "json") return checkJson(report).dump(2) + "\n";
  if (format == "sarif") return checkSarif(report).dump(2) + "\n";
  if (format == "junit") return checkJunit(report);
  if (format == "markdown") return checkMarkdown(report);
  if (format == "html") return auditHtmlOf(inputs, &report, nullptr, nullptr);
  return checkText(report);
}

// "I/N" with 1 <= I <= N: {I - 1, N}; nullopt after error[invalid-shard].
std::optional<std::pair<int, int>> parseShard(const std::string& text) {
  size_t slash = text.find('/');
  auto number = [](const std::string& digits) -> int {
    if (digits.empty() || digits.size() > 6 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
      return -1;
    return std::stoi(digits);
  };
  int index = slash == std::string::npos ? -1 : number(text.substr(0, slash));
  int count = slash == std::string::npos ? -1 : number(text.substr(slash + 1));
  if (index < 1 || count < 1 || index > count) {
    std::cerr << "error[invalid-shard]: --shard '" << text
              << "' is not I/N with 1 <= I <= N (e.g. --shard 2/3: the second of three shards)\n";
    return std::nullopt;
  }
  return std::make_pair(index - 1, count);
}

// What a shard records so that merge knows the shards of one run: the
// options that shape results, and the inputs' checksums (ShardRun).
ShardRun shardRun(const CommonOptions& c, const CheckReport& report) {
  ShardRun run;
  run.max_witnesses = c.max_witnesses;
  // Variable and parameter values stay out of the report; their checksum
  // tells runs apart.
  std::string given;
  for (const std::string& v : c.input.vars) given += "var " + v + "\n";
  for (const std::string& f : c.input.var_files)
    given += "var-file " + f + " " + sha256File(f).value_or("") + "\n";
  for (const std::string& p : c.input.params) given += "param " + p + "\n";
  for (const std::string& f : c.input.param_files)
    given += "param-file " + f + " " + sha256File(f).value_or("") + "\n";
  run.options = {{"timeout", c.timeout_seconds},
                 {"ephemeral_ports", c.ephemeral},
                 {"interval_pruning", !c.no_interval_pruning},
                 {"input_options_sha256", sha256Hex(given)}};
  run.inputs = digestInputs(report.inputs);
  return run;
}

int runCheck(const CheckCommand& cmd) {
  AnalyzerOptions options;
  std::optional<std::pair<int, int>> shard{{0, 1}};
  if (!cmd.shard.empty() && !(shard = parseShard(cmd.shard))) return kExitError;
  bool sharded = shard->second > 1;
  // A shard's report is only the input of `segproof merge`: JSON. (One
  // shard of one is the whole check, in any format; JSON by default too.)
  std::string asked = !cmd.shard.empty() && !cmd.format_given ? "json" : cmd.common.format;
  auto formats = sharded
                     ? parseFormats(asked, {"json"})
                     : parseFormats(asked, {"text", "json", "sarif", "junit", "markdown", "html"});
  if (!formats && sharded)
    std::cerr << "note: --shard " << cmd.shard
              << " writes the JSON that `segproof merge` combines; merge writes the other "
                 "formats\n";
  if (!formats || !analyzerOptions(cmd.common, options)) return kExitError;
  options.shard_index = shard->first;
  options.shard_count = shard->second;
  DiagnosticEngine diags;
  auto in = loadCheckInputs(cmd.common, cmd.query_files, cmd.controls, diags);
  if (!in) return kExitError;
  CheckReport report =
      checkAll(in->network, in->assertions, in->controls, options, cmd.common.quiet, diags);
  if (flush(diags)) return kExitError;
  if (report.shard) {
    // Unqualified verdicts: the exit code waits for the merge.
    std::string text = checkJson(report, shardRun(cmd.common, report)).dump(2) + "\n";
    if (writeReports({{"json", text}}, cmd.common.output, "check") != kExitOk) return kExitError;
    return reportInternalErrors(report.internal_errors) ? kExitInternal : kExitOk;
  }
  auto reports = renderAll(*formats, [&](const std::string& format) -> std::string {
    return renderCheck(report, format, format == "html" ? digestInputs(report.inputs)
                                                        : std::vector<InputDigest>{});
  });
  if (writeReports(reports, cmd.common.output, "check") != kExitOk) return kExitError;
  if (reportInternalErrors(report.internal_errors)) return kExitInternal;
  return checkExitCode(report);
}

// One shard result file, read; nullopt after error[merge-input] naming it.
// The first shard's input checksums go to `digests`.
std::optional<ShardReport> readShard(const std::string& path, std::vector<InputDigest>& digests) {
  auto fail = [&](const std::string& what) {
    std::cerr << "error[merge-input]: " << path << what << "\n";
    return std::nullopt;
  };
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode))
    return fail(": is a folder, not a shard result");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(": cannot read it: " + std::string(std::strerror(errno)));
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return fail(": cannot read it");
  ReadProblem problem;
  std::optional<CheckDocument> doc = readCheckJson(text.str(), problem);
  if (!doc) {
    if (problem.line > 0) return fail(":" + problem.str());
    return fail(": not a segproof check result: " + problem.str());
  }
  if (doc->report.shard && digests.empty()) digests = doc->input_digests;
  ShardReport shard;
  shard.name = path;
  shard.report = std::move(doc->report);
  shard.max_witnesses = doc->max_witnesses.value_or(0);
  nlohmann::ordered_json checksums = nlohmann::ordered_json::array();
  for (const InputDigest& d : doc->input_digests) checksums.push_back({d.path, d.bytes, d.sha256});
  shard.run = doc->version + "\n" + doc->options.dump() + "\n" + checksums.dump();
  return shard;
}

// `segproof merge`: the shards' results as one check report, in any of
// check's formats, with check's exit codes.
int runMerge(const MergeCommand& cmd) {
  auto formats = parseFormats(cmd.format, {"text", "json", "sarif", "junit", "markdown", "html"});
  if (!formats) return kExitError;
  std::vector<ShardReport> shards;
  std::vector<InputDigest> digests;
  bool ok = true;
  for (const std::string& path : cmd.results) {
    std::optional<ShardReport> shard = readShard(path, digests);
    if (!shard) {
      ok = false;
      continue;
    }
    shards.push_back(std::move(*shard));
  }
  if (!ok) return kExitError;
  MergeResult merged = mergeShards(std::move(shards));
  if (!merged.report) {
    std::cerr << "error[merge-input]: " << merged.error << "\n";
    return kExitError;
  }
  const CheckReport& report = *merged.report;
  // The checksums the HTML report shows: the shards', taken where they ran;
  // for an unsharded report, of the files here.
  if (digests.empty()) digests = digestInputs(report.inputs);
  auto reports = renderAll(*formats, [&](const std::string& format) -> std::string {
    return renderCheck(report, format, digests);
  });
  if (writeReports(reports, cmd.output, "check") != kExitOk) return kExitError;
  if (reportInternalErrors(report.internal_errors)) return kExitInternal;
  return checkExitCode(report);
}

// `segproof report`: the assertions, the segment matrix and the rule
// findings of the same inputs, in one HTML file for auditors.
int runReport(const ReportCommand& cmd) {
  AnalyzerOptions options;
  auto formats = parseFormats(cmd.common.format, {"html"});
  if (!formats || !analyzerOptions(cmd.common, options)) return kExitError;
  DiagnosticEngine diags;
  auto in = loadCheckInputs(cmd.common, cmd.query_files, cmd.controls, diags);
  if (!in) return kExitError;
  const Network& network = in->network;
  CheckReport check =
      checkAll(network, in->assertions, in->controls, options, cmd.common.quiet, diags);
  if (flush(diags)) return kExitError;

  SegmentMatrix matrix = matrixOf(
      network, cmd.query_files.empty() ? std::vector<Segment>{} : in->assertions.segments, options,
      "segproof report (matrix)", cmd.common.quiet, diags);
  if (flush(diags)) return kExitError;

  LintOptions lint_options;
  lint_options.input = cmd.common.input;
  lint_options.analyzer = options;
  lint_options.config_path = cmd.config;
  lint_options.use_config = !cmd.no_config;
  lint_options.controls_path = cmd.controls;
  LintReport lint;
  {
    ProgressLine progress("segproof report (lint)", "path verdicts", cmd.common.quiet);
    lint_options.analyzer.progress = progress.callback();
    lint = lintInputs(cmd.common.inputs, diags, lint_options);
  }
  // An auditor's report covers everything it was given or nothing.
  if (flush(diags)) return kExitError;

  if (writeReports({{"html", auditHtml(check.inputs, &check, &matrix, &lint)}}, cmd.common.output,
                   "report") != kExitOk)
    return kExitError;
  std::vector<std::string> errors = check.internal_errors;
  errors.insert(errors.end(), matrix.internal_errors.begin(), matrix.internal_errors.end());
  errors.insert(errors.end(), lint.internal_errors.begin(), lint.internal_errors.end());
  if (reportInternalErrors(errors)) return kExitInternal;
  return checkExitCode(check);
}

int runMatrix(const MatrixCommand& cmd) {
  AnalyzerOptions options;
  auto formats = parseFormats(cmd.common.format, {"text", "json", "markdown", "html"});
  if (!formats || !analyzerOptions(cmd.common, options)) return kExitError;
  DiagnosticEngine diags;
  Network network = loadNetwork(cmd.common.inputs, diags, cmd.common.input);
  if (diags.hasErrors()) return flush(diags), kExitError;
  std::vector<Segment> chosen;
  if (!cmd.query_files.empty()) {
    chosen = loadAssertions(cmd.query_files, diags).segments;
    if (chosen.empty() && !diags.hasErrors())
      diags.error("no-segments", SourceLocation{cmd.query_files.front(), 0, 0},
                  "the query files define no segments: a matrix needs a `segments:` section");
  }
  if (diags.hasErrors()) return flush(diags), kExitError;
  SegmentMatrix matrix = matrixOf(network, chosen, options, "segproof matrix", cmd.common.quiet, diags);
  if (flush(diags)) return kExitError;
  auto reports = renderAll(*formats, [&](const std::string& format) -> std::string {
    if (format == "json") return matrixJson(matrix).dump(2) + "\n";
    if (format == "markdown") return matrixMarkdown(matrix);
    if (format == "html") return auditHtml(matrix.inputs, nullptr, &matrix, nullptr);
    return matrixText(matrix);
  });
  if (writeReports(reports, cmd.common.output, "matrix") != kExitOk) return kExitError;
  if (reportInternalErrors(matrix.internal_errors)) return kExitInternal;
  for (const auto& row : matrix.cells)
    for (const MatrixCell& cell : row)
      if (cell.asked && cell.verdict == Verdict::kUnknown) return kExitUnknown;
  return kExitOk;
}

// Findings are printed even when some input has errors (for what was read);
// the exit code says so.
int runLint(const LintCommand& cmd) {
  LintOptions options;
  auto formats =
      parseFormats(cmd.common.format, {"text", "json", "sarif", "junit", "markdown"});
  if (!formats || !analyzerOptions(cmd.common, options.analyzer)) return kExitError;
  auto fail_on = parseLintSeverity(cmd.fail_on);
  if (!fail_on && cmd.fail_on != "never") {
    std::cerr << "error[invalid-option]: --fail-on '" << cmd.fail_on
              << "' is not critical, high, medium, low, info or never\n";
    return kExitError;
  }
  options.input = cmd.common.input;
  options.path_verdicts = !cmd.no_paths;
  options.config_path = cmd.config;
  options.use_config = !cmd.no_config;
  options.controls_path = cmd.controls;
  DiagnosticEngine diags;
  LintReport report;
  {
    ProgressLine progress("segproof lint", "path verdicts", cmd.common.quiet);
    options.analyzer.progress = progress.callback();
    report = lintInputs(cmd.common.inputs, diags, options);
  }
  bool errors = flush(diags);
  auto reports = renderAll(*formats, [&](const std::string& format) -> std::string {
    if (format == "json") return lintJson(report).dump(2) + "\n";
    if (format == "sarif") return lintSarif(report).dump(2) + "\n";
    if (format == "junit") return lintJunit(report);
    if (format == "markdown") return lintMarkdown(report);
    return lintText(report);
  });
  if (writeReports(reports, cmd.common.output, "lint") != kExitOk) return kExitError;
  if (reportInternalErrors(report.internal_errors)) return kExitInternal;
  if (errors) return kExitError;
  bool failing = fail_on && std::any_of(report.findings.begin(), report.findings.end(),
                                        [&](const LintFinding& f) { return f.severity <= *fail_on; });
  return failing ? kExitViolated : kExitOk;
}

std::vector<Selector> selectors(const std::vector<std::string>& texts, const char* option,
                                DiagnosticEngine& diags) {
  std::vector<Selector> out;
  for (const std::string& t : texts)
    if (auto s = parseSelector(t, SourceLocation{std::string("command line (") + option + ")", 0, 0}, diags))
      out.push_back(*s);
  return out;
}

int runReach(const ReachCommand& cmd) {
  AnalyzerOptions options;
  auto formats = parseFormats(cmd.common.format, {"text", "json", "dot"});
  if (!formats || !analyzerOptions(cmd.common, options)) return kExitError;
  FlowSpec flow;
  std::string protocol = cmd.protocol.empty() ? (cmd.port.empty() ? "any" : "tcp") : cmd.protocol;
  if (protocol == "tcp") flow.protocol = kTcp;
  else if (protocol == "udp") flow.protocol = kUdp;
  else if (protocol == "icmp") flow.protocol = kIcmp;
  else if (protocol != "any") {
    std::cerr << "error[invalid-protocol]: --protocol must be tcp, udp, icmp or any, not '" << protocol << "'\n";
    return kExitError;
  }
  if (!cmd.port.empty()) {
    auto ports = parsePortRange(cmd.port);
    if (!ports) {
      std::cerr << "error[invalid-port]: --port '" << cmd.port << "' is not a port N or range N-M within 0-65535\n";
      return kExitError;
    }
    if (flow.protocol != kTcp && flow.protocol != kUdp) {
      std::cerr << "error[ports-without-protocol]: --port needs --protocol tcp or udp\n";
      return kExitError;
    }
    flow.ports.push_back(*ports);
  }
  DiagnosticEngine diags;
  std::vector<Selector> from = selectors(cmd.from, "--from", diags);
  std::vector<Selector> to = selectors(cmd.to, "--to", diags);
  if (diags.hasErrors()) return flush(diags), kExitError;
  Network network = loadNetwork(cmd.common.inputs, diags, cmd.common.input);
  if (diags.hasErrors()) return flush(diags), kExitError;
  AssertionResult result;
  {
    ProgressLine progress("segproof reach", "sub-problems", cmd.common.quiet);
    options.progress = progress.callback();
    Analyzer analyzer(network, options);
    result = analyzer.reach(from, to, flow, diags);
  }
  if (flush(diags)) return kExitError;
  auto reports = renderAll(*formats, [&](const std::string& format) -> std::string {
    if (format == "json") return reachJson(result).dump(2) + "\n";
    if (format == "dot") return reachDot(result);
    return reachText(result);
  });
  if (writeReports(reports, cmd.common.output, "reach") != kExitOk) return kExitError;
  return reportInternalErrors(result.internal_errors) ? kExitInternal : kExitOk;
}

// The end of the model that sends or receives at `address`: among what
// `selector` names (everything when empty). An interface with that fixed
// address comes first; then, without a selector, the internet; otherwise the
// address must fit exactly one end.
std::optional<SimEnd> traceEnd(const Network& network, const Simulator& sim,
                               const std::string& selector, const IpAddress& address,
                               const char* option, DiagnosticEngine& diags) {
  std::vector<SimEnd> candidates;
  if (selector.empty()) {
    for (size_t i = 0; i < network.interfaces.size(); ++i)
      candidates.push_back(SimEnd::interface(InterfaceId{static_cast<int32_t>(i)}));
    candidates.push_back(SimEnd::internet());
    for (size_t g = 0; g < network.gateways.size(); ++g)
      if (network.gateways[g].kind == RouteTargetKind::kVpnGateway)
        candidates.push_back(SimEnd::zone(GatewayId{static_cast<int32_t>(g)}));
  } else {
    std::optional<Selector> s =
        parseSelector(selector, SourceLocation{std::string("command line (") + option + ")", 0, 0}, diags);
    if (!s) return std::nullopt;
    Selection sel = resolveSelector(*s, network, diags);
    for (InterfaceId i : sel.interfaces) candidates.push_back(SimEnd::interface(i));
    if (sel.internet) candidates.push_back(SimEnd::internet());
    for (GatewayId g : sel.external) candidates.push_back(SimEnd::zone(g));
  }
  std::vector<SimEnd> fits;
  for (const SimEnd& e : candidates) {
    if (!sim.addressOf(e, address)) continue;
    if (e.kind == SimEnd::Kind::kInterface) {
      const Interface& i = network.at(e.iface);
      for (const auto* list : {&i.private_addresses, &i.ipv6_addresses})
        for (const PrivateAddress& a : *list)
          if (a.ip == address) return e;
    }
    fits.push_back(e);
  }
  if (fits.size() == 1) return fits.front();
  if (selector.empty())
    for (const SimEnd& e : fits)
      if (e.kind == SimEnd::Kind::kInternet) return e;
  std::string ip = address.str();
  SourceLocation where{std::string("command line (") + option + ")", 0, 0};
  if (fits.empty()) {
    diags.error("trace-no-end", where,
                ip + " is not an address of " + (selector.empty() ? "any end of the model" : selector));
    return std::nullopt;
  }
  std::string names;
  for (size_t i = 0; i < fits.size() && i < 5; ++i) names += (i ? ", " : "") + sim.describe(fits[i]);
  if (fits.size() > 5) names += ", ...";
  diags.error("trace-ambiguous-end", where,
              ip + " may belong to " + std::to_string(fits.size()) + " ends (" + names +
                  "); name one with " + option);
  return std::nullopt;
}

int runTrace(const TraceCommand& cmd) {
  auto formats = parseFormats(cmd.format, {"text", "json"});
  if (!formats) return kExitError;
  auto range = parsePortRange(cmd.ephemeral);
  if (!range) {
    std::cerr << "error[invalid-port]: --ephemeral-ports '" << cmd.ephemeral
              << "' is not a port range FROM-TO within 0-65535\n";
    return kExitError;
  }
  FlowPacket packet;
  auto src = IpAddress::parse(cmd.src), dst = IpAddress::parse(cmd.dst);
  if (!src || !dst || src->family != dst->family) {
    std::cerr << "error[invalid-address]: --src and --dst must be IP addresses of one family\n";
    return kExitError;
  }
  packet.source = *src;
  packet.destination = *dst;
  if (cmd.protocol == "tcp") packet.protocol = kTcp;
  else if (cmd.protocol == "udp") packet.protocol = kUdp;
  else if (cmd.protocol == "icmp") packet.protocol = kIcmp;
  else if (cmd.protocol == "icmpv6") packet.protocol = kIcmpV6;
  else if (!cmd.protocol.empty() && cmd.protocol.find_first_not_of("0123456789") == std::string::npos &&
           cmd.protocol.size() <= 3 && std::stoi(cmd.protocol) <= 255)
    packet.protocol = std::stoi(cmd.protocol);
  else {
    std::cerr << "error[invalid-protocol]: --protocol must be tcp, udp, icmp, icmpv6 or a number "
                 "0-255, not '"
              << cmd.protocol << "'\n";
    return kExitError;
  }
  if (packet.protocol == kTcp || packet.protocol == kUdp) {
    if (cmd.dport < 0 || cmd.dport > 65535) {
      std::cerr << "error[invalid-port]: --dport N (0-65535) is needed for tcp and udp\n";
      return kExitError;
    }
    packet.source_port = cmd.sport;
    packet.destination_port = cmd.dport;
  } else if (packet.protocol == kIcmp || packet.protocol == kIcmpV6) {
    packet.icmp_type = cmd.icmp_type;
    packet.icmp_code = cmd.icmp_code;
  }
  DiagnosticEngine diags;
  Network network = loadNetwork(cmd.inputs, diags, cmd.input);
  if (diags.hasErrors()) return flush(diags), kExitError;
  Simulator sim(network, SimOptions{range->from, range->to});
  std::optional<SimEnd> from = traceEnd(network, sim, cmd.from, packet.source, "--from", diags);
  std::optional<SimEnd> to = traceEnd(network, sim, cmd.to, packet.destination, "--to", diags);
  if (flush(diags) || !from || !to) return kExitError;
  SimResult result = sim.send(*from, *to, packet);
  if (result.disposition == Disposition::kInvalid) {
    std::cerr << "error[invalid-packet]: " << result.reason << "\n";
    return kExitError;
  }
  auto reports = renderAll(*formats, [&](const std::string& format) -> std::string {
    if (format == "json")
      return traceJson(packet, sim.describe(*from), sim.describe(*to), result).dump(2) + "\n";
    return traceText(packet, sim.describe(*from), sim.describe(*to), result);
  });
  if (writeReports(reports, cmd.output, "trace") != kExitOk) return kExitError;
  switch (result.disposition) {
    case Disposition::kDelivered:
      return kExitOk;
    case Disposition::kDropped:
      return kExitViolated;
    default:
      return kExitUnknown;
  }
}

int runModel(const ModelCommand& cmd) {
  auto formats = parseFormats(cmd.format, {"json", "dot"});
  if (!formats) return kExitError;
  DiagnosticEngine diags;
  Network network = loadNetwork(cmd.inputs, diags, cmd.input);
  if (flush(diags)) return kExitError;
  auto reports = renderAll(*formats, [&](const std::string& format) -> std::string {
    return format == "dot" ? modelDot(network) : modelJson(network).dump(2) + "\n";
  });
  return writeReports(reports, cmd.output, "model");
}

}  // namespace

int runCompare(const CompareCommand& cmd, bool drift) {
  CompareRun run;
  auto formats = parseFormats(cmd.common.format, {"text", "json", "markdown"});
  if (!formats || !analyzerOptions(cmd.common, run.options)) return kExitError;
  run.formats = *formats;
  run.before = cmd.before;
  run.after = cmd.after;
  run.input = cmd.common.input;
  run.query_files = cmd.query_files;
  run.output = cmd.common.output;
  run.quiet = cmd.common.quiet;
  run.strict = cmd.strict;
  return drift ? runDrift(run) : runDiff(run);
}

// What tells `diff` and `drift` apart on the command line.
struct CompareSpelling {
  const char* name;
  const char* help;
  const char* before;  // the first input's name and description
  const char* before_help;
  const char* after;
  const char* after_help;
  const char* strict;  // the flag that sets CompareCommand::strict
  const char* strict_help;
};

CLI::App* addCompareCommand(CLI::App& app, const CompareSpelling& s, CompareCommand& cmd) {
  CLI::App* sub = app.add_subcommand(s.name, s.help);
  sub->add_option(s.before, cmd.before, s.before_help)->required();
  sub->add_option(s.after, cmd.after, s.after_help)->required();
  addAnalysisOptions(sub, cmd.common, "text, json, markdown; several comma-separated, with -o FOLDER");
  sub->add_option("-q,--queries", cmd.query_files,
                  "Assertion file (repeatable): its assertions are compared and its segments "
                  "are the ends; default: the built-in pack, one end per endpoint");
  sub->add_flag(s.strict, cmd.strict, s.strict_help);
  return sub;
}

int runCli(int argc, char** argv) {
  CLI::App app{"segproof: proves network segmentation of cloud infrastructure code"};
  app.set_version_flag("--version", std::string("segproof ") + kVersion);
  app.require_subcommand(1);
  for (int i = 0; i < argc; ++i) commandLine() += (i ? " " : "") + std::string(argv[i]);

  CheckCommand check;
  CLI::App* check_app = app.add_subcommand("check", "Check reachability assertions (the built-in pack by default)");
  addCommon(check_app, check.common,
            "text, json, sarif, junit, markdown, html; several comma-separated, with -o FOLDER");
  check_app->add_option("-q,--queries", check.query_files, "Assertion file (repeatable); default: the built-in pack");
  check_app->add_option("--controls", check.controls,
                        "Control table to use instead of the built-in one (docs/lint.md)");
  check_app->add_option("--shard", check.shard,
                        "Decide only shard I of N (1-based, e.g. 2/3) and write its JSON for "
                        "`segproof merge` (docs/distributed.md)");

  MergeCommand merge;
  CLI::App* merge_app = app.add_subcommand(
      "merge", "Combine the JSON results of `check --shard I/N` into one check report");
  merge_app->add_option("results", merge.results, "The shards' JSON results, every shard once")
      ->required();
  merge_app->add_option("--format", merge.format,
                        "Output format: text, json, sarif, junit, markdown, html; several "
                        "comma-separated, with -o FOLDER");
  merge_app->add_option("-o,--output", merge.output,
                        "Write the report to FILE instead of standard output; with several "
                        "formats, into the folder FOLDER (docs/output.md)");

  LintCommand lint;
  CLI::App* lint_app = app.add_subcommand(
      "lint", "Rule-level findings, each open rule with its path verdict (docs/lint.md)");
  addCommon(lint_app, lint.common,
            "text, json, sarif, junit, markdown; several comma-separated, with -o FOLDER");
  lint_app->add_flag("--no-paths", lint.no_paths,
                     "Rule-level findings only: do not decide whether open rules are reachable");
  lint_app->add_option("--config", lint.config,
                       "Suppression file (default: .segproof.yaml in the current folder, if any)");
  lint_app->add_flag("--no-config", lint.no_config, "Read no suppression file");
  lint_app->add_option("--controls", lint.controls,
                       "Control table to use instead of the built-in one (docs/lint.md)");
  lint_app->add_option("--fail-on", lint.fail_on,
                       "Exit 1 when a finding at or above this severity remains: critical, high, "
                       "medium, low (default), info or never");

  ReportCommand report;
  report.common.format = "html";
  CLI::App* report_app = app.add_subcommand(
      "report", "One self-contained HTML report for auditors: assertions, segment matrix, rule "
                "findings, suppressions, controls, input checksums");
  addCommon(report_app, report.common, "html");
  report_app->add_option("-q,--queries", report.query_files,
                         "Assertion file (repeatable; its segments make the matrix); default: "
                         "the built-in pack");
  report_app->add_option("--config", report.config,
                         "Suppression file (default: .segproof.yaml in the current folder, if any)");
  report_app->add_flag("--no-config", report.no_config, "Read no suppression file");
  report_app->add_option("--controls", report.controls,
                         "Control table to use instead of the built-in one (docs/lint.md)");

  MatrixCommand matrix;
  CLI::App* matrix_app = app.add_subcommand(
      "matrix", "The segment matrix: which segment reaches which, on which ports");
  addCommon(matrix_app, matrix.common,
            "text, json, markdown, html; several comma-separated, with -o FOLDER");
  matrix_app->add_option("-q,--queries", matrix.query_files,
                         "Assertion file whose segments are the rows and columns (repeatable); "
                         "default: the built-in pack's environment segments, else one per subnet");

  ReachCommand reach;
  CLI::App* reach_app = app.add_subcommand("reach", "Ask one question: can --from reach --to?");
  addCommon(reach_app, reach.common, "text, json, dot (the path as a Graphviz drawing)");
  reach_app->add_option("--from", reach.from, "Source selector (repeatable)")->required();
  reach_app->add_option("--to", reach.to, "Destination selector (repeatable)")->required();
  reach_app->add_option("--protocol", reach.protocol, "tcp, udp, icmp or any (default: any, or tcp with --port)");
  reach_app->add_option("--port", reach.port, "Destination port N or range N-M");

  TraceCommand trace;
  CLI::App* trace_app = app.add_subcommand(
      "trace", "Follow one concrete packet hop by hop through the packet simulator");
  trace_app->add_option("inputs", trace.inputs, "Files or folders to read")->required();
  addInputOptions(trace_app, trace.input);
  trace_app->add_option("--src", trace.src,
                        "Source IPv4 or IPv6 address (an interface's private IPv4 or its IPv6)")
      ->required();
  trace_app->add_option("--dst", trace.dst,
                        "Destination address, of the source's family (as --src)")
      ->required();
  trace_app->add_option("--protocol", trace.protocol,
                        "tcp (default), udp, icmp, icmpv6 or a protocol number");
  trace_app->add_option("--sport", trace.sport, "Source port (default 49152)");
  trace_app->add_option("--dport", trace.dport, "Destination port (tcp, udp)");
  trace_app->add_option("--icmp-type", trace.icmp_type, "ICMP type (default 0)");
  trace_app->add_option("--icmp-code", trace.icmp_code, "ICMP code (default 0)");
  trace_app->add_option("--from", trace.from, "Selector of the sending end, when the address alone is ambiguous");
  trace_app->add_option("--to", trace.to, "Selector of the receiving end, when the address alone is ambiguous");
  trace_app->add_option("--ephemeral-ports", trace.ephemeral,
                        "Source ports initiators use, as FROM-TO (default 1024-65535)");
  trace_app->add_option("--format", trace.format, "text or json");
  trace_app->add_option("-o,--output", trace.output, "Write to FILE instead of standard output");

  CompareCommand diff;
  CLI::App* diff_app = addCompareCommand(
      app,
      {"diff",
       "Differential reachability: the flows AFTER allows and BEFORE does not, and the reverse, "
       "with a witness each (docs/diff.md)",
       "before", "Input before the change (any input segproof reads)", "after",
       "Input after the change", "--fail-on-new",
       "Exit 1 on any opened flow, not only on flows an assertion forbids"},
      diff);

  CompareCommand drift;
  CLI::App* drift_app = addCompareCommand(
      app,
      {"drift",
       "Drift: match code to a live account snapshot; one-sided resources, differing rules, "
       "reachability the live network has and the code does not (docs/drift.md)",
       "code", "The infrastructure code (any input segproof reads)", "snapshot",
       "The live account: an AWS snapshot folder (docs/snapshots.md)", "--fail-on-drift",
       "Exit 1 also on resources of one side only and on differing rules"},
      drift);

  ModelCommand model;
  CLI::App* model_app = app.add_subcommand("model", "Print the extracted network model");
  model_app->add_option("inputs", model.inputs, "Files or folders to read")->required();
  addInputOptions(model_app, model.input);
  model_app->add_option("--format", model.format, "json or dot");
  model_app->add_option("-o,--output", model.output, "Write to FILE instead of standard output");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e), kExitOk;
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e), kExitOk;
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e), kExitOk;
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitError;
  }
  if (check_app->parsed()) {
    check.format_given = check_app->get_option("--format")->count() > 0;
    return runCheck(check);
  }
  if (merge_app->parsed()) return runMerge(merge);
  if (reach_app->parsed()) return runReach(reach);
  if (lint_app->parsed()) return runLint(lint);
  if (matrix_app->parsed()) return runMatrix(matrix);
  if (report_app->parsed()) return runReport(report);
  if (model_app->parsed()) return runModel(model);
  if (trace_app->parsed()) return runTrace(trace);
  if (diff_app->parsed()) return runCompare(diff, false);
  if (drift_app->parsed()) return runCompare(drift, true);
  return kExitError;
}

}  // namespace segproof
