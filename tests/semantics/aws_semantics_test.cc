// One test per rule of ../shared/AWS-SEMANTICS.md sections 1-5 and the NAT
// and peering rules of section 6. Each test pairs the rule with a contrast
// case, so dropping the rule from the engine fails it.
#include <catch2/catch.hpp>

#include "semantics_harness.h"

namespace segproof::testing {
namespace {

// A host with SSH open to the world in a public subnet: the baseline every
// internet test varies by one element.
const char* kPublicHost = R"(
vpcs: [{name: v, cidr: 10.0.0.0/16}]
internet_gateways: [{name: igw, vpc: v}]
subnets:
  - {name: pub, vpc: v, cidr: 10.0.1.0/24, route_table: pub-rt}
route_tables:
  - {name: pub-rt, vpc: v, routes: [{destination: 0.0.0.0/0, internet_gateway: igw}]}
security_groups:
  - {name: ssh, vpc: v, ingress: [{protocol: tcp, ports: 22, cidr: 0.0.0.0/0}]}
instances:
  - {name: host, subnet: pub, private_ip: 10.0.1.10, public_ip: true, security_groups: [ssh]}
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

// Two hosts in two subnets of one VPC, with NACLs to vary.
std::string twoSubnets(const std::string& acl_a, const std::string& acl_b,
                       const std::string& extra = "") {
  return R"(
vpcs: [{name: v, cidr: 10.0.0.0/16}]
subnets:
  - {name: a, vpc: v, cidr: 10.0.1.0/24, network_acl: acl-a}
  - {name: b, vpc: v, cidr: 10.0.2.0/24, network_acl: acl-b}
network_acls:
  - {name: acl-a, vpc: v, )" + acl_a + R"(}
  - {name: acl-b, vpc: v, )" + acl_b + R"(}
security_groups:
  - {name: open, vpc: v, ingress: [{protocol: all, cidr: 0.0.0.0/0}]}
instances:
  - {name: client, subnet: a, private_ip: 10.0.1.10, security_groups: [open]}
  - {name: server, subnet: b, private_ip: 10.0.2.10, security_groups: [open]}
)" + extra;
}

const char* kAllowAll =
    "ingress: [{rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0}], "
    "egress: [{rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0}]";

// --- §1 Packets, connections, verdicts --------------------------------------

TEST_CASE("§1 TCP needs the reply to come back through stateless ACLs", "[semantics][s1]") {
  // Server's subnet lets requests in but no replies out.
  std::string no_reply =
      "ingress: [{rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0}], "
      "egress: [{rule: 100, action: allow, protocol: udp, cidr: 0.0.0.0/0}]";
  Scenario s(twoSubnets(kAllowAll, no_reply));
  CHECK(s.unreachable("resource:client", "resource:server", "tcp", "443"));
  // UDP is judged on forward delivery (docs/aws-modeling.md): it gets through.
  CHECK(s.reachable("resource:client", "resource:server", "udp", "53"));
  Scenario both(twoSubnets(kAllowAll, kAllowAll));
  CHECK(both.reachable("resource:client", "resource:server", "tcp", "443"));
}

TEST_CASE("§1 the initiator's source port is ephemeral (1024-65535 by default)", "[semantics][s1]") {
  // The client's subnet admits returning traffic only to ports below 1024.
  std::string low_ports =
      "ingress: [{rule: 100, action: allow, protocol: tcp, ports: 0-1023, cidr: 0.0.0.0/0}], "
      "egress: [{rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0}]";
  CHECK(Scenario(twoSubnets(low_ports, kAllowAll)).unreachable("resource:client", "resource:server", "tcp", "443"));
  std::string high_ports = replaced(low_ports, "0-1023", "32768-65535");
  CHECK(Scenario(twoSubnets(high_ports, kAllowAll)).reachable("resource:client", "resource:server", "tcp", "443"));
  // Configurable: clients that use only 1024-32767 cannot use the high range.
  AnalyzerOptions linux_low;
  linux_low.ephemeral_from = 1024;
  linux_low.ephemeral_to = 32767;
  CHECK(Scenario(twoSubnets(high_ports, kAllowAll), linux_low)
            .unreachable("resource:client", "resource:server", "tcp", "443"));
}

TEST_CASE("§1 a path the model cannot follow gives unknown, never holds", "[semantics][s1]") {
  std::string yaml = R"(
vpcs: [{name: a, cidr: 10.0.0.0/16}, {name: b, cidr: 10.1.0.0/16}]
gateways: [{name: tgw, type: transit, vpc: a}]
subnets:
  - {name: sa, vpc: a, cidr: 10.0.1.0/24, route_table: rt}
  - {name: sb, vpc: b, cidr: 10.1.1.0/24}
route_tables:
  - {name: rt, vpc: a, routes: [{destination: 10.1.0.0/16, transit_gateway: tgw}]}
instances:
  - {name: x, subnet: sa, private_ip: 10.0.1.10}
  - {name: y, subnet: sb, private_ip: 10.1.1.10}
)";
  AssertionResult r = Scenario(yaml).ask("resource:x", "resource:y", "tcp", "22");
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK_THAT(r.reason, Catch::Contains("tgw"));
}

// --- §2 The internet ---------------------------------------------------------

