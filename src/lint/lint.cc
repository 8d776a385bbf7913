// `segproof lint` (segproof/lint/lint.h): reads the inputs twice — once with
// every rule kept as written (keep_unplaced) for the rule-level checks, once
// as for `check`, to build the network the path verdicts are decided on —
// then runs the checks, the path verdicts, the control table and the
// suppressions.
#include "segproof/lint/lint.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <tuple>

#include "aws/model_builder.h"
#include "frontends/frontend.h"
#include "lint/catalogue.h"
#include "lint/checks.h"
#include "lint/controls.h"
#include "lint/path_verdicts.h"
#include "lint/rules.h"
#include "lint/suppressions.h"

namespace segproof {

namespace {

constexpr const char* kConfigName = ".segproof.yaml";

bool before(const LintFinding& a, const LintFinding& b) {
  return std::tie(a.location.file, a.location.line, a.location.column, a.check, a.element) <
         std::tie(b.location.file, b.location.line, b.location.column, b.check, b.element);
}

// The network of the inputs as `check` builds it. The second read's frontend
// warnings repeat the first's and are dropped; the builder's diagnostics
// (invalid CIDRs, protocols, ports, unknown references) are the user's.
std::optional<Network> buildForPaths(const std::vector<std::string>& inputs,
                                     const InputOptions& input, DiagnosticEngine& diags) {
  DiagnosticEngine quiet;
  InputOptions normal = input;
  normal.keep_unplaced = false;
  aws::Resources resources = loadInputs(inputs, quiet, normal);
  if (quiet.errorCount() > 0) return std::nullopt;
  int errors_before = diags.errorCount();
  Network network = aws::buildNetwork(resources, diags);
  if (diags.errorCount() > errors_before) return std::nullopt;
  return network;
}

// Adds the diagnostics of `from` that `to` does not have yet (the network
// build reports invalid rules of the groups it builds; lint reads them all).
void reportOnce(const DiagnosticEngine& from, DiagnosticEngine& to) {
  for (const Diagnostic& d : from.diagnostics()) {
    bool known = std::any_of(to.diagnostics().begin(), to.diagnostics().end(),
                             [&](const Diagnostic& e) {
                               return e.code == d.code && e.location.str() == d.location.str() &&
                                      e.message == d.message;
                             });
    if (!known) to.report(d);
  }
}

size_t unjudgedRules(const std::vector<lint::LintRule>& rules) {
  return static_cast<size_t>(std::count_if(rules.begin(), rules.end(),
                                           [](const lint::LintRule& r) {
                                             return r.has_unknowns && !r.stand_in;
                                           }));
}

}  // namespace

const char* lintSeverityName(LintSeverity severity) {
  switch (severity) {
    case LintSeverity::kCritical: return "critical";
    case LintSeverity::kHigh: return "high";
    case LintSeverity::kMedium: return "medium";
    case LintSeverity::kLow: return "low";
    case LintSeverity::kInfo: return "info";
  }
  return "medium";
}

std::optional<LintSeverity> parseLintSeverity(const std::string& text) {
  for (LintSeverity s : {LintSeverity::kCritical, LintSeverity::kHigh, LintSeverity::kMedium,
                         LintSeverity::kLow, LintSeverity::kInfo}) {
    if (text == lintSeverityName(s)) return s;
  }
  return std::nullopt;
}

const char* pathVerdictName(PathVerdict::Kind kind) {
  switch (kind) {
    case PathVerdict::Kind::kNotApplicable: return "n/a";
    case PathVerdict::Kind::kReachable: return "reachable";
    case PathVerdict::Kind::kNotReachable: return "not reachable";
    case PathVerdict::Kind::kUnknown: return "unknown";
  }
  return "unknown";
}

LintReport lintInputs(const std::vector<std::string>& inputs, DiagnosticEngine& diags,
                      const LintOptions& options) {
  auto start = std::chrono::steady_clock::now();
  LintReport report;
  InputOptions as_written = options.input;
  as_written.keep_unplaced = true;
  int errors_before = diags.errorCount();
  aws::Resources resources = loadInputs(inputs, diags, as_written);
  report.inputs = resources.files;
  bool input_errors = diags.errorCount() > errors_before;

  std::optional<Network> network;
  if (!input_errors) network = buildForPaths(inputs, options.input, diags);

  DiagnosticEngine problems;
  std::vector<lint::LintRule> rules = lint::lintRules(resources, problems);
  reportOnce(problems, diags);
  lint::LintContext context{resources, rules, network ? &*network : nullptr};
  std::vector<LintFinding> findings = lint::openRuleFindings(context);
  for (auto* check :
       {&lint::ruleShapeFindings, &lint::naclHygieneFindings, &lint::hygieneFindings}) {
    std::vector<LintFinding> more = (*check)(context);
    std::move(more.begin(), more.end(), std::back_inserter(findings));
  }
  if (size_t unjudged = unjudgedRules(rules))
    report.notes.push_back(std::to_string(unjudged) +
                           " rules have values the inputs do not fix and were not judged as "
                           "open rules (their widest form would invent findings)");

  if (!options.path_verdicts) {
    lint::markPathsUnknown(findings, "path verdicts were not asked for (--no-paths)");
  } else if (!network) {
    lint::markPathsUnknown(findings, input_errors || diags.errorCount() > errors_before
                                         ? "the inputs have errors, so no network was built"
                                         : "no network was built");
  } else {
    lint::addPathVerdicts(*network, options.analyzer, findings, report.internal_errors);
  }

  lint::attachControls(options.controls_path.empty()
                           ? lint::builtinControls(diags)
                           : lint::loadControls(options.controls_path, diags),
                       findings);
  std::sort(findings.begin(), findings.end(), before);

  std::string config = options.config_path;
  if (config.empty() && options.use_config && std::filesystem::exists(kConfigName))
    config = kConfigName;
  if (!config.empty() && options.use_config) {
    if (auto loaded = lint::loadLintConfig(config, diags)) {
      report.config = config;
      report.suppressions = std::move(loaded->suppressions);
      lint::applySuppressions(report.suppressions, findings, report.suppressed);
      lint::warnUnusedSuppressions(report.suppressions, diags);
    }
  }
  report.findings = std::move(findings);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace segproof
