#include "solve/qualify.h"

#include "solve/unknowns.h"

namespace segproof {

void qualifyResult(AssertionResult& r, const std::string& uncertain_parts, const std::string& ipv6) {
  if (r.verdict == Verdict::kUnknown) return;
  if (!uncertain_parts.empty() && (!witnessVerdict(r) || !r.certain_flow)) {
    r.reason = witnessVerdict(r)
                   ? "every flow found crosses a VPC with parts left out for unknown values: "
                   : "the proof does not cover parts left out for unknown values: ";
    r.reason += uncertain_parts;
    r.verdict = Verdict::kUnknown;
    r.witnesses.clear();
    r.flows = 0;
    return;
  }
  bool negative = r.assertion.kind != AssertionKind::kReachable;
  // A proof (a negative assertion holding, a `reachable` one violated)
  // does not cover the IPv6 left out.
  bool proof = negative ? r.verdict == Verdict::kHolds : r.verdict == Verdict::kViolated;
  if (proof && !ipv6.empty()) {
    r.verdict = Verdict::kUnknown;
    r.reason = "the proof does not cover IPv6 that segproof does not analyse: " + ipv6;
  }
}

}  // namespace segproof
