// checkMarkdown and lintMarkdown on reports the engine builds: the verdict
// table, the first witnesses in full and the rest folded, escaping in table
// cells, suppressed findings with their reasons, and the comment limit.
#include "report/markdown_reporter.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <sstream>

#include "report/report_test_fixtures.h"

namespace segproof {
namespace {

using namespace testing;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The body rows of the first table whose header line starts with `header`.
std::vector<std::string> tableRows(const std::string& markdown, const std::string& header) {
  std::vector<std::string> all = lines(markdown), rows;
  for (size_t i = 0; i < all.size(); ++i) {
    if (all[i].rfind(header, 0) != 0) continue;
    for (size_t j = i + 2; j < all.size() && all[j].rfind("|", 0) == 0; ++j) rows.push_back(all[j]);
    break;
  }
  return rows;
}

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
    ++n;
  return n;
}

TEST_CASE("check markdown: heading, one table row per assertion, folded proofs", "[report]") {
  CheckReport report =
      checkOf({example("three-tier/network.yaml")}, readFile(example("three-tier/queries.yaml")));
  size_t violated = 0, holds = 0;
  for (const AssertionResult& r : report.results) {
    violated += r.verdict == Verdict::kViolated;
    holds += r.verdict == Verdict::kHolds;
  }
  REQUIRE(violated > 0);
  const std::string md = checkMarkdown(report);
  CHECK(md.rfind("## ❌ segproof check: " + std::to_string(violated) + " of " +
                     std::to_string(report.results.size()) + " assertions violated\n",
                 0) == 0);
  std::vector<std::string> rows = tableRows(md, "| Assertion | Kind |");
  REQUIRE(rows.size() == report.results.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const AssertionResult& r = report.results[i];
    CHECK(rows[i] == "| " + r.assertion.id + " | " + assertionKindName(r.assertion.kind) + " | " +
                         r.assertion.severity + " | " +
                         (r.verdict == Verdict::kViolated ? "❌ violated"
                          : r.verdict == Verdict::kHolds  ? "✅ holds"
                                                          : "⚠️ unknown") +
                         " | " + std::to_string(r.flows) + " |");
  }
  // Every proof or holding witness is folded: at least one block per holding assertion.
  CHECK(occurrences(md, "<details><summary>") >= holds);
  CHECK(occurrences(md, "<details><summary>") == occurrences(md, "</details>"));
  CHECK(md.find("<details><summary>db-no-internet: proof</summary>") != std::string::npos);
  CHECK(md.find("**Truncated:**") == std::string::npos);
}

TEST_CASE("check markdown: at most three witnesses in full, the rest folded", "[report]") {
  std::string queries = "segproof: queries/v1\nassertions:\n";
  for (int i = 0; i < 3; ++i)
    queries +=
        "  - {id: ssh-" + std::to_string(i) +
        ", kind: unreachable, from: internet, to: resource:bastion, protocol: tcp, ports: 22}\n";
  CheckReport report = checkOf({example("three-tier/network.yaml")}, queries);
  size_t witnesses = 0;
  for (const AssertionResult& r : report.results)
    if (r.verdict == Verdict::kViolated) witnesses += r.witnesses.size();
  REQUIRE(witnesses > 3);
  const std::string md = checkMarkdown(report);
  const std::string open = md.substr(0, md.find("<details>"));
  CHECK(occurrences(open, "\n       packet ") == 3);
  CHECK(occurrences(md, "\n       packet ") >= witnesses);
  // Every witness appears with its packet somewhere.
  for (const AssertionResult& r : report.results)
    for (const Witness& w : r.witnesses) CHECK(md.find(w.packet.str()) != std::string::npos);
}

TEST_CASE("check markdown: pipes and backticks in table cells are escaped", "[report]") {
  CheckReport report =
      checkOf({example("three-tier/network.yaml")}, bastionSshQueries("ssh|bastion`x`<b>", "a | b"));
  const std::string md = checkMarkdown(report);
  std::vector<std::string> rows = tableRows(md, "| Assertion | Kind |");
  REQUIRE(rows.size() == report.results.size());
  CHECK(rows.back().rfind("| ssh\\|bastion\\`x\\`&lt;b> | unreachable |", 0) == 0);
  CHECK(md.find("ssh|bastion") == std::string::npos);
  // Its witness is shown in full, under its escaped id.
  CHECK(md.find("**ssh\\|bastion\\`x\\`&lt;b>** (unreachable, high): a \\| b\n") !=
        std::string::npos);
}

TEST_CASE("check markdown: a long report is cut to the limit with a note", "[report]") {
  std::string queries = "segproof: queries/v1\nassertions:\n";
  for (int i = 0; i < 120; ++i)
    queries +=
        "  - {id: ssh-" + std::to_string(i) +
        ", kind: unreachable, from: internet, to: resource:bastion, protocol: tcp, ports: 22}\n";
  CheckReport report = checkOf({example("three-tier/network.yaml")}, queries);
  const std::string full = checkMarkdown(report, 10'000'000);
  REQUIRE(full.size() > kGithubCommentLimit);
  REQUIRE(full.find("**Truncated:**") == std::string::npos);

  for (size_t limit : {size_t{1500}, size_t{5000}, kGithubCommentLimit}) {
    INFO("limit " << limit);
    const std::string md = checkMarkdown(report, limit);
    CHECK(md.size() <= limit);
    size_t note = md.find("\n> **Truncated:** ");
    REQUIRE(note != std::string::npos);
    // What is shown is the full report's beginning.
    CHECK(full.compare(0, note, md, 0, note) == 0);
    size_t left_out = std::stoul(md.substr(note + 18));
    size_t rows = tableRows(md, "| Assertion | Kind |").size();
    CHECK(left_out >= report.results.size() - rows);
    CHECK(left_out > 0);
  }
  CHECK(checkMarkdown(report) == checkMarkdown(report, kGithubCommentLimit));
}

TEST_CASE("lint markdown: counts, a row per finding, suppressed findings with reasons",
          "[report]") {
  Scratch scratch("report-markdown-lint");
  LintReport report = lintOf(scratch, R"(segproof: config/v1
suppressions:
  - check: sg-ingress-open
    resource: aws_security_group.web.ingress[1]
    reason: Public web tier | TLS on `443`
    expires: 2999-01-01
)");
  REQUIRE(report.suppressed.size() == 1);
  const std::string md = lintMarkdown(report);
  INFO(md);
  std::vector<std::string> rows = tableRows(md, "| Check | Severity |");
  REQUIRE(rows.size() == report.findings.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const LintFinding& f = report.findings[i];
    std::string resource = f.resource + (f.element == f.resource ? "" : " (" + f.element + ")");
    CHECK(rows[i].rfind("| " + f.check + " | " + lintSeverityName(f.severity) + " | " + resource +
                            " | " + f.location.file + ":" + std::to_string(f.location.line) + " | ",
                        0) == 0);
  }
  bool reachable = false;
  for (const std::string& row : rows)
    reachable |= row.find("| **reachable**: ") != std::string::npos;
  CHECK(reachable);

  std::vector<std::string> counts = tableRows(md, "| critical | high |");
  std::string expected = "| ";
  for (LintSeverity s : {LintSeverity::kCritical, LintSeverity::kHigh, LintSeverity::kMedium,
                         LintSeverity::kLow, LintSeverity::kInfo})
    expected +=
        std::to_string(std::count_if(report.findings.begin(), report.findings.end(),
                                     [&](const LintFinding& f) { return f.severity == s; })) +
        " | ";
  CHECK(counts == std::vector<std::string>{expected + "1 |"});

  std::vector<std::string> suppressed = tableRows(md, "| Check | Resource | Reason |");
  REQUIRE(suppressed.size() == 1);
  CHECK(suppressed.front().find("| Public web tier \\| TLS on \\`443\\` | 2999-01-01 | ") !=
        std::string::npos);
  // Unfolded: auditors see it without opening anything.
  CHECK(md.find("Public web tier") < md.find("<details>"));
}

TEST_CASE("lint markdown: suppressed findings survive truncation", "[report]") {
  Scratch scratch("report-markdown-cut");
  LintReport report = lintOf(scratch, R"(segproof: config/v1
suppressions:
  - check: sg-ingress-open
    resource: aws_security_group.web.ingress[1]
    reason: Public web tier.
)");
  const std::string full = lintMarkdown(report);
  REQUIRE(full.find("**Truncated:**") == std::string::npos);
  // Room for the findings table but not for it and the suppressed findings:
  // findings rows give way, the suppressed ones stay.
  const size_t limit = full.find("\n### Suppressed") + 320;
  const std::string md = lintMarkdown(report, limit);
  CHECK(md.size() <= limit);
  CHECK(md.find("**Truncated:**") != std::string::npos);
  CHECK(tableRows(md, "| Check | Severity |").size() < report.findings.size());
  CHECK(tableRows(md, "| Check | Resource | Reason |").size() == 1);
}

}  // namespace
}  // namespace segproof
