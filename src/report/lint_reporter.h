// `segproof lint` reports: text for the terminal, JSON (schema in
// docs/lint.md). Both come from the same LintReport.
#ifndef SEGPROOF_REPORT_LINT_REPORTER_H_
#define SEGPROOF_REPORT_LINT_REPORTER_H_

#include <nlohmann/json.hpp>
#include <string>

#include "segproof/lint/lint.h"

namespace segproof {

std::string lintText(const LintReport& report);
nlohmann::ordered_json lintJson(const LintReport& report);

}  // namespace segproof

#endif  // SEGPROOF_REPORT_LINT_REPORTER_H_