TEST_CASE("§2 baseline: open SSH on a public host is reachable, with a witness", "[semantics][s2]") {
  AssertionResult r = Scenario(kPublicHost).ask("internet", "resource:host", "tcp", "22");
  REQUIRE(r.verdict == Verdict::kHolds);
  REQUIRE_FALSE(r.witnesses.empty());
  const Witness& w = r.witnesses.front();
  CHECK(w.packet.destination.str() == "10.0.1.10");
  CHECK(w.packet.destination_port == 22);
  CHECK(w.packet.source_port >= 1024);
  bool names_igw = false, names_rule = false;
  for (const PathHop& h : w.hops) {
    names_igw = names_igw || h.element == "igw";
    names_rule = names_rule || (h.step == "security group ingress" && h.location.line > 0);
  }
  CHECK(names_igw);
  CHECK(names_rule);
}

TEST_CASE("§2 the internet excludes private and special addresses", "[semantics][s2]") {
  std::string only_private = replaced(kPublicHost, "cidr: 0.0.0.0/0}]}", "cidr: 10.0.0.0/8}]}");
  CHECK(Scenario(only_private).unreachable("internet", "resource:host", "tcp", "22"));
  std::string cgnat = replaced(kPublicHost, "cidr: 0.0.0.0/0}]}", "cidr: 100.64.0.0/10}]}");
  CHECK(Scenario(cgnat).unreachable("internet", "resource:host", "tcp", "22"));
  std::string public_range = replaced(kPublicHost, "cidr: 0.0.0.0/0}]}", "cidr: 8.0.0.0/8}]}");
  CHECK(Scenario(public_range).reachable("internet", "resource:host", "tcp", "22"));
}

TEST_CASE("§2 inbound from the internet needs an internet gateway", "[semantics][s2]") {
  std::string no_igw = R"(
vpcs: [{name: v, cidr: 10.0.0.0/16}]
subnets: [{name: pub, vpc: v, cidr: 10.0.1.0/24}]
security_groups: [{name: ssh, vpc: v, ingress: [{protocol: tcp, ports: 22, cidr: 0.0.0.0/0}]}]
instances: [{name: host, subnet: pub, private_ip: 10.0.1.10, public_ip: true, security_groups: [ssh]}]
)";
  CHECK(Scenario(no_igw).unreachable("internet", "resource:host", "tcp", "22"));
}

TEST_CASE("§2 inbound from the internet needs a public IPv4 address", "[semantics][s2]") {
  std::string no_public = replaced(kPublicHost, "public_ip: true", "public_ip: false");
  CHECK(Scenario(no_public).unreachable("internet", "resource:host", "tcp", "22"));
  std::string elastic = replaced(kPublicHost, "public_ip: true", "public_ip: 203.0.113.50");
  CHECK(Scenario(elastic).reachable("internet", "resource:host", "tcp", "22"));
}

TEST_CASE("§2 map_public_ip_on_launch gives instances a public address unless they opt out", "[semantics][s2]") {
  std::string by_subnet = replaced(replaced(kPublicHost, "public_ip: true, ", ""),
                                   "route_table: pub-rt}", "route_table: pub-rt, map_public_ip_on_launch: true}");
  CHECK(Scenario(by_subnet).reachable("internet", "resource:host", "tcp", "22"));
  std::string opted_out = replaced(by_subnet, "private_ip: 10.0.1.10,", "private_ip: 10.0.1.10, public_ip: false,");
  CHECK(Scenario(opted_out).unreachable("internet", "resource:host", "tcp", "22"));
  std::string no_flag = replaced(kPublicHost, "public_ip: true, ", "");
  CHECK(Scenario(no_flag).unreachable("internet", "resource:host", "tcp", "22"));
}

TEST_CASE("§2 the reply must be routed to the internet gateway (trap 3)", "[semantics][s2]") {
  std::string via_nat = R"(
vpcs: [{name: v, cidr: 10.0.0.0/16}]
internet_gateways: [{name: igw, vpc: v}]
subnets:
  - {name: pub, vpc: v, cidr: 10.0.1.0/24, route_table: pub-rt}
  - {name: host-net, vpc: v, cidr: 10.0.2.0/24, route_table: nat-rt}
nat_gateways: [{name: nat, subnet: pub}]
route_tables:
  - {name: pub-rt, vpc: v, routes: [{destination: 0.0.0.0/0, internet_gateway: igw}]}
  - {name: nat-rt, vpc: v, routes: [{destination: 0.0.0.0/0, nat_gateway: nat}]}
security_groups: [{name: ssh, vpc: v, ingress: [{protocol: tcp, ports: 22, cidr: 0.0.0.0/0}]}]
instances: [{name: host, subnet: host-net, private_ip: 10.0.2.10, public_ip: true, security_groups: [ssh]}]
)";
  AssertionResult r = Scenario(via_nat).ask("internet", "resource:host", "tcp", "22");
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.closest);
  CHECK(r.closest->blocked_at.step == "route");
  CHECK(r.closest->blocked_at.reply);
}

