// Groups named by resources the model does not carry (other_group_uses).
#include <catch2/catch.hpp>

#include "frontends/cloudformation/mapping/cfn_test_util.h"

namespace segproof::cloudformation {
namespace {

using namespace testing;

std::vector<std::string> uses(const aws::Resources& r) {
  std::vector<std::string> out;
  for (const aws::Ref& ref : r.other_group_uses)
    out.push_back((ref.unknown ? "unknown " : "") + ref.address + " at " + ref.location.str());
  return out;
}

StackBuilder withGroups() {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("Subnet", "AWS::EC2::Subnet", {{"VpcId", ref("Vpc")}, {"CidrBlock", str("10.0.1.0/24")}});
  b.add("LbSG", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}});
  b.add("FnSG", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}});
  b.add("HostSG", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}});
  return b;
}

TEST_CASE("CloudFormation groups named by unmodelled resources are recorded as used",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withGroups();
  // Left out (an unknown subnet list): its groups are in use all the same.
  b.add("Lb", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"SecurityGroups", list({ref("LbSG"), att("Vpc.DefaultSecurityGroup")})},
         {"Subnets", unknown("Parameters.LbSubnets")}});
  // Left out (an unknown subnet list): its groups are in use all the same.
  b.add("Fn", "AWS::Lambda::Function",
        {{"VpcConfig",
          object({{"SecurityGroupIds", list({att("FnSG.GroupId"), unknown("Parameters.ExtraSg")})},
                  {"SubnetIds", unknown("Parameters.FnSubnets")}})}});
  // Left out (an unknown subnet): its groups are in use all the same.
  b.add("Host", "AWS::EC2::Instance",
        {{"SubnetId", unknown("ImportValue.AppSubnet")},
         {"SecurityGroupIds", list({att("HostSG.GroupId")})}});
  // Rules name peers, not attachments.
  b.add("FromLb", "AWS::EC2::SecurityGroupIngress",
        {{"GroupId", att("FnSG.GroupId")},
         {"SourceSecurityGroupId", att("LbSG.GroupId")},
         {"IpProtocol", str("tcp")},
         {"FromPort", num(80)},
         {"ToPort", num(80)}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(uses(r) == std::vector<std::string>{
                       "LbSG at template.yaml:52:5",
                       "Vpc/default-security-group at template.yaml:52:5",
                       "FnSG at template.yaml:62:5",
                       "unknown Parameters.ExtraSg at template.yaml:62:5",
                       "HostSG at template.yaml:73:5",
                   });
}

TEST_CASE("CloudFormation launch templates name groups in their interfaces' Groups",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withGroups();
  b.add("Template", "AWS::EC2::LaunchTemplate",
        {{"LaunchTemplateData",
          object({{"NetworkInterfaces",
                   list({object({{"Groups", list({ref("HostSG"), unknown("Parameters.Extra")})},
                                 {"DeviceIndex", num(0)}})})},
                  {"ImageId", unknown("Parameters.Ami")}})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(uses(r) == std::vector<std::string>{"HostSG at template.yaml:52:5",
                                            "unknown Parameters.Extra at template.yaml:52:5"});
}

TEST_CASE("CloudFormation group references of placed instances are not recorded",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withGroups();
  b.add("Host", "AWS::EC2::Instance",
        {{"SubnetId", ref("Subnet")}, {"SecurityGroupIds", list({att("HostSG.GroupId")})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  REQUIRE(r.instances.size() == 1);
  CHECK(r.instances[0].security_groups[0].address == "HostSG");
  CHECK(r.other_group_uses.empty());
}

TEST_CASE("CloudFormation group references of placed load balancers are not recorded",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withGroups();
  b.add("Lb", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        {{"SecurityGroups", list({ref("LbSG")})}, {"Subnets", list({ref("Subnet")})}});
  b.add("Classic", "AWS::ElasticLoadBalancing::LoadBalancer",
        {{"SecurityGroups", list({ref("FnSG")})}, {"Subnets", list({ref("Subnet")})}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  REQUIRE(r.load_balancers.size() == 2);
  CHECK(r.load_balancers[0].security_groups[0].address == "LbSG");
  CHECK(r.load_balancers[1].security_groups[0].address == "FnSG");
  CHECK(r.other_group_uses.empty());
}

}  // namespace
}  // namespace segproof::cloudformation
