// Security group, VPC, subnet and route hygiene (hygiene.cc), on Terraform
// and CloudFormation text read through the frontends.
#include <catch2/catch.hpp>
#include <filesystem>
#include <optional>

#include "aws/model_builder.h"
#include "frontends/frontend.h"
#include "frontends/scratch_test_util.h"
#include "lint/catalogue.h"
#include "lint/checks.h"
#include "lint/lint_test_util.h"

namespace segproof::lint {
namespace {

// "check element @file:line:col: message", the file without its folder.
std::string render(const LintFinding& f) {
  return f.check + " " + f.element + " @" +
         std::filesystem::path(f.location.file).filename().string() + ":" +
         std::to_string(f.location.line) + ":" + std::to_string(f.location.column) + ": " +
         f.message;
}

// Lints one file the way `segproof lint` reads it; `with_network`: with the
// network built from a normal read, as lint gives it when the inputs build.
std::vector<std::string> lintFile(const std::string& name, const std::string& text,
                                  const std::string& check, bool with_network = true) {
  segproof::testing::Scratch scratch("lint-hygiene");
  testing::LintInput in = testing::readForLint(scratch.write(name, text), with_network);
  INFO(in.diags.renderAll());
  REQUIRE(in.diags.errorCount() == 0);
  INFO(in.network_diags.renderAll());
  REQUIRE(in.network_diags.errorCount() == 0);
  LintContext context = in.context();
  std::vector<std::string> out;
  for (const LintFinding& f : hygieneFindings(context)) {
    if (f.check != check) continue;
    CHECK(f.severity == findCheck(check)->severity);
    CHECK(!f.fix.empty());
    CHECK(f.element.rfind(f.resource, 0) == 0);  // the resource, or a part of it
    // Controls and path verdicts are added later; hygiene has no rule facts.
    CHECK(!f.rule);
    CHECK(f.controls.empty());
    CHECK(f.path.kind == PathVerdict::Kind::kNotApplicable);
    out.push_back(render(f));
  }
  return out;
}

using Lines = std::vector<std::string>;

const char* kTerraformVpc = R"(
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.main.id
}
resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
)";

const char* kCfnHeader = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";

// ---- sg-duplicate-rule ------------------------------------------------------

TEST_CASE("sg-duplicate-rule: contained and identical rules, in Terraform", "[lint]") {
  std::string tf = std::string(kTerraformVpc) + R"(
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol    = "tcp"
    from_port   = 0
    to_port     = 65535
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.1.0.0/16"]
  }
  ingress {
    protocol    = "udp"
    from_port   = 53
    to_port     = 53
    cidr_blocks = ["10.1.0.0/16"]
  }
  ingress {
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["192.168.0.0/16"]
  }
  egress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.1.0.0/16"]
  }
}
resource "aws_security_group_rule" "again" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  protocol          = "tcp"
  from_port         = 0
  to_port           = 65535
  cidr_blocks       = ["10.0.0.0/8"]
}
)";
  CHECK(lintFile("main.tf", tf, "sg-duplicate-rule") ==
        Lines{"sg-duplicate-rule aws_security_group.web.ingress[1] @main.tf:21:3: ingress rule "
              "tcp/22 from 10.1.0.0/16 of aws_security_group.web is contained in "
              "aws_security_group.web.ingress[0] (tcp/all from 10.0.0.0/8): it admits "
              "nothing that rule does not",
              "sg-duplicate-rule aws_security_group_rule.again @main.tf:46:1: ingress rule "
              "tcp/all from 10.0.0.0/8 of aws_security_group.web duplicates "
              "aws_security_group.web.ingress[0]"});
}

