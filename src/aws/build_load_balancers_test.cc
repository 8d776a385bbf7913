// ModelBuilder: load balancers, their nodes, listeners, target groups and
// targets (docs/aws-modeling.md, "Load balancers").
#include <catch2/catch.hpp>

#include "aws/model_builder.h"
#include "aws/test_resources.h"

namespace segproof::aws {
namespace {

using namespace testing;

LoadBalancerSpec balancer(const std::string& name, LoadBalancerKind kind,
                          std::vector<std::string> subnets, int line) {
  LoadBalancerSpec spec;
  spec.provenance = prov("aws_lb." + name, line);
  spec.name = name;
  spec.kind = kind;
  for (const std::string& s : subnets) spec.subnets.push_back(ref(s, line));
  return spec;
}

ListenerSpec listener(const std::string& lb, const std::string& protocol,
                      std::optional<long long> port, std::vector<std::string> groups, int line) {
  ListenerSpec spec;
  spec.provenance = prov(lb + ".listener", line);
  spec.load_balancer = ref(lb, line);
  if (!protocol.empty()) spec.protocol = text(protocol, line);
  if (port) spec.port = number(*port, line);
  for (const std::string& g : groups) spec.target_groups.push_back(ref(g, line));
  return spec;
}

TargetGroupSpec targetGroup(const std::string& name, const std::string& protocol,
                            std::optional<long long> port, const std::string& type, int line) {
  TargetGroupSpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  if (!protocol.empty()) spec.protocol = text(protocol, line);
  if (port) spec.port = number(*port, line);
  spec.target_type = text(type, line);
  spec.vpc = ref("prod", line);
  return spec;
}

TargetSpec target(const std::string& group, const std::string& to, int line) {
  TargetSpec spec;
  spec.provenance = prov(group + ".attachment", line);
  spec.target_group = ref(group, line);
  spec.target = ref(to, line);
  return spec;
}

TargetSpec ipTarget(const std::string& group, const std::string& ip, int line) {
  TargetSpec spec;
  spec.provenance = prov(group + ".attachment", line);
  spec.target_group = ref(group, line);
  spec.ip = text(ip, line);
  return spec;
}

ServiceSpec service(const std::string& name, EndpointKind kind, std::vector<std::string> subnets,
                    int line) {
  ServiceSpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  spec.kind = kind;
  for (const std::string& s : subnets) spec.subnets.push_back(ref(s, line));
  return spec;
}

// basic() plus subnet "web-b" 10.0.2.0/24 (line 3), group "lb-sg" (line 4)
// and instance "app" in web-a at 10.0.1.10 (line 5).
Resources site() {
  Resources r = basic();
  r.subnets.push_back(subnet("web-b", "prod", "10.0.2.0/24", 3));
  r.security_groups.push_back(group("lb-sg", "prod", 4));
  r.instances.push_back(instance("app", "web-a", 5));
  r.instances.back().private_ips = {text("10.0.1.10", 5)};
  return r;
}

const TargetGroup* groupNamed(const Network& net, const std::string& name) {
  for (const TargetGroup& g : net.target_groups)
    if (g.name == name) return &g;
  return nullptr;
}

std::vector<std::string> nodeNames(const Network& net, const LoadBalancer& lb) {
  std::vector<std::string> names;
  for (InterfaceId id : lb.nodes) names.push_back(net.at(id).name);
  return names;
}

std::vector<std::string> groupNames(const Network& net, const std::vector<SecurityGroupId>& ids) {
  std::vector<std::string> names;
  for (SecurityGroupId id : ids) names.push_back(net.at(id).name);
  return names;
}

TEST_CASE("a load balancer has one node per subnet with its groups", "[aws][load-balancer]") {
  Resources r = site();
  r.load_balancers.push_back(
      balancer("web", LoadBalancerKind::kApplication, {"web-a", "web-b"}, 10));
  r.load_balancers.back().security_groups = {ref("lb-sg", 10)};
  r.load_balancers.back().tags = {{"env", "prod"}};
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(net.load_balancers.size() == 1);
  const LoadBalancer& lb = net.load_balancers[0];
  CHECK(lb.name == "web");
  CHECK(lb.kind == LoadBalancerKind::kApplication);
  CHECK(lb.internet_facing);
  CHECK(lb.cross_zone);
  CHECK(lb.tags.at("env") == "prod");
  CHECK(nodeNames(net, lb) == std::vector<std::string>{"web (web-a)", "web (web-b)"});
  for (InterfaceId id : lb.nodes) {
    const Interface& node = net.at(id);
    CHECK(node.kind == EndpointKind::kLoadBalancer);
    CHECK(node.owner == "aws_lb.web");
    CHECK(node.load_balancer.value == 0);
    REQUIRE(node.private_addresses.size() == 1);
    CHECK_FALSE(node.private_addresses[0].ip);
    CHECK(node.public_address.kind == PublicAddress::Kind::kAssigned);
    CHECK(node.public_address.provenance.location.str() == "net.yaml:10:3");
    CHECK(groupNames(net, node.security_groups) == std::vector<std::string>{"lb-sg"});
  }
  CHECK(net.at(lb.nodes[1]).subnet.value == 1);
}

TEST_CASE("a load balancer with one subnet has one node named as itself", "[aws][load-balancer]") {
  Resources r = site();
  r.load_balancers.push_back(balancer("web", LoadBalancerKind::kApplication, {"web-a"}, 10));
  r.load_balancers.back().internet_facing = false;
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const LoadBalancer& lb = net.load_balancers.at(0);
  CHECK(nodeNames(net, lb) == std::vector<std::string>{"web"});
  const Interface& node = net.at(lb.nodes[0]);
  CHECK_FALSE(node.public_address.present());
  // No groups: the VPC's default group for application load balancers.
  CHECK(groupNames(net, node.security_groups) ==
        std::vector<std::string>{"prod/default-security-group"});
}

TEST_CASE("a network load balancer without groups has none; classic gets the default",
          "[aws][load-balancer]") {
  Resources r = site();
  r.load_balancers.push_back(balancer("nlb", LoadBalancerKind::kNetwork, {"web-a"}, 10));
  r.load_balancers.push_back(balancer("elb", LoadBalancerKind::kClassic, {"web-b"}, 11));
  r.load_balancers.push_back(balancer("nlb2", LoadBalancerKind::kNetwork, {"web-b"}, 12));
  r.load_balancers.back().security_groups = {ref("lb-sg", 12)};
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(net.load_balancers.size() == 3);
  CHECK(net.at(net.load_balancers[0].nodes[0]).security_groups.empty());
  CHECK(groupNames(net, net.at(net.load_balancers[1].nodes[0]).security_groups) ==
        std::vector<std::string>{"prod/default-security-group"});
  CHECK(groupNames(net, net.at(net.load_balancers[2].nodes[0]).security_groups) ==
        std::vector<std::string>{"lb-sg"});
}

TEST_CASE("cross-zone load balancing: as written, else by kind", "[aws][load-balancer]") {
  Resources r = site();
  r.load_balancers.push_back(balancer("alb", LoadBalancerKind::kApplication, {"web-a"}, 10));
  r.load_balancers.push_back(balancer("nlb", LoadBalancerKind::kNetwork, {"web-a"}, 11));
  r.load_balancers.push_back(balancer("elb", LoadBalancerKind::kClassic, {"web-a"}, 12));
  r.load_balancers.push_back(balancer("nlb-x", LoadBalancerKind::kNetwork, {"web-a"}, 13));
  r.load_balancers.back().cross_zone = Located<bool>{true, at(13, 9)};
  r.load_balancers.push_back(balancer("elb-x", LoadBalancerKind::kClassic, {"web-a"}, 14));
  r.load_balancers.back().cross_zone = Located<bool>{false, at(14, 9)};
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  std::vector<bool> cross;
  for (const LoadBalancer& lb : net.load_balancers) cross.push_back(lb.cross_zone);
  CHECK(cross == std::vector<bool>{true, false, true, true, false});
}

TEST_CASE("a dual-stack load balancer is warned about: its IPv6 clients are not analysed",
          "[aws][load-balancer][ipv6]") {
  Resources r = site();
  r.load_balancers.push_back(balancer("web", LoadBalancerKind::kApplication, {"web-a"}, 10));
  r.load_balancers.back().dual_stack = at(10, 9);
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:10:9: warning[ipv6-not-analysed]: load balancer 'web' is dual-stack; its IPv6 "
        "clients are not analysed\n");
  CHECK(net.load_balancers.size() == 1);
}

TEST_CASE("gateway load balancers are warned about and not built", "[aws][load-balancer]") {
  Resources r = site();
  r.load_balancers.push_back(balancer("gwlb", LoadBalancerKind::kGateway, {"web-a"}, 10));
  r.listeners.push_back(listener("gwlb", "", std::nullopt, {"appliances"}, 11));
  r.target_groups.push_back(targetGroup("appliances", "GENEVE", 6081, "instance", 12));
  r.targets.push_back(target("appliances", "app", 13));
  r.load_balancers.push_back(balancer("alb", LoadBalancerKind::kApplication, {"web-a"}, 14));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:10:3: warning[load-balancer-not-analysed]: gateway load balancer 'gwlb' is not "
        "analysed yet: paths through it to its appliances are not found\n"
        "net.yaml:12:9: warning[load-balancer-protocol]: target group 'appliances' uses protocol "
        "'GENEVE', which is not analysed (HTTP, HTTPS, TLS, TCP, UDP and TCP_UDP are): it is "
        "left out\n");
  REQUIRE(net.load_balancers.size() == 1);
  CHECK(net.load_balancers[0].name == "alb");
  CHECK(net.target_groups.empty());
  for (const Interface& iface : net.interfaces) CHECK(iface.name != "gwlb");
}

