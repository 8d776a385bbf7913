// Graphviz DOT drawings of the model and of one path.
#ifndef SEGPROOF_REPORT_DOT_REPORTER_H_
#define SEGPROOF_REPORT_DOT_REPORTER_H_

#include <string>

#include "segproof/model/network.h"
#include "segproof/query/result.h"

namespace segproof {

// The topology: VPCs as clusters of subnets and interfaces, gateways, routes
// to gateways, peerings.
std::string modelDot(const Network& network);
// One path of a `reach` answer: the first witness hop by hop (each edge names
// the rule that lets the packet through and its file:line:col, reply checks
// as notes), or the closest path and the hop that stops it.
std::string reachDot(const AssertionResult& result);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_DOT_REPORTER_H_
