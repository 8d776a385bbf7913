// Open-rule findings and their path verdicts, through lintInputs on
// Terraform and CloudFormation text.
#include <catch2/catch.hpp>

#include <algorithm>

#include "frontends/scratch_test_util.h"
#include "segproof/lint/lint.h"

namespace segproof {
namespace {

using testing::Scratch;

LintReport lintText(const Scratch& scratch, const std::string& file, const std::string& text,
                    bool paths = true) {
  std::string path = scratch.write(file, text);
  DiagnosticEngine diags;
  LintOptions options;
  options.path_verdicts = paths;
  options.use_config = false;
  LintReport report = lintInputs({path}, diags, options);
  INFO(diags.renderAll());
  CHECK(!diags.hasErrors());
  return report;
}

const LintFinding* findingOf(const LintReport& report, const std::string& element) {
  for (const LintFinding& f : report.findings)
    if (f.element == element && f.rule) return &f;
  return nullptr;
}

std::string exposed(const LintFinding& f) {
  std::string out;
  for (const PortRange& p : f.rule->exposed_ports)
    out += (out.empty() ? "" : ",") + std::to_string(p.from) + "-" + std::to_string(p.to);
  return out;
}

// A VPC with a public subnet (route to an internet gateway) and a private
// one (no such route), an instance with a public address in each.
const char* kNetwork = R"(
resource "aws_vpc" "main" { cidr_block = "10.0.0.0/16" }
resource "aws_internet_gateway" "igw" { vpc_id = aws_vpc.main.id }
resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.2.0/24"
}
resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.igw.id
  }
}
resource "aws_route_table_association" "public" {
  subnet_id      = aws_subnet.public.id
  route_table_id = aws_route_table.public.id
}
resource "aws_instance" "web" {
  ami                         = "ami-1"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.web.id]
}
resource "aws_instance" "db" {
  ami                         = "ami-1"
  instance_type               = "t3.micro"
  subnet_id                   = aws_subnet.private.id
  associate_public_ip_address = true
  vpc_security_group_ids      = [aws_security_group.db.id]
}
)";

TEST_CASE("lint: a security group rule open to the internet is categorised by what it opens",
          "[lint]") {
  Scratch scratch("lint-open");
  LintReport report = lintText(scratch, "main.tf", std::string(kNetwork) + R"(
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["1.2.3.4/0"]
  }
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    protocol    = "tcp"
    from_port   = 8100
    to_port     = 8200
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/8"]
  }
  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group" "db" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol    = "tcp"
    from_port   = 5432
    to_port     = 5432
    cidr_blocks = ["0.0.0.0/0"]
  }
  ingress {
    protocol         = "-1"
    from_port        = 0
    to_port          = 0
    ipv6_cidr_blocks = ["::/0"]
  }
}
)");
  const LintFinding* ssh = findingOf(report, "aws_security_group.web.ingress[0]");
  REQUIRE(ssh);
  CHECK(ssh->check == "sg-ingress-admin-port");
  CHECK(ssh->severity == LintSeverity::kCritical);
  CHECK(ssh->resource == "aws_security_group.web");
  CHECK(ssh->rule->peer == "1.2.3.4/0");
  CHECK(ssh->rule->peer_canonical == "0.0.0.0/0");
  CHECK(ssh->rule->sensitive == std::vector<std::string>{"tcp/22 (internet-management-ports)"});
  CHECK(ssh->location.line == 40);  // the first ingress block

  CHECK(findingOf(report, "aws_security_group.web.ingress[1]")->check == "sg-ingress-open");
  const LintFinding* range = findingOf(report, "aws_security_group.web.ingress[2]");
  CHECK(range->check == "sg-ingress-port-range");
  CHECK(exposed(*range) == "8100-8200");
  CHECK(findingOf(report, "aws_security_group.web.ingress[3]") == nullptr);  // private peer
  CHECK(findingOf(report, "aws_security_group.web.egress[0]")->check == "sg-egress-all-protocols");
  const LintFinding* postgres = findingOf(report, "aws_security_group.db.ingress[0]");
  CHECK(postgres->check == "sg-ingress-sensitive-port");
  CHECK(postgres->rule->sensitive == std::vector<std::string>{"tcp/5432 (internet-data-stores)"});
  const LintFinding* v6 = findingOf(report, "aws_security_group.db.ingress[1]");
  REQUIRE(v6);
  CHECK(v6->check == "sg-ingress-all-protocols");
  CHECK(v6->path.kind == PathVerdict::Kind::kNotReachable);
  CHECK(v6->path.summary == "no interface in the inputs has an IPv6 address");
}

