// Header spaces: exact sets of packet headers as unions of cubes.
//
// A packet header has seven fields (Field). A Cube is a product of one
// IntervalSet per field; a HeaderSet is a finite union of cubes. Security
// group rules, network ACL lines and route decisions are all cubes or unions
// of cubes, so the set of packets that can take a path is a HeaderSet, and
// the cheap question "is it empty?" needs no solver (docs/encoding.md).
//
// All operations are exact. HeaderSet::limit() trades exactness for size: it
// replaces a union that grew too large by its hull (an over-approximation,
// still sound for proving emptiness) and records that it did.
//
// Field conventions: for tcp/udp packets icmp_type and icmp_code are 0; for
// icmp packets the ports are 0. Addresses are IPv4 (32 bits).
//
// Thread-safety: values; no shared state.
#ifndef SEGPROOF_ENCODE_HEADER_SPACE_H_
#define SEGPROOF_ENCODE_HEADER_SPACE_H_

#include <algorithm>
#include <array>
#include <span>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "segproof/model/ip.h"

namespace segproof {

enum class Field : uint8_t {
  kSrcIp,
  kDstIp,
  kProtocol,
  kSrcPort,
  kDstPort,
  kIcmpType,
  kIcmpCode,
};
inline constexpr int kFieldCount = 7;

// Largest value of a field: 2^32-1 for addresses, 255 for protocol and ICMP
// fields, 65535 for ports.
uint64_t fieldMax(Field field);
const char* fieldName(Field field);  // "src_ip", "dst_port", ...

// Inclusive interval lo..hi with lo <= hi.
struct Interval {
  uint64_t lo = 0;
  uint64_t hi = 0;
  bool operator==(const Interval&) const = default;
};

// The storage of an IntervalSet: a vector that keeps up to two intervals in
// place. Most fields of most cubes are one interval, and the path search
// copies cubes on every hop; without this, half its time went to malloc and
// free (docs/performance.md).
class IntervalStorage {
 public:
  static constexpr size_t kInline = 2;

  const Interval* begin() const { return data(); }
  const Interval* end() const { return data() + size(); }
  Interval* begin() { return data(); }
  Interval* end() { return data() + size(); }
  size_t size() const { return on_heap_ ? heap_.size() : size_; }
  bool empty() const { return size() == 0; }
  const Interval& operator[](size_t i) const { return data()[i]; }
  const Interval& front() const { return data()[0]; }
  const Interval& back() const { return data()[size() - 1]; }
  Interval& back() { return data()[size() - 1]; }

  void reserve(size_t n) {
    if (n <= kInline && !on_heap_) return;
    spill();
    heap_.reserve(n);
  }
  void push_back(Interval v) {
    if (!on_heap_ && size_ < kInline) {
      inline_[size_++] = v;
      return;
    }
    spill();
    heap_.push_back(v);
  }
  void insert(const Interval* at, Interval v) {
    size_t i = static_cast<size_t>(at - data());
    spill();
    heap_.insert(heap_.begin() + static_cast<std::ptrdiff_t>(i), v);
  }
  void erase(const Interval* first, const Interval* last) {
    size_t i = static_cast<size_t>(first - data()), j = static_cast<size_t>(last - data());
    spill();
    heap_.erase(heap_.begin() + static_cast<std::ptrdiff_t>(i), heap_.begin() + static_cast<std::ptrdiff_t>(j));
  }

  bool operator==(const IntervalStorage& other) const {
    return size() == other.size() && std::equal(begin(), end(), other.begin());
  }

 private:
  const Interval* data() const { return on_heap_ ? heap_.data() : inline_.data(); }
  Interval* data() { return on_heap_ ? heap_.data() : inline_.data(); }
  void spill() {
    if (on_heap_) return;
    heap_.assign(inline_.begin(), inline_.begin() + size_);
    on_heap_ = true;
  }

  std::array<Interval, kInline> inline_{};
  uint32_t size_ = 0;
  bool on_heap_ = false;
  std::vector<Interval> heap_;
};

// A set of integers as sorted, disjoint, non-adjacent intervals.
class IntervalSet {
 public:
  IntervalSet() = default;  // empty
  static IntervalSet range(uint64_t lo, uint64_t hi);  // REQUIRES: lo <= hi
  static IntervalSet point(uint64_t value) { return range(value, value); }
  static IntervalSet full(Field field) { return range(0, fieldMax(field)); }
  // The addresses of an IPv4 block. REQUIRES: cidr.isV4().
  static IntervalSet ofCidr(const Cidr& cidr);
  // The union of `intervals`, given in any order, possibly overlapping.
  static IntervalSet fromIntervals(std::vector<Interval> intervals);

