#include "lint/suppressions.h"

#include <catch2/catch.hpp>

namespace segproof::lint {
namespace {

using Strings = std::vector<std::string>;

constexpr const char* kToday = "2026-11-29";

// Each diagnostic as "file:line:col: severity[code]: message".
Strings diagnosticLines(const DiagnosticEngine& diags) {
  Strings out;
  for (const Diagnostic& d : diags.diagnostics()) {
    out.push_back(d.location.str() + ": " + severityName(d.severity) + "[" + d.code +
                  "]: " + d.message);
  }
  return out;
}

Strings parseProblems(const std::string& text) {
  DiagnosticEngine diags;
  parseLintConfig(".segproof.yaml", text, diags, kToday);
  return diagnosticLines(diags);
}

LintFinding finding(const std::string& check, const std::string& resource,
                    const std::string& element = "") {
  LintFinding f;
  f.check = check;
  f.resource = resource;
  f.element = element.empty() ? resource : element;
  return f;
}

Suppression suppression(const std::string& check, const std::string& resource,
                        const std::string& expires = "") {
  Suppression s;
  s.check = check;
  s.resource = resource;
  s.reason = "accepted";
  s.expires = expires;
  return s;
}

TEST_CASE("a .segproof.yaml is read into suppressions", "[lint]") {
  DiagnosticEngine diags;
  LintConfig config = parseLintConfig(".segproof.yaml", R"(segproof: config/v1
suppressions:
  - check: sg-ingress-open
    resource: aws_security_group.web
    reason: Public web tier; TLS on 443 is the product.
    expires: 2027-06-30
  - check: "*"
    resource: module.legacy.aws_instance.ftp
    reason: >-
      Decommissioned in Q1.
)",
                                      diags, kToday);
  INFO(diags.renderAll());
  CHECK(diags.diagnostics().empty());
  CHECK(config.path == ".segproof.yaml");
  REQUIRE(config.suppressions.size() == 2);
  const Suppression& web = config.suppressions[0];
  CHECK(web.check == "sg-ingress-open");
  CHECK(web.resource == "aws_security_group.web");
  CHECK(web.reason == "Public web tier; TLS on 443 is the product.");
  CHECK(web.expires == "2027-06-30");
  CHECK(web.location.str() == ".segproof.yaml:3:5");
  CHECK(web.matched == 0);
  CHECK(config.suppressions[1].check == "*");
  CHECK(config.suppressions[1].reason == "Decommissioned in Q1.");
  CHECK(config.suppressions[1].expires.empty());
  CHECK(config.suppressions[1].location.str() == ".segproof.yaml:7:5");
}

TEST_CASE("an empty .segproof.yaml suppresses nothing", "[lint]") {
  CHECK(parseProblems("").empty());
  CHECK(parseProblems("# nothing yet\n").empty());
  CHECK(parseProblems("segproof: config/v1\nsuppressions:\n").empty());
}

TEST_CASE(".segproof.yaml: format errors", "[lint]") {
  CHECK(parseProblems("suppressions: [\n") ==
        Strings{".segproof.yaml:2:1: error[yaml-syntax]: end of sequence flow not found"});
  CHECK(parseProblems("- check: x\n") ==
        Strings{".segproof.yaml:1:1: error[invalid-value]: expected a mapping with the keys "
                "segproof or suppressions"});
  CHECK(parseProblems("segproof: config/v2\n") ==
        Strings{".segproof.yaml:1:11: error[invalid-value]: unsupported format 'config/v2' "
                "(expected config/v1)"});
  CHECK(parseProblems("segproof: config/v1\nsupressions: []\n") ==
        Strings{".segproof.yaml:2:1: error[unknown-key]: unknown key 'supressions' in the "
                "configuration; did you mean 'suppressions'?"});
  CHECK(parseProblems("suppressions: {check: sg-unused}\n") ==
        Strings{".segproof.yaml:1:15: error[invalid-value]: 'suppressions' must be a list of "
                "{check, resource, reason, expires}"});
  CHECK(parseProblems("suppressions: [sg-unused]\n") ==
        Strings{".segproof.yaml:1:16: error[invalid-value]: expected a suppression {check, "
                "resource, reason}"});
}

TEST_CASE(".segproof.yaml: suppression errors", "[lint]") {
  CHECK(parseProblems(R"(suppressions:
  - check: sg-ingress-open
    resource: aws_security_group.web
  - check: sg-ingress-open
    resource: aws_security_group.web
    reason: ""
  - check: sg-ingress-open
    resource: aws_security_group.web
    reason:
  - check: sg-ingres-open
    resource: aws_security_group.web
    reason: typo
  - check: sg-unused
    resource: " "
    reason: x
    expires: 2027-02-30
    owner: team-a
)") == Strings{".segproof.yaml:2:5: error[missing-key]: a suppression needs the key 'reason'",
               ".segproof.yaml:6:13: error[missing-reason]: a suppression needs a reason: say why "
               "the finding is accepted",
               ".segproof.yaml:9:5: error[missing-reason]: a suppression needs a reason: say why "
               "the finding is accepted",
               ".segproof.yaml:10:12: error[unknown-check]: unknown check 'sg-ingres-open'; did "
               "you mean 'sg-ingress-open'? (the checks are listed in docs/lint.md; \"*\" names "
               "them all)",
               ".segproof.yaml:17:5: error[unknown-key]: unknown key 'owner' in a suppression "
               "(expected check, resource, reason or expires)",
               ".segproof.yaml:14:15: error[invalid-value]: 'resource' must name a resource",
               ".segproof.yaml:16:14: error[invalid-value]: '2027-02-30' is not a date: write "
               "YYYY-MM-DD, e.g. 2027-06-30"});
  CHECK(parseProblems("suppressions:\n  - {reason: x, resource: y}\n") ==
        Strings{".segproof.yaml:2:5: error[missing-key]: a suppression needs the key 'check'"});
  CHECK(parseProblems("suppressions:\n  - {check: [a], resource: y, reason: x}\n") ==
        Strings{".segproof.yaml:2:13: error[invalid-value]: expected a check id or \"*\""});
}

