#include "encode/rule_sets.h"

#include <catch2/catch.hpp>
#include <random>
#include <set>

#include "encode/acl_test_util.h"
#include "graph/network_builder_test_util.h"

namespace segproof {
namespace {

using testing::cidrOf;
using testing::makePacket;
using testing::NetworkBuilder;
using testing::v4Of;

// ---------------------------------------------------------------------------
// RouteLookup

struct Table {
  NetworkBuilder b;
  VpcId vpc = b.vpc("main", "10.0.0.0/16");
  SubnetId subnet = b.subnet(vpc, "s", "10.0.1.0/24");
  InternetGatewayId igw = b.igw(vpc, "igw");
  NatGatewayId nat = b.nat(subnet, "nat", "10.0.1.5");
  NatGatewayId nat2 = b.nat(subnet, "nat2", "10.0.1.6");
  VpcId peer_vpc = b.vpc("peer", "10.1.0.0/16");
  PeeringId peering = b.peering(vpc, peer_vpc, "pcx");
  RouteTableId table = b.routeTable(vpc, "rt");

  const RouteTable& rt() const { return b.network().at(table); }
  // The target key of the route chosen for `address`, or blackhole-with-
  // element -2 for "no route".
  RouteTargetKey chosen(const RouteLookup& lookup, const std::string& address) const {
    const Route* r = lookup.lookup(v4Of(address));
    return r ? routeTargetKey(*r) : RouteTargetKey{RouteTargetKind::kBlackhole, -2};
  }
};

RouteTargetKey key(RouteTargetKind kind, int32_t element = -1) { return {kind, element}; }
const RouteTargetKey kNone = key(RouteTargetKind::kBlackhole, -2);

TEST_CASE("route lookup picks the longest prefix among nested prefixes", "[encode]") {
  Table t;
  t.b.route(t.table, "10.0.0.0/8", NetworkBuilder::igwTarget(t.igw));
  t.b.route(t.table, "10.1.0.0/16", NetworkBuilder::natTarget(t.nat));
  t.b.route(t.table, "10.1.2.0/24", NetworkBuilder::peeringTarget(t.peering));
  RouteLookup lookup(t.b.network(), t.rt());
  const RouteTargetKey igw = key(RouteTargetKind::kInternetGateway, t.igw.value);
  const RouteTargetKey nat = key(RouteTargetKind::kNatGateway, t.nat.value);
  const RouteTargetKey pcx = key(RouteTargetKind::kPeering, t.peering.value);
  const RouteTargetKey local = key(RouteTargetKind::kLocal);
  CHECK(t.chosen(lookup, "10.1.2.0") == pcx);
  CHECK(t.chosen(lookup, "10.1.2.3") == pcx);
  CHECK(t.chosen(lookup, "10.1.2.255") == pcx);
  CHECK(t.chosen(lookup, "10.1.1.255") == nat);
  CHECK(t.chosen(lookup, "10.1.3.0") == nat);
  CHECK(t.chosen(lookup, "10.1.0.0") == nat);
  CHECK(t.chosen(lookup, "10.1.255.255") == nat);
  CHECK(t.chosen(lookup, "10.0.200.1") == local);  // the local /16 beats the /8
  CHECK(t.chosen(lookup, "10.2.0.0") == igw);
  CHECK(t.chosen(lookup, "10.255.255.255") == igw);
  CHECK(t.chosen(lookup, "9.255.255.255") == kNone);
  CHECK(t.chosen(lookup, "11.0.0.0") == kNone);
  CHECK(lookup.destinationsFor(pcx) == IntervalSet::ofCidr(cidrOf("10.1.2.0/24")));
  IntervalSet nat_set = IntervalSet::ofCidr(cidrOf("10.1.0.0/16"))
                            .subtract(IntervalSet::ofCidr(cidrOf("10.1.2.0/24")));
  CHECK(lookup.destinationsFor(nat) == nat_set);
  CHECK(lookup.destinationsFor(key(RouteTargetKind::kNatGateway, t.nat2.value)).empty());
}

TEST_CASE("route lookup keeps adjacent prefixes apart", "[encode]") {
  Table t;
  t.b.route(t.table, "172.16.0.0/24", NetworkBuilder::natTarget(t.nat));
  t.b.route(t.table, "172.16.1.0/24", NetworkBuilder::natTarget(t.nat2));
  RouteLookup lookup(t.b.network(), t.rt());
  CHECK(t.chosen(lookup, "172.15.255.255") == kNone);
  CHECK(t.chosen(lookup, "172.16.0.0") == key(RouteTargetKind::kNatGateway, t.nat.value));
  CHECK(t.chosen(lookup, "172.16.0.255") == key(RouteTargetKind::kNatGateway, t.nat.value));
  CHECK(t.chosen(lookup, "172.16.1.0") == key(RouteTargetKind::kNatGateway, t.nat2.value));
  CHECK(t.chosen(lookup, "172.16.1.255") == key(RouteTargetKind::kNatGateway, t.nat2.value));
  CHECK(t.chosen(lookup, "172.16.2.0") == kNone);
}

TEST_CASE("route lookup: the default route covers the whole space, a /32 overrides one address",
          "[encode]") {
  Table t;
  t.b.route(t.table, "0.0.0.0/0", NetworkBuilder::igwTarget(t.igw));
  t.b.route(t.table, "10.0.1.9/32", NetworkBuilder::blackholeTarget());
  RouteLookup lookup(t.b.network(), t.rt());
  const RouteTargetKey igw = key(RouteTargetKind::kInternetGateway, t.igw.value);
  CHECK(t.chosen(lookup, "0.0.0.0") == igw);
  CHECK(t.chosen(lookup, "255.255.255.255") == igw);
  CHECK(t.chosen(lookup, "9.255.255.255") == igw);
  CHECK(t.chosen(lookup, "10.0.1.8") == key(RouteTargetKind::kLocal));
  CHECK(t.chosen(lookup, "10.0.1.9") == key(RouteTargetKind::kBlackhole));
  CHECK(t.chosen(lookup, "10.0.1.10") == key(RouteTargetKind::kLocal));
  CHECK(lookup.destinationsFor(key(RouteTargetKind::kBlackhole)) ==
        IntervalSet::point(v4Of("10.0.1.9")));
  IntervalSet local =
      IntervalSet::ofCidr(cidrOf("10.0.0.0/16")).subtract(IntervalSet::point(v4Of("10.0.1.9")));
  CHECK(lookup.destinationsFor(key(RouteTargetKind::kLocal)) == local);
  CHECK(lookup.destinationsFor(igw) ==
        IntervalSet::full(Field::kDstIp).subtract(IntervalSet::ofCidr(cidrOf("10.0.0.0/16"))));
}

TEST_CASE("route lookup: a static route beats a propagated one of the same prefix, in any order",
          "[encode]") {
  for (bool static_first : {true, false}) {
    Table t;
    auto add_static = [&] {
      t.b.route(t.table, "10.1.0.0/16", NetworkBuilder::peeringTarget(t.peering));
    };
    auto add_propagated = [&] {
      t.b.route(t.table, "10.1.0.0/16", NetworkBuilder::natTarget(t.nat), /*propagated=*/true);
    };
    if (static_first) {
      add_static();
      add_propagated();
    } else {
      add_propagated();
      add_static();
    }
    // A longer propagated prefix still beats a shorter static one.
    t.b.route(t.table, "10.1.7.0/24", NetworkBuilder::natTarget(t.nat2), /*propagated=*/true);
    RouteLookup lookup(t.b.network(), t.rt());
    INFO("static route written " << (static_first ? "first" : "second"));
    CHECK(t.chosen(lookup, "10.1.0.1") == key(RouteTargetKind::kPeering, t.peering.value));
    CHECK(t.chosen(lookup, "10.1.7.1") == key(RouteTargetKind::kNatGateway, t.nat2.value));
    CHECK(lookup.destinationsFor(key(RouteTargetKind::kNatGateway, t.nat.value)).empty());
    CHECK_FALSE(lookup.lookup(v4Of("10.1.0.1"))->propagated);
  }
}

TEST_CASE("route lookup follows prefix-list routes entry by entry", "[encode]") {
  Table t;
  PrefixListId list = t.b.prefixList("s3", {"52.216.0.0/15", "3.5.0.0/19", "2600:1f00::/24"});
  Route r;
  r.destination_prefix_list = list;
  r.target = RouteTargetKind::kVpcEndpoint;
  GatewayId endpoint = t.b.gateway(RouteTargetKind::kVpcEndpoint, t.vpc, "vpce");
  r.gateway = endpoint;
  t.b.mutableNetwork().route_tables[t.table.value].routes.push_back(r);
  RouteLookup lookup(t.b.network(), t.rt());
  IntervalSet expected =
      IntervalSet::ofCidr(cidrOf("52.216.0.0/15")).unite(IntervalSet::ofCidr(cidrOf("3.5.0.0/19")));
  CHECK(lookup.destinationsFor(key(RouteTargetKind::kOther, endpoint.value)) == expected);
  CHECK(t.chosen(lookup, "52.217.255.255") == key(RouteTargetKind::kOther, endpoint.value));
  CHECK(t.chosen(lookup, "52.218.0.0") == kNone);
}

// Longest prefix match written out plainly: the matching route with the
// longest prefix; at equal length a static route over a propagated one.
const Route* referenceLookup(const RouteTable& table, uint32_t address) {
  const Route* best = nullptr;
  for (const Route& r : table.routes) {
    if (!r.destination.contains(IpAddress::v4(address))) continue;
    if (!best || r.destination.prefix_length > best->destination.prefix_length ||
        (r.destination.prefix_length == best->destination.prefix_length && best->propagated &&
         !r.propagated))
      best = &r;
  }
  return best;
}

TEST_CASE("route lookup destination sets partition the address space (random tables)", "[encode]") {
  std::mt19937 rng(20240611);
  const std::vector<std::string> prefixes = {
      "0.0.0.0/0",    "10.0.0.0/8",  "10.0.0.0/16", "10.0.1.0/24",        "10.0.1.128/25",
      "10.0.1.77/32", "10.1.0.0/16", "10.1.0.0/17", "10.1.128.0/17",      "192.168.0.0/16",
      "128.0.0.0/1",  "0.0.0.0/1",   "54.0.0.0/8",  "255.255.255.255/32", "0.0.0.0/32"};
  for (int round = 0; round < 300; ++round) {
    Table t;
    std::vector<testing::RouteTo> targets = {
        NetworkBuilder::igwTarget(t.igw),  NetworkBuilder::natTarget(t.nat),
        NetworkBuilder::natTarget(t.nat2), NetworkBuilder::peeringTarget(t.peering),
        NetworkBuilder::blackholeTarget(), NetworkBuilder::localTarget()};
    std::set<std::pair<std::string, bool>> used = {{"10.0.0.0/16", false}};
    int count = testing::between(rng, 0, 8);
    for (int i = 0; i < count; ++i) {
      std::string p = testing::pick(rng, prefixes);
      bool propagated = testing::coin(rng, 0.3);
      if (!used.insert({p, propagated}).second) continue;  // AWS refuses duplicates
      t.b.route(t.table, p, testing::pick(rng, targets), propagated);
    }
    RouteLookup lookup(t.b.network(), t.rt());
    std::vector<RouteTargetKey> keys;
    for (const Route& r : t.rt().routes) {
      RouteTargetKey k = routeTargetKey(r);
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
    for (size_t i = 0; i < keys.size(); ++i)
      for (size_t j = i + 1; j < keys.size(); ++j)
        CHECK_FALSE(lookup.destinationsFor(keys[i]).intersects(lookup.destinationsFor(keys[j])));
    std::vector<uint64_t> probes = {0, 0xffffffffu};
    for (const Route& r : t.rt().routes) {
      uint64_t lo = r.destination.firstV4(), hi = r.destination.lastV4();
      probes.insert(probes.end(), {lo, hi});
      if (lo > 0) probes.push_back(lo - 1);
      if (hi < 0xffffffffu) probes.push_back(hi + 1);
    }
    for (int i = 0; i < 20; ++i) probes.push_back(rng());
    for (uint64_t probe : probes) {
      uint32_t address = static_cast<uint32_t>(probe);
      INFO("round " << round << " address " << IpAddress::v4(address).str());
      const Route* expected = referenceLookup(t.rt(), address);
      const Route* got = lookup.lookup(address);
      REQUIRE((expected == nullptr) == (got == nullptr));
      if (!expected) {
        for (const RouteTargetKey& k : keys)
          CHECK_FALSE(lookup.destinationsFor(k).contains(address));
        continue;
      }
      CHECK(got == expected);
      RouteTargetKey k = routeTargetKey(*expected);
      CHECK(lookup.destinationsFor(k).contains(address));
    }
  }
}

// ---------------------------------------------------------------------------
// compileAcl and firstMatchingRule

NetworkAcl aclOf(std::initializer_list<NetworkAclRule> rules) {
  NetworkAcl acl;
  acl.name = "acl";
  acl.rules = rules;
  return acl;
}

NetworkAclRule rule(int number, Direction d, bool allow, Match match, const std::string& cidr) {
  NetworkAclRule r;
  r.number = number;
  r.direction = d;
  r.allow = allow;
  r.match = match;
  r.cidr = cidrOf(cidr);
  return r;
}

constexpr Direction kIn = Direction::kIngress;
constexpr Direction kOut = Direction::kEgress;

bool allows(const NetworkAcl& acl, Direction d, const Packet& p) {
  CompiledAcl c = compileAcl(acl, d);
  REQUIRE(c.exact);
  const NetworkAclRule* first = firstMatchingRule(acl, d, p);
  bool by_rule = first != nullptr && first->allow;
  CHECK(c.allowed.contains(p) == by_rule);
  CHECK(testing::referenceAclAllows(acl, d, p) == by_rule);
  return by_rule;
}

TEST_CASE("ACL: an allow with a lower number beats a later deny", "[encode]") {
  NetworkAcl acl = aclOf({rule(100, kIn, true, testing::tcpPort(22), "0.0.0.0/0"),
                          rule(200, kIn, false, testing::tcpPorts(0, 65535), "0.0.0.0/0"),
                          rule(300, kIn, true, Match{}, "0.0.0.0/0")});
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 40000, 22)));
  CHECK_FALSE(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 40000, 23)));
  CHECK_FALSE(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 40000, 21)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kUdp, 40000, 23)));
  CHECK(firstMatchingRule(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 23))->number == 200);
}

