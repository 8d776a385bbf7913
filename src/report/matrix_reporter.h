// The segment matrix (`segproof matrix`): which segment reaches which, on
// which protocols and ports, as a grid for the terminal, JSON (schema in
// docs/output.md) and Markdown. All from one SegmentMatrix.
#ifndef SEGPROOF_REPORT_MATRIX_REPORTER_H_
#define SEGPROOF_REPORT_MATRIX_REPORTER_H_

#include <nlohmann/json.hpp>
#include <string>

#include "segproof/query/result.h"

namespace segproof {

// What a cell lets through, in one line: "tcp 22, 443; udp 53; icmp",
// "all traffic", "no flow", "unknown", "n/a"; "at most ..." when the ports
// are an upper bound.
std::string cellSummary(const MatrixCell& cell);
// Whether a cell is the internet to itself (not asked).
bool cellNotApplicable(const MatrixCell& cell);

std::string matrixText(const SegmentMatrix& matrix);
nlohmann::ordered_json matrixJson(const SegmentMatrix& matrix);
std::string matrixMarkdown(const SegmentMatrix& matrix);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_MATRIX_REPORTER_H_
