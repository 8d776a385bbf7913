// The native format's route tables, security groups and network ACLs.
#include <catch2/catch.hpp>

#include "frontends/native/native_frontend.h"
#include "frontends/native/native_test_util.h"

namespace segproof {
namespace {

using testing::load;
using testing::problems;

TEST_CASE("routes name their target by kind", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "route_tables:\n"
      "  - name: rt\n"
      "    vpc: prod\n"
      "    main: true\n"
      "    subnets: [web-a]\n"
      "    routes:\n"
      "      - {destination: 0.0.0.0/0, internet_gateway: igw}\n"
      "      - {destination: 10.1.0.0/16, peering: pcx}\n"
      "      - {destination: 10.2.0.0/16, nat_gateway: nat}\n"
      "      - {destination: 10.3.0.0/16, transit_gateway: tgw}\n"
      "      - {destination: 10.4.0.0/16, vpn_gateway: vgw, propagated: true}\n"
      "      - {destination: 10.5.0.0/16, vpc_endpoint: vpce}\n"
      "      - {destination: 10.6.0.0/16, egress_only_gateway: eigw}\n"
      "      - {destination: 10.7.0.0/16, network_interface: fw}\n"
      "      - {destination: 10.8.0.0/16, gateway: lgw}\n"
      "      - {destination: 10.9.0.0/16, blackhole: true}\n"
      "      - {destination_prefix_list: s3, vpc_endpoint: vpce}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.route_tables.size() == 1);
  CHECK(r.route_tables[0].is_main);
  CHECK(r.route_tables[0].vpc.address == "prod");
  REQUIRE(r.route_table_associations.size() == 1);
  CHECK(r.route_table_associations[0].subnet.address == "web-a");
  CHECK(r.route_table_associations[0].route_table.address == "rt");
  CHECK(r.route_table_associations[0].provenance.location.str() == "net.yaml:6:15");
  REQUIRE(r.routes.size() == 11);
  using K = RouteTargetKind;
  const K kinds[] = {K::kInternetGateway,
                     K::kPeering,
                     K::kNatGateway,
                     K::kTransitGateway,
                     K::kVpnGateway,
                     K::kVpcEndpoint,
                     K::kEgressOnlyInternetGateway,
                     K::kNetworkInterface,
                     K::kOther,
                     K::kBlackhole,
                     K::kVpcEndpoint};
  for (size_t i = 0; i < r.routes.size(); ++i) {
    INFO(i);
    CHECK(r.routes[i].target == kinds[i]);
    CHECK(r.routes[i].route_table.address == "rt");
    CHECK(r.routes[i].provenance.address == "rt.routes[" + std::to_string(i) + "]");
  }
  CHECK(r.routes[0].target_ref.address == "igw");
  CHECK(r.routes[0].destination->value == "0.0.0.0/0");
  CHECK(r.routes[0].provenance.location.str() == "net.yaml:8:9");
  CHECK(r.routes[4].propagated);
  CHECK_FALSE(r.routes[9].target_ref.given());
  CHECK_FALSE(r.routes[10].destination.has_value());
  CHECK(r.routes[10].destination_prefix_list.address == "s3");
}

TEST_CASE("a route has one destination and one target", "[frontends][native]") {
  std::string table = "route_tables:\n  - name: rt\n    vpc: prod\n    routes:\n";
  CHECK(problems(table + "      - {internet_gateway: igw}\n") ==
        "net.yaml:6:9: error[missing-key]: missing key 'destination' (or "
        "'destination_prefix_list') in route\n"
        "        - {internet_gateway: igw}\n"
        "          ^\n");
  CHECK(problems(table + "      - {destination: 0.0.0.0/0}\n") ==
        "net.yaml:6:9: error[missing-key]: missing target in route (one of internet_gateway, "
        "nat_gateway, peering, transit_gateway, vpn_gateway, vpc_endpoint, "
        "egress_only_gateway, network_interface, gateway, blackhole)\n"
        "        - {destination: 0.0.0.0/0}\n"
        "          ^\n");
  CHECK(problems(table + "      - {destination: 0.0.0.0/0, nat_gateway: n, peering: p}\n") ==
        "net.yaml:6:50: error[conflicting-keys]: 'nat_gateway' and 'peering' cannot both be "
        "given in route\n"
        "        - {destination: 0.0.0.0/0, nat_gateway: n, peering: p}\n"
        "                                                   ^\n");
  CHECK(problems(table + "      - {destination: 0.0.0.0/0, blackhole: false}\n") ==
        "net.yaml:6:45: error[invalid-value]: expected true for 'blackhole' in route\n"
        "        - {destination: 0.0.0.0/0, blackhole: false}\n"
        "                                              ^\n");
}

TEST_CASE("security group rules: one spec per peer", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "security_groups:\n"
      "  - name: web-sg\n"
      "    vpc: prod\n"
      "    tags: {Tier: web}\n"
      "    ingress:\n"
      "      - {protocol: tcp, ports: 443, cidr: 0.0.0.0/0, description: https}\n"
      "      - {protocol: tcp, ports: 8000-8080, security_group: lb-sg}\n"
      "      - {protocol: all, self: true}\n"
      "      - {protocol: icmp, icmp_type: 8, icmp_code: -1, cidr: 10.0.0.0/8}\n"
      "      - {protocol: tcp, ports: 22, prefix_list: corp}\n"
      "      - {protocol: udp, ports: all, cidrs: [10.0.0.0/8, 192.168.0.0/16]}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.security_groups.size() == 1);
  const aws::SecurityGroupSpec& sg = r.security_groups[0];
  CHECK(sg.keep_default_egress);  // egress not written
  CHECK_FALSE(sg.is_default);
  CHECK(sg.tags.at("Tier") == "web");
  const auto& rules = r.security_group_rules;
  REQUIRE(rules.size() == 7);
  CHECK(rules[0].security_group.address == "web-sg");
  CHECK(rules[0].direction == Direction::kIngress);
  CHECK(rules[0].match.protocol.value == "tcp");
  CHECK(rules[0].match.from_port->value == 443);
  CHECK(rules[0].match.to_port->value == 443);
  CHECK(rules[0].match.from_port->location.str() == "net.yaml:7:32");
  CHECK(rules[0].cidr->value == "0.0.0.0/0");
  CHECK(rules[0].description == "https");
  CHECK(rules[0].provenance.address == "web-sg.ingress[0]");
  CHECK(rules[0].provenance.location.str() == "net.yaml:7:9");
  CHECK(rules[1].match.from_port->value == 8000);
  CHECK(rules[1].match.to_port->value == 8080);
  CHECK(rules[1].peer_group.address == "lb-sg");
  CHECK(rules[2].self);
  CHECK_FALSE(rules[2].match.from_port.has_value());
  CHECK(rules[3].match.icmp_type->value == 8);
  CHECK(rules[3].match.icmp_code->value == -1);
  CHECK(rules[4].prefix_list.address == "corp");
  CHECK_FALSE(rules[5].match.from_port.has_value());  // all ports
  CHECK(rules[5].cidr->value == "10.0.0.0/8");
  CHECK(rules[6].cidr->value == "192.168.0.0/16");
  CHECK(rules[6].provenance.address == "web-sg.ingress[5]");
}

TEST_CASE("written egress replaces AWS's allow-all egress, even when empty",
          "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "security_groups:\n"
      "  - {name: closed, egress: []}\n"
      "  - name: adopted\n"
      "    default: true\n"
      "    egress:\n"
      "      - {protocol: tcp, ports: 443, cidr: 0.0.0.0/0}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.security_groups.size() == 2);
  CHECK_FALSE(r.security_groups[0].keep_default_egress);
  CHECK_FALSE(r.security_groups[0].vpc.given());
  CHECK(r.security_groups[1].is_default);
  REQUIRE(r.security_group_rules.size() == 1);
  CHECK(r.security_group_rules[0].direction == Direction::kEgress);
  CHECK(r.security_group_rules[0].provenance.address == "adopted.egress[0]");
}

TEST_CASE("security group rule problems", "[frontends][native]") {
  std::string group = "security_groups:\n  - name: sg\n    ingress:\n";
  CHECK(problems(group + "      - {protocol: tcp, ports: 22}\n") ==
        "net.yaml:5:9: error[missing-key]: missing peer in security group rule (one of cidr, "
        "cidrs, security_group, prefix_list, self: true)\n"
        "        - {protocol: tcp, ports: 22}\n"
        "          ^\n");
  CHECK(problems(group + "      - {ports: 22, cidr: 10.0.0.0/8}\n") ==
        "net.yaml:5:9: error[missing-key]: missing key 'protocol' in security group rule\n"
        "        - {ports: 22, cidr: 10.0.0.0/8}\n"
        "          ^\n");
  CHECK(problems(group + "      - {protocol: tcp, ports: 80-x, cidr: 10.0.0.0/8}\n") ==
        "net.yaml:5:32: error[invalid-port]: invalid ports '80-x' in security group rule "
        "(expected N, N-M or all)\n"
        "        - {protocol: tcp, ports: 80-x, cidr: 10.0.0.0/8}\n"
        "                                 ^\n");
  CHECK(problems(group + "      - {protocol: icmp, ports: 8, cidr: 10.0.0.0/8}\n") ==
        "net.yaml:5:33: error[invalid-value]: 'ports' does not apply to protocol 'icmp' in "
        "security group rule\n"
        "        - {protocol: icmp, ports: 8, cidr: 10.0.0.0/8}\n"
        "                                  ^\n");
  CHECK(problems(group + "      - {protocol: all, ports: 22, cidr: 10.0.0.0/8}\n") ==
        "net.yaml:5:32: warning[ignored-value]: 'ports' is ignored: protocol 'all' means every "
        "protocol and port, in security group rule\n"
        "        - {protocol: all, ports: 22, cidr: 10.0.0.0/8}\n"
        "                                 ^\n");
  CHECK(problems(group + "      - {protocol: tcp, icmp_type: 8, cidr: 10.0.0.0/8}\n") ==
        "net.yaml:5:36: error[invalid-value]: 'icmp_type' does not apply to protocol 'tcp' in "
        "security group rule\n"
        "        - {protocol: tcp, icmp_type: 8, cidr: 10.0.0.0/8}\n"
        "                                     ^\n");
}

TEST_CASE("network ACLs, their rules and subnet associations", "[frontends][native]") {
  DiagnosticEngine diags;
  aws::Resources r = load(
      "network_acls:\n"
      "  - name: web-acl\n"
      "    vpc: prod\n"
      "    subnets: [web-a, web-b]\n"
      "    ingress:\n"
      "      - {rule: 100, action: allow, protocol: tcp, ports: 443, cidr: 0.0.0.0/0}\n"
      "      - {rule: 200, action: deny, protocol: all, cidr: 0.0.0.0/0}\n"
      "    egress:\n"
      "      - {rule: 100, action: allow, protocol: tcp, ports: 1024-65535, cidr: 0.0.0.0/0}\n",
      diags);
  REQUIRE(diags.renderAll() == "");
  REQUIRE(r.network_acls.size() == 1);
  CHECK_FALSE(r.network_acls[0].is_default);
  REQUIRE(r.network_acl_associations.size() == 2);
  CHECK(r.network_acl_associations[1].subnet.address == "web-b");
  CHECK(r.network_acl_associations[1].network_acl.address == "web-acl");
  const auto& rules = r.network_acl_rules;
  REQUIRE(rules.size() == 3);
  CHECK(rules[0].number.value == 100);
  CHECK(rules[0].number.location.str() == "net.yaml:7:16");
  CHECK(rules[0].action.value == "allow");
  CHECK(rules[0].cidr.value == "0.0.0.0/0");
  CHECK(rules[0].match.from_port->value == 443);
  CHECK(rules[1].action.value == "deny");
  CHECK(rules[1].direction == Direction::kIngress);
  CHECK(rules[2].direction == Direction::kEgress);
  CHECK(rules[2].match.from_port->value == 1024);
  CHECK(rules[2].match.to_port->value == 65535);
  CHECK(rules[2].provenance.address == "web-acl.egress[0]");
}

TEST_CASE("network ACL rules need number, action, protocol and CIDR", "[frontends][native]") {
  CHECK(problems("network_acls:\n  - name: acl\n    vpc: prod\n    ingress:\n"
                 "      - {rule: first, action: allow, protocol: all}\n") ==
        "net.yaml:6:9: error[missing-key]: missing key 'cidr' in network ACL rule\n"
        "        - {rule: first, action: allow, protocol: all}\n"
        "          ^\n");
  CHECK(problems("network_acls:\n  - name: acl\n    vpc: prod\n    ingress:\n"
                 "      - {rule: first, action: allow, protocol: all, cidr: 0.0.0.0/0}\n") ==
        "net.yaml:6:16: error[invalid-value]: expected an integer for 'rule' in network ACL "
        "rule\n"
        "        - {rule: first, action: allow, protocol: all, cidr: 0.0.0.0/0}\n"
        "                 ^\n");
}

}  // namespace
}  // namespace segproof