TEST_CASE("ACL: a deny with a lower number beats a later allow", "[encode]") {
  NetworkAcl acl = aclOf({rule(100, kIn, false, testing::tcpPort(22), "1.2.3.0/24"),
                          rule(200, kIn, true, Match{}, "0.0.0.0/0")});
  CHECK_FALSE(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 40000, 22)));
  CHECK_FALSE(allows(acl, kIn, makePacket("1.2.3.255", "10.0.1.5", kTcp, 40000, 22)));
  CHECK(allows(acl, kIn, makePacket("1.2.4.0", "10.0.1.5", kTcp, 40000, 22)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 40000, 23)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kUdp, 40000, 22)));
}

TEST_CASE("ACL: nothing matching means the implicit deny; other directions do not count",
          "[encode]") {
  NetworkAcl empty = aclOf({});
  CHECK(compileAcl(empty, kIn).allowed.empty());
  CHECK(compileAcl(empty, kIn).exact);
  CHECK(firstMatchingRule(empty, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 2)) == nullptr);
  NetworkAcl outbound_only = aclOf({rule(100, kOut, true, Match{}, "0.0.0.0/0")});
  CHECK(compileAcl(outbound_only, kIn).allowed.empty());
  CHECK_FALSE(allows(outbound_only, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 2)));
  CHECK(allows(outbound_only, kOut, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 2)));
  NetworkAcl narrow = aclOf({rule(100, kIn, true, testing::tcpPort(22), "10.0.0.0/8")});
  CHECK_FALSE(allows(narrow, kIn, makePacket("11.0.0.0", "10.0.1.5", kTcp, 1, 22)));
  CHECK(allows(narrow, kIn, makePacket("10.255.255.255", "10.0.1.5", kTcp, 1, 22)));
}

