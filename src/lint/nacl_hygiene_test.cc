// Network ACL hygiene checks (nacl_hygiene.cc), on inputs read from text by
// the Terraform and CloudFormation frontends.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "frontends/frontend.h"
#include "frontends/scratch_test_util.h"
#include "lint/checks.h"
#include "lint/lint_test_util.h"
#include "lint/rules.h"

namespace segproof::lint {
namespace {

std::vector<LintFinding> lintFile(const std::string& name, const std::string& text) {
  segproof::testing::Scratch scratch("lint-nacl");
  testing::LintInput in = testing::readForLint(scratch.write(name, text));
  return naclHygieneFindings(in.context());
}

// A CloudFormation template: a VPC, the ACL "Acl" and `entries`.
std::vector<LintFinding> lintCfn(const std::string& entries) {
  return lintFile("template.yaml",
                  "AWSTemplateFormatVersion: '2010-09-09'\n"
                  "Resources:\n"
                  "  Vpc:\n"
                  "    Type: AWS::EC2::VPC\n"
                  "    Properties: {CidrBlock: 10.0.0.0/16}\n"
                  "  Acl:\n"
                  "    Type: AWS::EC2::NetworkAcl\n"
                  "    Properties: {VpcId: !Ref Vpc}\n"
                  "  Other:\n"
                  "    Type: AWS::EC2::NetworkAcl\n"
                  "    Properties: {VpcId: !Ref Vpc}\n" +
                      entries);
}

// One AWS::EC2::NetworkAclEntry; `ports` is "" (none), "443" or "400-500";
// `cidr` containing ':' is IPv6.
std::string entry(const std::string& name, int number, const std::string& action,
                  const std::string& protocol, const std::string& cidr,
                  const std::string& ports = "", bool egress = false,
                  const std::string& acl = "Acl") {
  std::string text =
      "  " + name + ":\n    Type: AWS::EC2::NetworkAclEntry\n    Properties:\n" +
      "      NetworkAclId: !Ref " + acl + "\n" + "      RuleNumber: " + std::to_string(number) +
      "\n" + "      RuleAction: " + action + "\n" + "      Protocol: " + protocol + "\n" +
      "      Egress: " + (egress ? "true" : "false") + "\n" +
      (cidr.find(':') != std::string::npos ? "      Ipv6CidrBlock: " : "      CidrBlock: ") + cidr +
      "\n";
  if (!ports.empty()) {
    auto dash = ports.find('-');
    std::string from = ports.substr(0, dash);
    std::string to = dash == std::string::npos ? from : ports.substr(dash + 1);
    text += "      PortRange: {From: " + from + ", To: " + to + "}\n";
  }
  return text;
}

std::vector<LintFinding> withCheck(const std::vector<LintFinding>& findings,
                                   const std::string& check) {
  std::vector<LintFinding> found;
  std::copy_if(findings.begin(), findings.end(), std::back_inserter(found),
               [&](const LintFinding& f) { return f.check == check; });
  return found;
}

std::vector<std::string> elements(const std::vector<LintFinding>& findings) {
  std::vector<std::string> names;
  for (const LintFinding& finding : findings) names.push_back(finding.element);
  std::sort(names.begin(), names.end());
  return names;
}

using Names = std::vector<std::string>;

TEST_CASE("nacl-rule-shadowed: a deny behind an allow of the same packets", "[lint]") {
  auto findings = lintCfn(entry("AllowAll", 100, "allow", "6", "0.0.0.0/0", "0-65535") +
                          entry("DenySsh", 200, "deny", "6", "203.0.113.0/24", "22"));
  REQUIRE(findings.size() == 1);
  const LintFinding& finding = findings[0];
  CHECK(finding.check == "nacl-rule-shadowed");
  CHECK(finding.severity == LintSeverity::kMedium);
  CHECK(finding.element == "DenySsh");
  CHECK(finding.resource == "DenySsh");
  CHECK(finding.location.line > 0);
  CHECK(finding.message ==
        "ingress rule 200 (deny tcp 22 from 203.0.113.0/24) never decides a packet: earlier rule "
        "100 (allow tcp 0-65535 from 0.0.0.0/0) matches everything it matches first; what it "
        "should deny is allowed by rule 100");
  CHECK(finding.rule == std::nullopt);
  CHECK(finding.controls.empty());
}

TEST_CASE("nacl-rule-shadowed: covered by several earlier entries together", "[lint]") {
  std::string common = entry("Low", 100, "allow", "6", "0.0.0.0/0", "0-1000") +
                       entry("High", 110, "deny", "6", "0.0.0.0/0", "1001-65535");
  auto covered = lintCfn(common + entry("Https", 120, "allow", "6", "10.0.0.0/8", "443-2000"));
  CHECK(elements(withCheck(covered, "nacl-rule-shadowed")) == Names{"Https"});
  // Udp is matched by neither.
  auto open = lintCfn(common + entry("Dns", 120, "allow", "17", "10.0.0.0/8", "53"));
  CHECK(withCheck(open, "nacl-rule-shadowed").empty());
  // The same packets in the other direction are a different list.
  auto egress = lintCfn(common + entry("Out", 120, "allow", "6", "10.0.0.0/8", "443", true));
  CHECK(withCheck(egress, "nacl-rule-shadowed").empty());
}

TEST_CASE("nacl-rule-shadowed: a lower number is earlier whatever the input order", "[lint]") {
  auto findings = lintCfn(entry("Late", 300, "allow", "6", "10.1.0.0/16", "22") +
                          entry("Early", 50, "deny", "-1", "10.0.0.0/8"));
  auto shadowed = withCheck(findings, "nacl-rule-shadowed");
  REQUIRE(elements(shadowed) == Names{"Late"});
  CHECK(shadowed[0].message.find("what it should allow is denied by rule 50") != std::string::npos);
}

TEST_CASE("nacl-rule-shadowed: IPv6 entries are judged apart from IPv4 ones, exactly", "[lint]") {
  // An IPv4 allow-all does not cover IPv6 packets.
  auto apart = lintCfn(entry("All4", 100, "allow", "-1", "0.0.0.0/0") +
                       entry("Web6", 110, "allow", "6", "2001:db8::/32", "443"));
  CHECK(withCheck(apart, "nacl-rule-shadowed").empty());
  // Two halves of 2001:db8::/32 cover it.
  auto halves = lintCfn(entry("Low6", 100, "deny", "-1", "2001:db8::/33") +
                        entry("High6", 110, "deny", "-1", "2001:db8:8000::/33") +
                        entry("Web6", 120, "allow", "6", "2001:db8::/32", "443"));
  CHECK(elements(withCheck(halves, "nacl-rule-shadowed")) == Names{"Web6"});
  // The same at /64, where the host part is exactly the low 64 bits.
  auto net64 = lintCfn(entry("Low", 100, "allow", "-1", "2001:db8:0:1::/65") +
                       entry("High", 110, "allow", "-1", "2001:db8:0:1:8000::/65") +
                       entry("Net", 120, "deny", "-1", "2001:db8:0:1::/64") +
                       entry("Wider", 130, "deny", "-1", "2001:db8::/63"));
  CHECK(elements(withCheck(net64, "nacl-rule-shadowed")) == Names{"Net"});
  // One half does not.
  auto half = lintCfn(entry("Low6", 100, "deny", "-1", "2001:db8::/33") +
                      entry("Web6", 120, "allow", "6", "2001:db8::/32", "443"));
  CHECK(withCheck(half, "nacl-rule-shadowed").empty());
}

TEST_CASE("nacl-rule-shadowed: an earlier entry with an unknown value covers nothing", "[lint]") {
  std::string tf =
      "variable \"office\" { type = string }\n"
      "resource \"aws_vpc\" \"main\" { cidr_block = \"10.0.0.0/16\" }\n"
      "resource \"aws_network_acl\" \"main\" { vpc_id = aws_vpc.main.id }\n"
      "resource \"aws_network_acl_rule\" \"office\" {\n"
      "  network_acl_id = aws_network_acl.main.id\n"
      "  rule_number = 100\n  rule_action = \"allow\"\n  protocol = \"tcp\"\n"
      "  from_port = 0\n  to_port = 65535\n  cidr_block = var.office\n}\n"
      "resource \"aws_network_acl_rule\" \"web\" {\n"
      "  network_acl_id = aws_network_acl.main.id\n"
      "  rule_number = 200\n  rule_action = \"allow\"\n  protocol = \"tcp\"\n"
      "  from_port = 443\n  to_port = 443\n  cidr_block = \"10.0.0.0/16\"\n}\n";
  auto findings = lintFile("main.tf", tf);
  CHECK(withCheck(findings, "nacl-rule-shadowed").empty());
  // The entry with the unknown CIDR is itself shadowed whatever its value.
  std::string covered =
      "variable \"office\" { type = string }\n"
      "resource \"aws_vpc\" \"main\" { cidr_block = \"10.0.0.0/16\" }\n"
      "resource \"aws_network_acl\" \"main\" {\n  vpc_id = aws_vpc.main.id\n"
      "  ingress {\n    rule_no = 100\n    action = \"deny\"\n    protocol = \"-1\"\n"
      "    from_port = 0\n    to_port = 0\n    cidr_block = \"0.0.0.0/0\"\n  }\n}\n"
      "resource \"aws_network_acl_rule\" \"office\" {\n"
      "  network_acl_id = aws_network_acl.main.id\n"
      "  rule_number = 200\n  rule_action = \"allow\"\n  protocol = \"tcp\"\n"
      "  from_port = 22\n  to_port = 22\n  cidr_block = var.office\n}\n";
  auto shadowed = withCheck(lintFile("main.tf", covered), "nacl-rule-shadowed");
  REQUIRE(elements(shadowed) == Names{"aws_network_acl_rule.office"});
  CHECK(shadowed[0].message.find("(some values not fixed by the input)") != std::string::npos);
}

TEST_CASE("nacl-rule-shadowed: Terraform inline and separate entries share one list", "[lint]") {
  std::string tf =
      "resource \"aws_vpc\" \"main\" { cidr_block = \"10.0.0.0/16\" }\n"
      "resource \"aws_network_acl\" \"main\" {\n  vpc_id = aws_vpc.main.id\n"
      "  egress {\n    rule_no = 100\n    action = \"allow\"\n    protocol = \"tcp\"\n"
      "    from_port = 1024\n    to_port = 65535\n    cidr_block = \"0.0.0.0/0\"\n  }\n}\n"
      "resource \"aws_network_acl_rule\" \"block\" {\n"
      "  network_acl_id = aws_network_acl.main.id\n  egress = true\n"
      "  rule_number = 200\n  rule_action = \"deny\"\n  protocol = \"tcp\"\n"
      "  from_port = 3306\n  to_port = 3306\n  cidr_block = \"198.51.100.0/24\"\n}\n";
  auto findings = lintFile("main.tf", tf);
  auto shadowed = withCheck(findings, "nacl-rule-shadowed");
  REQUIRE(elements(shadowed) == Names{"aws_network_acl_rule.block"});
  CHECK(shadowed[0].resource == "aws_network_acl_rule.block");
  CHECK(shadowed[0].message.find("egress rule 200 (deny tcp 3306 to 198.51.100.0/24)") == 0);
}

TEST_CASE("nacl-deny-ineffective: a deny that no later allow would undo", "[lint]") {
  auto alone = lintCfn(entry("DenySsh", 100, "deny", "6", "10.0.0.0/16", "22"));
  REQUIRE(alone.size() == 1);
  CHECK(alone[0].check == "nacl-deny-ineffective");
  CHECK(alone[0].element == "DenySsh");
  CHECK(alone[0].message ==
        "ingress rule 100 (deny tcp 22 from 10.0.0.0/16) has no effect: no later rule allows any "
        "packet it denies, so the final rule (*) of the ACL would deny them anyway");
  // A later allow of some of its packets makes it effective.
  auto effective = lintCfn(entry("DenySsh", 100, "deny", "6", "10.0.0.0/16", "22") +
                           entry("AllowVpc", 200, "allow", "6", "10.0.0.0/8", "0-65535"));
  CHECK(withCheck(effective, "nacl-deny-ineffective").empty());
  // Unless a deny in between takes them first.
  auto between = lintCfn(entry("DenySsh", 100, "deny", "6", "10.0.0.0/16", "22") +
                         entry("DenyTcp", 150, "deny", "6", "10.0.0.0/8", "0-65535") +
                         entry("AllowAll", 200, "allow", "-1", "0.0.0.0/0"));
  CHECK(elements(withCheck(between, "nacl-deny-ineffective")) == Names{"DenySsh"});
  // An allow of the other family or direction, or of another ACL, undoes nothing.
  auto elsewhere = lintCfn(entry("DenySsh", 100, "deny", "6", "10.0.0.0/16", "22") +
                           entry("All6", 200, "allow", "-1", "::/0") +
                           entry("Out", 210, "allow", "-1", "0.0.0.0/0", "", true) +
                           entry("Other", 220, "allow", "-1", "0.0.0.0/0", "", false, "Other"));
  CHECK(elements(withCheck(elsewhere, "nacl-deny-ineffective")) == Names{"DenySsh"});
}

TEST_CASE("nacl-deny-ineffective: judged for an ACL whose VPC is not in the inputs", "[lint]") {
  auto findings = lintFile("template.yaml",
                           "Resources:\n"
                           "  Acl:\n"
                           "    Type: AWS::EC2::NetworkAcl\n"
                           "    Properties: {VpcId: vpc-0123456789abcdef0}\n" +
                               entry("DenyRdp", 100, "deny", "6", "0.0.0.0/0", "3389"));
  CHECK(elements(withCheck(findings, "nacl-deny-ineffective")) == Names{"DenyRdp"});
}

TEST_CASE("nacl-deny-ineffective: a deny of everything restates the final rule", "[lint]") {
  auto findings = lintCfn(entry("DenyAll", 100, "deny", "-1", "0.0.0.0/0") +
                          entry("DenyAll6", 101, "deny", "-1", "::/0"));
  CHECK(findings.empty());
}

TEST_CASE("nacl-deny-ineffective: not judged when the ACL may have other entries", "[lint]") {
  // The ACL is not in the inputs: it may hold allows we cannot see.
  std::string by_id =
      "resource \"aws_network_acl_rule\" \"deny\" {\n"
      "  network_acl_id = \"acl-0123456789abcdef0\"\n"
      "  rule_number = 100\n  rule_action = \"deny\"\n  protocol = \"tcp\"\n"
      "  from_port = 22\n  to_port = 22\n  cidr_block = \"10.0.0.0/16\"\n}\n";
  CHECK(withCheck(lintFile("main.tf", by_id), "nacl-deny-ineffective").empty());
  // An entry whose rule number is unknown is left out of the inputs.
  std::string unknown_number =
      "variable \"n\" { type = number }\n"
      "resource \"aws_vpc\" \"main\" { cidr_block = \"10.0.0.0/16\" }\n"
      "resource \"aws_network_acl\" \"main\" { vpc_id = aws_vpc.main.id }\n"
      "resource \"aws_network_acl_rule\" \"deny\" {\n"
      "  network_acl_id = aws_network_acl.main.id\n"
      "  rule_number = 100\n  rule_action = \"deny\"\n  protocol = \"tcp\"\n"
      "  from_port = 22\n  to_port = 22\n  cidr_block = \"10.0.0.0/16\"\n}\n"
      "resource \"aws_network_acl_rule\" \"maybe\" {\n"
      "  network_acl_id = aws_network_acl.main.id\n"
      "  rule_number = var.n\n  rule_action = \"allow\"\n  protocol = \"-1\"\n"
      "  cidr_block = \"0.0.0.0/0\"\n}\n";
  CHECK(withCheck(lintFile("main.tf", unknown_number), "nacl-deny-ineffective").empty());
  // Entries counted by an unknown count: more instances may exist.
  std::string unknown_count =
      "variable \"n\" { type = number }\n"
      "resource \"aws_vpc\" \"main\" { cidr_block = \"10.0.0.0/16\" }\n"
      "resource \"aws_network_acl\" \"main\" { vpc_id = aws_vpc.main.id }\n"
      "resource \"aws_network_acl_rule\" \"deny\" {\n"
      "  network_acl_id = aws_network_acl.main.id\n"
      "  rule_number = 100\n  rule_action = \"deny\"\n  protocol = \"tcp\"\n"
      "  from_port = 22\n  to_port = 22\n  cidr_block = \"10.0.0.0/16\"\n}\n"
      "resource \"aws_network_acl_rule\" \"more\" {\n  count = var.n\n"
      "  network_acl_id = aws_network_acl.main.id\n"
      "  rule_number = 200 + count.index\n  rule_action = \"deny\"\n  protocol = \"udp\"\n"
      "  from_port = 53\n  to_port = 53\n  cidr_block = \"10.0.0.0/16\"\n}\n";
  CHECK(withCheck(lintFile("main.tf", unknown_count), "nacl-deny-ineffective").empty());
  // A later allow with an unknown CIDR may match its packets.
  std::string unknown_cidr =
      "variable \"peer\" { type = string }\n"
      "resource \"aws_vpc\" \"main\" { cidr_block = \"10.0.0.0/16\" }\n"
      "resource \"aws_network_acl\" \"main\" {\n  vpc_id = aws_vpc.main.id\n"
      "  ingress {\n    rule_no = 100\n    action = \"deny\"\n    protocol = \"tcp\"\n"
      "    from_port = 22\n    to_port = 22\n    cidr_block = \"10.0.0.0/16\"\n  }\n"
      "  ingress {\n    rule_no = 200\n    action = \"allow\"\n    protocol = \"tcp\"\n"
      "    from_port = 0\n    to_port = 65535\n    cidr_block = var.peer\n  }\n}\n";
  CHECK(withCheck(lintFile("main.tf", unknown_cidr), "nacl-deny-ineffective").empty());
  // A later deny with an unknown CIDR allows nothing (and is ineffective itself,
  // whatever its CIDR).
  std::string later_deny = unknown_cidr;
  later_deny.replace(later_deny.rfind("\"allow\""), 7, "\"deny\"");
  CHECK(elements(withCheck(lintFile("main.tf", later_deny), "nacl-deny-ineffective")) ==
        Names{"aws_network_acl.main.ingress[0]", "aws_network_acl.main.ingress[1]"});
}

TEST_CASE("nacl-duplicate-number: every entry sharing a number and direction", "[lint]") {
  auto findings = lintCfn(entry("First", 100, "allow", "6", "10.0.0.0/16", "443") +
                          entry("Second", 100, "deny", "6", "0.0.0.0/0", "22") +
                          entry("Six", 100, "allow", "6", "::/0", "443") +
                          entry("Egress", 100, "allow", "-1", "0.0.0.0/0", "", true) +
                          entry("OtherAcl", 100, "allow", "-1", "0.0.0.0/0", "", false, "Other"));
  auto duplicates = withCheck(findings, "nacl-duplicate-number");
  CHECK(elements(duplicates) == Names{"First", "Second", "Six"});
  for (const LintFinding& finding : duplicates) CHECK(finding.severity == LintSeverity::kHigh);
  auto first = std::find_if(duplicates.begin(), duplicates.end(),
                            [](const LintFinding& f) { return f.element == "First"; });
  REQUIRE(first != duplicates.end());
  CHECK(first->message.find("ingress rule number 100 of Acl is also used by Second (") == 0);
  CHECK(first->message.find("Six (") != std::string::npos);
}

TEST_CASE("nacl-duplicate-number: distinct numbers, or one per direction, are fine", "[lint]") {
  auto findings = lintCfn(entry("In", 100, "allow", "-1", "0.0.0.0/0") +
                          entry("Out", 100, "allow", "-1", "0.0.0.0/0", "", true) +
                          entry("In6", 101, "allow", "-1", "::/0"));
  CHECK(withCheck(findings, "nacl-duplicate-number").empty());
}

TEST_CASE("nacl-overlapping-entries: a partial overlap with different actions", "[lint]") {
  auto findings = lintCfn(entry("Allow", 100, "allow", "6", "10.0.0.0/16", "400-500") +
                          entry("DenyMid", 200, "deny", "6", "0.0.0.0/0", "450-475") +
                          entry("DenyOther", 300, "deny", "6", "0.0.0.0/0", "200") +
                          entry("DenyLow", 310, "deny", "6", "0.0.0.0/0", "300-400"));
  auto overlapping = withCheck(findings, "nacl-overlapping-entries");
  CHECK(elements(overlapping) == Names{"Allow", "DenyLow", "DenyMid"});
  for (const LintFinding& finding : overlapping) {
    CHECK(finding.severity == LintSeverity::kInfo);
    if (finding.element == "DenyMid")
      CHECK(finding.message ==
            "ingress rule 200 (deny tcp 450-475 from 0.0.0.0/0) loses packets it matches to "
            "earlier rule 100 (allow tcp 400-500 from 10.0.0.0/16) with the other action: their "
            "order decides");
  }
}

TEST_CASE("nacl-overlapping-entries: exceptions first, same actions, disjoint matches", "[lint]") {
  // Deny a range, then allow everyone else: the usual idiom.
  auto idiom = lintCfn(entry("DenyBad", 100, "deny", "6", "203.0.113.0/24", "443") +
                       entry("AllowWeb", 200, "allow", "6", "0.0.0.0/0", "443"));
  CHECK(withCheck(idiom, "nacl-overlapping-entries").empty());
  auto same = lintCfn(entry("A", 100, "allow", "6", "10.0.0.0/16", "400-500") +
                      entry("B", 200, "allow", "6", "0.0.0.0/0", "450-475"));
  CHECK(withCheck(same, "nacl-overlapping-entries").empty());
  auto disjoint = lintCfn(entry("A", 100, "allow", "6", "10.0.0.0/16", "0-65535") +
                          entry("B", 200, "deny", "17", "10.0.0.0/16", "53") +
                          entry("C", 300, "deny", "6", "10.1.0.0/16", "0-65535"));
  CHECK(withCheck(disjoint, "nacl-overlapping-entries").empty());
}

TEST_CASE("nacl-missing-port-range: tcp and udp entries without ports", "[lint]") {
  auto cfn = lintCfn(entry("NoPorts", 100, "allow", "6", "10.0.0.0/16") +
                     entry("AllProtocols", 140, "allow", "-1", "0.0.0.0/0") +
                     entry("WithPorts", 120, "allow", "17", "10.0.0.0/16", "53") +
                     entry("Web", 130, "allow", "6", "10.0.0.0/16", "443"));
  auto missing = withCheck(cfn, "nacl-missing-port-range");
  REQUIRE(elements(missing) == Names{"NoPorts"});
  CHECK(missing[0].severity == LintSeverity::kMedium);
  CHECK(missing[0].message.find("ingress rule 100 (tcp) of Acl: no port range is written; AWS "
                                "requires a port range") == 0);
  // The entry is not read as "every port" by the other checks: AWS rejects it, or
  // (Terraform) reads port 0 only, so it does not cover Web.
  CHECK(withCheck(cfn, "nacl-rule-shadowed").empty());

  std::string tf =
      "resource \"aws_vpc\" \"main\" { cidr_block = \"10.0.0.0/16\" }\n"
      "resource \"aws_network_acl\" \"main\" { vpc_id = aws_vpc.main.id }\n"
      "resource \"aws_network_acl_rule\" \"dns\" {\n"
      "  network_acl_id = aws_network_acl.main.id\n"
      "  rule_number = 100\n  rule_action = \"allow\"\n  protocol = \"udp\"\n"
      "  cidr_block = \"10.0.0.0/16\"\n}\n"
      "resource \"aws_network_acl_rule\" \"ping\" {\n"
      "  network_acl_id = aws_network_acl.main.id\n"
      "  rule_number = 110\n  rule_action = \"allow\"\n  protocol = \"icmp\"\n"
      "  icmp_type = 8\n  icmp_code = 0\n  cidr_block = \"10.0.0.0/16\"\n}\n";
  auto tf_missing = withCheck(lintFile("main.tf", tf), "nacl-missing-port-range");
  REQUIRE(elements(tf_missing) == Names{"aws_network_acl_rule.dns"});
  CHECK(tf_missing[0].message ==
        "ingress rule 100 (udp) of aws_network_acl.main: no port range is written; Terraform "
        "sends an absent from_port or to_port as 0, so AWS reads ports 0-0, not every port");
  // One end only.
  std::string one_end = tf;
  one_end.replace(one_end.find("  cidr_block"), 0, "  from_port = 53\n");
  auto reversed = withCheck(lintFile("main.tf", one_end), "nacl-missing-port-range");
  REQUIRE(reversed.size() == 1);
  CHECK(reversed[0].message.find("only the first port of its range is written; Terraform sends "
                                 "an absent from_port or to_port as 0, so AWS receives the "
                                 "reversed range 53-0 and rejects the entry") != std::string::npos);
}

// An independent reading for the property test below: every entry is a
// product of intervals, so two sets of entries differ on some packet exactly
// when they differ on a packet whose fields are all interval starts. The
// checks are compared with a search over those packets.
struct Probe {
  uint32_t address = 0;
  int protocol = 0;
  int port = 0;
};

bool matches(const LintRule& rule, const Probe& probe) {
  if (!rule.cidr->contains(IpAddress::v4(probe.address))) return false;
  if (rule.match->protocol == kAnyProtocol) return true;
  if (rule.match->protocol != probe.protocol) return false;
  return probe.port >= rule.match->ports.from && probe.port <= rule.match->ports.to;
}

std::vector<Probe> probesFor(const std::vector<const LintRule*>& rules) {
  std::set<uint64_t> addresses{0}, ports{0};
  for (const LintRule* rule : rules) {
    addresses.insert(rule->cidr->firstV4());
    addresses.insert(uint64_t{rule->cidr->lastV4()} + 1);
    ports.insert(static_cast<uint64_t>(rule->match->ports.from));
    ports.insert(static_cast<uint64_t>(rule->match->ports.to) + 1);
  }
  std::vector<Probe> probes;
  for (uint64_t address : addresses) {
    if (address > 0xffffffffULL) continue;
    for (int protocol : {kTcp, kUdp, 50})
      for (uint64_t port : ports)
        if (port <= 65535)
          probes.push_back({static_cast<uint32_t>(address), protocol, static_cast<int>(port)});
  }
  return probes;
}

// The entry that decides `probe` among `rules` (sorted by number), skipping `left_out`.
const LintRule* decider(const std::vector<const LintRule*>& rules, const Probe& probe,
                        const LintRule* left_out = nullptr) {
  for (const LintRule* rule : rules)
    if (rule != left_out && matches(*rule, probe)) return rule;
  return nullptr;
}

TEST_CASE("nacl hygiene agrees with a search over boundary packets", "[lint]") {
  const std::vector<std::string> cidrs = {"0.0.0.0/0",   "10.0.0.0/8",   "10.1.0.0/16",
                                          "10.1.2.0/24", "10.128.0.0/9", "192.168.0.0/16"};
  const std::vector<std::string> ranges = {"0-65535", "22",         "80-443", "400-500",
                                           "443",     "1024-65535", "0-1023"};
  const std::vector<std::string> protocols = {"-1", "6", "17"};
  std::mt19937 random(20261129);
  auto pick = [&](const std::vector<std::string>& from) {
    return from[std::uniform_int_distribution<size_t>(0, from.size() - 1)(random)];
  };
  size_t judged[3] = {0, 0, 0};  // so that the rounds are known to exercise every check
  for (int round = 0; round < 150; ++round) {
    std::string entries;
    int count = std::uniform_int_distribution<int>(2, 6)(random);
    std::vector<int> numbers;
    for (int i = 0; i < count; ++i) numbers.push_back(10 * (i + 1));
    std::shuffle(numbers.begin(), numbers.end(), random);
    for (int i = 0; i < count; ++i) {
      std::string protocol = pick(protocols);
      entries +=
          entry("E" + std::to_string(numbers[i]), numbers[i], random() % 2 ? "allow" : "deny",
                protocol, pick(cidrs), protocol == "-1" ? "" : pick(ranges));
    }
    // The reading the checks start from, sorted by number.
    segproof::testing::Scratch scratch("lint-nacl-property");
    std::string template_text =
        "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n"
        "  Acl:\n    Type: AWS::EC2::NetworkAcl\n    Properties: {VpcId: !Ref Vpc}\n" +
        entries;
    testing::LintInput in = testing::readForLint(scratch.write("t.yaml", template_text));
    const std::vector<LintRule>& all = in.rules;
    REQUIRE(all.size() == static_cast<size_t>(count));
    std::vector<const LintRule*> rules;
    for (const LintRule& rule : all) rules.push_back(&rule);
    std::sort(rules.begin(), rules.end(),
              [](const LintRule* a, const LintRule* b) { return a->number < b->number; });
    std::vector<Probe> probes = probesFor(rules);

    Names shadowed, ineffective, overlapping;
    for (const LintRule* rule : rules) {
      bool decides = std::any_of(probes.begin(), probes.end(),
                                 [&](const Probe& p) { return decider(rules, p) == rule; });
      if (!decides) {
        shadowed.push_back(rule->element);
        continue;
      }
      bool catch_all = rule->match->protocol == kAnyProtocol && rule->cidr->prefix_length == 0;
      if (rule->allow || catch_all) continue;
      bool changes = std::any_of(probes.begin(), probes.end(), [&](const Probe& p) {
        const LintRule* without = decider(rules, p, rule);
        return decider(rules, p) == rule && without && without->allow;
      });
      if (!changes) ineffective.push_back(rule->element);
    }
    for (size_t a = 0; a < rules.size(); ++a) {
      for (size_t b = a + 1; b < rules.size(); ++b) {
        const LintRule* first = rules[a];
        const LintRule* second = rules[b];
        auto is_shadowed = [&](const LintRule* r) {
          return std::count(shadowed.begin(), shadowed.end(), r->element) > 0;
        };
        if (first->allow == second->allow || is_shadowed(first) || is_shadowed(second)) continue;
        bool meet = false, outside = false;
        for (const Probe& p : probes) {
          if (decider(rules, p) != first) continue;
          (matches(*second, p) ? meet : outside) = true;
        }
        if (meet && outside) {
          overlapping.push_back(first->element);
          overlapping.push_back(second->element);
        }
      }
    }
    for (Names* names : {&shadowed, &ineffective, &overlapping}) {
      std::sort(names->begin(), names->end());
      names->erase(std::unique(names->begin(), names->end()), names->end());
    }

    LintContext context = in.context();
    std::vector<LintFinding> findings = naclHygieneFindings(context);
    INFO(template_text);
    CHECK(elements(withCheck(findings, "nacl-rule-shadowed")) == shadowed);
    CHECK(elements(withCheck(findings, "nacl-deny-ineffective")) == ineffective);
    CHECK(elements(withCheck(findings, "nacl-overlapping-entries")) == overlapping);
    judged[0] += shadowed.size();
    judged[1] += ineffective.size();
    judged[2] += overlapping.size();
  }
  CHECK(judged[0] > 20);
  CHECK(judged[1] > 20);
  CHECK(judged[2] > 20);
}

}  // namespace
}  // namespace segproof::lint
