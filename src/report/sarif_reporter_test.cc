// checkSarif and lintSarif on reports the engine builds (the three-tier
// example, small Terraform models), checked with our SARIF validator
// (tests/tools/sarif_validate.h); and the validator rejecting broken logs.
#include "report/sarif_reporter.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "report/report_test_fixtures.h"
#include "tools/sarif_validate.h"

namespace segproof {
namespace {

using json = nlohmann::ordered_json;
using namespace testing;

std::string problemsOf(const json& log) {
  std::string out;
  for (const std::string& p : validateSarif(nlohmann::json::parse(log.dump()))) out += p + "\n";
  return out;
}

// Runs with the source tree as working directory, so that inputs are named
// by relative paths as on a command line in the repository.
class InSourceTree {
 public:
  InSourceTree() : saved_(std::filesystem::current_path()) {
    std::filesystem::current_path(SEGPROOF_SOURCE_DIR);
  }
  ~InSourceTree() { std::filesystem::current_path(saved_); }

 private:
  std::filesystem::path saved_;
};

// The built-in pack on examples/three-tier, named by its relative path.
CheckReport threeTierReport() {
  InSourceTree here;
  return checkOf({"examples/three-tier/network.yaml"}, "", /*jobs=*/2);
}

std::vector<json> resultsFor(const json& log, const std::string& rule) {
  std::vector<json> out;
  for (const json& r : log["runs"][0]["results"])
    if (r["ruleId"] == rule) out.push_back(r);
  return out;
}

TEST_CASE("sarif: a check report is a valid log with one rule per assertion", "[report]") {
  CheckReport report = threeTierReport();
  json log = checkSarif(report);
  CHECK(problemsOf(log) == "");
  CHECK(log["version"] == "2.1.0");
  const json& run = log["runs"][0];
  REQUIRE(run["tool"]["driver"]["rules"].size() == report.results.size());
  for (size_t i = 0; i < report.results.size(); ++i)
    CHECK(run["tool"]["driver"]["rules"][i]["id"] == report.results[i].assertion.id);
  // Holding assertions give no result; each violated one a result per witness.
  size_t witnesses = 0;
  for (const AssertionResult& r : report.results) {
    if (r.verdict == Verdict::kHolds) CHECK(resultsFor(log, r.assertion.id).empty());
    if (r.verdict == Verdict::kViolated) {
      witnesses += r.witnesses.size();
      CHECK(resultsFor(log, r.assertion.id).size() == r.witnesses.size());
    }
  }
  CHECK(witnesses > 0);
  CHECK(run["results"].size() == witnesses);
  // The built-in pack's pseudo-file is no artifact of the repository.
  CHECK(run.dump().find("%3Cbuilt-in") == std::string::npos);
  CHECK(run["artifacts"][0]["location"].dump() ==
        R"({"uri":"examples/three-tier/network.yaml","uriBaseId":"%SRCROOT%"})");
}

TEST_CASE("sarif: a violation is located at the rule that lets the flow through", "[report]") {
  CheckReport report = threeTierReport();
  const AssertionResult& ssh = resultOf(report, "internet-management-ports");
  REQUIRE(ssh.verdict == Verdict::kViolated);
  REQUIRE(ssh.witnesses.size() == 1);
  const Witness& w = ssh.witnesses[0];
  const PathHop* admits = nullptr;
  for (const PathHop& h : w.hops)
    if (h.step == "security group ingress") admits = &h;
  REQUIRE(admits);
  CHECK(admits->rule == "bastion-sg ingress tcp/22 from 0.0.0.0/0");

  json log = checkSarif(report);
  std::vector<json> results = resultsFor(log, "internet-management-ports");
  REQUIRE(results.size() == 1);
  const json& result = results[0];
  CHECK(result["level"] == "error");  // critical
  CHECK(log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"].get<size_t>()]["id"] ==
        "internet-management-ports");
  const json& physical = result["locations"][0]["physicalLocation"];
  CHECK(physical["artifactLocation"]["uri"] == admits->location.file);
  CHECK(physical["region"]["startLine"] == admits->location.line);
  CHECK(physical["region"]["startColumn"] == admits->location.column);
  CHECK(result["message"]["text"].get<std::string>().find("bastion-sg ingress tcp/22") !=
        std::string::npos);
  CHECK(result["properties"]["packet"] == w.packet.str());
  CHECK(result["properties"]["verdict"] == "violated");

  // The path, hop by hop, as a code flow.
  const json& steps = result["codeFlows"][0]["threadFlows"][0]["locations"];
  REQUIRE(steps.size() == w.hops.size());
  for (size_t i = 0; i < w.hops.size(); ++i) {
    INFO("hop " << i);
    const json& location = steps[i]["location"];
    CHECK(location["message"]["text"].get<std::string>().find(w.hops[i].rule) != std::string::npos);
    CHECK(location["physicalLocation"]["region"]["startLine"] == w.hops[i].location.line);
  }
  // The fingerprint follows the path, not the line.
  std::string fingerprint = result["partialFingerprints"]["segproofFinding/v1"];
  CHECK(fingerprint.size() == 16);
  CheckReport moved = report;
  for (AssertionResult& r : moved.results)
    for (Witness& mw : r.witnesses)
      for (PathHop& h : mw.hops) h.location.line += 10;
  std::vector<json> again = resultsFor(checkSarif(moved), "internet-management-ports");
  CHECK(again[0]["partialFingerprints"]["segproofFinding/v1"] == fingerprint);
  CHECK(again[0]["locations"][0]["physicalLocation"]["region"]["startLine"] ==
        admits->location.line + 10);
}

const char* kQueries = R"(segproof: queries/v1
assertions:
  - id: no-ssh
    kind: unreachable
    severity: critical
    from: internet
    to: resource:aws_instance.web
    protocol: tcp
    ports: 22
  - id: https-open
    kind: reachable
    from: internet
    to: resource:aws_instance.web
    protocol: tcp
    ports: 443
  - id: smtp-open
    kind: reachable
    severity: medium
    from: internet
    to: resource:aws_instance.web
    protocol: tcp
    ports: 25
)";

TEST_CASE("sarif: unknown verdicts and proofs of violated reachable assertions", "[report]") {
  Scratch scratch("sarif-check");
  // The SSH rule's source is a variable without a value; the group is on line 27.
  std::string main_tf =
      scratch.write("main.tf", "\nvariable \"office\" {}" + publicWebTerraform("var.office"));
  DiagnosticEngine diags;
  Network network = loadNetwork({main_tf}, diags);
  AssertionSet queries = parseAssertions("queries.yaml", kQueries, diags);
  Analyzer analyzer(network);
  CheckReport report = analyzer.check(queries, diags);
  INFO(diags.renderAll());
  REQUIRE(!diags.hasErrors());
  REQUIRE(resultOf(report, "no-ssh").verdict == Verdict::kUnknown);
  REQUIRE(resultOf(report, "https-open").verdict == Verdict::kHolds);
  REQUIRE(resultOf(report, "smtp-open").verdict == Verdict::kViolated);

  json log = checkSarif(report);
  CHECK(problemsOf(log) == "");
  std::vector<json> unknown = resultsFor(log, "no-ssh");
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0]["level"] == "warning");  // not the assertion's "error"
  CHECK(unknown[0]["message"]["text"].get<std::string>().find("var.office") != std::string::npos);
  // At the assertion, in its query file (a relative path).
  CHECK(unknown[0]["locations"][0]["physicalLocation"].dump() ==
        R"({"artifactLocation":{"uri":"queries.yaml","uriBaseId":"%SRCROOT%"},)"
        R"("region":{"startLine":3,"startColumn":5}})");
  CHECK(resultsFor(log, "https-open").empty());
  CHECK(log["runs"][0]["properties"]["holding"].dump() == R"(["https-open"])");

  // The proof of smtp-open is located at the group that admits no such rule.
  std::vector<json> smtp = resultsFor(log, "smtp-open");
  REQUIRE(smtp.size() == 1);
  CHECK(smtp[0]["level"] == "warning");  // medium
  const json& physical = smtp[0]["locations"][0]["physicalLocation"];
  CHECK(physical["artifactLocation"]["uri"] == "file://" + main_tf);
  CHECK_FALSE(physical["artifactLocation"].contains("uriBaseId"));
  CHECK(physical["region"]["startLine"] == 27);
}

