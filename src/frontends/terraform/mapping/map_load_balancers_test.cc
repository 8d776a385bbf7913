// Load balancers, listeners, target groups and targets from Terraform
// resources.
#include <catch2/catch.hpp>

#include "frontends/terraform/mapping/mapping_test_util.h"

namespace segproof::terraform {
namespace {

using namespace testing;
using aws::LoadBalancerKind;

// Resources 0-4: a VPC with two subnets, a group and an instance.
ConfigBuilder network() {
  ConfigBuilder b;
  b.add("aws_vpc.main", {{"cidr_block", str("10.0.0.0/16")}, {"id", str("vpc-1")}});
  b.add("aws_subnet.a", {{"vpc_id", unknown("aws_vpc.main.id")},
                         {"cidr_block", str("10.0.1.0/24")},
                         {"id", str("subnet-1")}});
  b.add("aws_subnet.b",
        {{"vpc_id", unknown("aws_vpc.main.id")}, {"cidr_block", str("10.0.2.0/24")}});
  b.add("aws_security_group.lb", {{"vpc_id", unknown("aws_vpc.main.id")}, {"id", str("sg-lb")}});
  b.add("aws_instance.web", {{"subnet_id", unknown("aws_subnet.a.id")}, {"id", str("i-web")}});
  return b;
}

Value subnets(std::initializer_list<const char*> names) {
  hcl::ValueList items;
  for (const char* name : names)
    items.push_back(unknown(std::string("aws_subnet.") + name + ".id"));
  return list(items);
}

Value vpc() { return unknown("aws_vpc.main.id"); }

std::vector<std::string> addresses(const std::vector<aws::Ref>& refs) {
  std::vector<std::string> out;
  for (const aws::Ref& ref : refs) out.push_back(ref.address);
  return out;
}

// A block holding nested blocks.
EvalBlock withBlocks(EvalBlock outer, std::vector<EvalBlock> inner) {
  outer.body.blocks = std::move(inner);
  return outer;
}

TEST_CASE("application load balancers with listeners, rules and target groups",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_lb.front", {{"internal", boolean(false)},
                         {"security_groups", list({unknown("aws_security_group.lb.id")})},
                         {"subnets", subnets({"a", "b"})},
                         {"tags", object({{"team", str("web")}})}});
  b.add("aws_lb_target_group.web",
        {{"port", num(8080)}, {"protocol", str("HTTP")}, {"vpc_id", vpc()}});
  b.add("aws_alb_target_group.api", {{"port", num(9000)},
                                     {"protocol", str("HTTP")},
                                     {"vpc_id", vpc()},
                                     {"target_type", str("ip")}});
  b.add("aws_lb_listener.https",
        {{"load_balancer_arn", unknown("aws_lb.front.arn")},
         {"port", num(443)},
         {"protocol", str("HTTPS")}},
        {block("default_action",
               {{"type", str("forward")},
                {"target_group_arn", unknown("aws_lb_target_group.web.arn")}},
               85)});
  b.add("aws_alb_listener.http",
        {{"load_balancer_arn", unknown("aws_lb.front.id")}, {"port", num(80)}},
        {block("default_action", {{"type", str("redirect")}}, 95)});
  // A rule forwarding by path: its groups join the listener's.
  b.add(
      "aws_lb_listener_rule.api", {{"listener_arn", unknown("aws_lb_listener.https.arn")}},
      {withBlocks(block("action", {{"type", str("forward")}}, 103),
                  {withBlocks(
                      block("forward", {}, 105),
                      {block("target_group",
                             {{"arn", unknown("aws_alb_target_group.api.arn")}, {"weight", num(1)}},
                             106)})}),
       block("condition", {{"path_pattern", strs({"/api/*"})}}, 108)});
  b.add("aws_lb_target_group_attachment.web",
        {{"target_group_arn", unknown("aws_lb_target_group.web.arn")},
         {"target_id", unknown("aws_instance.web.id")},
         {"port", num(8081)}});
  b.add("aws_alb_target_group_attachment.ip",
        {{"target_group_arn", unknown("aws_alb_target_group.api.arn")},
         {"target_id", str("10.0.1.7")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.load_balancers.size() == 1);
  const aws::LoadBalancerSpec& lb = r.load_balancers[0];
  CHECK(lb.name == "aws_lb.front");
  CHECK(lb.provenance.location.str() == "main.tf:51:1");
  CHECK(lb.kind == LoadBalancerKind::kApplication);
  CHECK(lb.internet_facing);
  CHECK(lb.scheme_location.str() == "main.tf:52:3");
  CHECK(addresses(lb.subnets) == std::vector<std::string>{"aws_subnet.a", "aws_subnet.b"});
  CHECK(addresses(lb.security_groups) == std::vector<std::string>{"aws_security_group.lb"});
  CHECK(lb.tags.at("team") == "web");
  REQUIRE(r.target_groups.size() == 2);
  const aws::TargetGroupSpec& web = r.target_groups[0];
  CHECK(web.name == "aws_lb_target_group.web");
  CHECK(web.protocol.value == "HTTP");
  CHECK(web.port->value == 8080);
  CHECK(web.target_type.value == "instance");
  CHECK(web.vpc.address == "aws_vpc.main");
  CHECK(!web.preserve_client_ip);  // an application load balancer's own address
  CHECK(r.target_groups[1].target_type.value == "ip");
  REQUIRE(r.listeners.size() == 2);
  const aws::ListenerSpec& https = r.listeners[0];
  CHECK(https.provenance.address == "aws_lb_listener.https");
  CHECK(https.load_balancer.address == "aws_lb.front");
  CHECK(https.protocol.value == "HTTPS");
  CHECK(https.port->value == 443);
  CHECK(addresses(https.target_groups) ==
        std::vector<std::string>{"aws_lb_target_group.web", "aws_alb_target_group.api"});
  CHECK(https.target_groups[1].location.str() == "main.tf:107:3");
  const aws::ListenerSpec& http = r.listeners[1];
  CHECK(http.protocol.value.empty());  // the builder's default for its kind
  CHECK(http.port->value == 80);
  CHECK(http.target_groups.empty());  // a redirect forwards nowhere
  REQUIRE(r.targets.size() == 2);
  CHECK(r.targets[0].target_group.address == "aws_lb_target_group.web");
  CHECK(r.targets[0].target.address == "aws_instance.web");
  CHECK(r.targets[0].port->value == 8081);
  CHECK(r.targets[1].target_group.address == "aws_alb_target_group.api");
  CHECK(!r.targets[1].target.given());
  CHECK(r.targets[1].ip->value == "10.0.1.7");
  CHECK(!r.targets[1].port);
  // The load balancer carries its group.
  CHECK(r.other_group_uses.empty());
}

TEST_CASE("network load balancers, subnet mappings and client addresses",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  // A state writes subnets and subnet_mapping, naming the same subnet.
  b.add("aws_lb.nlb",
        {{"load_balancer_type", str("network")},
         {"internal", boolean(true)},
         {"subnets", strs({"subnet-1"})}},
        {block("subnet_mapping", {{"subnet_id", unknown("aws_subnet.a.id")}}, 55),
         block("subnet_mapping", {{"subnet_id", unknown("aws_subnet.b.id")}}, 57)});
  b.add("aws_lb_target_group.ssh",
        {{"port", num(22)}, {"protocol", str("tcp")}, {"vpc_id", vpc()}});
  b.add(
      "aws_lb_target_group.ip_tcp",
      {{"port", num(22)}, {"protocol", str("TCP")}, {"vpc_id", vpc()}, {"target_type", str("ip")}});
  b.add(
      "aws_lb_target_group.ip_udp",
      {{"port", num(53)}, {"protocol", str("UDP")}, {"vpc_id", vpc()}, {"target_type", str("ip")}});
  b.add("aws_lb_target_group.no_preserve", {{"port", num(22)},
                                            {"protocol", str("TCP")},
                                            {"vpc_id", vpc()},
                                            {"preserve_client_ip", str("false")}});
  b.add("aws_lb_target_group.fn", {{"target_type", str("lambda")}});
  b.add("aws_lb_listener.ssh", {{"load_balancer_arn", unknown("aws_lb.nlb.arn")}},
        {block(
            "default_action",
            {{"type", str("forward")}, {"target_group_arn", unknown("aws_lb_target_group.ssh.id")}},
            115)});
  b.add("aws_lb.gwlb", {{"load_balancer_type", str("gateway")}, {"subnets", subnets({"b"})}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.load_balancers.size() == 2);
  const aws::LoadBalancerSpec& nlb = r.load_balancers[0];
  CHECK(nlb.kind == LoadBalancerKind::kNetwork);
  CHECK(!nlb.internet_facing);
  CHECK(nlb.scheme_location.str() == "main.tf:53:3");
  CHECK(addresses(nlb.subnets) == std::vector<std::string>{"aws_subnet.a", "aws_subnet.b"});
  CHECK(nlb.security_groups.empty());  // none: the NLB filters nothing
  CHECK(r.load_balancers[1].kind == LoadBalancerKind::kGateway);
  CHECK(r.load_balancers[1].scheme_location.str() == "<unknown>");  // not written
  REQUIRE(r.target_groups.size() == 5);
  CHECK(r.target_groups[0].protocol.value == "TCP");  // as the provider stores it
  CHECK(r.target_groups[0].preserve_client_ip);       // instances: on by default
  CHECK(!r.target_groups[1].preserve_client_ip);      // IP addresses over TCP: off
  CHECK(r.target_groups[2].preserve_client_ip);       // IP addresses over UDP: on
  CHECK(!r.target_groups[3].preserve_client_ip);      // written
  const aws::TargetGroupSpec& fn = r.target_groups[4];
  CHECK(fn.target_type.value == "lambda");
  CHECK(!fn.vpc.given());
  CHECK(!fn.port);
  REQUIRE(r.listeners.size() == 1);
  CHECK(r.listeners[0].protocol.value.empty());
  CHECK(!r.listeners[0].port);
  CHECK(addresses(r.listeners[0].target_groups) ==
        std::vector<std::string>{"aws_lb_target_group.ssh"});
}

TEST_CASE("the state form: mappings and actions as lists of objects",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_lb.front",
        {{"id", str("arn:lb")},
         {"subnet_mapping",
          list({object({{"subnet_id", str("subnet-1")}, {"allocation_id", str("")}})})}});
  b.add("aws_lb_target_group.web", {{"id", str("arn:tg")},
                                    {"port", num(80)},
                                    {"protocol", str("HTTP")},
                                    {"vpc_id", str("vpc-1")}});
  b.add(
      "aws_lb_listener.http",
      {{"id", str("arn:listener")},
       {"load_balancer_arn", str("arn:lb")},
       {"default_action",
        list({object({{"type", str("forward")},
                      {"target_group_arn", str("")},
                      {"redirect", list({})},
                      {"forward", list({object({{"target_group",
                                                 list({object({{"arn", str("arn:tg")},
                                                               {"weight", num(0)}})})}})})}})})}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.load_balancers.size() == 1);
  CHECK(addresses(r.load_balancers[0].subnets) == std::vector<std::string>{"aws_subnet.a"});
  REQUIRE(r.listeners.size() == 1);
  CHECK(r.listeners[0].load_balancer.address == "aws_lb.front");
  // Weights are ignored: a group of weight 0 counts, the wider reading.
  CHECK(addresses(r.listeners[0].target_groups) ==
        std::vector<std::string>{"aws_lb_target_group.web"});
  CHECK(r.target_groups[0].vpc.address == "aws_vpc.main");
}

TEST_CASE("targets: instances, addresses, functions and load balancers",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_lb.inner", {{"internal", boolean(true)}, {"subnets", subnets({"a"})}});
  b.add("aws_lambda_function.outside", {{"function_name", str("outside")}});
  b.add("aws_lambda_function.inside", {{"function_name", str("inside")}},
        {block("vpc_config", {{"subnet_ids", subnets({"a"})}}, 75)});
  b.add("aws_lb_target_group.chain", {{"port", num(80)},
                                      {"protocol", str("TCP")},
                                      {"vpc_id", vpc()},
                                      {"target_type", str("alb")}});
  b.add("aws_lb_target_group.fn", {{"target_type", str("lambda")}});
  b.add("aws_lb_target_group_attachment.alb",
        {{"target_group_arn", unknown("aws_lb_target_group.chain.arn")},
         {"target_id", unknown("aws_lb.inner.arn")}});
  b.add("aws_lb_target_group_attachment.outside",
        {{"target_group_arn", unknown("aws_lb_target_group.fn.arn")},
         {"target_id", unknown("aws_lambda_function.outside.arn")}});
  b.add("aws_lb_target_group_attachment.inside",
        {{"target_group_arn", unknown("aws_lb_target_group.fn.arn")},
         {"target_id", unknown("aws_lambda_function.inside.arn")}});
  // A state names the instance by its id.
  b.add("aws_lb_target_group_attachment.by_id",
        {{"target_group_arn", unknown("aws_lb_target_group.chain.arn")},
         {"target_id", str("i-web")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  // A function outside every VPC is invoked by AWS, not through the network.
  REQUIRE(r.targets.size() == 3);
  CHECK(r.targets[0].target.address == "aws_lb.inner");
  CHECK(r.targets[1].target.address == "aws_lambda_function.inside");
  CHECK(r.targets[1].target_group.address == "aws_lb_target_group.fn");
  CHECK(r.targets[2].target.address == "aws_instance.web");
}

TEST_CASE("unknown load balancer values are widened or recorded",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_lb.front",
        {{"internal", unknown("var.internal")},
         {"subnets", list({unknown("aws_subnet.a.id"), unknown("data.aws_subnet.x.id")})},
         {"security_groups", unknown("var.lb_groups")},
         {"load_balancer_type", str("network")}});
  b.add("aws_lb.typed", {{"load_balancer_type", unknown("var.type")}, {"subnets", subnets({"a"})}});
  b.add("aws_lb_target_group.tg", {{"vpc_id", vpc()},
                                   {"port", unknown("var.tg_port")},
                                   {"protocol", unknown("var.tg_protocol")},
                                   {"preserve_client_ip", unknown("var.preserve")}});
  b.add("aws_lb_target_group.typed",
        {{"vpc_id", vpc()}, {"target_type", unknown("var.target_type")}});
  b.add("aws_lb_listener.any",
        {{"load_balancer_arn", unknown("aws_lb.front.arn")},
         {"port", unknown("var.port")},
         {"protocol", unknown("var.protocol")}},
        {block("default_action",
               {{"type", str("forward")},
                {"target_group_arn", unknown("data.aws_lb_target_group.x.arn")}},
               95)});
  // Its load balancer is left out.
  b.add("aws_lb_listener.typed", {{"load_balancer_arn", unknown("aws_lb.typed.arn")}},
        {block("default_action", {{"type", str("fixed-response")}}, 105)});
  b.add("aws_lb_listener_rule.r", {{"listener_arn", unknown("aws_lb_listener.any.arn")}},
        {block("action",
               {{"type", unknown("var.action")},
                {"target_group_arn", unknown("aws_lb_target_group.tg.arn")}},
               115)});
  b.add("aws_lb_listener_rule.lost",
        {{"listener_arn", unknown("var.listener")}, {"action", unknown("var.actions")}});
  b.add("aws_lb_target_group_attachment.x",
        {{"target_group_arn", unknown("aws_lb_target_group.tg.arn")},
         {"target_id", unknown("var.instance_id")},
         {"port", unknown("var.port")}});
  b.add("aws_lb_target_group_attachment.y",
        {{"target_group_arn", unknown("var.tg")}, {"target_id", str("i-0abc")}});
  b.add(
      "aws_lb_target_group_attachment.z",
      {{"target_group_arn", unknown("aws_lb_target_group.tg.arn")}, {"target_id", str("i-0abc")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:53:3: warning[unknown-value]: 'data.aws_subnet.x.id' is not known: a subnet "
        "of aws_lb.front is left out\n"
        "main.tf:52:3: warning[unknown-value]: 'var.internal' is not known: aws_lb.front is "
        "taken to be internet-facing\n"
        "main.tf:54:3: warning[unknown-value]: 'var.lb_groups' is not known: interfaces with "
        "this group may be members of any security group, which rules that admit members of a "
        "group cannot account for\n"
        "main.tf:62:3: warning[unknown-value]: 'var.type' is not known: aws_lb.typed is left "
        "out\n"
        "main.tf:74:3: warning[unknown-value]: 'var.tg_protocol' is not known: "
        "aws_lb_target_group.tg is taken to carry any protocol (TCP_UDP)\n"
        "main.tf:73:3: warning[unknown-value]: 'var.tg_port' is not known: the targets of "
        "aws_lb_target_group.tg are taken to receive on every port\n"
        "main.tf:75:3: warning[unknown-value]: 'var.preserve' is not known: the targets of "
        "aws_lb_target_group.tg are taken to see the client's address (AWS's default)\n"
        "main.tf:83:3: warning[unknown-value]: 'var.target_type' is not known: "
        "aws_lb_target_group.typed is left out\n"
        "main.tf:94:3: warning[unknown-value]: 'var.protocol' is not known: "
        "aws_lb_listener.any is taken to carry any protocol (TCP_UDP)\n"
        "main.tf:93:3: warning[unknown-value]: 'var.port' is not known: aws_lb_listener.any is "
        "taken to listen on every port\n"
        "main.tf:97:3: warning[unknown-value]: 'data.aws_lb_target_group.x.arn' is not known: "
        "a target group aws_lb_listener.any forwards to is left out\n"
        "main.tf:102:3: warning[unknown-value]: 'aws_lb.typed.arn' is not known: "
        "aws_lb_listener.typed is left out\n"
        "main.tf:116:3: warning[unknown-value]: 'var.action' is not known: an action of "
        "aws_lb_listener_rule.r is taken to forward to the target groups it names\n"
        "main.tf:122:3: warning[unknown-value]: 'var.listener' is not known: "
        "aws_lb_listener_rule.lost is left out\n"
        "main.tf:134:3: warning[unknown-value]: 'var.port' is not known: the port of "
        "aws_lb_target_group_attachment.x is taken to be its target group's\n"
        "main.tf:133:3: warning[unknown-value]: 'var.instance_id' is not known: a target of "
        "aws_lb_target_group.tg is left out\n"
        "main.tf:142:3: warning[unknown-value]: 'var.tg' is not known: "
        "aws_lb_target_group_attachment.y is left out\n"
        "main.tf:153:3: warning[unknown-value]: 'i-0abc' is not known: a target of "
        "aws_lb_target_group.tg is left out\n");
  REQUIRE(r.load_balancers.size() == 1);
  const aws::LoadBalancerSpec& front = r.load_balancers[0];
  CHECK(front.internet_facing);
  CHECK(front.scheme_location.str() == "main.tf:52:3");
  CHECK(addresses(front.subnets) == std::vector<std::string>{"aws_subnet.a"});
  CHECK(addresses(front.security_groups) == std::vector<std::string>{"var.lb_groups"});
  REQUIRE(r.target_groups.size() == 1);
  const aws::TargetGroupSpec& tg = r.target_groups[0];
  CHECK(tg.protocol.value == "TCP_UDP");
  CHECK(!tg.port);
  CHECK(tg.preserve_client_ip);
  REQUIRE(r.listeners.size() == 1);
  const aws::ListenerSpec& any = r.listeners[0];
  CHECK(any.protocol.value == "TCP_UDP");
  CHECK(any.protocol.location.str() == "main.tf:94:3");
  CHECK(!any.port);
  CHECK(addresses(any.target_groups) == std::vector<std::string>{"aws_lb_target_group.tg"});
  CHECK(r.targets.empty());
  CHECK(r.uncertainties.size() == 18);  // one per warning
}

TEST_CASE("a wrong-type load balancer argument is a provider mistake",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_lb.classic", {{"load_balancer_type", str("classic")}, {"subnets", subnets({"a"})}});
  b.add("aws_lb.one", {{"subnets", str("subnet-1")}});
  b.add("aws_lb.nowhere", {{"internal", boolean(true)}});
  b.add("aws_lb.flag", {{"internal", str("maybe")}, {"subnets", subnets({"a"})}});
  b.add("aws_lb.ok", {{"subnets", subnets({"a"})}});
  b.add("aws_lb_listener.number", {{"load_balancer_arn", num(3)}},
        {block("default_action", {{"type", str("forward")}}, 105)});
  b.add("aws_lb_listener.port",
        {{"load_balancer_arn", unknown("aws_lb.ok.arn")}, {"port", str("https")}},
        {block("default_action", {{"type", str("forward")}}, 115)});
  b.add("aws_lb_listener.no_action", {{"load_balancer_arn", unknown("aws_lb.ok.arn")}});
  b.add("aws_lb_listener.of_mistake", {{"load_balancer_arn", unknown("aws_lb.classic.arn")}},
        {block("default_action", {{"target_group_arn", unknown("aws_lb_target_group.kind.arn")}},
               135)});
  b.add("aws_lb_target_group.kind", {{"target_type", str("container")}, {"vpc_id", vpc()}});
  b.add("aws_lb_target_group.no_vpc", {{"port", num(80)}});
  b.add("aws_lb_target_group_attachment.a",
        {{"target_group_arn", unknown("aws_lb_target_group.no_vpc.arn")}});
  b.add("aws_elb.no_listener", {{"subnets", subnets({"a"})}});
  b.add("aws_lb_listener.text_action",
        {{"load_balancer_arn", unknown("aws_lb.ok.arn")}, {"default_action", str("forward")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:52:3: error[terraform-invalid]: aws_lb.classic: load_balancer_type must be "
        "application, network or gateway, found \"classic\"\n"
        "main.tf:62:3: error[terraform-invalid]: aws_lb.one: expected a list for subnets, "
        "found a string\n"
        "main.tf:71:1: error[terraform-invalid]: aws_lb.nowhere: missing required argument "
        "subnets or subnet_mapping\n"
        "main.tf:82:3: error[terraform-invalid]: aws_lb.flag: expected true or false for "
        "internal, found \"maybe\"\n"
        "main.tf:171:1: error[terraform-invalid]: aws_elb.no_listener: missing required "
        "argument listener\n"
        "main.tf:142:3: error[terraform-invalid]: aws_lb_target_group.kind: target_type must "
        "be instance, ip, lambda or alb, found \"container\"\n"
        "main.tf:151:1: error[terraform-invalid]: aws_lb_target_group.no_vpc: missing required "
        "argument vpc_id\n"
        "main.tf:102:3: error[terraform-invalid]: aws_lb_listener.number: expected a string "
        "reference, found a number\n"
        "main.tf:113:3: error[terraform-invalid]: aws_lb_listener.port: expected a whole "
        "number for port, found \"https\"\n"
        "main.tf:121:1: error[terraform-invalid]: aws_lb_listener.no_action: missing required "
        "argument default_action\n"
        "main.tf:183:3: error[terraform-invalid]: aws_lb_listener.text_action: expected a list "
        "for default_action, found a string\n");
  REQUIRE(r.load_balancers.size() == 1);
  CHECK(r.load_balancers[0].name == "aws_lb.ok");
  CHECK(r.listeners.empty());
  CHECK(r.target_groups.empty());
  CHECK(r.targets.empty());
}

TEST_CASE("classic load balancers with listeners and instances",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_elb.classic",
        {{"subnets", subnets({"a"})},
         {"security_groups", list({unknown("aws_security_group.lb.id")})},
         {"internal", boolean(true)},
         {"instances", list({unknown("aws_instance.web.id"), unknown("var.extra")})},
         {"name", str("classic")}},
        {block("listener",
               {{"lb_port", num(80)},
                {"lb_protocol", str("http")},
                {"instance_port", num(8080)},
                {"instance_protocol", str("http")}},
               57),
         block("listener",
               {{"lb_port", unknown("var.port")},
                {"lb_protocol", str("tcp")},
                {"instance_port", num(22)},
                {"instance_protocol", str("TCP")}},
               62)});
  b.add("aws_elb.zones", {{"availability_zones", strs({"us-east-1a"})}},
        {block("listener",
               {{"lb_port", num(80)},
                {"lb_protocol", str("http")},
                {"instance_port", num(80)},
                {"instance_protocol", str("http")}},
               65)});
  b.add("aws_elb.listeners", {{"subnets", subnets({"b"})}, {"listener", unknown("var.listeners")}});
  b.add("aws_elb_attachment.web",
        {{"elb", unknown("aws_elb.classic.id")}, {"instance", unknown("aws_instance.web.id")}});
  b.add("aws_elb_attachment.by_name", {{"elb", str("classic")}, {"instance", str("i-web")}});
  b.add("aws_elb_attachment.outside", {{"elb", str("legacy")}, {"instance", str("i-web")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:63:3: warning[unknown-value]: 'var.port' is not known: "
        "aws_elb.classic.listener[1] is taken to listen on every port\n"
        "main.tf:55:3: warning[unknown-value]: 'var.extra' is not known: a target of "
        "aws_elb.classic is left out\n"
        "main.tf:61:1: warning[unknown-value]: 'aws_elb.zones.subnets' is not known: "
        "aws_elb.zones is left out\n"
        "main.tf:73:3: warning[unknown-value]: 'var.listeners' is not known: the listeners of "
        "aws_elb.listeners are taken to accept every port\n"
        "main.tf:102:3: warning[unknown-value]: 'legacy' is not known: "
        "aws_elb_attachment.outside is left out\n");
  REQUIRE(r.load_balancers.size() == 2);
  const aws::LoadBalancerSpec& classic = r.load_balancers[0];
  CHECK(classic.kind == LoadBalancerKind::kClassic);
  CHECK(!classic.internet_facing);
  CHECK(addresses(classic.security_groups) == std::vector<std::string>{"aws_security_group.lb"});
  REQUIRE(r.listeners.size() == 3);
  const aws::ListenerSpec& http = r.listeners[0];
  CHECK(http.provenance.address == "aws_elb.classic.listener[0]");
  CHECK(http.provenance.location.str() == "main.tf:57:3");
  CHECK(http.load_balancer.address == "aws_elb.classic");
  CHECK(http.protocol.value == "HTTP");
  CHECK(http.port->value == 80);
  CHECK(http.target_protocol.value == "HTTP");
  CHECK(http.target_port->value == 8080);
  CHECK(http.target_groups.empty());
  CHECK(!r.listeners[1].port);  // unknown: every port
  CHECK(r.listeners[1].target_port->value == 22);
  const aws::ListenerSpec& any = r.listeners[2];
  CHECK(any.load_balancer.address == "aws_elb.listeners");
  CHECK(any.protocol.value == "TCP");
  CHECK(!any.port);
  CHECK(!any.target_port);
  REQUIRE(r.targets.size() == 3);
  for (const aws::TargetSpec& target : r.targets) {
    CHECK(target.load_balancer.address == "aws_elb.classic");
    CHECK(target.target.address == "aws_instance.web");
    CHECK(!target.target_group.given());
  }
}

TEST_CASE("ECS services and autoscaling groups register targets",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_lb_target_group.app", {{"port", num(80)},
                                    {"protocol", str("HTTP")},
                                    {"vpc_id", vpc()},
                                    {"target_type", str("ip")}});
  b.add("aws_ecs_service.api", {},
        {block("network_configuration",
               {{"subnets", subnets({"a"})},
                {"security_groups", list({unknown("aws_security_group.lb.id")})}},
               65),
         block("load_balancer",
               {{"target_group_arn", unknown("aws_lb_target_group.app.arn")},
                {"container_port", num(8080)}},
               68)});
  b.add("aws_ecs_service.bridge", {},
        {block("load_balancer",
               {{"target_group_arn", unknown("aws_lb_target_group.app.arn")},
                {"container_port", num(80)}},
               75)});
  b.add("aws_autoscaling_group.web",
        {{"target_group_arns", list({unknown("aws_lb_target_group.app.arn")})},
         {"max_size", num(3)}});
  b.add("aws_autoscaling_attachment.extra",
        {{"autoscaling_group_name", unknown("aws_autoscaling_group.web.id")},
         {"lb_target_group_arn", unknown("aws_lb_target_group.app.arn")}});
  b.add("aws_autoscaling_group.unknown", {{"target_group_arns", unknown("var.groups")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:93:3: warning[unknown-value]: 'aws_autoscaling_group.web' is not known: the "
        "instances it registers in aws_lb_target_group.app are left out\n"
        "main.tf:76:3: warning[unknown-value]: 'aws_ecs_service.bridge' is not known: the "
        "targets it registers in aws_lb_target_group.app are left out\n"
        "main.tf:82:3: warning[unknown-value]: 'aws_autoscaling_group.web' is not known: the "
        "instances it registers in aws_lb_target_group.app are left out\n"
        "main.tf:102:3: warning[unknown-value]: 'var.groups' is not known: the instances "
        "aws_autoscaling_group.unknown registers in load balancers are left out\n"
        "main.tf:81:1: warning[terraform-unsupported]: 2 resources of type "
        "aws_autoscaling_group are not modelled yet (their reachability is not analysed)\n");
  REQUIRE(r.targets.size() == 1);
  const aws::TargetSpec& api = r.targets[0];
  CHECK(api.provenance.location.str() == "main.tf:68:3");
  CHECK(api.target_group.address == "aws_lb_target_group.app");
  CHECK(api.target.address == "aws_ecs_service.api");
  CHECK(api.port->value == 8080);
  CHECK(r.uncertainties.size() == 4);
}

TEST_CASE("cross-zone load balancing as written, else the provider's default",
          "[frontends][terraform][mapping]") {
  ConfigBuilder b = network();
  b.add("aws_lb.on", {{"load_balancer_type", str("network")},
                      {"subnets", subnets({"a"})},
                      {"enable_cross_zone_load_balancing", boolean(true)}});
  b.add("aws_lb.plain", {{"load_balancer_type", str("network")}, {"subnets", subnets({"a"})}});
  // An application load balancer always balances across zones.
  b.add("aws_lb.app",
        {{"subnets", subnets({"a"})}, {"enable_cross_zone_load_balancing", boolean(false)}});
  b.add("aws_lb.unknown", {{"load_balancer_type", str("network")},
                           {"subnets", subnets({"a"})},
                           {"enable_cross_zone_load_balancing", unknown("var.cross_zone")}});
  Value listener = object({{"lb_port", num(80)},
                           {"lb_protocol", str("http")},
                           {"instance_port", num(80)},
                           {"instance_protocol", str("http")}});
  b.add("aws_elb.default", {{"subnets", subnets({"a"})}, {"listener", list({listener})}});
  b.add("aws_elb.off", {{"subnets", subnets({"a"})},
                        {"listener", list({listener})},
                        {"cross_zone_load_balancing", boolean(false)}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  CHECK(diags.renderAll() ==
        "main.tf:84:3: warning[unknown-value]: 'var.cross_zone' is not known: aws_lb.unknown is "
        "taken to balance across zones\n");
  REQUIRE(r.load_balancers.size() == 6);
  const auto& on = r.load_balancers[0].cross_zone;
  REQUIRE(on);
  CHECK(on->value);
  CHECK(on->location.str() == "main.tf:54:3");
  CHECK_FALSE(r.load_balancers[1].cross_zone);  // the builder's default: off
  CHECK_FALSE(r.load_balancers[2].cross_zone);  // the builder's default: on
  REQUIRE(r.load_balancers[3].cross_zone);
  CHECK(r.load_balancers[3].cross_zone->value);
  REQUIRE(r.load_balancers[4].cross_zone);
  CHECK(r.load_balancers[4].cross_zone->value);  // the provider's default
  CHECK(r.load_balancers[4].cross_zone->location.str() == "main.tf:91:1");
  REQUIRE(r.load_balancers[5].cross_zone);
  CHECK_FALSE(r.load_balancers[5].cross_zone->value);
}

TEST_CASE("dual-stack load balancers are marked where the address type is written",
          "[frontends][terraform][mapping][ipv6]") {
  ConfigBuilder b = network();
  b.add("aws_lb.dual", {{"subnets", subnets({"a"})}, {"ip_address_type", str("dualstack")}});
  b.add("aws_lb.no_v4", {{"subnets", subnets({"a"})},
                         {"ip_address_type", str("dualstack-without-public-ipv4")}});
  b.add("aws_lb.v4", {{"subnets", subnets({"a"})}, {"ip_address_type", str("ipv4")}});
  b.add("aws_lb.plain", {{"subnets", subnets({"a"})}});
  b.add("aws_lb.unknown", {{"subnets", subnets({"a"})}, {"ip_address_type", unknown("var.type")}});
  DiagnosticEngine diags;
  aws::Resources r = mapConfig(b.config, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.load_balancers.size() == 5);
  REQUIRE(r.load_balancers[0].dual_stack);
  CHECK(r.load_balancers[0].dual_stack->str() == "main.tf:53:3");
  CHECK(r.load_balancers[1].dual_stack);
  CHECK_FALSE(r.load_balancers[2].dual_stack);
  CHECK_FALSE(r.load_balancers[3].dual_stack);
  // An unknown type may be dual-stack: the builder's warning covers it.
  REQUIRE(r.load_balancers[4].dual_stack);
  CHECK(r.load_balancers[4].dual_stack->str() == "main.tf:93:3");
}

}  // namespace
}  // namespace segproof::terraform
