// The internet as ends of a reachability diff: its IPv4 addresses split
// into the classes the networks' rules, ACL entries, prefix lists and
// routes tell apart (two addresses no CIDR of either network separates
// are treated alike by both), so that a diff can say "tcp/22 from
// 0.0.0.0/0 except 203.0.113.0/24" where a whole-internet end would see
// "tcp/22 from the internet" on both sides.
#ifndef SEGPROOF_COMPARE_INTERNET_RANGES_H_
#define SEGPROOF_COMPARE_INTERNET_RANGES_H_

#include <string>
#include <vector>

#include "encode/header_space.h"
#include "segproof/compare/diff.h"

namespace segproof {

// One end per class of IPv4 internet addresses (at most a few dozen; past
// that one end for the whole IPv4 internet, with a note), then one for the
// IPv6 internet when some network has an IPv6 address. Each IPv4 end's
// name is its addresses' text; its selectors are internet selectors
// narrowed to the class's blocks, the same on both sides.
std::vector<DiffEnd> internetEnds(const std::vector<const Network*>& networks,
                                  std::vector<std::string>& notes);

// The IPv4 internet addresses an end's selectors stand for (empty for the
// IPv6 end or an end that is not internet-only).
IntervalSet internetAddressesOf(const DiffEnd& end);

// "203.0.113.0/24", "the IPv4 internet", "the IPv4 internet except
// 203.0.113.0/24 and 198.51.100.0/24": the shorter of listing `addresses`
// and listing what the internet has besides them.
std::string internetText(const IntervalSet& addresses);

// The blocks of [lo, hi] (IPv4), fewest first to last.
std::vector<Cidr> blocksOfRange(uint32_t lo, uint32_t hi);

}  // namespace segproof

#endif  // SEGPROOF_COMPARE_INTERNET_RANGES_H_
