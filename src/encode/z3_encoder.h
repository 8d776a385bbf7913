// The Z3 encoding of a PathFormula, in bit-vectors.
//
// Each header version is seven bit-vector constants (32-bit addresses, 8-bit
// protocol, 16-bit ports, 8-bit ICMP type and code). A guard is a membership
// constraint: a disjunction over its cubes of a conjunction over fields of
// interval bounds, so no nested if-then-else grows with the rule count (whose
// teardown cost Z3 pays superlinearly). An ACL kept as ordered lines becomes
// exact first match through a chain of "no earlier line matched" literals, one
// per line. Reply checks are constraints on the swapped header, guarded by
// "protocol is TCP". A NAT rewrite relates consecutive versions.
//
// Thread-safety: a PathSolver belongs to one worker and its z3::context;
// never share either between threads. Methods may throw z3::exception
// (src/solve/ catches it).
#ifndef SEGPROOF_ENCODE_Z3_ENCODER_H_
#define SEGPROOF_ENCODE_Z3_ENCODER_H_

#include <z3++.h>

#include <optional>
#include <string>
#include <vector>

#include "encode/path_formula.h"

namespace segproof {

class PathSolver {
 public:
  // `timeout_ms` 0 means no limit.
  PathSolver(z3::context& context, unsigned timeout_ms);

  enum class Status : uint8_t { kSat, kUnsat, kUnknown };
  struct Outcome {
    Status status = Status::kUnknown;
    std::vector<Packet> versions;  // the witness, one header per version (kSat)
    std::string reason;            // Z3's reason (kUnknown)
  };

  // Decides the whole formula. Uses push/pop: the solver is left as found.
  // A witness honours the preferences the formula allows and is otherwise
  // the lexicographically smallest (fields in order, version by version), so
  // it does not depend on what the solver did before.
  Outcome check(const PathFormula& formula, const std::vector<WitnessPreference>& preferences = {});

  // Whether the given headers (one per version) satisfy the formula: the
  // solver's certificate for a witness found by the interval check.
  Status confirm(const PathFormula& formula, const std::vector<Packet>& versions);

  // The number of guards after which the formula (initial set, rewrites and
  // the first k guards) becomes unsatisfiable; guards.size() + 1 if it never
  // does. Names the blocking hop of a path the interval check could not refute.
  size_t firstBlockingGuard(const PathFormula& formula);


  size_t calls() const { return calls_; }

 private:
  using Header = std::vector<z3::expr>;  // kFieldCount fields
  Header header(int version);
  z3::expr inSet(const IntervalSet& set, const z3::expr& x, Field field);
  z3::expr inCube(const Cube& cube, const Header& h);
  z3::expr inHeaderSet(const HeaderSet& set, const Header& h);
  z3::expr firstMatch(const std::vector<AclLine>& lines, const Header& h, const std::string& tag);
  z3::expr guardExpr(const Guard& guard, size_t index, const std::vector<Header>& versions);
  std::vector<Header> assertBase(const PathFormula& formula);
  Packet packetOf(const z3::model& model, const Header& h);
  // Fixes each free field to its smallest value, by binary search.
  void minimize(const std::vector<Header>& versions, const std::vector<Rewrite>& rewrites);

  z3::context& ctx_;
  z3::solver solver_;
  size_t calls_ = 0;
};

}  // namespace segproof

#endif  // SEGPROOF_ENCODE_Z3_ENCODER_H_
