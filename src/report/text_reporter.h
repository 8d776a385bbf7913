// Text reports for the terminal: verdicts, witnesses hop by hop with the rule
// and file:line:col of each hop, proofs with the hop that blocks the closest
// candidate path.
#ifndef SEGPROOF_REPORT_TEXT_REPORTER_H_
#define SEGPROOF_REPORT_TEXT_REPORTER_H_

#include <string>

#include "segproof/query/result.h"

namespace segproof {

std::string checkText(const CheckReport& report);
std::string reachText(const AssertionResult& result);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_TEXT_REPORTER_H_
