// The auditor's HTML report on reports the engine builds: the verdict table,
// a drawing per witness and proof, the compliance section per control, the
// inputs' digests, escaping, and nothing loaded from outside. (The page in a
// real browser: tests/reports/html_browser.sh.)
#include "report/html_reporter.h"

#include <catch2/catch.hpp>
#include <regex>

#include "lint/controls.h"
#include "report/sha256.h"
#include "segproof/query/matrix_segments.h"
#include "report/report_test_fixtures.h"
#include "segproof/segproof.h"

namespace segproof {
namespace {

using testing::example;

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

struct Checked {
  Network network;
  CheckReport report;
};

// The built-in pack (with its controls) and `queries` over three-tier.
Checked checkThreeTier(const std::string& queries) {
  DiagnosticEngine diags;
  Checked c;
  c.network = loadNetwork({example("three-tier")}, diags);
  AssertionSet set = builtinAssertions(diags);
  AssertionSet more = parseAssertions("queries.yaml", queries, diags);
  set.assertions.insert(set.assertions.end(), more.assertions.begin(), more.assertions.end());
  AnalyzerOptions options;
  options.jobs = 1;
  c.report = Analyzer(c.network, options).check(set, diags);
  lint::attachControls(lint::builtinControls(diags), c.report.results);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  return c;
}

const char* kQueries = R"(segproof: queries/v1
assertions:
  - id: web-https-open
    description: "Web <script>alert(1)</script> & \"quotes\" stay reachable"
    kind: reachable
    from: internet
    to: tag:Role=web
    protocol: tcp
    ports: 443
)";

TEST_CASE("html report: verdict table, drawings, controls, inputs", "[report]") {
  Checked c = checkThreeTier(kQueries);
  AuditReport audit;
  audit.inputs = digestInputs(c.report.inputs);
  audit.check = &c.report;
  audit.generated = "2026-11-29T00:00:00Z";
  audit.command = "segproof check examples/three-tier --format html";
  std::string html = htmlReport(audit);

  // One verdict row per assertion, with its verdict.
  CHECK(count(html, "class=\"verdict-row\"") == c.report.results.size());
  for (const AssertionResult& r : c.report.results)
    CHECK(html.find("data-verdict=\"" + std::string(r.verdict == Verdict::kHolds      ? "holds"
                                                    : r.verdict == Verdict::kViolated ? "violated"
                                                                                      : "unknown") +
                    "\"><td><a href=\"#a-" + r.assertion.id + "\">") != std::string::npos);

  // A drawing per witness, and per proof with a closest path.
  size_t drawings = 0;
  for (const AssertionResult& r : c.report.results)
    drawings += r.witnesses.empty() ? (r.verdict == Verdict::kUnknown || !r.closest ? 0 : 1)
                                    : r.witnesses.size();
  CHECK(count(html, "<svg class=\"path\"") == drawings);
  CHECK(drawings > 0);

  // The description is text, not markup.
  CHECK(html.find("<script>alert(1)") == std::string::npos);
  CHECK(html.find("Web &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;") !=
        std::string::npos);

  // The inputs with their SHA-256, as the file's own digest.
  REQUIRE(audit.inputs.size() == 1);
  CHECK(audit.inputs[0].sha256 == sha256File(example("three-tier/network.yaml")).value());
  CHECK(audit.inputs[0].bytes > 0);
  CHECK(html.find(audit.inputs[0].sha256) != std::string::npos);

  // A section per control: a violated assertion makes its controls "not
  // met", naming it; a holding one is named as the proof.
  const AssertionResult* violated = nullptr;
  const AssertionResult* held = nullptr;
  for (const AssertionResult& r : c.report.results) {
    if (r.controls.empty()) continue;
    if (r.verdict == Verdict::kViolated && !violated) violated = &r;
    if (r.verdict == Verdict::kHolds && !held) held = &r;
  }
  REQUIRE(violated);
  REQUIRE(held);
  CHECK(html.find("Violated: <a href=\"#a-" + violated->assertion.id + "\">") != std::string::npos);
  CHECK(html.find("Proven by <a href=\"#a-" + held->assertion.id + "\">") != std::string::npos);
  const ControlRef& control = violated->controls.front();
  std::regex section("<h3>" + control.framework + " " + control.id +
                     " <span class=\"badge violated\">not met</span></h3>");
  CHECK(std::regex_search(html, section));

  // Self-contained: no stylesheet, script, image or font from elsewhere.
  CHECK_FALSE(std::regex_search(html, std::regex(R"((src|href)="[a-z]+:)")));
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("segproof 0.1.0") != std::string::npos);
  CHECK(html.find("2026-11-29T00:00:00Z") != std::string::npos);
}

TEST_CASE("html report: matrix grid and suppressions with their reasons", "[report]") {
  Checked c = checkThreeTier("segproof: queries/v1\nassertions: []\n");
  DiagnosticEngine diags;
  std::vector<std::string> notes;
  AssertionSet own = loadAssertionFile(example("three-tier/queries.yaml"), diags);
  SegmentMatrix matrix = Analyzer(c.network).matrix(
      matrixSegments(c.network, own.segments, {}, notes), diags);
  LintReport lint;
  lint.config = ".segproof.yaml";
  Suppression s;
  s.check = "sg-ingress-open";
  s.resource = "web-sg";
  s.reason = "The shop is public: <b>by design</b>";
  s.matched = 1;
  lint.suppressions.push_back(s);
  SuppressedFinding hidden;
  hidden.finding.check = "sg-ingress-open";
  hidden.finding.element = "web-sg.ingress[0]";
  hidden.finding.message = "security group rule admits tcp/443";
  lint.suppressed.push_back(hidden);

  AuditReport audit;
  audit.check = &c.report;
  audit.matrix = &matrix;
  audit.lint = &lint;
  std::string html = htmlReport(audit);
  size_t n = matrix.segments.size();
  CHECK(count(html, "<td class=\"cell ") == n * n);
  size_t none = 0;
  for (const auto& row : matrix.cells)
    for (const MatrixCell& cell : row) none += cell.asked && cell.verdict == Verdict::kViolated;
  CHECK(count(html, "<td class=\"cell none\"") == none);
  CHECK(count(html, "<td class=\"cell na\"") == 1);  // the internet to itself
  CHECK(html.find("The shop is public: &lt;b&gt;by design&lt;/b&gt;") != std::string::npos);
  CHECK(html.find("<h3 id=\"suppressions\">Suppressions</h3>") != std::string::npos);
}

}  // namespace
}  // namespace segproof