TEST_CASE("ACL: inbound rules match the source address, outbound rules the destination",
          "[encode]") {
  NetworkAcl acl = aclOf(
      {rule(100, kIn, true, Match{}, "1.2.3.0/24"), rule(100, kOut, true, Match{}, "1.2.3.0/24")});
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "8.8.8.8", kTcp, 1, 2)));
  CHECK_FALSE(allows(acl, kIn, makePacket("8.8.8.8", "1.2.3.4", kTcp, 1, 2)));
  CHECK(allows(acl, kOut, makePacket("8.8.8.8", "1.2.3.4", kTcp, 1, 2)));
  CHECK_FALSE(allows(acl, kOut, makePacket("1.2.3.4", "8.8.8.8", kTcp, 1, 2)));
}

TEST_CASE("ACL: protocol -1 means every protocol and port, whatever the port fields say",
          "[encode]") {
  Match all{kAnyProtocol, {22, 22}, 8, 0};
  NetworkAcl acl = aclOf({rule(100, kIn, true, all, "0.0.0.0/0")});
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 80)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kUdp, 1, 65535)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kIcmp, 0, 0, 3, 4)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", 50, 0, 0)));
  CHECK(compileAcl(acl, kIn).allowed.contains(makePacket("1.2.3.4", "10.0.1.5", 255, 9, 9, 9, 9)));
}

