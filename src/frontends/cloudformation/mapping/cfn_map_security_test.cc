// Security groups, network ACLs and their rules from CloudFormation resources.
#include <catch2/catch.hpp>

#include "frontends/cloudformation/mapping/cfn_test_util.h"

namespace segproof::cloudformation {
namespace {

using namespace testing;

StackBuilder withVpc() {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  return b;
}

TEST_CASE("CloudFormation inline security group rules keep their own locations",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withVpc();
  b.add("DbSG", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}});
  b.add("WebSG", "AWS::EC2::SecurityGroup",
        {{"VpcId", ref("Vpc")}, {"GroupDescription", str("web")}},
        {elements("SecurityGroupIngress",
                  {{{"IpProtocol", str("TCP")},
                    {"FromPort", num(443)},
                    {"ToPort", str("443")},
                    {"CidrIp", str("0.0.0.0/0")},
                    {"Description", str("https")}},
                   {{"IpProtocol", str("tcp")},
                    {"FromPort", num(5432)},
                    {"ToPort", num(5432)},
                    {"SourceSecurityGroupId", att("DbSG.GroupId")}},
                   {{"IpProtocol", str("icmp")},
                    {"FromPort", num(-1)},
                    {"ToPort", num(-1)},
                    {"CidrIpv6", str("::/0")}},
                   {{"IpProtocol", str("-1")},
                    {"FromPort", num(22)},
                    {"ToPort", num(22)},
                    {"SourceSecurityGroupId", ref("WebSG")}}},
                  40)});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.security_groups.size() == 2);
  const aws::SecurityGroupSpec& web = r.security_groups[1];
  CHECK(web.name == "WebSG");
  CHECK(web.vpc.address == "Vpc");
  CHECK(web.vpc.location.str() == "template.yaml:22:5");
  CHECK(web.provenance.location.str() == "template.yaml:21:3");
  CHECK(web.keep_default_egress);  // no SecurityGroupEgress: CloudFormation keeps allow-all
  const auto& rules = r.security_group_rules;
  REQUIRE(rules.size() == 4);
  for (size_t i = 0; i < rules.size(); ++i) {
    INFO(i);
    CHECK(rules[i].direction == Direction::kIngress);
    CHECK(rules[i].security_group.address == "WebSG");
    CHECK(rules[i].provenance.address == "WebSG.SecurityGroupIngress[" + std::to_string(i) + "]");
    CHECK(rules[i].provenance.location.str() ==
          "template.yaml:" + std::to_string(41 + 5 * i) + ":7");
    CHECK(rules[i].unknowns.empty());
  }
  CHECK(rules[0].match.protocol.value == "tcp");
  CHECK(rules[0].match.from_port->value == 443);
  CHECK(rules[0].match.to_port->value == 443);
  CHECK(rules[0].match.to_port->location.str() == "template.yaml:44:9");
  CHECK(rules[0].cidr->value == "0.0.0.0/0");
  CHECK(rules[0].description == "https");
  CHECK(rules[1].peer_group.address == "DbSG");
  CHECK(rules[1].peer_group.location.str() == "template.yaml:50:9");
  CHECK(rules[2].match.protocol.value == "icmp");
  CHECK(rules[2].match.from_port->value == -1);  // any ICMP type
  CHECK(rules[2].cidr->value == "::/0");
  CHECK(rules[3].match.protocol.value == "-1");
  CHECK(!rules[3].match.from_port);  // -1: every port, whatever FromPort says
  CHECK(rules[3].self);
}

