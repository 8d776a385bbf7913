// ModelBuilder: instances, network interfaces, databases, public addresses.
#include <catch2/catch.hpp>

#include "aws/model_builder.h"
#include "aws/test_resources.h"

namespace segproof::aws {
namespace {

using namespace testing;

// basic() plus a public subnet "pub" 10.0.2.0/24 (line 3, map_public_ip_on_launch).
Resources withPublicSubnet() {
  Resources r = basic();
  r.subnets.push_back(subnet("pub", "prod", "10.0.2.0/24", 3));
  r.subnets.back().map_public_ip_on_launch = true;
  r.subnets.back().map_public_ip_location = at(3, 40);
  return r;
}

const PublicAddress& publicOf(const Network& net, const std::string& interface) {
  return named(net.interfaces, interface).public_address;
}

TEST_CASE("an instance's primary interface carries its name, subnet and fixed IP",
          "[aws][endpoints]") {
  Resources r = basic();
  r.instances.push_back(instance("web-1", "web-a", 5));
  r.instances[0].private_ips = {text("10.0.1.10", 5)};
  r.instances[0].source_dest_check = false;
  r.instances[0].tags = {{"Role", "web"}};
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const Interface& web = named(net.interfaces, "web-1");
  CHECK(web.owner == "web-1");
  CHECK(web.kind == EndpointKind::kInstance);
  CHECK(net.at(web.subnet).name == "web-a");
  REQUIRE(web.private_addresses.size() == 1);
  CHECK(web.private_addresses[0].ip->str() == "10.0.1.10");
  CHECK_FALSE(web.source_dest_check);
  CHECK(web.tags.at("Role") == "web");
  CHECK(web.provenance.location.str() == "net.yaml:5:3");
}

TEST_CASE("an unfixed private IP is some address of the subnet", "[aws][endpoints]") {
  Resources r = basic();
  r.instances.push_back(instance("web-1", "web-a", 5));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  const Interface& web = named(net.interfaces, "web-1");
  REQUIRE(web.private_addresses.size() == 1);
  CHECK_FALSE(web.private_addresses[0].ip.has_value());
}

TEST_CASE("an invalid private IP is an error at the value", "[aws][endpoints]") {
  Resources r = basic();
  r.instances.push_back(instance("web-1", "web-a", 5));
  r.instances[0].private_ips = {text("10.0.1.300", 6), text("2001:db8::1", 7)};
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:6:9: error[invalid-ip]: invalid IPv4 address '10.0.1.300'\n"
        "net.yaml:7:9: error[invalid-ip]: invalid IPv4 address '2001:db8::1'\n");
}

// basic() with the IPv6 block 2001:db8:0:1::/64 on web-a, and subnet
// "v4-only" 10.0.2.0/24 (line 3) without one.
Resources dualStack() {
  Resources r = basic();
  r.subnets[0].ipv6_cidr = text("2001:db8:0:1::/64", 2);
  r.subnets.push_back(subnet("v4-only", "prod", "10.0.2.0/24", 3));
  return r;
}

std::vector<std::string> ipv6Of(const Network& net, const std::string& interface) {
  std::vector<std::string> out;
  for (const PrivateAddress& a : named(net.interfaces, interface).ipv6_addresses)
    out.push_back(a.ip ? a.ip->str() : "auto");
  return out;
}

TEST_CASE("IPv6 addresses: written, counted, or given by the subnet",
          "[aws][endpoints][ipv6]") {
  Resources r = dualStack();
  r.instances.push_back(instance("fixed", "web-a", 5));
  r.instances.back().ipv6.addresses = {text("2001:db8:0:1::10", 5), text("2001:db8:0:1::11", 5)};
  r.instances.push_back(instance("counted", "web-a", 6));
  r.instances.back().ipv6.count = number(2, 6);
  r.network_interfaces.push_back(eni("eni", "web-a", 7));
  r.network_interfaces.back().ipv6.addresses = {text("2001:db8:0:1::12", 7)};
  r.instances.push_back(instance("none", "web-a", 8));
  r.instances.push_back(instance("zero", "web-a", 9));
  r.instances.back().ipv6.count = number(0, 9);
  r.instances.push_back(instance("v4", "v4-only", 10));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.errorCount() == 0);
  CHECK(ipv6Of(net, "fixed") == std::vector<std::string>{"2001:db8:0:1::10", "2001:db8:0:1::11"});
  CHECK(ipv6Of(net, "counted") == std::vector<std::string>{"auto", "auto"});
  CHECK(ipv6Of(net, "eni") == std::vector<std::string>{"2001:db8:0:1::12"});
  CHECK(ipv6Of(net, "none").empty());
  CHECK(ipv6Of(net, "v4").empty());
  // The subnet assigns one to an interface that asks for none, not to one
  // that asks for 0 or for fixed addresses.
  r.subnets[0].assign_ipv6_on_creation = true;
  r.subnets[1].assign_ipv6_on_creation = true;  // no IPv6 block: nothing to give
  DiagnosticEngine again;
  net = buildNetwork(r, again);
  REQUIRE(again.errorCount() == 0);
  CHECK(ipv6Of(net, "none") == std::vector<std::string>{"auto"});
  CHECK(ipv6Of(net, "zero").empty());
  CHECK(ipv6Of(net, "fixed").size() == 2);
  CHECK(ipv6Of(net, "v4").empty());
}

