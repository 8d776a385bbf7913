#include "model/validate.h"

#include <catch2/catch.hpp>

namespace segproof {
namespace {

Cidr block(std::string_view text) { return *parseCidr(text).cidr; }
IpAddress address(std::string_view text) { return *IpAddress::parse(text); }
Provenance at(const std::string& name, int line) { return {{"net.yaml", line, 3}, name}; }

// VPC "prod" 10.0.0.0/16 (line 1) with subnet "web-a" 10.0.1.0/24 (line 2),
// both complete the way the builder leaves them.
Network basic() {
  Network net;
  Vpc& prod = net.vpcs.emplace_back();
  prod.provenance = at("prod", 1);
  prod.name = "prod";
  prod.cidrs = {block("10.0.0.0/16")};
  Subnet& web = net.subnets.emplace_back();
  web.provenance = at("web-a", 2);
  web.name = "web-a";
  web.vpc = VpcId{0};
  web.cidr = block("10.0.1.0/24");
  web.route_table = RouteTableId{0};
  web.network_acl = NetworkAclId{0};
  prod.default_security_group = SecurityGroupId{0};
  return net;
}

Interface& addInterface(Network& net, const std::string& name, const std::string& ip, int line) {
  Interface& interface = net.interfaces.emplace_back();
  interface.provenance = at(name, line);
  interface.name = name;
  interface.subnet = SubnetId{0};
  interface.private_addresses = {PrivateAddress{address(ip)}};
  interface.security_groups = {SecurityGroupId{0}};
  return interface;
}

std::string check(const Network& net) {
  DiagnosticEngine diags;
  validateNetwork(net, diags);
  return diags.renderAll();
}

TEST_CASE("a well-formed network passes", "[model][validate]") {
  Network net = basic();
  addInterface(net, "web-1", "10.0.1.4", 3);
  addInterface(net, "web-2", "10.0.1.254", 4);
  net.interfaces.emplace_back().subnet = SubnetId{0};  // unfixed address
  net.interfaces.back().private_addresses = {PrivateAddress{}};
  net.interfaces.back().security_groups = {SecurityGroupId{0}};
  CHECK(check(net) == "");
}

TEST_CASE("VPC and subnet blocks are /16 to /28", "[model][validate]") {
  Network net = basic();
  net.vpcs[0].cidrs = {block("10.0.0.0/8")};
  net.subnets[0].cidr = block("10.0.1.0/29");
  CHECK(check(net) ==
        "net.yaml:1:3: error[invalid-cidr-size]: VPC CIDR 10.0.0.0/8 has an unsupported size: "
        "AWS allows /16 to /28\n"
        "net.yaml:2:3: error[invalid-cidr-size]: subnet CIDR 10.0.1.0/29 has an unsupported "
        "size: AWS allows /16 to /28\n");
}

TEST_CASE("the blocks of one VPC do not overlap", "[model][validate]") {
  Network net = basic();
  net.vpcs[0].cidrs.push_back(block("10.0.128.0/17"));
  CHECK(check(net) ==
        "net.yaml:1:3: error[overlapping-cidrs]: VPC 'prod' has overlapping CIDRs 10.0.0.0/16 "
        "and 10.0.128.0/17\n");
}

TEST_CASE("a subnet lies inside a block of its VPC", "[model][validate]") {
  Network net = basic();
  net.vpcs[0].cidrs.push_back(block("10.50.0.0/16"));
  net.subnets[0].cidr = block("10.50.3.0/24");
  CHECK(check(net) == "");
  net.subnets[0].cidr = block("10.9.0.0/24");
  CHECK(check(net) ==
        "net.yaml:2:3: error[subnet-outside-vpc]: subnet 'web-a' CIDR 10.9.0.0/24 is not "
        "inside any CIDR of VPC 'prod'\n");
}

TEST_CASE("subnets of one VPC do not overlap; of two VPCs they may", "[model][validate]") {
  Network net = basic();
  Subnet second = net.subnets[0];
  second.provenance = at("web-b", 3);
  second.name = "web-b";
  second.cidr = block("10.0.1.128/25");
  net.subnets.push_back(second);
  CHECK(check(net) ==
        "net.yaml:3:3: error[overlapping-subnets]: subnet 'web-b' CIDR 10.0.1.128/25 overlaps "
        "subnet 'web-a' CIDR 10.0.1.0/24\n");
  Vpc other = net.vpcs[0];
  other.name = "copy";
  net.vpcs.push_back(other);
  net.subnets[1].vpc = VpcId{1};
  CHECK(check(net) == "");
}

TEST_CASE("a fixed private IP lies in its subnet", "[model][validate]") {
  Network net = basic();
  addInterface(net, "web-1", "10.0.2.10", 3);
  CHECK(check(net) ==
        "net.yaml:3:3: error[ip-outside-subnet]: 'web-1' private IP 10.0.2.10 is not inside "
        "subnet 'web-a' (10.0.1.0/24)\n");
}

TEST_CASE("the first four and the last address of a subnet are AWS's", "[model][validate]") {
  for (const char* reserved : {"10.0.1.0", "10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.255"}) {
    Network net = basic();
    addInterface(net, "web-1", reserved, 3);
    CHECK(check(net) == std::string("net.yaml:3:3: error[reserved-ip]: 'web-1' private IP ") +
                            reserved +
                            " is reserved by AWS in subnet 'web-a' (the first four addresses "
                            "and the last one are reserved)\n");
  }
}

TEST_CASE("a fixed private IP is used once in a VPC", "[model][validate]") {
  Network net = basic();
  NatGateway& nat = net.nat_gateways.emplace_back();
  nat.provenance = at("nat", 3);
  nat.name = "nat";
  nat.subnet = SubnetId{0};
  nat.private_address.ip = address("10.0.1.10");
  addInterface(net, "web-1", "10.0.1.10", 4);
  CHECK(check(net) ==
        "net.yaml:4:3: error[duplicate-ip]: 'web-1' private IP 10.0.1.10 is already used by "
        "'nat'\n");
}

TEST_CASE("a fixed IPv6 address lies in its subnet's IPv6 block, off the reserved five",
          "[model][validate][ipv6]") {
  Network net = basic();
  net.subnets[0].ipv6_cidr = block("2001:db8:0:1::/64");
  Interface& web = addInterface(net, "web-1", "10.0.1.10", 3);
  web.ipv6_addresses = {PrivateAddress{address("2001:db8:0:1::10")}, PrivateAddress{}};
  CHECK(check(net) == "");
  net.interfaces[0].ipv6_addresses = {PrivateAddress{address("2001:db8:0:2::10")},
                                      PrivateAddress{address("2001:db8:0:1::3")},
                                      PrivateAddress{address("2001:db8:0:1:ffff:ffff:ffff:ffff")},
                                      PrivateAddress{address("10.0.1.11")}};
  CHECK(check(net) ==
        "net.yaml:3:3: error[ip-outside-subnet]: 'web-1' IPv6 address 2001:db8:0:2::10 is not "
        "inside subnet 'web-a' (2001:db8:0:1::/64)\n"
        "net.yaml:3:3: error[reserved-ip]: 'web-1' IPv6 address 2001:db8:0:1::3 is reserved by "
        "AWS in subnet 'web-a' (the first four addresses and the last one are reserved)\n"
        "net.yaml:3:3: error[reserved-ip]: 'web-1' IPv6 address 2001:db8:0:1:ffff:ffff:ffff:ffff "
        "is reserved by AWS in subnet 'web-a' (the first four addresses and the last one are "
        "reserved)\n"
        "net.yaml:3:3: error[invalid-ip]: 'web-1' lists IPv4 address 10.0.1.11 among its IPv6 "
        "addresses\n");
}

TEST_CASE("an IPv6 address in a subnet without an IPv6 block is outside it",
          "[model][validate][ipv6]") {
  Network net = basic();
  addInterface(net, "web-1", "10.0.1.10", 3).ipv6_addresses = {
      PrivateAddress{address("2001:db8::10")}};
  CHECK(check(net) ==
        "net.yaml:3:3: error[ip-outside-subnet]: 'web-1' IPv6 address 2001:db8::10 is not inside "
        "subnet 'web-a', which has no IPv6 block\n");
}

TEST_CASE("a fixed IPv6 address is used once in a VPC", "[model][validate][ipv6]") {
  Network net = basic();
  net.subnets[0].ipv6_cidr = block("2001:db8:0:1::/120");
  addInterface(net, "web-1", "10.0.1.10", 3).ipv6_addresses = {
      PrivateAddress{address("2001:db8:0:1::10")}};
  addInterface(net, "web-2", "10.0.1.11", 4).ipv6_addresses = {
      PrivateAddress{address("2001:db8:0:1::10")}, PrivateAddress{address("2001:db8:0:1::fe")}};
  CHECK(check(net) ==
        "net.yaml:4:3: error[duplicate-ip]: 'web-2' IPv6 address 2001:db8:0:1::10 is already "
        "used by 'web-1'\n");
  // The last address of a /120 is reserved too.
  net.interfaces[1].ipv6_addresses = {PrivateAddress{address("2001:db8:0:1::ff")}};
  CHECK(check(net) ==
        "net.yaml:4:3: error[reserved-ip]: 'web-2' IPv6 address 2001:db8:0:1::ff is reserved by "
        "AWS in subnet 'web-a' (the first four addresses and the last one are reserved)\n");
}

TEST_CASE("peered VPCs must not overlap", "[model][validate]") {
  Network net = basic();
  Vpc test = net.vpcs[0];
  test.name = "test";
  test.cidrs = {block("10.0.128.0/17")};
  net.vpcs.push_back(test);
  Peering& peering = net.peerings.emplace_back();
  peering.provenance = at("pcx", 5);
  peering.name = "pcx";
  peering.requester = VpcId{0};
  peering.accepter = VpcId{1};
  Peering self = peering;
  self.name = "loop";
  self.accepter = VpcId{0};
  net.peerings.push_back(self);
  CHECK(check(net) ==
        "net.yaml:5:3: error[overlapping-peering]: peering 'pcx' connects VPCs with "
        "overlapping CIDRs: 10.0.0.0/16 (prod) and 10.0.128.0/17 (test)\n"
        "net.yaml:5:3: error[overlapping-peering]: peering 'loop' connects VPC 'prod' with "
        "itself\n");
  net.vpcs[1].cidrs = {block("10.1.0.0/16")};
  net.peerings.pop_back();
  CHECK(check(net) == "");
}

// An application load balancer "alb" with node "alb (web-a)" (line 6),
// forwarding to target group "tg" (line 7) whose target is "web-1" (line 3).
Network withLoadBalancer() {
  Network net = basic();
  addInterface(net, "web-1", "10.0.1.10", 3);
  LoadBalancer& lb = net.load_balancers.emplace_back();
  lb.provenance = at("alb", 6);
  lb.name = "alb";
  Interface& node = net.interfaces.emplace_back();
  node.provenance = at("alb (web-a)", 6);
  node.name = "alb (web-a)";
  node.kind = EndpointKind::kLoadBalancer;
  node.subnet = SubnetId{0};
  node.private_addresses = {PrivateAddress{}};
  node.security_groups = {SecurityGroupId{0}};
  node.load_balancer = LoadBalancerId{0};
  lb.nodes = {InterfaceId{1}};
  TargetGroup& group = net.target_groups.emplace_back();
  group.provenance = at("tg", 7);
  group.name = "tg";
  group.targets.push_back({at("tg", 8), InterfaceId{0}, std::nullopt, {80, 80}});
  LbListener& listener = lb.listeners.emplace_back();
  listener.provenance = at("alb.listener", 9);
  listener.target_groups = {TargetGroupId{0}};
  return net;
}

TEST_CASE("load balancers: nodes point back, targets are interfaces or IPv4 addresses",
          "[model][validate]") {
  Network net = withLoadBalancer();
  CHECK(check(net) == "");
  net.target_groups[0].targets.push_back({at("tg", 10), InterfaceId{}, address("10.9.9.9"), {}});
  CHECK(check(net) == "");

  net.target_groups[0].targets.push_back({at("tg", 11), InterfaceId{}, std::nullopt, {}});
  net.target_groups[0].targets.push_back({at("tg", 12), InterfaceId{7}, std::nullopt, {}});
  net.load_balancers[0].listeners[0].target_groups.push_back(TargetGroupId{3});
  CHECK(check(net) ==
        "net.yaml:9:3: error[invalid-target-group]: a listener of application load balancer "
        "'alb' forwards to a target group not in the model\n"
        "net.yaml:11:3: error[invalid-target]: a target of target group 'tg' is neither an "
        "interface of the model nor an IPv4 address\n"
        "net.yaml:12:3: error[invalid-target]: a target of target group 'tg' is neither an "
        "interface of the model nor an IPv4 address\n");

  Network wrong = withLoadBalancer();
  wrong.load_balancers[0].nodes = {InterfaceId{0}};  // an instance, not a node
  CHECK(check(wrong) ==
        "net.yaml:6:3: error[invalid-load-balancer-node]: application load balancer 'alb' lists "
        "a node that is not one of its load balancer interfaces\n"
        "net.yaml:6:3: error[invalid-load-balancer-node]: interface 'alb (web-a)' is not a node "
        "listed by the load balancer it names\n");
}

TEST_CASE("only a network load balancer's nodes may have no security group",
          "[model][validate]") {
  Network net = withLoadBalancer();
  net.interfaces[0].security_groups.clear();
  net.interfaces[1].security_groups.clear();
  CHECK(check(net) ==
        "net.yaml:3:3: error[missing-security-group]: interface 'web-1' has no security group\n"
        "net.yaml:6:3: error[missing-security-group]: interface 'alb (web-a)' has no security "
        "group\n");
  net.load_balancers[0].kind = LoadBalancerKind::kNetwork;
  net.interfaces[0].security_groups = {SecurityGroupId{0}};
  CHECK(check(net) == "");
}

}  // namespace
}  // namespace segproof