TEST_CASE("§2 a NAT gateway lets private hosts out and never lets the internet in", "[semantics][s2][s6]") {
  std::string yaml = R"(
vpcs: [{name: v, cidr: 10.0.0.0/16}]
internet_gateways: [{name: igw, vpc: v}]
subnets:
  - {name: pub, vpc: v, cidr: 10.0.1.0/24, route_table: pub-rt}
  - {name: priv, vpc: v, cidr: 10.0.2.0/24, route_table: priv-rt}
nat_gateways: [{name: nat, subnet: pub, private_ip: 10.0.1.5}]
route_tables:
  - {name: pub-rt, vpc: v, routes: [{destination: 0.0.0.0/0, internet_gateway: igw}]}
  - {name: priv-rt, vpc: v, routes: [{destination: 0.0.0.0/0, nat_gateway: nat}]}
security_groups: [{name: open, vpc: v, ingress: [{protocol: all, cidr: 0.0.0.0/0}]}]
instances: [{name: worker, subnet: priv, private_ip: 10.0.2.10, security_groups: [open]}]
)";
  Scenario s(yaml);
  AssertionResult out = s.ask("resource:worker", "internet", "tcp", "443");
  REQUIRE(out.verdict == Verdict::kHolds);
  bool rewritten = false;
  for (const PathHop& h : out.witnesses.front().hops)
    rewritten = rewritten || (h.step == "NAT gateway" && h.packet.rfind("10.0.1.5:", 0) == 0);
  CHECK(rewritten);
  CHECK(s.unreachable("internet", "resource:worker", "tcp", "443"));
  // Without a route from the NAT's subnet to the internet gateway, out fails too.
  std::string no_igw_route = replaced(yaml, "{destination: 0.0.0.0/0, internet_gateway: igw}", "{destination: 192.0.2.0/24, internet_gateway: igw}");
  CHECK(Scenario(no_igw_route).unreachable("resource:worker", "cidr:8.8.8.8/32", "tcp", "443"));
}

// A dual-stack VPC: the host has no public IPv4, SSH is open to IPv6 only.
const char* kDualStackHost = R"(
vpcs: [{name: v, cidrs: [10.0.0.0/16, "2600:1f18:aaaa:bb00::/56"]}]
internet_gateways: [{name: igw, vpc: v}]
gateways: [{name: eigw, type: egress_only, vpc: v}]
subnets:
  - {name: pub, vpc: v, cidr: 10.0.1.0/24, ipv6_cidr: "2600:1f18:aaaa:bb01::/64", route_table: pub-rt}
  - {name: priv, vpc: v, cidr: 10.0.2.0/24, ipv6_cidr: "2600:1f18:aaaa:bb02::/64", route_table: priv-rt,
     assign_ipv6_address_on_creation: true}
route_tables:
  - name: pub-rt
    vpc: v
    routes: [{destination: 0.0.0.0/0, internet_gateway: igw}, {destination: "::/0", internet_gateway: igw}]
  - {name: priv-rt, vpc: v, routes: [{destination: "::/0", egress_only_gateway: eigw}]}
security_groups:
  - {name: ssh, vpc: v, ingress: [{protocol: tcp, ports: 22, cidr: "::/0"}]}
instances:
  - {name: host, subnet: pub, private_ip: 10.0.1.10, ipv6_addresses: ["2600:1f18:aaaa:bb01::10"],
     security_groups: [ssh]}
  - {name: worker, subnet: priv, private_ip: 10.0.2.10, security_groups: [ssh]}
)";

TEST_CASE("§2 IPv6: the internet reaches a global IPv6 address as it is", "[semantics][s2]") {
  Scenario s(kDualStackHost);
  AssertionResult r = s.ask("internet", "resource:host", "tcp", "22");
  REQUIRE(r.verdict == Verdict::kHolds);
  REQUIRE_FALSE(r.witnesses.empty());
  CHECK(r.witnesses.front().packet.destination.str() == "2600:1f18:aaaa:bb01::10");
  // Without its IPv6 address the host is IPv4 only, and has no public IPv4.
  CHECK(Scenario(replaced(kDualStackHost, R"(, ipv6_addresses: ["2600:1f18:aaaa:bb01::10"])", ""))
            .unreachable("internet", "resource:host", "tcp", "22"));
  // A unique local block is never the internet's.
  std::string ula = kDualStackHost;
  for (auto [from, to] : {std::pair{"2600:1f18:aaaa:bb00::/56", "fd00:aaaa:bb00::/56"},
                          {"2600:1f18:aaaa:bb01::/64", "fd00:aaaa:bb01::/64"},
                          {"2600:1f18:aaaa:bb01::10", "fd00:aaaa:bb01::10"},
                          {"2600:1f18:aaaa:bb02::/64", "fd00:aaaa:bb02::/64"}})
    ula = replaced(ula, from, to);
  CHECK(Scenario(ula).unreachable("internet", "resource:host", "tcp", "22"));
}

TEST_CASE("§2 IPv6: an egress-only internet gateway lets out, never in", "[semantics][s2]") {
  Scenario s(kDualStackHost);
  // The worker got an IPv6 address from its subnet (assign on creation).
  CHECK(s.reachable("resource:worker", "internet", "tcp", "443"));
  CHECK(s.unreachable("internet", "resource:worker", "tcp", "22"));
}

TEST_CASE("§2 IPv6: a dual-stack load balancer's IPv6 side leaves no proof", "[semantics][s2]") {
  std::string lb = std::string(kDualStackHost) + R"(
load_balancers:
  - {name: web-lb, type: network, subnets: [pub], dual_stack: true,
     listeners: [{protocol: TCP, port: 443, target_groups: [tg]}]}
target_groups:
  - {name: tg, protocol: TCP, port: 443, vpc: v, targets: [host]}
)";
  CHECK(Scenario(lb).verdict("internet", "resource:worker", "tcp", "22") == Verdict::kUnknown);
}

// --- §3 Route tables ---------------------------------------------------------