  void add(uint64_t lo, uint64_t hi);  // REQUIRES: lo <= hi
  IntervalSet unite(const IntervalSet& other) const;
  IntervalSet intersect(const IntervalSet& other) const;
  IntervalSet subtract(const IntervalSet& other) const;
  // Values 0..max not in this set.
  IntervalSet complement(uint64_t max) const;

  bool empty() const { return intervals_.empty(); }
  bool contains(uint64_t value) const;
  bool containsAll(const IntervalSet& other) const;
  bool intersects(const IntervalSet& other) const;
  uint64_t min() const;  // REQUIRES: !empty()
  uint64_t max() const;  // REQUIRES: !empty()
  // Number of values; saturates at UINT64_MAX.
  uint64_t count() const;
  std::span<const Interval> intervals() const { return {intervals_.begin(), intervals_.size()}; }

  // Human text for a field: addresses as the fewest CIDR blocks, a /32 as the
  // bare address ("10.0.0.0/16, 10.1.0.5"; 10.0.0.0-10.0.0.2 is
  // "10.0.0.0/31, 10.0.0.2"), at most 8 of them followed by "... (N more)";
  // ports and numbers as ranges ("22, 1024-65535"); "any" when full, "none"
  // when empty. REQUIRES: values <= fieldMax(field).
  std::string str(Field field) const;

  bool operator==(const IntervalSet&) const = default;

 private:
  IntervalStorage intervals_;
};

// A concrete header.
struct Packet {
  std::array<uint64_t, kFieldCount> fields{};
  uint64_t operator[](Field f) const { return fields[static_cast<int>(f)]; }
  uint64_t& operator[](Field f) { return fields[static_cast<int>(f)]; }
  bool operator==(const Packet&) const = default;
};

// Source and destination exchanged (addresses and ports): the reply of a packet.
Packet swapped(const Packet& packet);

// A product of per-field sets. Empty when any field is empty.
class Cube {
 public:
  Cube();  // every header
  const IntervalSet& operator[](Field f) const { return fields_[static_cast<int>(f)]; }
  Cube& set(Field f, IntervalSet values);
  bool empty() const;
  bool contains(const Packet& packet) const;
  bool containsAll(const Cube& other) const;
  // Whether the intersection is non-empty; allocates nothing.
  bool intersects(const Cube& other) const;
  Cube intersect(const Cube& other) const;
  Cube swapped() const;
  // The smallest value of each field.
  Packet minPacket() const;  // REQUIRES: !empty()
  bool operator==(const Cube&) const = default;

 private:
  friend class HeaderSet;  // builds hulls and merged cubes field by field

  struct NoValues {};
  explicit Cube(NoValues) {}  // every field empty, without building full sets

  std::array<IntervalSet, kFieldCount> fields_;
};

class HeaderSet {
 public:
  HeaderSet() = default;  // empty
  static HeaderSet all() { return HeaderSet(Cube()); }
  explicit HeaderSet(Cube cube);

  void add(Cube cube);  // union with one cube (empty cubes are dropped)
  HeaderSet unite(const HeaderSet& other) const;
  HeaderSet intersect(const HeaderSet& other) const;
  HeaderSet intersect(const Cube& cube) const;
  // Exact: each cube that overlaps `cube` splits into at most one cube per
  // field, so the result can grow by up to kFieldCount times per step.
  HeaderSet subtract(const Cube& cube) const;
  HeaderSet subtract(const HeaderSet& other) const;  // one cube at a time
  HeaderSet swapped() const;
  // Every header of the set with field `f` replaced by any value of `values`
  // (the image of a rewrite such as NAT). Cubes that become equal are kept;
  // simplify() removes them.
  HeaderSet assign(Field f, const IntervalSet& values) const;

  bool empty() const { return cubes_.empty(); }
  bool contains(const Packet& packet) const;
  // Smallest cube containing the set. REQUIRES: !empty() for a meaningful hull.
  Cube hull() const;
  // Removes cubes contained in another and merges cubes that differ in one
  // field only, until neither applies. Keeps the set equal and the survivors
  // in their order. Merging sorts (n log n per field); removing contained
  // cubes compares pairs (n^2 in the worst case).
  void simplify();
  // If the union has more than `max_cubes` cubes after simplify(), replaces it
  // by its hull. Returns true when it did (the set became an over-approximation).
  // REQUIRES: max_cubes >= 1.
  bool limit(size_t max_cubes);

  // Some header of the set. REQUIRES: !empty().
  Packet sample() const;

  size_t size() const { return cubes_.size(); }
  const std::vector<Cube>& cubes() const { return cubes_; }

 private:
  // simplify() steps.
  bool mergeOneFieldDifferences();  // returns whether it merged any cubes
  void removeContained();
  void removeDead(const std::vector<bool>& dead);

  std::vector<Cube> cubes_;  // non-empty cubes; may overlap
};

}  // namespace segproof

#endif  // SEGPROOF_ENCODE_HEADER_SPACE_H_
