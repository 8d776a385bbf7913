// The auditor's HTML report (html_reporter.h). Everything is inline: the
// style sheet, the drawings (SVG we lay out ourselves: a column of boxes),
// and a few lines of script that only count what was rendered (the
// browser test reads them from the title); the page works without it.
#include "report/html_reporter.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "report/json_reporter.h"

#include "report/matrix_reporter.h"
#include "report/sha256.h"
#include "report/xml_escape.h"
#include "segproof/segproof.h"

namespace segproof {

namespace {

// Text in HTML or SVG content and attribute values: XML's escaping (quotes
// too) and its rules for characters that may not appear.
std::string esc(const std::string& text) { return xmlEscape(text, true); }

std::string locationText(const SourceLocation& l) { return l.known() ? l.str() : ""; }

// --- drawings ----------------------------------------------------------------

struct Box {
  std::vector<std::string> lines;
  std::string kind;  // css class: end, hop, reply, stop
};

constexpr int kWidth = 860;
constexpr int kLine = 16;
constexpr size_t kChars = 112;  // what fits a line at 12px monospace

std::string clip(const std::string& line) {
  if (line.size() <= kChars) return line;
  return line.substr(0, kChars - 3) + "...";
}

std::string drawColumn(const std::vector<Box>& boxes, const std::string& label) {
  std::string body;
  int y = 8;
  for (size_t i = 0; i < boxes.size(); ++i) {
    const Box& b = boxes[i];
    int height = 10 + kLine * static_cast<int>(b.lines.size());
    std::string tooltip;
    for (const std::string& l : b.lines) tooltip += (tooltip.empty() ? "" : "\n") + l;
    body += "<g class=\"" + b.kind + "\"><title>" + esc(tooltip) + "</title><rect x=\"10\" y=\"" +
            std::to_string(y) + "\" width=\"" + std::to_string(kWidth - 20) + "\" height=\"" +
            std::to_string(height) + "\" rx=\"6\"/>";
    for (size_t k = 0; k < b.lines.size(); ++k)
      body += "<text x=\"20\" y=\"" + std::to_string(y + 18 + kLine * static_cast<int>(k)) +
              "\"" + (k == 0 ? " class=\"head\"" : "") + ">" + esc(clip(b.lines[k])) + "</text>";
    body += "</g>";
    y += height;
    if (i + 1 < boxes.size()) {
      int x = kWidth / 2;
      body += "<line class=\"arrow\" x1=\"" + std::to_string(x) + "\" y1=\"" + std::to_string(y) +
              "\" x2=\"" + std::to_string(x) + "\" y2=\"" + std::to_string(y + 14) +
              "\"/><polygon class=\"arrowhead\" points=\"" + std::to_string(x - 5) + "," +
              std::to_string(y + 12) + " " + std::to_string(x + 5) + "," + std::to_string(y + 12) +
              " " + std::to_string(x) + "," + std::to_string(y + 20) + "\"/>";
      y += 22;
    }
  }
  return "<svg class=\"path\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"" +
         esc(label) + "\" width=\"" + std::to_string(kWidth) + "\" height=\"" +
         std::to_string(y + 8) + "\" viewBox=\"0 0 " + std::to_string(kWidth) + " " +
         std::to_string(y + 8) + "\">" + body + "</svg>";
}

Box hopBox(const PathHop& h, const std::string& kind) {
  Box b;
  b.kind = kind;
  b.lines.push_back((h.reply ? "reply: " : "") + h.step + " " + h.element);
  if (!h.rule.empty()) b.lines.push_back(h.rule);
  if (h.location.known()) b.lines.push_back(h.location.str());
  if (!h.packet.empty()) b.lines.push_back("packet " + h.packet);
  return b;
}

// --- sections ----------------------------------------------------------------

const char* verdictClass(Verdict v) {
  switch (v) {
    case Verdict::kHolds:
      return "holds";
    case Verdict::kViolated:
      return "violated";
    default:
      return "unknown";
  }
}

std::string controlsList(const std::vector<ControlRef>& controls) {
  std::string out;
  for (const ControlRef& c : controls)
    out += (out.empty() ? "" : "<br>") + esc(c.framework + " " + c.id);
  return out;
}

std::string proofLine(const AssertionResult& r) {
  if (r.closest)
    return "stopped at " + r.closest->blocked_at.step + " " + r.closest->blocked_at.element +
           (r.closest->blocked_at.rule.empty() ? "" : ": " + r.closest->blocked_at.rule);
  return r.reason.empty() ? "no topological path connects the two sides" : r.reason;
}

std::string inputsSection(const AuditReport& a) {
  std::string out =
      "<section id=\"inputs\"><h2>Inputs</h2><p>The verdicts below are about exactly these files "
      "(SHA-256 of their bytes when the report was made).</p><table><thead><tr><th>file</th>"
      "<th>bytes</th><th>SHA-256</th></tr></thead><tbody>";
  for (const InputDigest& d : a.inputs)
    out += "<tr><td><code>" + esc(d.path) + "</code></td><td class=\"num\">" +
           std::to_string(d.bytes) + "</td><td><code class=\"digest\">" +
           (d.sha256.empty() ? std::string("unreadable") : d.sha256) + "</code></td></tr>";
  return out + "</tbody></table></section>";
}

std::string verdictSection(const CheckReport& check) {
  size_t held = 0, violated = 0, unknown = 0;
  for (const AssertionResult& r : check.results) {
    held += r.verdict == Verdict::kHolds;
    violated += r.verdict == Verdict::kViolated;
    unknown += r.verdict == Verdict::kUnknown;
  }
  std::string out = "<section id=\"assertions\"><h2>Assertions</h2><p>" +
                    std::to_string(check.results.size()) + " assertions: " +
                    std::to_string(held) + " hold, " + std::to_string(violated) + " violated, " +
                    std::to_string(unknown) +
                    " unknown. A holding <em>unreachable</em> or <em>isolated</em> assertion is a "
                    "proof that no packet gets through; a violated one comes with witnesses."
                    "</p><table id=\"verdicts\"><thead><tr><th>assertion</th><th>kind</th>"
                    "<th>severity</th><th>verdict</th><th>flows</th><th>controls</th></tr>"
                    "</thead><tbody>";
  for (const AssertionResult& r : check.results)
    out += "<tr class=\"verdict-row\" data-verdict=\"" + std::string(verdictClass(r.verdict)) +
           "\"><td><a href=\"#a-" + esc(r.assertion.id) + "\">" + esc(r.assertion.id) +
           "</a></td><td>" + assertionKindName(r.assertion.kind) + "</td><td>" +
           esc(r.assertion.severity) + "</td><td><span class=\"badge " +
           verdictClass(r.verdict) + "\">" + verdictName(r.verdict) + "</span></td><td class=\"num\">" +
           std::to_string(r.flows) + "</td><td>" + controlsList(r.controls) + "</td></tr>";
  return out + "</tbody></table></section>";
}

std::string evidenceSection(const CheckReport& check) {
  std::string out = "<section id=\"evidence\"><h2>Evidence per assertion</h2>";
  for (const AssertionResult& r : check.results) {
    out += "<article class=\"assertion\" id=\"a-" + esc(r.assertion.id) + "\"><h3>" +
           esc(r.assertion.id) + " <span class=\"badge " + verdictClass(r.verdict) + "\">" +
           verdictName(r.verdict) + "</span></h3><p>" + esc(r.assertion.description) + "</p>";
    if (r.assertion.location.known())
      out += "<p class=\"where\">written at <code>" + esc(r.assertion.location.str()) + "</code></p>";
    if (!r.witnesses.empty()) {
      out += "<p>" + std::to_string(r.flows) + (r.flows == 1 ? " flow gets" : " flows get") +
             " through; " + std::to_string(r.witnesses.size()) + " shown, each replayed by "
             "the packet simulator:</p>";
      for (const Witness& w : r.witnesses)
        out += "<figure>" + witnessSvg(w) + "<figcaption>" + esc(w.source + " -> " + w.destination +
                                                                 ": " + w.packet.str()) +
               "</figcaption></figure>";
    } else if (r.verdict == Verdict::kUnknown) {
      out += "<p class=\"reason\">Unknown: " + esc(r.reason) + "</p>";
    } else {
      out += "<p>Proof: no packet gets through. " + esc(proofLine(r)) + "</p>";
      if (r.closest)
        out += "<figure>" + blockedSvg(*r.closest) + "<figcaption>the candidate path that got "
               "furthest, and what stops it</figcaption></figure>";
    }
    out += "</article>";
  }
  return out + "</section>";
}

std::string matrixSection(const SegmentMatrix& m) {
  std::string out =
      "<section id=\"matrix\"><h2>Segment matrix</h2><p>Rows send, columns receive. Each cell is "
      "proven: <span class=\"cell none\">no flow</span> is a proof, a coloured cell names what "
      "gets through (with a witness below), <span class=\"cell unknown\">unknown</span> says "
      "why.</p><table class=\"matrix\"><thead><tr><th>from \\ to</th>";
  for (const Segment& s : m.segments) out += "<th>" + esc(s.name) + "</th>";
  out += "</tr></thead><tbody>";
  for (size_t i = 0; i < m.segments.size(); ++i) {
    out += "<tr><th>" + esc(m.segments[i].name) + "</th>";
    for (size_t j = 0; j < m.segments.size(); ++j) {
      const MatrixCell& c = m.cells[i][j];
      std::string kind = !c.asked                          ? "na"
                         : c.verdict == Verdict::kViolated ? "none"
                         : c.verdict == Verdict::kUnknown  ? "unknown"
                                                           : "flows";
      out += "<td class=\"cell " + kind + "\" title=\"" +
             esc(m.segments[i].name + " -> " + m.segments[j].name + ": " + cellSummary(c)) +
             "\">" + esc(kind == "none" ? "no flow" : cellSummary(c)) + "</td>";
    }
    out += "</tr>";
  }
  out += "</tbody></table>";
  for (size_t i = 0; i < m.segments.size(); ++i)
    for (size_t j = 0; j < m.segments.size(); ++j) {
      const MatrixCell& c = m.cells[i][j];
      if (!c.asked || c.verdict == Verdict::kViolated) continue;
      out += "<details><summary>" + esc(m.segments[i].name + " -> " + m.segments[j].name + ": " +
                                        cellSummary(c)) +
             "</summary>";
      if (c.witness) out += witnessSvg(*c.witness);
      if (c.verdict == Verdict::kUnknown) out += "<p class=\"reason\">" + esc(c.reason) + "</p>";
      out += "</details>";
    }
  return out + "</section>";
}

std::string findingRow(const LintFinding& f, const std::string& extra) {
  return "<tr><td><code>" + esc(f.check) + "</code></td><td>" + lintSeverityName(f.severity) +
         "</td><td><code>" + esc(f.element) + "</code></td><td><code>" +
         esc(locationText(f.location)) + "</code></td><td>" + esc(f.message) + "</td><td>" +
         esc(f.path.kind == PathVerdict::Kind::kNotApplicable
                 ? std::string("")
                 : std::string(pathVerdictName(f.path.kind)) + ": " + f.path.summary) +
         "</td>" + extra + "</tr>";
}

std::string lintSection(const LintReport& lint) {
  std::string out = "<section id=\"findings\"><h2>Rule findings</h2><p>" +
                    std::to_string(lint.findings.size()) +
                    " findings (`segproof lint`); for each rule open to the internet, whether "
                    "the internet actually reaches an interface through it.</p>";
  if (!lint.findings.empty()) {
    out += "<table><thead><tr><th>check</th><th>severity</th><th>rule</th><th>where</th>"
           "<th>finding</th><th>path verdict</th></tr></thead><tbody>";
    for (const LintFinding& f : lint.findings) out += findingRow(f, "");
    out += "</tbody></table>";
  }
  out += "<h3 id=\"suppressions\">Suppressions</h3>";
  if (lint.suppressions.empty()) {
    out += "<p>No finding is suppressed" +
           (lint.config.empty() ? std::string(" (no .segproof.yaml was read).")
                                : " (" + esc(lint.config) + " suppresses nothing).") +
           "</p>";
  } else {
    out += "<p>Read from <code>" + esc(lint.config) + "</code>. Every suppression, with its "
           "reason and what it hides:</p><table><thead><tr><th>check</th><th>resource</th>"
           "<th>reason</th><th>expires</th><th>written at</th><th>findings hidden</th></tr>"
           "</thead><tbody>";
    for (const Suppression& s : lint.suppressions)
      out += "<tr><td><code>" + esc(s.check) + "</code></td><td><code>" + esc(s.resource) +
             "</code></td><td>" + esc(s.reason) + "</td><td>" + esc(s.expires) + "</td><td><code>" +
             esc(locationText(s.location)) + "</code></td><td class=\"num\">" +
             std::to_string(s.matched) + "</td></tr>";
    out += "</tbody></table>";
    if (!lint.suppressed.empty()) {
      out += "<table><thead><tr><th>check</th><th>severity</th><th>rule</th><th>where</th>"
             "<th>finding</th><th>path verdict</th><th>suppressed because</th></tr></thead><tbody>";
      for (const SuppressedFinding& s : lint.suppressed)
        out += findingRow(s.finding, "<td>" + esc(lint.suppressions[s.suppression].reason) + "</td>");
      out += "</tbody></table>";
    }
  }
  return out + "</section>";
}

// --- compliance ----------------------------------------------------------------

struct ControlEvidence {
  ControlRef control;
  std::vector<const AssertionResult*> proven, violated, unknown;
  std::vector<const LintFinding*> findings;
  size_t suppressed = 0;
};

std::string complianceSection(const AuditReport& a) {
  std::map<std::pair<std::string, std::string>, ControlEvidence> controls;
  auto entry = [&](const ControlRef& c) -> ControlEvidence& {
    ControlEvidence& e = controls[{c.framework, c.id}];
    e.control = c;
    return e;
  };
  for (const AssertionResult& r : a.check->results)
    for (const ControlRef& c : r.controls) {
      ControlEvidence& e = entry(c);
      (r.verdict == Verdict::kHolds      ? e.proven
       : r.verdict == Verdict::kViolated ? e.violated
                                         : e.unknown)
          .push_back(&r);
    }
  if (a.lint) {
    for (const LintFinding& f : a.lint->findings)
      for (const ControlRef& c : f.controls) entry(c).findings.push_back(&f);
    for (const SuppressedFinding& s : a.lint->suppressed)
      for (const ControlRef& c : s.finding.controls) ++entry(c).suppressed;
  }
  std::string digests;
  for (const InputDigest& d : a.inputs)
    digests += (digests.empty() ? "" : ", ") + esc(d.path) + " (SHA-256 " +
               (d.sha256.empty() ? std::string("unreadable") : d.sha256.substr(0, 16) + "...") + ")";
  std::string out =
      "<section id=\"compliance\"><h2>Compliance evidence</h2><p>For each control the "
      "assertions and findings bear on: what was proven, by which assertion, over which inputs, "
      "and what is violated or unknown. Inputs: " +
      digests + "; full digests under <a href=\"#inputs\">Inputs</a>. Generated " +
      esc(a.generated) + " by segproof " + kVersion + ".</p>";
  for (auto& [key, e] : controls) {
    std::string status = !e.violated.empty() || !e.findings.empty() ? "violated"
                         : !e.unknown.empty()                       ? "unknown"
                                                                    : "holds";
    const char* label = status == "violated" ? "not met"
                        : status == "unknown" ? "not decided"
                                              : "evidenced";
    out += "<article class=\"control\"><h3>" + esc(e.control.framework + " " + e.control.id) +
           " <span class=\"badge " + status + "\">" + label + "</span></h3><p>" +
           esc(e.control.title) + "</p><ul>";
    for (const AssertionResult* r : e.proven)
      out += "<li>Proven by <a href=\"#a-" + esc(r->assertion.id) + "\">" + esc(r->assertion.id) +
             "</a>: " + esc(r->assertion.description) + "</li>";
    for (const AssertionResult* r : e.violated)
      out += "<li class=\"bad\">Violated: <a href=\"#a-" + esc(r->assertion.id) + "\">" +
             esc(r->assertion.id) + "</a>, " + std::to_string(r->flows) +
             (r->flows == 1 ? " flow gets" : " flows get") +
             " through (witnesses under the assertion)</li>";
    for (const AssertionResult* r : e.unknown)
      out += "<li class=\"unknown\">Unknown: <a href=\"#a-" + esc(r->assertion.id) + "\">" +
             esc(r->assertion.id) + "</a>: " + esc(r->reason) + "</li>";
    for (const LintFinding* f : e.findings)
      out += "<li class=\"bad\">Finding <code>" + esc(f->check) + "</code> on <code>" +
             esc(f->element) + "</code> (" + esc(locationText(f->location)) + ")</li>";
    if (e.suppressed > 0)
      out += "<li>" + std::to_string(e.suppressed) + " finding" + (e.suppressed == 1 ? "" : "s") +
             " suppressed, with the reasons listed under <a href=\"#suppressions\">"
             "Suppressions</a></li>";
    out += "</ul></article>";
  }
  if (controls.empty()) out += "<p>No assertion or finding is mapped to a control.</p>";
  return out + "</section>";
}

constexpr const char* kStyle = R"css(
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0;color:#1b1f24;background:#fff}
header{background:#1f2937;color:#f9fafb;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:2px 0;color:#d1d5db}
main{padding:8px 28px 40px;max-width:1200px}
h2{border-bottom:2px solid #e5e7eb;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;margin:8px 0 16px}
th,td{border:1px solid #d1d5db;padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:#f3f4f6}
td.num{text-align:right}
code{font:12px/1.3 ui-monospace,SFMono-Regular,Menlo,monospace}
code.digest{word-break:break-all}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
.badge.holds{background:#dcfce7;color:#166534}
.badge.violated{background:#fee2e2;color:#991b1b}
.badge.unknown{background:#fef9c3;color:#854d0e}
.summary{display:flex;gap:12px;margin:16px 0}
.summary div{border:1px solid #d1d5db;border-radius:8px;padding:8px 14px}
.summary b{font-size:20px;display:block}
table.matrix td.cell,span.cell{font-size:12px;text-align:center;min-width:90px}
.cell.none{background:#dcfce7}
.cell.flows{background:#fed7aa}
.cell.unknown{background:#fef08a}
.cell.na{background:#e5e7eb;color:#6b7280}
article{border:1px solid #e5e7eb;border-radius:8px;padding:4px 16px;margin:12px 0}
li.bad{color:#991b1b}
li.unknown{color:#854d0e}
p.where{color:#4b5563;font-size:12px}
figure{margin:8px 0}
figcaption{font-size:12px;color:#4b5563}
svg.path text{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;fill:#111827}
svg.path text.head{font-weight:700}
svg.path .end rect{fill:#e0e7ff;stroke:#4338ca}
svg.path .hop rect{fill:#f0fdf4;stroke:#15803d}
svg.path .reply rect{fill:#f9fafb;stroke:#15803d;stroke-dasharray:5 3}
svg.path .stop rect{fill:#fee2e2;stroke:#b91c1c;stroke-width:2}
svg.path .arrow{stroke:#6b7280;stroke-width:2}
svg.path .arrowhead{fill:#6b7280}
@media print{details{display:block}header{background:#fff;color:#000}}
)css";

}  // namespace

std::vector<InputDigest> digestInputs(const std::vector<std::string>& files) {
  std::vector<InputDigest> out;
  for (const std::string& file : files) {
    InputDigest d;
    d.path = file;
    std::error_code error;
    uintmax_t size = std::filesystem::file_size(file, error);
    d.bytes = error ? 0 : size;
    d.sha256 = sha256File(file).value_or("");
    out.push_back(std::move(d));
  }
  return out;
}

std::string witnessSvg(const Witness& w) {
  std::vector<Box> boxes;
  boxes.push_back({{w.source, "sends " + w.packet.str()}, "end"});
  for (const PathHop& h : w.hops)
    if (!h.reply) boxes.push_back(hopBox(h, "hop"));
  boxes.push_back({{w.destination, "receives it"}, "end"});
  for (const PathHop& h : w.hops)
    if (h.reply) boxes.push_back(hopBox(h, "reply"));
  return drawColumn(boxes, w.source + " to " + w.destination);
}

std::string blockedSvg(const BlockedExplanation& b) {
  std::vector<Box> boxes;
  boxes.push_back({{b.source}, "end"});
  for (size_t i = 0; i < b.places.size(); ++i)
    if (i > 0 || b.places[i] != b.source) boxes.push_back({{"through " + b.places[i]}, "hop"});
  Box stop = hopBox(b.blocked_at, "stop");
  stop.lines.front() = "stopped at " + stop.lines.front();
  if (!b.reason.empty()) stop.lines.push_back(b.reason);
  boxes.push_back(std::move(stop));
  boxes.push_back({{b.destination, "not reached"}, "end"});
  return drawColumn(boxes, b.source + " cannot reach " + b.destination);
}

std::string htmlReport(const AuditReport& a) {
  static const CheckReport kNoAssertions;
  const CheckReport& check = a.check ? *a.check : kNoAssertions;
  size_t violated = 0, unknown = 0;
  for (const AssertionResult& r : check.results) {
    violated += r.verdict == Verdict::kViolated;
    unknown += r.verdict == Verdict::kUnknown;
  }
  std::string overall = violated > 0 ? "violated" : unknown > 0 ? "unknown" : "holds";
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<meta name=\"generator\" content=\"segproof " +
                    std::string(kVersion) + "\"><title>segproof segmentation report</title><style>" +
                    kStyle + "</style></head><body data-overall=\"" + overall + "\">";
  out += "<header><h1>Network segmentation report</h1><p>segproof " + std::string(kVersion) +
         " &middot; generated " + esc(a.generated) + "</p><p><code>" + esc(a.command) +
         "</code></p></header><main>";
  out += "<div class=\"summary\">";
  if (a.check)
    out += "<div><b>" + std::to_string(check.results.size()) + "</b>assertions</div><div><b>" +
           std::to_string(violated) + "</b>violated</div><div><b>" + std::to_string(unknown) +
           "</b>unknown</div>";
  if (a.matrix)
    out += "<div><b>" + std::to_string(a.matrix->segments.size()) + "</b>segments</div>";
  if (a.lint)
    out += "<div><b>" + std::to_string(a.lint->findings.size()) + "</b>rule findings</div><div><b>" +
           std::to_string(a.lint->suppressed.size()) + "</b>suppressed</div>";
  out += "<div><b>" + std::to_string(a.inputs.size()) + "</b>input files</div></div>";
  out += "<nav>";
  if (a.check) out += "<a href=\"#assertions\">Assertions</a> &middot; ";
  if (a.matrix) out += "<a href=\"#matrix\">Segment matrix</a> &middot; ";
  if (a.check)
    out += "<a href=\"#compliance\">Compliance</a> &middot; <a href=\"#evidence\">Evidence</a> "
           "&middot; ";
  if (a.lint) out += "<a href=\"#findings\">Findings</a> &middot; <a href=\"#suppressions\">"
                     "Suppressions</a> &middot; ";
  out += "<a href=\"#inputs\">Inputs</a></nav>";
  if (a.check) out += verdictSection(check);
  if (a.matrix) out += matrixSection(*a.matrix);
  if (a.check) out += complianceSection(a);
  if (a.check) out += evidenceSection(check);
  if (a.lint) out += lintSection(*a.lint);
  out += inputsSection(a);
  std::vector<std::string> notes = check.notes;
  if (a.matrix) notes.insert(notes.end(), a.matrix->notes.begin(), a.matrix->notes.end());
  std::vector<std::string> errors = check.internal_errors;
  if (a.matrix)
    errors.insert(errors.end(), a.matrix->internal_errors.begin(), a.matrix->internal_errors.end());
  if (a.lint) errors.insert(errors.end(), a.lint->internal_errors.begin(), a.lint->internal_errors.end());
  if (!notes.empty() || !errors.empty()) {
    out += "<section id=\"notes\"><h2>Notes</h2><ul>";
    for (const std::string& n : notes) out += "<li>" + esc(n) + "</li>";
    for (const std::string& e : errors)
      out += "<li class=\"bad\"><b>Internal error</b> (a check of segproof against itself "
             "failed; the verdicts concerned are unknown): " + esc(e) + "</li>";
    out += "</ul></section>";
  }
  // Counts what the browser rendered; the browser test reads the title.
  out += "</main><script>(function(){var rows=document.querySelectorAll('#verdicts "
         "tr.verdict-row').length;var svgs=document.querySelectorAll('svg.path').length;"
         "var cells=document.querySelectorAll('table.matrix td.cell').length;"
         "document.title='segproof segmentation report: '+rows+' assertions, '+svgs+' "
         "drawings, '+cells+' matrix cells';document.body.setAttribute('data-rendered',rows);"
         "})();</script>"
         "</body></html>\n";
  return out;
}

}  // namespace segproof