TEST_CASE("§3 a subnet without association uses the main route table (trap 4)", "[semantics][s3]") {
  std::string main_public = R"(
vpcs: [{name: v, cidr: 10.0.0.0/16}]
internet_gateways: [{name: igw, vpc: v}]
subnets: [{name: pub, vpc: v, cidr: 10.0.1.0/24}]
route_tables:
  - {name: main-rt, vpc: v, main: true, routes: [{destination: 0.0.0.0/0, internet_gateway: igw}]}
security_groups: [{name: ssh, vpc: v, ingress: [{protocol: tcp, ports: 22, cidr: 0.0.0.0/0}]}]
instances: [{name: host, subnet: pub, private_ip: 10.0.1.10, public_ip: true, security_groups: [ssh]}]
)";
  CHECK(Scenario(main_public).reachable("internet", "resource:host", "tcp", "22"));
  std::string main_private = replaced(main_public, "main: true", "main: false");
  CHECK(Scenario(main_private).unreachable("internet", "resource:host", "tcp", "22"));
}

TEST_CASE("§3 every route table routes the VPC locally", "[semantics][s3]") {
  // No route at all besides the implicit local one.
  Scenario s(twoSubnets(kAllowAll, kAllowAll));
  AssertionResult r = s.ask("resource:client", "resource:server", "tcp", "5432");
  REQUIRE(r.verdict == Verdict::kHolds);
  bool local = false;
  for (const PathHop& h : r.witnesses.front().hops)
    local = local || (h.step == "route" && h.rule.find("-> local") != std::string::npos);
  CHECK(local);
}

TEST_CASE("§3 longest prefix match chooses the route; blackholes drop", "[semantics][s3]") {
  std::string yaml = replaced(kPublicHost, "routes: [{destination: 0.0.0.0/0, internet_gateway: igw}]",
                              "routes: [{destination: 0.0.0.0/0, internet_gateway: igw}, "
                              "{destination: 203.0.113.0/24, blackhole: true}]");
  Scenario s(yaml);
  CHECK(s.unreachable("cidr:203.0.113.0/24", "resource:host", "tcp", "22"));
  CHECK(s.reachable("cidr:198.51.100.0/24", "resource:host", "tcp", "22"));
}

// --- §4 Security groups ------------------------------------------------------

TEST_CASE("§4 the rules of all attached groups are unioned", "[semantics][s4]") {
  std::string yaml = replaced(kPublicHost, "security_groups: [ssh]}", "security_groups: [ssh, web]}");
  yaml = replaced(yaml, "security_groups:\n", "security_groups:\n  - {name: web, vpc: v, ingress: [{protocol: tcp, ports: 443, cidr: 0.0.0.0/0}]}\n");
  Scenario s(yaml);
  CHECK(s.reachable("internet", "resource:host", "tcp", "22"));
  CHECK(s.reachable("internet", "resource:host", "tcp", "443"));
  CHECK(s.unreachable("internet", "resource:host", "tcp", "80"));
}

TEST_CASE("§4 egress is checked at the source, ingress at the destination, also within a subnet", "[semantics][s4]") {
  std::string yaml = R"(
vpcs: [{name: v, cidr: 10.0.0.0/16}]
subnets: [{name: s, vpc: v, cidr: 10.0.1.0/24}]
security_groups:
  - {name: mute, vpc: v, ingress: [{protocol: all, cidr: 0.0.0.0/0}], egress: []}
  - {name: open, vpc: v, ingress: [{protocol: all, cidr: 0.0.0.0/0}]}
  - {name: deaf, vpc: v, ingress: []}
instances:
  - {name: m, subnet: s, private_ip: 10.0.1.10, security_groups: [mute]}
  - {name: o, subnet: s, private_ip: 10.0.1.11, security_groups: [open]}
  - {name: d, subnet: s, private_ip: 10.0.1.12, security_groups: [deaf]}
)";
  Scenario s(yaml);
  CHECK(s.unreachable("resource:m", "resource:o", "tcp", "22"));  // no egress at the source
  CHECK(s.reachable("resource:o", "resource:m", "tcp", "22"));    // replies need no egress rule
  CHECK(s.unreachable("resource:o", "resource:d", "tcp", "22"));  // no ingress at the destination
}

TEST_CASE("§4 a group reference means the members of that group (trap 10)", "[semantics][s4]") {
  std::string yaml = R"(
vpcs: [{name: v, cidr: 10.0.0.0/16}]
subnets: [{name: s, vpc: v, cidr: 10.0.1.0/24}]
security_groups:
  - {name: app, vpc: v, ingress: []}
  - {name: other, vpc: v, ingress: []}
  - {name: db, vpc: v, ingress: [{protocol: tcp, ports: 5432, security_group: app}]}
  - {name: peers, vpc: v, ingress: [{protocol: tcp, ports: 7000, self: true}]}
instances:
  - {name: app-1, subnet: s, private_ip: 10.0.1.10, security_groups: [app]}
  - {name: stranger, subnet: s, private_ip: 10.0.1.11, security_groups: [other]}
  - {name: db-1, subnet: s, private_ip: 10.0.1.12, security_groups: [db]}
  - {name: p1, subnet: s, private_ip: 10.0.1.13, security_groups: [peers]}
  - {name: p2, subnet: s, private_ip: 10.0.1.14, security_groups: [peers]}
)";
  Scenario s(yaml);
  CHECK(s.reachable("resource:app-1", "resource:db-1", "tcp", "5432"));
  CHECK(s.unreachable("resource:stranger", "resource:db-1", "tcp", "5432"));  // same subnet, not a member
  CHECK(s.reachable("resource:p1", "resource:p2", "tcp", "7000"));            // self
  CHECK(s.unreachable("resource:app-1", "resource:p2", "tcp", "7000"));
}