TEST_CASE("listener protocols and ports", "[aws][load-balancer]") {
  Resources r = site();
  r.load_balancers.push_back(balancer("alb", LoadBalancerKind::kApplication, {"web-a"}, 10));
  r.load_balancers.push_back(balancer("nlb", LoadBalancerKind::kNetwork, {"web-a"}, 11));
  r.listeners.push_back(listener("alb", "https", 443, {}, 12));
  r.listeners.push_back(listener("alb", "", std::nullopt, {}, 13));
  r.listeners.push_back(listener("nlb", "UDP", 53, {}, 14));
  r.listeners.push_back(listener("nlb", "TCP_UDP", 53, {}, 15));
  r.listeners.push_back(listener("nlb", "TLS", 8443, {}, 16));
  r.listeners.push_back(listener("nlb", "", 22, {}, 17));
  r.listeners.push_back(listener("nlb", "QUIC", 443, {}, 18));
  r.listeners.push_back(listener("nlb", "TCP", 70000, {}, 19));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:18:9: warning[load-balancer-protocol]: listener 'nlb.listener' of network load "
        "balancer 'nlb' uses protocol 'QUIC', which is not analysed (HTTP, HTTPS, TLS, TCP, UDP "
        "and TCP_UDP are): it is left out\n"
        "net.yaml:19:9: error[invalid-port]: port 70000 is out of range (0-65535)\n");
  const auto& alb = net.load_balancers.at(0).listeners;
  REQUIRE(alb.size() == 2);
  CHECK((alb[0].protocols.tcp && !alb[0].protocols.udp));
  CHECK(portsText(alb[0].ports) == "443");
  CHECK((alb[1].protocols.tcp && !alb[1].protocols.udp));  // absent: HTTP
  CHECK(alb[1].ports.all());
  const auto& nlb = net.load_balancers.at(1).listeners;
  REQUIRE(nlb.size() == 4);
  CHECK((!nlb[0].protocols.tcp && nlb[0].protocols.udp));
  CHECK((nlb[1].protocols.tcp && nlb[1].protocols.udp));
  CHECK((nlb[2].protocols.tcp && !nlb[2].protocols.udp));
  CHECK((nlb[3].protocols.tcp && nlb[3].protocols.udp));  // absent: either transport
  CHECK(nlb[0].provenance.location.str() == "net.yaml:14:3");
}