TEST_CASE(
    "sg-duplicate-rule: all protocols contain the rest; other peers do not, in "
    "CloudFormation",
    "[lint]") {
  std::string cfn = std::string(kCfnHeader) + R"(  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Other:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: other, VpcId: !Ref Vpc}
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: "-1", CidrIp: 10.0.0.0/16}
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 10.0.5.0/24}
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, SourceSecurityGroupId: !Ref Other}
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIpv6: "fd00::/8"}
)";
  CHECK(lintFile("template.yaml", cfn, "sg-duplicate-rule") ==
        Lines{"sg-duplicate-rule Web.SecurityGroupIngress[1] @template.yaml:16:11: ingress rule "
              "tcp/80 from 10.0.5.0/24 of Web is contained in Web.SecurityGroupIngress[0] (all "
              "traffic from 10.0.0.0/16): it admits nothing that rule does not"});
}

// ---- sg-unused --------------------------------------------------------------

TEST_CASE("sg-unused: attachments, unmodelled users and peers, in Terraform", "[lint]") {
  std::string tf = std::string(kTerraformVpc) + R"(
variable "subnet_id" {}
resource "aws_security_group" "host" {
  vpc_id = aws_vpc.main.id
}
resource "aws_security_group" "lb" {
  vpc_id = aws_vpc.main.id
}
resource "aws_security_group" "template" {
  vpc_id = aws_vpc.main.id
}
resource "aws_security_group" "floating" {
  vpc_id = aws_vpc.main.id
}
resource "aws_security_group" "peer_only" {
  vpc_id = aws_vpc.main.id
}
resource "aws_security_group_rule" "from_peer" {
  type                     = "ingress"
  security_group_id        = aws_security_group.host.id
  source_security_group_id = aws_security_group.peer_only.id
  protocol                 = "tcp"
  from_port                = 443
  to_port                  = 443
}
resource "aws_instance" "host" {
  subnet_id              = aws_subnet.app.id
  vpc_security_group_ids = [aws_security_group.host.id]
}
resource "aws_lb" "front" {
  subnets         = [aws_subnet.app.id]
  security_groups = [aws_security_group.lb.id]
}
resource "aws_launch_template" "app" {
  network_interfaces {
    security_groups = [aws_security_group.template.id]
  }
}
resource "aws_instance" "unplaced" {
  subnet_id              = var.subnet_id
  vpc_security_group_ids = [aws_security_group.floating.id]
}
)";
  CHECK(lintFile("main.tf", tf, "sg-unused", false) ==
        Lines{"sg-unused aws_security_group.peer_only @main.tf:26:1: security group "
              "aws_security_group.peer_only is attached to nothing in the inputs: no instance, "
              "network interface, database or other resource names it (rules of "
              "aws_security_group.host admit its members, but naming a group in a rule "
              "attaches it to nothing)"});
}

TEST_CASE("sg-unused: an unknown value that may name any group decides nothing", "[lint]") {
  std::string tf = std::string(kTerraformVpc) + R"(
variable "public" {}
resource "aws_security_group" "a" {
  vpc_id = aws_vpc.main.id
}
resource "aws_security_group" "b" {
  vpc_id = aws_vpc.main.id
}
resource "aws_lb" "front" {
  subnets         = [aws_subnet.app.id]
  security_groups = var.public ? [aws_security_group.a.id] : [aws_security_group.b.id]
}
)";
  CHECK(lintFile("main.tf", tf, "sg-unused", false) == Lines{});
  // A variable may hold any group's id or name.
  std::string by_variable = std::string(kTerraformVpc) + R"(
variable "sg_ids" {}
resource "aws_security_group" "a" {
  vpc_id = aws_vpc.main.id
}
resource "aws_instance" "host" {
  subnet_id              = aws_subnet.app.id
  vpc_security_group_ids = var.sg_ids
}
)";
  CHECK(lintFile("main.tf", by_variable, "sg-unused", false) == Lines{});
}