TEST_CASE("§4 a prefix list peer stands for its entries", "[semantics][s4]") {
  std::string yaml = replaced(kPublicHost, "{protocol: tcp, ports: 22, cidr: 0.0.0.0/0}",
                              "{protocol: tcp, ports: 22, prefix_list: office}");
  yaml += "prefix_lists: [{name: office, entries: [198.51.100.0/24, 192.0.2.0/24]}]\n";
  Scenario s(yaml);
  CHECK(s.reachable("cidr:198.51.100.7/32", "resource:host", "tcp", "22"));
  CHECK(s.reachable("cidr:192.0.2.0/24", "resource:host", "tcp", "22"));
  CHECK(s.unreachable("cidr:203.0.113.0/24", "resource:host", "tcp", "22"));
}

TEST_CASE("§4 protocol -1 means every protocol and port; tcp 0-0 means port 0", "[semantics][s4]") {
  std::string all = replaced(kPublicHost, "{protocol: tcp, ports: 22, cidr: 0.0.0.0/0}", "{protocol: -1, ports: 22, cidr: 0.0.0.0/0}");
  Scenario s(all);
  CHECK(s.reachable("internet", "resource:host", "tcp", "3389"));
  CHECK(s.reachable("internet", "resource:host", "udp", "161"));
  std::string zero = replaced(kPublicHost, "ports: 22,", "ports: 0-0,");
  Scenario z(zero);
  CHECK(z.unreachable("internet", "resource:host", "tcp", "22"));
  CHECK(z.reachable("internet", "resource:host", "tcp", "0"));
}

TEST_CASE("§4 ICMP rules match type and code", "[semantics][s4]") {
  std::string echo = replaced(kPublicHost, "{protocol: tcp, ports: 22, cidr: 0.0.0.0/0}", "{protocol: icmp, icmp_type: 8, icmp_code: -1, cidr: 0.0.0.0/0}");
  Scenario s(echo);
  AssertionResult r = s.ask("internet", "resource:host", "icmp");
  REQUIRE(r.verdict == Verdict::kHolds);
  CHECK(r.witnesses.front().packet.icmp_type == 8);
  CHECK(s.unreachable("internet", "resource:host", "tcp", "22"));
}

TEST_CASE("§4 an interface without groups gets the default group: members reach each other (trap 5)", "[semantics][s4]") {
  std::string yaml = R"(
vpcs: [{name: v, cidr: 10.0.0.0/16}]
subnets: [{name: a, vpc: v, cidr: 10.0.1.0/24}, {name: b, vpc: v, cidr: 10.0.2.0/24}]
security_groups: [{name: tagged, vpc: v, ingress: []}]
instances:
  - {name: x, subnet: a, private_ip: 10.0.1.10}
  - {name: y, subnet: b, private_ip: 10.0.2.10}
  - {name: z, subnet: b, private_ip: 10.0.2.11, security_groups: [tagged]}
)";
  Scenario s(yaml);
  CHECK(s.reachable("resource:x", "resource:y", "tcp", "12345"));
  CHECK(s.reachable("resource:x", "resource:y", "udp", "53"));
  CHECK(s.unreachable("resource:z", "resource:y", "tcp", "22"));  // not a member of the default group
}

TEST_CASE("§4 native groups keep AWS's default egress unless egress is written (trap 6)", "[semantics][s4]") {
  std::string yaml = R"(
vpcs: [{name: v, cidr: 10.0.0.0/16}]
subnets: [{name: s, vpc: v, cidr: 10.0.1.0/24}]
security_groups:
  - {name: implicit, vpc: v, ingress: []}
  - {name: explicit-none, vpc: v, ingress: [], egress: []}
  - {name: server, vpc: v, ingress: [{protocol: tcp, ports: 443, cidr: 10.0.0.0/16}]}
instances:
  - {name: a, subnet: s, private_ip: 10.0.1.10, security_groups: [implicit]}
  - {name: b, subnet: s, private_ip: 10.0.1.11, security_groups: [explicit-none]}
  - {name: srv, subnet: s, private_ip: 10.0.1.12, security_groups: [server]}
)";
  Scenario s(yaml);
  CHECK(s.reachable("resource:a", "resource:srv", "tcp", "443"));
  CHECK(s.unreachable("resource:b", "resource:srv", "tcp", "443"));
}

TEST_CASE("§4 AWS canonicalises CIDRs: 1.2.3.4/0 is every address", "[semantics][s4]") {
  std::string yaml = replaced(kPublicHost, "cidr: 0.0.0.0/0}]}", "cidr: 1.2.3.4/0}]}");
  CHECK(Scenario(yaml).reachable("internet", "resource:host", "tcp", "22"));
}

// --- §5 Network ACLs ---------------------------------------------------------

TEST_CASE("§5 the default ACL allows everything; a custom ACL without rules denies everything", "[semantics][s5]") {
  std::string default_acl = R"(
vpcs: [{name: v, cidr: 10.0.0.0/16}]
subnets: [{name: a, vpc: v, cidr: 10.0.1.0/24}, {name: b, vpc: v, cidr: 10.0.2.0/24}]
security_groups: [{name: open, vpc: v, ingress: [{protocol: all, cidr: 0.0.0.0/0}]}]
instances:
  - {name: client, subnet: a, private_ip: 10.0.1.10, security_groups: [open]}
  - {name: server, subnet: b, private_ip: 10.0.2.10, security_groups: [open]}
)";
  CHECK(Scenario(default_acl).reachable("resource:client", "resource:server", "tcp", "8080"));
  CHECK(Scenario(twoSubnets(kAllowAll, "ingress: [], egress: []")).unreachable("resource:client", "resource:server", "tcp", "8080"));
}