TEST_CASE("listeners forward to their target groups; unknown ones are errors",
          "[aws][load-balancer]") {
  Resources r = site();
  r.load_balancers.push_back(balancer("alb", LoadBalancerKind::kApplication, {"web-a"}, 10));
  r.target_groups.push_back(targetGroup("web-tg", "HTTP", 8080, "instance", 11));
  r.target_groups.push_back(targetGroup("api-tg", "", std::nullopt, "instance", 12));
  r.listeners.push_back(listener("alb", "HTTP", 80, {"web-tg", "api-tg", "web-tg"}, 13));
  r.listeners.push_back(listener("alb", "HTTP", 81, {"nope"}, 14));
  r.listeners.push_back(listener("ghost", "HTTP", 82, {"web-tg"}, 15));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:14:9: error[unknown-reference]: unknown target group 'nope'\n"
        "net.yaml:15:9: error[unknown-reference]: unknown load balancer 'ghost'\n");
  const auto& listeners = net.load_balancers.at(0).listeners;
  REQUIRE(listeners.size() == 2);
  std::vector<std::string> forwards;
  for (TargetGroupId id : listeners[0].target_groups) forwards.push_back(net.at(id).name);
  CHECK(forwards == std::vector<std::string>{"web-tg", "api-tg"});
  CHECK(listeners[1].target_groups.empty());
  const TargetGroup* api = groupNamed(net, "api-tg");
  REQUIRE(api);
  CHECK((api->protocols.tcp && !api->protocols.udp));  // absent: TCP
}