TEST_CASE("IPv6 addresses must be IPv6, in a subnet that has a block, counted from 0",
          "[aws][endpoints][ipv6]") {
  Resources r = dualStack();
  r.instances.push_back(instance("bad", "web-a", 5));
  r.instances.back().ipv6.addresses = {text("10.0.1.10", 5), text("2001:db8::zz", 6)};
  r.instances.push_back(instance("negative", "web-a", 7));
  r.instances.back().ipv6.count = number(-1, 7);
  r.instances.push_back(instance("v4-fixed", "v4-only", 8));
  r.instances.back().ipv6.addresses = {text("2001:db8:0:2::10", 8)};
  r.network_interfaces.push_back(eni("v4-counted", "v4-only", 9));
  r.network_interfaces.back().ipv6.count = number(1, 9);
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:5:9: error[invalid-ip]: invalid IPv6 address '10.0.1.10'\n"
        "net.yaml:6:9: error[invalid-ip]: invalid IPv6 address '2001:db8::zz'\n"
        "net.yaml:7:9: error[invalid-value]: instance 'negative' asks for -1 IPv6 addresses; the "
        "count must be 0 or more\n"
        "net.yaml:8:9: error[missing-cidr]: instance 'v4-fixed' asks for IPv6 addresses, but "
        "subnet 'v4-only' has no IPv6 CIDR block\n"
        "net.yaml:9:9: error[missing-cidr]: network interface 'v4-counted' asks for IPv6 "
        "addresses, but subnet 'v4-only' has no IPv6 CIDR block\n");
}

TEST_CASE("fixed IPv6 addresses are checked like private IPs", "[aws][endpoints][ipv6]") {
  Resources r = dualStack();
  r.instances.push_back(instance("a", "web-a", 5));
  r.instances.back().ipv6.addresses = {text("2001:db8:0:1::10", 5)};
  r.instances.push_back(instance("b", "web-a", 6));
  r.instances.back().ipv6.addresses = {text("2001:db8:0:1::10", 6)};
  r.instances.push_back(instance("c", "web-a", 7));
  r.instances.back().ipv6.addresses = {text("2001:db8:0:9::10", 7)};
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:6:3: error[duplicate-ip]: 'b' IPv6 address 2001:db8:0:1::10 is already used by "
        "'a'\n"
        "net.yaml:7:3: error[ip-outside-subnet]: 'c' IPv6 address 2001:db8:0:9::10 is not inside "
        "subnet 'web-a' (2001:db8:0:1::/64)\n");
}

ServiceSpec service(const std::string& name, EndpointKind kind, std::vector<Ref> subnets,
                    ServiceIpv6 ipv6, int line) {
  ServiceSpec spec;
  spec.provenance = prov(name, line);
  spec.name = name;
  spec.kind = kind;
  spec.subnets = std::move(subnets);
  spec.ipv6 = {ipv6, at(line, 9)};
  return spec;
}

