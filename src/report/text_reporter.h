// Text reports for the terminal: verdicts, witnesses hop by hop with the rule
// and file:line:col of each hop, proofs with the hop that blocks the closest
// candidate path.
#ifndef SEGPROOF_REPORT_TEXT_REPORTER_H_
#define SEGPROOF_REPORT_TEXT_REPORTER_H_

#include <string>
#include <vector>

#include "segproof/query/result.h"
#include "simulate/simulator.h"

namespace segproof {

std::string checkText(const CheckReport& report);
// One witness (numbered `index`) and one proof's closest path, indented for
// a report entry.
std::string witnessText(const Witness& w, size_t index);
std::string blockedText(const BlockedExplanation& b);
std::string reachText(const AssertionResult& result);
// Pieces the other reports (JUnit, Markdown, lint) share, unindented: the
// proof of an assertion with no flow ("proof: none of N source/destination
// classes ...", and the hop that stops the closest path); the controls of a
// finding or an assertion ("PCI DSS v4.0 1.3.1 (evidence); ..."); "3 solver calls".
std::string proofText(const AssertionResult& result);
std::string controlsText(const std::vector<ControlRef>& controls);
std::string countText(size_t n, const char* one, const char* many);
// One packet through the simulator (`segproof trace`): every hop, the rule
// that decides it, and the disposition.
std::string traceText(const FlowPacket& packet, const std::string& from, const std::string& to,
                      const SimResult& result);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_TEXT_REPORTER_H_
