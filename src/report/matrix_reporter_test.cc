// The segment matrix (Analyzer::matrix) on the examples, checked against
// the engine's own `reach` answers port by port, and its reports.
#include "report/matrix_reporter.h"

#include <catch2/catch.hpp>

#include "segproof/query/matrix_segments.h"
#include "report/report_test_fixtures.h"
#include "segproof/segproof.h"

namespace segproof {
namespace {

using testing::example;

struct Built {
  Network network;
  std::vector<Segment> segments;
};

Built build(const std::string& folder, const std::string& queries) {
  DiagnosticEngine diags;
  Built b;
  b.network = loadNetwork({example(folder)}, diags);
  std::vector<Segment> chosen;
  if (!queries.empty()) chosen = loadAssertionFile(example(queries), diags).segments;
  std::vector<std::string> notes;
  b.segments = matrixSegments(b.network, chosen, builtinAssertions(diags).segments, notes);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  return b;
}

bool inRanges(const std::vector<PortRange>& ranges, int port) {
  for (const PortRange& r : ranges)
    if (r.from <= port && port <= r.to) return true;
  return false;
}

// Every asked cell against `reach` on single ports: a port is in the cell
// exactly when the engine finds a flow on it, and a cell without flows is a
// proof that `reach` on any protocol confirms.
void crossCheck(const std::string& folder, const std::string& queries) {
  Built b = build(folder, queries);
  AnalyzerOptions options;
  options.jobs = 2;
  Analyzer analyzer(b.network, options);
  DiagnosticEngine diags;
  SegmentMatrix m = analyzer.matrix(b.segments, diags);
  REQUIRE(m.cells.size() == b.segments.size());
  REQUIRE(m.internal_errors.empty());
  const std::vector<int> probes = {0, 1, 22, 53, 80, 443, 1023, 3306, 3389, 5432, 8080, 8443, 65535};
  size_t flows = 0, exact_cells = 0;
  for (size_t i = 0; i < b.segments.size(); ++i)
    for (size_t j = 0; j < b.segments.size(); ++j) {
      const MatrixCell& cell = m.cells[i][j];
      if (!cell.asked) continue;
      INFO(folder << ": " << b.segments[i].name << " -> " << b.segments[j].name << ": "
                  << cellSummary(cell));
      REQUIRE(cell.verdict != Verdict::kUnknown);
      AssertionResult any = analyzer.reach(b.segments[i].selectors, b.segments[j].selectors, {}, diags);
      CHECK(any.verdict == cell.verdict);
      if (cell.verdict == Verdict::kViolated) {
        CHECK(cell.tcp.empty());
        CHECK_FALSE(cell.witness);
        continue;
      }
      ++flows;
      REQUIRE(cell.witness);
      // The witness's own packet is inside what the cell says gets through.
      const FlowPacket& p = cell.witness->packet;
      if (p.protocol == kTcp) CHECK(inRanges(cell.tcp, p.destination_port));
      if (p.protocol == kUdp) CHECK(inRanges(cell.udp, p.destination_port));
      if (!cell.exact) continue;
      ++exact_cells;
      for (int protocol : {kTcp, kUdp}) {
        const std::vector<PortRange>& ranges = protocol == kTcp ? cell.tcp : cell.udp;
        for (int port : probes) {
          FlowSpec flow;
          flow.protocol = protocol;
          flow.ports = {{port, port}};
          AssertionResult r =
              analyzer.reach(b.segments[i].selectors, b.segments[j].selectors, flow, diags);
          INFO(protocolName(protocol) << "/" << port);
          REQUIRE(r.verdict != Verdict::kUnknown);
          CHECK((r.verdict == Verdict::kHolds) == inRanges(ranges, port));
        }
      }
    }
  CHECK(flows > 0);
  CHECK(exact_cells > 0);
}

TEST_CASE("matrix: each cell agrees with reach, port by port (three-tier, own segments)",
          "[report]") {
  crossCheck("three-tier", "three-tier/queries.yaml");
}

TEST_CASE("matrix: each cell agrees with reach, port by port (peered VPCs, built-in segments)",
          "[report]") {
  crossCheck("prod-test-peering", "");
}

TEST_CASE("matrix: segments default to the built-in environments, else one per subnet",
          "[report]") {
  Built peered = build("prod-test-peering", "");
  std::vector<std::string> names;
  for (const Segment& s : peered.segments) names.push_back(s.name);
  CHECK(names == std::vector<std::string>{"internet", "prod", "test"});

  Built untagged = build("three-tier", "");
  REQUIRE(untagged.segments.size() == 1 + untagged.network.subnets.size() - 0);
  CHECK(untagged.segments.front().name == "internet");
  CHECK(untagged.segments[1].selectors.front().kind == Selector::Kind::kSubnet);
}

TEST_CASE("matrix: past the deadline, no cell shows ports it did not collect", "[report]") {
  Built b = build("prod-test-peering", "");
  AnalyzerOptions options;
  options.jobs = 1;
  options.deadline_ms = 1;
  DiagnosticEngine diags;
  SegmentMatrix m = Analyzer(b.network, options).matrix(b.segments, diags);
  // Whatever the timing: a cell is proven, shows a witness and all its
  // ports, or says what the deadline left out; never a partial port list.
  AnalyzerOptions full;
  full.jobs = 1;
  SegmentMatrix reference = Analyzer(b.network, full).matrix(b.segments, diags);
  for (size_t i = 0; i < m.cells.size(); ++i)
    for (size_t j = 0; j < m.cells.size(); ++j) {
      const MatrixCell& cell = m.cells[i][j];
      INFO(b.segments[i].name << " -> " << b.segments[j].name << ": " << cellSummary(cell));
      if (!cell.asked || cell.verdict == Verdict::kViolated) continue;
      if (cell.verdict == Verdict::kUnknown) {
        CHECK(cell.reason.find("deadline") != std::string::npos);
        continue;
      }
      // A flow the interval pass found stands past the deadline without the
      // solver's witness (as in `check`): it is still counted.
      if (!cell.witness) CHECK(cell.flows > 0);
      if (cell.tcp.empty() && cell.udp.empty() && !cell.icmp && !cell.other_protocols) {
        CHECK(cellSummary(cell).rfind("some flow (the deadline passed", 0) == 0);
      } else {
        CHECK(cellSummary(cell) == cellSummary(reference.cells[i][j]));
      }
    }
}

TEST_CASE("matrix reports: text grid, JSON cells, Markdown table", "[report]") {
  Built b = build("three-tier", "three-tier/queries.yaml");
  AnalyzerOptions options;
  options.jobs = 1;
  DiagnosticEngine diags;
  SegmentMatrix m = Analyzer(b.network, options).matrix(b.segments, diags);
  m.seconds = 0;

  std::string text = matrixText(m);
  CHECK(text.find("internet  n/a       tcp 80,443  -         -") != std::string::npos);
  CHECK(text.find("web -> db: tcp 5432\n") != std::string::npos);

  nlohmann::ordered_json json = matrixJson(m);
  REQUIRE(json["cells"].size() == 16);
  const auto& web_db = json["cells"][1 * 4 + 3];
  CHECK(web_db["from"] == "web");
  CHECK(web_db["to"] == "db");
  CHECK(web_db["verdict"] == "flows");
  CHECK(web_db["tcp"] == nlohmann::ordered_json::array({"5432"}));
  CHECK(web_db["exact"] == true);
  CHECK(web_db["witness"]["packet"]["dst_port"] == 5432);
  CHECK(json["cells"][0]["verdict"] == "n/a");
  CHECK(json["cells"][2]["verdict"] == "no flow");  // internet -> app

  std::string md = matrixMarkdown(m);
  CHECK(md.find("| **web** | all traffic | tcp 80, 443 | tcp 8080 | tcp 5432 |") !=
        std::string::npos);
  CHECK(md.find("<details><summary>web -&gt; db: tcp 5432</summary>") != std::string::npos);
}

}  // namespace
}  // namespace segproof
