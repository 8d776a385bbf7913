// How wide rules are, whatever their peer (rule_shape.cc), on Terraform and
// CloudFormation text read through the frontends.
#include <catch2/catch.hpp>
#include <filesystem>

#include "frontends/frontend.h"
#include "frontends/scratch_test_util.h"
#include "lint/catalogue.h"
#include "lint/checks.h"
#include "lint/lint_test_util.h"

namespace segproof::lint {
namespace {

// "check element: message" for every rule-shape finding of one file.
std::vector<std::string> shapes(const std::string& name, const std::string& text) {
  segproof::testing::Scratch scratch("lint-shape");
  testing::LintInput in = testing::readForLint(scratch.write(name, text));
  INFO(in.diags.renderAll());
  REQUIRE(in.diags.errorCount() == 0);
  std::vector<std::string> out;
  for (const LintFinding& f : ruleShapeFindings(in.context())) {
    CHECK(f.severity == LintSeverity::kInfo);
    CHECK(!f.fix.empty());
    REQUIRE(f.rule);
    CHECK(!f.rule->open);  // no path verdict: the peer is not the internet
    CHECK(f.rule->exposed_ports.empty());
    out.push_back(f.check + " " + f.element + ": " + f.message);
  }
  return out;
}

TEST_CASE("security group rules: all protocols and port ranges, whatever the peer") {
  auto found = shapes("main.tf", R"(
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_security_group" "app" {
  vpc_id = aws_vpc.v.id
  ingress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["10.0.0.0/16"]
  }
  ingress {
    protocol        = "tcp"
    from_port       = 8000
    to_port         = 8080
    security_groups = [aws_security_group.lb.id]
  }
  ingress {
    protocol  = "tcp"
    from_port = 443
    to_port   = 443
    self      = true
  }
  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group" "lb" { vpc_id = aws_vpc.v.id }
)");
  // The egress rule to 0.0.0.0/0 is an open rule (sg-egress-all-protocols),
  // not a shape finding; the single port from its own group is neither.
  REQUIRE(found.size() == 2);
  CHECK(found[0] ==
        "sg-rule-all-protocols aws_security_group.app.ingress[0]: security group rule admits all "
        "traffic from 10.0.0.0/16");
  CHECK(found[1] ==
        "sg-rule-port-range aws_security_group.app.ingress[1]: security group rule admits "
        "tcp/8000-8080 from group aws_security_group.lb: a range of 81 ports");
}

TEST_CASE("a loopback egress rule allows nothing and is not a finding") {
  auto found = shapes("template.yaml", R"(
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  NoEgress:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: no egress
      VpcId: !Ref Vpc
      SecurityGroupEgress:
        - {IpProtocol: "-1", CidrIp: 127.0.0.1/32}
        - {IpProtocol: "-1", CidrIp: 25.0.0.0/8}
)");
  REQUIRE(found.size() == 1);
  CHECK(found[0].rfind("sg-rule-all-protocols NoEgress.SecurityGroupEgress[1]:", 0) == 0);
}

TEST_CASE("a rule whose peer group is not declared is judged by its shape") {
  auto found = shapes("template.yaml", R"(
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Target:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: t, VpcId: !Ref Vpc}
  InboundRule:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt Target.GroupId
      IpProtocol: tcp
      FromPort: 0
      ToPort: 65535
      SourceSecurityGroupId: sg-0123456789abcdef0
)");
  REQUIRE(found.size() == 1);
  CHECK(found[0].find("sg-rule-port-range InboundRule:") == 0);
  CHECK(found[0].find("a range of 65536 ports") != std::string::npos);
}

TEST_CASE("network ACL entries: all protocols, every tcp/udp port") {
  auto found = shapes("main.tf", R"(
resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }
resource "aws_network_acl" "a" {
  vpc_id = aws_vpc.v.id
  ingress {
    rule_no    = 100
    protocol   = "-1"
    action     = "allow"
    cidr_block = "10.0.0.0/16"
    from_port  = 0
    to_port    = 0
  }
  ingress {
    rule_no    = 110
    protocol   = "udp"
    action     = "allow"
    cidr_block = "172.16.0.0/12"
    from_port  = 0
    to_port    = 65535
  }
  ingress {
    rule_no    = 120
    protocol   = "tcp"
    action     = "deny"
    cidr_block = "192.168.0.0/16"
    from_port  = 0
    to_port    = 65535
  }
  ingress {
    rule_no    = 130
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 65535
  }
  egress {
    rule_no    = 100
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 65535
  }
}
)");
  // The deny is not a finding; every tcp port in from the internet is an
  // open rule (nacl-ingress-port-range), not a shape finding.
  REQUIRE(found.size() == 3);
  INFO(found[2]);
  CHECK(found[0].rfind("nacl-entry-all-protocols aws_network_acl.a.ingress[0]: network ACL entry "
                       "100 allows all traffic in from 10.0.0.0/16",
                       0) == 0);
  CHECK(found[1].rfind("nacl-entry-all-ports aws_network_acl.a.ingress[1]:", 0) == 0);
  CHECK(found[2].rfind("nacl-entry-all-ports aws_network_acl.a.egress[0]: network ACL entry 100 "
                       "allows tcp/all out to 0.0.0.0/0: every tcp port",
                       0) == 0);
}

}  // namespace
}  // namespace segproof::lint
