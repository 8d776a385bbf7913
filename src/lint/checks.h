// The lint checks. Each takes the resources as written, their rules as AWS
// reads them, and the network built from the inputs when it builds, and
// returns its findings without controls (attached later from the control
// table) and without path verdicts (added by path_verdicts.h).
#ifndef SEGPROOF_LINT_CHECKS_H_
#define SEGPROOF_LINT_CHECKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "aws/resources.h"
#include "lint/rules.h"
#include "segproof/lint/lint.h"
#include "segproof/model/network.h"

namespace segproof::lint {

struct LintContext {
  const aws::Resources& resources;  // read with keep_unplaced
  const std::vector<LintRule>& rules;
  const Network* network = nullptr;  // null when the inputs do not build into one
};

// A finding of `check` (a catalogue id) with the check's default severity,
// and the same about one rule (its resource, element and location).
LintFinding makeFinding(std::string_view check, const std::string& resource,
                        const std::string& element, const SourceLocation& location,
                        std::string message, std::string fix);
LintFinding ruleFinding(std::string_view check, const LintRule& rule, std::string message,
                        std::string fix);

// Rules that admit the internet (open_rules.cc): sg-ingress-*, sg-egress-*,
// nacl-ingress-*, nacl-egress-all-protocols.
std::vector<LintFinding> openRuleFindings(const LintContext& context);

// How wide rules are whatever their peer (rule_shape.cc): sg-rule-*,
// nacl-entry-*; rules open to the internet are left to openRuleFindings.
std::vector<LintFinding> ruleShapeFindings(const LintContext& context);

// Network ACL hygiene (nacl_hygiene.cc): shadowed entries, ineffective
// denies, duplicate rule numbers, overlapping entries, missing port ranges.
std::vector<LintFinding> naclHygieneFindings(const LintContext& context);

// Security group, VPC, subnet and route hygiene (hygiene.cc).
std::vector<LintFinding> hygieneFindings(const LintContext& context);

}  // namespace segproof::lint

#endif  // SEGPROOF_LINT_CHECKS_H_