TEST_CASE(".segproof.yaml: a suppression with errors is left out", "[lint]") {
  DiagnosticEngine diags;
  LintConfig config = parseLintConfig(".segproof.yaml", R"(suppressions:
  - {check: sg-unused, resource: aws_security_group.a, reason: ok}
  - {check: sg-unused, resource: aws_security_group.b}
)",
                                      diags, kToday);
  REQUIRE(config.suppressions.size() == 1);
  CHECK(config.suppressions[0].resource == "aws_security_group.a");
}

TEST_CASE(".segproof.yaml: an expired suppression is a warning and is kept", "[lint]") {
  DiagnosticEngine diags;
  LintConfig config = parseLintConfig(".segproof.yaml", R"(suppressions:
  - check: sg-unused
    resource: aws_security_group.old
    reason: Removed next sprint.
    expires: 2026-11-29
  - check: sg-unused
    resource: aws_security_group.new
    reason: Removed next quarter.
    expires: 2026-11-30
)",
                                      diags, kToday);
  CHECK(diagnosticLines(diags) ==
        Strings{".segproof.yaml:5:14: warning[suppression-expired]: suppression expired on "
                "2026-11-29: findings of 'sg-unused' on aws_security_group.old are reported "
                "again"});
  CHECK_FALSE(diags.hasErrors());
  CHECK(config.suppressions.size() == 2);
}

TEST_CASE("dates: leap years and the calendar", "[lint]") {
  CHECK(parseProblems("suppressions:\n  - {check: '*', resource: a.b, reason: x, expires: "
                      "2028-02-29}\n")
            .empty());
  CHECK(parseProblems("suppressions:\n  - {check: '*', resource: a.b, reason: x, expires: "
                      "2027-02-29}\n") ==
        Strings{".segproof.yaml:2:53: error[invalid-value]: '2027-02-29' is not a date: write "
                "YYYY-MM-DD, e.g. 2027-06-30"});
  CHECK(parseProblems("suppressions:\n  - {check: '*', resource: a.b, reason: x, expires: "
                      "2027-6-30}\n") ==
        Strings{".segproof.yaml:2:53: error[invalid-value]: '2027-6-30' is not a date: write "
                "YYYY-MM-DD, e.g. 2027-06-30"});
  CHECK(currentDate().size() == 10);
}

TEST_CASE("a suppression names a finding by check and resource or element", "[lint]") {
  CHECK(suppressionMatches(
      suppression("sg-ingress-open", "aws_security_group.web"),
      finding("sg-ingress-open", "aws_security_group.web", "aws_security_group.web.ingress[0]")));
  CHECK(suppressionMatches(
      suppression("sg-ingress-open", "aws_security_group.web.ingress[0]"),
      finding("sg-ingress-open", "aws_security_group.web", "aws_security_group.web.ingress[0]")));
  CHECK_FALSE(suppressionMatches(
      suppression("sg-ingress-open", "aws_security_group.web.ingress[1]"),
      finding("sg-ingress-open", "aws_security_group.web", "aws_security_group.web.ingress[0]")));
  CHECK_FALSE(suppressionMatches(suppression("sg-egress-open", "aws_security_group.web"),
                                 finding("sg-ingress-open", "aws_security_group.web")));
  CHECK(suppressionMatches(suppression("*", "aws_security_group.web"),
                           finding("sg-ingress-open", "aws_security_group.web")));
  CHECK_FALSE(suppressionMatches(suppression("*", "aws_security_group.we"),
                                 finding("sg-ingress-open", "aws_security_group.web")));
  CHECK_FALSE(suppressionMatches(suppression("*", "aws_security_group"),
                                 finding("sg-ingress-open", "aws_security_group.web")));
  // CloudFormation logical ids.
  CHECK(suppressionMatches(suppression("sg-unused", "WebSecurityGroup"),
                           finding("sg-unused", "WebSecurityGroup")));
}

