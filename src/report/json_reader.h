// Reading a check report back from its JSON (json_reporter.h), for
// `segproof merge` (docs/distributed.md): everything the reporters show
// comes back (verdicts, witnesses with their hops and locations, packets,
// places, closest blocked paths, controls, reasons, stats, notes, internal
// errors, inputs), so that checkJson(readCheckJson(checkJson(r))) is
// checkJson(r). A shard's report also brings back its "shard" object and,
// per result, the assertion's scope and the fields merge needs.
//
// An unsharded report has no assertion scope (selectors, flow, segments)
// and no per-result internal errors: the scope stays empty, and each
// report-level internal error "<id>: <text>" goes back to the result <id>.
#ifndef SEGPROOF_REPORT_JSON_READER_H_
#define SEGPROOF_REPORT_JSON_READER_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/html_reporter.h"
#include "segproof/query/result.h"

namespace segproof {

// A check report as read, with what a shard records besides it.
struct CheckDocument {
  CheckReport report;   // report.shard set for a shard's report (index 0-based)
  std::string version;  // of the segproof that wrote it
  // A shard's only (json_reporter.h, ShardRun); empty otherwise.
  std::optional<size_t> max_witnesses;
  nlohmann::ordered_json options;
  std::vector<InputDigest> input_digests;
};

// Why a document could not be read.
struct ReadProblem {
  size_t line = 0;  // of a JSON syntax error (1-based); 0 for other problems
  size_t column = 0;
  // "not JSON: <what>", or "<what> at <JSON pointer>" ("expected a string
  // at /results/0/id"), or "it has no \"results\" and \"summary\"".
  std::string message;
  std::string str() const;  // "LINE:COL: message" or "message"
};

// Parses `text`; nullopt (and `problem`) when it is not a check report.
std::optional<CheckDocument> readCheckJson(std::string_view text, ReadProblem& problem);

// The same, from a parsed document.
std::optional<CheckDocument> checkFromJson(const nlohmann::ordered_json& doc, ReadProblem& problem);

// 1-based line and column of byte `offset` in `text` (a position nlohmann's
// parse_error gives: the byte after the last one read).
std::pair<size_t, size_t> lineColumnOf(std::string_view text, size_t offset);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_JSON_READER_H_
