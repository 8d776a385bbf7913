#include "lint/controls.h"

#include <catch2/catch.hpp>

#include "lint/catalogue.h"
#include "segproof/query/assertion.h"

namespace segproof::lint {
namespace {

using Strings = std::vector<std::string>;

// Each diagnostic as "file:line:col: severity[code]: message".
Strings diagnosticLines(const DiagnosticEngine& diags) {
  Strings out;
  for (const Diagnostic& d : diags.diagnostics()) {
    out.push_back(d.location.str() + ": " + severityName(d.severity) + "[" + d.code +
                  "]: " + d.message);
  }
  return out;
}

// The diagnostics of parsing `text` as the user table "c.yaml".
Strings parseProblems(const std::string& text, Severity unknown_ids = Severity::kWarning) {
  DiagnosticEngine diags;
  parseControls("c.yaml", text, diags, unknown_ids);
  return diagnosticLines(diags);
}

// "framework id relation" for each control.
Strings describe(const std::vector<ControlRef>& refs) {
  Strings out;
  for (const ControlRef& ref : refs)
    out.push_back(ref.framework + " " + ref.id + " " + ref.relation);
  return out;
}

const char* const kTable = R"(segproof: controls/v1
frameworks:
  cis-aws:
    name: CIS AWS Foundations Benchmark
    version: v3.0.0
    controls:
      "5.2": Admin ports closed to 0.0.0.0/0
      "5.3": Admin ports closed to ::/0
  pci-dss:
    name: PCI DSS
    version: v4.0
    controls: {"1.4.2": Inbound from untrusted networks limited}
mappings:
  sg-ingress-admin-port:
    violates:
      - {control: cis-aws/5.2, peer: ipv4}
      - {control: cis-aws/5.3, peer: ipv6}
      - pci-dss/1.4.2
  internet-management-ports:
    evidences: [cis-aws/5.2, cis-aws/5.3]
)";

LintFinding finding(const std::string& check, const std::string& peer = "") {
  LintFinding f;
  f.check = check;
  if (!peer.empty()) {
    f.rule.emplace();
    f.rule->peer_canonical = peer;
  }
  return f;
}

TEST_CASE("the built-in control table is clean and maps every check and assertion", "[lint]") {
  DiagnosticEngine diags;
  ControlTable table = builtinControls(diags);
  INFO(diags.renderAll());
  // Unknown frameworks, controls and ids are errors in the built-in table,
  // so a clean parse means every reference is declared.
  CHECK(diags.diagnostics().empty());

  for (const CheckInfo& check : checkCatalogue()) {
    INFO("check " << check.id);
    auto it = table.by_check.find(std::string(check.id));
    REQUIRE(it != table.by_check.end());
    CHECK_FALSE(it->second.empty());
    for (const ControlRef& ref : it->second) CHECK(ref.relation == "violates");
  }

  DiagnosticEngine pack_diags;
  AssertionSet pack = builtinAssertions(pack_diags);
  REQUIRE_FALSE(pack.assertions.empty());
  for (const Assertion& assertion : pack.assertions) {
    INFO("assertion " << assertion.id);
    auto it = table.by_check.find(assertion.id);
    REQUIRE(it != table.by_check.end());
    CHECK_FALSE(it->second.empty());
    for (const ControlRef& ref : it->second) CHECK(ref.relation == "evidences");
  }

  for (const auto& [id, refs] : table.by_check) {
    INFO(id);
    CHECK(table.peer_family.at(id).size() == refs.size());
    for (const ControlRef& ref : refs) {
      CHECK_FALSE(ref.framework.empty());
      CHECK_FALSE(ref.title.empty());
    }
  }
}

TEST_CASE("the built-in table names the frameworks with their versions", "[lint]") {
  DiagnosticEngine diags;
  ControlTable table = builtinControls(diags);
  const std::vector<ControlRef>& refs = table.by_check.at("default-sg-not-restricted");
  REQUIRE(refs.size() == 3);
  CHECK(describe(refs) == Strings{"CIS AWS Foundations Benchmark v3.0.0 5.4 violates",
                                  "PCI DSS v4.0 1.2.1 violates",
                                  "NIST SP 800-53 Rev. 5 SC-7(5) violates"});
  CHECK(describe(table.by_check.at("environments-isolated")).back() ==
        "NIST SP 800-53 Rev. 5 SC-7 evidences");
}

TEST_CASE("a control table is read into controls by check id", "[lint]") {
  DiagnosticEngine diags;
  ControlTable table = parseControls("c.yaml", kTable, diags);
  INFO(diags.renderAll());
  CHECK(diags.diagnostics().empty());
  REQUIRE(table.by_check.size() == 2);
  const std::vector<ControlRef>& admin = table.by_check.at("sg-ingress-admin-port");
  REQUIRE(admin.size() == 3);
  CHECK(admin[0].framework == "CIS AWS Foundations Benchmark v3.0.0");
  CHECK(admin[0].id == "5.2");
  CHECK(admin[0].title == "Admin ports closed to 0.0.0.0/0");
  CHECK(admin[0].relation == "violates");
  CHECK(admin[2].framework == "PCI DSS v4.0");
  CHECK(admin[2].title == "Inbound from untrusted networks limited");
  CHECK(table.peer_family.at("sg-ingress-admin-port") ==
        std::vector<PeerFamily>{PeerFamily::kIpv4, PeerFamily::kIpv6, PeerFamily::kAny});
  CHECK(describe(table.by_check.at("internet-management-ports")) ==
        Strings{"CIS AWS Foundations Benchmark v3.0.0 5.2 evidences",
                "CIS AWS Foundations Benchmark v3.0.0 5.3 evidences"});
}

TEST_CASE("a framework without a version is named by its name alone", "[lint]") {
  DiagnosticEngine diags;
  ControlTable table = parseControls("c.yaml", R"(segproof: controls/v1
frameworks:
  acme: {name: ACME network standard, controls: {NET-1: No public databases}}
mappings:
  route-data-store-igw: {violates: [acme/NET-1]}
)",
                                     diags);
  CHECK(diags.diagnostics().empty());
  CHECK(describe(table.by_check.at("route-data-store-igw")) ==
        Strings{"ACME network standard NET-1 violates"});
}

