// Qualifying results by what the analysis leaves out of the whole network.
//
// A proof does not cover parts of the network left out for unknown values,
// nor the IPv6 the engine does not analyse (dual-stack load balancers,
// NAT64); a flow through a VPC with a part left out may not exist as found.
// The analyzer applies this to every result; `segproof merge` applies it
// after combining the shards' unqualified results (docs/distributed.md).
#ifndef SEGPROOF_SOLVE_QUALIFY_H_
#define SEGPROOF_SOLVE_QUALIFY_H_

#include <string>

#include "segproof/query/result.h"

namespace segproof {

// `uncertain_parts`: uncertaintiesText of the network ("" when nothing is
// left out); `ipv6`: the IPv6 not analysed ("" when none).
// Uses result.certain_flow.
void qualifyResult(AssertionResult& result, const std::string& uncertain_parts,
                   const std::string& ipv6);

}  // namespace segproof

#endif  // SEGPROOF_SOLVE_QUALIFY_H_