TEST_CASE("§5 rules are evaluated in number order, first match wins (trap 7)", "[semantics][s5]") {
  std::string allow_first =
      "ingress: [{rule: 200, action: deny, protocol: tcp, ports: 22, cidr: 0.0.0.0/0}, "
      "{rule: 100, action: allow, protocol: tcp, ports: 22, cidr: 10.0.0.0/8}], "
      "egress: [{rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0}]";
  CHECK(Scenario(twoSubnets(kAllowAll, allow_first)).reachable("resource:client", "resource:server", "tcp", "22"));
  std::string deny_first = replaced(allow_first, "rule: 200, action: deny", "rule: 50, action: deny");
  AssertionResult r = Scenario(twoSubnets(kAllowAll, deny_first)).ask("resource:client", "resource:server", "tcp", "22");
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.closest);
  CHECK_THAT(r.closest->blocked_at.rule, Catch::StartsWith("rule 50 deny"));
}

TEST_CASE("§5 traffic within a subnet is not filtered by its ACL", "[semantics][s5]") {
  std::string yaml = R"(
vpcs: [{name: v, cidr: 10.0.0.0/16}]
subnets: [{name: s, vpc: v, cidr: 10.0.1.0/24, network_acl: closed}]
network_acls: [{name: closed, vpc: v, ingress: [], egress: []}]
security_groups: [{name: open, vpc: v, ingress: [{protocol: all, cidr: 0.0.0.0/0}]}]
instances:
  - {name: a, subnet: s, private_ip: 10.0.1.10, security_groups: [open]}
  - {name: b, subnet: s, private_ip: 10.0.1.11, security_groups: [open]}
)";
  CHECK(Scenario(yaml).reachable("resource:a", "resource:b", "tcp", "22"));
}

TEST_CASE("§5 the reply must match an outbound rule, usually the ephemeral range (trap 2)", "[semantics][s5]") {
  std::string only_443_out =
      "ingress: [{rule: 100, action: allow, protocol: tcp, ports: 443, cidr: 0.0.0.0/0}], "
      "egress: [{rule: 100, action: allow, protocol: tcp, ports: 443, cidr: 0.0.0.0/0}]";
  AssertionResult r = Scenario(twoSubnets(kAllowAll, only_443_out)).ask("resource:client", "resource:server", "tcp", "443");
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.closest);
  CHECK(r.closest->blocked_at.step == "network ACL outbound");
  CHECK(r.closest->blocked_at.reply);
  std::string ephemeral_out = replaced(only_443_out, "egress: [{rule: 100, action: allow, protocol: tcp, ports: 443",
                                       "egress: [{rule: 100, action: allow, protocol: tcp, ports: 1024-65535");
  CHECK(Scenario(twoSubnets(kAllowAll, ephemeral_out)).reachable("resource:client", "resource:server", "tcp", "443"));
}

TEST_CASE("§5 protocol -1 in an ACL means all protocols and ports", "[semantics][s5]") {
  std::string deny_all_first =
      "ingress: [{rule: 10, action: deny, protocol: -1, ports: 22, cidr: 10.0.1.0/24}, "
      "{rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0}], "
      "egress: [{rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0}]";
  Scenario s(twoSubnets(kAllowAll, deny_all_first));
  CHECK(s.unreachable("resource:client", "resource:server", "tcp", "443"));
  CHECK(s.unreachable("resource:client", "resource:server", "udp", "53"));
}

// --- §6 Peering --------------------------------------------------------------

const char* kPeered = R"(
vpcs: [{name: a, cidr: 10.0.0.0/16}, {name: b, cidr: 10.1.0.0/16}, {name: c, cidr: 10.2.0.0/16}]
internet_gateways: [{name: igw-b, vpc: b}]
peerings:
  - {name: ab, requester: a, accepter: b}
  - {name: bc, requester: b, accepter: c}
subnets:
  - {name: sa, vpc: a, cidr: 10.0.1.0/24, route_table: rt-a}
  - {name: sb, vpc: b, cidr: 10.1.1.0/24, route_table: rt-b}
  - {name: sc, vpc: c, cidr: 10.2.1.0/24, route_table: rt-c}
route_tables:
  - {name: rt-a, vpc: a, routes: [{destination: 10.1.0.0/16, peering: ab}, {destination: 10.2.0.0/16, peering: ab}, {destination: 0.0.0.0/0, peering: ab}]}
  - {name: rt-b, vpc: b, routes: [{destination: 10.0.0.0/16, peering: ab}, {destination: 10.2.0.0/16, peering: bc}, {destination: 0.0.0.0/0, internet_gateway: igw-b}]}
  - {name: rt-c, vpc: c, routes: [{destination: 10.1.0.0/16, peering: bc}, {destination: 10.0.0.0/16, peering: bc}]}
security_groups:
  - {name: open-a, vpc: a, ingress: [{protocol: all, cidr: 0.0.0.0/0}]}
  - {name: open-b, vpc: b, ingress: [{protocol: all, cidr: 0.0.0.0/0}]}
  - {name: open-c, vpc: c, ingress: [{protocol: all, cidr: 0.0.0.0/0}]}
instances:
  - {name: xa, subnet: sa, private_ip: 10.0.1.10, security_groups: [open-a]}
  - {name: xb, subnet: sb, private_ip: 10.1.1.10, public_ip: true, security_groups: [open-b]}
  - {name: xc, subnet: sc, private_ip: 10.2.1.10, security_groups: [open-c]}
)";

TEST_CASE("§6 peering connects two VPCs with routes on both sides", "[semantics][s6]") {
  Scenario s(kPeered);
  CHECK(s.reachable("resource:xa", "resource:xb", "tcp", "22"));
  CHECK(s.reachable("resource:xb", "resource:xc", "tcp", "22"));
}

