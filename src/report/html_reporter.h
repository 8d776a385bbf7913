// The auditor's report (`segproof report`, `check --format html`): one
// self-contained HTML file, no external assets, no network: the assertions
// and their verdicts, the segment matrix as a coloured grid, every witness
// and proof as a drawing (inline SVG we draw), the lint findings and the
// suppressions with their reasons, a section per compliance control, the
// inputs with their SHA-256, the tool version and the time. docs/output.md,
// "HTML report".
#ifndef SEGPROOF_REPORT_HTML_REPORTER_H_
#define SEGPROOF_REPORT_HTML_REPORTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "segproof/lint/lint.h"
#include "segproof/query/result.h"

namespace segproof {

struct InputDigest {
  std::string path;
  uintmax_t bytes = 0;
  std::string sha256;  // empty: the file could not be read
};

// The size and SHA-256 of each file.
std::vector<InputDigest> digestInputs(const std::vector<std::string>& files);

struct AuditReport {
  std::vector<InputDigest> inputs;
  const CheckReport* check = nullptr;    // null: no assertion, evidence or compliance sections
  const SegmentMatrix* matrix = nullptr;  // null: no matrix section
  const LintReport* lint = nullptr;       // null: no findings section
  std::string generated;                  // when, ISO 8601 UTC
  std::string command;                    // the command line that made it
};

std::string htmlReport(const AuditReport& report);

// One path as an SVG drawing (a box per hop, top to bottom): a witness, or
// the closest path and the hop that stops it.
std::string witnessSvg(const Witness& witness);
std::string blockedSvg(const BlockedExplanation& blocked);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_HTML_REPORTER_H_