TEST_CASE("sg-unused: data sources and expressions that name one group decide for that group",
          "[lint]") {
  std::string tf = std::string(kTerraformVpc) + R"(
data "aws_security_group" "shared" {
  name = "shared"
}
resource "aws_security_group" "a" {
  vpc_id = aws_vpc.main.id
}
resource "aws_security_group" "b" {
  vpc_id = aws_vpc.main.id
}
resource "aws_instance" "host" {
  subnet_id              = aws_subnet.app.id
  vpc_security_group_ids = [data.aws_security_group.shared.id]
}
resource "aws_lb" "front" {
  subnets         = [aws_subnet.app.id]
  security_groups = [for g in [aws_security_group.b] : g.id]
}
)";
  CHECK(lintFile("main.tf", tf, "sg-unused", false) ==
        Lines{"sg-unused aws_security_group.a @main.tf:16:1: security group aws_security_group.a "
              "is attached to nothing in the inputs: no instance, network interface, database or "
              "other resource names it"});
}

TEST_CASE("sg-unused: CloudFormation", "[lint]") {
  std::string cfn = std::string(kCfnHeader) + R"(  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  LbSG:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: lb, VpcId: !Ref Vpc}
  FnSG:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: fn, VpcId: !Ref Vpc}
  Spare:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: spare, VpcId: !Ref Vpc}
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [!Ref Sub]
      SecurityGroups: [!Ref LbSG]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      VpcConfig:
        SubnetIds: [!Ref Sub]
        SecurityGroupIds: [!GetAtt FnSG.GroupId]
  Sub:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}
)";
  CHECK(lintFile("template.yaml", cfn, "sg-unused", false) ==
        Lines{"sg-unused Spare @template.yaml:12:3: security group Spare is attached to nothing "
              "in the inputs: no instance, network interface, database or other resource names "
              "it"});
}

// ---- sg-missing-group -------------------------------------------------------

TEST_CASE("sg-missing-group: group ids, data sources and unknown groups, in Terraform", "[lint]") {
  std::string tf = std::string(kTerraformVpc) + R"(
data "aws_security_group" "shared" {
  name = "shared"
}
resource "aws_security_group" "web" {
  vpc_id = aws_vpc.main.id
  ingress {
    protocol        = "tcp"
    from_port       = 443
    to_port         = 443
    security_groups = ["sg-0a1b2c3d", data.aws_security_group.shared.id]
  }
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["10.0.0.0/16"]
  }
}
resource "aws_security_group_rule" "shared_in" {
  type              = "ingress"
  security_group_id = "sg-0ffff"
  protocol          = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_blocks       = ["10.0.0.0/16"]
}
)";
  CHECK(lintFile("main.tf", tf, "sg-missing-group", false) ==
        Lines{"sg-missing-group aws_security_group.web.ingress[0] @main.tf:22:5: the rule admits "
              "members of security group sg-0a1b2c3d, a group id the inputs do not define: "
              "its members are not known, so verdicts read the rule as open to every address",
              "sg-missing-group aws_security_group.web.ingress[0] @main.tf:22:5: the rule admits "
              "members of the security group 'data.aws_security_group.shared.id', which the "
              "inputs do not fix: its members are not known, so verdicts read the rule as open to "
              "every address",
              "sg-missing-group aws_security_group_rule.shared_in @main.tf:33:3: the rule "
              "belongs to security group sg-0ffff, a group id the inputs do not define: it is "
              "judged as written, without the group's other rules or members"});
}

TEST_CASE("sg-missing-group: CloudFormation imports and ids", "[lint]") {
  std::string cfn = std::string(kCfnHeader) + R"(  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Web:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: web, VpcId: !Ref Vpc}
  FromShared:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref Web
      IpProtocol: tcp
      FromPort: 443
      ToPort: 443
      SourceSecurityGroupId: !ImportValue shared-sg
  FromOffice:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !Ref Web
      IpProtocol: tcp
      FromPort: 22
      ToPort: 22
      CidrIp: 10.0.0.0/16
)";
  CHECK(lintFile("template.yaml", cfn, "sg-missing-group", false) ==
        Lines{"sg-missing-group FromShared @template.yaml:16:7: the rule admits members of the "
              "security group 'ImportValue.shared-sg', which the inputs do not fix: its members "
              "are not known, so verdicts read the rule as open to every address"});
}

