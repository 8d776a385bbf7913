// Every lint check: id, default severity, one-line title. The one list that
// the checks, the control table, suppressions and docs/lint.md agree on.
#ifndef SEGPROOF_LINT_CATALOGUE_H_
#define SEGPROOF_LINT_CATALOGUE_H_

#include <span>
#include <string_view>

#include "segproof/lint/lint.h"

namespace segproof::lint {

struct CheckInfo {
  std::string_view id;
  LintSeverity severity;
  std::string_view title;
};

std::span<const CheckInfo> checkCatalogue();
// nullptr when `id` is no check.
const CheckInfo* findCheck(std::string_view id);

}  // namespace segproof::lint

#endif  // SEGPROOF_LINT_CATALOGUE_H_
