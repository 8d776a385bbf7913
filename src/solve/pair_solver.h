// Deciding one (source station, destination station, headers) question.
//
// Phase 1, search(): the path search with interval pruning (no solver).
// Phase 2, decide(): Z3 on the candidates, for a witness or to settle the
// candidates the interval check could not (over-approximated ones). Splitting
// the phases lets the caller send to Z3 only the pairs that need it.
#ifndef SEGPROOF_SOLVE_PAIR_SOLVER_H_
#define SEGPROOF_SOLVE_PAIR_SOLVER_H_

#include <optional>
#include <string>
#include <vector>

#include "encode/path_search.h"
#include "encode/z3_encoder.h"
#include "segproof/query/result.h"
#include "simulate/simulator.h"

namespace segproof {

// The flow and preferences are shared by many questions (one per assertion
// or kind of station pair), so questions point at them.
struct PairQuestion {
  const Station* source = nullptr;
  const Station* destination = nullptr;
  const HeaderSet* flow = nullptr;
  const std::vector<WitnessPreference>* preferences = nullptr;
};

enum class PairStatus : uint8_t { kUnreachable, kReachable, kUnknown };

struct PairAnswer {
  PairStatus status = PairStatus::kUnreachable;
  bool definite = false;  // status is final without the solver
  std::optional<Witness> witness;
  std::optional<BlockedExplanation> blocked;
  size_t blocked_depth = 0;
  std::string reason;           // unknown: why
  std::string note;             // unreachable without a blocking hop: why
  bool internal_error = false;  // a check of the engine against itself failed
  std::vector<std::string> internal_errors;  // what failed (AssertionResult::internal_errors)
  int path = -1;                // kReachable: the flow's path among the search's candidates
  bool uncertain_path = false;  // kReachable: it crosses a VPC with a part left out (the caller sets it)
  size_t paths = 0;
  size_t solver_calls = 0;
};

// The explanation of a blocked path of a search from q.source to
// q.destination.
BlockedExplanation explainBlocked(const EncodingContext& context, const PairQuestion& question,
                                  const BlockedPath& blocked);

// Phase 1. Keeps the search result for phase 2.
struct PairSearch {
  PathSearchResult result;
  PairAnswer answer;  // definite when no candidate needs the solver
};
PairSearch searchPair(const EncodingContext& context, const PairQuestion& question);

// Phase 2: runs Z3 on the candidates of `search` until one is satisfiable.
// The witness found is replayed by `simulator` (over the same network)
// before it is kept: one it does not deliver is an internal error, and the
// answer is unknown. Throws z3::exception (the caller turns it into an
// unknown answer).
PairAnswer decidePair(const EncodingContext& context, PathSolver& solver,
                      const Simulator& simulator, const PairQuestion& question,
                      const PairSearch& search);


}  // namespace segproof

#endif  // SEGPROOF_SOLVE_PAIR_SOLVER_H_