// ---- default-sg-not-restricted ---------------------------------------------

TEST_CASE(
    "default-sg-not-restricted: adopted with rules, not adopted, adopted empty, in "
    "Terraform",
    "[lint]") {
  std::string tf = R"(
resource "aws_vpc" "empty" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_default_security_group" "empty" {
  vpc_id = aws_vpc.empty.id
}
resource "aws_vpc" "ruled" {
  cidr_block = "10.1.0.0/16"
}
resource "aws_default_security_group" "ruled" {
  vpc_id = aws_vpc.ruled.id
  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }
}
resource "aws_vpc" "bare" {
  cidr_block = "10.2.0.0/16"
}
)";
  CHECK(lintFile("main.tf", tf, "default-sg-not-restricted") ==
        Lines{"default-sg-not-restricted aws_default_security_group.ruled @main.tf:13:3: default "
              "security group aws_default_security_group.ruled keeps 1 rule (first: "
              "aws_default_security_group.ruled.ingress[0]); CIS AWS Foundations 5.4 asks that "
              "the default group of every VPC restrict all traffic",
              "default-sg-not-restricted aws_vpc.bare @main.tf:20:1: the default security group "
              "of VPC aws_vpc.bare is not adopted and emptied in the inputs: AWS creates it "
              "admitting all traffic from its members and allowing all outbound traffic"});
}

TEST_CASE(
    "default-sg-not-restricted: a CloudFormation VPC, and rules added to its default "
    "group",
    "[lint]") {
  std::string cfn = std::string(kCfnHeader) + R"(  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Extra:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt Vpc.DefaultSecurityGroup
      IpProtocol: tcp
      FromPort: 22
      ToPort: 22
      CidrIp: 10.0.0.0/8
)";
  std::vector<std::string> found = lintFile("template.yaml", cfn, "default-sg-not-restricted");
  CHECK(found == Lines{"default-sg-not-restricted Vpc @template.yaml:3:3: the default security "
                       "group of VPC Vpc is not adopted and emptied in the inputs: AWS creates "
                       "it admitting all traffic from its members and allowing all outbound "
                       "traffic, and 1 rule adds to it"});
}

// ---- subnet-public-ip -------------------------------------------------------

TEST_CASE("subnet-public-ip: Terraform, with the flag's location", "[lint]") {
  std::string tf = std::string(kTerraformVpc) + R"(
variable "public" {}
resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.2.0/24"
  map_public_ip_on_launch = true
}
resource "aws_subnet" "private" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.3.0/24"
  map_public_ip_on_launch = false
}
resource "aws_subnet" "maybe" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.4.0/24"
  map_public_ip_on_launch = var.public
}
)";
  CHECK(lintFile("main.tf", tf, "subnet-public-ip") ==
        Lines{"subnet-public-ip aws_subnet.public @main.tf:17:3: subnet aws_subnet.public assigns "
              "a public IPv4 address to every instance launched in it (map_public_ip_on_launch)",
              "subnet-public-ip aws_subnet.maybe @main.tf:27:3: subnet aws_subnet.maybe may "
              "assign a public IPv4 address to every instance launched in it "
              "(map_public_ip_on_launch is 'var.public', which the inputs do not fix)"});
}

TEST_CASE("subnet-public-ip: CloudFormation", "[lint]") {
  std::string cfn = std::string(kCfnHeader) + R"(  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Public:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      MapPublicIpOnLaunch: true
  Private:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24}
)";
  CHECK(lintFile("template.yaml", cfn, "subnet-public-ip") ==
        Lines{"subnet-public-ip Public @template.yaml:11:7: subnet Public assigns a public IPv4 "
              "address to every instance launched in it (map_public_ip_on_launch)"});
}

// ---- instance-public-ip -----------------------------------------------------

