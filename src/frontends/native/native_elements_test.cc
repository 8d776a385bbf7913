// The native format's plain elements: subnets, gateways, endpoints.
#include <catch2/catch.hpp>

#include "frontends/native/native_frontend.h"
#include "frontends/native/native_test_util.h"

namespace segproof {
namespace {

using testing::load;
using testing::problems;

TEST_CASE("subnets and their associations", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "subnets:\n"
      "  - name: web-a\n"
      "    vpc: prod\n"
      "    cidr: 10.0.1.0/24\n"
      "    ipv6_cidr: 2001:db8::/64\n"
      "    availability_zone: eu-west-1a\n"
      "    map_public_ip_on_launch: true\n"
      "    route_table: public-rt\n"
      "    network_acl: web-acl\n"
      "    tags: {Tier: web}\n"
      "  - {name: data-a, vpc: prod, cidr: 10.0.2.0/24}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.subnets.size() == 2);
  const aws::SubnetSpec& web = r.subnets[0];
  CHECK(web.vpc.address == "prod");
  CHECK(web.vpc.location.str() == "net.yaml:4:10");
  CHECK(web.cidr.value == "10.0.1.0/24");
  CHECK(web.ipv6_cidr->value == "2001:db8::/64");
  CHECK(web.availability_zone == "eu-west-1a");
  CHECK(web.map_public_ip_on_launch);
  CHECK(web.tags.at("Tier") == "web");
  CHECK_FALSE(r.subnets[1].map_public_ip_on_launch);
  CHECK_FALSE(r.subnets[1].ipv6_cidr.has_value());
  REQUIRE(r.route_table_associations.size() == 1);
  CHECK(r.route_table_associations[0].subnet.address == "web-a");
  CHECK(r.route_table_associations[0].route_table.address == "public-rt");
  CHECK(r.route_table_associations[0].route_table.location.str() == "net.yaml:9:18");
  REQUIRE(r.network_acl_associations.size() == 1);
  CHECK(r.network_acl_associations[0].network_acl.address == "web-acl");
}

TEST_CASE("internet gateways, NAT gateways, peerings, gateways, prefix lists",
          "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "internet_gateways:\n"
      "  - {name: igw, vpc: prod, tags: {Env: prod}}\n"
      "nat_gateways:\n"
      "  - {name: nat-a, subnet: web-a, private_ip: 10.0.1.5, public_ip: 203.0.113.10}\n"
      "  - {name: nat-b, subnet: web-a, connectivity: private}\n"
      "peerings:\n"
      "  - {name: pcx, requester: prod, accepter: test, status: pending}\n"
      "gateways:\n"
      "  - {name: vgw, type: vpn, vpc: prod}\n"
      "  - {name: tgw, type: transit}\n"
      "  - {name: vpce, type: endpoint}\n"
      "  - {name: eigw, type: egress_only}\n"
      "  - {name: lgw, type: other}\n"
      "prefix_lists:\n"
      "  - {name: corp, entries: [10.0.0.0/8, 172.16.0.0/12]}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.internet_gateways.size() == 1);
  CHECK(r.internet_gateways[0].vpc.address == "prod");
  CHECK(r.internet_gateways[0].tags.at("Env") == "prod");
  REQUIRE(r.nat_gateways.size() == 2);
  CHECK(r.nat_gateways[0].is_public);
  CHECK(r.nat_gateways[0].private_ip->value == "10.0.1.5");
  CHECK(r.nat_gateways[0].public_ip->value == "203.0.113.10");
  CHECK_FALSE(r.nat_gateways[1].is_public);
  REQUIRE(r.peerings.size() == 1);
  CHECK(r.peerings[0].requester_vpc.address == "prod");
  CHECK(r.peerings[0].accepter_vpc.address == "test");
  CHECK_FALSE(r.peerings[0].active);
  REQUIRE(r.gateways.size() == 5);
  CHECK(r.gateways[0].kind == RouteTargetKind::kVpnGateway);
  CHECK(r.gateways[0].vpc.address == "prod");
  CHECK(r.gateways[1].kind == RouteTargetKind::kTransitGateway);
  CHECK(r.gateways[2].kind == RouteTargetKind::kVpcEndpoint);
  CHECK(r.gateways[3].kind == RouteTargetKind::kEgressOnlyInternetGateway);
  CHECK(r.gateways[4].kind == RouteTargetKind::kOther);
  REQUIRE(r.prefix_lists.size() == 1);
  REQUIRE(r.prefix_lists[0].entries.size() == 2);
  CHECK(r.prefix_lists[0].entries[1].value == "172.16.0.0/12");
  CHECK(r.prefix_lists[0].content_known);
}

TEST_CASE("enumerated values are checked", "[frontends][native]") {
  CHECK(problems("gateways:\n  - {name: g, type: vpc}\n") ==
        "net.yaml:3:21: error[invalid-value]: expected vpn, transit, endpoint, egress_only or "
        "other for 'type' in gateway\n"
        "    - {name: g, type: vpc}\n"
        "                      ^\n");
  CHECK(problems("peerings:\n  - {name: p, requester: a, accepter: b, status: up}\n") ==
        "net.yaml:3:50: error[invalid-value]: expected active or pending for 'status' in "
        "peering\n"
        "    - {name: p, requester: a, accepter: b, status: up}\n"
        "                                                   ^\n");
  CHECK(problems("nat_gateways:\n  - {name: n, subnet: s, connectivity: internal}\n") ==
        "net.yaml:3:40: error[invalid-value]: expected public or private for 'connectivity' in "
        "NAT gateway\n"
        "    - {name: n, subnet: s, connectivity: internal}\n"
        "                                         ^\n");
  CHECK(problems("nat_gateways:\n  - {name: n, subnet: s, connectivity: private, public_ip: "
                 "203.0.113.1}\n") ==
        "net.yaml:3:60: error[invalid-value]: a private NAT gateway has no public IP\n"
        "    - {name: n, subnet: s, connectivity: private, public_ip: 203.0.113.1}\n"
        "                                                             ^\n");
}

TEST_CASE("instances: addresses, public IP choices, groups", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "instances:\n"
      "  - name: web-1\n"
      "    subnet: web-a\n"
      "    private_ip: 10.0.1.10\n"
      "    public_ip: true\n"
      "    security_groups: [web-sg, admin-sg]\n"
      "    source_dest_check: false\n"
      "    tags: {Role: web}\n"
      "  - {name: web-2, subnet: web-a, private_ips: [10.0.1.11, 10.0.1.12], public_ip: false}\n"
      "  - {name: web-3, subnet: web-a, public_ip: 203.0.113.5}\n"
      "  - {name: web-4, subnet: web-a}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.instances.size() == 4);
  const aws::InstanceSpec& web1 = r.instances[0];
  CHECK(web1.subnet.address == "web-a");
  REQUIRE(web1.private_ips.size() == 1);
  CHECK(web1.private_ips[0].value == "10.0.1.10");
  CHECK(web1.public_ip.associate->value);
  CHECK(web1.public_ip.associate->location.str() == "net.yaml:6:16");
  CHECK_FALSE(web1.public_ip.address.has_value());
  REQUIRE(web1.security_groups.size() == 2);
  CHECK(web1.security_groups[1].address == "admin-sg");
  CHECK_FALSE(web1.source_dest_check);
  CHECK(web1.tags.at("Role") == "web");
  CHECK(r.instances[1].private_ips.size() == 2);
  CHECK_FALSE(r.instances[1].public_ip.associate->value);
  CHECK(r.instances[2].public_ip.address->value == "203.0.113.5");
  CHECK_FALSE(r.instances[2].public_ip.associate.has_value());
  CHECK_FALSE(r.instances[3].public_ip.associate.has_value());  // the subnet decides
  CHECK(r.instances[3].private_ips.empty());
  CHECK(r.instances[3].source_dest_check);
}

TEST_CASE("private_ip and private_ips exclude each other", "[frontends][native]") {
  CHECK(problems("instances:\n  - {name: i, subnet: s, private_ip: 10.0.1.5, private_ips: "
                 "[10.0.1.6]}\n") ==
        "net.yaml:3:48: error[conflicting-keys]: 'private_ip' and 'private_ips' cannot both be "
        "given in instance\n"
        "    - {name: i, subnet: s, private_ip: 10.0.1.5, private_ips: [10.0.1.6]}\n"
        "                                                 ^\n");
}

TEST_CASE("IPv6 addresses of instances and interfaces, and the subnet's assign flag",
          "[frontends][native][ipv6]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "subnets:\n"
      "  - {name: web-a, vpc: prod, cidr: 10.0.1.0/24, ipv6_cidr: 2001:db8::/64,\n"
      "     assign_ipv6_address_on_creation: true}\n"
      "instances:\n"
      "  - {name: web-1, subnet: web-a, ipv6_addresses: [2001:db8::10, 2001:db8::11]}\n"
      "  - {name: web-2, subnet: web-a, ipv6_address_count: 2}\n"
      "  - {name: web-3, subnet: web-a}\n"
      "network_interfaces:\n"
      "  - {name: eni, subnet: web-a, ipv6_address_count: 0}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.subnets.size() == 1);
  CHECK(r.subnets[0].assign_ipv6_on_creation);
  REQUIRE(r.instances.size() == 3);
  REQUIRE(r.instances[0].ipv6.addresses.size() == 2);
  CHECK(r.instances[0].ipv6.addresses[1].value == "2001:db8::11");
  CHECK_FALSE(r.instances[0].ipv6.count);
  CHECK(r.instances[1].ipv6.count->value == 2);
  CHECK(r.instances[1].ipv6.count->location.str() == "net.yaml:7:54");
  CHECK((r.instances[2].ipv6.addresses.empty() && !r.instances[2].ipv6.count));
  REQUIRE(r.network_interfaces.size() == 1);
  CHECK(r.network_interfaces[0].ipv6.count->value == 0);
  CHECK(problems("instances:\n  - {name: i, subnet: s, ipv6_addresses: [2001:db8::5], "
                 "ipv6_address_count: 1}\n") ==
        "net.yaml:3:57: error[conflicting-keys]: 'ipv6_addresses' and 'ipv6_address_count' "
        "cannot both be given in instance\n"
        "    - {name: i, subnet: s, ipv6_addresses: [2001:db8::5], ipv6_address_count: 1}\n"
        "                                                          ^\n");
}

TEST_CASE("network interfaces and databases", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "network_interfaces:\n"
      "  - {name: eni, subnet: web-a, private_ip: 10.0.1.20, security_groups: [fw-sg],\n"
      "     source_dest_check: false, instance: fw-1, public_ip: 198.51.100.7}\n"
      "databases:\n"
      "  - name: orders-db\n"
      "    subnets: [data-a, data-b]\n"
      "    publicly_accessible: true\n"
      "    security_groups: [db-sg]\n"
      "    port: 5432\n"
      "    tags: {Data: pii}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.network_interfaces.size() == 1);
  const aws::NetworkInterfaceSpec& eni = r.network_interfaces[0];
  CHECK(eni.attached_instance.address == "fw-1");
  CHECK_FALSE(eni.source_dest_check);
  CHECK(eni.public_ip.address->value == "198.51.100.7");
  CHECK(eni.private_ips[0].value == "10.0.1.20");
  CHECK(eni.security_groups[0].address == "fw-sg");
  REQUIRE(r.services.size() == 1);
  const aws::ServiceSpec& db = r.services[0];
  REQUIRE(db.subnets.size() == 2);
  CHECK(db.subnets[1].address == "data-b");
  CHECK(db.publicly_accessible);
  CHECK(db.port->value == 5432);
  CHECK(db.security_groups[0].address == "db-sg");
  CHECK(db.tags.at("Data") == "pii");
  CHECK(db.provenance.location.str() == "net.yaml:6:5");
}

}  // namespace
}  // namespace segproof
