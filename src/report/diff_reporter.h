// Reports of `segproof diff` and `segproof drift` (docs/diff.md,
// docs/drift.md): text for the terminal, JSON for tools, Markdown for a
// pull-request comment. Opened flows first (with the assertions they
// break), then closed flows, undecided pairs, assertion verdicts that
// changed, notes.
#ifndef SEGPROOF_REPORT_DIFF_REPORTER_H_
#define SEGPROOF_REPORT_DIFF_REPORTER_H_

#include <nlohmann/json.hpp>
#include <string>

#include "segproof/compare/diff.h"
#include "segproof/compare/drift.h"

namespace segproof {

std::string diffText(const DiffReport& report);
nlohmann::ordered_json diffJson(const DiffReport& report);
std::string diffMarkdown(const DiffReport& report);

std::string driftText(const DriftReport& report);
nlohmann::ordered_json driftJson(const DriftReport& report);
std::string driftMarkdown(const DriftReport& report);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_DIFF_REPORTER_H_
