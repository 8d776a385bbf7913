#include "segproof/query/assertion.h"

#include <catch2/catch.hpp>

namespace segproof {
namespace {

// Parses `text` as "q.yaml", expecting no diagnostics.
AssertionSet parseClean(const std::string& text) {
  DiagnosticEngine diags;
  AssertionSet set = parseAssertions("q.yaml", text, diags);
  INFO(diags.renderAll());
  CHECK(diags.diagnostics().empty());
  return set;
}

// Parses `text` as "q.yaml" and returns every diagnostic, rendered.
std::string parseErrors(const std::string& text) {
  DiagnosticEngine diags;
  parseAssertions("q.yaml", text, diags);
  CHECK(diags.hasErrors());
  return diags.renderAll();
}

std::vector<std::string> texts(const std::vector<Selector>& selectors) {
  std::vector<std::string> out;
  for (const Selector& s : selectors) out.push_back(s.text);
  return out;
}

using Strings = std::vector<std::string>;

const char* const kExample = R"(segproof: queries/v1
segments:
  web: {select: [tag:Tier=web], description: Web tier}
  cde: [tag:Zone=cde, subnet:cde-a]
  prod: tag:Env=prod
  test: tag:Env=test
assertions:
  - id: no-internet-ssh
    description: SSH is never reachable from the internet
    kind: unreachable
    from: internet
    to: any
    protocol: tcp
    ports: [22, 3389, 5985-5986]
    severity: critical
  - id: prod-test-isolated
    kind: isolated
    segments: [prod, test, cidr:192.168.0.0/16]
  - id: cde-inbound
    kind: only
    to: cde
    allowed:
      - {from: web, protocol: tcp, ports: 5432}
      - from: [internet, prod]
        protocol: icmp
    include_internal: true
  - id: web-up
    kind: reachable
    from: internet
    to: web
    protocol: tcp
    ports: 443
)";

// --- Well-formed files ------------------------------------------------------

TEST_CASE("segments are read in all three forms", "[query]") {
  AssertionSet set = parseClean(kExample);
  REQUIRE(set.segments.size() == 4);
  CHECK(set.segments[0].name == "web");
  CHECK(set.segments[0].description == "Web tier");
  CHECK(texts(set.segments[0].selectors) == Strings{"tag:Tier=web"});
  CHECK(set.segments[0].location.str() == "q.yaml:3:3");
  CHECK(set.segments[1].name == "cde");
  CHECK(texts(set.segments[1].selectors) == Strings{"tag:Zone=cde", "subnet:cde-a"});
  CHECK(texts(set.segments[2].selectors) == Strings{"tag:Env=prod"});
}

TEST_CASE("an unreachable assertion is read with its flow", "[query]") {
  AssertionSet set = parseClean(kExample);
  REQUIRE(set.assertions.size() == 4);
  const Assertion& a = set.assertions[0];
  CHECK(a.id == "no-internet-ssh");
  CHECK(a.description == "SSH is never reachable from the internet");
  CHECK(a.kind == AssertionKind::kUnreachable);
  CHECK(a.location.str() == "q.yaml:8:5");
  CHECK(a.severity == "critical");
  CHECK(texts(a.from) == Strings{"internet"});
  CHECK(texts(a.to) == Strings{"any"});
  CHECK(a.flow.protocol == kTcp);
  REQUIRE(a.flow.ports.size() == 3);
  CHECK(a.flow.ports[2].from == 5985);
  CHECK(a.flow.ports[2].to == 5986);
  CHECK(a.flow.text() == "tcp/22,3389,5985-5986");
}

TEST_CASE("an isolated assertion gets one segment per entry", "[query]") {
  AssertionSet set = parseClean(kExample);
  const Assertion& a = set.assertions[1];
  CHECK(a.kind == AssertionKind::kIsolated);
  CHECK(a.severity == "high");  // the default
  REQUIRE(a.segments.size() == 3);
  CHECK(a.segments[0].name == "prod");
  CHECK(texts(a.segments[0].selectors) == Strings{"tag:Env=prod"});
  CHECK(a.segments[1].name == "test");
  CHECK(a.segments[2].name == "cidr:192.168.0.0/16");
  CHECK(texts(a.segments[2].selectors) == Strings{"cidr:192.168.0.0/16"});
  CHECK(a.segments[2].location.str() == "q.yaml:18:28");
}

TEST_CASE("an only assertion reads its allowed flows", "[query]") {
  AssertionSet set = parseClean(kExample);
  const Assertion& a = set.assertions[2];
  CHECK(a.kind == AssertionKind::kOnly);
  CHECK(texts(a.to) == Strings{"tag:Zone=cde", "subnet:cde-a"});
  CHECK(a.include_internal);
  REQUIRE(a.allowed.size() == 2);
  CHECK(texts(a.allowed[0].from) == Strings{"tag:Tier=web"});
  CHECK(a.allowed[0].flow.text() == "tcp/5432");
  CHECK(a.allowed[0].location.str() == "q.yaml:23:9");
  CHECK(texts(a.allowed[1].from) == Strings{"internet", "tag:Env=prod"});
  CHECK(a.allowed[1].flow.text() == "icmp");
}

TEST_CASE("a reachable assertion is read", "[query]") {
  AssertionSet set = parseClean(kExample);
  const Assertion& a = set.assertions[3];
  CHECK(a.kind == AssertionKind::kReachable);
  CHECK(texts(a.to) == Strings{"tag:Tier=web"});
  CHECK(a.flow.text() == "tcp/443");
  CHECK_FALSE(a.include_internal);
}

TEST_CASE("expanded selectors point at their definition", "[query]") {
  AssertionSet set = parseClean(kExample);
  CHECK(set.assertions[3].to[0].location.str() == "q.yaml:3:18");
  CHECK(set.assertions[3].from[0].location.str() == "q.yaml:29:11");
}

TEST_CASE("segments may name other segments, in any order", "[query]") {
  AssertionSet set = parseClean(R"(segments:
  nonprod: [test, dev]
  test: tag:Env=test
  dev: [tag:Env=dev, resource:aws_instance.sandbox]
assertions:
  - {id: a, kind: isolated, segments: [nonprod, tag:Env=prod]}
)");
  REQUIRE(set.assertions.size() == 1);
  CHECK(texts(set.assertions[0].segments[0].selectors) ==
        Strings{"tag:Env=test", "tag:Env=dev", "resource:aws_instance.sandbox"});
}

TEST_CASE("defaults: any protocol, all ports, severity high", "[query]") {
  AssertionSet set =
      parseClean("assertions:\n  - {id: a, kind: unreachable, from: any, to: any}\n");
  REQUIRE(set.assertions.size() == 1);
  CHECK(set.assertions[0].flow.protocol == kAnyProtocol);
  CHECK(set.assertions[0].flow.ports.empty());
  CHECK(set.assertions[0].severity == "high");
}

TEST_CASE("protocols by name, in any case, or by number", "[query]") {
  auto flowOf = [](const std::string& protocol) {
    AssertionSet set = parseClean(
        "assertions:\n  - {id: a, kind: reachable, from: any, to: any, "
        "protocol: " +
        protocol + "}\n");
    REQUIRE(set.assertions.size() == 1);
    return set.assertions[0].flow;
  };
  CHECK(flowOf("udp").protocol == kUdp);
  CHECK(flowOf("TCP").protocol == kTcp);
  CHECK(flowOf("icmp").protocol == kIcmp);
  CHECK(flowOf("any").protocol == kAnyProtocol);
  CHECK(flowOf("6").protocol == kTcp);
  CHECK(flowOf("47").protocol == 47);
}

TEST_CASE("an empty allowed list allows nothing", "[query]") {
  AssertionSet set = parseClean("assertions:\n  - {id: a, kind: only, to: any, allowed: []}\n");
  REQUIRE(set.assertions.size() == 1);
  CHECK(set.assertions[0].allowed.empty());
}

TEST_CASE("a file with no assertions is an empty pack", "[query]") {
  CHECK(parseClean("assertions: []\n").assertions.empty());
  CHECK(parseClean("assertions:\n").assertions.empty());
}

TEST_CASE("flow specs describe themselves", "[query]") {
  CHECK(FlowSpec{kTcp, {{22, 22}, {3389, 3389}, {5985, 5986}}}.text() == "tcp/22,3389,5985-5986");
  CHECK(FlowSpec{kUdp, {}}.text() == "udp (all ports)");
  CHECK(FlowSpec{kTcp, {}}.text() == "tcp (all ports)");
  CHECK(FlowSpec{kIcmp, {}}.text() == "icmp");
  CHECK(FlowSpec{kAnyProtocol, {}}.text() == "any protocol");
  CHECK(FlowSpec{47, {}}.text() == "protocol 47");
}

TEST_CASE("assertion kinds have names", "[query]") {
  CHECK(std::string(assertionKindName(AssertionKind::kUnreachable)) == "unreachable");
  CHECK(std::string(assertionKindName(AssertionKind::kIsolated)) == "isolated");
  CHECK(std::string(assertionKindName(AssertionKind::kOnly)) == "only");
  CHECK(std::string(assertionKindName(AssertionKind::kReachable)) == "reachable");
}

// --- Errors -----------------------------------------------------------------

TEST_CASE("malformed YAML is a yaml-syntax error with its position", "[query]") {
  CHECK(parseErrors("assertions:\n  - id: a\n    kind: [unreachable\n") ==
        "q.yaml:4:1: error[yaml-syntax]: end of sequence flow not found\n");
  CHECK(parseErrors("assertions:\n\t- id: a\n") ==
        "q.yaml:2:2: error[yaml-syntax]: illegal block entry\n"
        "  \t- id: a\n"
        "  \t^\n");
}

TEST_CASE("a missing required key is reported at its assertion", "[query]") {
  CHECK(parseErrors("assertions:\n  - id: a\n    kind: unreachable\n    from: internet\n") ==
        "q.yaml:2:5: error[missing-key]: an 'unreachable' assertion needs the key 'to'\n"
        "    - id: a\n"
        "      ^\n");
  CHECK(parseErrors("assertions:\n  - {kind: isolated, segments: [any, internet]}\n") ==
        "q.yaml:2:5: error[missing-key]: an 'isolated' assertion needs the key 'id'\n"
        "    - {kind: isolated, segments: [any, internet]}\n"
        "      ^\n");
  CHECK(parseErrors("assertions:\n  - {id: a, to: any}\n") ==
        "q.yaml:2:5: error[missing-key]: an assertion needs the key 'kind' (unreachable, "
        "isolated, only or reachable)\n"
        "    - {id: a, to: any}\n"
        "      ^\n");
  CHECK(parseErrors("assertions:\n  - {id: a, kind: only, to: any}\n") ==
        "q.yaml:2:5: error[missing-key]: an 'only' assertion needs the key 'allowed'\n"
        "    - {id: a, kind: only, to: any}\n"
        "      ^\n");
  CHECK(parseErrors("segments: {}\n") ==
        "q.yaml:1:1: error[missing-key]: the assertion file needs the key 'assertions'\n"
        "  segments: {}\n"
        "  ^\n");
  CHECK(parseErrors("") ==
        "q.yaml:1:1: error[missing-key]: the assertion file needs the key "
        "'assertions'\n");
}

TEST_CASE("an allowed flow needs from", "[query]") {
  CHECK(parseErrors("assertions:\n  - id: a\n    kind: only\n    to: any\n"
                    "    allowed:\n      - {protocol: tcp}\n") ==
        "q.yaml:6:9: error[missing-key]: an allowed flow needs the key 'from'\n"
        "        - {protocol: tcp}\n"
        "          ^\n");
}

TEST_CASE("an unknown key is reported with a suggestion", "[query]") {
  CHECK(parseErrors("assertions:\n  - id: a\n    kind: unreachable\n    from: any\n"
                    "    to: any\n    prots: 22\n") ==
        "q.yaml:6:5: error[unknown-key]: unknown key 'prots' in an 'unreachable' assertion; "
        "did you mean 'ports'?\n"
        "      prots: 22\n"
        "      ^\n");
  CHECK(parseErrors("assertions:\n  - {id: a, kind: isolated, segments: [any, internet], "
                    "protocol: tcp}\n") ==
        "q.yaml:2:56: error[unknown-key]: unknown key 'protocol' in an 'isolated' assertion "
        "(expected id, description, kind, severity or segments)\n"
        "    - {id: a, kind: isolated, segments: [any, internet], protocol: tcp}\n"
        "                                                         ^\n");
  CHECK(parseErrors("asertions: []\n") ==
        "q.yaml:1:1: error[unknown-key]: unknown key 'asertions' in the assertion file; did "
        "you mean 'assertions'?\n"
        "  asertions: []\n"
        "  ^\n"
        "q.yaml:1:1: error[missing-key]: the assertion file needs the key 'assertions'\n"
        "  asertions: []\n"
        "  ^\n");
  CHECK(parseErrors("segments:\n  web: {selct: tag:Tier=web}\nassertions: []\n") ==
        "q.yaml:2:9: error[unknown-key]: unknown key 'selct' in segment 'web'; did you mean "
        "'select'?\n"
        "    web: {selct: tag:Tier=web}\n"
        "          ^\n"
        "q.yaml:2:8: error[missing-key]: segment 'web' needs the key 'select'\n"
        "    web: {selct: tag:Tier=web}\n"
        "         ^\n");
}

TEST_CASE("assertion ids are unique", "[query]") {
  DiagnosticEngine diags;
  AssertionSet set =
      parseAssertions("q.yaml",
                      "assertions:\n  - {id: a, kind: reachable, from: any, to: any}\n"
                      "  - {id: a, kind: reachable, from: any, to: any}\n",
                      diags);
  CHECK(diags.renderAll() ==
        "q.yaml:3:10: error[duplicate-id]: assertion id 'a' is already used (first at line 2)\n"
        "    - {id: a, kind: reachable, from: any, to: any}\n"
        "           ^\n");
  CHECK(set.assertions.size() == 1);
}

TEST_CASE("a key given twice is reported", "[query]") {
  CHECK(parseErrors("assertions:\n  - {id: a, kind: reachable, from: any, to: any, to: "
                    "internet}\n") ==
        "q.yaml:2:50: error[duplicate-key]: key 'to' appears twice in a 'reachable' assertion "
        "(first at line 2)\n"
        "    - {id: a, kind: reachable, from: any, to: any, to: internet}\n"
        "                                                   ^\n");
  CHECK(parseErrors("segments:\n  a: any\n  a: internet\nassertions: []\n") ==
        "q.yaml:3:3: error[duplicate-key]: segment 'a' is defined twice (first at line 2)\n"
        "    a: internet\n"
        "    ^\n");
}

// An unreachable assertion whose ports are `ports` (YAML text), tcp.
std::string portErrors(const std::string& ports) {
  return parseErrors(
      "assertions:\n  - {id: a, kind: unreachable, from: any, to: any, protocol: tcp, ports: " +
      ports + "}\n");
}

TEST_CASE("ports are checked", "[query]") {
  CHECK(portErrors("70000") ==
        "q.yaml:2:74: error[invalid-port]: port '70000' is out of range (0-65535)\n"
        "    - {id: a, kind: unreachable, from: any, to: any, protocol: tcp, ports: 70000}\n"
        "                                                                           ^\n");
  CHECK(portErrors("[22, 100-22]") ==
        "q.yaml:2:79: error[invalid-port]: port range '100-22' is reversed: the first port "
        "must not exceed the second\n"
        "    - {id: a, kind: unreachable, from: any, to: any, protocol: tcp, ports: [22, 100-22]}\n"
        "                                                                                ^\n");
  CHECK(portErrors("ssh").find("error[invalid-port]: 'ssh' is not a port or a port range "
                               "\"N-M\"\n") != std::string::npos);
  CHECK(portErrors("-1").find("error[invalid-port]: port '-1' is out of range") !=
        std::string::npos);
  CHECK(portErrors("1-70000").find("port '1-70000' is out of range") != std::string::npos);
  CHECK(portErrors("[]").find("error[invalid-port]: 'ports' needs a port") != std::string::npos);
  CHECK(portErrors("[[22]]").find("error[invalid-port]: expected a port") != std::string::npos);
}

TEST_CASE("port ranges accept 0, 65535 and spaces around the dash", "[query]") {
  AssertionSet set = parseClean(
      "assertions:\n  - {id: a, kind: unreachable, from: any, to: any, protocol: udp, "
      "ports: [0, 65535, \"1000 - 2000\"]}\n");
  REQUIRE(set.assertions.size() == 1);
  CHECK(set.assertions[0].flow.text() == "udp/0,65535,1000-2000");
}

TEST_CASE("ports need tcp or udp", "[query]") {
  CHECK(
      parseErrors("assertions:\n  - {id: a, kind: unreachable, from: any, to: any, ports: 22}\n") ==
      "q.yaml:2:59: error[ports-without-protocol]: ports need protocol tcp or udp (no protocol "
      "is given, so it is any)\n"
      "    - {id: a, kind: unreachable, from: any, to: any, ports: 22}\n"
      "                                                            ^\n");
  CHECK(parseErrors("assertions:\n  - id: a\n    kind: only\n    to: any\n    allowed:\n"
                    "      - {from: any, protocol: icmp, ports: 8}\n") ==
        "q.yaml:6:44: error[ports-without-protocol]: ports need protocol tcp or udp (protocol "
        "is icmp)\n"
        "        - {from: any, protocol: icmp, ports: 8}\n"
        "                                             ^\n");
}

TEST_CASE("invalid values are reported with what was expected", "[query]") {
  CHECK(parseErrors("assertions:\n  - {id: a, kind: isolate, segments: [any, internet]}\n") ==
        "q.yaml:2:19: error[invalid-value]: unknown assertion kind 'isolate'; did you mean "
        "'isolated'?\n"
        "    - {id: a, kind: isolate, segments: [any, internet]}\n"
        "                    ^\n");
  CHECK(parseErrors("assertions:\n  - {id: a, kind: forbid}\n") ==
        "q.yaml:2:19: error[invalid-value]: unknown assertion kind 'forbid' (expected "
        "unreachable, isolated, only or reachable)\n"
        "    - {id: a, kind: forbid}\n"
        "                    ^\n");
  CHECK(parseErrors("assertions:\n  - {id: a, kind: isolated, segments: [any]}\n") ==
        "q.yaml:2:39: error[invalid-value]: 'segments' needs a list of two or more segment "
        "names or selectors\n"
        "    - {id: a, kind: isolated, segments: [any]}\n"
        "                                        ^\n");
  CHECK(parseErrors("assertions:\n  - {id: a, kind: reachable, from: any, to: any, severity: "
                    "urgent}\n")
            .find("error[invalid-value]: unknown severity 'urgent' (expected critical, high, "
                  "medium or low)") != std::string::npos);
  CHECK(parseErrors("assertions:\n  - {id: a, kind: reachable, from: any, to: any, protocol: "
                    "tcpp}\n")
            .find("error[invalid-value]: unknown protocol 'tcpp'; did you mean 'tcp'?") !=
        std::string::npos);
  CHECK(parseErrors("assertions:\n  - {id: a, kind: reachable, from: any, to: any, protocol: "
                    "300}\n")
            .find("unknown protocol '300' (expected tcp, udp, icmp, any or a protocol number "
                  "0-255)") != std::string::npos);
  CHECK(parseErrors("assertions:\n  - {id: a, kind: only, to: any, allowed: [], "
                    "include_internal: maybe}\n")
            .find("error[invalid-value]: 'include_internal' must be true or false") !=
        std::string::npos);
  CHECK(parseErrors("assertions:\n  - {id: a, kind: reachable, from: [], to: any}\n")
            .find("error[invalid-value]: 'from' needs a selector, a segment name or a "
                  "non-empty list of them") != std::string::npos);
  CHECK(parseErrors("assertions: {id: a}\n")
            .find("error[invalid-value]: 'assertions' must be a list of assertions") !=
        std::string::npos);
  CHECK(parseErrors("assertions: [just-a-word]\n")
            .find("q.yaml:1:14: error[invalid-value]: expected an assertion") != std::string::npos);
  CHECK(parseErrors("- a\n- b\n").find("q.yaml:1:1: error[invalid-value]: expected a mapping") !=
        std::string::npos);
  CHECK(parseErrors("segproof: queries/v2\nassertions: []\n") ==
        "q.yaml:1:11: error[invalid-value]: unsupported format 'queries/v2' (expected "
        "queries/v1)\n"
        "  segproof: queries/v2\n"
        "            ^\n");
}

TEST_CASE("segment names and definitions are checked", "[query]") {
  CHECK(parseErrors("segments:\n  internet: tag:A=b\nassertions: []\n")
            .find("q.yaml:2:3: error[invalid-value]: invalid segment name 'internet'") !=
        std::string::npos);
  CHECK(parseErrors("segments:\n  web tier: tag:A=b\nassertions: []\n")
            .find("invalid segment name 'web tier'") != std::string::npos);
  CHECK(parseErrors("segments:\n  web: []\nassertions: []\n") ==
        "q.yaml:2:8: error[invalid-value]: segment 'web' needs a selector or a non-empty list "
        "of selectors\n"
        "    web: []\n"
        "         ^\n");
}

TEST_CASE("an unknown segment name is reported, with a suggestion when close", "[query]") {
  CHECK(parseErrors("segments:\n  web: tag:Tier=web\nassertions:\n"
                    "  - {id: a, kind: reachable, from: internet, to: wbe}\n") ==
        "q.yaml:4:50: error[unknown-segment]: unknown segment 'wbe'; did you mean 'web'?\n"
        "    - {id: a, kind: reachable, from: internet, to: wbe}\n"
        "                                                   ^\n");
  CHECK(parseErrors("assertions:\n  - {id: a, kind: reachable, from: internet, to: database}\n") ==
        "q.yaml:2:50: error[unknown-segment]: unknown segment 'database': define it under "
        "'segments', or write a selector (internet, any, resource:ADDR, tag:KEY=VALUE, "
        "subnet:ADDR, sg:ADDR, vpc:ADDR, cidr:CIDR or kind:KIND)\n"
        "    - {id: a, kind: reachable, from: internet, to: database}\n"
        "                                                   ^\n");
  CHECK(parseErrors("segments:\n  all: [web, internet]\nassertions: []\n")
            .find("q.yaml:2:9: error[unknown-segment]: unknown segment 'web'") !=
        std::string::npos);
}

TEST_CASE("an invalid selector in a file points at its node", "[query]") {
  CHECK(parseErrors("assertions:\n  - id: a\n    kind: reachable\n    from: [internet, "
                    "cidr:10.0.0.0/40]\n    to: any\n") ==
        "q.yaml:4:22: error[invalid-selector]: invalid selector 'cidr:10.0.0.0/40': prefix "
        "length '40' is out of range (0-32)\n"
        "      from: [internet, cidr:10.0.0.0/40]\n"
        "                       ^\n");
}

TEST_CASE("a segment that contains itself is reported once", "[query]") {
  CHECK(parseErrors("segments:\n  a: [b]\n  b: [tag:X=y, a]\nassertions: []\n") ==
        "q.yaml:2:3: error[segment-cycle]: segment 'a' contains itself (through the segments "
        "it names)\n"
        "    a: [b]\n"
        "    ^\n");
}

TEST_CASE("all errors of a file are reported, and bad assertions are dropped", "[query]") {
  DiagnosticEngine diags;
  AssertionSet set = parseAssertions("q.yaml",
                                     "assertions:\n"
                                     "  - {id: a, kind: reachable, from: any, to: any}\n"
                                     "  - {id: b, kind: reachable, from: nowhere, to: any}\n"
                                     "  - {id: c, kind: reachable, from: any, to: any, x: 1}\n"
                                     "  - {id: d, kind: isolated, segments: [internet, any]}\n",
                                     diags);
  CHECK(diags.errorCount() == 2);
  REQUIRE(set.assertions.size() == 2);
  CHECK(set.assertions[0].id == "a");
  CHECK(set.assertions[1].id == "d");
}

TEST_CASE("an assertion using a broken segment is dropped, the error reported once", "[query]") {
  DiagnosticEngine diags;
  AssertionSet set = parseAssertions("q.yaml",
                                     "segments:\n  web: [tag:Tier]\nassertions:\n"
                                     "  - {id: a, kind: reachable, from: web, to: any}\n"
                                     "  - {id: b, kind: reachable, from: any, to: web}\n",
                                     diags);
  CHECK(diags.renderAll() ==
        "q.yaml:2:9: error[invalid-selector]: invalid selector 'tag:Tier': expected "
        "tag:KEY=VALUE, as in tag:Env=prod\n"
        "    web: [tag:Tier]\n"
        "          ^\n");
  CHECK(set.segments.empty());
  CHECK(set.assertions.empty());
}

TEST_CASE("an empty value is reported at its key", "[query]") {
  CHECK(parseErrors("assertions:\n  - id: a\n    kind: reachable\n    from:\n    to: any\n") ==
        "q.yaml:4:5: error[invalid-value]: 'from' needs a selector, a segment name or a "
        "non-empty list of them\n"
        "      from:\n"
        "      ^\n");
}

TEST_CASE("no input crashes the parser", "[query]") {
  const std::vector<std::string> inputs = {
      "~",
      "42",
      "[",
      "{a: *b}",
      "&a [*a]",
      "assertions: &x [*x]",
      "assertions: [[1, 2], {}, ~, {kind: [1]}, {kind: {a: b}}]",
      "assertions:\n  - id: [x]\n    kind: reachable\n    from: {a: b}\n    to: [[any]]\n",
      "assertions:\n  - {id: a, kind: only, to: any, allowed: {from: any}}\n",
      "assertions:\n  - {id: a, kind: only, to: any, allowed: [1, [2], {from: ~}]}\n",
      "assertions:\n  - {id: a, kind: isolated, segments: [[a], {b: c}]}\n",
      "assertions:\n  - {id: a, kind: reachable, from: any, to: any, protocol: [tcp], ports: {}}\n",
      "segments: [a, b]\nassertions: []\n",
      "segments:\n  [a]: b\n  c: {select: {d: e}, description: [f]}\nassertions: []\n",
      "{[1]: 2, assertions: []}",
      "segproof: [1]\nassertions: []\n",
      std::string(2000, '[') + std::string(2000, ']'),
      "\xff\xfe garbage",
      "assertions: !!binary aGVsbG8=",
      "%YAML 1.2\n---\nassertions: []\n...\n---\nsecond: doc\n",
  };
  for (const std::string& input : inputs) {
    INFO(input.substr(0, 80));
    DiagnosticEngine diags;
    CHECK_NOTHROW(parseAssertions("q.yaml", input, diags));
    CHECK_NOTHROW(diags.renderAll());
  }
}

TEST_CASE("an unreadable file is reported", "[query]") {
  DiagnosticEngine diags;
  AssertionSet set = loadAssertionFile("/nonexistent/segproof/q.yaml", diags);
  CHECK(set.assertions.empty());
  CHECK(diags.renderAll() ==
        "/nonexistent/segproof/q.yaml: error[cannot-read]: cannot read assertion file "
        "'/nonexistent/segproof/q.yaml'\n");
}

// --- The built-in pack ------------------------------------------------------

TEST_CASE("the built-in pack parses cleanly", "[query]") {
  DiagnosticEngine diags;
  AssertionSet set = builtinAssertions(diags);
  INFO(diags.renderAll());
  CHECK(diags.diagnostics().empty());
  std::vector<std::string> ids;
  for (const Assertion& a : set.assertions) ids.push_back(a.id);
  CHECK(ids == Strings{"internet-management-ports", "internet-data-stores",
                       "internet-memcached-udp", "internet-legacy-file-services",
                       "internet-legacy-file-services-udp", "environments-isolated",
                       "load-balancer-management-ports", "internet-internal-load-balancers"});
  for (const Assertion& a : set.assertions) {
    INFO(a.id);
    CHECK_FALSE(a.description.empty());
    CHECK(a.location.file == "<built-in>/default.yaml");
  }
}

TEST_CASE("the built-in pack covers management ports and data stores", "[query]") {
  DiagnosticEngine diags;
  AssertionSet set = builtinAssertions(diags);
  REQUIRE(set.assertions.size() == 8);
  CHECK(set.assertions[0].flow.text() == "tcp/22,23,3389,5900,5985-5986");
  CHECK(set.assertions[0].severity == "critical");
  CHECK(texts(set.assertions[0].from) == Strings{"internet"});
  CHECK(texts(set.assertions[0].to) == Strings{"any"});
  CHECK(set.assertions[1].flow.text() ==
        "tcp/3306,5432,1433,1521,27017-27019,6379,9200-9300,11211,5984,7000-7001,9042,8086,"
        "2375-2376");
  CHECK(set.assertions[2].flow.text() == "udp/11211");
  CHECK(set.assertions[3].flow.text() == "tcp/20-21,111,135,137-139,445,2049");
  CHECK(set.assertions[3].severity == "high");
  CHECK(set.assertions[4].flow.text() == "udp/111,137-138,2049");
}

TEST_CASE("the built-in pack isolates the four environments by their usual tags", "[query]") {
  DiagnosticEngine diags;
  AssertionSet set = builtinAssertions(diags);
  REQUIRE(set.assertions.size() == 8);
  const Assertion& envs = set.assertions[5];
  CHECK(envs.kind == AssertionKind::kIsolated);
  REQUIRE(envs.segments.size() == 4);
  CHECK(envs.segments[0].name == "prod");
  CHECK(envs.segments[1].name == "staging");
  CHECK(envs.segments[2].name == "test");
  CHECK(envs.segments[3].name == "dev");
  // Every tag key, with every spelling of the value.
  const std::vector<std::pair<size_t, Strings>> values = {
      {0, {"prod", "Prod", "PROD", "production", "Production"}},
      {1, {"staging", "Staging", "stage", "Stage"}},
      {2, {"test", "Test", "testing"}},
      {3, {"dev", "Dev", "development", "Development"}},
  };
  for (const auto& [index, spellings] : values) {
    const Segment& segment = envs.segments[index];
    INFO(segment.name);
    CHECK(segment.selectors.size() == 4 * spellings.size());
    Strings selectors = texts(segment.selectors);
    for (const char* key : {"Env", "env", "Environment", "environment"}) {
      for (const std::string& value : spellings) {
        std::string selector = std::string("tag:") + key + "=" + value;
        INFO(selector);
        CHECK(std::find(selectors.begin(), selectors.end(), selector) != selectors.end());
      }
    }
  }
}

TEST_CASE("the built-in pack keeps load balancers from management ports and internals private",
          "[query]") {
  DiagnosticEngine diags;
  AssertionSet set = builtinAssertions(diags);
  REQUIRE(set.assertions.size() == 8);
  const Assertion& management = set.assertions[6];
  CHECK(management.kind == AssertionKind::kUnreachable);
  CHECK(texts(management.from) == Strings{"kind:load-balancer"});
  CHECK(texts(management.to) == Strings{"any"});
  // The same ports as internet-management-ports.
  CHECK(management.flow.text() == set.assertions[0].flow.text());
  CHECK(management.severity == "high");
  const Assertion& internal = set.assertions[7];
  CHECK(internal.kind == AssertionKind::kUnreachable);
  CHECK(texts(internal.from) == Strings{"internet"});
  REQUIRE(internal.to.size() == 1);
  CHECK(internal.to[0].kind == Selector::Kind::kEndpointKind);
  CHECK(internal.to[0].endpoint_kind == EndpointKind::kLoadBalancer);
  CHECK(internal.to[0].internet_facing == std::optional<bool>(false));
  CHECK(internal.flow.text() == "any protocol");
  CHECK(internal.severity == "high");
}

TEST_CASE("the built-in pack is the file in queries/", "[query]") {
  DiagnosticEngine builtin_diags, file_diags;
  AssertionSet builtin = builtinAssertions(builtin_diags);
  AssertionSet file =
      loadAssertionFile(std::string(SEGPROOF_SOURCE_DIR) + "/queries/default.yaml", file_diags);
  CHECK_FALSE(file_diags.hasErrors());
  REQUIRE(file.assertions.size() == builtin.assertions.size());
  for (size_t i = 0; i < file.assertions.size(); ++i) {
    CHECK(file.assertions[i].id == builtin.assertions[i].id);
    CHECK(file.assertions[i].flow.text() == builtin.assertions[i].flow.text());
  }
}

}  // namespace
}  // namespace segproof

namespace segproof {
namespace {

TEST_CASE("parsePortRange reads N and N-M within 0-65535", "[query]") {
  CHECK(parsePortRange("22")->from == 22);
  CHECK(parsePortRange("22")->to == 22);
  CHECK(parsePortRange("1024-65535")->from == 1024);
  CHECK(parsePortRange("1024-65535")->to == 65535);
  CHECK(parsePortRange("0")->to == 0);
  CHECK_FALSE(parsePortRange("65536"));
  CHECK_FALSE(parsePortRange("443-80"));
  CHECK_FALSE(parsePortRange("80-x"));
  CHECK_FALSE(parsePortRange(""));
  CHECK_FALSE(parsePortRange("-1"));
}

}  // namespace
}  // namespace segproof
