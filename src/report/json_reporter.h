// JSON output (schema in docs/output.md): check reports, reach answers and
// the extracted model. A shard's check report (`check --shard I/N`) also
// records what `segproof merge` needs to combine the shards
// (docs/distributed.md); json_reader.h reads a check report back.
#ifndef SEGPROOF_REPORT_JSON_REPORTER_H_
#define SEGPROOF_REPORT_JSON_REPORTER_H_

#include <nlohmann/json.hpp>
#include <string>

#include "segproof/model/network.h"
#include <vector>

#include "report/html_reporter.h"
#include "segproof/query/result.h"
#include "simulate/simulator.h"

namespace segproof {

inline constexpr const char* kVersion = "0.1.0";

// What a shard's JSON records besides its report, so that `segproof merge`
// can tell the shards of one run from others and rebuild what the reporters
// need. Written only when report.shard is set.
struct ShardRun {
  size_t max_witnesses = 5;
  // The options that shape the results (names and values as the user gave
  // them); shards of one run have equal options.
  nlohmann::ordered_json options = nlohmann::ordered_json::object();
  std::vector<InputDigest> inputs;  // each input's size and SHA-256
};

// Unsharded reports (report.shard empty) ignore `run` and keep the schema
// of docs/output.md, "check"; a shard's adds "shard" and per result the
// fields of docs/output.md, "Shard results".
nlohmann::ordered_json checkJson(const CheckReport& report, const ShardRun& run = {});
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
