// modelJson: unknown values and parts left out appear only where there are
// some, so models without them print exactly as before; transit gateways
// and load balancers (in the JSON and the DOT drawing) likewise.
#include "report/json_reporter.h"

#include <catch2/catch.hpp>

#include "graph/network_builder_test_util.h"
#include "report/dot_reporter.h"

namespace segproof {
namespace {

using testing::NetworkBuilder;

TEST_CASE("model json lists the unknowns of rules and the parts left out", "[report]") {
  NetworkBuilder b;
  VpcId vpc = b.vpc("main", "10.0.0.0/16");
  SecurityGroupId sg = b.group(vpc, "web-sg");
  b.sgRule(sg, Direction::kIngress, testing::tcpPort(22), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  Network& net = b.mutableNetwork();
  net.security_groups[sg.value].rules.back().unknowns = {{"var.office_cidr", {"main.tf", 12, 5}}};
  NetworkAcl& acl = net.network_acls[b.defaultAcl(vpc).value];
  acl.rules.front().unknowns = {{"data.aws_vpc.shared.cidr_block", {}}};
  net.uncertainties.push_back(
      {{"var.route_cidr", {"main.tf", 40, 19}}, "route 1 of aws_route_table.pub is left out", vpc});
  net.uncertainties.push_back({{"var.subnet", {}}, "instance aws_instance.x is left out", {}});

  nlohmann::ordered_json model = modelJson(net);
  const auto& rules = model["security_groups"][1]["rules"];
  REQUIRE(rules.size() == 1);
  CHECK(
      rules[0]["unknowns"].dump() ==
      R"([{"description":"var.office_cidr","location":{"file":"main.tf","line":12,"column":5}}])");
  const auto& acl_rules = model["network_acls"][0]["rules"];
  CHECK(acl_rules[0]["unknowns"].dump() ==
        R"([{"description":"data.aws_vpc.shared.cidr_block","location":null}])");
  CHECK_FALSE(acl_rules[1].contains("unknowns"));
  CHECK(model["uncertainties"].dump() ==
        R"([{"description":"var.route_cidr","location":{"file":"main.tf","line":40,"column":19},)"
        R"("effect":"route 1 of aws_route_table.pub is left out","vpc":"main"},)"
        R"({"description":"var.subnet","location":null,)"
        R"("effect":"instance aws_instance.x is left out","vpc":null}])");
}

TEST_CASE("model json without unknowns has no unknown fields", "[report]") {
  NetworkBuilder b;
  VpcId vpc = b.vpc("main", "10.0.0.0/16");
  b.subnet(vpc, "pub", "10.0.1.0/24");
  nlohmann::ordered_json model = modelJson(b.network());
  CHECK_FALSE(model.contains("uncertainties"));
  std::string text = model.dump();
  CHECK(text.find("unknowns") == std::string::npos);
}

TEST_CASE("the model lists transit gateways, their attachments and route tables", "[report]") {
  NetworkBuilder b;
  VpcId a = b.vpc("a", "10.0.0.0/16");
  VpcId c = b.vpc("c", "10.1.0.0/16");
  SubnetId sa = b.subnet(a, "sa", "10.0.1.0/24");
  SubnetId sc = b.subnet(c, "sc", "10.1.1.0/24");
  TransitGatewayId tgw = b.transitGateway("hub");
  TgwRouteTableId rt = b.tgwRouteTable(tgw, "hub-rt");
  TgwAttachmentId att_a = b.tgwVpcAttachment(tgw, a, {sa}, "att-a", rt);
  b.tgwVpcAttachment(tgw, c, {sc}, "att-c", rt, true);
  b.tgwRoute(rt, "10.0.0.0/16", att_a, true);
  b.tgwRoute(rt, "10.9.0.0/16", TgwAttachmentId{});
  b.route(b.tableOf(sa), "10.1.0.0/16", NetworkBuilder::tgwTarget(tgw));

  nlohmann::ordered_json model = modelJson(b.network());
  CHECK(model["transit_gateways"][0]["name"] == "hub");
  const auto& attachments = model["transit_gateway_attachments"];
  REQUIRE(attachments.size() == 2);
  CHECK(attachments[1]["kind"] == "VPC attachment");
  CHECK(attachments[1]["vpc"] == "c");
  CHECK(attachments[1]["subnets"].dump() == R"(["sc"])");
  CHECK(attachments[1]["appliance_mode"] == true);
  CHECK(attachments[1]["route_table"] == "hub-rt");
  const auto& routes = model["transit_gateway_route_tables"][0]["routes"];
  CHECK(routes[0]["attachment"] == "att-a");
  CHECK(routes[0]["propagated"] == true);
  CHECK(routes[1]["attachment"].is_null());
  CHECK(routes[1]["blackhole"] == true);
  // Without transit gateways the keys are absent.
  NetworkBuilder plain;
  plain.vpc("main", "10.0.0.0/16");
  CHECK_FALSE(modelJson(plain.network()).contains("transit_gateways"));

  std::string dot = modelDot(b.network());
  CHECK(dot.find("tgw0 [shape=hexagon, label=\"transit gateway hub\"]") != std::string::npos);
  CHECK(dot.find("subnet0 -> tgw0 [dir=both, label=\"att-a\"]") != std::string::npos);
  CHECK(dot.find("subnet0 -> tgw0 [label=\"10.1.0.0/16\"]") != std::string::npos);  // the VPC route
}

TEST_CASE("the model shows IPv6 blocks and addresses where there are some", "[report][ipv6]") {
  NetworkBuilder b;
  VpcId vpc = b.vpc("main", "10.0.0.0/16");
  SubnetId dual = b.subnet(vpc, "dual", "10.0.1.0/24");
  SubnetId v4 = b.subnet(vpc, "v4", "10.0.2.0/24");
  InterfaceId web = b.iface(dual, "web", "10.0.1.10");
  b.iface(v4, "db", "10.0.2.10");
  TransitGatewayId tgw = b.transitGateway("hub");
  TgwRouteTableId rt = b.tgwRouteTable(tgw, "hub-rt");
  TgwAttachmentId att = b.tgwVpcAttachment(tgw, vpc, {dual}, "att", rt);
  Network& net = b.mutableNetwork();
  net.subnets[dual.value].ipv6_cidr = parseCidr("2001:db8:0:1::/64").cidr;
  net.interfaces[web.value].ipv6_addresses = {PrivateAddress{IpAddress::parse("2001:db8:0:1::10")},
                                              PrivateAddress{}};
  net.tgw_attachments[att.value].ipv6_support = true;

  nlohmann::ordered_json model = modelJson(net);
  CHECK(model["subnets"][0]["ipv6_cidr"] == "2001:db8:0:1::/64");
  CHECK_FALSE(model["subnets"][1].contains("ipv6_cidr"));
  CHECK(model["interfaces"][0]["ipv6_addresses"].dump() == R"(["2001:db8:0:1::10",null])");
  CHECK_FALSE(model["interfaces"][1].contains("ipv6_addresses"));
  CHECK(model["transit_gateway_attachments"][0]["ipv6_support"] == true);
}

TEST_CASE("the model lists load balancers and target groups", "[report]") {
  NetworkBuilder b;
  VpcId vpc = b.vpc("main", "10.0.0.0/16");
  SubnetId pub = b.subnet(vpc, "pub", "10.0.1.0/24");
  SubnetId app = b.subnet(vpc, "app", "10.0.2.0/24");
  InterfaceId web = b.iface(app, "web", "10.0.2.10");
  InterfaceId node = b.iface(pub, "alb", "");
  Network& net = b.mutableNetwork();
  net.interfaces[node.value].kind = EndpointKind::kLoadBalancer;
  net.interfaces[node.value].load_balancer = LoadBalancerId{0};
  LoadBalancer& lb = net.load_balancers.emplace_back();
  lb.name = "alb";
  lb.provenance.location = {"main.tf", 30, 1};
  lb.provenance.address = "aws_lb.alb";
  lb.nodes = {node};
  LbListener& listener = lb.listeners.emplace_back();
  listener.protocols = {true, true};
  listener.ports = {443, 443};
  listener.target_groups = {TargetGroupId{0}};
  TargetGroup& group = net.target_groups.emplace_back();
  group.name = "tg";
  group.protocols = {true, false};
  group.preserve_client_ip = true;
  LbTarget by_interface;
  by_interface.provenance.location = {"main.tf", 40, 1};
  by_interface.provenance.address = "tg";
  by_interface.iface = web;
  by_interface.ports = {8080, 8080};
  group.targets.push_back(by_interface);
  LbTarget by_address;
  by_address.provenance.location = {"main.tf", 41, 1};
  by_address.provenance.address = "tg";
  by_address.ip = IpAddress::parse("192.168.1.5");
  group.targets.push_back(by_address);

  nlohmann::ordered_json model = modelJson(net);
  CHECK(model["interfaces"][1]["kind"] == "load balancer");
  CHECK(model["interfaces"][1]["load_balancer"] == "alb");
  CHECK_FALSE(model["interfaces"][0].contains("load_balancer"));
  const auto& lbs = model["load_balancers"];
  REQUIRE(lbs.size() == 1);
  CHECK(lbs[0]["kind"] == "application");
  CHECK(lbs[0]["internet_facing"] == true);
  CHECK(lbs[0]["cross_zone"] == true);
  CHECK(lbs[0]["nodes"].dump() == R"(["alb"])");
  CHECK(lbs[0]["listeners"][0]["protocols"].dump() == R"(["tcp","udp"])");
  CHECK(lbs[0]["listeners"][0]["ports"].dump() == "[443,443]");
  CHECK(lbs[0]["listeners"][0]["target_groups"].dump() == R"(["tg"])");
  CHECK(lbs[0]["provenance"]["address"] == "aws_lb.alb");
  const auto& groups = model["target_groups"];
  REQUIRE(groups.size() == 1);
  CHECK(groups[0]["protocols"].dump() == R"(["tcp"])");
  CHECK(groups[0]["preserve_client_ip"] == true);
  CHECK(groups[0]["targets"].dump() ==
        R"([{"interface":"web","ip":null,"ports":[8080,8080],)"
        R"("location":{"file":"main.tf","line":40,"column":1}},)"
        R"({"interface":null,"ip":"192.168.1.5","ports":[0,65535],)"
        R"("location":{"file":"main.tf","line":41,"column":1}}])");
  // Without load balancers the keys are absent.
  NetworkBuilder plain;
  plain.vpc("main", "10.0.0.0/16");
  CHECK_FALSE(modelJson(plain.network()).contains("load_balancers"));
  CHECK_FALSE(modelJson(plain.network()).contains("target_groups"));

  std::string dot = modelDot(net);
  CHECK(dot.find("lb0 [shape=trapezium, label=\"application load balancer alb\"]") !=
        std::string::npos);
  CHECK(dot.find("subnet0 -> lb0 [dir=none]") != std::string::npos);
  CHECK(dot.find("lb0 -> iface0 [style=dashed, label=\"tg:8080\"]") != std::string::npos);
  CHECK(dot.find("\"addr_192.168.1.5\" [shape=ellipse, label=\"192.168.1.5\"]") !=
        std::string::npos);
  CHECK(dot.find("lb0 -> \"addr_192.168.1.5\" [style=dashed, label=\"tg:all\"]") !=
        std::string::npos);
}

}  // namespace
}  // namespace segproof