TEST_CASE("instance, interface and ECS service targets", "[aws][load-balancer]") {
  Resources r = site();
  r.network_interfaces.push_back(eni("extra", "web-b", 6));
  r.services.push_back(service("tasks", EndpointKind::kContainer, {"web-a", "web-b"}, 7));
  r.target_groups.push_back(targetGroup("tg", "TCP_UDP", 8080, "instance", 11));
  r.target_groups.back().preserve_client_ip = true;
  r.targets.push_back(target("tg", "app", 12));
  r.targets.push_back(target("tg", "extra", 13));
  r.targets.back().port = number(9090, 13);
  r.targets.push_back(target("tg", "tasks", 14));
  r.targets.push_back(target("tg", "ghost", 15));
  r.targets.push_back(target("missing-tg", "app", 16));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:15:9: error[unknown-reference]: unknown target 'ghost' of target group 'tg'\n"
        "net.yaml:16:9: error[unknown-reference]: unknown target group 'missing-tg'\n");
  const TargetGroup* tg = groupNamed(net, "tg");
  REQUIRE(tg);
  CHECK((tg->protocols.tcp && tg->protocols.udp));
  CHECK(tg->preserve_client_ip);
  std::vector<std::string> targets;
  for (const LbTarget& t : tg->targets)
    targets.push_back(net.at(t.iface).name + ":" + portsText(t.ports));
  CHECK(targets == std::vector<std::string>{"app:8080", "extra:9090", "tasks (web-a):8080",
                                            "tasks (web-b):8080"});
  CHECK(tg->targets[0].provenance.location.str() == "net.yaml:12:3");
}

