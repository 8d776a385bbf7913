#include "encode/header_space.h"

#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <bit>
#include <bitset>
#include <catch2/catch.hpp>
#include <limits>
#include <random>
#include <set>

namespace segproof {
namespace {

constexpr uint64_t kMax64 = std::numeric_limits<uint64_t>::max();

IntervalSet ofIntervals(std::initializer_list<Interval> intervals) {
  IntervalSet set;
  for (const Interval& iv : intervals) set.add(iv.lo, iv.hi);
  return set;
}

IntervalSet cidr(const char* text) { return IntervalSet::ofCidr(*parseCidr(text).cidr); }

uint64_t ip(const char* text) { return IpAddress::parse(text)->v4(); }

// The intervals of `set` as a vector, for comparisons.
std::vector<Interval> ivsOf(const IntervalSet& set) {
  return {set.intervals().begin(), set.intervals().end()};
}

bool canonical(const IntervalSet& set) {
  std::span<const Interval> ivs = set.intervals();
  for (size_t i = 0; i < ivs.size(); ++i) {
    if (ivs[i].lo > ivs[i].hi) return false;
    if (i > 0 && (ivs[i - 1].hi == kMax64 || ivs[i - 1].hi + 1 >= ivs[i].lo)) return false;
  }
  return true;
}

Packet packet(uint64_t src_ip, uint64_t dst_ip, uint64_t protocol, uint64_t src_port,
              uint64_t dst_port) {
  Packet p;
  p[Field::kSrcIp] = src_ip;
  p[Field::kDstIp] = dst_ip;
  p[Field::kProtocol] = protocol;
  p[Field::kSrcPort] = src_port;
  p[Field::kDstPort] = dst_port;
  return p;
}

// ---------------------------------------------------------------------------
// Fields

TEST_CASE("field maxima and names", "[encode]") {
  CHECK(fieldMax(Field::kSrcIp) == 0xffffffffu);
  CHECK(fieldMax(Field::kDstIp) == 0xffffffffu);
  CHECK(fieldMax(Field::kProtocol) == 255);
  CHECK(fieldMax(Field::kSrcPort) == 65535);
  CHECK(fieldMax(Field::kDstPort) == 65535);
  CHECK(fieldMax(Field::kIcmpType) == 255);
  CHECK(fieldMax(Field::kIcmpCode) == 255);
  CHECK(std::string(fieldName(Field::kSrcIp)) == "src_ip");
  CHECK(std::string(fieldName(Field::kDstIp)) == "dst_ip");
  CHECK(std::string(fieldName(Field::kProtocol)) == "protocol");
  CHECK(std::string(fieldName(Field::kSrcPort)) == "src_port");
  CHECK(std::string(fieldName(Field::kDstPort)) == "dst_port");
  CHECK(std::string(fieldName(Field::kIcmpType)) == "icmp_type");
  CHECK(std::string(fieldName(Field::kIcmpCode)) == "icmp_code");
}

// ---------------------------------------------------------------------------
// IntervalSet

TEST_CASE("interval set add keeps intervals sorted, disjoint and merged", "[encode]") {
  IntervalSet set;
  CHECK(set.empty());
  set.add(10, 20);
  set.add(30, 40);
  CHECK(ivsOf(set) == std::vector<Interval>{{10, 20}, {30, 40}});
  set.add(0, 5);  // before everything
  CHECK(ivsOf(set) == std::vector<Interval>{{0, 5}, {10, 20}, {30, 40}});
  set.add(6, 9);  // touches both neighbours
  CHECK(ivsOf(set) == std::vector<Interval>{{0, 20}, {30, 40}});
  set.add(22, 25);  // in a gap, touching nothing
  CHECK(ivsOf(set) == std::vector<Interval>{{0, 20}, {22, 25}, {30, 40}});
  set.add(15, 35);  // swallows one interval and joins two
  CHECK(ivsOf(set) == std::vector<Interval>{{0, 40}});
  set.add(41, 41);  // appends by touching
  CHECK(ivsOf(set) == std::vector<Interval>{{0, 41}});
  set.add(3, 7);  // already inside
  CHECK(ivsOf(set) == std::vector<Interval>{{0, 41}});
}

TEST_CASE("interval set add at the ends of uint64", "[encode]") {
  IntervalSet set;
  set.add(kMax64, kMax64);
  set.add(0, 0);
  CHECK(ivsOf(set) == std::vector<Interval>{{0, 0}, {kMax64, kMax64}});
  set.add(1, kMax64 - 1);
  CHECK(ivsOf(set) == std::vector<Interval>{{0, kMax64}});
  CHECK(set.count() == kMax64);
  CHECK(set.complement(kMax64).empty());
}

TEST_CASE("interval set operations", "[encode]") {
  IntervalSet a = ofIntervals({{0, 10}, {20, 30}});
  IntervalSet b = ofIntervals({{5, 22}, {28, 40}});
  CHECK(ivsOf(a.unite(b)) == std::vector<Interval>{{0, 40}});
  CHECK(ivsOf(a.intersect(b)) == std::vector<Interval>{{5, 10}, {20, 22}, {28, 30}});
  CHECK(ivsOf(a.subtract(b)) == std::vector<Interval>{{0, 4}, {23, 27}});
  CHECK(ivsOf(b.subtract(a)) == std::vector<Interval>{{11, 19}, {31, 40}});
  CHECK(ivsOf(a.complement(50)) == std::vector<Interval>{{11, 19}, {31, 50}});
  CHECK(ivsOf(a.complement(25)) == std::vector<Interval>{{11, 19}});
  CHECK(a.complement(5).empty());
  CHECK(IntervalSet().complement(7) == IntervalSet::range(0, 7));
  CHECK(a.unite(IntervalSet::range(11, 19)) == IntervalSet::range(0, 30));
  CHECK(a.subtract(IntervalSet()) == a);
  CHECK(IntervalSet().subtract(a).empty());
  CHECK(a.intersect(IntervalSet()).empty());
}

TEST_CASE("interval set queries", "[encode]") {
  IntervalSet a = ofIntervals({{0, 10}, {20, 30}});
  CHECK(a.contains(0));
  CHECK(a.contains(10));
  CHECK_FALSE(a.contains(11));
  CHECK(a.contains(25));
  CHECK_FALSE(a.contains(31));
  CHECK(a.containsAll(ofIntervals({{2, 3}, {20, 30}})));
  CHECK(a.containsAll(IntervalSet()));
  CHECK_FALSE(a.containsAll(IntervalSet::range(9, 20)));
  CHECK_FALSE(IntervalSet().containsAll(a));
  CHECK(a.intersects(IntervalSet::range(30, 40)));
  CHECK_FALSE(a.intersects(IntervalSet::range(11, 19)));
  CHECK_FALSE(a.intersects(IntervalSet()));
  CHECK(a.min() == 0);
  CHECK(a.max() == 30);
  CHECK(a.count() == 22);
  CHECK(IntervalSet().count() == 0);
  CHECK(IntervalSet::full(Field::kSrcIp).count() == 0x100000000u);
  CHECK(ofIntervals({{0, kMax64 / 2}, {kMax64 / 2 + 2, kMax64}}).count() == kMax64);
}

TEST_CASE("interval sets from cidrs and loose intervals", "[encode]") {
  CHECK(cidr("10.0.0.0/8") == IntervalSet::range(ip("10.0.0.0"), ip("10.255.255.255")));
  CHECK(cidr("0.0.0.0/0") == IntervalSet::full(Field::kDstIp));
  CHECK(cidr("10.1.2.3/32") == IntervalSet::point(ip("10.1.2.3")));
  CHECK(ivsOf(IntervalSet::fromIntervals({{20, 30}, {0, 5}, {6, 8}, {25, 40}, {50, 50}})) ==
        std::vector<Interval>{{0, 8}, {20, 40}, {50, 50}});
  CHECK(IntervalSet::fromIntervals({}).empty());
}

TEST_CASE("interval set text for addresses", "[encode]") {
  CHECK(IntervalSet().str(Field::kSrcIp) == "none");
  CHECK(IntervalSet::full(Field::kSrcIp).str(Field::kSrcIp) == "any");
  CHECK(IntervalSet::point(ip("10.1.0.5")).str(Field::kDstIp) == "10.1.0.5");
  CHECK(cidr("10.0.0.0/16").unite(cidr("10.1.0.5/32")).str(Field::kDstIp) ==
        "10.0.0.0/16, 10.1.0.5");
  CHECK(IntervalSet::range(ip("10.0.0.0"), ip("10.0.0.2")).str(Field::kSrcIp) ==
        "10.0.0.0/31, 10.0.0.2");
  CHECK(IntervalSet::range(ip("10.0.0.1"), ip("10.0.0.14")).str(Field::kSrcIp) ==
        "10.0.0.1, 10.0.0.2/31, 10.0.0.4/30, 10.0.0.8/30, 10.0.0.12/31, 10.0.0.14");
  CHECK(IntervalSet::range(0, 0xfffffffe).str(Field::kSrcIp) ==
        "0.0.0.0/1, 128.0.0.0/2, 192.0.0.0/3, 224.0.0.0/4, 240.0.0.0/5, 248.0.0.0/6, "
        "252.0.0.0/7, 254.0.0.0/8, ... (24 more)");
  CHECK(IntervalSet::full(Field::kSrcIp).subtract(cidr("10.0.0.0/8")).str(Field::kSrcIp) ==
        "0.0.0.0/5, 8.0.0.0/7, 11.0.0.0/8, 12.0.0.0/6, 16.0.0.0/4, 32.0.0.0/3, 64.0.0.0/2, "
        "128.0.0.0/1");
  // Exactly eight blocks: no ellipsis.
  IntervalSet eight;
  for (uint64_t i = 0; i < 8; ++i) eight.add(2 * i, 2 * i);
  CHECK(eight.str(Field::kSrcIp) ==
        "0.0.0.0, 0.0.0.2, 0.0.0.4, 0.0.0.6, 0.0.0.8, 0.0.0.10, 0.0.0.12, 0.0.0.14");
  eight.add(16, 16);
  CHECK(eight.str(Field::kSrcIp) ==
        "0.0.0.0, 0.0.0.2, 0.0.0.4, 0.0.0.6, 0.0.0.8, 0.0.0.10, 0.0.0.12, 0.0.0.14, "
        "... (1 more)");
}

TEST_CASE("interval set text for ports and numbers", "[encode]") {
  CHECK(IntervalSet().str(Field::kDstPort) == "none");
  CHECK(IntervalSet::full(Field::kDstPort).str(Field::kDstPort) == "any");
  CHECK(ofIntervals({{22, 22}, {1024, 65535}}).str(Field::kDstPort) == "22, 1024-65535");
  CHECK(IntervalSet::range(0, 65534).str(Field::kSrcPort) == "0-65534");
  CHECK(IntervalSet::point(6).str(Field::kProtocol) == "6");
  CHECK(IntervalSet::full(Field::kProtocol).str(Field::kProtocol) == "any");
  CHECK(IntervalSet::range(0, 255).str(Field::kIcmpType) == "any");
  CHECK(ofIntervals({{0, 0}, {3, 4}, {8, 8}}).str(Field::kIcmpCode) == "0, 3-4, 8");
}

// ---------------------------------------------------------------------------
// Packet and Cube

TEST_CASE("swapping a packet exchanges addresses and ports", "[encode]") {
  Packet p = packet(1, 2, 6, 3, 4);
  p[Field::kIcmpType] = 8;
  Packet r = swapped(p);
  CHECK(r[Field::kSrcIp] == 2);
  CHECK(r[Field::kDstIp] == 1);
  CHECK(r[Field::kSrcPort] == 4);
  CHECK(r[Field::kDstPort] == 3);
  CHECK(r[Field::kProtocol] == 6);
  CHECK(r[Field::kIcmpType] == 8);
  CHECK(swapped(r) == p);
}

TEST_CASE("cube basics", "[encode]") {
  Cube all;
  for (int i = 0; i < kFieldCount; ++i) {
    Field f = static_cast<Field>(i);
    CHECK(all[f] == IntervalSet::full(f));
  }
  CHECK_FALSE(all.empty());
  CHECK(all.minPacket() == Packet{});

  Cube ssh;
  ssh.set(Field::kProtocol, IntervalSet::point(6))
      .set(Field::kDstPort, IntervalSet::point(22))
      .set(Field::kDstIp, cidr("10.0.0.0/24"));
  CHECK(ssh.contains(packet(7, ip("10.0.0.9"), 6, 5000, 22)));
  CHECK_FALSE(ssh.contains(packet(7, ip("10.0.1.9"), 6, 5000, 22)));
  CHECK_FALSE(ssh.contains(packet(7, ip("10.0.0.9"), 17, 5000, 22)));
  CHECK(all.containsAll(ssh));
  CHECK_FALSE(ssh.containsAll(all));
  CHECK(ssh.minPacket() == packet(0, ip("10.0.0.0"), 6, 0, 22));

  Cube web;
  web.set(Field::kDstPort, IntervalSet::range(80, 443));
  Cube both = ssh.intersect(web);
  CHECK(both.empty());
  CHECK_FALSE(ssh.intersects(web));
  CHECK(ssh.intersects(all));
  CHECK(ssh.intersect(all) == ssh);

  Cube empty_cube;
  empty_cube.set(Field::kIcmpCode, IntervalSet());
  CHECK(empty_cube.empty());
  CHECK(ssh.containsAll(empty_cube));
  CHECK_FALSE(empty_cube.containsAll(ssh));

  Cube reply = ssh.swapped();
  CHECK(reply[Field::kSrcIp] == cidr("10.0.0.0/24"));
  CHECK(reply[Field::kDstIp] == IntervalSet::full(Field::kDstIp));
  CHECK(reply[Field::kSrcPort] == IntervalSet::point(22));
  CHECK(reply[Field::kDstPort] == IntervalSet::full(Field::kDstPort));
  CHECK(reply[Field::kProtocol] == IntervalSet::point(6));
  CHECK(reply.swapped() == ssh);
}

// ---------------------------------------------------------------------------
// HeaderSet

Cube port(uint64_t lo, uint64_t hi) {
  Cube c;
  c.set(Field::kProtocol, IntervalSet::point(6)).set(Field::kDstPort, IntervalSet::range(lo, hi));
  return c;
}

TEST_CASE("header set construction drops empty cubes", "[encode]") {
  CHECK(HeaderSet().empty());
  CHECK(HeaderSet::all().size() == 1);
  Cube none;
  none.set(Field::kDstPort, IntervalSet());
  CHECK(HeaderSet(none).empty());
  HeaderSet set;
  set.add(none);
  set.add(port(22, 22));
  CHECK(set.size() == 1);
  CHECK(set.unite(HeaderSet(port(80, 80))).size() == 2);
}

TEST_CASE("header set intersect is pairwise and drops empty pieces", "[encode]") {
  HeaderSet a(port(20, 30));
  a.add(port(100, 200));
  HeaderSet b(port(25, 150));
  HeaderSet both = a.intersect(b);
  REQUIRE(both.size() == 2);
  CHECK(both.cubes()[0] == port(25, 30));
  CHECK(both.cubes()[1] == port(100, 150));
  CHECK(a.intersect(port(31, 99)).empty());
  CHECK(a.intersect(HeaderSet()).empty());
}

TEST_CASE("header set subtract decomposes field by field", "[encode]") {
  HeaderSet rest = HeaderSet::all().subtract(port(22, 22));
  REQUIRE(rest.size() == 2);
  Cube not_tcp;
  not_tcp.set(Field::kProtocol, ofIntervals({{0, 5}, {7, 255}}));
  CHECK(rest.cubes()[0] == not_tcp);
  Cube tcp_not_ssh;
  tcp_not_ssh.set(Field::kProtocol, IntervalSet::point(6))
      .set(Field::kDstPort, ofIntervals({{0, 21}, {23, 65535}}));
  CHECK(rest.cubes()[1] == tcp_not_ssh);

  CHECK(HeaderSet(port(22, 22)).subtract(port(0, 100)).empty());
  HeaderSet untouched(port(22, 22));
  CHECK(untouched.subtract(port(80, 80)).cubes() == untouched.cubes());
  CHECK(HeaderSet::all().subtract(HeaderSet::all()).empty());

  HeaderSet ports =
      HeaderSet(port(0, 100)).subtract(HeaderSet(port(10, 20)).unite(HeaderSet(port(50, 60))));
  ports.simplify();
  REQUIRE(ports.size() == 1);
  CHECK(ports.cubes()[0][Field::kDstPort] == ofIntervals({{0, 9}, {21, 49}, {61, 100}}));
}

TEST_CASE("header set swapped and assign", "[encode]") {
  Cube c = port(22, 22);
  c.set(Field::kSrcIp, cidr("10.0.0.0/8"));
  HeaderSet set(c);
  HeaderSet reply = set.swapped();
  REQUIRE(reply.size() == 1);
  CHECK(reply.cubes()[0] == c.swapped());

  HeaderSet natted = set.assign(Field::kSrcIp, cidr("52.1.2.3/32"));
  REQUIRE(natted.size() == 1);
  CHECK(natted.cubes()[0][Field::kSrcIp] == cidr("52.1.2.3/32"));
  CHECK(natted.cubes()[0][Field::kDstPort] == IntervalSet::point(22));
  CHECK(set.assign(Field::kSrcIp, IntervalSet()).empty());
}

TEST_CASE("header set hull, sample and contains", "[encode]") {
  HeaderSet set(port(100, 200));
  set.add(port(20, 30));
  Cube udp;
  udp.set(Field::kProtocol, IntervalSet::point(17)).set(Field::kDstPort, IntervalSet::point(53));
  set.add(udp);
  Cube hull = set.hull();
  CHECK(hull[Field::kProtocol] == ofIntervals({{6, 6}, {17, 17}}));
  CHECK(hull[Field::kDstPort] == ofIntervals({{20, 30}, {53, 53}, {100, 200}}));
  CHECK(hull[Field::kSrcIp] == IntervalSet::full(Field::kSrcIp));
  CHECK(set.sample() == packet(0, 0, 6, 0, 100));
  CHECK(set.contains(packet(1, 2, 17, 3, 53)));
  CHECK_FALSE(set.contains(packet(1, 2, 6, 3, 53)));
  CHECK(HeaderSet().hull().empty());
}

TEST_CASE("simplify merges neighbours and drops contained cubes", "[encode]") {
  HeaderSet set(port(0, 9));
  set.add(port(10, 19));
  set.add(port(5, 7));    // inside the first
  set.add(port(40, 50));  // same fields but a port gap: merged into one set of ports
  set.simplify();
  REQUIRE(set.size() == 1);
  CHECK(set.cubes()[0] == port(0, 19).set(Field::kDstPort, ofIntervals({{0, 19}, {40, 50}})));

  // Two merges in different fields, the second possible only after the first.
  HeaderSet grid;
  Cube a = port(0, 9);
  Cube b = port(10, 19);
  Cube c = port(0, 9).set(Field::kProtocol, IntervalSet::point(17));
  Cube d = port(10, 19).set(Field::kProtocol, IntervalSet::point(17));
  grid.add(a);
  grid.add(c);
  grid.add(b);
  grid.add(d);
  grid.simplify();
  REQUIRE(grid.size() == 1);
  CHECK(grid.cubes()[0] == port(0, 19).set(Field::kProtocol, ofIntervals({{6, 6}, {17, 17}})));

  HeaderSet duplicates(port(1, 1));
  duplicates.add(port(1, 1));
  duplicates.simplify();
  CHECK(duplicates.size() == 1);
}

TEST_CASE("limit replaces a large union by its hull", "[encode]") {
  HeaderSet set;
  for (uint64_t p = 0; p < 10; ++p) {
    set.add(port(2 * p, 2 * p).set(Field::kSrcPort, IntervalSet::point(p)));
  }
  HeaderSet copy = set;
  CHECK_FALSE(copy.limit(10));
  CHECK(copy.size() == 10);
  CHECK(set.limit(9));
  REQUIRE(set.size() == 1);
  CHECK(set.cubes()[0][Field::kSrcPort] == IntervalSet::range(0, 9));
  CHECK(set.cubes()[0][Field::kDstPort].count() == 10);
  HeaderSet empty;
  CHECK_FALSE(empty.limit(1));
}

// ---------------------------------------------------------------------------
// Properties: IntervalSet against std::bitset on a 64-value window, placed at
// the bottom or at the very top of uint64 to exercise overflow at the ends.

using Bits = std::bitset<64>;

struct Window {
  IntervalSet set;
  Bits bits;
};

Window genWindow(uint64_t base) {
  Window w;
  int adds = *rc::gen::inRange(0, 8);
  for (int i = 0; i < adds; ++i) {
    uint64_t lo = *rc::gen::inRange<uint64_t>(0, 64);
    uint64_t hi = std::min<uint64_t>(63, lo + *rc::gen::inRange<uint64_t>(0, 12));
    w.set.add(base + lo, base + hi);
    for (uint64_t v = lo; v <= hi; ++v) w.bits.set(v);
  }
  return w;
}

// The window's values of `set`; values outside the window must not occur.
Bits bitsOf(const IntervalSet& set, uint64_t base) {
  Bits bits;
  for (uint64_t v = 0; v < 64; ++v) bits[v] = set.contains(base + v);
  RC_ASSERT(set.count() == bits.count());
  return bits;
}

TEST_CASE("interval sets agree with bitsets", "[encode][property]") {
  rc::prop("unite, intersect, subtract, complement and queries", [] {
    uint64_t base = *rc::gen::element<uint64_t>(0, kMax64 - 63);
    Window a = genWindow(base);
    Window b = genWindow(base);
    RC_ASSERT(canonical(a.set));
    RC_ASSERT(bitsOf(a.set, base) == a.bits);

    IntervalSet u = a.set.unite(b.set);
    IntervalSet i = a.set.intersect(b.set);
    IntervalSet s = a.set.subtract(b.set);
    RC_ASSERT(canonical(u));
    RC_ASSERT(canonical(i));
    RC_ASSERT(canonical(s));
    RC_ASSERT(bitsOf(u, base) == (a.bits | b.bits));
    RC_ASSERT(bitsOf(i, base) == (a.bits & b.bits));
    RC_ASSERT(bitsOf(s, base) == (a.bits & ~b.bits));
    RC_ASSERT(a.set.containsAll(b.set) == ((b.bits & ~a.bits).none()));
    RC_ASSERT(a.set.intersects(b.set) == (a.bits & b.bits).any());
    RC_ASSERT(a.set.empty() == a.bits.none());
    if (!a.set.empty()) {
      RC_ASSERT(a.set.min() == base + static_cast<uint64_t>(std::countr_zero(a.bits.to_ullong())));
      RC_ASSERT(a.set.max() ==
                base + 63 - static_cast<uint64_t>(std::countl_zero(a.bits.to_ullong())));
    }

    // Rebuilding from the loose intervals of both sets gives their union.
    std::vector<Interval> loose = ivsOf(b.set);
    loose.insert(loose.begin(), a.set.intervals().begin(), a.set.intervals().end());
    RC_ASSERT(IntervalSet::fromIntervals(loose) == u);

    // Complement up to a limit inside the window, and up to the end of uint64.
    uint64_t limit = *rc::gen::inRange<uint64_t>(0, 64);
    IntervalSet c = a.set.complement(base + limit);
    RC_ASSERT(canonical(c));
    Bits below_limit;
    for (uint64_t v = 0; v <= limit; ++v) below_limit.set(v);
    IntervalSet c_window = c.intersect(IntervalSet::range(base, base + 63));
    RC_ASSERT(bitsOf(c_window, base) == (~a.bits & below_limit));
    if (base > 0) RC_ASSERT(c.containsAll(IntervalSet::range(0, base - 1)));
    RC_ASSERT(!c.intersects(a.set));
    RC_ASSERT(a.set.complement(kMax64).complement(kMax64) == a.set);
  });
}

// ---------------------------------------------------------------------------
// Properties: HeaderSet against enumeration.
//
// Cubes are built from atoms: in each address and port field the values 0, 1,
// 2, 3 and the rest (4..max); in protocol 6, 17 and the rest; ICMP fields are
// always full. Every operation maps such sets to such sets, so one
// representative per atom (the rest as 4, or protocol 1) decides membership
// for all packets, and enumerating 5^4 * 3 packets is exact.

constexpr std::array<Field, 4> kSmallFields = {Field::kSrcIp, Field::kDstIp, Field::kSrcPort,
                                               Field::kDstPort};

std::vector<uint64_t> representatives(Field f) {
  if (f == Field::kProtocol) return {6, 17, 1};
  if (f == Field::kIcmpType || f == Field::kIcmpCode) return {0};
  return {0, 1, 2, 3, 4};
}

IntervalSet atomSet(Field f, unsigned mask) {
  IntervalSet set;
  if (f == Field::kProtocol) {
    if (mask & 1) set.add(6, 6);
    if (mask & 2) set.add(17, 17);
    if (mask & 4) set = set.unite(ofIntervals({{6, 6}, {17, 17}}).complement(255));
    return set;
  }
  for (uint64_t v = 0; v < 4; ++v) {
    if (mask & (1u << v)) set.add(v, v);
  }
  if (mask & 16) set.add(4, fieldMax(f));
  return set;
}

IntervalSet genAtomSet(Field f) {
  if (*rc::gen::inRange(0, 2) == 0) return IntervalSet::full(f);
  unsigned masks = f == Field::kProtocol ? 8 : 32;
  return atomSet(f, *rc::gen::inRange(0u, masks));
}

Cube genCube() {
  Cube c;
  for (Field f : kSmallFields) c.set(f, genAtomSet(f));
  c.set(Field::kProtocol, genAtomSet(Field::kProtocol));
  return c;
}

HeaderSet genHeaderSet() {
  HeaderSet set;
  int cubes = *rc::gen::inRange(0, 5);
  for (int i = 0; i < cubes; ++i) set.add(genCube());
  return set;
}

const std::vector<Packet>& allPackets() {
  static const std::vector<Packet> packets = [] {
    std::vector<Packet> out;
    for (uint64_t a : representatives(Field::kSrcIp)) {
      for (uint64_t b : representatives(Field::kDstIp)) {
        for (uint64_t p : representatives(Field::kProtocol)) {
          for (uint64_t c : representatives(Field::kSrcPort)) {
            for (uint64_t d : representatives(Field::kDstPort)) {
              out.push_back(packet(a, b, p, c, d));
            }
          }
        }
      }
    }
    return out;
  }();
  return packets;
}

using Members = std::vector<bool>;

template <typename Pred>
Members membersWhere(Pred pred) {
  Members members;
  members.reserve(allPackets().size());
  for (const Packet& p : allPackets()) members.push_back(pred(p));
  return members;
}

Members membersOf(const HeaderSet& set) {
  return membersWhere([&](const Packet& p) { return set.contains(p); });
}

bool noEmptyCubes(const HeaderSet& set) {
  return std::none_of(set.cubes().begin(), set.cubes().end(),
                      [](const Cube& c) { return c.empty(); });
}

TEST_CASE("header sets agree with enumeration", "[encode][property]") {
  rc::prop("intersect and unite", [] {
    HeaderSet a = genHeaderSet();
    HeaderSet b = genHeaderSet();
    HeaderSet i = a.intersect(b);
    RC_ASSERT(noEmptyCubes(i));
    RC_ASSERT(membersOf(i) ==
              membersWhere([&](const Packet& p) { return a.contains(p) && b.contains(p); }));
    RC_ASSERT(membersOf(a.unite(b)) ==
              membersWhere([&](const Packet& p) { return a.contains(p) || b.contains(p); }));
    Cube c = genCube();
    RC_ASSERT(membersOf(a.intersect(c)) ==
              membersWhere([&](const Packet& p) { return a.contains(p) && c.contains(p); }));
  });

  rc::prop("subtract is exact", [] {
    HeaderSet a = genHeaderSet();
    HeaderSet b = genHeaderSet();
    HeaderSet s = a.subtract(b);
    RC_ASSERT(noEmptyCubes(s));
    RC_ASSERT(membersOf(s) ==
              membersWhere([&](const Packet& p) { return a.contains(p) && !b.contains(p); }));
    Cube c = genCube();
    HeaderSet sc = a.subtract(c);
    RC_ASSERT(noEmptyCubes(sc));
    RC_ASSERT(membersOf(sc) ==
              membersWhere([&](const Packet& p) { return a.contains(p) && !c.contains(p); }));
    // The pieces of one cube minus another are disjoint.
    if (a.size() == 1) {
      for (size_t x = 0; x < sc.size(); ++x) {
        for (size_t y = x + 1; y < sc.size(); ++y) {
          RC_ASSERT(!sc.cubes()[x].intersects(sc.cubes()[y]));
        }
      }
    }
  });

  rc::prop("swapped and assign", [] {
    HeaderSet a = genHeaderSet();
    RC_ASSERT(membersOf(a.swapped()) ==
              membersWhere([&](const Packet& p) { return a.contains(swapped(p)); }));
    Field f = *rc::gen::element(Field::kSrcIp, Field::kDstIp, Field::kProtocol, Field::kSrcPort,
                                Field::kDstPort);
    IntervalSet values = genAtomSet(f);
    HeaderSet assigned = a.assign(f, values);
    RC_ASSERT(noEmptyCubes(assigned));
    RC_ASSERT(membersOf(assigned) == membersWhere([&](const Packet& p) {
                if (!values.contains(p[f])) return false;
                for (uint64_t v : representatives(f)) {
                  Packet before = p;
                  before[f] = v;
                  if (a.contains(before)) return true;
                }
                return false;
              }));
  });

  rc::prop("simplify keeps the set and reaches its fixpoint", [] {
    HeaderSet a = genHeaderSet().unite(genHeaderSet().subtract(genCube()));
    HeaderSet s = a;
    s.simplify();
    RC_ASSERT(membersOf(s) == membersOf(a));
    RC_ASSERT(s.size() <= a.size());
    for (size_t x = 0; x < s.size(); ++x) {
      for (size_t y = 0; y < s.size(); ++y) {
        if (x == y) continue;
        const Cube& cx = s.cubes()[x];
        const Cube& cy = s.cubes()[y];
        RC_ASSERT(!cx.containsAll(cy));
        int differing = 0;
        for (int i = 0; i < kFieldCount; ++i) {
          Field f = static_cast<Field>(i);
          if (!(cx[f] == cy[f])) ++differing;
        }
        RC_ASSERT(differing >= 2);
      }
    }
  });

  rc::prop("limit over-approximates, hull bounds, sample belongs", [] {
    HeaderSet a = genHeaderSet().unite(genHeaderSet().subtract(genCube()));
    Members before = membersOf(a);
    Cube hull = a.hull();
    for (const Cube& c : a.cubes()) RC_ASSERT(hull.containsAll(c));
    if (!a.empty()) RC_ASSERT(a.contains(a.sample()));

    size_t max_cubes = *rc::gen::inRange<size_t>(1, 4);
    HeaderSet limited = a;
    bool approximated = limited.limit(max_cubes);
    Members after = membersOf(limited);
    for (size_t k = 0; k < before.size(); ++k) RC_ASSERT(!before[k] || after[k]);
    if (approximated) {
      RC_ASSERT(limited.size() == 1u);
    } else {
      RC_ASSERT(after == before);
      RC_ASSERT(limited.size() <= max_cubes);
    }
  });
}

// ---------------------------------------------------------------------------
// A network ACL's worth of rules: 40 cubes on (src_ip, protocol, dst_port)
// subtracted one by one from everything, checked on one packet per cell of the
// grid the rules' boundaries cut, which decides every packet.

struct NaclRule {
  Cube cube;
  bool allow = true;
};

std::vector<NaclRule> randomNacl(std::mt19937& rng) {
  auto pick = [&](uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng); };
  std::vector<NaclRule> rules;
  for (int r = 0; r < 40; ++r) {
    Cube c;
    uint64_t length = 16 + pick(17);
    uint64_t block = uint64_t{1} << (32 - length);
    uint64_t first = ip("10.0.0.0") + pick(65536) / block * block;
    c.set(Field::kSrcIp, IntervalSet::range(first, first + block - 1));
    switch (pick(8)) {
      case 0:
        break;  // all traffic from the block
      case 1:
        c.set(Field::kProtocol, IntervalSet::point(17));
        c.set(Field::kDstPort, IntervalSet::point(53));
        break;
      default: {
        c.set(Field::kProtocol, IntervalSet::point(6));
        uint64_t lo = pick(2) == 0 ? pick(1100) : 1024;
        uint64_t hi = pick(2) == 0 ? lo : std::min<uint64_t>(65535, lo + pick(70000));
        c.set(Field::kDstPort, IntervalSet::range(lo, hi));
      }
    }
    rules.push_back({c, pick(3) != 0});
  }
  return rules;
}

// The lowest value of each cell that the rules' boundaries cut field f into.
std::vector<uint64_t> cellStarts(const std::vector<NaclRule>& rules, Field f) {
  std::set<uint64_t> starts = {0};
  for (const NaclRule& rule : rules) {
    for (const Interval& iv : rule.cube[f].intervals()) {
      starts.insert(iv.lo);
      if (iv.hi < fieldMax(f)) starts.insert(iv.hi + 1);
    }
  }
  return {starts.begin(), starts.end()};
}

TEST_CASE("subtracting 40 network ACL rules stays exact", "[encode][property]") {
  for (uint32_t seed = 1; seed <= 5; ++seed) {
    std::mt19937 rng(seed);
    std::vector<NaclRule> rules = randomNacl(rng);

    HeaderSet unmatched = HeaderSet::all();
    HeaderSet allowed;  // first match wins
    for (const NaclRule& rule : rules) {
      if (rule.allow) allowed = allowed.unite(unmatched.intersect(rule.cube));
      unmatched = unmatched.subtract(rule.cube);
    }
    HeaderSet simplified = allowed;
    simplified.simplify();
    INFO("seed " << seed << ": " << unmatched.size() << " unmatched cubes, " << allowed.size()
                 << " allowed cubes, " << simplified.size() << " after simplify");

    for (uint64_t src : cellStarts(rules, Field::kSrcIp)) {
      for (uint64_t protocol : cellStarts(rules, Field::kProtocol)) {
        for (uint64_t dst_port : cellStarts(rules, Field::kDstPort)) {
          Packet p = packet(src, 7, protocol, 9, dst_port);
          bool matched = false;
          bool allow = false;
          for (const NaclRule& rule : rules) {
            if (rule.cube.contains(p)) {
              matched = true;
              allow = rule.allow;
              break;
            }
          }
          REQUIRE(unmatched.contains(p) == !matched);
          REQUIRE(allowed.contains(p) == allow);
          REQUIRE(simplified.contains(p) == allow);
        }
      }
    }
  }
}

}  // namespace
}  // namespace segproof