TEST_CASE("ACL: port ranges are inclusive and apply to the destination port", "[encode]") {
  NetworkAcl acl = aclOf({rule(100, kIn, true, testing::tcpPorts(1024, 65535), "0.0.0.0/0"),
                          rule(110, kIn, true, testing::udpPort(53), "0.0.0.0/0"),
                          rule(120, kIn, true, testing::tcpPorts(0, 0), "0.0.0.0/0")});
  CHECK_FALSE(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1024, 1023)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 1024)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 65535)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 0)));  // tcp 0-0 is port 0
  CHECK_FALSE(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 1)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kUdp, 9, 53)));
  CHECK_FALSE(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kUdp, 53, 54)));
  CHECK_FALSE(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kUdp, 1, 1024)));
}

TEST_CASE("ACL: ICMP rules match type and code, -1 meaning any", "[encode]") {
  NetworkAcl acl = aclOf({rule(100, kIn, true, testing::icmpMatch(8, -1), "0.0.0.0/0"),
                          rule(110, kIn, true, testing::icmpMatch(3, 4), "0.0.0.0/0"),
                          rule(120, kIn, false, testing::icmpMatch(-1, -1), "0.0.0.0/0"),
                          rule(130, kIn, true, Match{}, "0.0.0.0/0")});
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kIcmp, 0, 0, 8, 0)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kIcmp, 0, 0, 8, 7)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kIcmp, 0, 0, 3, 4)));
  CHECK_FALSE(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kIcmp, 0, 0, 3, 3)));
  CHECK_FALSE(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kIcmp, 0, 0, 0, 0)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 8)));
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kIcmpV6, 0, 0, 0, 0)));
}

