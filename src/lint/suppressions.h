// Suppressions: `.segproof.yaml` names findings that are accepted, each by
// check id and resource, with a mandatory reason (docs/lint.md,
// "Suppressions"). Suppressed findings are not counted, but every report
// lists them with their reasons: auditors must see them.
#ifndef SEGPROOF_LINT_SUPPRESSIONS_H_
#define SEGPROOF_LINT_SUPPRESSIONS_H_

#include <optional>
#include <string>
#include <vector>

#include "segproof/diag/diagnostic.h"
#include "segproof/lint/lint.h"

namespace segproof::lint {

struct LintConfig {
  std::string path;
  std::vector<Suppression> suppressions;
};

// Today's date in UTC, "YYYY-MM-DD": what `expires` is compared with.
std::string currentDate();

// Reads a .segproof.yaml; problems (not YAML, unknown keys, a suppression
// without a reason, an unknown check id) are errors in `diags` with
// file:line:col, and a suppression whose `expires` date has passed is a
// warning ("suppression-expired"). A suppression with errors is left out.
// nullopt after an error reading the file ("cannot-read", or
// "input-too-large" over the size limit).
std::optional<LintConfig> loadLintConfig(const std::string& path, DiagnosticEngine& diags);
LintConfig parseLintConfig(const std::string& name, const std::string& text,
                           DiagnosticEngine& diags);
// The same with the date to judge `expires` by ("YYYY-MM-DD"; tests).
LintConfig parseLintConfig(const std::string& name, const std::string& text,
                           DiagnosticEngine& diags, const std::string& today);

// Whether `suppression` has an `expires` date before `today`.
bool suppressionExpired(const Suppression& suppression, const std::string& today);

// Whether `suppression` names `finding`: its check (or "*"), and its
// resource equal to the finding's resource or element, where a part of the
// address without an instance key matches every instance
// ("module.app.aws_instance.web" matches "module.app[0].aws_instance.web[1]").
// Expiry is not considered here.
bool suppressionMatches(const Suppression& suppression, const LintFinding& finding);

// Moves every finding a suppression matches from `findings` to `suppressed`
// (the first matching suppression, in file order, takes it) and counts the
// matches in `suppressions`. Expired suppressions match nothing.
void applySuppressions(std::vector<Suppression>& suppressions, std::vector<LintFinding>& findings,
                       std::vector<SuppressedFinding>& suppressed);
void applySuppressions(std::vector<Suppression>& suppressions, std::vector<LintFinding>& findings,
                       std::vector<SuppressedFinding>& suppressed, const std::string& today);

// A "suppression-unused" warning at each suppression that matched nothing
// (after applySuppressions), except expired ones, already warned about.
void warnUnusedSuppressions(const std::vector<Suppression>& suppressions, DiagnosticEngine& diags);
void warnUnusedSuppressions(const std::vector<Suppression>& suppressions, DiagnosticEngine& diags,
                            const std::string& today);

}  // namespace segproof::lint

#endif  // SEGPROOF_LINT_SUPPRESSIONS_H_