TEST_CASE("CloudFormation default egress: kept, replaced inline, removed by an egress resource",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withVpc();
  b.add("Kept", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}});
  b.add("Inline", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}},
        {elements("SecurityGroupEgress",
                  {{{"IpProtocol", str("tcp")},
                    {"FromPort", num(443)},
                    {"ToPort", num(443)},
                    {"DestinationPrefixListId", ref("S3List")}}},
                  30)});
  b.add("Standalone", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}});
  b.add("EmptyEgress", "AWS::EC2::SecurityGroup",
        {{"VpcId", ref("Vpc")}, {"SecurityGroupEgress", list({})}});
  b.add("StandaloneEgress", "AWS::EC2::SecurityGroupEgress",
        {{"GroupId", att("Standalone.GroupId")},
         {"IpProtocol", str("udp")},
         {"FromPort", num(53)},
         {"ToPort", num(53)},
         {"DestinationSecurityGroupId", att("Kept.GroupId")}});
  b.add("StandaloneIngress", "AWS::EC2::SecurityGroupIngress",
        {{"GroupId", ref("Kept")},
         {"IpProtocol", num(6)},
         {"FromPort", num(80)},
         {"ToPort", num(80)},
         {"SourcePrefixListId", ref("S3List")}});
  b.add("S3List", "AWS::EC2::PrefixList", {{"AddressFamily", str("IPv4")}},
        {elements("Entries", {{{"Cidr", str("52.216.0.0/15")}}}, 85)});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.security_groups.size() == 4);
  CHECK(r.security_groups[0].keep_default_egress);
  CHECK(!r.security_groups[1].keep_default_egress);
  CHECK(!r.security_groups[2].keep_default_egress);
  CHECK(r.security_groups[3].keep_default_egress);  // an empty list adds no egress rule
  REQUIRE(r.security_group_rules.size() == 3);
  const auto& inline_rule = r.security_group_rules[0];
  CHECK(inline_rule.direction == Direction::kEgress);
  CHECK(inline_rule.prefix_list.address == "S3List");
  const auto& egress = r.security_group_rules[2];  // ingress resources come first
  CHECK(egress.provenance.address == "StandaloneEgress");
  CHECK(egress.provenance.location.str() == "template.yaml:51:3");
  CHECK(egress.security_group.address == "Standalone");
  CHECK(egress.direction == Direction::kEgress);
  CHECK(egress.peer_group.address == "Kept");
  const auto& ingress = r.security_group_rules[1];
  CHECK(ingress.security_group.address == "Kept");
  CHECK(ingress.match.protocol.value == "6");
  CHECK(ingress.prefix_list.address == "S3List");
  REQUIRE(r.prefix_lists.size() == 1);
  CHECK(r.prefix_lists[0].entries[0].value == "52.216.0.0/15");
  CHECK(r.prefix_lists[0].entries[0].location.str() == "template.yaml:87:9");
}

TEST_CASE("CloudFormation unknown rule values are widened and listed",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withVpc();
  b.add("WebSG", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}},
        {elements("SecurityGroupIngress",
                  {{{"IpProtocol", str("tcp")},
                    {"FromPort", unknown("Parameters.Port")},
                    {"ToPort", unknown("Parameters.Port")},
                    {"CidrIp", unknown("Parameters.OfficeCidr")}},
                   {{"IpProtocol", unknown("Parameters.Protocol")},
                    {"SourceSecurityGroupId", str("sg-0123")}},
                   {{"IpProtocol", str("tcp")},
                    {"FromPort", num(443)},
                    {"ToPort", num(443)},
                    {"CidrIpv6", unknown("ImportValue.OfficeV6")}}},
                  20)});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  REQUIRE(diags.renderAll() == "");
  const auto& rules = r.security_group_rules;
  REQUIRE(rules.size() == 3);
  CHECK(!rules[0].match.from_port);
  CHECK(!rules[0].match.to_port);
  CHECK(rules[0].cidr->value == "0.0.0.0/0");
  REQUIRE(rules[0].unknowns.size() == 3);
  CHECK(rules[0].unknowns[0].description == "Parameters.Port");
  CHECK(rules[0].unknowns[0].location.str() == "template.yaml:23:9");
  CHECK(rules[0].unknowns[2].description == "Parameters.OfficeCidr");
  CHECK(rules[1].match.protocol.value == "-1");
  CHECK(rules[1].cidr->value == "0.0.0.0/0");
  CHECK(!rules[1].peer_group.given());
  REQUIRE(rules[1].unknowns.size() == 2);
  CHECK(rules[1].unknowns[0].description == "Parameters.Protocol");
  CHECK(rules[1].unknowns[1].description == "sg-0123");
  CHECK(rules[2].cidr->value == "::/0");
  CHECK(rules[2].match.from_port->value == 443);
  REQUIRE(rules[2].unknowns.size() == 1);
}

