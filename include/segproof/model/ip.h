// IP addresses and CIDR blocks, IPv4 and IPv6.
//
// Addresses are values. A Cidr is always canonical (host bits cleared), the
// way AWS reads it: parsing "10.1.2.3/16" yields 10.1.0.0/16 and records that
// the text was not canonical, so callers can warn.
#ifndef SEGPROOF_MODEL_IP_H_
#define SEGPROOF_MODEL_IP_H_

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace segproof {

enum class IpFamily : uint8_t { kV4, kV6 };

// An IPv4 or IPv6 address. IPv4 lives in the low 32 bits of `lo`.
struct IpAddress {
  IpFamily family = IpFamily::kV4;
  uint64_t hi = 0;
  uint64_t lo = 0;

  static IpAddress v4(uint32_t value) { return {IpFamily::kV4, 0, value}; }
  uint32_t v4() const { return static_cast<uint32_t>(lo); }
  bool isV4() const { return family == IpFamily::kV4; }

  // Dotted quad or RFC 5952 text; nullopt when `text` is not an address.
  static std::optional<IpAddress> parse(std::string_view text);
  std::string str() const;

  // The address `delta` places after this one (before it when negative), in
  // the same family; nullopt past the family's first or last address.
  std::optional<IpAddress> plus(int64_t delta) const;

  auto operator<=>(const IpAddress&) const = default;
};

struct Cidr {
  IpAddress address;  // canonical network address
  int prefix_length = 0;

  IpFamily family() const { return address.family; }
  bool isV4() const { return address.isV4(); }
  int maxLength() const { return isV4() ? 32 : 128; }

  // First and last IPv4 address of the block, as integers. REQUIRES: isV4().
  uint32_t firstV4() const;
  uint32_t lastV4() const;
  // First and last address of the block, in its family.
  IpAddress first() const { return address; }
  IpAddress last() const;

  bool contains(const IpAddress& ip) const;
  bool contains(const Cidr& other) const;
  bool overlaps(const Cidr& other) const;
  std::string str() const;

  auto operator<=>(const Cidr&) const = default;
};

struct CidrParse {
  std::optional<Cidr> cidr;  // nullopt on error
  bool canonical = true;     // false when host bits were set in the text
  std::string error;         // why parsing failed
};

// Parses "a.b.c.d/n" or "x::y/n". A bare address is not a CIDR.
CidrParse parseCidr(std::string_view text);

// 0.0.0.0/0 and ::/0.
Cidr anyV4();
Cidr anyV6();

// The blocks that are not "the internet" (AWS-SEMANTICS.md §2): private,
// shared (CGNAT), loopback, link-local, "this network", multicast and
// reserved space; for IPv6 the unspecified address, loopback, IPv4-mapped,
// unique-local, link-local and multicast (docs/aws-modeling.md, "IPv6").
// Every other address is an internet address.
const std::vector<Cidr>& nonInternetBlocks(IpFamily family);

}  // namespace segproof

#endif  // SEGPROOF_MODEL_IP_H_
