#include "report/junit_reporter.h"

#include <cstdio>
#include <map>

#include "lint/catalogue.h"
#include "report/json_reporter.h"
#include "report/text_reporter.h"
#include "report/xml_escape.h"

namespace segproof {

namespace {

std::string attr(const char* name, std::string_view value) {
  return std::string(" ") + name + "=\"" + xmlEscape(value, true) + "\"";
}

std::string attr(const char* name, size_t value) { return attr(name, std::to_string(value)); }

std::string seconds(double value) {
  char out[32];
  std::snprintf(out, sizeof out, "%.3f", value);
  return out;
}

std::string property(const std::string& name, const std::string& value) {
  return "      <property" + attr("name", name) + attr("value", value) + "/>\n";
}

// What a testcase ends in: nothing (it passes), or one of failure, error,
// skipped with its attributes and text.
struct Outcome {
  std::string element;  // "", "failure", "error", "skipped"
  std::string type;
  std::string message;
  std::string text;
};

struct Testcase {
  std::string name;
  std::string classname;
  SourceLocation location;
  Outcome outcome;
  std::string system_out;
};

struct Counts {
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  void add(const Outcome& o) {
    ++tests;
    if (o.element == "failure") ++failures;
    if (o.element == "error") ++errors;
    if (o.element == "skipped") ++skipped;
  }
  void add(const Counts& c) {
    tests += c.tests, failures += c.failures, errors += c.errors, skipped += c.skipped;
  }
  std::string attrs() const {
    return attr("tests", tests) + attr("failures", failures) + attr("errors", errors) +
           attr("skipped", skipped);
  }
};

std::string testcaseXml(const Testcase& t) {
  std::string out = "    <testcase" + attr("name", t.name) + attr("classname", t.classname);
  // A file CI systems can open: not the built-in pack ("<built-in>/...").
  if (t.location.known() && t.location.file.front() != '<') {
    out += attr("file", t.location.file);
    if (t.location.line > 0) out += attr("line", static_cast<size_t>(t.location.line));
  }
  const Outcome& o = t.outcome;
  if (o.element.empty() && t.system_out.empty()) return out + "/>\n";
  out += ">\n";
  if (!o.element.empty()) {
    out += "      <" + o.element;
    if (!o.message.empty() || o.element != "skipped") out += attr("message", o.message);
    if (!o.type.empty()) out += attr("type", o.type);
    out += o.text.empty() ? "/>\n" : ">" + xmlEscape(o.text, false) + "</" + o.element + ">\n";
  }
  if (!t.system_out.empty())
    out += "      <system-out>" + xmlEscape(t.system_out, false) + "</system-out>\n";
  return out + "    </testcase>\n";
}

// One <testsuite>: `properties` are <property> lines, already escaped.
std::string testsuiteXml(const std::string& name, const std::string& properties,
                         const std::vector<Testcase>& cases, double time, Counts& total) {
  Counts counts;
  for (const Testcase& t : cases) counts.add(t.outcome);
  total.add(counts);
  std::string out =
      "  <testsuite" + attr("name", name) + counts.attrs() + attr("time", seconds(time)) + ">\n";
  if (!properties.empty()) out += "    <properties>\n" + properties + "    </properties>\n";
  for (const Testcase& t : cases) out += testcaseXml(t);
  return out + "  </testsuite>\n";
}

std::string document(const std::string& name, const std::string& suites, const Counts& total,
                     double time) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites" + attr("name", name) +
         total.attrs() + attr("time", seconds(time)) + ">\n" + suites + "</testsuites>\n";
}

// The evidence of a verdict, as in the text report: witnesses when a flow
// gets through, else the proof with the closest path.
bool flowsGetThrough(const AssertionResult& r) {
  return (r.verdict == Verdict::kViolated && r.assertion.kind != AssertionKind::kReachable) ||
         (r.verdict == Verdict::kHolds && r.assertion.kind == AssertionKind::kReachable);
}

std::string evidenceText(const AssertionResult& r) {
  std::string out;
  if (flowsGetThrough(r)) {
    out += countText(r.flows, "flow gets", "flows get") + " through";
    if (r.witnesses.size() < r.flows)
      out += "; the first " + std::to_string(r.witnesses.size()) + " shown";
    out += ":\n";
    for (size_t i = 0; i < r.witnesses.size(); ++i) out += witnessText(r.witnesses[i], i + 1);
  } else if (r.pairs_checked == 0 || r.verdict != Verdict::kUnknown) {
    out += proofText(r);
  }
  return out;
}

std::string resultText(const AssertionResult& r) {
  const Assertion& a = r.assertion;
  std::string out = a.id + "  [" + assertionKindName(a.kind) + ", " + a.severity + "]";
  if (a.location.known()) out += "  " + a.location.str();
  out += "\n";
  if (!a.description.empty()) out += a.description + "\n";
  out += evidenceText(r);
  if (!r.reason.empty())
    out += std::string(r.verdict == Verdict::kUnknown ? "reason: " : "note: ") + r.reason + "\n";
  if (!r.controls.empty()) out += "controls: " + controlsText(r.controls) + "\n";
  return out;
}

// The one line a CI system shows next to the test's name.
std::string failureMessage(const AssertionResult& r) {
  if (!flowsGetThrough(r)) {
    std::string out = "no flow gets through";
    if (r.closest) {
      const PathHop& hop = r.closest->blocked_at;
      out += "; the closest path stops at " + hop.step;
      if (!hop.element.empty()) out += " " + hop.element;
      if (hop.location.known()) out += " (" + hop.location.str() + ")";
    }
    return out;
  }
  std::string out = countText(r.flows, "flow gets", "flows get") + " through";
  if (!r.witnesses.empty()) {
    const Witness& w = r.witnesses.front();
    out += ", e.g. " + w.source + " -> " + w.destination + ": " + w.packet.str();
  }
  return out;
}

Outcome outcomeOf(const AssertionResult& r) {
  Outcome o;
  if (!r.internal_errors.empty()) {
    o.element = "error";
    o.type = "internal";
    o.message = r.internal_errors.front();
    if (r.internal_errors.size() > 1)
      o.message += " (and " + std::to_string(r.internal_errors.size() - 1) + " more)";
    for (const std::string& e : r.internal_errors) o.text += "INTERNAL ERROR: " + e + "\n";
    o.text += resultText(r);
    return o;
  }
  switch (r.verdict) {
    case Verdict::kHolds:
      return o;
    case Verdict::kViolated:
      o.element = "failure";
      o.type = "violated";
      o.message = failureMessage(r);
      o.text = resultText(r);
      return o;
    case Verdict::kUnknown:
      o.element = "error";
      o.type = "unknown";
      o.message = r.reason.empty() ? "not decided" : r.reason;
      o.text = resultText(r);
      return o;
  }
  return o;
}

}  // namespace