TEST_CASE("IP targets are the interface with that address, else the address",
          "[aws][load-balancer]") {
  Resources r = site();
  r.target_groups.push_back(targetGroup("tg", "TCP", std::nullopt, "ip", 11));
  r.targets.push_back(ipTarget("tg", "10.0.1.10", 12));
  r.targets.push_back(ipTarget("tg", "10.0.2.99", 13));
  r.targets.push_back(ipTarget("tg", "10.0.2.999", 14));
  r.targets.push_back(ipTarget("tg", "fd00::1", 15));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:14:9: error[invalid-ip]: invalid IPv4 address '10.0.2.999'\n"
        "net.yaml:15:9: warning[ipv6-not-analysed]: target group 'tg' has an IPv6 target; what "
        "reaches it is not analysed\n");
  const TargetGroup* tg = groupNamed(net, "tg");
  REQUIRE(tg);
  REQUIRE(tg->targets.size() == 3);  // the IPv6 target is kept (no proof stands while it is)
  CHECK(tg->targets[2].ip->str() == "fd00::1");
  CHECK(net.at(tg->targets[0].iface).name == "app");
  CHECK_FALSE(tg->targets[0].ip);
  CHECK(tg->targets[0].ports.all());  // neither the target nor the group fixes it
  CHECK_FALSE(tg->targets[1].iface.valid());
  REQUIRE(tg->targets[1].ip);
  CHECK(tg->targets[1].ip->str() == "10.0.2.99");
}

TEST_CASE("alb targets are the nodes of that load balancer", "[aws][load-balancer]") {
  Resources r = site();
  r.load_balancers.push_back(
      balancer("alb", LoadBalancerKind::kApplication, {"web-a", "web-b"}, 10));
  r.load_balancers.back().internet_facing = false;
  r.load_balancers.push_back(balancer("nlb", LoadBalancerKind::kNetwork, {"web-a"}, 11));
  r.target_groups.push_back(targetGroup("to-alb", "TCP", 80, "alb", 12));
  r.targets.push_back(target("to-alb", "alb", 13));
  r.listeners.push_back(listener("nlb", "TCP", 80, {"to-alb"}, 14));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const TargetGroup* tg = groupNamed(net, "to-alb");
  REQUIRE(tg);
  std::vector<std::string> targets;
  for (const LbTarget& t : tg->targets) targets.push_back(net.at(t.iface).name);
  CHECK(targets == std::vector<std::string>{"alb (web-a)", "alb (web-b)"});
}

TEST_CASE("Lambda targets are left out with a note", "[aws][load-balancer]") {
  Resources r = site();
  r.services.push_back(service("fn", EndpointKind::kFunction, {"web-a"}, 7));
  r.target_groups.push_back(targetGroup("lambda-tg", "", std::nullopt, "lambda", 11));
  r.targets.push_back(target("lambda-tg", "fn", 12));
  r.target_groups.push_back(targetGroup("mixed", "HTTP", 80, "instance", 13));
  r.targets.push_back(target("mixed", "fn", 14));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:12:3: note[lambda-target]: target 'fn' of target group 'lambda-tg' is left "
        "out: Lambda targets are invoked by the Lambda service, not over the VPC\n"
        "net.yaml:14:9: note[lambda-target]: target 'fn' of target group 'mixed' is left out: "
        "Lambda targets are invoked by the Lambda service, not over the VPC\n");
  CHECK(groupNamed(net, "lambda-tg")->targets.empty());
  CHECK(groupNamed(net, "mixed")->targets.empty());
  CHECK_FALSE(diags.hasErrors());
}

