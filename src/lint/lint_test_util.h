// What the tests of the lint checks start from: a file read as `segproof
// lint` reads it (every rule kept as written, InputOptions::keep_unplaced),
// its rules as AWS reads them, and, when asked, the network a normal read
// builds (as lint gives the checks when the inputs build).
#ifndef SEGPROOF_LINT_LINT_TEST_UTIL_H_
#define SEGPROOF_LINT_LINT_TEST_UTIL_H_

#include <optional>
#include <string>
#include <vector>

#include "aws/model_builder.h"
#include "frontends/frontend.h"
#include "lint/checks.h"
#include "lint/rules.h"

namespace segproof::lint::testing {

struct LintInput {
  aws::Resources resources;
  std::vector<LintRule> rules;
  std::optional<Network> network;
  DiagnosticEngine diags;          // of the lint read
  DiagnosticEngine rule_problems;  // of lintRules (rules AWS would refuse)
  DiagnosticEngine network_diags;  // of the normal read and the network build

  LintContext context() const { return {resources, rules, network ? &*network : nullptr}; }
};

inline LintInput readForLint(const std::string& path, bool with_network = false) {
  LintInput in;
  InputOptions options;
  options.keep_unplaced = true;
  in.resources = loadInputs({path}, in.diags, options);
  in.rules = lintRules(in.resources, in.rule_problems);
  if (with_network) {
    aws::Resources placed = loadInputs({path}, in.network_diags);
    in.network = aws::buildNetwork(placed, in.network_diags);
  }
  return in;
}

}  // namespace segproof::lint::testing

#endif  // SEGPROOF_LINT_LINT_TEST_UTIL_H_