TEST_CASE("ACL: IPv6 rules never match IPv4 packets", "[encode]") {
  NetworkAcl acl =
      aclOf({rule(100, kIn, false, Match{}, "::/0"), rule(200, kIn, true, Match{}, "0.0.0.0/0")});
  CHECK(allows(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 22)));
  CHECK(firstMatchingRule(acl, kIn, makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 22))->number == 200);
}

TEST_CASE("compileAcl agrees with first match on random ACLs and packets", "[encode]") {
  std::mt19937 rng(7);
  for (int round = 0; round < 400; ++round) {
    NetworkAcl acl = testing::randomAcl(rng, 6);
    for (Direction d : {kIn, kOut}) {
      CompiledAcl c = compileAcl(acl, d);
      REQUIRE(c.exact);
      for (int i = 0; i < 60; ++i) {
        Packet p = testing::randomPacket(rng);
        const NetworkAclRule* first = firstMatchingRule(acl, d, p);
        bool expected = testing::referenceAclAllows(acl, d, p);
        INFO("round " << round << " packet " << i);
        CHECK((first != nullptr && first->allow) == expected);
        CHECK(c.allowed.contains(p) == expected);
      }
    }
  }
}

TEST_CASE("compileAcl with a tiny budget over-approximates and keeps the ordered lines",
          "[encode]") {
  std::mt19937 rng(11);
  int inexact = 0;
  for (int round = 0; round < 400; ++round) {
    NetworkAcl acl = testing::randomAcl(rng, 6);
    for (Direction d : {kIn, kOut}) {
      CompiledAcl exact = compileAcl(acl, d);
      CompiledAcl small = compileAcl(acl, d, 1);
      REQUIRE(exact.exact);
      if (small.exact) {
        CHECK(small.lines.empty());
        for (int i = 0; i < 30; ++i) {
          Packet p = testing::randomPacket(rng);
          CHECK(small.allowed.contains(p) == exact.allowed.contains(p));
        }
        continue;
      }
      ++inexact;
      // The lines are the rules of this direction, in order (IPv6 ones, which
      // match nothing, may be left out).
      std::vector<const NetworkAclRule*> rules;
      for (const NetworkAclRule& r : acl.rules)
        if (r.direction == d && r.cidr.isV4()) rules.push_back(&r);
      REQUIRE(small.lines.size() == rules.size());
      for (size_t i = 0; i < rules.size(); ++i) CHECK(small.lines[i].allow == rules[i]->allow);
      for (int i = 0; i < 60; ++i) {
        Packet p = testing::randomPacket(rng);
        INFO("round " << round << " packet " << i);
        if (exact.allowed.contains(p)) CHECK(small.allowed.contains(p));
        // First match over the lines is the exact set again.
        bool by_lines = false;
        for (const AclLine& line : small.lines) {
          if (!line.cube.contains(p)) continue;
          by_lines = line.allow;
          break;
        }
        CHECK(by_lines == exact.allowed.contains(p));
      }
    }
  }
  CHECK(inexact > 50);  // the budget did bite
}