TEST_CASE("a dual-stack service gets one IPv6 address in each subnet with an IPv6 block",
          "[aws][endpoints][ipv6]") {
  Resources r = dualStack();
  r.services.push_back(
      service("db", EndpointKind::kDatabase, {ref("web-a", 5)}, ServiceIpv6::kDualStack, 5));
  r.services.push_back(
      service("v4-db", EndpointKind::kDatabase, {ref("web-a", 6)}, ServiceIpv6::kNone, 6));
  // Not fixed by the input: dual-stack where the subnet has a block, silently.
  r.services.push_back(service("tasks", EndpointKind::kContainer,
                               {ref("web-a", 7), ref("v4-only", 7)}, ServiceIpv6::kPossible, 7));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK(ipv6Of(net, "db") == std::vector<std::string>{"auto"});
  CHECK(ipv6Of(net, "v4-db").empty());
  CHECK(ipv6Of(net, "tasks (web-a)") == std::vector<std::string>{"auto"});
  CHECK(ipv6Of(net, "tasks (v4-only)").empty());
}

TEST_CASE("a written dual-stack service in a subnet without an IPv6 block is warned about",
          "[aws][endpoints][ipv6]") {
  Resources r = dualStack();
  r.services.push_back(service("cache", EndpointKind::kCache, {ref("web-a", 5), ref("v4-only", 5)},
                               ServiceIpv6::kDualStack, 6));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:6:9: warning[missing-ipv6-cidr]: cache 'cache' is dual-stack, but subnet "
        "'v4-only' has no IPv6 CIDR block (AWS refuses this); its interface there is taken to be "
        "IPv4 only\n");
  CHECK(ipv6Of(net, "cache (web-a)") == std::vector<std::string>{"auto"});
  CHECK(ipv6Of(net, "cache (v4-only)").empty());
}

TEST_CASE("a service launching instances takes IPv6 as its subnets assign it",
          "[aws][endpoints][ipv6]") {
  Resources r = dualStack();
  r.subnets.push_back(subnet("web-b", "prod", "10.0.3.0/24", 4));
  r.subnets.back().ipv6_cidr = text("2001:db8:0:3::/64", 4);
  r.subnets[0].assign_ipv6_on_creation = true;
  r.services.push_back(service("nodes", EndpointKind::kKubernetesNode,
                               {ref("web-a", 5), ref("web-b", 5), ref("v4-only", 5)},
                               ServiceIpv6::kFromSubnet, 5));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK(ipv6Of(net, "nodes (web-a)") == std::vector<std::string>{"auto"});
  CHECK(ipv6Of(net, "nodes (web-b)").empty());
  CHECK(ipv6Of(net, "nodes (v4-only)").empty());
}

TEST_CASE("an interface without groups gets the VPC's default group", "[aws][endpoints]") {
  Resources r = basic();
  r.security_groups.push_back(group("web-sg", "prod", 4));
  r.instances.push_back(instance("bare", "web-a", 5));
  r.instances.push_back(instance("web-1", "web-a", 6));
  r.instances[1].security_groups = {ref("web-sg", 6), ref("web-sg", 6)};
  r.network_interfaces.push_back(eni("eni", "web-a", 7));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  SecurityGroupId default_group = named(net.vpcs, "prod").default_security_group;
  CHECK(named(net.interfaces, "bare").security_groups == std::vector{default_group});
  CHECK(named(net.interfaces, "eni").security_groups == std::vector{default_group});
  const auto& groups = named(net.interfaces, "web-1").security_groups;
  REQUIRE(groups.size() == 1);  // duplicates collapse
  CHECK(net.at(groups[0]).name == "web-sg");
}

TEST_CASE("an interface's groups must be in its subnet's VPC", "[aws][endpoints]") {
  Resources r = basic();
  r.vpcs.push_back(vpc("test", "10.1.0.0/16", 3));
  r.security_groups.push_back(group("test-sg", "test", 4));
  r.instances.push_back(instance("web-1", "web-a", 5));
  r.instances[0].security_groups = {ref("test-sg", 6)};
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:6:9: error[security-group-vpc-mismatch]: security group 'test-sg' belongs to "
        "VPC 'test', not to VPC 'prod' of subnet 'web-a'\n");
}

