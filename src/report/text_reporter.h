// Text reports for the terminal: verdicts, witnesses hop by hop with the rule
// and file:line:col of each hop, proofs with the hop that blocks the closest
// candidate path.
#ifndef SEGPROOF_REPORT_TEXT_REPORTER_H_
#define SEGPROOF_REPORT_TEXT_REPORTER_H_

#include <string>

#include "segproof/query/result.h"
#include "simulate/simulator.h"

namespace segproof {

std::string checkText(const CheckReport& report);
// One witness (numbered `index`) and one proof's closest path, indented for
// a report entry.
std::string witnessText(const Witness& w, size_t index);
std::string blockedText(const BlockedExplanation& b);
std::string reachText(const AssertionResult& result);
// One packet through the simulator (`segproof trace`): every hop, the rule
// that decides it, and the disposition.
std::string traceText(const FlowPacket& packet, const std::string& from, const std::string& to,
                      const SimResult& result);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_TEXT_REPORTER_H_