TEST_CASE("attachControls keeps the controls of the rule's address family", "[lint]") {
  DiagnosticEngine diags;
  ControlTable table = parseControls("c.yaml", kTable, diags);
  std::vector<LintFinding> findings = {finding("sg-ingress-admin-port", "0.0.0.0/0"),
                                       finding("sg-ingress-admin-port", "::/0"),
                                       finding("sg-ingress-admin-port"), finding("sg-unused")};
  findings[3].controls.push_back({"stale", "0", "stale", "violates"});
  attachControls(table, findings);
  CHECK(
      describe(findings[0].controls) ==
      Strings{"CIS AWS Foundations Benchmark v3.0.0 5.2 violates", "PCI DSS v4.0 1.4.2 violates"});
  CHECK(
      describe(findings[1].controls) ==
      Strings{"CIS AWS Foundations Benchmark v3.0.0 5.3 violates", "PCI DSS v4.0 1.4.2 violates"});
  // Without rule facts the family is unknown: every control may apply.
  CHECK(findings[2].controls.size() == 3);
  CHECK(findings[3].controls.empty());
}

TEST_CASE("attachControls gives each assertion result the controls of its id", "[lint]") {
  DiagnosticEngine diags;
  ControlTable table = builtinControls(diags);
  REQUIRE(diags.errorCount() == 0);
  std::vector<AssertionResult> results(2);
  results[0].assertion.id = "internet-management-ports";
  results[1].assertion.id = "my-own-assertion";
  results[1].controls.push_back({"stale", "0", "stale", "evidences"});
  attachControls(table, results);
  REQUIRE(!results[0].controls.empty());
  bool cis = false;
  for (const ControlRef& c : results[0].controls) {
    CHECK(c.relation == "evidences");
    cis = cis || (c.framework.rfind("CIS AWS Foundations Benchmark", 0) == 0 && c.id == "5.2");
  }
  CHECK(cis);
  CHECK(results[1].controls.empty());  // not in the table: nothing, not a stale list
}

TEST_CASE("control table: syntax and format errors", "[lint]") {
  CHECK(parseProblems("segproof: [controls/v1\n") ==
        Strings{"c.yaml:2:1: error[yaml-syntax]: end of sequence flow not found"});
  CHECK(parseProblems("- a\n- b\n") ==
        Strings{"c.yaml:1:1: error[invalid-value]: expected a control table: a mapping with the "
                "keys segproof, frameworks or mappings"});
  CHECK(parseProblems("segproof: controls/v2\nframeworks: {}\nmappings: {}\n") ==
        Strings{"c.yaml:1:11: error[invalid-value]: unsupported format 'controls/v2' (expected "
                "controls/v1)"});
  CHECK(parseProblems("segproof: controls/v1\nframeworks: {}\nmapping: {}\n") ==
        Strings{"c.yaml:3:1: error[unknown-key]: unknown key 'mapping' in the control table; did "
                "you mean 'mappings'?",
                "c.yaml:1:1: error[missing-key]: the control table needs the key 'mappings'"});
}

TEST_CASE("control table: framework errors", "[lint]") {
  CHECK(parseProblems(R"(segproof: controls/v1
frameworks:
  pci-dss: {name: PCI DSS, controls: {"1.4.2": x}, url: https://example.com}
  cis/aws: {name: CIS, controls: {}}
  nist: {version: Rev. 5, controls: {SC-7: x}}
  acme: {name: ACME, controls: [NET-1]}
mappings: {}
)") == Strings{"c.yaml:3:52: error[unknown-key]: unknown key 'url' in framework 'pci-dss' "
               "(expected name, version or controls)",
               "c.yaml:4:3: error[invalid-value]: invalid framework key 'cis/aws': it must be "
               "non-empty, without '/'",
               "c.yaml:5:9: error[missing-key]: framework 'nist' needs the key 'name'",
               "c.yaml:6:32: error[invalid-value]: 'controls' of framework 'acme' must map "
               "control ids to titles"});
}