TEST_CASE("compileAcl stays exact when the budget is not exceeded", "[encode]") {
  NetworkAcl acl = aclOf({rule(100, kIn, true, Match{}, "0.0.0.0/0")});
  CompiledAcl c = compileAcl(acl, kIn, 1);
  CHECK(c.exact);
  CHECK(c.lines.empty());
  CHECK(c.allowed.size() == 1);
}

// ---------------------------------------------------------------------------
// Security groups

struct Groups {
  NetworkBuilder b;
  VpcId vpc = b.vpc("main", "10.0.0.0/16");
  SecurityGroupId web = b.group(vpc, "web");
  SecurityGroupId app = b.group(vpc, "app");
  SecurityGroupId other = b.group(vpc, "other");
  const Network& net() const { return b.network(); }
};

TEST_CASE("security group CIDR rules: ingress matches the source, egress the destination",
          "[encode]") {
  Groups g;
  g.b.sgRule(g.web, kIn, testing::tcpPort(22), NetworkBuilder::cidrPeer("10.0.0.0/8"));
  g.b.sgRule(g.web, kOut, testing::tcpPort(443), NetworkBuilder::cidrPeer("52.0.0.0/8"));
  HeaderSet in = securityGroupSet(g.net(), {g.web}, kIn, {});
  HeaderSet out = securityGroupSet(g.net(), {g.web}, kOut, {});
  CHECK(in.contains(makePacket("10.9.9.9", "10.0.1.5", kTcp, 50000, 22)));
  CHECK(in.contains(makePacket("10.0.0.0", "1.1.1.1", kTcp, 1, 22)));
  CHECK_FALSE(in.contains(makePacket("11.0.0.0", "10.0.1.5", kTcp, 50000, 22)));
  CHECK_FALSE(in.contains(makePacket("10.9.9.9", "10.0.1.5", kTcp, 50000, 23)));
  CHECK_FALSE(in.contains(makePacket("10.9.9.9", "10.0.1.5", kUdp, 50000, 22)));
  CHECK(out.contains(makePacket("10.0.1.5", "52.1.2.3", kTcp, 50000, 443)));
  CHECK_FALSE(out.contains(makePacket("52.1.2.3", "10.0.1.5", kTcp, 50000, 443)));
  CHECK_FALSE(out.contains(makePacket("10.0.1.5", "52.1.2.3", kTcp, 50000, 22)));
}