TEST_CASE("lint: path verdicts say whether the internet reaches an interface through the rule",
          "[lint]") {
  Scratch scratch("lint-paths");
  LintReport report = lintText(scratch, "main.tf", std::string(kNetwork) + R"(
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group" "db" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol    = "tcp"
    from_port   = 5432
    to_port     = 5432
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group" "spare" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol    = "tcp"
    from_port   = 3389
    to_port     = 3389
    cidr_blocks = ["0.0.0.0/0"]
  }
}
)");
  const LintFinding* ssh = findingOf(report, "aws_security_group.web.ingress[0]");
  REQUIRE(ssh);
  REQUIRE(ssh->path.kind == PathVerdict::Kind::kReachable);
  REQUIRE(ssh->path.witness);
  CHECK(ssh->path.witness->packet.destination_port == 22);
  CHECK(ssh->path.witness->destination.find("aws_instance.web") != std::string::npos);
  // The witness names the open rule's line among its hops.
  CHECK(std::any_of(ssh->path.witness->hops.begin(), ssh->path.witness->hops.end(),
                    [&](const PathHop& hop) { return hop.location.line == ssh->location.line; }));

  // The private subnet has no route to the internet gateway.
  const LintFinding* db = findingOf(report, "aws_security_group.db.ingress[0]");
  REQUIRE(db);
  CHECK(db->path.kind == PathVerdict::Kind::kNotReachable);
  CHECK(db->path.summary.find("route") != std::string::npos);

  const LintFinding* spare = findingOf(report, "aws_security_group.spare.ingress[0]");
  REQUIRE(spare);
  CHECK(spare->path.kind == PathVerdict::Kind::kNotReachable);
  CHECK(spare->path.summary == "no interface in the inputs carries aws_security_group.spare");
}

TEST_CASE("lint: a rule is judged as written even when its group's VPC is not in the inputs",
          "[lint]") {
  Scratch scratch("lint-unplaced");
  LintReport report = lintText(scratch, "main.tf", R"(
variable "vpc_id" {}
resource "aws_security_group" "far" {
  vpc_id = var.vpc_id
  ingress {
    protocol    = "tcp"
    from_port   = 3389
    to_port     = 3389
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group_rule" "ssh" {
  type              = "ingress"
  security_group_id = var.vpc_id
  protocol          = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_blocks       = ["0.0.0.0/0"]
}
)");
  const LintFinding* rdp = findingOf(report, "aws_security_group.far.ingress[0]");
  REQUIRE(rdp);
  CHECK(rdp->check == "sg-ingress-admin-port");
  CHECK(rdp->path.kind == PathVerdict::Kind::kUnknown);
  const LintFinding* ssh = findingOf(report, "aws_security_group_rule.ssh");
  REQUIRE(ssh);
  CHECK(ssh->resource == "aws_security_group_rule.ssh");
  CHECK(ssh->rule->owner == "var.vpc_id");
  CHECK(ssh->path.kind == PathVerdict::Kind::kUnknown);
}

TEST_CASE("lint: rules with values the inputs do not fix are not judged as open", "[lint]") {
  Scratch scratch("lint-unknown");
  LintReport report = lintText(scratch, "main.tf", std::string(kNetwork) + R"(
variable "office" {}
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = [var.office]
  }
}
resource "aws_security_group" "db" { vpc_id = aws_vpc.main.id }
)");
  CHECK(findingOf(report, "aws_security_group.web.ingress[0]") == nullptr);
  REQUIRE(report.notes.size() == 1);
  CHECK(report.notes[0].find("1 rules have values the inputs do not fix") == 0);
}

TEST_CASE("lint: a network ACL allow entry opens only what earlier entries leave to it",
          "[lint]") {
  Scratch scratch("lint-acl");
  LintReport report = lintText(scratch, "main.tf", std::string(kNetwork) + R"(
resource "aws_security_group" "web" { vpc_id = aws_vpc.main.id }
resource "aws_security_group" "db" { vpc_id = aws_vpc.main.id }
resource "aws_network_acl" "edge" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [aws_subnet.public.id]
  ingress {
    rule_no    = 10
    protocol   = "tcp"
    action     = "deny"
    cidr_block = "0.0.0.0/0"
    from_port  = 20
    to_port    = 22
  }
  ingress {
    rule_no    = 20
    protocol   = "tcp"
    action     = "deny"
    cidr_block = "198.51.100.0/24"
    from_port  = 3389
    to_port    = 3389
  }
  ingress {
    rule_no    = 100
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 5000
  }
  ingress {
    rule_no    = 200
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 22
    to_port    = 22
  }
}
)");
  const LintFinding* wide = findingOf(report, "aws_network_acl.edge.ingress[2]");
  REQUIRE(wide);
  // 20-22 is denied to everyone first; 3389 only to one range, so the rest
  // of the internet still gets it through entry 100.
  CHECK(exposed(*wide) == "0-19,23-5000");
  CHECK(wide->check == "nacl-ingress-admin-port");
  CHECK(std::find(wide->rule->sensitive.begin(), wide->rule->sensitive.end(),
                  "tcp/3389 (internet-management-ports)") != wide->rule->sensitive.end());
  CHECK(std::none_of(wide->rule->sensitive.begin(), wide->rule->sensitive.end(),
                     [](const std::string& s) { return s.rfind("tcp/22 ", 0) == 0; }));
  CHECK(wide->message.find("entries 10, 20 decide first") != std::string::npos);
  // Entry 200 decides nothing: 22 was denied by entry 10.
  CHECK(findingOf(report, "aws_network_acl.edge.ingress[3]") == nullptr);
  // The instances carry groups that admit nothing: the entry's exposure ends there.
  CHECK(wide->path.kind == PathVerdict::Kind::kNotReachable);
}

