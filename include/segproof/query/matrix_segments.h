// The segments of a segment matrix (`segproof matrix`, docs/output.md).
#ifndef SEGPROOF_QUERY_MATRIX_SEGMENTS_H_
#define SEGPROOF_QUERY_MATRIX_SEGMENTS_H_

#include <string>
#include <vector>

#include "segproof/model/network.h"
#include "segproof/query/assertion.h"

namespace segproof {

// The rows and columns, in order: `chosen` (the segments of the -q files)
// when there are any; else those of `builtin` (the built-in pack's
// environment segments) that select some interface, when two or more do;
// else one segment per subnet that has interfaces. The internet comes
// first unless a segment already is the internet alone. Says which in
// `notes`.
std::vector<Segment> matrixSegments(const Network& network, const std::vector<Segment>& chosen,
                                    const std::vector<Segment>& builtin,
                                    std::vector<std::string>& notes);

}  // namespace segproof

#endif  // SEGPROOF_QUERY_MATRIX_SEGMENTS_H_
