#include "encode/address_space.h"

#include <algorithm>
#include <set>

namespace segproof {

namespace {

constexpr uint64_t kCodes = uint64_t{1} << 32;  // codes 0..2^32-1

}  // namespace

AddressSpace::Uint128 AddressSpace::toInteger(const IpAddress& address) {
  return (static_cast<Uint128>(address.hi) << 64) | address.lo;
}

AddressSpace AddressSpace::ipv4() {
  AddressSpace s;
  s.family_ = IpFamily::kV4;
  IntervalSet special;
  for (const Cidr& block : nonInternetBlocks(IpFamily::kV4)) special = special.unite(s.block(block));
  s.internet_ = special.complement(kCodes - 1);
  s.readable_ = IntervalSet::range(0xCB00710A, 0xCB0071FE).intersect(s.internet_);  // 203.0.113.10-254
  return s;
}

const AddressSpace& ipv4Space() {
  static const AddressSpace space = AddressSpace::ipv4();
  return space;
}

AddressSpace AddressSpace::ipv6(const std::vector<Cidr>& named) {
  AddressSpace s;
  s.family_ = IpFamily::kV6;
  const Cidr documentation = *parseCidr("2001:db8::/32").cidr;
  std::vector<Cidr> blocks;
  for (const Cidr& c : named)
    if (!c.isV4()) blocks.push_back(c);
  for (const Cidr& c : nonInternetBlocks(IpFamily::kV6)) blocks.push_back(c);
  blocks.push_back(documentation);

  // Atom edges: the first address of every block and the one after its last.
  const Uint128 kMax = ~Uint128{0};
  std::set<Uint128> edges = {0};
  for (const Cidr& c : blocks) {
    Uint128 first = toInteger(c.address);
    Uint128 host = c.prefix_length == 0 ? kMax : (Uint128{1} << (128 - c.prefix_length)) - 1;
    edges.insert(first);
    if (first + host != kMax) edges.insert(first + host + 1);
  }
  std::vector<Uint128> starts(edges.begin(), edges.end());
  size_t n = starts.size();
  // Small atoms keep every address; larger ones get `cap` codes, far more
  // than the few distinct addresses a path needs in one atom.
  uint64_t cap = std::max<uint64_t>((uint64_t{1} << 31) / n, 1);
  s.atoms_.reserve(n);
  uint64_t used = 0;
  size_t largest = 0;
  Uint128 largest_size = 0;
  for (size_t i = 0; i < n; ++i) {
    // Addresses in the atom, minus one (the last atom may hold 2^128 - x).
    Uint128 span = (i + 1 < n ? starts[i + 1] - 1 : kMax) - starts[i];
    uint64_t size = span >= cap - 1 ? cap : static_cast<uint64_t>(span) + 1;
    s.atoms_.push_back({starts[i], used, size});
    used += size;
    if (span > largest_size) {
      largest_size = span;
      largest = i;
    }
  }
  // The largest atom (at least 2^128 / n addresses) takes the codes left.
  uint64_t extra = kCodes - used;
  s.atoms_[largest].size += extra;
  for (size_t i = largest + 1; i < n; ++i) s.atoms_[i].code += extra;

  IntervalSet special;
  for (const Cidr& block : nonInternetBlocks(IpFamily::kV6)) special = special.unite(s.block(block));
  s.internet_ = special.complement(kCodes - 1);
  IpAddress low = documentation.address, high = documentation.address;
  low.lo += 10;
  high.lo += 254;
  std::optional<uint64_t> from = s.code(low), to = s.code(high);
  if (from && to) s.readable_ = IntervalSet::range(*from, *to).intersect(s.internet_);
  return s;
}

size_t AddressSpace::atomOf(Uint128 value) const {
  auto it = std::upper_bound(atoms_.begin(), atoms_.end(), value,
                             [](Uint128 v, const Atom& a) { return v < a.first; });
  return static_cast<size_t>(it - atoms_.begin()) - 1;  // atoms_[0].first == 0
}

IntervalSet AddressSpace::block(const Cidr& block) const {
  if (block.family() != family_) return {};
  if (isV4()) return IntervalSet::range(block.firstV4(), block.lastV4());
  Uint128 first = toInteger(block.address);
  Uint128 host = block.prefix_length == 0 ? ~Uint128{0} : (Uint128{1} << (128 - block.prefix_length)) - 1;
  // A block the space was built for starts and ends at atom edges; another
  // one is widened to the atoms it touches.
  const Atom& a = atoms_[atomOf(first)];
  const Atom& b = atoms_[atomOf(first + host)];
  return IntervalSet::range(a.code, b.code + b.size - 1);
}

std::optional<uint64_t> AddressSpace::code(const IpAddress& address) const {
  if (address.family != family_) return std::nullopt;
  if (isV4()) return address.v4();
  Uint128 value = toInteger(address);
  const Atom& a = atoms_[atomOf(value)];
  Uint128 offset = value - a.first;
  if (offset >= a.size) return std::nullopt;
  return a.code + static_cast<uint64_t>(offset);
}

IpAddress AddressSpace::address(uint64_t code) const {
  if (isV4()) return IpAddress::v4(static_cast<uint32_t>(code));
  auto it = std::upper_bound(atoms_.begin(), atoms_.end(), code,
                             [](uint64_t c, const Atom& a) { return c < a.code; });
  const Atom& a = *(it - 1);
  Uint128 value = a.first + (code - a.code);
  return {IpFamily::kV6, static_cast<uint64_t>(value >> 64), static_cast<uint64_t>(value)};
}

}  // namespace segproof