TEST_CASE("lint: network ACL and egress rules get path verdicts too", "[lint]") {
  Scratch scratch("lint-acl-paths");
  LintReport report = lintText(scratch, "main.tf", std::string(kNetwork) + R"(
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol    = "tcp"
    from_port   = 3389
    to_port     = 3389
    cidr_blocks = ["203.0.113.0/24"]
  }
  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }
}
resource "aws_security_group" "db" { vpc_id = aws_vpc.main.id }
resource "aws_network_acl" "public" {
  vpc_id     = aws_vpc.main.id
  subnet_ids = [aws_subnet.public.id]
  ingress {
    rule_no    = 100
    protocol   = "tcp"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 3389
    to_port    = 3389
  }
  egress {
    rule_no    = 100
    protocol   = "-1"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}
resource "aws_network_acl" "spare" { vpc_id = aws_vpc.main.id
  ingress {
    rule_no    = 100
    protocol   = "-1"
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}
)");
  // The group admits RDP from one range of the internet: through the ACL
  // entry, that range reaches the instance.
  const LintFinding* rdp = findingOf(report, "aws_network_acl.public.ingress[0]");
  REQUIRE(rdp);
  CHECK(rdp->check == "nacl-ingress-admin-port");
  REQUIRE(rdp->path.kind == PathVerdict::Kind::kReachable);
  CHECK(rdp->path.witness->packet.destination_port == 3389);
  CHECK(rdp->path.witness->packet.source.str().rfind("203.0.113.", 0) == 0);
  const LintFinding* out = findingOf(report, "aws_security_group.web.egress[0]");
  REQUIRE(out);
  CHECK(out->check == "sg-egress-all-protocols");
  CHECK(out->path.kind == PathVerdict::Kind::kReachable);
  CHECK(out->path.witness->destination == "internet");
  const LintFinding* spare = findingOf(report, "aws_network_acl.spare.ingress[0]");
  REQUIRE(spare);
  CHECK(spare->path.kind == PathVerdict::Kind::kNotReachable);
  CHECK(spare->path.summary == "aws_network_acl.spare is associated with no subnet in the inputs");
}

TEST_CASE("lint: an instance that names no subnet gets a default subnet's public address",
          "[lint]") {
  Scratch scratch("lint-default-subnet");
  LintReport report = lintText(scratch, "main.tf", R"(
resource "aws_instance" "loose" {
  ami           = "ami-1"
  instance_type = "t3.micro"
}
resource "aws_instance" "declined" {
  ami                         = "ami-1"
  instance_type               = "t3.micro"
  associate_public_ip_address = false
}
)", false);
  std::vector<std::string> flagged;
  for (const LintFinding& f : report.findings)
    if (f.check == "instance-public-ip") flagged.push_back(f.resource);
  CHECK(flagged == std::vector<std::string>{"aws_instance.loose"});
}

TEST_CASE("lint: CloudFormation rules are findings of their group or their own resource",
          "[lint]") {
  Scratch scratch("lint-cfn");
  LintReport report = lintText(scratch, "template.yaml", R"(
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 3389, ToPort: 3389, CidrIp: 0.0.0.0/0}
  Mysql:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt Web.GroupId
      IpProtocol: tcp
      FromPort: 3306
      ToPort: 3306
      CidrIpv6: ::/0
)", false);
  const LintFinding* rdp = findingOf(report, "Web.SecurityGroupIngress[0]");
  REQUIRE(rdp);
  CHECK(rdp->resource == "Web");
  CHECK(rdp->check == "sg-ingress-admin-port");
  CHECK(rdp->path.summary == "path verdicts were not asked for (--no-paths)");
  const LintFinding* mysql = findingOf(report, "Mysql");
  REQUIRE(mysql);
  CHECK(mysql->resource == "Mysql");
  CHECK(mysql->check == "sg-ingress-sensitive-port");
}

}  // namespace
}  // namespace segproof
