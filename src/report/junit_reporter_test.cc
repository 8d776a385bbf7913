// checkJunit and lintJunit on reports the engine builds (examples/three-tier,
// small inline models): the XML parses, the counts match the verdicts, a
// violation's failure carries its witnesses, special characters are escaped.
#include "report/junit_reporter.h"

#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include "lint/catalogue.h"
#include "report/report_test_fixtures.h"

namespace segproof {
namespace {

using namespace testing;

// Parses `xml`, failing the test with pugixml's description when it is no
// well-formed XML.
void parse(pugi::xml_document& doc, const std::string& xml) {
  pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  INFO(parsed.description() << " at offset " << parsed.offset);
  REQUIRE(parsed);
}

long count(pugi::xml_node node, const char* name) { return node.attribute(name).as_llong(-1); }

// The counts a suite declares are those of its testcases.
void checkCounts(pugi::xml_node suite) {
  long tests = 0, failures = 0, errors = 0, skipped = 0;
  for (pugi::xml_node t : suite.children("testcase")) {
    ++tests;
    int outcomes = 0;
    if (t.child("failure")) ++failures, ++outcomes;
    if (t.child("error")) ++errors, ++outcomes;
    if (t.child("skipped")) ++skipped, ++outcomes;
    CHECK(outcomes <= 1);
    CHECK_FALSE(std::string(t.attribute("classname").value()).empty());
  }
  INFO("suite " << suite.attribute("name").value());
  CHECK(count(suite, "tests") == tests);
  CHECK(count(suite, "failures") == failures);
  CHECK(count(suite, "errors") == errors);
  CHECK(count(suite, "skipped") == skipped);
}

pugi::xml_node testcaseNamed(pugi::xml_node suite, const std::string& name) {
  return suite.find_child_by_attribute("testcase", "name", name.c_str());
}

TEST_CASE("check junit: one testcase per assertion, counts from the verdicts", "[report]") {
  CheckReport report =
      checkOf({example("three-tier/network.yaml")}, readFile(example("three-tier/queries.yaml")));
  pugi::xml_document doc;
  parse(doc, checkJunit(report));
  pugi::xml_node root = doc.child("testsuites");
  REQUIRE(root);
  pugi::xml_node suite = root.child("testsuite");
  REQUIRE(std::string(suite.attribute("name").value()) == "segproof check");
  CHECK_FALSE(suite.next_sibling("testsuite"));

  long violated = 0, unknown = 0;
  for (const AssertionResult& r : report.results) {
    violated += r.verdict == Verdict::kViolated;
    unknown += r.verdict == Verdict::kUnknown;
    pugi::xml_node t = testcaseNamed(suite, r.assertion.id);
    INFO(r.assertion.id);
    REQUIRE(t);
    CHECK(std::string(t.attribute("classname").value()) ==
          std::string("segproof.") + assertionKindName(r.assertion.kind));
    if (r.assertion.location.file.rfind("<built-in>", 0) == 0) {
      CHECK_FALSE(t.attribute("file"));
    } else {
      CHECK(std::string(t.attribute("file").value()) == r.assertion.location.file);
      CHECK(t.attribute("line").as_int() == r.assertion.location.line);
    }
    CHECK(static_cast<bool>(t.child("failure")) == (r.verdict == Verdict::kViolated));
    CHECK(static_cast<bool>(t.child("error")) == (r.verdict == Verdict::kUnknown));
    CHECK(static_cast<bool>(t.child("system-out")) == (r.verdict == Verdict::kHolds));
  }
  CHECK(violated >= 2);  // the README's flaws: SSH and Redis open, db-only-from-app
  CHECK(count(suite, "tests") == static_cast<long>(report.results.size()));
  CHECK(count(suite, "failures") == violated);
  CHECK(count(suite, "errors") == unknown);
  CHECK(count(suite, "skipped") == 0);
  checkCounts(suite);
  CHECK(count(root, "tests") == count(suite, "tests"));
  CHECK(count(root, "failures") == violated);

  pugi::xml_node properties = suite.child("properties");
  CHECK(
      properties.find_child_by_attribute("property", "name", "input").attribute("value").value() ==
      example("three-tier/network.yaml"));
}

TEST_CASE("check junit: a violation's failure holds every witness, hop by hop", "[report]") {
  CheckReport report = checkOf({example("three-tier/network.yaml")});
  const AssertionResult& ssh = resultOf(report, "internet-management-ports");
  REQUIRE(ssh.verdict == Verdict::kViolated);
  REQUIRE_FALSE(ssh.witnesses.empty());
  pugi::xml_document doc;
  parse(doc, checkJunit(report));
  pugi::xml_node failure =
      testcaseNamed(doc.child("testsuites").child("testsuite"), ssh.assertion.id).child("failure");
  REQUIRE(failure);
  CHECK(std::string(failure.attribute("type").value()) == "violated");
  const std::string message = failure.attribute("message").value();
  CHECK(message.find(ssh.witnesses.front().packet.str()) != std::string::npos);
  const std::string text = failure.child_value();
  for (const Witness& w : ssh.witnesses) {
    CHECK(text.find(w.packet.str()) != std::string::npos);
    for (const PathHop& hop : w.hops) {
      INFO(hop.step << " " << hop.element);
      CHECK(text.find(hop.rule) != std::string::npos);
      if (hop.location.known()) CHECK(text.find(hop.location.str()) != std::string::npos);
    }
  }
  // The rule that lets SSH in: bastion-sg in the example's network.yaml.
  CHECK(text.find("network.yaml:") != std::string::npos);
  CHECK(text.find("bastion-sg") != std::string::npos);
}

TEST_CASE("check junit: a proof goes to system-out of the passing testcase", "[report]") {
  CheckReport report =
      checkOf({example("three-tier/network.yaml")}, readFile(example("three-tier/queries.yaml")));
  const AssertionResult& db = resultOf(report, "db-no-internet");
  REQUIRE(db.verdict == Verdict::kHolds);
  REQUIRE(db.closest);
  pugi::xml_document doc;
  parse(doc, checkJunit(report));
  pugi::xml_node t = testcaseNamed(doc.child("testsuites").child("testsuite"), "db-no-internet");
  const std::string out = t.child_value("system-out");
  CHECK(out.find("proof: none of " + std::to_string(db.pairs_checked)) != std::string::npos);
  CHECK(out.find(db.closest->blocked_at.location.str()) != std::string::npos);
}

TEST_CASE("check junit: an unknown verdict is an error with its reason", "[report]") {
  CheckReport report =
      checkOf({std::string(SEGPROOF_SOURCE_DIR) + "/tests/e2e/exit-unknown/net.yaml"});
  const AssertionResult& isolated = resultOf(report, "environments-isolated");
  REQUIRE(isolated.verdict == Verdict::kUnknown);
  pugi::xml_document doc;
  parse(doc, checkJunit(report));
  pugi::xml_node suite = doc.child("testsuites").child("testsuite");
  pugi::xml_node error = testcaseNamed(suite, "environments-isolated").child("error");
  REQUIRE(error);
  CHECK(std::string(error.attribute("type").value()) == "unknown");
  CHECK(error.attribute("message").value() == isolated.reason);
  CHECK(count(suite, "errors") >= 1);
  CHECK(count(suite, "failures") == 0);
  checkCounts(suite);
}

TEST_CASE("check junit: an internal error is an error on its testcase", "[report]") {
  CheckReport report = checkOf({example("three-tier/network.yaml")});
  // What the engine records when the simulator disagrees with a witness.
  report.results.front().internal_errors.push_back("witness <1> & \"2\" not delivered");
  pugi::xml_document doc;
  parse(doc, checkJunit(report));
  pugi::xml_node suite = doc.child("testsuites").child("testsuite");
  pugi::xml_node t = testcaseNamed(suite, report.results.front().assertion.id);
  CHECK(std::string(t.child("error").attribute("type").value()) == "internal");
  CHECK(std::string(t.child("error").attribute("message").value()) ==
        "witness <1> & \"2\" not delivered");
  CHECK_FALSE(t.child("failure"));
  checkCounts(suite);
}

TEST_CASE("check junit: XML special characters in ids and descriptions are escaped", "[report]") {
  const std::string id =
      "a<b>&\"c'd\x01"
      "e";
  CheckReport report =
      checkOf({example("three-tier/network.yaml")},
              bastionSshQueries(R"(a<b>&\"c'd\x01e)", R"(tab\there & <there> ]]> \x1f done)"));
  REQUIRE(resultOf(report, id).verdict == Verdict::kViolated);
  const std::string xml = checkJunit(report);
  CHECK(xml.find('\x01') == std::string::npos);
  CHECK(xml.find('\x1f') == std::string::npos);
  pugi::xml_document doc;
  parse(doc, xml);
  pugi::xml_node t = testcaseNamed(doc.child("testsuites").child("testsuite"),
                                   "a<b>&\"c'd\xEF\xBF\xBD"
                                   "e");
  REQUIRE(t);
  const std::string text = t.child("failure").child_value();
  CHECK(text.find("tab\there & <there> ]]> \xEF\xBF\xBD done") != std::string::npos);
}

TEST_CASE("xmlEscape: markup, line ends in attributes, forbidden characters", "[report]") {
  CHECK(xmlEscape("a&b<c>d\"e'f", false) == "a&amp;b&lt;c&gt;d&quot;e&apos;f");
  CHECK(xmlEscape("1\n2\t3\r4", true) == "1&#10;2&#9;3&#13;4");
  CHECK(xmlEscape("1\n2\t3\r4", false) == "1\n2\t3&#13;4");
  CHECK(xmlEscape("caf\xC3\xA9 \xF0\x9F\x94\x92", false) == "caf\xC3\xA9 \xF0\x9F\x94\x92");
  const std::string bad = "\xEF\xBF\xBD";
  CHECK(xmlEscape(std::string("x\0y", 3), false) == "x" + bad + "y");
  CHECK(xmlEscape("\x1b[31m", false) == bad + "[31m");
  CHECK(xmlEscape("\xff\xC3", false) == bad + bad);            // not UTF-8, truncated
  CHECK(xmlEscape("\xC0\xAF", false) == bad + bad);            // overlong '/'
  CHECK(xmlEscape("\xED\xA0\x80", false) == bad + bad + bad);  // a surrogate
  CHECK(xmlEscape("\xEF\xBF\xBE", false) == bad);              // U+FFFE
}

TEST_CASE("lint junit: a suite per check, a failure per finding, suppressed ones skipped",
          "[report]") {
  Scratch scratch("report-junit-lint");
  LintReport report = lintOf(scratch);  // with testing::kSuppressHttpsConfig
  REQUIRE_FALSE(report.findings.empty());
  REQUIRE(report.suppressed.size() == 1);
  pugi::xml_document doc;
  parse(doc, lintJunit(report));
  pugi::xml_node root = doc.child("testsuites");
  REQUIRE(root);

  size_t suites = 0;
  long failures = 0, skipped = 0, tests = 0;
  for (pugi::xml_node suite : root.children("testsuite")) {
    ++suites;
    checkCounts(suite);
    failures += count(suite, "failures");
    skipped += count(suite, "skipped");
    tests += count(suite, "tests");
  }
  CHECK(suites == lint::checkCatalogue().size());
  CHECK(failures == static_cast<long>(report.findings.size()));
  CHECK(skipped == 1);
  CHECK(count(root, "tests") == tests);
  CHECK(count(root, "failures") == failures);

  const LintFinding* ssh = nullptr;
  for (const LintFinding& f : report.findings)
    if (f.element == "aws_security_group.web.ingress[0]") ssh = &f;
  REQUIRE(ssh);
  REQUIRE(ssh->path.kind == PathVerdict::Kind::kReachable);
  pugi::xml_node suite = root.find_child_by_attribute("testsuite", "name", ssh->check.c_str());
  pugi::xml_node failure = testcaseNamed(suite, ssh->check + " " + ssh->element).child("failure");
  REQUIRE(failure);
  CHECK(std::string(failure.attribute("type").value()) == lintSeverityName(ssh->severity));
  CHECK(failure.attribute("message").value() == ssh->message);
  const std::string text = failure.child_value();
  CHECK(text.find("path: reachable") != std::string::npos);
  CHECK(text.find(ssh->path.witness->packet.str()) != std::string::npos);
  CHECK(text.find(ssh->location.str()) != std::string::npos);

  const LintFinding& https = report.suppressed.front().finding;
  pugi::xml_node skip =
      testcaseNamed(root.find_child_by_attribute("testsuite", "name", https.check.c_str()),
                    https.check + " " + https.element)
          .child("skipped");
  REQUIRE(skip);
  CHECK(std::string(skip.attribute("message").value()) ==
        "suppressed: Public web tier <TLS> & \"443\" is the product");
  CHECK(std::string(skip.child_value()).find(".segproof.yaml:") != std::string::npos);

  // A check without findings is one passing testcase.
  pugi::xml_node clean = root.find_child_by_attribute("testsuite", "name", "nacl-duplicate-number");
  CHECK(count(clean, "tests") == 1);
  CHECK(count(clean, "failures") == 0);

  // Internal errors while deciding path verdicts: an error CI shows.
  report.internal_errors.push_back("witness not delivered");
  parse(doc, lintJunit(report));
  pugi::xml_node internal =
      doc.child("testsuites").find_child_by_attribute("testsuite", "name", "segproof internal");
  CHECK(std::string(internal.child("testcase").child("error").attribute("type").value()) ==
        "internal");
  CHECK(count(doc.child("testsuites"), "errors") == 1);
  checkCounts(internal);
}

}  // namespace
}  // namespace segproof