TEST_CASE("§6 peering is not transitive", "[semantics][s6]") {
  CHECK(Scenario(kPeered).unreachable("resource:xa", "resource:xc", "tcp", "22"));
}

TEST_CASE("§6 no edge-to-edge routing: a peer cannot use the other VPC's internet gateway", "[semantics][s6]") {
  CHECK(Scenario(kPeered).unreachable("resource:xa", "internet", "tcp", "443"));
  CHECK(Scenario(kPeered).reachable("resource:xb", "internet", "tcp", "443"));
}

TEST_CASE("§6 a route on one side only gives no connection (trap 8)", "[semantics][s6]") {
  std::string one_sided = replaced(kPeered, "{destination: 10.0.0.0/16, peering: ab}, ", "");
  AssertionResult r = Scenario(one_sided).ask("resource:xa", "resource:xb", "tcp", "22");
  CHECK(r.verdict == Verdict::kViolated);
  REQUIRE(r.closest);
  CHECK(r.closest->blocked_at.step == "route");
  CHECK(r.closest->blocked_at.reply);
}

TEST_CASE("§4 a group reference works across a peering", "[semantics][s4][s6]") {
  std::string yaml = R"(
vpcs: [{name: a, cidr: 10.0.0.0/16}, {name: b, cidr: 10.1.0.0/16}]
peerings: [{name: ab, requester: a, accepter: b}]
subnets:
  - {name: sa, vpc: a, cidr: 10.0.1.0/24, route_table: rt-a}
  - {name: sb, vpc: b, cidr: 10.1.1.0/24, route_table: rt-b}
route_tables:
  - {name: rt-a, vpc: a, routes: [{destination: 10.1.0.0/16, peering: ab}]}
  - {name: rt-b, vpc: b, routes: [{destination: 10.0.0.0/16, peering: ab}]}
security_groups:
  - {name: app, vpc: a, ingress: []}
  - {name: other, vpc: a, ingress: []}
  - {name: db, vpc: b, ingress: [{protocol: tcp, ports: 5432, security_group: app}]}
instances:
  - {name: app-1, subnet: sa, private_ip: 10.0.1.10, security_groups: [app]}
  - {name: other-1, subnet: sa, private_ip: 10.0.1.11, security_groups: [other]}
  - {name: db-1, subnet: sb, private_ip: 10.1.1.10, security_groups: [db]}
)";
  Scenario s(yaml);
  CHECK(s.reachable("resource:app-1", "resource:db-1", "tcp", "5432"));
  CHECK(s.unreachable("resource:other-1", "resource:db-1", "tcp", "5432"));
}

TEST_CASE("§6 an inactive peering carries nothing", "[semantics][s6]") {
  std::string pending = replaced(kPeered, "{name: ab, requester: a, accepter: b}", "{name: ab, requester: a, accepter: b, status: pending}");
  CHECK(Scenario(pending).unreachable("resource:xa", "resource:xb", "tcp", "22"));
}

// --- §6 Transit gateways (docs/aws-modeling.md, "Transit gateways") ---------

// Two spokes on one transit gateway with its defaults: both attachments are
// associated with the default route table and propagate into it.
const std::string kHub = R"(
vpcs: [{name: a, cidr: 10.0.0.0/16}, {name: b, cidr: 10.1.0.0/16}]
subnets:
  - {name: sa, vpc: a, cidr: 10.0.1.0/24, availability_zone: z1, route_table: rta}
  - {name: ta, vpc: a, cidr: 10.0.9.0/24, availability_zone: z1}
  - {name: sb, vpc: b, cidr: 10.1.1.0/24, availability_zone: z1, route_table: rtb}
  - {name: tb, vpc: b, cidr: 10.1.9.0/24, availability_zone: z1}
route_tables:
  - {name: rta, vpc: a, routes: [{destination: 10.1.0.0/16, transit_gateway: tgw}]}
  - {name: rtb, vpc: b, routes: [{destination: 10.0.0.0/16, transit_gateway: tgw}]}
security_groups:
  - {name: gb, vpc: b, ingress: [{protocol: tcp, ports: 22, cidr: 10.0.0.0/8}]}
instances:
  - {name: xa, subnet: sa, private_ip: 10.0.1.10}
  - {name: xb, subnet: sb, private_ip: 10.1.1.10, security_groups: [gb]}
transit_gateways:
  - name: tgw
    attachments:
      - {name: att-a, vpc: a, subnets: [ta]}
      - {name: att-b, vpc: b, subnets: [tb]}
)";

TEST_CASE("§6 a transit gateway with default route tables connects its VPCs", "[semantics][s6]") {
  CHECK(Scenario(kHub).reachable("resource:xa", "resource:xb", "tcp", "22"));
  // Without the VPC route back, the reply is lost.
  std::string one_way = replaced(kHub, "routes: [{destination: 10.0.0.0/16, transit_gateway: tgw}]", "routes: []");
  CHECK(Scenario(one_way).unreachable("resource:xa", "resource:xb", "tcp", "22"));
}

TEST_CASE("§6 an attachment's route table decides; blackholes drop", "[semantics][s6]") {
  std::string separate = kHub + R"(    default_propagation: false
    route_tables:
      - {name: only-a, associations: [att-b], propagations: [att-b]}
)";
  // att-a (default table) has no route to b: no propagation into it.
  CHECK(Scenario(separate).unreachable("resource:xa", "resource:xb", "tcp", "22"));
  std::string blackhole = kHub + R"(    route_tables:
      - default: true
        routes: [{destination: 10.1.1.0/24, blackhole: true}]
)";
  CHECK(Scenario(blackhole).unreachable("resource:xa", "resource:xb", "tcp", "22"));
}

