// JSON output (schema in docs/output.md): check reports, reach answers and
// the extracted model.
#ifndef SEGPROOF_REPORT_JSON_REPORTER_H_
#define SEGPROOF_REPORT_JSON_REPORTER_H_

#include <nlohmann/json.hpp>
#include <string>

#include "segproof/model/network.h"
#include "segproof/query/result.h"
#include "simulate/simulator.h"

namespace segproof {

inline constexpr const char* kVersion = "0.1.0";

nlohmann::ordered_json checkJson(const CheckReport& report);
// Parts other reports share: a source location (null when unknown), one
// witness, one proof's closest path (null when absent).
nlohmann::ordered_json locationJson(const SourceLocation& l);
nlohmann::ordered_json witnessJson(const Witness& w);
nlohmann::ordered_json blockedJson(const std::optional<BlockedExplanation>& b);
// The controls a finding or an assertion bears on (an array, maybe empty).
nlohmann::ordered_json controlsJson(const std::vector<ControlRef>& controls);
// The `reach` contract: top-level "reachable" is true, false or null.
nlohmann::ordered_json reachJson(const AssertionResult& result);
nlohmann::ordered_json modelJson(const Network& network);
nlohmann::ordered_json traceJson(const FlowPacket& packet, const std::string& from,
                                 const std::string& to, const SimResult& result);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_JSON_REPORTER_H_
