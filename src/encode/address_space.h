// Address spaces: how the engine's 32-bit address fields hold one family.
//
// The engine asks every question once per address family (IPv4, then IPv6
// where the network has IPv6 addresses; docs/aws-modeling.md, "IPv6"). Its
// header fields, interval sets and Z3 bit-vectors hold 32-bit address
// *codes*; an AddressSpace says which address each code stands for.
//
// IPv4: an address is its own code.
//
// IPv6: the space is built from every IPv6 block and address the network
// and the questions name. Their edges cut the 128-bit line into *atoms*:
// maximal ranges that every named block holds whole or misses. Each atom
// gets a contiguous range of codes, in address order: as many codes as it
// has addresses when it is small, else `cap` codes; the largest atom also
// takes the codes left over, so that the codes 0..2^32-1 are all used and
// each stands for one address (atom start + offset).
//
// Why a verdict over codes is a verdict over addresses: every set the
// engine builds from the model is a union of named blocks, so a union of
// whole atoms, and its codes are exactly the codes of those atoms; the
// other constraints the engine writes compare addresses for equality or
// difference (rewrites, replies, distinct interfaces) and fix named
// addresses. A set of such constraints over a few addresses has a solution
// in the addresses iff it has one in the codes, as long as each atom has at
// least as many codes as a path has addresses in it; `cap` is far larger.
// Witnesses are translated back (address()) and replayed by the simulator
// on the real addresses before they are reported.
//
// Thread-safety: immutable after construction; shared by the workers.
#ifndef SEGPROOF_ENCODE_ADDRESS_SPACE_H_
#define SEGPROOF_ENCODE_ADDRESS_SPACE_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "encode/header_space.h"
#include "segproof/model/ip.h"

namespace segproof {

class AddressSpace {
 public:
  static AddressSpace ipv4();
  // The IPv6 space for `named`: blocks and addresses (as /128 blocks); the
  // internet's edges and the documentation prefix are added. Blocks of
  // another family are ignored.
  static AddressSpace ipv6(const std::vector<Cidr>& named);

  IpFamily family() const { return family_; }
  bool isV4() const { return family_ == IpFamily::kV4; }

  // The codes of `block`; empty for a block of the other family.
  IntervalSet block(const Cidr& block) const;
  // The code of `address`; nullopt for an address of the other family, or an
  // IPv6 address the space was not built for that lies past its atom's codes.
  std::optional<uint64_t> code(const IpAddress& address) const;
  // The address `code` stands for. REQUIRES: code <= 2^32-1.
  IpAddress address(uint64_t code) const;

  // The codes of internet addresses (docs/aws-modeling.md).
  const IntervalSet& internet() const { return internet_; }
  // Internet addresses that read well in explanations: 203.0.113.7-254
  // (RFC 5737) for IPv4, 2001:db8::7 onwards (RFC 3849) for IPv6.
  const IntervalSet& readableInternet() const { return readable_; }

  // Number of atoms (1 for IPv4): for tests and measurements.
  size_t atomCount() const { return atoms_.empty() ? 1 : atoms_.size(); }

 private:
  __extension__ typedef unsigned __int128 Uint128;
  struct Atom {
    Uint128 first;  // first address
    uint64_t code;  // first code
    uint64_t size;  // number of codes
  };
  static Uint128 toInteger(const IpAddress& address);
  // Index of the atom holding `value`.
  size_t atomOf(Uint128 value) const;
  uint64_t codeOf(Uint128 value) const;

  IpFamily family_ = IpFamily::kV4;
  std::vector<Atom> atoms_;  // IPv6: sorted by address, covering the whole line
  IntervalSet internet_;
  IntervalSet readable_;
};

// The IPv4 space, shared (the default of the rule compilers).
const AddressSpace& ipv4Space();

}  // namespace segproof

#endif  // SEGPROOF_ENCODE_ADDRESS_SPACE_H_