TEST_CASE("a suppression without an instance key names every instance", "[lint]") {
  const Suppression web = suppression("instance-public-ip", "aws_instance.web");
  CHECK(suppressionMatches(web, finding("instance-public-ip", "aws_instance.web[0]")));
  CHECK(suppressionMatches(web, finding("instance-public-ip", "aws_instance.web[\"a.b\"]")));
  CHECK_FALSE(suppressionMatches(web, finding("instance-public-ip", "aws_instance.webapp[0]")));
  CHECK_FALSE(suppressionMatches(web, finding("instance-public-ip", "aws_instance.web.x")));

  const Suppression first = suppression("instance-public-ip", "aws_instance.web[0]");
  CHECK(suppressionMatches(first, finding("instance-public-ip", "aws_instance.web[0]")));
  CHECK_FALSE(suppressionMatches(first, finding("instance-public-ip", "aws_instance.web[1]")));

  // Module paths as written, with or without the module's instance keys.
  const Suppression in_module = suppression("instance-public-ip", "module.app.aws_instance.web");
  CHECK(
      suppressionMatches(in_module, finding("instance-public-ip", "module.app.aws_instance.web")));
  CHECK(suppressionMatches(
      in_module, finding("instance-public-ip", "module.app[\"eu\"].aws_instance.web[0]")));
  CHECK_FALSE(suppressionMatches(in_module, finding("instance-public-ip", "aws_instance.web")));
  CHECK_FALSE(suppressionMatches(in_module,
                                 finding("instance-public-ip", "module.other.aws_instance.web")));
  const Suppression eu = suppression("instance-public-ip", "module.app[\"eu\"].aws_instance.web");
  CHECK(suppressionMatches(
      eu, finding("instance-public-ip", "module.app[\"eu\"].aws_instance.web[2]")));
  CHECK_FALSE(
      suppressionMatches(eu, finding("instance-public-ip", "module.app[\"us\"].aws_instance.web")));
}

TEST_CASE("applySuppressions moves matched findings and counts the matches", "[lint]") {
  std::vector<Suppression> suppressions = {
      suppression("sg-ingress-open", "aws_security_group.web"),
      suppression("*", "aws_security_group.web"),
      suppression("sg-unused", "aws_security_group.gone"),
      suppression("sg-unused", "aws_security_group.old", "2026-01-31"),
      suppression("sg-unused", "aws_security_group.later", "2026-12-01"),
  };
  std::vector<LintFinding> findings = {
      finding("sg-ingress-open", "aws_security_group.web", "aws_security_group.web.ingress[0]"),
      finding("sg-unused", "aws_security_group.db"),
      finding("sg-egress-open", "aws_security_group.web"),
      finding("sg-unused", "aws_security_group.old"),
      finding("sg-unused", "aws_security_group.later"),
  };
  std::vector<SuppressedFinding> suppressed;
  applySuppressions(suppressions, findings, suppressed, kToday);

  Strings kept;
  for (const LintFinding& f : findings) kept.push_back(f.check + " " + f.resource);
  CHECK(kept == Strings{"sg-unused aws_security_group.db", "sg-unused aws_security_group.old"});
  REQUIRE(suppressed.size() == 3);
  CHECK(suppressed[0].finding.check == "sg-ingress-open");
  CHECK(suppressed[0].suppression == 0);  // the first matching suppression takes it
  CHECK(suppressed[1].finding.check == "sg-egress-open");
  CHECK(suppressed[1].suppression == 1);
  CHECK(suppressed[2].finding.resource == "aws_security_group.later");
  CHECK(suppressed[2].suppression == 4);
  std::vector<size_t> matched;
  for (const Suppression& s : suppressions) matched.push_back(s.matched);
  CHECK(matched == std::vector<size_t>{1, 1, 0, 0, 1});
}

TEST_CASE("unused suppressions are warnings; expired ones were warned about already", "[lint]") {
  std::vector<Suppression> suppressions = {
      suppression("sg-unused", "aws_security_group.gone"),
      suppression("sg-unused", "aws_security_group.old", "2026-01-31"),
      suppression("sg-unused", "aws_security_group.used"),
  };
  suppressions[0].location = {".segproof.yaml", 3, 5};
  suppressions[2].matched = 2;
  DiagnosticEngine diags;
  warnUnusedSuppressions(suppressions, diags, kToday);
  CHECK(diagnosticLines(diags) ==
        Strings{".segproof.yaml:3:5: warning[suppression-unused]: suppression of 'sg-unused' on "
                "aws_security_group.gone matched no finding; remove it if the finding is gone"});
}

TEST_CASE("loadLintConfig gives nullopt and an error for a file it cannot read", "[lint]") {
  DiagnosticEngine diags;
  CHECK_FALSE(loadLintConfig("/nonexistent/.segproof.yaml", diags).has_value());
  CHECK(diagnosticLines(diags) ==
        Strings{"/nonexistent/.segproof.yaml: error[cannot-read]: cannot read suppression file "
                "'/nonexistent/.segproof.yaml'"});
}

}  // namespace
}  // namespace segproof::lint