TEST_CASE("CloudFormation unknown rule lists, group names and list elements",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withVpc();
  b.add("Legacy", "AWS::EC2::SecurityGroup",
        {{"VpcId", ref("Vpc")},
         {"GroupName", str("legacy")},
         {"SecurityGroupIngress", unknown("Parameters.Rules")}});
  Resource& mixed = b.add("Mixed", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}});
  // A list with an unknown element: the reader gives no block for it, so the
  // objects are located at the property.
  mixed.properties.attributes["SecurityGroupEgress"] = {
      list({object({{"IpProtocol", str("tcp")},
                    {"FromPort", num(443)},
                    {"ToPort", num(443)},
                    {"DestinationSecurityGroupId", ref("Legacy")}}),
            unknown("Parameters.ExtraRule")}),
      rangeAt(30, 5)};
  b.add("ByName", "AWS::EC2::SecurityGroupIngress",
        {{"GroupId", ref("Mixed")},
         {"IpProtocol", str("tcp")},
         {"FromPort", num(22)},
         {"ToPort", num(22)},
         {"SourceSecurityGroupName", str("legacy")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.security_groups.size() == 2);
  CHECK(r.security_groups[0].keep_default_egress);
  CHECK(!r.security_groups[1].keep_default_egress);
  const auto& rules = r.security_group_rules;
  REQUIRE(rules.size() == 4);
  CHECK(rules[0].security_group.address == "Legacy");
  CHECK(rules[0].provenance.address == "Legacy.SecurityGroupIngress");
  CHECK(rules[0].match.protocol.value == "-1");
  CHECK(rules[0].cidr->value == "0.0.0.0/0");
  REQUIRE(rules[0].unknowns.size() == 1);
  CHECK(rules[0].unknowns[0].description == "Parameters.Rules");
  CHECK(rules[1].provenance.address == "Mixed.SecurityGroupEgress");
  CHECK(rules[1].unknowns[0].description == "Parameters.ExtraRule");
  CHECK(rules[2].provenance.address == "Mixed.SecurityGroupEgress[0]");
  CHECK(rules[2].provenance.location.str() == "template.yaml:30:5");
  CHECK(rules[2].peer_group.address == "Legacy");
  CHECK(!rules[2].cidr);  // one peer per rule, not the widened one's CIDR
  CHECK(rules[2].unknowns.empty());
  CHECK(rules[3].peer_group.address == "Legacy");
}

TEST_CASE("CloudFormation rules without a peer, with two peers, or mistyped",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withVpc();
  b.add(
      "WebSG", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}},
      {elements(
          "SecurityGroupIngress",
          {{{"IpProtocol", str("tcp")}, {"FromPort", num(80)}, {"ToPort", num(80)}},
           {{"IpProtocol", str("tcp")}, {"CidrIp", str("10.0.0.0/8")}, {"CidrIpv6", str("::/0")}},
           {{"IpProtocol", str("tcp")}, {"FromPort", str("eighty")}, {"CidrIp", str("10.0.0.0/8")}},
           {{"CidrIp", str("10.0.0.0/8")}}},
          20)});
  b.add("Orphan", "AWS::EC2::SecurityGroupIngress",
        {{"IpProtocol", str("tcp")}, {"CidrIp", str("10.0.0.0/8")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:21:7: warning[cfn-invalid]: WebSG.SecurityGroupIngress[0]: the rule names "
        "no source or destination and is ignored\n"
        "template.yaml:29:9: error[cfn-invalid]: WebSG (AWS::EC2::SecurityGroup): rule "
        "WebSG.SecurityGroupIngress[1] names both CidrIp and CidrIpv6; a rule takes exactly one "
        "source or destination\n"
        "template.yaml:33:9: error[cfn-invalid]: WebSG (AWS::EC2::SecurityGroup): expected a "
        "whole number for FromPort, found \"eighty\"\n"
        "template.yaml:36:7: error[cfn-invalid]: WebSG (AWS::EC2::SecurityGroup): missing "
        "required property IpProtocol\n"
        "template.yaml:21:3: error[cfn-invalid]: Orphan (AWS::EC2::SecurityGroupIngress): missing "
        "required property GroupId\n");
  CHECK(r.security_group_rules.empty());
}

TEST_CASE("CloudFormation security groups outside the template or without VpcId",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b;
  b.add("Shared", "AWS::EC2::SecurityGroup", {{"VpcId", unknown("ImportValue.SharedVpc")}});
  b.add("Classic", "AWS::EC2::SecurityGroup", {{"GroupName", str("legacy")}});
  b.add("ToShared", "AWS::EC2::SecurityGroupIngress",
        {{"GroupId", ref("Shared")}, {"IpProtocol", str("-1")}, {"CidrIp", str("10.0.0.0/8")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:2:5: warning[unknown-value]: 'ImportValue.SharedVpc' is not known: Shared "
        "is left out\n"
        "template.yaml:11:3: note[cfn-default-vpc]: Classic names no VpcId: AWS creates it in the "
        "region's default VPC, which segproof adds as \"default VPC\" (172.31.0.0/16)\n"
        "template.yaml:22:5: warning[unknown-value]: 'Shared.Ref' is not known: ToShared is left "
        "out\n");
  REQUIRE(r.vpcs.size() == 1);
  CHECK(r.vpcs[0].name == "default VPC");
  REQUIRE(r.security_groups.size() == 1);
  CHECK(r.security_groups[0].vpc.address == "default VPC");
  CHECK(r.uncertainties.size() == 2);
}

TEST_CASE("CloudFormation network ACLs, entries and associations",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withVpc();
  b.add("Subnet", "AWS::EC2::Subnet", {{"VpcId", ref("Vpc")}, {"CidrBlock", str("10.0.1.0/24")}});
  b.add("Acl", "AWS::EC2::NetworkAcl", {{"VpcId", ref("Vpc")}});
  b.add("AllowHttps", "AWS::EC2::NetworkAclEntry",
        {{"NetworkAclId", ref("Acl")},
         {"RuleNumber", num(100)},
         {"Protocol", num(6)},
         {"RuleAction", str("allow")},
         {"CidrBlock", str("0.0.0.0/0")},
         {"PortRange", object({{"From", num(443)}, {"To", num(443)}})}});
  b.add("Replies", "AWS::EC2::NetworkAclEntry",
        {{"NetworkAclId", ref("Acl")},
         {"RuleNumber", str("110")},
         {"Protocol", num(-1)},
         {"Egress", str("true")},
         {"RuleAction", str("Deny")},
         {"CidrBlock", unknown("Parameters.Office")},
         {"PortRange", object({{"From", num(1)}, {"To", num(2)}})}});
  b.add("Ping", "AWS::EC2::NetworkAclEntry",
        {{"NetworkAclId", ref("Acl")},
         {"RuleNumber", num(120)},
         {"Protocol", num(1)},
         {"RuleAction", str("allow")},
         {"Ipv6CidrBlock", str("::/0")},
         {"Icmp", object({{"Type", num(8)}, {"Code", num(-1)}})}});
  b.add("Placed", "AWS::EC2::NetworkAclEntry",
        {{"NetworkAclId", ref("Acl")},
         {"RuleNumber", unknown("Parameters.Number")},
         {"Protocol", num(-1)},
         {"RuleAction", str("allow")},
         {"CidrBlock", str("0.0.0.0/0")}});
  b.add("Assoc", "AWS::EC2::SubnetNetworkAclAssociation",
        {{"SubnetId", ref("Subnet")}, {"NetworkAclId", ref("Acl")}});
  b.add("DefaultAssoc", "AWS::EC2::SubnetNetworkAclAssociation",
        {{"SubnetId", ref("Subnet")}, {"NetworkAclId", att("Vpc.DefaultNetworkAcl")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:63:5: warning[unknown-value]: 'Parameters.Number' is not known: network "
        "ACL entry Placed is left out\n");
  REQUIRE(r.network_acls.size() == 1);
  CHECK(r.network_acls[0].vpc.address == "Vpc");
  const auto& rules = r.network_acl_rules;
  REQUIRE(rules.size() == 3);
  CHECK(rules[0].provenance.address == "AllowHttps");
  CHECK(rules[0].network_acl.address == "Acl");
  CHECK(rules[0].direction == Direction::kIngress);
  CHECK(rules[0].number.value == 100);
  CHECK(rules[0].action.value == "allow");
  CHECK(rules[0].match.protocol.value == "6");
  CHECK(rules[0].match.from_port->value == 443);
  CHECK(rules[0].match.to_port->location.str() == "template.yaml:37:5");
  CHECK(rules[0].cidr.value == "0.0.0.0/0");
  CHECK(rules[1].direction == Direction::kEgress);
  CHECK(rules[1].number.value == 110);
  CHECK(rules[1].action.value == "deny");
  CHECK(!rules[1].match.from_port);  // -1: all ports
  CHECK(rules[1].cidr.value == "0.0.0.0/0");
  REQUIRE(rules[1].unknowns.size() == 1);
  CHECK(rules[1].unknowns[0].description == "Parameters.Office");
  CHECK(rules[2].match.icmp_type->value == 8);
  CHECK(rules[2].match.icmp_code->value == -1);
  CHECK(!rules[2].match.from_port);
  CHECK(rules[2].cidr.value == "::/0");
  REQUIRE(r.network_acl_associations.size() == 2);
  CHECK(r.network_acl_associations[0].subnet.address == "Subnet");
  CHECK(r.network_acl_associations[0].network_acl.address == "Acl");
  CHECK(r.network_acl_associations[1].network_acl.address == "Vpc/default-network-acl");
}

TEST_CASE("CloudFormation network ACL entries with missing or mistyped properties",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withVpc();
  b.add("Acl", "AWS::EC2::NetworkAcl", {{"VpcId", ref("Vpc")}});
  b.add("NoAction", "AWS::EC2::NetworkAclEntry",
        {{"NetworkAclId", ref("Acl")}, {"RuleNumber", num(100)}, {"Protocol", num(6)}});
  b.add("BadRange", "AWS::EC2::NetworkAclEntry",
        {{"NetworkAclId", ref("Acl")},
         {"RuleNumber", num(100)},
         {"Protocol", num(6)},
         {"RuleAction", str("allow")},
         {"CidrBlock", str("0.0.0.0/0")},
         {"PortRange", strs({"80"})}});
  b.add("NoCidr", "AWS::EC2::NetworkAclEntry",
        {{"NetworkAclId", ref("Acl")},
         {"RuleNumber", num(100)},
         {"Protocol", num(6)},
         {"RuleAction", str("allow")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:21:3: error[cfn-invalid]: NoAction (AWS::EC2::NetworkAclEntry): missing "
        "required property RuleAction\n"
        "template.yaml:37:5: error[cfn-invalid]: BadRange (AWS::EC2::NetworkAclEntry): expected "
        "an object for PortRange, found a list\n"
        "template.yaml:41:3: error[cfn-invalid]: NoCidr (AWS::EC2::NetworkAclEntry): needs "
        "CidrBlock or Ipv6CidrBlock\n");
  CHECK(r.network_acl_rules.empty());
}

TEST_CASE("for lint, a CloudFormation rule's outside group is kept as an unknown peer",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withVpc();
  b.add("WebSG", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}});
  b.add("FromShared", "AWS::EC2::SecurityGroupIngress",
        {{"GroupId", ref("WebSG")},
         {"IpProtocol", str("tcp")},
         {"FromPort", num(443)},
         {"ToPort", num(443)},
         {"SourceSecurityGroupId", unknown("ImportValue.shared-sg")}});
  b.add("FromOffice", "AWS::EC2::SecurityGroupIngress",
        {{"GroupId", ref("WebSG")},
         {"IpProtocol", str("tcp")},
         {"FromPort", num(22)},
         {"ToPort", num(22)},
         {"CidrIp", unknown("Parameters.Office")}});
  for (bool keep : {false, true}) {
    DiagnosticEngine diags;
    aws::Resources out;
    out.keep_unplaced = keep;
    mapCloudFormation(b.stack, out, diags);
    REQUIRE(out.security_group_rules.size() == 2);
    const aws::Ref& shared = out.security_group_rules[0].peer_group;
    CHECK(out.security_group_rules[0].cidr->value == "0.0.0.0/0");
    CHECK(shared.given() == keep);
    if (keep) CHECK((shared.address == "ImportValue.shared-sg" && shared.unknown));
    CHECK(!out.security_group_rules[1].peer_group.given());  // an unknown CIDR names no group
  }
}

// `segproof drift` matches groups by the name AWS knows them by (docs/drift.md).
TEST_CASE("CloudFormation GroupName becomes the group's cloud name",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withVpc();
  b.add("WebSG", "AWS::EC2::SecurityGroup",
        {{"VpcId", ref("Vpc")}, {"GroupName", str("prod-web")}});
  b.add("DbSG", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  REQUIRE(r.security_groups.size() == 2);
  CHECK(r.security_groups[0].provenance.cloud_name == "prod-web");
  CHECK(r.security_groups[1].provenance.cloud_name == "");  // CloudFormation names it
}

}  // namespace
}  // namespace segproof::cloudformation