TEST_CASE("sarif: the engine's internal errors make the execution unsuccessful", "[report]") {
  CheckReport report = threeTierReport();
  CHECK(checkSarif(report)["runs"][0]["invocations"][0]["executionSuccessful"] == true);
  report.internal_errors.push_back("internet-management-ports: the simulator drops witness 1");
  json log = checkSarif(report);
  CHECK(problemsOf(log) == "");
  const json& invocation = log["runs"][0]["invocations"][0];
  CHECK(invocation["executionSuccessful"] == false);
  CHECK(invocation["toolExecutionNotifications"][0]["level"] == "error");
  CHECK(invocation["toolExecutionNotifications"][0]["message"]["text"] ==
        "internet-management-ports: the simulator drops witness 1");
}

TEST_CASE("sarif: lint findings, their path witnesses and suppressions", "[report]") {
  Scratch scratch("sarif-lint");
  // No `segproof:` line: the suppression starts on line 2.
  LintReport report = lintOf(scratch, R"(suppressions:
  - check: sg-ingress-open
    resource: aws_security_group.web.ingress[1]
    reason: Public web tier; TLS on 443 is the product.
)");
  REQUIRE(report.suppressed.size() == 1);
  json log = lintSarif(report);
  CHECK(problemsOf(log) == "");
  const json& run = log["runs"][0];
  CHECK(run["automationDetails"]["id"] == "segproof/lint/");
  CHECK(run["results"].size() == report.findings.size() + report.suppressed.size());

  // The SSH rule: reachable, at its line, with the witness as a code flow.
  const LintFinding* ssh = nullptr;
  for (const LintFinding& f : report.findings)
    if (f.element == "aws_security_group.web.ingress[0]") ssh = &f;
  REQUIRE(ssh);
  REQUIRE(ssh->path.kind == PathVerdict::Kind::kReachable);
  std::vector<json> admin = resultsFor(log, "sg-ingress-admin-port");
  REQUIRE(admin.size() == 1);
  CHECK(admin[0]["level"] == "error");
  CHECK(admin[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == ssh->location.line);
  CHECK(admin[0]["message"]["text"].get<std::string>().find("Path: REACHABLE") != std::string::npos);
  CHECK(admin[0]["codeFlows"][0]["threadFlows"][0]["locations"].size() ==
        ssh->path.witness->hops.size());
  CHECK(admin[0]["properties"]["path_verdict"] == "reachable");
  CHECK_FALSE(admin[0].contains("suppressions"));

  // The suppressed 443 rule is a result with SARIF's suppression and the reason.
  std::vector<json> open = resultsFor(log, "sg-ingress-open");
  REQUIRE(open.size() == 1);
  REQUIRE(open[0].contains("suppressions"));
  const json& suppression = open[0]["suppressions"][0];
  CHECK(suppression["kind"] == "external");
  CHECK(suppression["justification"] == "Public web tier; TLS on 443 is the product.");
  CHECK(suppression["location"]["physicalLocation"]["region"]["startLine"] == 2);

  // Every check of the catalogue is a rule, with GitHub's severity for security results.
  const json& rules = run["tool"]["driver"]["rules"];
  CHECK(rules[admin[0]["ruleIndex"].get<size_t>()]["id"] == "sg-ingress-admin-port");
  CHECK(rules[admin[0]["ruleIndex"].get<size_t>()]["properties"]["security-severity"] == "9.5");
}

// Broken copies of a valid log: each must be rejected at the right place.
TEST_CASE("sarif validator rejects broken logs", "[report]") {
  CheckReport report = threeTierReport();
  const nlohmann::json valid = nlohmann::json::parse(checkSarif(report).dump());
  REQUIRE(validateSarif(valid).empty());
  REQUIRE(!valid["runs"][0]["results"].empty());
  auto problems = [](const nlohmann::json& log) {
    std::string out;
    for (const std::string& p : validateSarif(log)) out += p + "\n";
    return out;
  };

  nlohmann::json log = valid;
  log["version"] = "2.0.0";
  CHECK(problems(log) == "/version: must be \"2.1.0\", is \"2.0.0\"\n");

  log = valid;
  log.erase("$schema");
  CHECK(problems(log) == "/: missing required property '$schema'\n");

  log = valid;
  log["runs"][0]["results"][0]["level"] = "fatal";
  CHECK(problems(log) ==
        "/runs/0/results/0/level: \"fatal\" is not one of none, note, warning, error\n");

  log = valid;
  size_t rules = log["runs"][0]["tool"]["driver"]["rules"].size();
  log["runs"][0]["results"][0]["ruleIndex"] = rules;
  CHECK(problems(log) == "/runs/0/results/0/ruleIndex: " + std::to_string(rules) +
                             " is out of range: the driver has " + std::to_string(rules) + " rules\n");

  log = valid;
  log["runs"][0]["results"][0]["ruleIndex"] = 0;
  log["runs"][0]["results"][0]["ruleId"] = log["runs"][0]["tool"]["driver"]["rules"][1]["id"];
  CHECK(problems(log).find("/runs/0/results/0/ruleId: ") == 0);

  log = valid;
  log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0;
  CHECK(problems(log) ==
        "/runs/0/results/0/locations/0/physicalLocation/region/startLine: must be at least 1, is 0\n");

  log = valid;
  log["runs"][0]["results"][0].erase("message");
  CHECK(problems(log) == "/runs/0/results/0: missing required property 'message'\n");

  log = valid;
  log["runs"][0]["results"][0]["message"] = {{"text", ""}};
  CHECK(problems(log) == "/runs/0/results/0/message/text: must not be empty\n");

  log = valid;
  log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
      "examples\\three tier.yaml";
  CHECK(problems(log) ==
        "/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri: "
        "'examples\\three tier.yaml' is not a valid URI reference (RFC 3986)\n");

  log = valid;
  log["runs"][0].erase("originalUriBaseIds");
  CHECK(problems(log).find("'%SRCROOT%' is not in run.originalUriBaseIds") != std::string::npos);

  log = valid;
  log["runs"][0]["tool"]["driver"]["rules"][1]["id"] = log["runs"][0]["tool"]["driver"]["rules"][0]["id"];
  CHECK(problems(log).find("/runs/0/tool/driver/rules/1/id: duplicate rule id") != std::string::npos);

  log = valid;
  log["runs"][0]["results"][0]["codeFlows"][0]["threadFlows"][0]["locations"] = nlohmann::json::array();
  CHECK(problems(log) ==
        "/runs/0/results/0/codeFlows/0/threadFlows/0/locations: must have at least one location\n");

  log = valid;
  log["runs"][0]["results"][0]["suppressions"] = {{{"kind", "ignored"}}};
  CHECK(problems(log) ==
        "/runs/0/results/0/suppressions/0/kind: \"ignored\" is not one of inSource, external\n");

  log = valid;
  log["runs"][0]["results"][0]["properties"] = "verdict";
  CHECK(problems(log) == "/runs/0/results/0/properties: must be an object\n");

  log = valid;
  log["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["security-severity"] = 9.5;
  CHECK(problems(log) == "/runs/0/tool/driver/rules/0/properties/security-severity: must be a "
                         "string holding a number in (0, 10]\n");

  log = valid;
  log["runs"][0]["results"][0]["locations"] = nlohmann::json::array();
  CHECK(problems(log) == "/runs/0/results/0/locations: GitHub needs at least one location\n");

  log = valid;
  log["runs"][0]["invocations"][0].erase("executionSuccessful");
  CHECK(problems(log) == "/runs/0/invocations/0: missing required property 'executionSuccessful'\n");
}

}  // namespace
}  // namespace segproof