TEST_CASE("the subnet's map_public_ip_on_launch gives an instance a public IPv4",
          "[aws][public-ip]") {
  Resources r = withPublicSubnet();
  r.instances.push_back(instance("pub-1", "pub", 5));
  r.instances.push_back(instance("priv-1", "web-a", 6));
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  const PublicAddress& pub = publicOf(net, "pub-1");
  CHECK(pub.kind == PublicAddress::Kind::kAssigned);
  CHECK_FALSE(pub.ip.has_value());
  CHECK(pub.provenance.address == "pub");  // the subnet decided
  CHECK(pub.provenance.location.column == 40);  // at the flag, for explanations
  CHECK_FALSE(publicOf(net, "priv-1").present());
}

TEST_CASE("an instance's explicit associate flag wins over the subnet", "[aws][public-ip]") {
  Resources r = withPublicSubnet();
  r.instances.push_back(instance("no", "pub", 5));
  r.instances[0].public_ip.associate = Located<bool>{false, at(5, 9)};
  r.instances.push_back(instance("yes", "web-a", 6));
  r.instances[1].public_ip.associate = Located<bool>{true, at(6, 9)};
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK_FALSE(publicOf(net, "no").present());
  const PublicAddress& yes = publicOf(net, "yes");
  CHECK(yes.kind == PublicAddress::Kind::kAssigned);
  CHECK(yes.provenance.location.str() == "net.yaml:6:9");
  CHECK(yes.provenance.address == "yes");
}

TEST_CASE("an explicit public address is an Elastic IP", "[aws][public-ip]") {
  Resources r = basic();
  r.instances.push_back(instance("web-1", "web-a", 5));
  r.instances[0].public_ip.address = text("203.0.113.7", 6);
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  const PublicAddress& pub = publicOf(net, "web-1");
  CHECK(pub.kind == PublicAddress::Kind::kElastic);
  CHECK(pub.ip->str() == "203.0.113.7");
  CHECK(pub.provenance.location.str() == "net.yaml:6:9");
}

TEST_CASE("a standalone interface ignores the subnet's public IP setting", "[aws][public-ip]") {
  Resources r = withPublicSubnet();
  r.network_interfaces.push_back(eni("plain", "pub", 5));
  r.network_interfaces.push_back(eni("fixed", "pub", 6));
  r.network_interfaces[1].public_ip.address = text("198.51.100.7", 6);
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  CHECK_FALSE(publicOf(net, "plain").present());
  CHECK(named(net.interfaces, "plain").kind == EndpointKind::kNetworkInterface);
  CHECK(publicOf(net, "fixed").kind == PublicAddress::Kind::kElastic);
  CHECK(publicOf(net, "fixed").ip->str() == "198.51.100.7");
}

TEST_CASE("an attached interface belongs to its instance and inherits its tags",
          "[aws][endpoints]") {
  Resources r = basic();
  r.instances.push_back(instance("fw-1", "web-a", 5));
  r.instances[0].tags = {{"Env", "prod"}, {"Role", "fw"}};
  r.network_interfaces.push_back(eni("fw-eni", "web-a", 6));
  r.network_interfaces[0].attached_instance = ref("fw-1", 6);
  r.network_interfaces[0].tags = {{"Role", "appliance"}};
  r.network_interfaces.push_back(eni("lost", "web-a", 7));
  r.network_interfaces[1].attached_instance = ref("fw-9", 7);
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() == "net.yaml:7:9: error[unknown-reference]: unknown instance 'fw-9'\n");
  const Interface& eni_ = named(net.interfaces, "fw-eni");
  CHECK(eni_.owner == "fw-1");
  CHECK(eni_.kind == EndpointKind::kInstance);
  CHECK(eni_.tags == Tags{{"Env", "prod"}, {"Role", "appliance"}});
}

