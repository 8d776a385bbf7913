// The mapping's output through aws::buildNetwork: Terraform resources become
// a valid Network with Terraform's semantics.
#include <catch2/catch.hpp>

#include "aws/model_builder.h"
#include "frontends/terraform/mapping/mapping_test_util.h"

namespace segproof::terraform {
namespace {

using namespace testing;

const SecurityGroup* groupNamed(const Network& net, const std::string& name) {
  for (const SecurityGroup& group : net.security_groups)
    if (group.name == name) return &group;
  return nullptr;
}

TEST_CASE("a small Terraform network builds", "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"cidr_block", str("10.0.0.0/16")}});
  b.add("aws_subnet.public", {{"vpc_id", unknown("aws_vpc.main.id")},
                              {"cidr_block", str("10.0.1.0/24")},
                              {"map_public_ip_on_launch", boolean(true)}});
  b.add("aws_internet_gateway.igw", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_route_table.public", {{"vpc_id", unknown("aws_vpc.main.id")}},
        {block("route",
               {{"cidr_block", str("0.0.0.0/0")},
                {"gateway_id", unknown("aws_internet_gateway.igw.id")}},
               45)});
  b.add("aws_route_table_association.public",
        {{"subnet_id", unknown("aws_subnet.public.id")},
         {"route_table_id", unknown("aws_route_table.public.id")}});
  b.add("aws_security_group.web", {{"vpc_id", unknown("aws_vpc.main.id")}},
        {block("ingress",
               {{"from_port", num(443)},
                {"to_port", num(443)},
                {"protocol", str("tcp")},
                {"cidr_blocks", strs({"0.0.0.0/0"})}},
               65)});
  b.add("aws_default_security_group.default", {{"vpc_id", unknown("aws_vpc.main.id")}});
  b.add("aws_instance.web",
        {{"subnet_id", unknown("aws_subnet.public.id")},
         {"vpc_security_group_ids", list({unknown("aws_security_group.web.id")})}});
  b.add("aws_instance.plain", {{"subnet_id", unknown("aws_subnet.public.id")}});
  b.add("aws_instance.outside", {{"subnet_id", unknown("aws_subnet.public.id")},
                                 {"vpc_security_group_ids", strs({"sg-0123"})}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  Network net = aws::buildNetwork(r, diags);
  INFO(diags.renderAll());
  REQUIRE(onlyMembershipWarnings(diags));
  REQUIRE(net.vpcs.size() == 1);
  REQUIRE(net.subnets.size() == 1);
  const Subnet& subnet = net.subnets[0];
  CHECK(net.at(subnet.route_table).name == "aws_route_table.public");
  const RouteTable& table = net.at(subnet.route_table);
  REQUIRE(table.routes.size() == 2);  // local, then the default route
  CHECK(table.routes[1].target == RouteTargetKind::kInternetGateway);
  CHECK(net.at(table.routes[1].internet_gateway).name == "aws_internet_gateway.igw");

  // Terraform removed the default egress rule of aws_security_group.
  const SecurityGroup* web = groupNamed(net, "aws_security_group.web");
  REQUIRE(web);
  REQUIRE(web->rules.size() == 1);
  CHECK(web->rules[0].direction == Direction::kIngress);
  // The default group is adopted and emptied.
  const SecurityGroup* adopted = groupNamed(net, "aws_default_security_group.default");
  REQUIRE(adopted);
  CHECK(adopted->is_default);
  CHECK(adopted->rules.empty());
  CHECK(net.vpcs[0].default_security_group.value == adopted - net.security_groups.data());
  CHECK(!groupNamed(net, "aws_vpc.main/default-security-group"));

  REQUIRE(net.interfaces.size() == 3);
  CHECK(net.interfaces[0].public_address.kind == PublicAddress::Kind::kAssigned);
  REQUIRE(net.interfaces[1].security_groups.size() == 1);
  CHECK(net.at(net.interfaces[1].security_groups[0]).name == "aws_default_security_group.default");
  // A group outside the configuration: allow-all both ways, naming the unknown.
  REQUIRE(net.interfaces[2].security_groups.size() == 1);
  const SecurityGroup& outside = net.at(net.interfaces[2].security_groups[0]);
  CHECK(outside.name == "sg-0123");
  REQUIRE(outside.rules.size() == 2);
  for (const SecurityGroupRule& rule : outside.rules) {
    CHECK(rule.match.protocol == kAnyProtocol);
    CHECK(rule.peer.cidr.str() == "0.0.0.0/0");
  }
}

TEST_CASE("services, gateway endpoints and transit gateways build",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_vpc.a", {{"cidr_block", str("10.0.0.0/16")}});
  b.add("aws_vpc.b", {{"cidr_block", str("10.1.0.0/16")}});
  b.add("aws_subnet.a1", {{"vpc_id", unknown("aws_vpc.a.id")},
                          {"cidr_block", str("10.0.1.0/24")},
                          {"map_public_ip_on_launch", boolean(true)}});
  b.add("aws_subnet.a2", {{"vpc_id", unknown("aws_vpc.a.id")}, {"cidr_block", str("10.0.2.0/24")}});
  b.add("aws_subnet.b1", {{"vpc_id", unknown("aws_vpc.b.id")}, {"cidr_block", str("10.1.1.0/24")}});
  b.add("aws_route_table.a", {{"vpc_id", unknown("aws_vpc.a.id")}});
  b.add("aws_security_group.app", {{"vpc_id", unknown("aws_vpc.a.id")}});
  b.add("aws_eks_cluster.k8s", {},
        {block("vpc_config",
               {{"subnet_ids", list({unknown("aws_subnet.a1.id"), unknown("aws_subnet.a2.id")})},
                {"security_group_ids", list({unknown("aws_security_group.app.id")})}},
               75)});
  b.add("aws_eks_node_group.nodes", {{"cluster_name", unknown("aws_eks_cluster.k8s.name")},
                                     {"subnet_ids", list({unknown("aws_subnet.a1.id")})}});
  b.add("aws_vpc_endpoint.s3", {{"vpc_id", unknown("aws_vpc.a.id")},
                                {"service_name", str("com.amazonaws.eu-west-1.s3")},
                                {"route_table_ids", list({unknown("aws_route_table.a.id")})}});
  b.add("aws_ec2_transit_gateway.hub", {});
  for (const char* side : {"a", "b"}) {
    std::string subnet = std::string("aws_subnet.") + side + "1.id";
    b.add(std::string("aws_ec2_transit_gateway_vpc_attachment.") + side,
          {{"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")},
           {"vpc_id", unknown(std::string("aws_vpc.") + side + ".id")},
           {"subnet_ids", list({unknown(subnet)})}});
  }
  b.add("aws_route.to_b", {{"route_table_id", unknown("aws_route_table.a.id")},
                           {"destination_cidr_block", str("10.1.0.0/16")},
                           {"transit_gateway_id", unknown("aws_ec2_transit_gateway.hub.id")}});
  b.add("aws_ec2_transit_gateway_route.drop",
        {{"transit_gateway_route_table_id",
          unknown("aws_ec2_transit_gateway.hub.association_default_route_table_id")},
         {"destination_cidr_block", str("10.9.0.0/16")},
         {"blackhole", boolean(true)}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  Network net = aws::buildNetwork(r, diags);
  INFO(diags.renderAll());
  REQUIRE(!diags.hasErrors());
  // Two control plane interfaces and one node, which its subnet gives a
  // public address.
  REQUIRE(net.interfaces.size() == 3);
  CHECK(net.interfaces[0].kind == EndpointKind::kKubernetesControlPlane);
  CHECK(net.interfaces[0].security_groups.size() == 2);
  CHECK(net.interfaces[2].kind == EndpointKind::kKubernetesNode);
  CHECK(net.interfaces[2].public_address.kind != PublicAddress::Kind::kNone);
  const SecurityGroup* cluster = groupNamed(net, "aws_eks_cluster.k8s/cluster-security-group");
  REQUIRE(cluster);
  CHECK(cluster->rules.size() == 2);
  REQUIRE(net.transit_gateways.size() == 1);
  CHECK(net.tgw_attachments.size() == 2);
}

// `segproof drift` matches on them (docs/drift.md): the builder must carry
// them from the specs to the model's elements.
TEST_CASE("cloud names and ids reach the model", "[frontends][terraform][mapping]") {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"cidr_block", str("10.0.0.0/16")}, {"id", str("vpc-0a00000000000000a")}});
  b.add("aws_subnet.a", {{"vpc_id", str("vpc-0a00000000000000a")},
                         {"cidr_block", str("10.0.1.0/24")},
                         {"id", str("subnet-0a00000000000001")}});
  b.add("aws_security_group.web", {{"vpc_id", str("vpc-0a00000000000000a")},
                                   {"name", str("prod-web")},
                                   {"id", str("sg-0d5e0000000000001")}});
  b.add("aws_instance.web", {{"subnet_id", str("subnet-0a00000000000001")},
                             {"vpc_security_group_ids", strs({"sg-0d5e0000000000001"})},
                             {"id", str("i-0a00000000000000a")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  Network net = aws::buildNetwork(r, diags);
  INFO(diags.renderAll());
  CHECK(!diags.hasErrors());
  REQUIRE(net.vpcs.size() == 1);
  CHECK(net.vpcs[0].provenance.cloud_id == "vpc-0a00000000000000a");
  REQUIRE(net.subnets.size() == 1);
  CHECK(net.subnets[0].provenance.cloud_id == "subnet-0a00000000000001");
  const SecurityGroup* web = groupNamed(net, "aws_security_group.web");
  REQUIRE(web);
  CHECK(web->provenance.cloud_name == "prod-web");
  CHECK(web->provenance.cloud_id == "sg-0d5e0000000000001");
  REQUIRE(net.interfaces.size() == 1);
  CHECK(net.interfaces[0].provenance.cloud_id == "i-0a00000000000000a");
}

}  // namespace
}  // namespace segproof::terraform