TEST_CASE("§6 a subnet reaches a transit gateway only in a zone with an attachment interface",
          "[semantics][s6]") {
  std::string other_zone = replaced(kHub, "cidr: 10.0.1.0/24, availability_zone: z1", "cidr: 10.0.1.0/24, availability_zone: z2");
  CHECK(Scenario(other_zone).unreachable("resource:xa", "resource:xb", "tcp", "22"));
}

TEST_CASE("§6 a transit gateway carries no security group of the sender", "[semantics][s6]") {
  std::string by_group = replaced(kHub, "ingress: [{protocol: tcp, ports: 22, cidr: 10.0.0.0/8}]",
                                  "ingress: [{protocol: tcp, ports: 22, security_group: a/default-security-group}]");
  CHECK(Scenario(by_group).unreachable("resource:xa", "resource:xb", "tcp", "22"));
}

// --- Unknown values (docs/aws-modeling.md, "Unknown values") ---------------

// The SSH rule of kPublicHost with its CIDR unknown (the frontend writes it
// as 0.0.0.0/0 and lists the unknown).
void unknownSshCidr(aws::Resources& r) {
  REQUIRE(r.security_group_rules.size() >= 1);
  r.security_group_rules[0].unknowns = {{"var.office_cidr", {"main.tf", 12, 5}}};
}

TEST_CASE("unknown values: a rule that may open SSH leaves reach undecided", "[semantics][unknowns]") {
  Scenario s(kPublicHost, unknownSshCidr);
  AssertionResult r = s.ask("internet", "resource:host", "tcp", "22");
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason == "depends on unknown values: var.office_cidr (main.tf:12:5)");
  // Whatever the CIDR, the rule opens nothing but SSH.
  CHECK(s.unreachable("internet", "resource:host", "tcp", "80"));
}

TEST_CASE("unknown values: a NACL that denies SSH proves it unreachable for every value",
          "[semantics][unknowns]") {
  std::string denied = replaced(kPublicHost, "route_table: pub-rt}",
                                "route_table: pub-rt, network_acl: no-ssh}") + R"(
network_acls:
  - {name: no-ssh, vpc: v,
     ingress: [{rule: 50, action: deny, protocol: tcp, ports: 22, cidr: 0.0.0.0/0},
               {rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0}],
     egress: [{rule: 100, action: allow, protocol: all, cidr: 0.0.0.0/0}]}
)";
  CHECK(Scenario(denied, unknownSshCidr).unreachable("internet", "resource:host", "tcp", "22"));
  // The deny's own CIDR unknown: it may not cover the internet at all.
  auto unknown_deny = [](aws::Resources& r) {
    for (aws::NetworkAclRuleSpec& rule : r.network_acl_rules)
      if (rule.number.value == 50) rule.unknowns = {{"var.blocked_cidr", {"main.tf", 20, 7}}};
  };
  AssertionResult r = Scenario(denied, unknown_deny).ask("internet", "resource:host", "tcp", "22");
  CHECK(r.verdict == Verdict::kUnknown);
  CHECK(r.reason == "depends on unknown values: var.blocked_cidr (main.tf:20:7)");
}

TEST_CASE("unknown values: a known rule opening SSH too makes the flow certain",
          "[semantics][unknowns]") {
  std::string twice =
      replaced(kPublicHost, "ingress: [{protocol: tcp, ports: 22, cidr: 0.0.0.0/0}]",
               "ingress: [{protocol: tcp, ports: 22, cidr: 0.0.0.0/0}, "
               "{protocol: tcp, ports: 22, cidr: 198.51.100.0/24}]");
  AssertionResult r = Scenario(twice, unknownSshCidr).ask("internet", "resource:host", "tcp", "22");
  CHECK(r.verdict == Verdict::kHolds);
  REQUIRE_FALSE(r.witnesses.empty());
  CHECK(r.witnesses.front().packet.source.str().rfind("198.51.100.", 0) == 0);  // the known rule
}

TEST_CASE("unknown values: a part left out of the VPC leaves no proof and no flow in it",
          "[semantics][unknowns]") {
  auto left_out = [](const std::string& vpc) {
    return [vpc](aws::Resources& r) {
      aws::UncertaintySpec u;
      u.value = {"var.route_cidr", {"main.tf", 40, 19}};
      u.effect = "route 1 of aws_route_table.pub is left out";
      if (!vpc.empty()) u.vpc = {vpc, {"main.tf", 38, 9}};
      r.uncertainties.push_back(u);
    };
  };
  Scenario here(kPublicHost, left_out("v"));
  AssertionResult proof = here.ask("internet", "resource:host", "tcp", "80");
  CHECK(proof.verdict == Verdict::kUnknown);
  CHECK(proof.reason ==
        "the proof does not cover parts left out for unknown values: "
        "var.route_cidr (main.tf:40:19): route 1 of aws_route_table.pub is left out");
  CHECK(here.verdict("internet", "resource:host", "tcp", "22") == Verdict::kUnknown);
  // A VPC the builder cannot name counts as anywhere.
  Scenario anywhere(kPublicHost, left_out("aws_vpc.other"));
  CHECK(anywhere.verdict("internet", "resource:host", "tcp", "22") == Verdict::kUnknown);
}

}  // namespace
}  // namespace segproof::testing
