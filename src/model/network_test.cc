#include "segproof/model/network.h"

#include <catch2/catch.hpp>

namespace segproof {
namespace {

Match tcp(int from, int to) {
  Match match;
  match.protocol = kTcp;
  match.ports = {from, to};
  return match;
}

TEST_CASE("protocol names", "[model]") {
  CHECK(protocolName(kAnyProtocol) == "all");
  CHECK(protocolName(kTcp) == "tcp");
  CHECK(protocolName(kUdp) == "udp");
  CHECK(protocolName(kIcmp) == "icmp");
  CHECK(protocolName(kIcmpV6) == "icmpv6");
  CHECK(protocolName(50) == "50");
}

TEST_CASE("match texts", "[model]") {
  CHECK(matchText(Match{}) == "all traffic");
  CHECK(matchText(tcp(22, 22)) == "tcp/22");
  CHECK(matchText(tcp(1024, 65535)) == "tcp/1024-65535");
  CHECK(matchText(tcp(0, 65535)) == "tcp/all");
  CHECK(matchText(tcp(0, 0)) == "tcp/0");
  Match udp = tcp(53, 53);
  udp.protocol = kUdp;
  CHECK(matchText(udp) == "udp/53");
  Match icmp;
  icmp.protocol = kIcmp;
  CHECK(matchText(icmp) == "icmp");
  icmp.icmp_type = 8;
  CHECK(matchText(icmp) == "icmp type 8");
  icmp.icmp_type = 3;
  icmp.icmp_code = 4;
  CHECK(matchText(icmp) == "icmp type 3 code 4");
  icmp.protocol = kIcmpV6;
  CHECK(matchText(icmp) == "icmpv6 type 3 code 4");
  Match esp;
  esp.protocol = 50;
  CHECK(matchText(esp) == "protocol 50");
}

TEST_CASE("route target and endpoint kind names", "[model]") {
  CHECK(std::string(routeTargetName(RouteTargetKind::kLocal)) == "local");
  CHECK(std::string(routeTargetName(RouteTargetKind::kInternetGateway)) == "internet gateway");
  CHECK(std::string(routeTargetName(RouteTargetKind::kEgressOnlyInternetGateway)) ==
        "egress-only internet gateway");
  CHECK(std::string(routeTargetName(RouteTargetKind::kNatGateway)) == "NAT gateway");
  CHECK(std::string(routeTargetName(RouteTargetKind::kPeering)) == "peering connection");
  CHECK(std::string(routeTargetName(RouteTargetKind::kTransitGateway)) == "transit gateway");
  CHECK(std::string(routeTargetName(RouteTargetKind::kVpnGateway)) == "VPN gateway");
  CHECK(std::string(routeTargetName(RouteTargetKind::kVpcEndpoint)) == "VPC endpoint");
  CHECK(std::string(routeTargetName(RouteTargetKind::kNetworkInterface)) == "network interface");
  CHECK(std::string(routeTargetName(RouteTargetKind::kBlackhole)) == "blackhole");
  CHECK(std::string(routeTargetName(RouteTargetKind::kOther)) == "other gateway");
  CHECK(std::string(endpointKindName(EndpointKind::kInstance)) == "instance");
  CHECK(std::string(endpointKindName(EndpointKind::kNetworkInterface)) == "network interface");
  CHECK(std::string(endpointKindName(EndpointKind::kDatabase)) == "database");
}

TEST_CASE("effective tags: VPC, overlaid by subnet, overlaid by interface", "[model]") {
  Network net;
  net.vpcs.emplace_back().tags = {{"Env", "prod"}, {"Tier", "none"}, {"Owner", "net"}};
  Subnet& subnet = net.subnets.emplace_back();
  subnet.vpc = VpcId{0};
  subnet.tags = {{"Tier", "web"}, {"Zone", "a"}};
  Interface interface;
  interface.subnet = SubnetId{0};
  interface.tags = {{"Owner", "team-web"}};
  CHECK(effectiveTags(net, interface) ==
        Tags{{"Env", "prod"}, {"Tier", "web"}, {"Zone", "a"}, {"Owner", "team-web"}});
  Interface detached;
  detached.tags = {{"Role", "x"}};
  CHECK(effectiveTags(net, detached) == Tags{{"Role", "x"}});
}

}  // namespace
}  // namespace segproof