TEST_CASE("instance-public-ip: requests, subnets that map, Elastic IPs, in Terraform", "[lint]") {
  std::string tf = std::string(kTerraformVpc) + R"(
resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.2.0/24"
  map_public_ip_on_launch = true
}
resource "aws_instance" "asks" {
  subnet_id                   = aws_subnet.app.id
  associate_public_ip_address = true
}
resource "aws_instance" "by_subnet" {
  subnet_id = aws_subnet.public.id
}
resource "aws_instance" "declines" {
  subnet_id                   = aws_subnet.public.id
  associate_public_ip_address = false
}
resource "aws_instance" "private" {
  subnet_id = aws_subnet.app.id
}
resource "aws_network_interface" "eni" {
  subnet_id = aws_subnet.app.id
}
resource "aws_eip" "eni" {
  network_interface = aws_network_interface.eni.id
}
)";
  CHECK(lintFile("main.tf", tf, "instance-public-ip") ==
        Lines{"instance-public-ip aws_instance.asks @main.tf:20:3: instance aws_instance.asks has "
              "a public IPv4 address: it requests one (associate public IP address)",
              "instance-public-ip aws_instance.by_subnet @main.tf:22:1: instance "
              "aws_instance.by_subnet has a public IPv4 address: its subnet aws_subnet.public "
              "maps a public IPv4 address on launch and the instance does not decline it",
              "instance-public-ip aws_network_interface.eni @main.tf:35:1: network interface "
              "aws_network_interface.eni has a public IPv4 address: Elastic IP aws_eip.eni is "
              "associated with it"});
}

TEST_CASE("instance-public-ip: CloudFormation", "[lint]") {
  std::string cfn = std::string(kCfnHeader) + R"(  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}
  Public:
    Type: AWS::EC2::Instance
    Properties:
      NetworkInterfaces:
        - {DeviceIndex: 0, SubnetId: !Ref Subnet, AssociatePublicIpAddress: true}
  Private:
    Type: AWS::EC2::Instance
    Properties: {SubnetId: !Ref Subnet}
  Floating:
    Type: AWS::EC2::Instance
    Properties: {SubnetId: !Ref Subnet}
  Ip:
    Type: AWS::EC2::EIP
    Properties: {InstanceId: !Ref Floating}
)";
  Lines found = lintFile("template.yaml", cfn, "instance-public-ip");
  REQUIRE(found.size() == 2);
  CHECK(found[0].rfind("instance-public-ip Public @template.yaml:13:", 0) == 0);
  CHECK(found[0].find("it requests one") != std::string::npos);
  CHECK(found[1] ==
        "instance-public-ip Floating @template.yaml:20:3: instance Floating has a "
        "public IPv4 address: Elastic IP Ip is associated with it");
}

// ---- route-data-store-igw ---------------------------------------------------

const char* kTerraformRoutes = R"(
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_internet_gateway" "igw" {
  vpc_id = aws_vpc.main.id
}
resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.2.0/24"
}
resource "aws_subnet" "private2" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.3.0/24"
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
resource "aws_db_subnet_group" "mixed" {
  subnet_ids = [aws_subnet.public.id, aws_subnet.private.id]
}
resource "aws_db_subnet_group" "private" {
  subnet_ids = [aws_subnet.private.id, aws_subnet.private2.id]
}
resource "aws_db_instance" "exposed" {
  db_subnet_group_name = aws_db_subnet_group.mixed.name
}
resource "aws_db_instance" "hidden" {
  db_subnet_group_name = aws_db_subnet_group.private.name
}
)";

TEST_CASE("route-data-store-igw: a DB subnet group with a public subnet, in Terraform", "[lint]") {
  Lines expected{
      "route-data-store-igw aws_db_instance.exposed @main.tf:38:3: database "
      "aws_db_instance.exposed may be placed in subnet aws_subnet.public, whose route table "
      "aws_route_table.public sends 0.0.0.0/0 to internet gateway aws_internet_gateway.igw (it "
      "is not publicly accessible, so one setting is all that separates it from the internet)"};
  CHECK(lintFile("main.tf", kTerraformRoutes, "route-data-store-igw") == expected);
  // Without a network the resources as written give the same answer.
  CHECK(lintFile("main.tf", kTerraformRoutes, "route-data-store-igw", false) == expected);
}

