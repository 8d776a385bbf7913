#include "encode/header_space.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <iterator>
#include <limits>
#include <utility>

namespace segproof {
namespace {

constexpr uint64_t kMaxValue = std::numeric_limits<uint64_t>::max();
constexpr size_t kMaxAddressItems = 8;

int index(Field f) { return static_cast<int>(f); }

Field fieldAt(int i) { return static_cast<Field>(i); }

// Appends `next` (whose lo is not below the last interval's lo), merging it
// with the last interval when they overlap or touch.
void appendMerged(IntervalStorage& out, Interval next) {
  if (!out.empty()) {
    Interval& last = out.back();
    if (last.hi == kMaxValue || last.hi + 1 >= next.lo) {
      last.hi = std::max(last.hi, next.hi);
      return;
    }
  }
  out.push_back(next);
}

// Calls emit(first, prefix_length) for each block of the fewest IPv4 CIDR
// blocks covering lo..hi exactly, lowest first.
template <typename Emit>
void forEachCidrBlock(uint64_t lo, uint64_t hi, Emit emit) {
  while (true) {
    int host_bits = lo == 0 ? 32 : std::min(32, std::countr_zero(lo));
    while (lo + (uint64_t{1} << host_bits) - 1 > hi) --host_bits;
    emit(lo, 32 - host_bits);
    uint64_t next = lo + (uint64_t{1} << host_bits);
    if (next > hi) return;
    lo = next;
  }
}

std::string addressBlock(uint64_t first, int prefix_length) {
  std::string text = IpAddress::v4(static_cast<uint32_t>(first)).str();
  if (prefix_length != 32) text += "/" + std::to_string(prefix_length);
  return text;
}

std::string addressText(std::span<const Interval> intervals) {
  std::string text;
  size_t items = 0;
  for (const Interval& iv : intervals) {
    forEachCidrBlock(iv.lo, iv.hi, [&](uint64_t first, int prefix_length) {
      if (items < kMaxAddressItems) {
        if (items > 0) text += ", ";
        text += addressBlock(first, prefix_length);
      }
      ++items;
    });
  }
  if (items > kMaxAddressItems) {
    text += ", ... (" + std::to_string(items - kMaxAddressItems) + " more)";
  }
  return text;
}

std::string rangeText(std::span<const Interval> intervals) {
  std::string text;
  for (const Interval& iv : intervals) {
    if (!text.empty()) text += ", ";
    text += std::to_string(iv.lo);
    if (iv.hi != iv.lo) text += "-" + std::to_string(iv.hi);
  }
  return text;
}

// Orders interval sets lexicographically; any strict weak order will do for
// grouping equal sets.
int compareSets(const IntervalSet& a, const IntervalSet& b) {
  std::span<const Interval> x = a.intervals();
  std::span<const Interval> y = b.intervals();
  size_t n = std::min(x.size(), y.size());
  for (size_t i = 0; i < n; ++i) {
    if (x[i].lo != y[i].lo) return x[i].lo < y[i].lo ? -1 : 1;
    if (x[i].hi != y[i].hi) return x[i].hi < y[i].hi ? -1 : 1;
  }
  if (x.size() == y.size()) return 0;
  return x.size() < y.size() ? -1 : 1;
}

// Compares two cubes on every field except `skip`.
int compareExcept(const Cube& a, const Cube& b, int skip) {
  for (int i = 0; i < kFieldCount; ++i) {
    if (i == skip) continue;
    int c = compareSets(a[fieldAt(i)], b[fieldAt(i)]);
    if (c != 0) return c;
  }
  return 0;
}

}  // namespace

uint64_t fieldMax(Field field) {
  switch (field) {
    case Field::kSrcIp:
    case Field::kDstIp:
      return 0xffffffffu;
    case Field::kSrcPort:
    case Field::kDstPort:
      return 65535;
    case Field::kProtocol:
    case Field::kIcmpType:
    case Field::kIcmpCode:
      return 255;
  }
  assert(false && "unknown field");
  return 0;
}

const char* fieldName(Field field) {
  switch (field) {
    case Field::kSrcIp:
      return "src_ip";
    case Field::kDstIp:
      return "dst_ip";
    case Field::kProtocol:
      return "protocol";
    case Field::kSrcPort:
      return "src_port";
    case Field::kDstPort:
      return "dst_port";
    case Field::kIcmpType:
      return "icmp_type";
    case Field::kIcmpCode:
      return "icmp_code";
  }
  assert(false && "unknown field");
  return "?";
}

// ---------------------------------------------------------------------------
// IntervalSet

IntervalSet IntervalSet::range(uint64_t lo, uint64_t hi) {
  assert(lo <= hi);
  IntervalSet set;
  set.intervals_.push_back({lo, hi});
  return set;
}

IntervalSet IntervalSet::ofCidr(const Cidr& cidr) {
  assert(cidr.isV4());
  return range(cidr.firstV4(), cidr.lastV4());
}

IntervalSet IntervalSet::fromIntervals(std::vector<Interval> intervals) {
  std::sort(intervals.begin(), intervals.end(),
            [](const Interval& a, const Interval& b) { return a.lo < b.lo; });
  IntervalSet set;
  set.intervals_.reserve(intervals.size());
  for (const Interval& iv : intervals) {
    assert(iv.lo <= iv.hi);
    appendMerged(set.intervals_, iv);
  }
  return set;
}

void IntervalSet::add(uint64_t lo, uint64_t hi) {
  assert(lo <= hi);
  if (intervals_.empty() || intervals_.back().hi < lo) {  // the common case: appending
    appendMerged(intervals_, {lo, hi});
    return;
  }
  // Intervals [first, last) overlap or touch lo..hi.
  uint64_t touch_lo = lo == 0 ? 0 : lo - 1;
  uint64_t touch_hi = hi == kMaxValue ? kMaxValue : hi + 1;
  auto first = std::lower_bound(intervals_.begin(), intervals_.end(), touch_lo,
                                [](const Interval& iv, uint64_t v) { return iv.hi < v; });
  auto last = std::upper_bound(first, intervals_.end(), touch_hi,
                               [](uint64_t v, const Interval& iv) { return v < iv.lo; });
  if (first == last) {
    intervals_.insert(first, Interval{lo, hi});
    return;
  }
  first->lo = std::min(first->lo, lo);
  first->hi = std::max(std::prev(last)->hi, hi);
  intervals_.erase(std::next(first), last);
}

IntervalSet IntervalSet::unite(const IntervalSet& other) const {
  const IntervalStorage& a = intervals_;
  const IntervalStorage& b = other.intervals_;
  IntervalSet result;
  result.intervals_.reserve(a.size() + b.size());
  size_t i = 0;
  size_t j = 0;
  while (i < a.size() || j < b.size()) {
    bool take_a = j == b.size() || (i < a.size() && a[i].lo <= b[j].lo);
    appendMerged(result.intervals_, take_a ? a[i++] : b[j++]);
  }
  return result;
}

namespace {

// The first interval of [from, end) whose hi is at least `value`: the next
// one checked first, then by galloping and binary search, so that walking a
// small set against a large one (a few addresses against thousands) costs
// O(small * log large) rather than O(large).
const Interval* skipTo(const Interval* from, const Interval* end, uint64_t value) {
  if (from == end || from->hi >= value) return from;
  size_t step = 1;
  const Interval* lo = from;
  while (true) {
    const Interval* probe = static_cast<size_t>(end - lo) > step ? lo + step : end;
    if (probe == end || probe->hi >= value)
      return std::lower_bound(lo, probe, value,
                              [](const Interval& iv, uint64_t v) { return iv.hi < v; });
    lo = probe;
    step *= 2;
  }
}

}  // namespace

IntervalSet IntervalSet::intersect(const IntervalSet& other) const {
  const Interval *a = intervals_.begin(), *a_end = intervals_.end();
  const Interval *b = other.intervals_.begin(), *b_end = other.intervals_.end();
  IntervalSet result;
  while (a != a_end && b != b_end) {
    if (a->hi < b->lo) {
      a = skipTo(a, a_end, b->lo);
      continue;
    }
    if (b->hi < a->lo) {
      b = skipTo(b, b_end, a->lo);
      continue;
    }
    // Pieces of canonical sets never touch, so no merging is needed.
    result.intervals_.push_back({std::max(a->lo, b->lo), std::min(a->hi, b->hi)});
    if (a->hi < b->hi) {
      ++a;
    } else {
      ++b;
    }
  }
  return result;
}

IntervalSet IntervalSet::subtract(const IntervalSet& other) const {
  const IntervalStorage& b = other.intervals_;
  IntervalSet result;
  result.intervals_.reserve(intervals_.size() + 1);
  size_t j = 0;
  for (const Interval& a : intervals_) {
    uint64_t cur = a.lo;  // the lowest value of `a` not yet decided
    while (j < b.size() && b[j].hi < cur) ++j;
    bool covered = false;
    for (; j < b.size() && b[j].lo <= a.hi; ++j) {
      if (b[j].lo > cur) result.intervals_.push_back({cur, b[j].lo - 1});
      if (b[j].hi >= a.hi) {
        covered = true;  // b[j] may reach into the next interval of `a`: keep j
        break;
      }
      cur = b[j].hi + 1;
    }
    if (!covered) result.intervals_.push_back({cur, a.hi});
  }
  return result;
}

IntervalSet IntervalSet::complement(uint64_t max) const {
  IntervalSet result;
  result.intervals_.reserve(intervals_.size() + 1);
  uint64_t cur = 0;
  for (const Interval& iv : intervals_) {
    if (iv.lo > max) break;
    if (iv.lo > cur) result.intervals_.push_back({cur, iv.lo - 1});
    if (iv.hi >= max) return result;
    cur = iv.hi + 1;
  }
  result.intervals_.push_back({cur, max});
  return result;
}

bool IntervalSet::contains(uint64_t value) const {
  auto after = std::upper_bound(intervals_.begin(), intervals_.end(), value,
                                [](uint64_t v, const Interval& iv) { return v < iv.lo; });
  return after != intervals_.begin() && std::prev(after)->hi >= value;
}

bool IntervalSet::containsAll(const IntervalSet& other) const {
  if (other.empty()) return true;
  if (empty() || other.min() < min() || other.max() > max()) return false;
  size_t i = 0;
  for (const Interval& o : other.intervals_) {
    while (i < intervals_.size() && intervals_[i].hi < o.lo) ++i;
    if (i == intervals_.size() || intervals_[i].lo > o.lo || intervals_[i].hi < o.hi) {
      return false;
    }
  }
  return true;
}

bool IntervalSet::intersects(const IntervalSet& other) const {
  const Interval *a = intervals_.begin(), *a_end = intervals_.end();
  const Interval *b = other.intervals_.begin(), *b_end = other.intervals_.end();
  while (a != a_end && b != b_end) {
    if (a->hi < b->lo) {
      a = skipTo(a, a_end, b->lo);
    } else if (b->hi < a->lo) {
      b = skipTo(b, b_end, a->lo);
    } else {
      return true;
    }
  }
  return false;
}

uint64_t IntervalSet::min() const {
  assert(!empty());
  return intervals_.front().lo;
}

uint64_t IntervalSet::max() const {
  assert(!empty());
  return intervals_.back().hi;
}

uint64_t IntervalSet::count() const {
  uint64_t total = 0;
  for (const Interval& iv : intervals_) {
    uint64_t span = iv.hi - iv.lo;  // size - 1, which cannot overflow
    if (span == kMaxValue || total > kMaxValue - span - 1) return kMaxValue;
    total += span + 1;
  }
  return total;
}

std::string IntervalSet::str(Field field) const {
  if (empty()) return "none";
  assert(max() <= fieldMax(field));
  if (intervals_.size() == 1 && min() == 0 && max() == fieldMax(field)) return "any";
  if (field == Field::kSrcIp || field == Field::kDstIp) return addressText(intervals());
  return rangeText(intervals());
}

// ---------------------------------------------------------------------------
// Packet and Cube

Packet swapped(const Packet& packet) {
  Packet reply = packet;
  std::swap(reply[Field::kSrcIp], reply[Field::kDstIp]);
  std::swap(reply[Field::kSrcPort], reply[Field::kDstPort]);
  return reply;
}

Cube::Cube() {
  for (int i = 0; i < kFieldCount; ++i) fields_[i] = IntervalSet::full(fieldAt(i));
}

Cube& Cube::set(Field f, IntervalSet values) {
  fields_[index(f)] = std::move(values);
  return *this;
}

bool Cube::empty() const {
  return std::any_of(fields_.begin(), fields_.end(),
                     [](const IntervalSet& s) { return s.empty(); });
}

bool Cube::contains(const Packet& packet) const {
  for (int i = 0; i < kFieldCount; ++i) {
    if (!fields_[i].contains(packet.fields[i])) return false;
  }
  return true;
}

bool Cube::containsAll(const Cube& other) const {
  if (other.empty()) return true;
  for (int i = 0; i < kFieldCount; ++i) {
    if (!fields_[i].containsAll(other.fields_[i])) return false;
  }
  return true;
}

bool Cube::intersects(const Cube& other) const {
  for (int i = 0; i < kFieldCount; ++i) {
    if (!fields_[i].intersects(other.fields_[i])) return false;
  }
  return true;
}

Cube Cube::intersect(const Cube& other) const {
  Cube result{NoValues{}};
  for (int i = 0; i < kFieldCount; ++i) {
    result.fields_[i] = fields_[i].intersect(other.fields_[i]);
  }
  return result;
}

Cube Cube::swapped() const {
  Cube result = *this;
  std::swap(result.fields_[index(Field::kSrcIp)], result.fields_[index(Field::kDstIp)]);
  std::swap(result.fields_[index(Field::kSrcPort)], result.fields_[index(Field::kDstPort)]);
  return result;
}

Packet Cube::minPacket() const {
  assert(!empty());
  Packet packet;
  for (int i = 0; i < kFieldCount; ++i) packet.fields[i] = fields_[i].min();
  return packet;
}

// ---------------------------------------------------------------------------
// HeaderSet

HeaderSet::HeaderSet(Cube cube) { add(std::move(cube)); }

void HeaderSet::add(Cube cube) {
  if (!cube.empty()) cubes_.push_back(std::move(cube));
}

HeaderSet HeaderSet::unite(const HeaderSet& other) const {
  HeaderSet result;
  result.cubes_.reserve(cubes_.size() + other.cubes_.size());
  result.cubes_.insert(result.cubes_.end(), cubes_.begin(), cubes_.end());
  result.cubes_.insert(result.cubes_.end(), other.cubes_.begin(), other.cubes_.end());
  return result;
}

HeaderSet HeaderSet::intersect(const HeaderSet& other) const {
  HeaderSet result;
  for (const Cube& a : cubes_) {
    for (const Cube& b : other.cubes_) {
      // Checking first keeps the many disjoint pairs free of allocation.
      if (a.intersects(b)) result.cubes_.push_back(a.intersect(b));
    }
  }
  return result;
}

HeaderSet HeaderSet::intersect(const Cube& cube) const {
  HeaderSet result;
  for (const Cube& a : cubes_) {
    if (a.intersects(cube)) result.cubes_.push_back(a.intersect(cube));
  }
  return result;
}

HeaderSet HeaderSet::subtract(const Cube& cube) const {
  HeaderSet result;
  result.cubes_.reserve(cubes_.size());
  for (const Cube& c : cubes_) {
    if (!c.intersects(cube)) {
      result.cubes_.push_back(c);
      continue;
    }
    // c minus d is the disjoint union, over fields i, of the headers that
    // agree with d on fields before i and leave it at field i. `inside` is c
    // cut down to d on the fields seen so far; it stays non-empty since c
    // and d intersect.
    Cube inside = c;
    for (int i = 0; i < kFieldCount; ++i) {
      Field f = fieldAt(i);
      if (cube[f].containsAll(c[f])) continue;  // nothing leaves d here
      Cube piece = inside;
      piece.set(f, c[f].subtract(cube[f]));
      result.cubes_.push_back(std::move(piece));
      inside.set(f, c[f].intersect(cube[f]));
    }
  }
  return result;
}

HeaderSet HeaderSet::subtract(const HeaderSet& other) const {
  HeaderSet result = *this;
  for (const Cube& d : other.cubes_) {
    if (result.empty()) break;
    result = result.subtract(d);
  }
  return result;
}

HeaderSet HeaderSet::swapped() const {
  HeaderSet result;
  result.cubes_.reserve(cubes_.size());
  for (const Cube& c : cubes_) result.cubes_.push_back(c.swapped());
  return result;
}

HeaderSet HeaderSet::assign(Field f, const IntervalSet& values) const {
  HeaderSet result;
  if (values.empty()) return result;
  result.cubes_ = cubes_;
  for (Cube& c : result.cubes_) c.set(f, values);
  return result;
}

bool HeaderSet::contains(const Packet& packet) const {
  return std::any_of(cubes_.begin(), cubes_.end(),
                     [&](const Cube& c) { return c.contains(packet); });
}

Cube HeaderSet::hull() const {
  Cube result{Cube::NoValues{}};
  std::vector<Interval> all;
  for (int i = 0; i < kFieldCount; ++i) {
    all.clear();
    for (const Cube& c : cubes_) {
      std::span<const Interval> ivs = c.fields_[i].intervals();
      all.insert(all.end(), ivs.begin(), ivs.end());
    }
    result.fields_[i] = IntervalSet::fromIntervals(all);
  }
  return result;
}

bool HeaderSet::mergeOneFieldDifferences() {
  bool merged = false;
  std::vector<size_t> order(cubes_.size());
  std::vector<bool> dead(cubes_.size(), false);
  std::vector<Interval> united;
  for (int f = 0; f < kFieldCount; ++f) {
    order.clear();
    for (size_t i = 0; i < cubes_.size(); ++i) {
      if (!dead[i]) order.push_back(i);
    }
    // Equal keys end up adjacent; ties keep index order so each group's
    // first member is its earliest cube, which receives the union.
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return compareExcept(cubes_[a], cubes_[b], f) < 0;
    });
    for (size_t start = 0; start < order.size();) {
      size_t end = start + 1;
      while (end < order.size() &&
             compareExcept(cubes_[order[start]], cubes_[order[end]], f) == 0) {
        ++end;
      }
      if (end - start > 1) {
        united.clear();
        for (size_t k = start; k < end; ++k) {
          std::span<const Interval> ivs = cubes_[order[k]].fields_[f].intervals();
          united.insert(united.end(), ivs.begin(), ivs.end());
          if (k > start) dead[order[k]] = true;
        }
        cubes_[order[start]].fields_[f] = IntervalSet::fromIntervals(united);
        merged = true;
      }
      start = end;
    }
  }
  if (merged) removeDead(dead);
  return merged;
}

