#include "encode/address_space.h"

#include <catch2/catch.hpp>

#include <random>

namespace segproof {
namespace {

Cidr cidr(const std::string& text) { return *parseCidr(text).cidr; }
IpAddress ip(const std::string& text) { return *IpAddress::parse(text); }

TEST_CASE("address space: IPv4 addresses are their own codes", "[address_space]") {
  const AddressSpace& s = ipv4Space();
  CHECK(s.isV4());
  CHECK(s.block(cidr("10.0.0.0/8")) == IntervalSet::range(0x0A000000, 0x0AFFFFFF));
  CHECK(s.block(cidr("::/0")).empty());
  CHECK(s.code(ip("10.1.2.3")) == 0x0A010203u);
  CHECK_FALSE(s.code(ip("2001:db8::1")));
  CHECK(s.address(0x0A010203).str() == "10.1.2.3");
  CHECK(s.internet().contains(0xCB00710A));  // 203.0.113.10
  CHECK_FALSE(s.internet().contains(0x0A000001));
  CHECK(s.readableInternet().min() == 0xCB00710A);
}

TEST_CASE("address space: IPv6 blocks become exact code ranges", "[address_space]") {
  AddressSpace s = AddressSpace::ipv6({cidr("2600:1f18::/56"), cidr("2600:1f18:0:1::/64"),
                                       cidr("2600:1f18:0:1::10/128"), cidr("10.0.0.0/8")});
  CHECK_FALSE(s.isV4());
  CHECK(s.block(cidr("10.0.0.0/8")).empty());
  CHECK(s.block(cidr("::/0")) == IntervalSet::range(0, 0xFFFFFFFF));
  IntervalSet vpc = s.block(cidr("2600:1f18::/56"));
  IntervalSet subnet = s.block(cidr("2600:1f18:0:1::/64"));
  IntervalSet host = s.block(cidr("2600:1f18:0:1::10/128"));
  CHECK(vpc.containsAll(subnet));
  CHECK(subnet.containsAll(host));
  CHECK(host.count() == 1);
  CHECK(subnet.count() > 1000);  // capped, far more codes than a path needs
  // Named addresses round-trip; codes map back inside their block.
  REQUIRE(s.code(ip("2600:1f18:0:1::10")));
  CHECK(s.address(*s.code(ip("2600:1f18:0:1::10"))).str() == "2600:1f18:0:1::10");
  CHECK(cidr("2600:1f18:0:1::/64").contains(s.address(subnet.min())));
  CHECK(cidr("2600:1f18:0:1::/64").contains(s.address(subnet.max())));
  CHECK_FALSE(cidr("2600:1f18:0:1::/64").contains(s.address(subnet.max() + 1)));
  // The internet: global unicast, not unique local nor link-local.
  CHECK(s.internet().containsAll(vpc));
  CHECK_FALSE(s.internet().intersects(s.block(cidr("fc00::/7"))));
  CHECK_FALSE(s.internet().intersects(s.block(cidr("fe80::/10"))));
  REQUIRE_FALSE(s.readableInternet().empty());
  CHECK(s.address(s.readableInternet().min()).str() == "2001:db8::a");
  CHECK(s.atomCount() > 5);
}

TEST_CASE("address space: membership in every named block is kept (random blocks)", "[address_space]") {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 50; ++round) {
    // Blocks nested under a few roots, so that they overlap often.
    std::vector<Cidr> named;
    const char* roots[] = {"2600:1f18::", "fd00::", "2001:db8::"};
    for (int i = 0; i < 12; ++i) {
      IpAddress a = ip(roots[rng() % 3]);
      int length = 32 + static_cast<int>(rng() % 97);  // /32 .. /128
      a.lo ^= rng() & (length >= 64 ? ~0ULL : 0ULL);
      a.hi ^= (rng() & 0xFFFFFFFFULL);
      named.push_back(*parseCidr(a.str() + "/" + std::to_string(length)).cidr);
    }
    AddressSpace s = AddressSpace::ipv6(named);
    for (const Cidr& b : named) {
      IntervalSet codes = s.block(b);
      REQUIRE_FALSE(codes.empty());
      // Its first and last addresses have codes at its edges.
      REQUIRE(s.code(b.address));
      CHECK(*s.code(b.address) == codes.min());
      CHECK(b.contains(s.address(codes.max())));
      // Every other named block: a code is in both iff its address is.
      for (const Cidr& other : named) {
        IntervalSet theirs = s.block(other);
        for (uint64_t c : {codes.min(), codes.max(), theirs.min(), theirs.max()}) {
          IpAddress a = s.address(c);
          CHECK(codes.contains(c) == b.contains(a));
          CHECK(theirs.contains(c) == other.contains(a));
        }
      }
    }
  }
}

}  // namespace
}  // namespace segproof