std::string checkJunit(const CheckReport& report) {
  std::vector<Testcase> cases;
  for (const AssertionResult& r : report.results) {
    Testcase t;
    t.name = r.assertion.id;
    t.classname = std::string("segproof.") + assertionKindName(r.assertion.kind);
    t.location = r.assertion.location;
    t.outcome = outcomeOf(r);
    if (t.outcome.element.empty()) t.system_out = resultText(r);
    cases.push_back(t);
  }
  std::string properties = property("segproof.version", kVersion);
  for (const std::string& input : report.inputs) properties += property("input", input);
  properties += property("jobs", std::to_string(report.jobs));
  for (const std::string& note : report.notes) properties += property("note", note);
  Counts total;
  std::string suites = testsuiteXml("segproof check", properties, cases, report.seconds, total);
  return document("segproof check", suites, total, report.seconds);
}

namespace {

std::string findingText(const LintFinding& f) {
  std::string out = f.check + " " + lintSeverityName(f.severity) + "  " + f.resource;
  if (f.element != f.resource) out += " (" + f.element + ")";
  if (f.location.known()) out += "  " + f.location.str();
  out += "\n" + f.message + "\n";
  if (f.path.kind != PathVerdict::Kind::kNotApplicable) {
    out += "path: " + std::string(pathVerdictName(f.path.kind));
    if (!f.path.summary.empty()) out += ": " + f.path.summary;
    out += "\n";
    if (f.path.witness) out += witnessText(*f.path.witness, 1);
    if (f.path.blocked) out += blockedText(*f.path.blocked);
  }
  if (!f.fix.empty()) out += "fix: " + f.fix + "\n";
  if (!f.controls.empty()) out += "controls: " + controlsText(f.controls) + "\n";
  return out;
}

Testcase findingCase(const LintFinding& f) {
  Testcase t;
  t.name = f.check + " " + f.element;
  t.classname = "segproof.lint." + f.check;
  t.location = f.location;
  return t;
}

}  // namespace