TEST_CASE("route-data-store-igw: the main route table decides unassociated subnets", "[lint]") {
  std::string tf = std::string(kTerraformRoutes) + R"(
resource "aws_main_route_table_association" "main" {
  vpc_id         = aws_vpc.main.id
  route_table_id = aws_route_table.public.id
}
)";
  for (bool with_network : {true, false}) {
    Lines found = lintFile("main.tf", tf, "route-data-store-igw", with_network);
    REQUIRE(found.size() == 2);
    CHECK(found[0].find("may be placed in subnets aws_subnet.public, aws_subnet.private,") !=
          std::string::npos);
    CHECK(found[1].rfind("route-data-store-igw aws_db_instance.hidden ", 0) == 0);
  }
}

TEST_CASE("route-data-store-igw: CloudFormation", "[lint]") {
  std::string cfn = std::string(kCfnHeader) + R"(  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}
  A:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}
  B:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.2.0/24}
  Table:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref Vpc}
  Default:
    Type: AWS::EC2::Route
    Properties: {RouteTableId: !Ref Table, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
  AssocA:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties: {SubnetId: !Ref A, RouteTableId: !Ref Table}
  Group:
    Type: AWS::RDS::DBSubnetGroup
    Properties:
      DBSubnetGroupDescription: db
      SubnetIds: [!Ref A, !Ref B]
  Db:
    Type: AWS::RDS::DBInstance
    Properties: {DBSubnetGroupName: !Ref Group, PubliclyAccessible: true}
)";
  CHECK(lintFile("template.yaml", cfn, "route-data-store-igw") ==
        Lines{"route-data-store-igw Db @template.yaml:33:18: database Db may be placed in subnet "
              "A, whose route table Table sends 0.0.0.0/0 to internet gateway Igw (and it is "
              "publicly accessible)"});
}

// ---- route-peering-wide -----------------------------------------------------

TEST_CASE("route-peering-wide: routes wider than the peer VPC, in Terraform", "[lint]") {
  std::string tf = R"(
resource "aws_vpc" "a" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_vpc" "b" {
  cidr_block = "10.2.0.0/16"
}
resource "aws_vpc_ipv4_cidr_block_association" "b2" {
  vpc_id     = aws_vpc.b.id
  cidr_block = "10.3.0.0/16"
}
resource "aws_vpc_peering_connection" "ab" {
  vpc_id      = aws_vpc.a.id
  peer_vpc_id = aws_vpc.b.id
  auto_accept = true
}
resource "aws_route_table" "a" {
  vpc_id = aws_vpc.a.id
  route {
    cidr_block                = "10.2.0.0/16"
    vpc_peering_connection_id = aws_vpc_peering_connection.ab.id
  }
  route {
    cidr_block                = "10.0.0.0/8"
    vpc_peering_connection_id = aws_vpc_peering_connection.ab.id
  }
}
resource "aws_route" "both_blocks" {
  route_table_id            = aws_route_table.a.id
  destination_cidr_block    = "10.2.0.0/15"
  vpc_peering_connection_id = aws_vpc_peering_connection.ab.id
}
resource "aws_route_table" "b" {
  vpc_id = aws_vpc.b.id
}
resource "aws_route" "back" {
  route_table_id            = aws_route_table.b.id
  destination_cidr_block    = "10.0.0.0/15"
  vpc_peering_connection_id = aws_vpc_peering_connection.ab.id
}
resource "aws_vpc_peering_connection" "other_account" {
  vpc_id        = aws_vpc.a.id
  peer_vpc_id   = "vpc-0abc"
  peer_owner_id = "123456789012"
}
resource "aws_route" "outside_narrow" {
  route_table_id            = aws_route_table.a.id
  destination_cidr_block    = "10.9.0.0/16"
  vpc_peering_connection_id = aws_vpc_peering_connection.other_account.id
}
resource "aws_route" "outside_all" {
  route_table_id            = aws_route_table.a.id
  destination_cidr_block    = "0.0.0.0/0"
  vpc_peering_connection_id = aws_vpc_peering_connection.other_account.id
}
)";
  tf += R"(
