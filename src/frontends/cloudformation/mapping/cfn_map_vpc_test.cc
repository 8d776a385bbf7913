// VPCs, subnets, gateways, peerings, Elastic IPs and NAT gateways from
// CloudFormation resources.
#include <catch2/catch.hpp>

#include "frontends/cloudformation/mapping/cfn_test_util.h"

namespace segproof::cloudformation {
namespace {

using namespace testing;

TEST_CASE("CloudFormation VPCs, extra CIDR blocks and subnets",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}},
        {elements("Tags", {{{"Key", str("Name")}, {"Value", str("prod")}}}, 5)});
  b.add("Extra", "AWS::EC2::VPCCidrBlock",
        {{"VpcId", ref("Vpc")}, {"CidrBlock", str("10.1.0.0/16")}});
  b.add("V6", "AWS::EC2::VPCCidrBlock",
        {{"VpcId", ref("Vpc")}, {"AmazonProvidedIpv6CidrBlock", boolean(true)}});
  b.add("Public", "AWS::EC2::Subnet",
        {{"VpcId", ref("Vpc")},
         {"CidrBlock", str("10.0.1.0/24")},
         {"AvailabilityZone", str("eu-west-1a")},
         {"MapPublicIpOnLaunch", str("true")}});
  b.add("Maybe", "AWS::EC2::Subnet",
        {{"VpcId", ref("Vpc")},
         {"CidrBlock", str("10.0.2.0/24")},
         {"MapPublicIpOnLaunch", unknown("Parameters.Public")}});
  b.add("Carved", "AWS::EC2::Subnet",
        {{"VpcId", ref("Vpc")}, {"CidrBlock", unknown("Fn::Cidr(Vpc.CidrBlock)")}});
  b.add("Inside", "AWS::EC2::Subnet",
        {{"VpcId", ref("Carved")}, {"CidrBlock", str("10.0.3.0/24")}});
  b.add("Pooled", "AWS::EC2::VPC", {{"Ipv4IpamPoolId", str("ipam-pool-1")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:71:3: warning[unknown-value]: 'Pooled.CidrBlock' is not known: Pooled is "
        "left out\n"
        "template.yaml:21:3: warning[unknown-value]: 'V6.Ipv6CidrBlock' is not known: the IPv6 "
        "block of V6 is known only once deployed: its IPv6 addresses are left out\n"
        "template.yaml:44:5: warning[unknown-value]: 'Parameters.Public' is not known: instances "
        "of Maybe are taken to get a public IPv4 address\n"
        "template.yaml:53:5: warning[unknown-value]: 'Fn::Cidr(Vpc.CidrBlock)' is not known: "
        "Carved is left out\n"
        "template.yaml:62:5: warning[unknown-value]: 'Carved.Ref' is not known: Inside is left "
        "out\n");
  REQUIRE(r.vpcs.size() == 1);
  CHECK(r.vpcs[0].name == "Vpc");
  CHECK(r.vpcs[0].provenance.address == "Vpc");
  CHECK(r.vpcs[0].provenance.location.str() == "template.yaml:1:3");
  CHECK(r.vpcs[0].tags.at("Name") == "prod");
  REQUIRE(r.vpcs[0].cidrs.size() == 2);
  CHECK(r.vpcs[0].cidrs[1].value == "10.1.0.0/16");
  CHECK(r.vpcs[0].cidrs[1].location.str() == "template.yaml:13:5");
  REQUIRE(r.subnets.size() == 2);
  CHECK(r.subnets[0].name == "Public");
  CHECK(r.subnets[0].vpc.address == "Vpc");
  CHECK(r.subnets[0].cidr.value == "10.0.1.0/24");
  CHECK(r.subnets[0].availability_zone == "eu-west-1a");
  CHECK(r.subnets[0].map_public_ip_on_launch);
  CHECK(r.subnets[0].map_public_ip_location.str() == "template.yaml:35:5");
  CHECK(r.subnets[1].map_public_ip_on_launch);  // unknown: the wider reading
  REQUIRE(r.uncertainties.size() == 5);
  CHECK(r.uncertainties[1].vpc.address == "Vpc");
  CHECK(r.uncertainties[2].vpc.address == "Vpc");
}

TEST_CASE("CloudFormation IPv6 blocks: written ones are kept, deployed ones are uncertain",
          "[frontends][cloudformation][cfn-mapping][ipv6]") {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("Written", "AWS::EC2::VPCCidrBlock",
        {{"VpcId", ref("Vpc")}, {"Ipv6CidrBlock", str("2600:1f18:1:100::/56")}});
  b.add("Pool", "AWS::EC2::VPCCidrBlock",
        {{"VpcId", ref("Vpc")}, {"Ipv6IpamPoolId", str("ipam-pool-6")}});
  b.add("Cut", "AWS::EC2::Subnet",
        {{"VpcId", ref("Vpc")},
         {"CidrBlock", str("10.0.1.0/24")},
         {"Ipv6CidrBlock", unknown("Fn::Cidr(Vpc.Ipv6CidrBlocks)")},
         {"AssignIpv6AddressOnCreation", boolean(true)}});
  b.add("Fixed", "AWS::EC2::Subnet",
        {{"VpcId", ref("Vpc")},
         {"CidrBlock", str("10.0.2.0/24")},
         {"Ipv6CidrBlock", str("2600:1f18:1:102::/64")},
         {"AssignIpv6AddressOnCreation", str("true")}});
  b.add("Later", "AWS::EC2::Subnet", {{"VpcId", ref("Vpc")}, {"CidrBlock", str("10.0.3.0/24")}});
  b.add("LaterBlock", "AWS::EC2::SubnetCidrBlock",
        {{"SubnetId", ref("Later")}, {"Ipv6CidrBlock", str("2600:1f18:1:103::/64")}});
  b.add("Again", "AWS::EC2::SubnetCidrBlock",
        {{"SubnetId", ref("Fixed")}, {"Ipv6CidrBlock", str("2600:1f18:1:104::/64")}});
  b.add("Open", "AWS::EC2::Subnet", {{"VpcId", ref("Vpc")}, {"CidrBlock", str("10.0.4.0/24")}});
  b.add("OpenBlock", "AWS::EC2::SubnetCidrBlock",
        {{"SubnetId", ref("Open")}, {"Ipv6IpamPoolId", str("ipam-pool-6")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:21:3: warning[unknown-value]: 'Pool.Ipv6CidrBlock' is not known: the IPv6 "
        "block of Pool is known only once deployed: its IPv6 addresses are left out\n"
        "template.yaml:34:5: warning[unknown-value]: 'Fn::Cidr(Vpc.Ipv6CidrBlocks)' is not "
        "known: the IPv6 block of Cut is known only once deployed: its IPv6 addresses are left "
        "out\n"
        "template.yaml:73:5: error[cfn-invalid]: Again (AWS::EC2::SubnetCidrBlock): subnet "
        "Fixed already has the IPv6 block "
        "2600:1f18:1:102::/64; AWS allows one\n"
        "template.yaml:91:3: warning[unknown-value]: 'OpenBlock.Ipv6CidrBlock' is not known: the "
        "IPv6 block of OpenBlock is known only once deployed: its IPv6 addresses are left out\n");
  REQUIRE(r.vpcs.size() == 1);
  REQUIRE(r.vpcs[0].cidrs.size() == 2);
  CHECK(r.vpcs[0].cidrs[1].value == "2600:1f18:1:100::/56");
  REQUIRE(r.uncertainties.size() == 3);
  for (const aws::UncertaintySpec& u : r.uncertainties) CHECK(u.vpc.address == "Vpc");
  // The subnet keeps its IPv4 side.
  REQUIRE(r.subnets.size() == 4);
  CHECK(r.subnets[0].cidr.value == "10.0.1.0/24");
  CHECK_FALSE(r.subnets[0].ipv6_cidr);
  CHECK(r.subnets[1].ipv6_cidr->value == "2600:1f18:1:102::/64");
  CHECK(r.subnets[1].assign_ipv6_on_creation);
  REQUIRE(r.subnets[2].ipv6_cidr);
  CHECK(r.subnets[2].ipv6_cidr->value == "2600:1f18:1:103::/64");
  CHECK(r.subnets[2].ipv6_cidr->location.str() == "template.yaml:63:5");
  CHECK_FALSE(r.subnets[2].assign_ipv6_on_creation);
  CHECK_FALSE(r.subnets[3].ipv6_cidr);
}

TEST_CASE("CloudFormation gateways and their attachments",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("Igw", "AWS::EC2::InternetGateway", {});
  b.add("IgwAttach", "AWS::EC2::VPCGatewayAttachment",
        {{"VpcId", ref("Vpc")}, {"InternetGatewayId", ref("Igw")}});
  b.add("Vgw", "AWS::EC2::VPNGateway", {{"Type", str("ipsec.1")}});
  b.add("VgwAttach", "AWS::EC2::VPCGatewayAttachment",
        {{"VpcId", ref("Vpc")}, {"VpnGatewayId", ref("Vgw")}});
  b.add("Eigw", "AWS::EC2::EgressOnlyInternetGateway", {{"VpcId", ref("Vpc")}});
  b.add("Both", "AWS::EC2::VPCGatewayAttachment",
        {{"VpcId", ref("Vpc")}, {"InternetGatewayId", ref("Igw")}, {"VpnGatewayId", ref("Vgw")}});
  b.add("Outside", "AWS::EC2::VPCGatewayAttachment",
        {{"VpcId", ref("Vpc")}, {"InternetGatewayId", str("igw-0abc")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:61:3: error[cfn-invalid]: Both (AWS::EC2::VPCGatewayAttachment): needs "
        "exactly one of InternetGatewayId and VpnGatewayId\n"
        "template.yaml:73:5: warning[unknown-value]: 'igw-0abc' is not known: Outside is left "
        "out\n");
  REQUIRE(r.internet_gateways.size() == 1);
  CHECK(r.internet_gateways[0].name == "Igw");
  CHECK(!r.internet_gateways[0].vpc.given());
  REQUIRE(r.gateways.size() == 2);
  CHECK(r.gateways[0].name == "Vgw");
  CHECK(r.gateways[0].kind == RouteTargetKind::kVpnGateway);
  CHECK(r.gateways[1].name == "Eigw");
  CHECK(r.gateways[1].kind == RouteTargetKind::kEgressOnlyInternetGateway);
  CHECK(r.gateways[1].vpc.address == "Vpc");
  REQUIRE(r.gateway_attachments.size() == 2);
  CHECK(r.gateway_attachments[0].vpc.address == "Vpc");
  CHECK(r.gateway_attachments[0].gateway.address == "Igw");
  CHECK(r.gateway_attachments[0].provenance.address == "IgwAttach");
  CHECK(r.gateway_attachments[1].gateway.address == "Vgw");
}

TEST_CASE("CloudFormation peerings: same account active, peer account pending",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b;
  b.add("A", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("B", "AWS::EC2::VPC", {{"CidrBlock", str("10.1.0.0/16")}});
  b.add("Local", "AWS::EC2::VPCPeeringConnection", {{"VpcId", ref("A")}, {"PeerVpcId", ref("B")}});
  b.add("Cross", "AWS::EC2::VPCPeeringConnection",
        {{"VpcId", ref("A")}, {"PeerVpcId", ref("B")}, {"PeerOwnerId", str("123456789012")}});
  b.add("CrossWithRole", "AWS::EC2::VPCPeeringConnection",
        {{"VpcId", ref("A")},
         {"PeerVpcId", ref("B")},
         {"PeerOwnerId", unknown("Parameters.PeerAccount")},
         {"PeerRoleArn", str("arn:aws:iam::123456789012:role/peer")}});
  b.add("Remote", "AWS::EC2::VPCPeeringConnection",
        {{"VpcId", ref("A")}, {"PeerVpcId", str("vpc-0remote")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:34:5: warning[unknown-value]: 'Cross.Accepted' is not known: Cross is "
        "taken as pending acceptance by the peer account (not active); it may be accepted outside "
        "the template\n"
        "template.yaml:53:5: warning[unknown-value]: 'vpc-0remote' is not known: Remote is left "
        "out\n");
  REQUIRE(r.peerings.size() == 3);
  CHECK(r.peerings[0].name == "Local");
  CHECK(r.peerings[0].requester_vpc.address == "A");
  CHECK(r.peerings[0].accepter_vpc.address == "B");
  CHECK(r.peerings[0].active);
  CHECK(!r.peerings[1].active);
  CHECK(r.peerings[2].active);
  REQUIRE(r.uncertainties.size() == 2);
  CHECK(r.uncertainties[0].vpc.address == "A");
}

TEST_CASE("CloudFormation Elastic IPs, associations and NAT gateways",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("Subnet", "AWS::EC2::Subnet", {{"VpcId", ref("Vpc")}, {"CidrBlock", str("10.0.1.0/24")}});
  b.add("Web", "AWS::EC2::Instance", {{"SubnetId", ref("Subnet")}});
  b.add("Eni", "AWS::EC2::NetworkInterface", {{"SubnetId", ref("Subnet")}});
  b.add("WebIp", "AWS::EC2::EIP", {{"InstanceId", ref("Web")}, {"Domain", str("vpc")}});
  b.add("NatIp", "AWS::EC2::EIP", {{"Domain", str("vpc")}});
  b.add("EniIp", "AWS::EC2::EIP", {});
  b.add("ByAllocation", "AWS::EC2::EIPAssociation",
        {{"AllocationId", att("EniIp.AllocationId")}, {"NetworkInterfaceId", ref("Eni")}});
  b.add("ByAddress", "AWS::EC2::EIPAssociation",
        {{"EIP", ref("EniIp")}, {"InstanceId", ref("Web")}});
  b.add("Nat", "AWS::EC2::NatGateway",
        {{"SubnetId", ref("Subnet")}, {"AllocationId", att("NatIp.AllocationId")}});
  b.add("PrivateNat", "AWS::EC2::NatGateway",
        {{"SubnetId", ref("Subnet")},
         {"ConnectivityType", str("private")},
         {"PrivateIpAddress", str("10.0.1.9")}});
  b.add("Nowhere", "AWS::EC2::EIPAssociation", {{"AllocationId", att("NatIp.AllocationId")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:111:3: error[cfn-invalid]: Nowhere (AWS::EC2::EIPAssociation): names "
        "neither InstanceId nor NetworkInterfaceId\n");
  REQUIRE(r.elastic_ips.size() == 3);
  CHECK(r.elastic_ips[0].instance.address == "Web");
  CHECK(!r.elastic_ips[0].public_ip);
  CHECK(!r.elastic_ips[1].instance.given());
  REQUIRE(r.elastic_ip_associations.size() == 2);
  CHECK(r.elastic_ip_associations[0].elastic_ip.address == "EniIp");
  CHECK(r.elastic_ip_associations[0].network_interface.address == "Eni");
  CHECK(r.elastic_ip_associations[1].elastic_ip.address == "EniIp");
  CHECK(r.elastic_ip_associations[1].instance.address == "Web");
  REQUIRE(r.nat_gateways.size() == 2);
  CHECK(r.nat_gateways[0].subnet.address == "Subnet");
  CHECK(r.nat_gateways[0].is_public);
  CHECK(r.nat_gateways[0].elastic_ip.address == "NatIp");
  CHECK(!r.nat_gateways[1].is_public);
  CHECK(r.nat_gateways[1].private_ip->value == "10.0.1.9");
  CHECK(!r.nat_gateways[1].elastic_ip.given());
}

}  // namespace
}  // namespace segproof::cloudformation
