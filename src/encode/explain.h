// Explanations: the rule behind each hop of a path, in words and with the
// place in the code where it is written.
//
// explainHop() names the rule that lets a concrete packet through a hop (for
// witnesses); explainBlock() names the rule, or the missing one, that stops a
// packet at a hop (for proofs of unreachability). Both evaluate the model
// directly on the packet, the way a reader would check it by hand.
#ifndef SEGPROOF_ENCODE_EXPLAIN_H_
#define SEGPROOF_ENCODE_EXPLAIN_H_

#include <string>
#include <vector>

#include "encode/path_formula.h"
#include "encode/path_search.h"
#include "segproof/query/result.h"

namespace segproof {

// The packet with its address codes read in `space`.
FlowPacket toFlowPacket(const Packet& packet, const AddressSpace& space = ipv4Space());

// The hops of a satisfied formula, one PathHop per hop, given the witness
// header of every version.
std::vector<PathHop> explainPath(const EncodingContext& context, const PathFormula& formula,
                                 const std::vector<Packet>& versions);

// Why `hop` stops `sample` (a packet that reached it; the reply for reply
// hops), or `reason` for hops that are facts of the model.
PathHop explainBlock(const EncodingContext& context, const Hop& hop,
                     const std::optional<Packet>& sample, const std::string& reason);

}  // namespace segproof

#endif  // SEGPROOF_ENCODE_EXPLAIN_H_
