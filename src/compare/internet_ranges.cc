// Internet ends of a reachability diff (compare/internet_ranges.h).
#include "compare/internet_ranges.h"

#include <algorithm>
#include <map>
#include <set>

#include "encode/address_space.h"

namespace segproof {

namespace {

// Past this many classes the IPv4 internet is one end: each class is a row
// of the matrix on both sides.
constexpr size_t kMaxInternetEnds = 32;

void addBlock(const Cidr& cidr, std::vector<Cidr>& out) {
  if (cidr.isV4()) out.push_back(cidr);
}

void addRoutes(const std::vector<Route>& routes, std::vector<Cidr>& out) {
  for (const Route& route : routes)
    if (!route.destination_prefix_list.valid()) addBlock(route.destination, out);
}

// Every IPv4 block a rule, ACL entry, prefix list or route of `network`
// names: the addresses they tell apart.
void namedV4Blocks(const Network& network, std::vector<Cidr>& out) {
  for (const SecurityGroup& group : network.security_groups)
    for (const SecurityGroupRule& rule : group.rules)
      if (rule.peer.kind == RulePeer::Kind::kCidr) addBlock(rule.peer.cidr, out);
  for (const NetworkAcl& acl : network.network_acls)
    for (const NetworkAclRule& rule : acl.rules) addBlock(rule.cidr, out);
  for (const PrefixList& list : network.prefix_lists)
    for (const Cidr& entry : list.entries) addBlock(entry, out);
  for (const RouteTable& table : network.route_tables) addRoutes(table.routes, out);
  for (const TgwRouteTable& table : network.tgw_route_tables) addRoutes(table.routes, out);
}

bool hasIpv6Address(const Network& network) {
  return std::any_of(network.interfaces.begin(), network.interfaces.end(),
                     [](const Interface& i) { return !i.ipv6_addresses.empty(); });
}

Selector internetWithin(const Cidr& block) {
  Selector s;
  s.kind = Selector::Kind::kInternet;
  s.text = "internet:" + block.str();
  s.key = "family";  // the internet of the block's family, narrowed to it
  s.cidr = block;
  return s;
}

DiffEnd endOf(const IntervalSet& addresses) {
  DiffEnd end;
  end.name = internetText(addresses);
  end.internet = true;
  for (const Interval& range : addresses.intervals())
    for (const Cidr& block :
         blocksOfRange(static_cast<uint32_t>(range.lo), static_cast<uint32_t>(range.hi)))
      end.before.push_back(internetWithin(block));
  end.after = end.before;
  return end;
}

size_t blockCount(const IntervalSet& set) {
  size_t n = 0;
  for (const Interval& range : set.intervals())
    n += blocksOfRange(static_cast<uint32_t>(range.lo), static_cast<uint32_t>(range.hi)).size();
  return n;
}

}  // namespace

std::vector<Cidr> blocksOfRange(uint32_t lo, uint32_t hi) {
  std::vector<Cidr> out;
  uint64_t at = lo;
  while (at <= hi) {
    int length = 32;
    // The largest aligned block starting at `at` that ends by `hi`.
    while (length > 0) {
      uint64_t size = uint64_t{1} << (32 - (length - 1));
      if (at % size != 0 || at + size - 1 > hi) break;
      --length;
    }
    Cidr block;
    block.address = IpAddress::v4(static_cast<uint32_t>(at));
    block.prefix_length = length;
    out.push_back(block);
    at += uint64_t{1} << (32 - length);
  }
  return out;
}

std::string internetText(const IntervalSet& addresses) {
  const IntervalSet& internet = ipv4Space().internet();
  if (addresses == internet) return "the IPv4 internet";
  IntervalSet rest = internet.subtract(addresses);
  if (blockCount(rest) < blockCount(addresses))
    return "the IPv4 internet except " + rest.str(Field::kSrcIp);
  return addresses.str(Field::kSrcIp);
}

std::vector<DiffEnd> internetEnds(const std::vector<const Network*>& networks,
                                  std::vector<std::string>& notes) {
  const IntervalSet& internet = ipv4Space().internet();
  std::vector<Cidr> blocks;
  for (const Network* network : networks) namedV4Blocks(*network, blocks);
  std::sort(blocks.begin(), blocks.end());
  blocks.erase(std::unique(blocks.begin(), blocks.end()), blocks.end());
  std::set<uint64_t> cuts = {0, uint64_t{1} << 32};
  for (const Cidr& block : blocks) {
    cuts.insert(block.firstV4());
    cuts.insert(uint64_t{block.lastV4()} + 1);
  }
  // Addresses between two cuts are inside or outside each block alike; the
  // pieces inside the same blocks form one class.
  std::map<std::vector<bool>, IntervalSet> classes;
  for (auto it = cuts.begin(); std::next(it) != cuts.end(); ++it) {
    uint64_t lo = *it, hi = *std::next(it) - 1;
    IntervalSet piece = internet.intersect(IntervalSet::range(lo, hi));
    if (piece.empty()) continue;
    std::vector<bool> inside;
    for (const Cidr& block : blocks) inside.push_back(block.firstV4() <= lo && lo <= block.lastV4());
    IntervalSet& into = classes[inside];
    into = into.unite(piece);
  }
  std::vector<DiffEnd> ends;
  if (classes.size() > kMaxInternetEnds) {
    ends.push_back(endOf(internet));
    notes.push_back("the IPv4 internet is one end: the networks tell apart " +
                    std::to_string(classes.size()) + " classes of its addresses, more than " +
                    std::to_string(kMaxInternetEnds) +
                    "; a change of which internet addresses reach an end is not shown");
  } else {
    std::vector<IntervalSet> sets;
    for (auto& [inside, set] : classes) sets.push_back(std::move(set));
    // In address order: the report reads from 0.0.0.0 up.
    std::sort(sets.begin(), sets.end(),
              [](const IntervalSet& a, const IntervalSet& b) { return a.min() < b.min(); });
    for (const IntervalSet& set : sets) ends.push_back(endOf(set));
  }
  if (std::any_of(networks.begin(), networks.end(),
                  [](const Network* n) { return hasIpv6Address(*n); })) {
    DiffEnd v6;
    v6.name = "the IPv6 internet";
    v6.internet = true;
    v6.before = {internetWithin(anyV6())};
    v6.after = v6.before;
    ends.push_back(std::move(v6));
  }
  return ends;
}

IntervalSet internetAddressesOf(const DiffEnd& end) {
  IntervalSet out;
  for (const Selector& s : end.after.empty() ? end.before : end.after)
    if (s.kind == Selector::Kind::kInternet && s.key == "family" && s.cidr.isV4())
      out = out.unite(IntervalSet::ofCidr(s.cidr));
  return out;
}

}  // namespace segproof
