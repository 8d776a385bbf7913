// Instances, network interfaces and databases from CloudFormation resources.
#include <catch2/catch.hpp>

#include "frontends/cloudformation/mapping/cfn_test_util.h"

namespace segproof::cloudformation {
namespace {

using namespace testing;

StackBuilder withNetwork() {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("Subnet", "AWS::EC2::Subnet", {{"VpcId", ref("Vpc")}, {"CidrBlock", str("10.0.1.0/24")}});
  b.add("WebSG", "AWS::EC2::SecurityGroup", {{"VpcId", ref("Vpc")}, {"GroupName", str("web")}});
  return b;
}

TEST_CASE("CloudFormation instances: groups by id and by name, outside groups",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Web", "AWS::EC2::Instance",
        {{"SubnetId", ref("Subnet")},
         {"SecurityGroupIds", list({att("WebSG.GroupId"), str("sg-0123")})},
         {"SecurityGroups", strs({"web", "default"})},
         {"PrivateIpAddress", str("10.0.1.10")},
         {"SourceDestCheck", boolean(false)}});
  b.add("Plain", "AWS::EC2::Instance", {{"SubnetId", ref("Subnet")}});
  b.add("Floating", "AWS::EC2::Instance", {{"ImageId", str("ami-1")}});
  b.add("Imported", "AWS::EC2::Instance", {{"SubnetId", unknown("ImportValue.AppSubnet")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:33:5: warning[unknown-value]: 'sg-0123' is not known: interfaces with "
        "this group may be members of any security group, which rules that admit members of a "
        "group cannot account for\n"
        "template.yaml:51:3: warning[unknown-value]: 'Floating.SubnetId' is not known: Floating "
        "is left out\n"
        "template.yaml:62:5: warning[unknown-value]: 'ImportValue.AppSubnet' is not known: "
        "Imported is left out\n");
  REQUIRE(r.instances.size() == 2);
  const aws::InstanceSpec& web = r.instances[0];
  CHECK(web.name == "Web");
  CHECK(web.provenance.location.str() == "template.yaml:31:3");
  CHECK(web.subnet.address == "Subnet");
  REQUIRE(web.security_groups.size() == 3);
  CHECK(web.security_groups[0].address == "WebSG");
  CHECK(web.security_groups[1].address == "sg-0123");
  CHECK(web.security_groups[2].address == "Vpc/default-security-group");
  REQUIRE(web.private_ips.size() == 1);
  CHECK(web.private_ips[0].value == "10.0.1.10");
  CHECK(!web.source_dest_check);
  CHECK(r.instances[1].security_groups.empty());  // the builder gives the VPC's default group
  CHECK(r.instances[1].source_dest_check);
  // The outside group: allow-all both ways, in the instance's VPC.
  REQUIRE(r.security_groups.size() == 2);
  CHECK(r.security_groups[1].name == "sg-0123");
  CHECK(r.security_groups[1].vpc.address == "Vpc");
  REQUIRE(r.security_group_rules.size() == 2);
  CHECK(r.security_group_rules[0].unknowns[0].description == "sg-0123");
  REQUIRE(r.uncertainties.size() == 3);
  CHECK(r.uncertainties[0].value.description == "sg-0123");
  CHECK(r.uncertainties[0].vpc.address == "Vpc");
}

TEST_CASE("CloudFormation instances with NetworkInterfaces and interface resources",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Inline", "AWS::EC2::Instance", {},
        {elements("NetworkInterfaces",
                  {{{"DeviceIndex", str("0")},
                    {"SubnetId", ref("Subnet")},
                    {"GroupSet", list({ref("WebSG")})},
                    {"AssociatePublicIpAddress", boolean(true)}},
                   {{"DeviceIndex", num(1)},
                    {"SubnetId", ref("Subnet")},
                    {"PrivateIpAddress", str("10.0.1.20")}}},
                  35)});
  b.add("Primary", "AWS::EC2::NetworkInterface",
        {{"SubnetId", ref("Subnet")},
         {"GroupSet", list({att("WebSG.GroupId")})},
         {"SourceDestCheck", str("false")}});
  b.add("Secondary", "AWS::EC2::NetworkInterface", {{"SubnetId", ref("Subnet")}});
  b.add("Router", "AWS::EC2::Instance", {},
        {elements("NetworkInterfaces",
                  {{{"DeviceIndex", num(0)}, {"NetworkInterfaceId", ref("Primary")}},
                   {{"DeviceIndex", num(1)}, {"NetworkInterfaceId", ref("Secondary")}}},
                  65)});
  b.add("Loose", "AWS::EC2::NetworkInterface", {{"SubnetId", ref("Subnet")}});
  b.add("Attach", "AWS::EC2::NetworkInterfaceAttachment",
        {{"InstanceId", ref("Router")},
         {"NetworkInterfaceId", ref("Loose")},
         {"DeviceIndex", num(2)}});
  b.add("RouteViaPrimary", "AWS::EC2::Route",
        {{"RouteTableId", ref("Table")},
         {"DestinationCidrBlock", str("0.0.0.0/0")},
         {"NetworkInterfaceId", ref("Primary")}});
  b.add("Table", "AWS::EC2::RouteTable", {{"VpcId", ref("Vpc")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.instances.size() == 2);
  const aws::InstanceSpec& inline_instance = r.instances[0];
  CHECK(inline_instance.subnet.address == "Subnet");
  CHECK(inline_instance.subnet.location.str() == "template.yaml:38:9");
  REQUIRE(inline_instance.security_groups.size() == 1);
  CHECK(inline_instance.security_groups[0].address == "WebSG");
  REQUIRE(inline_instance.public_ip.associate);
  CHECK(inline_instance.public_ip.associate->value);
  const aws::InstanceSpec& router = r.instances[1];
  CHECK(router.name == "Router");
  CHECK(router.subnet.location.str() == "template.yaml:42:5");  // Primary's SubnetId
  REQUIRE(router.security_groups.size() == 1);
  CHECK(router.security_groups[0].address == "WebSG");
  CHECK(!router.source_dest_check);
  // Primary is absorbed by Router; the others stay interfaces.
  REQUIRE(r.network_interfaces.size() == 3);
  const auto& second = r.network_interfaces[0];
  CHECK(second.name == "Inline.NetworkInterfaces[1]");
  CHECK(second.provenance.location.str() == "template.yaml:41:7");
  CHECK(second.attached_instance.address == "Inline");
  CHECK(second.private_ips[0].value == "10.0.1.20");
  CHECK(r.network_interfaces[1].name == "Secondary");
  CHECK(r.network_interfaces[1].attached_instance.address == "Router");
  CHECK(r.network_interfaces[2].name == "Loose");
  CHECK(r.network_interfaces[2].attached_instance.address == "Router");
  REQUIRE(r.routes.size() == 1);
  CHECK(r.routes[0].target_ref.address == "Router");
}

TEST_CASE("CloudFormation IPv6 addresses of instances and network interfaces",
          "[frontends][cloudformation][cfn-mapping][ipv6]") {
  StackBuilder b;
  b.add("Vpc", "AWS::EC2::VPC", {{"CidrBlock", str("10.0.0.0/16")}});
  b.add("Dual", "AWS::EC2::Subnet",
        {{"VpcId", ref("Vpc")},
         {"CidrBlock", str("10.0.1.0/24")},
         {"Ipv6CidrBlock", str("2001:db8:0:1::/64")}});
  b.add("Cut", "AWS::EC2::Subnet",
        {{"VpcId", ref("Vpc")},
         {"CidrBlock", str("10.0.2.0/24")},
         {"Ipv6CidrBlock", unknown("Fn::Cidr(Vpc.Ipv6CidrBlocks)")}});
  b.add("Fixed", "AWS::EC2::Instance", {{"SubnetId", ref("Dual")}},
        {elements("Ipv6Addresses", {{{"Ipv6Address", str("2001:db8:0:1::10")}}}, 35)});
  b.add("Counted", "AWS::EC2::Instance",
        {{"SubnetId", ref("Dual")}, {"Ipv6AddressCount", num(2)}});
  b.add("Eni", "AWS::EC2::NetworkInterface",
        {{"SubnetId", ref("Dual")}, {"Ipv6AddressCount", unknown("Parameters.Count")}});
  b.add("Later", "AWS::EC2::Instance", {{"SubnetId", ref("Cut")}, {"Ipv6AddressCount", num(1)}});
  b.add("Inline", "AWS::EC2::Instance", {},
        {elements("NetworkInterfaces",
                  {{{"DeviceIndex", num(0)},
                    {"SubnetId", ref("Dual")},
                    {"Ipv6AddressCount", num(1)}},
                   {{"DeviceIndex", num(1)},
                    {"SubnetId", ref("Dual")},
                    {"Ipv6Addresses",
                     list({object({{"Ipv6Address", str("2001:db8:0:1::11")}})})}}},
                  75)});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:24:5: warning[unknown-value]: 'Fn::Cidr(Vpc.Ipv6CidrBlocks)' is not "
        "known: the IPv6 block of Cut is known only once deployed: its IPv6 addresses are left "
        "out\n"
        "template.yaml:53:5: warning[unknown-value]: 'Parameters.Count' is not known: Eni is "
        "taken to have an IPv6 address\n");
  REQUIRE(r.instances.size() == 4);
  const aws::Ipv6Spec& fixed = r.instances[0].ipv6;
  REQUIRE(fixed.addresses.size() == 1);
  CHECK(fixed.addresses[0].value == "2001:db8:0:1::10");
  CHECK(fixed.addresses[0].location.str() == "template.yaml:37:9");
  CHECK_FALSE(fixed.count);
  CHECK(r.instances[1].ipv6.count->value == 2);
  const aws::Ipv6Spec& later = r.instances[2].ipv6;
  CHECK((later.addresses.empty() && !later.count));  // left out with the block
  CHECK(r.instances[3].name == "Inline");
  CHECK(r.instances[3].ipv6.count->value == 1);
  REQUIRE(r.network_interfaces.size() == 2);
  CHECK(r.network_interfaces[0].name == "Inline.NetworkInterfaces[1]");
  REQUIRE(r.network_interfaces[0].ipv6.addresses.size() == 1);
  CHECK(r.network_interfaces[0].ipv6.addresses[0].value == "2001:db8:0:1::11");
  const aws::Ipv6Spec& eni = r.network_interfaces[1].ipv6;
  REQUIRE(eni.count);
  CHECK(eni.count->value == 1);  // unknown: the wider reading
}

TEST_CASE("CloudFormation interfaces with unknown groups, checks and primary interfaces",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Eni", "AWS::EC2::NetworkInterface",
        {{"SubnetId", ref("Subnet")},
         {"GroupSet", unknown("Parameters.Groups")},
         {"SourceDestCheck", unknown("Parameters.Check")}});
  b.add("Attached", "AWS::EC2::Instance", {},
        {elements("NetworkInterfaces",
                  {{{"DeviceIndex", num(0)}, {"NetworkInterfaceId", str("eni-0abc")}}}, 45)});
  b.add("Secondary", "AWS::EC2::NetworkInterface", {{"SubnetId", ref("Subnet")}});
  b.add("Gone", "AWS::EC2::Instance", {},
        {elements("NetworkInterfaces",
                  {{{"DeviceIndex", num(1)}, {"NetworkInterfaceId", ref("Secondary")}},
                   {{"DeviceIndex", num(0)}, {"NetworkInterfaceId", unknown("Parameters.Eni")}}},
                  65)});
  b.add("NoIndex", "AWS::EC2::Instance", {{"SubnetId", ref("Subnet")}},
        {elements("NetworkInterfaces", {{{"SubnetId", ref("Subnet")}}}, 75)});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:48:9: warning[unknown-value]: 'eni-0abc' is not known: Attached is left "
        "out\n"
        "template.yaml:73:9: warning[unknown-value]: 'Parameters.Eni' is not known: Gone is left "
        "out\n"
        "template.yaml:76:7: error[cfn-invalid]: NoIndex (AWS::EC2::Instance): missing required "
        "property DeviceIndex\n"
        "template.yaml:33:5: warning[unknown-value]: 'Parameters.Groups' is not known: "
        "interfaces with this group may be members of any security group, which rules that admit "
        "members of a group cannot account for\n"
        "template.yaml:34:5: warning[unknown-value]: 'Parameters.Check' is not known: Eni is "
        "taken to forward traffic (no source/destination check)\n");
  REQUIRE(r.network_interfaces.size() == 2);
  const aws::NetworkInterfaceSpec& eni = r.network_interfaces[0];
  // The instance it was attached to is left out: no dangling reference.
  CHECK(!r.network_interfaces[1].attached_instance.given());
  CHECK(!eni.source_dest_check);
  REQUIRE(eni.security_groups.size() == 1);
  CHECK(eni.security_groups[0].address == "Parameters.Groups");
  REQUIRE(r.instances.size() == 1);
  CHECK(r.instances[0].name == "NoIndex");
}

TEST_CASE("CloudFormation databases and DB subnet groups",
          "[frontends][cloudformation][cfn-mapping]") {
  StackBuilder b = withNetwork();
  b.add("Other", "AWS::EC2::Subnet", {{"VpcId", ref("Vpc")}, {"CidrBlock", str("10.0.2.0/24")}});
  b.add("DbSubnets", "AWS::RDS::DBSubnetGroup",
        {{"SubnetIds", list({ref("Subnet"), ref("Other")})},
         {"DBSubnetGroupName", str("db-subnets")}});
  b.add("Db", "AWS::RDS::DBInstance",
        {{"DBSubnetGroupName", ref("DbSubnets")},
         {"VPCSecurityGroups", list({att("WebSG.GroupId")})},
         {"PubliclyAccessible", str("false")},
         {"Port", str("5432")}});
  b.add("ByName", "AWS::RDS::DBInstance",
        {{"DBSubnetGroupName", str("db-subnets")},
         {"PubliclyAccessible", unknown("Parameters.Public")}});
  b.add("Defaulted", "AWS::RDS::DBInstance", {{"Engine", str("mysql")}});
  DiagnosticEngine diags;
  aws::Resources r = mapStack(b.stack, diags);
  CHECK(diags.renderAll() ==
        "template.yaml:63:5: warning[unknown-value]: 'Parameters.Public' is not known: ByName is "
        "taken to be publicly accessible\n"
        "template.yaml:71:3: warning[unknown-value]: 'Defaulted.DBSubnetGroupName' is not known: "
        "Defaulted is left out\n");
  REQUIRE(r.subnet_groups.size() == 1);
  CHECK(r.subnet_groups[0].subnets.size() == 2);
  REQUIRE(r.services.size() == 2);
  const aws::ServiceSpec& db = r.services[0];
  CHECK(db.subnet_group.address == "DbSubnets");
  REQUIRE(db.security_groups.size() == 1);
  CHECK(db.security_groups[0].address == "WebSG");
  CHECK(!db.publicly_accessible);
  CHECK(db.port->value == 5432);
  CHECK(r.services[1].subnet_group.address == "DbSubnets");
  CHECK(r.services[1].publicly_accessible);
  REQUIRE(r.uncertainties.size() == 2);
  CHECK(r.uncertainties[0].vpc.address == "Vpc");
}

}  // namespace
}  // namespace segproof::cloudformation