TEST_CASE("a classic listener forwards to the instances on its instance port",
          "[aws][load-balancer]") {
  Resources r = site();
  r.instances.push_back(instance("app2", "web-b", 6));
  r.load_balancers.push_back(balancer("elb", LoadBalancerKind::kClassic, {"web-a", "web-b"}, 10));
  ListenerSpec https = listener("elb", "HTTPS", 443, {}, 11);
  https.target_protocol = text("HTTP", 11);
  https.target_port = number(8080, 11);
  r.listeners.push_back(https);
  ListenerSpec ssl = listener("elb", "SSL", 8443, {}, 12);
  ssl.target_protocol = text("tcp", 12);
  ssl.target_port = number(9443, 12);
  r.listeners.push_back(ssl);
  for (const char* name : {"app", "app2"}) {
    TargetSpec spec;
    spec.provenance = prov("aws_elb.elb", 13);
    spec.load_balancer = ref("elb", 13);
    spec.target = ref(name, 13);
    r.targets.push_back(spec);
  }
  TargetSpec ghost;
  ghost.provenance = prov("aws_elb.elb", 14);
  ghost.load_balancer = ref("elb", 14);
  ghost.target = ref("ghost", 14);
  r.targets.push_back(ghost);
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:14:9: error[unknown-reference]: unknown target 'ghost' of load balancer 'elb'\n");
  const LoadBalancer& elb = net.load_balancers.at(0);
  REQUIRE(elb.listeners.size() == 2);
  CHECK(portsText(elb.listeners[1].ports) == "8443");
  REQUIRE(elb.listeners[0].target_groups.size() == 1);
  const TargetGroup& tg = net.at(elb.listeners[0].target_groups[0]);
  CHECK(tg.name == "elb/listener-443");
  CHECK((tg.protocols.tcp && !tg.protocols.udp));
  std::vector<std::string> targets;
  for (const LbTarget& t : tg.targets)
    targets.push_back(net.at(t.iface).name + ":" + portsText(t.ports));
  CHECK(targets == std::vector<std::string>{"app:8080", "app2:8080"});
  const TargetGroup& second = net.at(elb.listeners[1].target_groups.at(0));
  CHECK(second.name == "elb/listener-8443");
  CHECK(portsText(second.targets.at(0).ports) == "9443");
}

TEST_CASE("load balancer references are checked", "[aws][load-balancer]") {
  Resources r = site();
  r.vpcs.push_back(vpc("test", "10.1.0.0/16", 6));
  r.subnets.push_back(subnet("test-a", "test", "10.1.1.0/24", 7));
  r.load_balancers.push_back(
      balancer("alb", LoadBalancerKind::kApplication, {"web-a", "nowhere", "test-a"}, 10));
  r.load_balancers.back().security_groups = {ref("ghost-sg", 10)};
  r.load_balancers.push_back(balancer("empty", LoadBalancerKind::kNetwork, {}, 11));
  r.load_balancers.push_back(balancer("alb", LoadBalancerKind::kNetwork, {"web-a"}, 12));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:10:9: error[unknown-reference]: unknown subnet 'nowhere'\n"
        "net.yaml:10:9: error[subnet-vpc-mismatch]: subnet 'test-a' is in VPC 'test', not in VPC "
        "'prod' of subnet 'web-a'\n"
        "net.yaml:10:9: error[unknown-reference]: unknown security group 'ghost-sg'\n"
        "net.yaml:11:3: error[missing-reference]: network load balancer 'empty' names no "
        "subnet\n"
        "net.yaml:12:3: error[duplicate-name]: duplicate load balancer name 'alb' (first "
        "defined at net.yaml:10:3)\n");
}

TEST_CASE("target group ports are checked", "[aws][load-balancer]") {
  Resources r = site();
  r.target_groups.push_back(targetGroup("tg", "TCP", 65536, "instance", 11));
  r.targets.push_back(target("tg", "app", 12));
  r.target_groups.push_back(targetGroup("tg2", "TCP", 80, "instance", 13));
  r.targets.push_back(target("tg2", "app", 14));
  r.targets.back().port = number(-1, 14);
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:11:9: error[invalid-port]: port 65536 is out of range (0-65535)\n"
        "net.yaml:14:9: error[invalid-port]: port -1 is out of range (0-65535)\n");
  CHECK_FALSE(groupNamed(net, "tg"));
}

TEST_CASE("a load balancer network passes validation", "[aws][load-balancer]") {
  Resources r = site();
  r.load_balancers.push_back(balancer("nlb", LoadBalancerKind::kNetwork, {"web-a", "web-b"}, 10));
  r.target_groups.push_back(targetGroup("tg", "TCP", 22, "ip", 11));
  r.targets.push_back(ipTarget("tg", "192.168.0.9", 12));
  r.listeners.push_back(listener("nlb", "TCP", 22, {"tg"}, 13));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() == "");
  CHECK(net.at(net.load_balancers[0].nodes[1]).security_groups.empty());
}

}  // namespace
}  // namespace segproof::aws