void HeaderSet::removeContained() {
  std::vector<bool> dead(cubes_.size(), false);
  bool removed = false;
  for (size_t i = 0; i < cubes_.size(); ++i) {
    for (size_t j = 0; j < cubes_.size(); ++j) {
      // A cube removed earlier is inside a live one, which covers i too.
      if (j == i || dead[j]) continue;
      if (cubes_[j].containsAll(cubes_[i])) {
        dead[i] = true;
        removed = true;
        break;
      }
    }
  }
  if (removed) removeDead(dead);
}

void HeaderSet::removeDead(const std::vector<bool>& dead) {
  size_t kept = 0;
  for (size_t i = 0; i < cubes_.size(); ++i) {
    if (dead[i]) continue;
    if (kept != i) cubes_[kept] = std::move(cubes_[i]);
    ++kept;
  }
  cubes_.resize(kept);
}

void HeaderSet::simplify() {
  // Removing cubes never makes two survivors differ in one field only, so a
  // round without merges ends at the fixpoint.
  bool merged = true;
  while (merged) {
    merged = mergeOneFieldDifferences();
    removeContained();
  }
}

bool HeaderSet::limit(size_t max_cubes) {
  assert(max_cubes >= 1);
  // Small unions are cheaper to carry than to simplify (the path search calls
  // this on every hop).
  constexpr size_t kSimplifyAbove = 8;
  if (cubes_.size() <= std::min(kSimplifyAbove, max_cubes)) return false;
  simplify();
  if (cubes_.size() <= max_cubes) return false;
  Cube all = hull();
  cubes_.clear();
  cubes_.push_back(std::move(all));
  return true;
}

Packet HeaderSet::sample() const {
  assert(!empty());
  return cubes_.front().minPacket();
}

}  // namespace segproof
