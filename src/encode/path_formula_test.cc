#include "encode/path_formula.h"

#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <catch2/catch.hpp>
#include <random>

#include "encode/acl_test_util.h"

namespace segproof {
namespace {

using testing::cidrOf;
using testing::makePacket;
using testing::v4Of;

Cube cubeOf(std::initializer_list<std::pair<Field, IntervalSet>> fields) {
  Cube c;
  for (const auto& [f, values] : fields) c.set(f, values);
  return c;
}

// ---------------------------------------------------------------------------
// tcpReplyGuard

TEST_CASE("tcpReplyGuard: non-TCP always passes; TCP passes iff its reply is in the set",
          "[encode]") {
  // Replies allowed: from 10.0.0.0/24 port 22 to ephemeral ports.
  HeaderSet replies(cubeOf({{Field::kSrcIp, IntervalSet::ofCidr(cidrOf("10.0.0.0/24"))},
                            {Field::kSrcPort, IntervalSet::point(22)},
                            {Field::kDstPort, IntervalSet::range(1024, 65535)}}));
  HeaderSet guard = tcpReplyGuard(replies);
  CHECK(guard.contains(makePacket("1.2.3.4", "10.0.0.9", kTcp, 40000, 22)));
  CHECK(guard.contains(makePacket("1.2.3.4", "10.0.0.9", kTcp, 1024, 22)));
  CHECK_FALSE(guard.contains(makePacket("1.2.3.4", "10.0.0.9", kTcp, 1023, 22)));
  CHECK_FALSE(guard.contains(makePacket("1.2.3.4", "10.0.1.9", kTcp, 40000, 22)));
  CHECK_FALSE(guard.contains(makePacket("1.2.3.4", "10.0.0.9", kTcp, 40000, 23)));
  CHECK(guard.contains(makePacket("1.2.3.4", "10.0.1.9", kUdp, 1, 23)));
  CHECK(guard.contains(makePacket("1.2.3.4", "10.0.1.9", kIcmp, 0, 0, 8, 0)));
  HeaderSet nothing = tcpReplyGuard(HeaderSet());
  CHECK_FALSE(nothing.contains(makePacket("1.2.3.4", "10.0.0.9", kTcp, 40000, 22)));
  CHECK(nothing.contains(makePacket("1.2.3.4", "10.0.0.9", kUdp, 40000, 22)));
  CHECK(nothing.contains(makePacket("1.2.3.4", "10.0.0.9", 0, 0, 0)));
  CHECK(nothing.contains(makePacket("1.2.3.4", "10.0.0.9", 255, 0, 0)));
}

TEST_CASE("tcpReplyGuard agrees with its definition on random sets and packets", "[encode]") {
  std::mt19937 rng(3);
  for (int round = 0; round < 200; ++round) {
    NetworkAcl acl = testing::randomAcl(rng, 5);
    Direction d = testing::coin(rng) ? Direction::kIngress : Direction::kEgress;
    HeaderSet replies = compileAcl(acl, d).allowed;
    HeaderSet guard = tcpReplyGuard(replies);
    for (int i = 0; i < 50; ++i) {
      Packet p = testing::randomPacket(rng);
      bool expected = p[Field::kProtocol] != kTcp || replies.contains(swapped(p));
      INFO("round " << round);
      CHECK(guard.contains(p) == expected);
    }
  }
}

// ---------------------------------------------------------------------------
// applyRewrite

Rewrite natRewrite(const char* address, uint64_t port_lo, uint64_t port_hi) {
  Rewrite r = Rewrite::sourceNat(IntervalSet::point(v4Of(address)), IntervalSet::range(port_lo, port_hi));
  r.version = 1;
  return r;
}

TEST_CASE("applyRewrite gives TCP and UDP a new source address and port", "[encode]") {
  for (int protocol : {kTcp, kUdp}) {
    INFO("protocol " << protocol);
    HeaderSet before(HeaderSet::all().intersect(
        cubeOf({{Field::kSrcIp, IntervalSet::point(v4Of("10.0.1.5"))},
                {Field::kDstIp, IntervalSet::point(v4Of("8.8.8.8"))},
                {Field::kProtocol, IntervalSet::point(static_cast<uint64_t>(protocol))},
                {Field::kSrcPort, IntervalSet::point(40000)},
                {Field::kDstPort, IntervalSet::point(443)},
                {Field::kIcmpType, IntervalSet::point(0)},
                {Field::kIcmpCode, IntervalSet::point(0)}})));
    HeaderSet after = applyRewrite(before, natRewrite("10.0.0.9", 1024, 65535));
    CHECK(after.contains(makePacket("10.0.0.9", "8.8.8.8", protocol, 1024, 443)));
    CHECK(after.contains(makePacket("10.0.0.9", "8.8.8.8", protocol, 65535, 443)));
    CHECK(after.contains(makePacket("10.0.0.9", "8.8.8.8", protocol, 40000, 443)));
    CHECK_FALSE(after.contains(makePacket("10.0.0.9", "8.8.8.8", protocol, 1023, 443)));
    CHECK_FALSE(after.contains(makePacket("10.0.1.5", "8.8.8.8", protocol, 40000, 443)));
    CHECK_FALSE(after.contains(makePacket("10.0.0.9", "8.8.8.8", protocol, 40000, 444)));
    CHECK_FALSE(after.contains(makePacket("10.0.0.9", "8.8.4.4", protocol, 40000, 443)));
    CHECK_FALSE(after.contains(makePacket("10.0.0.9", "8.8.8.8", protocol, 40000, 443, 1, 0)));
  }
}

TEST_CASE("applyRewrite keeps the ports of ICMP and other protocols", "[encode]") {
  HeaderSet before;
  before.add(cubeOf({{Field::kSrcIp, IntervalSet::point(v4Of("10.0.1.5"))},
                     {Field::kDstIp, IntervalSet::point(v4Of("8.8.8.8"))},
                     {Field::kProtocol, IntervalSet::point(kIcmp)},
                     {Field::kSrcPort, IntervalSet::point(0)},
                     {Field::kDstPort, IntervalSet::point(0)},
                     {Field::kIcmpType, IntervalSet::point(8)},
                     {Field::kIcmpCode, IntervalSet::point(0)}}));
  before.add(cubeOf({{Field::kSrcIp, IntervalSet::point(v4Of("10.0.1.6"))},
                     {Field::kProtocol, IntervalSet::point(50)},
                     {Field::kSrcPort, IntervalSet::point(7)}}));
  HeaderSet after = applyRewrite(before, natRewrite("10.0.0.9", 1024, 65535));
  CHECK(after.contains(makePacket("10.0.0.9", "8.8.8.8", kIcmp, 0, 0, 8, 0)));
  CHECK_FALSE(after.contains(makePacket("10.0.0.9", "8.8.8.8", kIcmp, 1024, 0, 8, 0)));
  CHECK_FALSE(after.contains(makePacket("10.0.1.5", "8.8.8.8", kIcmp, 0, 0, 8, 0)));
  CHECK_FALSE(after.contains(makePacket("10.0.0.9", "8.8.8.8", kIcmp, 0, 0, 0, 0)));
  CHECK(after.contains(makePacket("10.0.0.9", "1.1.1.1", 50, 7, 99)));
  CHECK_FALSE(after.contains(makePacket("10.0.0.9", "1.1.1.1", 50, 1024, 99)));
  CHECK(applyRewrite(HeaderSet(), natRewrite("10.0.0.9", 1024, 65535)).empty());
  Rewrite nowhere = Rewrite::sourceNat(IntervalSet(), IntervalSet::range(1024, 65535));
  CHECK(applyRewrite(before, nowhere).empty());
}

TEST_CASE("applyRewrite is the image of the rewrite (random sets)", "[encode]") {
  rc::prop("a packet is in the image iff some packet of the set rewrites to it", []() {
    // A small universe keeps the existential check exhaustive.
    const std::vector<uint64_t> addrs = {1, 2, 3};
    const std::vector<uint64_t> protos = {kIcmp, kTcp, kUdp, 50};
    const std::vector<uint64_t> ports = {0, 5, 6};
    auto sub = [](const std::vector<uint64_t>& values) {
      auto chosen =
          *rc::gen::container<std::vector<bool>>(values.size(), rc::gen::arbitrary<bool>());
      IntervalSet s;
      for (size_t i = 0; i < values.size(); ++i)
        if (chosen[i]) s.add(values[i], values[i]);
      return s;
    };
    HeaderSet set;
    int cubes = *rc::gen::inRange(0, 4);
    for (int i = 0; i < cubes; ++i) {
      Cube c;
      c.set(Field::kSrcIp, sub(addrs))
          .set(Field::kDstIp, sub(addrs))
          .set(Field::kProtocol, sub(protos));
      c.set(Field::kSrcPort, sub(ports)).set(Field::kDstPort, sub(ports));
      c.set(Field::kIcmpType, IntervalSet::point(0)).set(Field::kIcmpCode, IntervalSet::point(0));
      set.add(c);
    }
    // A NAT gateway has source ports to choose from: the image is a cube of
    // addresses and ports, which an empty port set would leave empty.
    IntervalSet source_addresses = sub(addrs), source_ports = sub(ports);
    if (source_ports.empty()) source_ports = IntervalSet::point(ports.front());
    Rewrite r = Rewrite::sourceNat(source_addresses, source_ports);
    HeaderSet image = applyRewrite(set, r);
    for (uint64_t s : addrs)
      for (uint64_t d : addrs)
        for (uint64_t pr : protos)
          for (uint64_t sp : ports)
            for (uint64_t dp : ports) {
              Packet q;
              q[Field::kSrcIp] = s;
              q[Field::kDstIp] = d;
              q[Field::kProtocol] = pr;
              q[Field::kSrcPort] = sp;
              q[Field::kDstPort] = dp;
              bool ported = pr == kTcp || pr == kUdp;
              bool expected = false;
              if (source_addresses.contains(s) && (!ported || source_ports.contains(sp))) {
                for (uint64_t s0 : addrs)
                  for (uint64_t sp0 : ports) {
                    if (!ported && sp0 != sp) continue;
                    Packet p = q;
                    p[Field::kSrcIp] = s0;
                    p[Field::kSrcPort] = sp0;
                    expected = expected || set.contains(p);
                  }
              }
              RC_ASSERT(image.contains(q) == expected);
            }
  });
}

// ---------------------------------------------------------------------------
// wellFormedHeaders

TEST_CASE("applyRewrite of a load balancer is the image of the rewrite (random sets)", "[encode]") {
  // The node sends from the address the packet was for, from a new port,
  // to one (address, port) pair of the image (TCP and UDP only here, as
  // the listener admits no other protocol).
  rc::prop("a packet is in the image iff some packet of the set rewrites to it", []() {
    const std::vector<uint64_t> addrs = {1, 2, 3};
    const std::vector<uint64_t> protos = {kTcp, kUdp};
    const std::vector<uint64_t> ports = {0, 5, 6};
    auto sub = [](const std::vector<uint64_t>& values) {
      auto chosen =
          *rc::gen::container<std::vector<bool>>(values.size(), rc::gen::arbitrary<bool>());
      IntervalSet s;
      for (size_t i = 0; i < values.size(); ++i)
        if (chosen[i]) s.add(values[i], values[i]);
      return s;
    };
    HeaderSet set;
    int cubes = *rc::gen::inRange(0, 4);
    for (int i = 0; i < cubes; ++i) {
      Cube c;
      c.set(Field::kSrcIp, sub(addrs)).set(Field::kDstIp, sub(addrs)).set(Field::kProtocol, sub(protos));
      c.set(Field::kSrcPort, sub(ports)).set(Field::kDstPort, sub(ports));
      c.set(Field::kIcmpType, IntervalSet::point(0)).set(Field::kIcmpCode, IntervalSet::point(0));
      set.add(c);
    }
    Rewrite r;
    for (Field f : {Field::kSrcIp, Field::kSrcPort, Field::kDstIp, Field::kDstPort})
      r.fields[static_cast<int>(f)] = true;
    r.source_from_destination = true;
    IntervalSet new_ports = sub(ports);
    int targets = *rc::gen::inRange(0, 3);
    for (int i = 0; i < targets; ++i) {
      Cube t;
      t.set(Field::kDstIp, sub(addrs)).set(Field::kDstPort, sub(ports)).set(Field::kSrcPort, new_ports);
      r.image.add(t);
    }
    HeaderSet image = applyRewrite(set, r);
    for (uint64_t s : addrs)
      for (uint64_t d : addrs)
        for (uint64_t pr : protos)
          for (uint64_t sp : ports)
            for (uint64_t dp : ports) {
              Packet q;
              q[Field::kSrcIp] = s;
              q[Field::kDstIp] = d;
              q[Field::kProtocol] = pr;
              q[Field::kSrcPort] = sp;
              q[Field::kDstPort] = dp;
              bool expected = false;
              if (r.image.contains(q)) {
                // Before: sent to the node's address s, from anyone, any ports.
                for (uint64_t s0 : addrs)
                  for (uint64_t sp0 : ports)
                    for (uint64_t dp0 : ports) {
                      Packet p = q;
                      p[Field::kSrcIp] = s0;
                      p[Field::kDstIp] = s;
                      p[Field::kSrcPort] = sp0;
                      p[Field::kDstPort] = dp0;
                      expected = expected || set.contains(p);
                    }
              }
              RC_ASSERT(image.contains(q) == expected);
            }
  });
}

TEST_CASE("well-formed headers follow the field conventions", "[encode]") {
  HeaderSet wf = wellFormedHeaders(IntervalSet::range(1024, 65535));
  for (int protocol : {kTcp, kUdp}) {
    INFO("protocol " << protocol);
    CHECK(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 1024, 0)));
    CHECK(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 65535, 65535)));
    CHECK_FALSE(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 1023, 22)));
    CHECK_FALSE(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 40000, 22, 1, 0)));
    CHECK_FALSE(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 40000, 22, 0, 1)));
  }
  for (int protocol : {kIcmp, kIcmpV6}) {
    INFO("protocol " << protocol);
    CHECK(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 0, 0, 8, 0)));
    CHECK(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 0, 0, 255, 255)));
    CHECK_FALSE(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 1024, 0, 8, 0)));
    CHECK_FALSE(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 0, 1, 8, 0)));
  }
  for (int protocol : {0, 50, 47, 255}) {
    INFO("protocol " << protocol);
    CHECK(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 0, 0)));
    CHECK_FALSE(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 1024, 0)));
    CHECK_FALSE(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 0, 80)));
    CHECK_FALSE(wf.contains(makePacket("1.2.3.4", "5.6.7.8", protocol, 0, 0, 1, 0)));
  }
  // Addresses are not constrained.
  CHECK(wf.contains(makePacket("0.0.0.0", "255.255.255.255", kTcp, 5000, 1)));
  // The source port range is the caller's.
  HeaderSet narrow = wellFormedHeaders(IntervalSet::point(49152));
  CHECK(narrow.contains(makePacket("1.2.3.4", "5.6.7.8", kTcp, 49152, 22)));
  CHECK_FALSE(narrow.contains(makePacket("1.2.3.4", "5.6.7.8", kTcp, 49153, 22)));
  CHECK(narrow.contains(makePacket("1.2.3.4", "5.6.7.8", kIcmp, 0, 0, 3, 1)));
}

TEST_CASE("well-formed headers: one protocol never falls in two classes", "[encode]") {
  HeaderSet wf = wellFormedHeaders(IntervalSet::range(1024, 65535));
  for (uint64_t protocol = 0; protocol <= 255; ++protocol) {
    INFO("protocol " << protocol);
    Packet p = makePacket("1.2.3.4", "5.6.7.8", static_cast<int>(protocol), 0, 0);
    bool ported = protocol == kTcp || protocol == kUdp;
    CHECK(wf.contains(p) == !ported);
    p[Field::kSrcPort] = 2000;
    CHECK(wf.contains(p) == ported);
  }
}

}  // namespace
}  // namespace segproof
