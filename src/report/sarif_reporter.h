// SARIF 2.1.0 output (`--format sarif`, docs/output.md "SARIF"): one log with
// one run for a check report or a lint report, in the subset of SARIF that
// GitHub code scanning reads.
//
// Rules: for `check`, one per assertion of the report (its id is the rule id;
// its kind, severity and controls are the rule's properties); for `lint`, one
// per check of the catalogue (src/lint/catalogue.h), in catalogue order.
// Results:
//   check  one per witness of a violated assertion, located at the rule that
//          lets the flow through, the path as a codeFlow; one per violated
//          `reachable` assertion, located at the rule that stops it; one per
//          unknown verdict (level warning), located at the assertion.
//          Holding assertions give no result (see sarif_reporter.cc).
//   lint   one per finding, at the finding's location; a reachable open rule
//          carries its witness as a codeFlow; suppressed findings carry
//          `suppressions` (kind external) with the reason.
// Every result has a location: when the evidence names no file, the
// assertion's own place in its query file, else the first input.
// Paths relative to the working directory are relative URIs against
// %SRCROOT%; absolute paths become file:// URIs. Built-in pseudo-files
// ("<built-in>/default.yaml") are never used as artifact locations.
//
// The output depends only on the report (no times, no absolute working
// directory), so the same report gives the same bytes.
#ifndef SEGPROOF_REPORT_SARIF_REPORTER_H_
#define SEGPROOF_REPORT_SARIF_REPORTER_H_

#include <nlohmann/json.hpp>

#include "segproof/lint/lint.h"
#include "segproof/query/result.h"

namespace segproof {

inline constexpr const char* kSarifSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

// One SARIF 2.1.0 log (one run) for a check report and for a lint report.
nlohmann::ordered_json checkSarif(const CheckReport& report);
nlohmann::ordered_json lintSarif(const LintReport& report);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_SARIF_REPORTER_H_
