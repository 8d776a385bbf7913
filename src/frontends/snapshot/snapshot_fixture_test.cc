// The three-tier fixture (tests/snapshots/three-tier/EXPECTED.md) read with
// loadNetwork: the model it describes, element by element.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "frontends/frontend.h"

namespace segproof {
namespace {

const std::string kFixture = std::string(SEGPROOF_SOURCE_DIR) + "/tests/snapshots/three-tier";

const Network& fixture() {
  static DiagnosticEngine diags;
  static Network net = loadNetwork({kFixture}, diags);
  INFO(diags.renderAll());
  REQUIRE_FALSE(diags.hasErrors());
  // The deliberate traps produce no warning either.
  REQUIRE(diags.diagnostics().empty());
  return net;
}

template <class T>
const T& named(const std::vector<T>& elements, const std::string& name) {
  auto it =
      std::find_if(elements.begin(), elements.end(), [&](const T& e) { return e.name == name; });
  REQUIRE(it != elements.end());
  return *it;
}

template <class T>
bool hasNamed(const std::vector<T>& elements, const std::string& name) {
  return std::any_of(elements.begin(), elements.end(), [&](const T& e) { return e.name == name; });
}

std::vector<std::string> cidrs(const std::vector<Cidr>& blocks) {
  std::vector<std::string> out;
  for (const Cidr& block : blocks) out.push_back(block.str());
  return out;
}

const Route* routeTo(const RouteTable& table, const std::string& destination) {
  for (const Route& route : table.routes)
    if (!route.destination_prefix_list.valid() && route.destination.str() == destination)
      return &route;
  return nullptr;
}

TEST_CASE("snapshot: VPCs, subnets and their tables", "[frontends][snapshot]") {
  const Network& net = fixture();
  REQUIRE(net.vpcs.size() == 2);
  const Vpc& prod = named(net.vpcs, "vpc-0d5e0000000000001");
  CHECK(cidrs(prod.cidrs) == std::vector<std::string>{"10.0.0.0/16", "2a05:d018:1a2:ee00::/56"});
  CHECK(net.at(prod.internet_gateway).name == "igw-0d5e0000000000001");
  CHECK(prod.tags.at("Name") == "prod");
  CHECK(prod.provenance.cloud_id == "vpc-0d5e0000000000001");
  CHECK(cidrs(named(net.vpcs, "vpc-0d5e0000000000002").cidrs) ==
        std::vector<std::string>{"10.1.0.0/16"});

  REQUIRE(net.subnets.size() == 7);
  const Subnet& public_a = named(net.subnets, "subnet-0d5e0000000000a01");
  CHECK(public_a.cidr.str() == "10.0.0.0/24");
  CHECK(public_a.ipv6_cidr->str() == "2a05:d018:1a2:ee00::/64");
  CHECK(public_a.availability_zone == "eu-west-1a");
  CHECK(public_a.map_public_ip_on_launch);
  CHECK(net.at(public_a.route_table).name == "rtb-0d5e0000000000002");
  CHECK(net.at(public_a.network_acl).name == "acl-0d5e0000000000001");
  const Subnet& data_a = named(net.subnets, "subnet-0d5e0000000000a03");
  CHECK_FALSE(data_a.ipv6_cidr);
  CHECK_FALSE(data_a.route_table_explicit);
  CHECK(net.at(data_a.route_table).name == "rtb-0d5e0000000000001");
  CHECK(net.at(data_a.network_acl).name == "acl-0d5e0000000000002");
  for (const Subnet& subnet : net.subnets) {
    bool is_public = subnet.name.ends_with("a01") || subnet.name.ends_with("b01");
    bool app = subnet.name.ends_with("a02") || subnet.name.ends_with("b02");
    CHECK(subnet.route_table_explicit == (is_public || app));
    CHECK(subnet.map_public_ip_on_launch == is_public);
  }
}

TEST_CASE("snapshot: routes, blackholes and targets", "[frontends][snapshot]") {
  const Network& net = fixture();
  REQUIRE(net.route_tables.size() == 4);
  const RouteTable& main = named(net.route_tables, "rtb-0d5e0000000000001");
  CHECK(main.is_main);
  CHECK(main.routes.size() == 3);
  const RouteTable& public_table = named(net.route_tables, "rtb-0d5e0000000000002");
  CHECK(public_table.routes.size() == 5);
  CHECK(routeTo(public_table, "0.0.0.0/0")->target == RouteTargetKind::kInternetGateway);
  CHECK(routeTo(public_table, "::/0")->target == RouteTargetKind::kInternetGateway);
  // The deleted interface's route: a blackhole, not a dangling reference.
  CHECK(routeTo(public_table, "192.168.100.0/24")->target == RouteTargetKind::kBlackhole);
  const RouteTable& app = named(net.route_tables, "rtb-0d5e0000000000003");
  CHECK(app.routes.size() == 7);
  CHECK(net.at(routeTo(app, "0.0.0.0/0")->nat_gateway).name == "nat-0d5e0000000000001");
  CHECK(net.at(routeTo(app, "10.1.0.0/16")->peering).name == "pcx-0d5e0000000000001");
  CHECK(net.at(routeTo(app, "172.16.0.0/12")->transit_gateway).name == "tgw-0d5e0000000000001");
  const Route* v6 = routeTo(app, "::/0");
  CHECK(v6->target == RouteTargetKind::kEgressOnlyInternetGateway);
  CHECK(net.at(v6->gateway).name == "eigw-0d5e0000000000001");
  auto by_list = std::find_if(app.routes.begin(), app.routes.end(),
                              [](const Route& r) { return r.destination_prefix_list.valid(); });
  REQUIRE(by_list != app.routes.end());
  CHECK(net.at(by_list->destination_prefix_list).name == "pl-6da54004");
  CHECK(by_list->target == RouteTargetKind::kVpcEndpoint);
  CHECK(net.at(by_list->gateway).name == "vpce-0d5e0000000000001");
  const RouteTable& shared = named(net.route_tables, "rtb-0d5e0000000000004");
  CHECK(shared.is_main);
  CHECK(routeTo(shared, "10.0.0.0/16")->target == RouteTargetKind::kPeering);
}

TEST_CASE("snapshot: security groups keep exactly their rules", "[frontends][snapshot]") {
  const Network& net = fixture();
  REQUIRE(net.security_groups.size() == 7);
  size_t ingress = 0, egress = 0;
  for (const SecurityGroup& group : net.security_groups) {
    for (const SecurityGroupRule& rule : group.rules)
      (rule.direction == Direction::kIngress ? ingress : egress) += 1;
  }
  CHECK(ingress == 10);
  CHECK(egress == 8);
  CHECK(named(net.security_groups, "sg-0d5e0000000000001").is_default);
  CHECK(named(net.security_groups, "sg-0d5e0000000000006").is_default);
  const SecurityGroup& web = named(net.security_groups, "sg-0d5e0000000000002");
  CHECK_FALSE(web.is_default);
  CHECK(web.provenance.cloud_name == "prod-web");
  CHECK(web.provenance.cloud_id == "sg-0d5e0000000000002");
  // One rule per peer, located at the peer's object in SecurityGroups.json.
  const SecurityGroupRule& https = web.rules.front();
  CHECK(https.match.protocol == kTcp);
  CHECK(https.match.ports.from == 443);
  CHECK(https.peer.cidr.str() == "0.0.0.0/0");
  CHECK(https.description == "HTTPS from anywhere");
  CHECK(https.provenance.location.file == kFixture + "/SecurityGroups.json");
  CHECK(https.provenance.location.line == 45);
  CHECK(https.provenance.location.column == 25);
  CHECK(https.provenance.address == "sg-0d5e0000000000002");
  const SecurityGroup& db = named(net.security_groups, "sg-0d5e0000000000004");
  CHECK(std::none_of(db.rules.begin(), db.rules.end(),
                     [](const SecurityGroupRule& r) { return r.direction == Direction::kEgress; }));
  const SecurityGroup& app = named(net.security_groups, "sg-0d5e0000000000003");
  CHECK(std::any_of(app.rules.begin(), app.rules.end(), [&](const SecurityGroupRule& r) {
    return r.peer.kind == RulePeer::Kind::kSecurityGroup &&
           net.at(r.peer.security_group).name == "sg-0d5e0000000000002" &&
           r.match.ports.from == 8080;
  }));
}

TEST_CASE("snapshot: network ACLs skip AWS's implicit deny entries", "[frontends][snapshot]") {
  const Network& net = fixture();
  REQUIRE(net.network_acls.size() == 3);
  size_t written = 0;
  for (const NetworkAcl& acl : net.network_acls) {
    for (const NetworkAclRule& rule : acl.rules) {
      CHECK(rule.number != 32768);
      if (!rule.provenance.location.known()) continue;  // the model's own final deny
      CHECK(rule.number < 32767);
      ++written;
    }
  }
  CHECK(written == 12);
  const NetworkAcl& data = named(net.network_acls, "acl-0d5e0000000000002");
  CHECK_FALSE(data.is_default);
  auto rule = [&](Direction direction, int number) {
    auto it = std::find_if(data.rules.begin(), data.rules.end(), [&](const NetworkAclRule& r) {
      return r.direction == direction && r.number == number;
    });
    REQUIRE(it != data.rules.end());
    return *it;
  };
  CHECK_FALSE(rule(Direction::kIngress, 90).allow);
  CHECK(rule(Direction::kIngress, 90).cidr.str() == "10.0.0.0/22");
  CHECK(rule(Direction::kIngress, 100).match.ports.from == 5432);
  NetworkAclRule icmp = rule(Direction::kIngress, 120);
  CHECK(icmp.match.protocol == kIcmp);
  CHECK(icmp.match.icmp_type == 8);
  CHECK(icmp.match.icmp_code == -1);
  CHECK(rule(Direction::kEgress, 110).match.ports.from == 443);
  CHECK(named(net.network_acls, "acl-0d5e0000000000001").is_default);
}

TEST_CASE("snapshot: endpoints are the running instances and the services",
          "[frontends][snapshot]") {
  const Network& net = fixture();
  CHECK(net.interfaces.size() == 9);
  const Interface& web = named(net.interfaces, "i-0d5e0000000000001");
  CHECK(web.kind == EndpointKind::kInstance);
  CHECK(web.private_addresses.front().ip->str() == "10.0.0.10");
  REQUIRE(web.ipv6_addresses.size() == 1);
  CHECK(web.ipv6_addresses.front().ip->str() == "2a05:d018:1a2:ee00:3c1f:9a2b:7d10:4e21");
  CHECK(web.public_address.kind == PublicAddress::Kind::kAssigned);
  CHECK(web.public_address.ip->str() == "34.240.17.10");
  CHECK(net.at(web.security_groups.at(0)).name == "sg-0d5e0000000000002");
  CHECK(web.tags.at("Name") == "web");
  const Interface& bastion = named(net.interfaces, "i-0d5e0000000000004");
  CHECK(bastion.public_address.kind == PublicAddress::Kind::kElastic);
  CHECK(bastion.public_address.ip->str() == "52.16.200.44");
  CHECK_FALSE(named(net.interfaces, "i-0d5e0000000000002").public_address.present());
  CHECK(named(net.interfaces, "i-0d5e0000000000006").ipv6_addresses.empty());
  // The stopped instance and the stopped database are not in the model.
  CHECK_FALSE(hasNamed(net.interfaces, "i-0d5e0000000000005"));
  CHECK_FALSE(hasNamed(net.interfaces, "eni-0d5e0000000000005"));
  size_t databases = 0, nodes = 0;
  for (const Interface& iface : net.interfaces) {
    CHECK(iface.owner != "legacy-db");
    CHECK(iface.name.rfind("eni-", 0) == std::string::npos);  // requester-managed: not endpoints
    if (iface.kind == EndpointKind::kDatabase) {
      ++databases;
      CHECK(iface.owner == "prod-db");
      CHECK(net.at(iface.security_groups.at(0)).name == "sg-0d5e0000000000004");
      CHECK_FALSE(iface.public_address.present());
    }
    if (iface.kind == EndpointKind::kLoadBalancer) {
      ++nodes;
      CHECK(iface.public_address.present());
    }
  }
  CHECK(databases == 2);
  CHECK(nodes == 2);
}

TEST_CASE("snapshot: gateways, peering, prefix lists", "[frontends][snapshot]") {
  const Network& net = fixture();
  CHECK(net.internet_gateways.size() == 1);
  REQUIRE(net.gateways.size() == 2);
  CHECK(named(net.gateways, "eigw-0d5e0000000000001").kind ==
        RouteTargetKind::kEgressOnlyInternetGateway);
  CHECK(named(net.gateways, "vpce-0d5e0000000000001").kind == RouteTargetKind::kVpcEndpoint);
  REQUIRE(net.nat_gateways.size() == 1);
  const NatGateway& nat = net.nat_gateways.front();
  CHECK(nat.name == "nat-0d5e0000000000001");
  CHECK(nat.is_public);
  CHECK(nat.private_address.ip->str() == "10.0.0.5");
  CHECK(nat.public_address.kind == PublicAddress::Kind::kElastic);
  CHECK(nat.public_address.ip->str() == "54.72.10.5");
  REQUIRE(net.peerings.size() == 1);
  CHECK(net.peerings.front().name == "pcx-0d5e0000000000001");
  CHECK(net.at(net.peerings.front().requester).name == "vpc-0d5e0000000000001");
  CHECK(net.at(net.peerings.front().accepter).name == "vpc-0d5e0000000000002");
  REQUIRE(net.prefix_lists.size() == 2);
  CHECK_FALSE(named(net.prefix_lists, "pl-6da54004").content_known);
  const PrefixList& office = named(net.prefix_lists, "pl-0d5e0000000000001");
  CHECK(office.content_known);
  CHECK(cidrs(office.entries) == std::vector<std::string>{"198.51.100.0/24"});
  CHECK(office.provenance.cloud_name == "office-vpn");
  CHECK(net.uncertainties.empty());
}

TEST_CASE("snapshot: load balancer and targets", "[frontends][snapshot]") {
  const Network& net = fixture();
  REQUIRE(net.load_balancers.size() == 1);
  const LoadBalancer& lb = net.load_balancers.front();
  CHECK(lb.name == "prod-web");
  CHECK(lb.provenance.cloud_name == "prod-web");
  CHECK(lb.provenance.address.find(":loadbalancer/app/prod-web/") != std::string::npos);
  CHECK(lb.kind == LoadBalancerKind::kApplication);
  CHECK(lb.internet_facing);
  CHECK_FALSE(lb.dual_stack);
  CHECK(lb.nodes.size() == 2);
  REQUIRE(lb.listeners.size() == 2);
  CHECK(lb.listeners[0].ports.from == 443);
  REQUIRE(lb.listeners[0].target_groups.size() == 1);
  CHECK(lb.listeners[1].ports.from == 80);
  CHECK(lb.listeners[1].target_groups.empty());
  REQUIRE(net.target_groups.size() == 1);
  const TargetGroup& group = net.target_groups.front();
  CHECK(group.name == "prod-app");
  REQUIRE(group.targets.size() == 2);  // the stopped instance's registration is not
  CHECK(net.at(group.targets[0].iface).name == "i-0d5e0000000000002");
  CHECK(net.at(group.targets[1].iface).name == "i-0d5e0000000000003");
  CHECK(group.targets[1].ports.from == 8080);
}

TEST_CASE("snapshot: transit gateway as the snapshot lists it", "[frontends][snapshot]") {
  const Network& net = fixture();
  REQUIRE(net.transit_gateways.size() == 1);
  REQUIRE(net.tgw_attachments.size() == 1);
  const TgwAttachment& att = net.tgw_attachments.front();
  CHECK(att.kind == TgwAttachmentKind::kVpc);
  CHECK(net.at(att.vpc).name == "vpc-0d5e0000000000001");
  CHECK(att.subnets.size() == 2);
  CHECK_FALSE(att.ipv6_support);
  REQUIRE(net.tgw_route_tables.size() == 1);
  const TgwRouteTable& table = net.tgw_route_tables.front();
  CHECK(table.is_default);
  CHECK(net.at(att.route_table).name == table.name);
  REQUIRE(table.routes.size() == 2);
  CHECK(table.routes[0].destination.str() == "10.0.0.0/16");
  CHECK(table.routes[0].propagated);
  CHECK(table.routes[0].target == RouteTargetKind::kTransitGatewayAttachment);
  CHECK(table.routes[1].destination.str() == "192.168.0.0/16");
  CHECK(table.routes[1].target == RouteTargetKind::kBlackhole);
}

}  // namespace
}  // namespace segproof