TEST_CASE("an Elastic IP gives its instance or interface a public address", "[aws][public-ip]") {
  Resources r = basic();
  r.instances.push_back(instance("web-1", "web-a", 5));
  r.instances[0].public_ip.associate = Located<bool>{false, at(5, 9)};
  r.network_interfaces.push_back(eni("eni", "web-a", 6));
  ElasticIpSpec direct{prov("eip-1", 7), "eip-1", text("203.0.113.1", 7), ref("web-1", 7), {}, {}};
  ElasticIpSpec later{prov("eip-2", 8), "eip-2", std::nullopt, {}, {}, {}};
  r.elastic_ips = {direct, later};
  r.elastic_ip_associations.push_back({prov("assoc", 9), ref("eip-2", 9), {}, ref("eni", 9)});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const PublicAddress& web = publicOf(net, "web-1");
  CHECK(web.kind == PublicAddress::Kind::kElastic);  // despite associate = false
  CHECK(web.ip->str() == "203.0.113.1");
  CHECK(web.provenance.address == "eip-1");
  const PublicAddress& eni_ = publicOf(net, "eni");
  CHECK(eni_.kind == PublicAddress::Kind::kElastic);
  CHECK_FALSE(eni_.ip.has_value());
}

TEST_CASE("an Elastic IP is associated with one interface", "[aws][public-ip]") {
  Resources r = basic();
  r.instances.push_back(instance("a", "web-a", 5));
  r.instances.push_back(instance("b", "web-a", 6));
  r.elastic_ips.push_back({prov("eip", 7), "eip", std::nullopt, ref("a", 7), {}, {}});
  r.elastic_ip_associations.push_back({prov("assoc", 8), ref("eip", 8), ref("b", 8), {}});
  r.elastic_ip_associations.push_back({prov("assoc", 9), ref("eip", 9), {}, {}});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:8:3: error[duplicate-association]: elastic IP 'eip' is already associated "
        "with 'a'\n"
        "net.yaml:9:3: error[missing-reference]: elastic IP association names no instance or "
        "network interface\n");
  CHECK_FALSE(publicOf(net, "b").present());
}

TEST_CASE("a public NAT gateway has its Elastic IP, a private one none", "[aws][nat]") {
  Resources r = basic();
  r.elastic_ips.push_back({prov("nat-eip", 4), "nat-eip", text("203.0.113.9", 4), {}, {}, {}});
  r.nat_gateways.push_back({prov("nat-a", 5),
                            "nat-a",
                            ref("web-a", 5),
                            true,
                            text("10.0.1.5", 5),
                            ref("nat-eip", 5),
                            {},
                            {}});
  r.nat_gateways.push_back(
      {prov("nat-b", 6), "nat-b", ref("web-a", 6), true, {}, {}, text("198.51.100.1", 6), {}});
  r.nat_gateways.push_back({prov("nat-c", 7), "nat-c", ref("web-a", 7), true, {}, {}, {}, {}});
  r.nat_gateways.push_back({prov("nat-d", 8), "nat-d", ref("web-a", 8), false, {}, {}, {}, {}});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const NatGateway& a = named(net.nat_gateways, "nat-a");
  CHECK(a.private_address.ip->str() == "10.0.1.5");
  CHECK(a.public_address.kind == PublicAddress::Kind::kElastic);
  CHECK(a.public_address.ip->str() == "203.0.113.9");
  CHECK(named(net.nat_gateways, "nat-b").public_address.ip->str() == "198.51.100.1");
  const NatGateway& c = named(net.nat_gateways, "nat-c");
  CHECK(c.public_address.kind == PublicAddress::Kind::kElastic);
  CHECK_FALSE(c.public_address.ip.has_value());
  const NatGateway& d = named(net.nat_gateways, "nat-d");
  CHECK_FALSE(d.is_public);
  CHECK_FALSE(d.public_address.present());
  CHECK_FALSE(d.private_address.ip.has_value());
}

// basic() plus subnet "web-b" (line 3) and a group "data" of both (line 4).
Resources withTwoSubnets() {
  Resources r = basic();
  r.subnets.push_back(subnet("web-b", "prod", "10.0.2.0/24", 3));
  r.subnet_groups.push_back({prov("data", 4), "data", {ref("web-a", 4), ref("web-b", 4)}});
  return r;
}