resource "aws_route" "checkov_fail" {
  route_table_id            = "rtb-4fbb3ac4"
  destination_cidr_block    = "0.0.0.0/0"
  vpc_peering_connection_id = "pcx-45ff3dc1"
}
resource "aws_route" "checkov_pass" {
  route_table_id            = "rtb-4fbb3ac4"
  destination_cidr_block    = "10.0.1.0/22"
  vpc_peering_connection_id = "pcx-45ff3dc1"
}
)";
  CHECK(lintFile("main.tf", tf, "route-peering-wide", false) ==
        Lines{"route-peering-wide aws_route_table.a.route[1] @main.tf:24:5: the route sends "
              "10.0.0.0/8 to peering connection aws_vpc_peering_connection.ab, wider than the "
              "peer VPC aws_vpc.b (10.2.0.0/16, 10.3.0.0/16): a peering connection delivers "
              "only to the peer VPC's addresses",
              "route-peering-wide aws_route.back @main.tf:38:3: the route sends 10.0.0.0/15 to "
              "peering connection aws_vpc_peering_connection.ab, wider than the peer VPC "
              "aws_vpc.a (10.0.0.0/16): a peering connection delivers only to the peer VPC's "
              "addresses",
              "route-peering-wide aws_route.outside_all @main.tf:53:3: the route sends "
              "0.0.0.0/0 (every address) to peering connection "
              "aws_vpc_peering_connection.other_account, wider than any VPC: a peering "
              "connection delivers only to the peer VPC's addresses",
              "route-peering-wide aws_route.checkov_fail @main.tf:59:3: the route sends "
              "0.0.0.0/0 (every address) to peering connection pcx-45ff3dc1, wider than any "
              "VPC: a peering connection delivers only to the peer VPC's addresses"});
}

TEST_CASE("route-peering-wide: CloudFormation", "[lint]") {
  std::string cfn = std::string(kCfnHeader) + R"(  A:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  B:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.1.0.0/16}
  Peering:
    Type: AWS::EC2::VPCPeeringConnection
    Properties: {VpcId: !Ref A, PeerVpcId: !Ref B}
  Table:
    Type: AWS::EC2::RouteTable
    Properties: {VpcId: !Ref A}
  ToB:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Table
      DestinationCidrBlock: 10.1.0.0/16
      VpcPeeringConnectionId: !Ref Peering
  Wide:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Table
      DestinationCidrBlock: 10.0.0.0/8
      VpcPeeringConnectionId: !Ref Peering
  Shared:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Table
      DestinationCidrBlock: 10.7.0.0/16
      VpcPeeringConnectionId: pcx-0123
  Everything:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Table
      DestinationIpv6CidrBlock: "::/0"
      VpcPeeringConnectionId: pcx-0123
)";
  Lines found = lintFile("template.yaml", cfn, "route-peering-wide", false);
  REQUIRE(found.size() == 2);
  CHECK(found[1].rfind("route-peering-wide Everything @template.yaml:37:7:", 0) == 0);
  CHECK(found[1].find("sends ::/0 (every address) to peering connection pcx-0123") !=
        std::string::npos);
  CHECK(found[0].rfind("route-peering-wide Wide @template.yaml:25:7:", 0) == 0);
  CHECK(found[0].find("sends 10.0.0.0/8 to peering connection Peering, wider than the peer VPC B "
                      "(10.1.0.0/16)") != std::string::npos);
}

}  // namespace
}  // namespace segproof::lint
