// Markdown reports (markdown_reporter.h): for a pull-request comment or a CI job summary.
#include "report/markdown_reporter.h"

#include <algorithm>
#include <array>
#include <map>

#include "report/text_reporter.h"
#include "report/xml_escape.h"

namespace segproof {

namespace {

// Room kept for the closing note on what was left out.
constexpr size_t kNoteRoom = 320;

// Lays the comment out within the limit. A section's header is written only
// with the first item under it that fits; once an item does not fit, it and
// every later one are left out and counted, so what is shown is a prefix of
// the full report (a reservation, below, is the one exception).
class Layout {
 public:
  explicit Layout(size_t limit) : limit_(limit) {}

  // Always written: the heading and the summary lines.
  void text(const std::string& text) { out_ += text; }
  void section(std::string header) { pending_ = std::move(header); }
  void item(const std::string& body) {
    std::string piece = pending_ + body;
    if (!full_ && out_.size() + piece.size() + kNoteRoom + reserved_ <= limit_) {
      out_ += piece;
      pending_.clear();
      return;
    }
    full_ = true;
    ++left_out_;
  }
  // Keeps `bytes` free for a later section that must appear even when what
  // comes before it is cut (the suppressed findings, for auditors).
  void reserve(size_t bytes) { reserved_ = std::min(bytes, limit_ / 2); }
  void release() {
    reserved_ = 0;
    full_ = false;
  }
  // After the reserved section: nothing more if anything was left out.
  void endRelease() { full_ = left_out_ > 0; }

  std::string finish() const {
    if (left_out_ == 0) return out_;
    return out_ + "\n> **Truncated:** " + std::to_string(left_out_) + " item" +
           (left_out_ == 1 ? "" : "s") +
           " (table rows, evidence or details blocks) left out to stay within the comment limit "
           "of " +
           std::to_string(limit_) +
           " characters; the text or JSON report (`--format text`, `--format json`) has them "
           "all.\n";
  }