std::string lintJunit(const LintReport& report) {
  // Checks in catalogue order, then those the catalogue does not list.
  std::vector<std::string> checks;
  std::map<std::string, std::vector<Testcase>> cases;
  for (const lint::CheckInfo& info : lint::checkCatalogue()) {
    checks.emplace_back(info.id);
    cases[std::string(info.id)];
  }
  auto casesOf = [&](const std::string& check) -> std::vector<Testcase>& {
    if (cases.find(check) == cases.end()) checks.push_back(check);
    return cases[check];
  };
  for (const LintFinding& f : report.findings) {
    Testcase t = findingCase(f);
    t.outcome.element = "failure";
    t.outcome.type = lintSeverityName(f.severity);
    t.outcome.message = f.message;
    t.outcome.text = findingText(f);
    casesOf(f.check).push_back(t);
  }
  for (const SuppressedFinding& s : report.suppressed) {
    const Suppression& why = report.suppressions[s.suppression];
    Testcase t = findingCase(s.finding);
    t.outcome.element = "skipped";
    t.outcome.message = "suppressed: " + why.reason;
    t.outcome.text = "suppressed by " + (why.location.known() ? why.location.str() : report.config);
    if (!why.expires.empty()) t.outcome.text += " until " + why.expires;
    t.outcome.text += ": " + why.reason + "\n" + findingText(s.finding);
    casesOf(s.finding.check).push_back(t);
  }

  std::string shared = property("segproof.version", kVersion);
  for (const std::string& input : report.inputs) shared += property("input", input);
  if (!report.config.empty()) shared += property("config", report.config);
  for (const std::string& note : report.notes) shared += property("note", note);
  // The run's properties go with the first suite only: repeated in each of
  // the catalogue's suites they would drown the report.
  Counts total;
  std::string suites;
  for (const std::string& check : checks) {
    std::vector<Testcase>& list = cases[check];
    if (list.empty()) {
      Testcase clean;
      clean.name = check;
      clean.classname = "segproof.lint." + check;
      list.push_back(clean);
    }
    std::string properties;
    if (const lint::CheckInfo* info = lint::findCheck(check)) {
      properties += property("check.title", std::string(info->title));
      properties += property("check.severity", lintSeverityName(info->severity));
    }
    if (suites.empty()) properties += shared;
    suites += testsuiteXml(check, properties, list, 0, total);
  }
  if (!report.internal_errors.empty()) {
    Testcase internal;
    internal.name = "internal errors";
    internal.classname = "segproof.lint.internal";
    internal.outcome.element = "error";
    internal.outcome.type = "internal";
    internal.outcome.message = report.internal_errors.front();
    for (const std::string& e : report.internal_errors)
      internal.outcome.text += "INTERNAL ERROR: " + e + "\n";
    suites += testsuiteXml("segproof internal", "", {internal}, 0, total);
  }
  return document("segproof lint", suites, total, report.seconds);
}

}  // namespace segproof