TEST_CASE("security group rules of several groups are unioned", "[encode]") {
  Groups g;
  g.b.sgRule(g.web, kIn, testing::tcpPort(80), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  g.b.sgRule(g.app, kIn, testing::udpPort(53), NetworkBuilder::cidrPeer("10.0.0.0/16"));
  HeaderSet both = securityGroupSet(g.net(), {g.web, g.app}, kIn, {});
  CHECK(both.contains(makePacket("8.8.8.8", "10.0.1.5", kTcp, 1, 80)));
  CHECK(both.contains(makePacket("10.0.3.3", "10.0.1.5", kUdp, 1, 53)));
  CHECK_FALSE(both.contains(makePacket("8.8.8.8", "10.0.1.5", kUdp, 1, 53)));
  CHECK(securityGroupSet(g.net(), {}, kIn, {}).empty());
  CHECK(securityGroupSet(g.net(), {g.other}, kIn, {}).empty());  // no rules: nothing
}

TEST_CASE("security group references admit members only, from any of their addresses", "[encode]") {
  Groups g;
  g.b.sgRule(g.app, kIn, testing::tcpPort(8080), NetworkBuilder::groupPeer(g.web));
  PeerIdentity member{{g.other, g.web}};
  PeerIdentity stranger{{g.other}};
  PeerIdentity internet{};
  HeaderSet for_member = securityGroupSet(g.net(), {g.app}, kIn, member);
  CHECK(for_member.contains(makePacket("10.0.1.5", "10.0.2.5", kTcp, 1, 8080)));
  CHECK(for_member.contains(
      makePacket("10.1.0.5", "10.0.2.5", kTcp, 1, 8080)));  // e.g. across a peering
  CHECK_FALSE(for_member.contains(makePacket("10.0.1.5", "10.0.2.5", kTcp, 1, 8081)));
  CHECK(securityGroupSet(g.net(), {g.app}, kIn, stranger).empty());
  CHECK(securityGroupSet(g.net(), {g.app}, kIn, internet).empty());
  CHECK(member.carries(g.web));
  CHECK_FALSE(stranger.carries(g.web));
  // "self": the group admits its own members.
  g.b.sgRule(g.other, kIn, Match{}, NetworkBuilder::groupPeer(g.other));
  CHECK_FALSE(securityGroupSet(g.net(), {g.other}, kIn, member).empty());
  CHECK(securityGroupSet(g.net(), {g.other}, kIn, PeerIdentity{{g.web}}).empty());
  auto cube = securityGroupRuleCube(g.net(), g.net().at(g.app).rules.front(), stranger);
  CHECK_FALSE(cube.has_value());
}

TEST_CASE("security group IPv6 rules are ignored for IPv4", "[encode]") {
  Groups g;
  g.b.sgRule(g.web, kIn, testing::tcpPort(22), NetworkBuilder::cidrPeer("::/0"));
  g.b.sgRule(g.web, kOut, Match{}, NetworkBuilder::cidrPeer("::/0"));
  CHECK(securityGroupSet(g.net(), {g.web}, kIn, {}).empty());
  CHECK(securityGroupSet(g.net(), {g.web}, kOut, {}).empty());
  g.b.sgRule(g.web, kIn, testing::tcpPort(22), NetworkBuilder::cidrPeer("1.2.3.4/32"));
  HeaderSet in = securityGroupSet(g.net(), {g.web}, kIn, {});
  CHECK(in.contains(makePacket("1.2.3.4", "10.0.1.5", kTcp, 1, 22)));
  CHECK_FALSE(in.contains(makePacket("1.2.3.5", "10.0.1.5", kTcp, 1, 22)));
}

TEST_CASE("security group rules: protocol -1 ignores ports; tcp 0-0 is port 0; ICMP type/code",
          "[encode]") {
  Groups g;
  g.b.sgRule(g.web, kIn, Match{kAnyProtocol, {22, 22}, 3, 3},
             NetworkBuilder::cidrPeer("10.0.0.0/16"));
  g.b.sgRule(g.app, kIn, testing::tcpPorts(0, 0), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  g.b.sgRule(g.other, kIn, testing::icmpMatch(8, -1), NetworkBuilder::cidrPeer("0.0.0.0/0"));
  HeaderSet web = securityGroupSet(g.net(), {g.web}, kIn, {});
  CHECK(web.contains(makePacket("10.0.1.1", "10.0.1.5", kUdp, 1, 9999)));
  CHECK(web.contains(makePacket("10.0.1.1", "10.0.1.5", kIcmp, 0, 0, 0, 0)));
  HeaderSet app = securityGroupSet(g.net(), {g.app}, kIn, {});
  CHECK(app.contains(makePacket("8.8.8.8", "10.0.1.5", kTcp, 1, 0)));
  CHECK_FALSE(app.contains(makePacket("8.8.8.8", "10.0.1.5", kTcp, 1, 1)));
  HeaderSet other = securityGroupSet(g.net(), {g.other}, kIn, {});
  CHECK(other.contains(makePacket("8.8.8.8", "10.0.1.5", kIcmp, 0, 0, 8, 5)));
  CHECK_FALSE(other.contains(makePacket("8.8.8.8", "10.0.1.5", kIcmp, 0, 0, 0, 0)));
}

TEST_CASE("security group prefix-list peers: known entries, or any address when unknown",
          "[encode]") {
  Groups g;
  PrefixListId known = g.b.prefixList("known", {"1.2.3.0/24", "2001:db8::/32"});
  PrefixListId unknown = g.b.prefixList("managed", {}, /*content_known=*/false);
  g.b.sgRule(g.web, kIn, testing::tcpPort(443), NetworkBuilder::prefixListPeer(known));
  g.b.sgRule(g.app, kIn, testing::tcpPort(443), NetworkBuilder::prefixListPeer(unknown));
  HeaderSet web = securityGroupSet(g.net(), {g.web}, kIn, {});
  CHECK(web.contains(makePacket("1.2.3.9", "10.0.1.5", kTcp, 1, 443)));
  CHECK_FALSE(web.contains(makePacket("1.2.4.9", "10.0.1.5", kTcp, 1, 443)));
  HeaderSet app = securityGroupSet(g.net(), {g.app}, kIn, {});
  CHECK(app.contains(makePacket("200.1.2.3", "10.0.1.5", kTcp, 1, 443)));
}

// ---------------------------------------------------------------------------
// Address sets

TEST_CASE("the internet excludes exactly the private and special ranges", "[encode]") {
  const IntervalSet& internet = internetAddresses();
  auto in = [&](const char* ip) { return internet.contains(v4Of(ip)); };
  // 0/8
  CHECK_FALSE(in("0.0.0.0"));
  CHECK_FALSE(in("0.255.255.255"));
  CHECK(in("1.0.0.0"));
  // 10/8
  CHECK(in("9.255.255.255"));
  CHECK_FALSE(in("10.0.0.0"));
  CHECK_FALSE(in("10.255.255.255"));
  CHECK(in("11.0.0.0"));
  // 100.64/10
  CHECK(in("100.63.255.255"));
  CHECK_FALSE(in("100.64.0.0"));
  CHECK_FALSE(in("100.127.255.255"));
  CHECK(in("100.128.0.0"));
  // 127/8
  CHECK(in("126.255.255.255"));
  CHECK_FALSE(in("127.0.0.1"));
  CHECK(in("128.0.0.0"));
  // 169.254/16
  CHECK(in("169.253.255.255"));
  CHECK_FALSE(in("169.254.0.0"));
  CHECK_FALSE(in("169.254.255.255"));
  CHECK(in("169.255.0.0"));
  // 172.16/12
  CHECK(in("172.15.255.255"));
  CHECK_FALSE(in("172.16.0.0"));
  CHECK_FALSE(in("172.31.255.255"));
  CHECK(in("172.32.0.0"));
  // 192.168/16
  CHECK(in("192.167.255.255"));
  CHECK_FALSE(in("192.168.0.0"));
  CHECK_FALSE(in("192.168.255.255"));
  CHECK(in("192.169.0.0"));
  // 224/4 and 240/4: everything from 224.0.0.0 up
  CHECK(in("223.255.255.255"));
  CHECK_FALSE(in("224.0.0.0"));
  CHECK_FALSE(in("239.255.255.255"));
  CHECK_FALSE(in("240.0.0.0"));
  CHECK_FALSE(in("255.255.255.255"));
  // Nothing else is missing.
  uint64_t excluded = 3 * (uint64_t{1} << 24) + (uint64_t{1} << 22) + (uint64_t{1} << 16) +
                      (uint64_t{1} << 20) + (uint64_t{1} << 16) + (uint64_t{1} << 29);
  CHECK(internet.count() == (uint64_t{1} << 32) - excluded);
  CHECK(internet.intervals().size() == 7);
}

TEST_CASE("usable subnet addresses exclude the first four and the last", "[encode]") {
  Subnet s;
  s.cidr = cidrOf("10.0.1.0/24");
  CHECK(usableAddresses(s) == IntervalSet::range(v4Of("10.0.1.4"), v4Of("10.0.1.254")));
  s.cidr = cidrOf("10.0.1.16/28");
  CHECK(usableAddresses(s) == IntervalSet::range(v4Of("10.0.1.20"), v4Of("10.0.1.30")));
  CHECK(usableAddresses(s).count() == 11);
  s.cidr = cidrOf("10.0.0.0/16");
  CHECK(usableAddresses(s).count() == 65536 - 5);
  CHECK_FALSE(usableAddresses(s).contains(v4Of("10.0.0.3")));
  CHECK(usableAddresses(s).contains(v4Of("10.0.0.4")));
  CHECK_FALSE(usableAddresses(s).contains(v4Of("10.0.255.255")));
  CHECK(usableAddresses(s).contains(v4Of("10.0.255.254")));
  s.cidr = cidrOf("10.0.1.0/30");
  CHECK(usableAddresses(s).empty());
}

TEST_CASE("matchCube: the protocol part of a rule", "[encode]") {
  Cube any = matchCube(Match{});
  CHECK(any == Cube());
  Cube tcp = matchCube(testing::tcpPorts(22, 25));
  CHECK(tcp[Field::kProtocol] == IntervalSet::point(kTcp));
  CHECK(tcp[Field::kDstPort] == IntervalSet::range(22, 25));
  CHECK(tcp[Field::kSrcPort] == IntervalSet::full(Field::kSrcPort));
  Cube icmp = matchCube(testing::icmpMatch(-1, 2));
  CHECK(icmp[Field::kIcmpType] == IntervalSet::full(Field::kIcmpType));
  CHECK(icmp[Field::kIcmpCode] == IntervalSet::point(2));
  CHECK(icmp[Field::kDstPort] == IntervalSet::full(Field::kDstPort));
}

}  // namespace
}  // namespace segproof