TEST_CASE("a database gets one interface per candidate subnet", "[aws][databases]") {
  Resources r = withTwoSubnets();
  r.services.push_back({prov("orders", 5),
                         "orders",
                         EndpointKind::kDatabase,
                         {ref("web-a", 5), ref("web-b", 5)},
                         {},
                         false,
                         false,
                         {},
                         number(5432, 5),
                         {{"Data", "pii"}}});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  REQUIRE(diags.renderAll() == "");
  const Interface& a = named(net.interfaces, "orders (web-a)");
  const Interface& b = named(net.interfaces, "orders (web-b)");
  for (const Interface* db : {&a, &b}) {
    CHECK(db->owner == "orders");
    CHECK(db->kind == EndpointKind::kDatabase);
    CHECK_FALSE(db->public_address.present());
    REQUIRE(db->private_addresses.size() == 1);
    CHECK_FALSE(db->private_addresses[0].ip.has_value());
    CHECK(db->tags.at("Data") == "pii");
  }
  CHECK(net.at(a.subnet).name == "web-a");
  CHECK(net.at(b.subnet).name == "web-b");
}

TEST_CASE("a database in one subnet is named as itself", "[aws][databases]") {
  Resources r = withTwoSubnets();
  r.services.push_back(
      {prov("cache", 5), "cache", EndpointKind::kCache, {ref("web-a", 5)}, {}, true, false, {}, {}, {}});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  const Interface& cache = named(net.interfaces, "cache");
  CHECK(cache.public_address.kind == PublicAddress::Kind::kAssigned);  // publicly accessible
  CHECK(cache.security_groups == std::vector{named(net.vpcs, "prod").default_security_group});
}

TEST_CASE("a database may name its subnets through a DB subnet group", "[aws][databases]") {
  Resources r = withTwoSubnets();
  r.services.push_back({prov("orders", 5), "orders", EndpointKind::kDatabase, {}, ref("data", 5), false, false, {}, {}, {}});
  r.services.push_back({prov("lost", 6), "lost", EndpointKind::kDatabase, {}, ref("dta", 6), false, false, {}, {}, {}});
  r.services.push_back({prov("nowhere", 7), "nowhere", EndpointKind::kDatabase, {}, {}, false, false, {}, {}, {}});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:6:9: error[unknown-reference]: unknown subnet group 'dta'\n"
        "net.yaml:7:3: error[missing-reference]: database 'nowhere' names no subnet\n");
  CHECK(net.interfaces.size() == 2);
  CHECK(named(net.interfaces, "orders (web-b)").owner == "orders");
}

TEST_CASE("a database's subnets are in one VPC and its port in range", "[aws][databases]") {
  Resources r = withTwoSubnets();
  r.vpcs.push_back(vpc("test", "10.1.0.0/16", 6));
  r.subnets.push_back(subnet("test-a", "test", "10.1.1.0/24", 7));
  r.services.push_back({prov("orders", 8),
                         "orders",
                         EndpointKind::kDatabase,
                         {ref("web-a", 8), ref("test-a", 9)},
                         {},
                         false,
                         false,
                         {},
                         number(70000, 10),
                         {}});
  DiagnosticEngine diags;
  Network net = buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:10:9: error[invalid-port]: port 70000 is out of range (0-65535)\n"
        "net.yaml:9:9: error[subnet-vpc-mismatch]: subnet 'test-a' is in VPC 'test', not in "
        "VPC 'prod' of subnet 'web-a'\n");
}

TEST_CASE("endpoint names are unique across instances, interfaces and databases",
          "[aws][endpoints]") {
  Resources r = basic();
  r.instances.push_back(instance("app", "web-a", 5));
  r.network_interfaces.push_back(eni("app", "web-a", 6));
  DiagnosticEngine diags;
  buildNetwork(r, diags);
  CHECK(diags.renderAll() ==
        "net.yaml:6:3: error[duplicate-name]: duplicate network interface name 'app' (first "
        "defined at net.yaml:5:3)\n");
}

}  // namespace
}  // namespace segproof::aws
