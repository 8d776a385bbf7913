// Which CloudFormation types are mapped, warned about or ignored; references
// across nested stacks; and the mapping's output through aws::buildNetwork.
#include <catch2/catch.hpp>

#include "aws/model_builder.h"
#include "frontends/cloudformation/mapping/cfn_test_util.h"

namespace segproof::cloudformation {
namespace {

using namespace testing;

TEST_CASE("CloudFormation unsupported network types are warned about once per type",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b;
  b.add("Bucket", "AWS::S3::Bucket", {{"BucketName", str("logs")}});
  b.add("Front", "AWS::NetworkFirewall::Firewall", {});
  b.add("Network/Back", "AWS::NetworkFirewall::Firewall", {});
  b.add("Vpn", "AWS::EC2::ClientVpnEndpoint", {});
  b.add("Role", "AWS::IAM::Role", {});
  // Not in a VPC: ignored.
  b.add("Outside", "AWS::Lambda::Function", {{"Runtime", str("python3.12")}});
  b.add("Inspection", "AWS::EC2::VPCEndpoint",
        {{"VpcEndpointType", str("GatewayLoadBalancer")}, {"SubnetIds", strs({"subnet-1"})}});
  b.add("Connect", "AWS::EC2::TransitGatewayConnect", {});
  b.add("Pods", "AWS::EKS::FargateProfile", {});
  b.add("Logs", "AWS::EC2::FlowLog", {});
  b.add("Search", "AWS::OpenSearchService::Domain", {});
  b.add("Kafka", "AWS::MSK::Cluster", {});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:31:3: warning[cfn-unsupported]: 1 resource of type "
        "AWS::EC2::ClientVpnEndpoint is not modelled yet (its reachability is not analysed)\n"
        "template.yaml:71:3: warning[cfn-unsupported]: 1 resource of type "
        "AWS::EC2::TransitGatewayConnect is not modelled yet (its reachability is not "
        "analysed)\n"
        "template.yaml:61:3: warning[cfn-unsupported]: 1 resource of type AWS::EC2::VPCEndpoint "
        "is not modelled yet (its reachability is not analysed)\n"
        "template.yaml:81:3: warning[cfn-unsupported]: 1 resource of type AWS::EKS::FargateProfile "
        "is not modelled yet (its reachability is not analysed)\n"
        "template.yaml:111:3: warning[cfn-unsupported]: 1 resource of type AWS::MSK::Cluster "
        "is not modelled yet (its reachability is not analysed)\n"
        "template.yaml:11:3: warning[cfn-unsupported]: 2 resources of type "
        "AWS::NetworkFirewall::Firewall are not modelled yet (their reachability is not "
        "analysed)\n");
  CHECK(r.vpcs.empty());
  CHECK(r.services.empty());
  CHECK(r.uncertainties.empty());
}

TEST_CASE("CloudFormation references across nested stacks and to a VPC's defaults",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b;
  b.add("Network/Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("Network/Subnet", "AWS::EC2::Subnet",
        {{"VpcId", ref("Network/Vpc")}, {"CidrBlock", str("10.0.1.0/24")}});
  b.add("App", "AWS::EC2::Instance",
        {{"SubnetId", unknown("Network/Subnet.Ref")},
         {"SecurityGroupIds", list({att("Network/Vpc.DefaultSecurityGroup")})}});
  b.add("OpenDefault", "AWS::EC2::SecurityGroupIngress",
        {{"GroupId", att("Network/Vpc.DefaultSecurityGroup")},
         {"IpProtocol", str("tcp")},
         {"FromPort", num(22)},
         {"ToPort", num(22)},
         {"CidrIp", str("10.0.0.0/8")}});
  b.add("Wrong", "AWS::EC2::Subnet",
        {{"VpcId", ref("Network/Subnet")}, {"CidrBlock", str("10.0.2.0/24")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  // A reference to a resource of the wrong type names nothing modelled.
  CHECK(diags.renderAll() ==
        "template.yaml:42:5: warning[unknown-value]: 'Network/Subnet.Ref' is not known: Wrong is "
        "left out\n");
  REQUIRE(r.subnets.size() == 1);
  CHECK(r.subnets[0].name == "Network/Subnet");
  CHECK(r.subnets[0].vpc.address == "Network/Vpc");
  REQUIRE(r.instances.size() == 1);
  CHECK(r.instances[0].subnet.address == "Network/Subnet");
  REQUIRE(r.instances[0].security_groups.size() == 1);
  CHECK(r.instances[0].security_groups[0].address == "Network/Vpc/default-security-group");
  REQUIRE(r.security_group_rules.size() == 1);
  CHECK(r.security_group_rules[0].security_group.address == "Network/Vpc/default-security-group");
}

TEST_CASE("CloudFormation GetAtt CidrBlock and VpcId are resolved within the template",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("Subnet", "AWS::EC2::Subnet",
        {{"VpcId", att("Vpc.VpcId")}, {"CidrBlock", str("10.0.1.0/24")}});
  b.add("Sg", "AWS::EC2::SecurityGroup", {{"VpcId", att("Subnet.VpcId")}},
        {elements("SecurityGroupIngress",
                  {{{"IpProtocol", str("-1")}, {"CidrIp", att("Vpc.CidrBlock")}},
                   {{"IpProtocol", str("-1")}, {"CidrIp", att("Subnet.CidrBlock")}},
                   {{"IpProtocol", str("-1")}, {"CidrIp", att("Other.CidrBlock")}}},
                  25)});
  b.add("Acl", "AWS::EC2::NetworkAcl", {{"VpcId", att("Sg.VpcId")}});
  b.add("Other", "AWS::EC2::VPC", {{"CidrBlock", unknown("Parameters.Cidr")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:42:5: warning[unknown-value]: 'Parameters.Cidr' is not known: Other is "
        "left out\n");
  REQUIRE(r.subnets.size() == 1);
  CHECK(r.subnets[0].vpc.address == "Vpc");
  REQUIRE(r.security_groups.size() == 1);
  CHECK(r.security_groups[0].vpc.address == "Vpc");
  REQUIRE(r.network_acls.size() == 1);
  CHECK(r.network_acls[0].vpc.address == "Vpc");
  const auto& rules = r.security_group_rules;
  REQUIRE(rules.size() == 3);
  CHECK(rules[0].cidr->value == "10.0.0.0/16");
  CHECK(rules[0].cidr->location.str() == "template.yaml:28:9");
  CHECK(rules[0].unknowns.empty());
  CHECK(rules[1].cidr->value == "10.0.1.0/24");
  CHECK(rules[2].cidr->value == "0.0.0.0/0");
  REQUIRE(rules[2].unknowns.size() == 1);
  CHECK(rules[2].unknowns[0].description == "Other.CidrBlock");
}

TEST_CASE("CloudFormation expressions over a reference do not name the resource",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("Subnet", "AWS::EC2::Subnet",
        {{"VpcId", unknown("Vpc.Ref == '' ? ... : ...")}, {"CidrBlock", str("10.0.1.0/24")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:12:5: warning[unknown-value]: 'Vpc.Ref == '' ? ... : ...' is not known: "
        "Subnet is left out\n");
  CHECK(r.subnets.empty());
}

TEST_CASE("CloudFormation wrong property types are reported and skipped",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", list({str("10.0.0.0/16")})}});
  b.add("Vpc2", "AWS::EC2::VPC", {{"CidrBlock", str("10.1.0.0/16")}}, {elements("Tags", {}, 15)});
  b.add("Subnet", "AWS::EC2::Subnet", {{"VpcId", num(3)}, {"CidrBlock", str("10.1.0.0/24")}});
  b.add("Sg", "AWS::EC2::SecurityGroup",
        {{"VpcId", ref("Vpc2")}, {"SecurityGroupIngress", str("all")}});
  b.add("Table", "AWS::EC2::RouteTable", {});
  b.add(
      "Subnet2", "AWS::EC2::Subnet",
      {{"VpcId", ref("Vpc2")}, {"CidrBlock", str("10.1.1.0/24")}, {"MapPublicIpOnLaunch", num(2)}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:2:5: error[cfn-invalid]: Vpc (AWS::EC2::VPC): expected a string for "
        "CidrBlock, found a list\n"
        "template.yaml:22:5: error[cfn-invalid]: Subnet (AWS::EC2::Subnet): expected a string "
        "reference, found a number\n"
        "template.yaml:54:5: error[cfn-invalid]: Subnet2 (AWS::EC2::Subnet): expected true or "
        "false for MapPublicIpOnLaunch, found 2\n"
        "template.yaml:33:5: error[cfn-invalid]: Sg (AWS::EC2::SecurityGroup): expected a list of "
        "objects for SecurityGroupIngress\n"
        "template.yaml:41:3: error[cfn-invalid]: Table (AWS::EC2::RouteTable): missing required "
        "property VpcId\n");
  CHECK(r.vpcs.size() == 1);
  CHECK(r.subnets.empty());
  CHECK(r.security_groups.size() == 1);
  CHECK(r.route_tables.empty());
}

TEST_CASE("CloudFormation properties of every wrong kind never crash the mapping",
          "[frontends][cloudformation][cfn-mapping]") {
  const std::vector<std::string> types = mappedCloudFormationTypes();
  REQUIRE(types.size() == 53);
  const char* properties[] = {"CidrBlock",
                              "VpcId",
                              "SubnetId",
                              "GroupId",
                              "InternetGatewayId",
                              "VpnGatewayId",
                              "PeerVpcId",
                              "PeerOwnerId",
                              "Entries",
                              "SecurityGroupIngress",
                              "SecurityGroupEgress",
                              "IpProtocol",
                              "FromPort",
                              "ToPort",
                              "CidrIp",
                              "NetworkAclId",
                              "RuleNumber",
                              "Protocol",
                              "RuleAction",
                              "Egress",
                              "PortRange",
                              "Icmp",
                              "SecurityGroupIds",
                              "SecurityGroups",
                              "NetworkInterfaces",
                              "GroupSet",
                              "SourceDestCheck",
                              "PrivateIpAddress",
                              "InstanceId",
                              "NetworkInterfaceId",
                              "AllocationId",
                              "EIP",
                              "RouteTableId",
                              "DestinationCidrBlock",
                              "GatewayId",
                              "RouteTableIds",
                              "SubnetIds",
                              "DBSubnetGroupName",
                              "VPCSecurityGroups",
                              "PubliclyAccessible",
                              "Port",
                              "Tags",
                              "MapPublicIpOnLaunch",
                              "ConnectivityType",
                              "DBClusterIdentifier",
                              "VpcSecurityGroupIds",
                              "CacheSubnetGroupName",
                              "VpcConfig",
                              "VPCOptions",
                              "NetworkConfiguration",
                              "ResourcesVpcConfig",
                              "Subnets",
                              "ClusterName",
                              "LaunchTemplate",
                              "RemoteAccess",
                              "VpcEndpointType",
                              "ServiceName",
                              "TransitGatewayId",
                              "PeerTransitGatewayId",
                              "TransitGatewayRouteTableId",
                              "TransitGatewayAttachmentId",
                              "Blackhole",
                              "Options",
                              "DefaultRouteTableAssociation",
                              "DefaultRouteTablePropagation",
                              "AssociationDefaultRouteTableId",
                              "Type",
                              "Scheme",
                              "SubnetMappings",
                              "LoadBalancerArn",
                              "DefaultActions",
                              "ListenerArn",
                              "Actions",
                              "TargetType",
                              "Targets",
                              "TargetGroupAttributes",
                              "Listeners",
                              "Instances",
                              "LoadBalancers",
                              "TargetGroupARNs",
                              "LoadBalancerNames",
                              "Ipv6CidrBlock",
                              "AmazonProvidedIpv6CidrBlock",
                              "Ipv6IpamPoolId",
                              "AssignIpv6AddressOnCreation",
                              "Ipv6Addresses",
                              "Ipv6AddressCount",
                              "IpAddressType"};
  for (const Value& wrong : {object({{"a", num(1)}}), list({num(1), list({})}), Value(),
                             boolean(true), unknown("Parameters.X")}) {
    StackBuilder b;
    for (const std::string& type : types) {
      Attributes attributes;
      for (const char* property : properties) attributes.emplace_back(property, wrong);
      b.add(std::string("R") + std::to_string(b.stack.resources.size()), type, attributes);
    }
    DiagnosticEngine diags;
    aws::Resources r = mapStack(b.stack, diags);
    INFO(wrong.str());
    CHECK(r.vpcs.size() <= 1);
  }
}

const SecurityGroup* groupNamed(const Network& net, const std::string& name) {
  for (const SecurityGroup& group : net.security_groups)
    if (group.name == name) return &group;
  return nullptr;
}

TEST_CASE("a small CloudFormation network builds", "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("Public", "AWS::EC2::Subnet",
        {{"VpcId", ref("Vpc")},
         {"CidrBlock", str("10.0.1.0/24")},
         {"MapPublicIpOnLaunch", boolean(true)}});
  b.add("Igw", "AWS::EC2::InternetGateway", {});
  b.add("IgwAttach", "AWS::EC2::VPCGatewayAttachment",
        {{"VpcId", ref("Vpc")}, {"InternetGatewayId", ref("Igw")}});
  b.add("PublicTable", "AWS::EC2::RouteTable", {{"VpcId", ref("Vpc")}});
  b.add("DefaultRoute", "AWS::EC2::Route",
        {{"RouteTableId", ref("PublicTable")},
         {"DestinationCidrBlock", str("0.0.0.0/0")},
         {"GatewayId", ref("Igw")}});
  b.add("PublicAssoc", "AWS::EC2::SubnetRouteTableAssociation",
        {{"SubnetId", ref("Public")}, {"RouteTableId", ref("PublicTable")}});
  b.add("WebSG", "AWS::EC2::SecurityGroup",
        {{"VpcId", ref("Vpc")}, {"GroupDescription", str("web")}},
        {elements("SecurityGroupIngress",
                  {{{"IpProtocol", str("tcp")},
                    {"FromPort", num(443)},
                    {"ToPort", num(443)},
                    {"CidrIp", str("0.0.0.0/0")}}},
                  85)});
  b.add("Web", "AWS::EC2::Instance",
        {{"SubnetId", ref("Public")}, {"SecurityGroupIds", list({att("WebSG.GroupId")})}});
  b.add("LockedSG", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}});
  b.add("LockedEgress", "AWS::EC2::SecurityGroupEgress",
        {{"GroupId", att("LockedSG.GroupId")},
         {"IpProtocol", str("tcp")},
         {"FromPort", num(443)},
         {"ToPort", num(443)},
         {"DestinationSecurityGroupId", att("WebSG.GroupId")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  Network net = aws::buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(net.vpcs.size() == 1);
  REQUIRE(net.subnets.size() == 1);
  const RouteTable& table = net.at(net.subnets[0].route_table);
  CHECK(table.name == "PublicTable");
  REQUIRE(table.routes.size() == 2);  // local, then the default route
  CHECK(table.routes[1].target == RouteTargetKind::kInternetGateway);
  CHECK(net.at(table.routes[1].internet_gateway).name == "Igw");
  CHECK(net.at(table.routes[1].internet_gateway).vpc == net.subnets[0].vpc);
  // CloudFormation kept the default allow-all egress rule.
  const SecurityGroup* web = groupNamed(net, "WebSG");
  REQUIRE(web);
  REQUIRE(web->rules.size() == 2);
  CHECK(web->rules[0].direction == Direction::kIngress);
  CHECK(web->rules[0].provenance.location.str() == "template.yaml:86:7");
  CHECK(web->rules[1].direction == Direction::kEgress);
  CHECK(web->rules[1].match.protocol == kAnyProtocol);
  CHECK(web->rules[1].peer.cidr.str() == "0.0.0.0/0");
  // The egress resource replaced the default rule of LockedSG.
  const SecurityGroup* locked = groupNamed(net, "LockedSG");
  REQUIRE(locked);
  REQUIRE(locked->rules.size() == 1);
  CHECK(locked->rules[0].direction == Direction::kEgress);
  CHECK(locked->rules[0].provenance.address == "LockedEgress");
  REQUIRE(net.interfaces.size() == 1);
  CHECK(net.interfaces[0].name == "Web");
  CHECK(net.interfaces[0].public_address.kind == PublicAddress::Kind::kAssigned);
  REQUIRE(net.interfaces[0].security_groups.size() == 1);
  CHECK(net.at(net.interfaces[0].security_groups[0]).name == "WebSG");
}

}  // namespace
}  // namespace segproof::cloudformation