TEST_CASE("control table: mapping errors", "[lint]") {
  CHECK(parseProblems(R"(segproof: controls/v1
frameworks:
  pci-dss: {name: PCI DSS, version: v4.0, controls: {"1.4.2": x, "1.3.1": y}}
mappings:
  sg-ingress-open:
    violate: [pci-dss/1.4.2]
  sg-egress-open:
    violates: [pci/1.3.1, pci-dss/1.3.2, pci-dss, {control: pci-dss/1.4.2, peer: ipv5}]
  sg-unused:
    evidences: [pci-dss/1.3.1, pci-dss/1.3.1]
  sg-missing-group: {}
)") == Strings{"c.yaml:6:5: error[unknown-key]: unknown key 'violate' in the mapping of "
               "'sg-ingress-open'; did you mean 'violates'?",
               "c.yaml:8:16: error[unknown-control]: 'pci/1.3.1': unknown framework 'pci' "
               "(declared: pci-dss)",
               "c.yaml:8:27: error[unknown-control]: 'pci-dss/1.3.2': PCI DSS v4.0 has no control "
               "'1.3.2' in this table; did you mean '1.4.2'?",
               "c.yaml:8:42: error[invalid-value]: 'pci-dss' is not a control: write framework/id "
               "(\"pci-dss/1.3.1\")",
               "c.yaml:8:82: error[invalid-value]: unknown peer family 'ipv5' (expected ipv4, ipv6 "
               "or any)",
               "c.yaml:10:32: error[duplicate-control]: 'sg-unused' lists PCI DSS v4.0 1.3.1 twice",
               "c.yaml:11:21: error[missing-key]: the mapping of 'sg-missing-group' needs the key "
               "'violates' or 'evidences'"});
}

TEST_CASE("control table: an unknown id is a warning in a user table, an error built in",
          "[lint]") {
  const std::string text = R"(segproof: controls/v1
frameworks:
  pci-dss: {name: PCI DSS, version: v4.0, controls: {"1.3.1": x}}
mappings:
  sg-ingres-open: {violates: [pci-dss/1.3.1]}
  cde-isolated: {evidences: [pci-dss/1.3.1]}
)";
  CHECK(parseProblems(text) ==
        Strings{"c.yaml:5:3: warning[unknown-check]: 'sg-ingres-open' is neither a lint check nor "
                "a built-in assertion; did you mean 'sg-ingress-open'?; its controls apply to an "
                "assertion of yours with that id",
                "c.yaml:6:3: warning[unknown-check]: 'cde-isolated' is neither a lint check nor a "
                "built-in assertion; its controls apply to an assertion of yours with that id"});
  CHECK(parseProblems(text, Severity::kError) ==
        Strings{"c.yaml:5:3: error[unknown-check]: 'sg-ingres-open' is neither a lint check nor "
                "a built-in assertion; did you mean 'sg-ingress-open'?",
                "c.yaml:6:3: error[unknown-check]: 'cde-isolated' is neither a lint check nor a "
                "built-in assertion"});
  // The user's own assertion id is still mapped.
  DiagnosticEngine diags;
  ControlTable table = parseControls("c.yaml", text, diags);
  CHECK(table.by_check.at("cde-isolated").size() == 1);
}

TEST_CASE("control table: a mapping written twice is an error", "[lint]") {
  CHECK(parseProblems(R"(segproof: controls/v1
frameworks:
  pci-dss: {name: PCI DSS, controls: {"1.3.1": x}}
mappings:
  sg-unused: {violates: [pci-dss/1.3.1]}
  sg-unused: {violates: [pci-dss/1.3.1]}
)") == Strings{"c.yaml:6:3: error[duplicate-key]: 'sg-unused' is mapped twice"});
}

TEST_CASE("loadControls reports a file it cannot read", "[lint]") {
  DiagnosticEngine diags;
  ControlTable table = loadControls("/nonexistent/controls.yaml", diags);
  CHECK(table.by_check.empty());
  CHECK(diagnosticLines(diags) ==
        Strings{"/nonexistent/controls.yaml: error[cannot-read]: cannot read control table "
                "'/nonexistent/controls.yaml'"});
}

TEST_CASE("loadControls reads the table shipped in queries/", "[lint]") {
  DiagnosticEngine diags;
  ControlTable table =
      loadControls(std::string(SEGPROOF_SOURCE_DIR) + "/queries/controls.yaml", diags);
  INFO(diags.renderAll());
  CHECK(diags.diagnostics().empty());
  DiagnosticEngine builtin_diags;
  CHECK(table.by_check.size() == builtinControls(builtin_diags).by_check.size());
}

}  // namespace
}  // namespace segproof::lint
