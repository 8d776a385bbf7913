#include "segproof/model/ip.h"

#include <catch2/catch.hpp>

namespace segproof {
namespace {

IpAddress ip(std::string_view text) {
  auto parsed = IpAddress::parse(text);
  REQUIRE(parsed);
  return *parsed;
}

Cidr cidr(std::string_view text) {
  CidrParse parsed = parseCidr(text);
  REQUIRE(parsed.cidr);
  return *parsed.cidr;
}

TEST_CASE("IPv4 addresses parse to their integer value", "[model][ip]") {
  CHECK(ip("10.1.2.3") == IpAddress::v4(0x0a010203));
  CHECK(ip("0.0.0.0").v4() == 0u);
  CHECK(ip("255.255.255.255").v4() == 0xffffffffu);
  CHECK(ip("192.168.0.1").isV4());
}

TEST_CASE("IPv4 addresses print as dotted quads", "[model][ip]") {
  for (const char* text : {"10.1.2.3", "0.0.0.0", "255.255.255.255", "172.16.0.254"}) {
    CHECK(ip(text).str() == text);
  }
}

TEST_CASE("malformed IPv4 addresses are rejected", "[model][ip]") {
  for (const char* text :
       {"", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.-4", "a.b.c.d", "1..2.3", "1.2.3.4 ",
        " 1.2.3.4", "1.2.3.4.", "1234.1.1.1", "+1.2.3.4", "1.2.3.4/32"}) {
    INFO(text);
    CHECK_FALSE(IpAddress::parse(text));
  }
}

TEST_CASE("IPv6 addresses parse, with and without compression", "[model][ip]") {
  IpAddress loopback = ip("::1");
  CHECK_FALSE(loopback.isV4());
  CHECK(loopback.hi == 0);
  CHECK(loopback.lo == 1);
  CHECK(ip("::") == IpAddress{IpFamily::kV6, 0, 0});
  CHECK(ip("2001:db8::") == IpAddress{IpFamily::kV6, 0x20010db800000000ULL, 0});
  CHECK(ip("2001:0db8:0000:0000:0000:0000:0000:0001") == ip("2001:db8::1"));
  CHECK(ip("2001:DB8::1") == ip("2001:db8::1"));
  CHECK(ip("1:2:3:4:5:6:7:8") ==
        IpAddress{IpFamily::kV6, 0x0001000200030004ULL, 0x0005000600070008ULL});
}

TEST_CASE("IPv6 addresses print in RFC 5952 form", "[model][ip]") {
  CHECK(ip("2001:0db8:0000:0000:0000:0000:0000:0001").str() == "2001:db8::1");
  CHECK(ip("::").str() == "::");
  CHECK(ip("::1").str() == "::1");
  CHECK(ip("fe80::").str() == "fe80::");
  // The first of two equally long zero runs is compressed.
  CHECK(ip("2001:db8:0:0:1:0:0:1").str() == "2001:db8::1:0:0:1");
  // The longest run wins over an earlier shorter one.
  CHECK(ip("1:0:0:2:0:0:0:3").str() == "1:0:0:2::3");
  // A single zero group is not compressed.
  CHECK(ip("2001:db8:0:1:1:1:1:1").str() == "2001:db8:0:1:1:1:1:1");
}

TEST_CASE("IPv6 round trips through text", "[model][ip]") {
  for (const char* text : {"2001:db8::1", "fe80::1:2", "1:2:3:4:5:6:7:8", "::ffff:a00:1"}) {
    CHECK(ip(text).str() == text);
  }
}

TEST_CASE("malformed IPv6 addresses are rejected", "[model][ip]") {
  for (const char* text : {":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
                           "g::1", "1:", ":1", "1:2:3:4:5:6:7:8::", "1:2:3:4::5:6:7:8"}) {
    INFO(text);
    CHECK_FALSE(IpAddress::parse(text));
  }
}

TEST_CASE("canonical CIDRs parse as written", "[model][ip]") {
  CidrParse parsed = parseCidr("10.0.0.0/16");
  REQUIRE(parsed.cidr);
  CHECK(parsed.canonical);
  CHECK(parsed.error.empty());
  CHECK(parsed.cidr->address == ip("10.0.0.0"));
  CHECK(parsed.cidr->prefix_length == 16);
  CHECK(parsed.cidr->maxLength() == 32);
  CHECK(parsed.cidr->str() == "10.0.0.0/16");
}

TEST_CASE("host bits are cleared the way AWS reads a CIDR", "[model][ip]") {
  CidrParse parsed = parseCidr("10.1.2.3/16");
  REQUIRE(parsed.cidr);
  CHECK_FALSE(parsed.canonical);
  CHECK(parsed.cidr->str() == "10.1.0.0/16");
  CHECK(*parsed.cidr == cidr("10.1.0.0/16"));

  CidrParse v6 = parseCidr("2001:db8::1/32");
  REQUIRE(v6.cidr);
  CHECK_FALSE(v6.canonical);
  CHECK(v6.cidr->str() == "2001:db8::/32");
}

TEST_CASE("a /0 block is every address whatever its host bits", "[model][ip]") {
  CidrParse parsed = parseCidr("1.2.3.4/0");
  REQUIRE(parsed.cidr);
  CHECK_FALSE(parsed.canonical);
  CHECK(*parsed.cidr == anyV4());
  CHECK(parsed.cidr->contains(ip("0.0.0.0")));
  CHECK(parsed.cidr->contains(ip("255.255.255.255")));
  CHECK(parsed.cidr->contains(cidr("10.0.0.0/8")));
  CHECK(parsed.cidr->firstV4() == 0u);
  CHECK(parsed.cidr->lastV4() == 0xffffffffu);
  CHECK(anyV4().str() == "0.0.0.0/0");
  CHECK(anyV6().str() == "::/0");
  CHECK(*parseCidr("::1/0").cidr == anyV6());
}

TEST_CASE("invalid CIDRs explain why", "[model][ip]") {
  auto error = [](std::string_view text) {
    CidrParse parsed = parseCidr(text);
    CHECK_FALSE(parsed.cidr);
    return parsed.error;
  };
  CHECK(error("10.0.0.0") == "'10.0.0.0' is not a CIDR block (expected address/length)");
  CHECK(error("10.0.0/8") == "'10.0.0' is not an IP address");
  CHECK(error("/8") == "'' is not an IP address");
  CHECK(error("10.0.0.0/33") == "prefix length '33' is out of range (0-32)");
  CHECK(error("10.0.0.0/") == "prefix length '' is out of range (0-32)");
  CHECK(error("10.0.0.0/-1") == "prefix length '-1' is out of range (0-32)");
  CHECK(error("10.0.0.0/1a") == "prefix length '1a' is out of range (0-32)");
  CHECK(error("10.0.0.0/16/2") == "prefix length '16/2' is out of range (0-32)");
  CHECK(error("2001:db8::/129") == "prefix length '129' is out of range (0-128)");
  CHECK(error("") == "'' is not a CIDR block (expected address/length)");
}

TEST_CASE("first and last IPv4 address of a block", "[model][ip]") {
  Cidr block = cidr("10.0.1.0/24");
  CHECK(block.firstV4() == ip("10.0.1.0").v4());
  CHECK(block.lastV4() == ip("10.0.1.255").v4());
  Cidr host = cidr("10.0.1.7/32");
  CHECK(host.firstV4() == host.lastV4());
  CHECK(cidr("128.0.0.0/1").lastV4() == 0xffffffffu);
}

TEST_CASE("first and last address of a block, in either family", "[model][ip]") {
  CHECK(cidr("10.0.1.0/24").first() == ip("10.0.1.0"));
  CHECK(cidr("10.0.1.0/24").last() == ip("10.0.1.255"));
  CHECK(cidr("2001:db8:0:1::/64").first() == ip("2001:db8:0:1::"));
  CHECK(cidr("2001:db8:0:1::/64").last() == ip("2001:db8:0:1:ffff:ffff:ffff:ffff"));
  CHECK(cidr("2001:db8::/32").last() == ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"));
  CHECK(cidr("2001:db8::ff00/120").last() == ip("2001:db8::ffff"));
  CHECK(cidr("2001:db8::1/128").last() == ip("2001:db8::1"));
  CHECK(anyV6().last() == ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
}

TEST_CASE("adding to an address stays within its family", "[model][ip]") {
  CHECK(ip("10.0.0.255").plus(1) == ip("10.0.1.0"));
  CHECK(ip("10.0.1.0").plus(-1) == ip("10.0.0.255"));
  CHECK(ip("255.255.255.255").plus(1) == std::nullopt);
  CHECK(ip("0.0.0.0").plus(-1) == std::nullopt);
  CHECK(ip("0.0.0.0").plus(int64_t{1} << 40) == std::nullopt);
  CHECK(ip("1.2.3.4").plus(0) == ip("1.2.3.4"));
  // IPv6 carries and borrows across the 64-bit halves.
  CHECK(ip("2001:db8::ffff:ffff:ffff:ffff").plus(1) == ip("2001:db8:0:1::"));
  CHECK(ip("2001:db8:0:1::").plus(-1) == ip("2001:db8::ffff:ffff:ffff:ffff"));
  CHECK(ip("2001:db8::").plus(4) == ip("2001:db8::4"));
  CHECK(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").plus(1) == std::nullopt);
  CHECK(ip("::").plus(-1) == std::nullopt);
  CHECK(ip("::5").plus(INT64_MIN) == std::nullopt);
  CHECK(ip("::1").plus(1)->family == IpFamily::kV6);
}

TEST_CASE("the internet is what no special block holds", "[model][ip]") {
  auto internet = [](std::string_view text) {
    IpAddress a = ip(text);
    for (const Cidr& c : nonInternetBlocks(a.family))
      if (c.contains(a)) return false;
    return true;
  };
  CHECK(internet("203.0.113.7"));
  CHECK_FALSE(internet("10.1.2.3"));
  CHECK_FALSE(internet("100.64.0.1"));
  CHECK(internet("2600:1f18::1"));
  for (const char* special :
       {"::", "::1", "::ffff:a00:1", "fd00::1", "fc00::1", "fe80::1", "ff02::1"})
    CHECK_FALSE(internet(special));
}

TEST_CASE("IPv4 containment is inclusive at both ends", "[model][ip]") {
  Cidr block = cidr("10.0.1.0/24");
  CHECK(block.contains(ip("10.0.1.0")));
  CHECK(block.contains(ip("10.0.1.255")));
  CHECK_FALSE(block.contains(ip("10.0.0.255")));
  CHECK_FALSE(block.contains(ip("10.0.2.0")));
  CHECK(block.contains(cidr("10.0.1.128/25")));
  CHECK(block.contains(block));
  CHECK_FALSE(block.contains(cidr("10.0.0.0/16")));
  CHECK(cidr("10.0.1.5/32").contains(ip("10.0.1.5")));
}

TEST_CASE("IPv6 containment across the 64-bit halves", "[model][ip]") {
  Cidr wide = cidr("2001:db8::/32");
  CHECK(wide.contains(ip("2001:db8:ffff::1")));
  CHECK_FALSE(wide.contains(ip("2001:db9::")));
  Cidr subnet = cidr("2001:db8:0:1::/64");
  CHECK(subnet.contains(ip("2001:db8:0:1:ffff:ffff:ffff:ffff")));
  CHECK_FALSE(subnet.contains(ip("2001:db8:0:2::")));
  Cidr narrow = cidr("2001:db8::ff00/120");
  CHECK(narrow.contains(ip("2001:db8::ffff")));
  CHECK_FALSE(narrow.contains(ip("2001:db8::1:ff00")));
  CHECK(anyV6().contains(ip("::")));
  CHECK(wide.contains(subnet));
  CHECK_FALSE(subnet.contains(wide));
}

TEST_CASE("families never contain or overlap each other", "[model][ip]") {
  CHECK_FALSE(anyV4().contains(ip("::")));
  CHECK_FALSE(anyV6().contains(ip("0.0.0.0")));
  CHECK_FALSE(anyV4().overlaps(anyV6()));
  CHECK_FALSE(anyV4().contains(anyV6()));
}

TEST_CASE("overlap is symmetric and covers nesting", "[model][ip]") {
  Cidr a = cidr("10.0.0.0/16");
  Cidr b = cidr("10.0.5.0/24");
  Cidr c = cidr("10.1.0.0/16");
  CHECK(a.overlaps(b));
  CHECK(b.overlaps(a));
  CHECK_FALSE(a.overlaps(c));
  CHECK_FALSE(c.overlaps(a));
  CHECK(cidr("10.0.0.0/15").overlaps(c));
  CHECK(a.overlaps(a));
}

TEST_CASE("CIDRs round trip through text", "[model][ip]") {
  for (const char* text : {"10.0.0.0/8", "0.0.0.0/0", "192.168.1.1/32", "2001:db8::/32", "::/0",
                           "fe80::/10", "2001:db8::1/128"}) {
    CidrParse parsed = parseCidr(text);
    REQUIRE(parsed.cidr);
    CHECK(parsed.canonical);
    CHECK(parsed.cidr->str() == text);
    CHECK(*parseCidr(parsed.cidr->str()).cidr == *parsed.cidr);
  }
}

TEST_CASE("CIDRs order by address then prefix", "[model][ip]") {
  CHECK(cidr("10.0.0.0/8") < cidr("10.0.0.0/16"));
  CHECK(cidr("10.0.0.0/16") < cidr("10.1.0.0/16"));
  CHECK(cidr("10.0.0.0/16") == cidr("10.0.7.7/16"));
}

}  // namespace
}  // namespace segproof