 private:
  size_t limit_;
  size_t reserved_ = 0;
  std::string out_;
  std::string pending_;
  size_t left_out_ = 0;
  bool full_ = false;
};

}  // namespace

// Text for a table cell or a line of prose: characters that would end the
// cell, open code, start HTML or escape are escaped; line breaks become spaces.
std::string markdownInline(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '|':
        out += "\\|";
        break;
      case '`':
        out += "\\`";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '<':
        out += "&lt;";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// Text inside an HTML element (<summary>), on one line.
std::string html(const std::string& text) {
  std::string line = text;
  std::replace(line.begin(), line.end(), '\n', ' ');
  return xmlEscape(line, false);
}

}  // namespace

// A fenced code block longer than any run of backticks in `text`.
std::string markdownCodeBlock(const std::string& text) {
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  return fence + "text\n" + text + (text.empty() || text.back() == '\n' ? "" : "\n") + fence + "\n";
}

std::string markdownDetails(const std::string& summary, const std::string& body) {
  return "<details><summary>" + html(summary) + "</summary>\n\n" + body + "\n</details>\n\n";
}

namespace {

std::string inputsLine(const std::vector<std::string>& inputs) {
  if (inputs.empty()) return "";
  std::string out = "Inputs:";
  for (size_t i = 0; i < inputs.size(); ++i) out += (i ? ", " : " ") + markdownInline(inputs[i]);
  return out + "\n";
}

bool flowsGetThrough(const AssertionResult& r) {
  return (r.verdict == Verdict::kViolated && r.assertion.kind != AssertionKind::kReachable) ||
         (r.verdict == Verdict::kHolds && r.assertion.kind == AssertionKind::kReachable);
}

const char* verdictCell(Verdict v) {
  switch (v) {
    case Verdict::kHolds:
      return "✅ holds";
    case Verdict::kViolated:
      return "❌ violated";
    case Verdict::kUnknown:
      return "⚠️ unknown";
  }
  return "⚠️ unknown";
}

std::string witnessesText(const AssertionResult& r, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += witnessText(r.witnesses[i], i + 1);
  return out;
}

std::string assertionLine(const AssertionResult& r) {
  const Assertion& a = r.assertion;
  std::string out = "**" + markdownInline(a.id) + "** (" + assertionKindName(a.kind) + ", " +
                    markdownInline(a.severity) + ")";
  if (!a.description.empty()) out += ": " + markdownInline(a.description);
  return out + "\n\n";
}

// A violation's evidence: witnesses, the first few in full and the rest
// folded, or for a `reachable` assertion the proof that nothing gets through.
void violationEvidence(Layout& layout, const AssertionResult& r, size_t& shown) {
  constexpr size_t kShown = 3;
  const std::string& id = r.assertion.id;
  if (!flowsGetThrough(r)) {
    std::string body = proofText(r);
    if (shown < kShown) {
      ++shown;
      layout.item(assertionLine(r) + "No flow gets through:\n\n" + markdownCodeBlock(body) + "\n");
    } else {
      layout.item(markdownDetails(id + ": no flow gets through", markdownCodeBlock(body)));
    }
    return;
  }
  std::string flows = countText(r.flows, "flow gets", "flows get") + " through";
  if (r.witnesses.size() < r.flows)
    flows += " (" + std::to_string(r.witnesses.size()) + " witnesses kept)";
  size_t full = std::min(r.witnesses.size(), kShown - std::min(shown, kShown));
  shown += full;
  if (full > 0)
    layout.item(assertionLine(r) + flows + ":\n\n" + markdownCodeBlock(witnessesText(r, 0, full)) + "\n");
  if (full < r.witnesses.size()) {
    std::string summary =
        full > 0 ? id + ": " + countText(r.witnesses.size() - full, "more witness", "more witnesses")
                 : id + ": " + flows;
    layout.item(markdownDetails(summary, markdownCodeBlock(witnessesText(r, full, r.witnesses.size()))));
  }
}

}  // namespace

std::string checkMarkdown(const CheckReport& report, size_t limit) {
  size_t holds = 0, violated = 0, unknown = 0, internal = 0;
  for (const AssertionResult& r : report.results) {
    if (r.verdict == Verdict::kHolds) ++holds;
    if (r.verdict == Verdict::kViolated) ++violated;
    if (r.verdict == Verdict::kUnknown) ++unknown;
    if (!r.internal_errors.empty()) ++internal;
  }
  const size_t total = report.results.size();
  std::string heading;
  if (!report.internal_errors.empty() || internal > 0)
    heading = "💥 segproof check: internal error";
  else if (violated > 0)
    heading = "❌ segproof check: " + std::to_string(violated) + " of " +
              countText(total, "assertion", "assertions") + " violated";
  else if (unknown > 0)
    heading = "⚠️ segproof check: " + std::to_string(unknown) + " of " +
              countText(total, "assertion", "assertions") + " unknown";
  else
    heading = "✅ segproof check: " +
              std::string(total == 1 ? "the assertion holds"
                                     : "all " + std::to_string(total) + " assertions hold");

  Layout layout(limit);
  layout.text("## " + heading + "\n\n" + std::to_string(violated) + " violated, " +
              std::to_string(holds) + " hold, " + std::to_string(unknown) + " unknown.\n" +
              inputsLine(report.inputs));

  layout.section("\n| Assertion | Kind | Severity | Verdict | Flows |\n|---|---|---|---|---:|\n");
  for (const AssertionResult& r : report.results)
    layout.item("| " + markdownInline(r.assertion.id) + " | " + assertionKindName(r.assertion.kind) +
                " | " + markdownInline(r.assertion.severity) + " | " + verdictCell(r.verdict) +
                " | " + std::to_string(r.flows) + " |\n");

  if (!report.internal_errors.empty()) {
    layout.section(
        "\n### Internal errors\n\nsegproof contradicted itself (exit code 4); please report it "
        "with the inputs.\n\n");
    for (const std::string& e : report.internal_errors) layout.item("- " + markdownInline(e) + "\n");
  }

  layout.section("\n### Violations\n\n");
  size_t shown = 0;
  for (const AssertionResult& r : report.results)
    if (r.verdict == Verdict::kViolated) violationEvidence(layout, r, shown);

  layout.section("\n### Unknown\n\n");
  for (const AssertionResult& r : report.results)
    if (r.verdict == Verdict::kUnknown)
      layout.item("- **" + markdownInline(r.assertion.id) +
                  "**: " + markdownInline(r.reason.empty() ? "not decided" : r.reason) + "\n");

  layout.section("\n### Holds\n\n");
  for (const AssertionResult& r : report.results) {
    if (r.verdict != Verdict::kHolds) continue;
    std::string body =
        r.assertion.description.empty() ? "" : markdownInline(r.assertion.description) + "\n\n";
    if (flowsGetThrough(r))
      body += countText(r.flows, "flow gets", "flows get") + " through, as required:\n\n" +
              markdownCodeBlock(witnessesText(r, 0, r.witnesses.size()));
    else
      body += markdownCodeBlock(proofText(r));
    if (!r.reason.empty()) body += "\nNote: " + markdownInline(r.reason) + "\n";
    layout.item(markdownDetails(
        r.assertion.id + ": " + (flowsGetThrough(r) ? "reachable, as required" : "proof"), body));
  }

  if (!report.notes.empty()) {
    std::string body;
    for (const std::string& n : report.notes) body += "- " + markdownInline(n) + "\n";
    layout.section("\n");
    layout.item(markdownDetails(countText(report.notes.size(), "note", "notes"), body));
  }
  return layout.finish();
}

namespace {

constexpr std::array kSeverities = {LintSeverity::kCritical, LintSeverity::kHigh,
                                    LintSeverity::kMedium, LintSeverity::kLow, LintSeverity::kInfo};

std::string lineOf(const SourceLocation& l) {
  if (!l.known()) return "";
  return l.line > 0 ? l.file + ":" + std::to_string(l.line) : l.file;
}

std::string resourceCell(const LintFinding& f) {
  std::string out = markdownInline(f.resource);
  if (f.element != f.resource) out += " (" + markdownInline(f.element) + ")";
  return out;
}

std::string pathCell(const PathVerdict& p) {
  if (p.kind == PathVerdict::Kind::kNotApplicable) return "";
  std::string out = p.kind == PathVerdict::Kind::kReachable ? std::string("**reachable**")
                                                            : std::string(pathVerdictName(p.kind));
  if (!p.summary.empty()) out += ": " + markdownInline(p.summary);
  return out;
}

std::string findingBody(const LintFinding& f) {
  std::string out = markdownInline(f.message) + "\n";
  if (f.location.known()) out += "\nAt " + markdownInline(f.location.str()) + ".\n";
  if (f.path.witness || f.path.blocked) {
    std::string path;
    if (f.path.witness) path += witnessText(*f.path.witness, 1);
    if (f.path.blocked) path += blockedText(*f.path.blocked);
    out += "\n" + markdownCodeBlock(path);
  }
  if (!f.fix.empty()) out += "\nFix: " + markdownInline(f.fix) + "\n";
  if (!f.controls.empty()) out += "\nControls: " + markdownInline(controlsText(f.controls)) + "\n";
  return out;
}

std::string suppressedRow(const LintReport& report, const SuppressedFinding& s) {
  const Suppression& why = report.suppressions[s.suppression];
  return "| " + markdownInline(s.finding.check) + " | " + resourceCell(s.finding) + " | " +
         markdownInline(why.reason) + " | " +
         (why.expires.empty() ? std::string("never") : markdownInline(why.expires)) + " | " +
         markdownInline(why.location.known() ? why.location.str() : report.config) + " |\n";
}

}  // namespace

std::string lintMarkdown(const LintReport& report, size_t limit) {
  std::map<LintSeverity, size_t> by_severity;
  size_t open = 0, reachable = 0, not_reachable = 0, undecided = 0;
  for (const LintFinding& f : report.findings) {
    ++by_severity[f.severity];
    if (f.path.kind == PathVerdict::Kind::kNotApplicable) continue;
    ++open;
    if (f.path.kind == PathVerdict::Kind::kReachable) ++reachable;
    if (f.path.kind == PathVerdict::Kind::kNotReachable) ++not_reachable;
    if (f.path.kind == PathVerdict::Kind::kUnknown) ++undecided;
  }
  const size_t count = report.findings.size();
  std::string heading;
  if (!report.internal_errors.empty())
    heading = "💥 segproof lint: internal error";
  else if (count == 0)
    heading = "✅ segproof lint: no findings";
  else if (count == by_severity[LintSeverity::kInfo])
    heading =
        "ℹ️ segproof lint: " + countText(count, "informational finding", "informational findings");
  else
    heading = "❌ segproof lint: " + countText(count, "finding", "findings");

  std::string counts = "| ";
  std::string rule = "|";
  std::string values = "| ";
  for (LintSeverity s : kSeverities) {
    counts += std::string(lintSeverityName(s)) + " | ";
    rule += "---:|";
    values += std::to_string(by_severity[s]) + " | ";
  }
  counts += "suppressed |\n";
  rule += "---:|\n";
  values += std::to_string(report.suppressed.size()) + " |\n";

  Layout layout(limit);
  std::string intro = "## " + heading + "\n\n" + counts + rule + values + "\n";
  if (open > 0)
    intro += countText(open, "open rule", "open rules") + ": " + std::to_string(reachable) +
             " reachable from the internet, " + std::to_string(not_reachable) + " not reachable, " +
             std::to_string(undecided) + " unknown.\n";
  layout.text(intro + inputsLine(report.inputs));

  if (!report.internal_errors.empty()) {
    layout.section(
        "\n### Internal errors\n\nsegproof contradicted itself (exit code 4); please report it "
        "with the inputs.\n\n");
    for (const std::string& e : report.internal_errors) layout.item("- " + markdownInline(e) + "\n");
  }

  const std::string suppressed_header =
      "\n### Suppressed (" + std::to_string(report.suppressed.size()) +
      (report.config.empty() ? "" : ", by " + markdownInline(report.config)) +
      ")\n\nNot counted; accepted for the reasons given.\n\n| Check | Resource | Reason | Expires "
      "| Suppression |\n"
      "|---|---|---|---|---|\n";
  size_t suppressed_size = suppressed_header.size();
  for (const SuppressedFinding& s : report.suppressed)
    suppressed_size += suppressedRow(report, s).size();
  if (!report.suppressed.empty()) layout.reserve(suppressed_size);

  layout.section(
      "\n### Findings\n\n| Check | Severity | Resource | Location | Path verdict "
      "|\n|---|---|---|---|---|\n");
  for (const LintFinding& f : report.findings)
    layout.item("| " + markdownInline(f.check) + " | " + lintSeverityName(f.severity) + " | " +
                resourceCell(f) + " | " + markdownInline(lineOf(f.location)) + " | " +
                pathCell(f.path) + " |\n");

  if (!report.suppressed.empty()) {
    layout.release();
    layout.section(suppressed_header);
    for (const SuppressedFinding& s : report.suppressed) layout.item(suppressedRow(report, s));
    layout.endRelease();
  }

  layout.section("\n### Details\n\n");
  for (const LintFinding& f : report.findings) {
    std::string summary = f.check + " " + f.element;
    if (f.path.kind != PathVerdict::Kind::kNotApplicable)
      summary += ": " + std::string(pathVerdictName(f.path.kind));
    layout.item(markdownDetails(summary, findingBody(f)));
  }

  if (!report.notes.empty()) {
    std::string body;
    for (const std::string& n : report.notes) body += "- " + markdownInline(n) + "\n";
    layout.section("\n");
    layout.item(markdownDetails(countText(report.notes.size(), "note", "notes"), body));
  }
  return layout.finish();
}

}  // namespace segproof
