// Test-only: random network ACLs and random packets that hit their edges,
// for the property tests of compileAcl and of the Z3 first-match encoding.
// Header-only (see graph/network_builder_test_util.h).
#ifndef SEGPROOF_ENCODE_ACL_TEST_UTIL_H_
#define SEGPROOF_ENCODE_ACL_TEST_UTIL_H_

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "encode/header_space.h"
#include "graph/network_builder_test_util.h"
#include "segproof/model/network.h"

namespace segproof::testing {

template <class T>
const T& pick(std::mt19937& rng, const std::vector<T>& values) {
  return values[std::uniform_int_distribution<size_t>(0, values.size() - 1)(rng)];
}

inline bool coin(std::mt19937& rng, double p = 0.5) { return std::bernoulli_distribution(p)(rng); }

inline int between(std::mt19937& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

// CIDRs that nest and touch, so that first match matters.
inline const std::vector<std::string>& aclCidrTexts() {
  static const std::vector<std::string> texts = {
      "0.0.0.0/0",   "10.0.0.0/8",     "10.0.0.0/16", "10.0.1.0/24",  "10.0.1.7/32",
      "10.0.2.0/24", "192.168.0.0/16", "1.2.3.0/24",  "1.2.3.128/25", "::/0"};
  return texts;
}

inline Match randomMatch(std::mt19937& rng) {
  Match m;
  m.protocol = pick(rng, std::vector<int>{kAnyProtocol, kTcp, kTcp, kUdp, kIcmp, 50});
  // The port and ICMP fields are filled even for "any protocol", which must
  // ignore them.
  static const std::vector<PortRange> ranges = {
      {0, 65535}, {22, 22}, {1024, 65535}, {80, 443}, {0, 0}, {443, 443}, {20, 23}, {1023, 1024}};
  m.ports = pick(rng, ranges);
  m.icmp_type = between(rng, -1, 3);
  m.icmp_code = between(rng, -1, 1);
  return m;
}

// An ACL with up to `max_rules` rules per direction, allow and deny
// interleaved, sorted by (direction, number).
inline NetworkAcl randomAcl(std::mt19937& rng, int max_rules) {
  NetworkAcl acl;
  acl.name = "random-acl";
  for (Direction d : {Direction::kIngress, Direction::kEgress}) {
    int count = between(rng, 0, max_rules);
    int number = 0;
    for (int i = 0; i < count; ++i) {
      NetworkAclRule r;
      number += between(rng, 1, 50);
      r.number = number;
      r.direction = d;
      r.allow = coin(rng);
      r.match = randomMatch(rng);
      r.cidr = cidrOf(pick(rng, aclCidrTexts()));
      acl.rules.push_back(r);
    }
  }
  return acl;
}

// A value of `field` near the edges of the sets the rules above use.
inline uint64_t interestingValue(std::mt19937& rng, Field field) {
  switch (field) {
    case Field::kSrcIp:
    case Field::kDstIp: {
      static const std::vector<std::string> ips = {
          "10.0.1.7",   "10.0.1.8",        "10.0.1.6",      "10.0.0.0",
          "10.0.2.255", "10.255.255.255",  "11.0.0.0",      "192.168.3.4",
          "1.2.3.127",  "1.2.3.128",       "1.2.3.255",     "8.8.8.8",
          "0.0.0.0",    "255.255.255.255", "9.255.255.255", "10.1.0.1"};
      return v4Of(pick(rng, ips));
    }
    case Field::kProtocol:
      return pick(rng, std::vector<uint64_t>{kIcmp, kTcp, kUdp, 50, kIcmpV6, 0});
    case Field::kSrcPort:
    case Field::kDstPort:
      if (coin(rng, 0.2)) return std::uniform_int_distribution<uint64_t>(0, 65535)(rng);
      return pick(rng, std::vector<uint64_t>{0, 1, 20, 22, 23, 24, 79, 80, 443, 444, 1023, 1024,
                                             1025, 65535});
    case Field::kIcmpType:
    case Field::kIcmpCode:
      return pick(rng, std::vector<uint64_t>{0, 1, 2, 3, 4, 255});
  }
  return 0;
}

inline Packet randomPacket(std::mt19937& rng) {
  Packet p;
  for (int f = 0; f < kFieldCount; ++f) p.fields[f] = interestingValue(rng, static_cast<Field>(f));
  return p;
}

inline Packet makePacket(const std::string& src, const std::string& dst, int protocol, int src_port,
                         int dst_port, int icmp_type = 0, int icmp_code = 0) {
  Packet p;
  p[Field::kSrcIp] = v4Of(src);
  p[Field::kDstIp] = v4Of(dst);
  p[Field::kProtocol] = static_cast<uint64_t>(protocol);
  p[Field::kSrcPort] = static_cast<uint64_t>(src_port);
  p[Field::kDstPort] = static_cast<uint64_t>(dst_port);
  p[Field::kIcmpType] = static_cast<uint64_t>(icmp_type);
  p[Field::kIcmpCode] = static_cast<uint64_t>(icmp_code);
  return p;
}

// First match written out plainly, as a reader of the AWS documentation would
// evaluate it: the first rule in number order whose protocol, ports / ICMP
// fields and CIDR match decides; none matching denies.
inline bool referenceAclAllows(const NetworkAcl& acl, Direction direction, const Packet& p) {
  std::vector<const NetworkAclRule*> rules;
  for (const NetworkAclRule& r : acl.rules)
    if (r.direction == direction) rules.push_back(&r);
  std::stable_sort(
      rules.begin(), rules.end(),
      [](const NetworkAclRule* a, const NetworkAclRule* b) { return a->number < b->number; });
  uint64_t address = direction == Direction::kIngress ? p[Field::kSrcIp] : p[Field::kDstIp];
  for (const NetworkAclRule* r : rules) {
    if (!r->cidr.isV4() || !r->cidr.contains(IpAddress::v4(static_cast<uint32_t>(address))))
      continue;
    const Match& m = r->match;
    if (m.protocol != kAnyProtocol) {
      if (p[Field::kProtocol] != static_cast<uint64_t>(m.protocol)) continue;
      if (m.protocol == kTcp || m.protocol == kUdp) {
        uint64_t port = p[Field::kDstPort];
        if (port < static_cast<uint64_t>(m.ports.from) || port > static_cast<uint64_t>(m.ports.to))
          continue;
      }
      if (m.protocol == kIcmp || m.protocol == kIcmpV6) {
        if (m.icmp_type >= 0 && p[Field::kIcmpType] != static_cast<uint64_t>(m.icmp_type)) continue;
        if (m.icmp_code >= 0 && p[Field::kIcmpCode] != static_cast<uint64_t>(m.icmp_code)) continue;
      }
    }
    return r->allow;
  }
  return false;
}

}  // namespace segproof::testing

#endif  // SEGPROOF_ENCODE_ACL_TEST_UTIL_H_
