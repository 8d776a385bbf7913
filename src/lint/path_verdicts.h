// Path verdicts for open-rule findings: does the internet actually reach an
// interface through the rule (a witness), and if not, what stops it (a proof)?
// Each open rule becomes one reachability question to the engine:
//   security group ingress  internet -> interfaces carrying the group
//   security group egress   interfaces carrying the group -> internet
//   network ACL ingress     internet -> interfaces in the ACL's subnets
//   network ACL egress      interfaces in the ACL's subnets -> internet
// on the protocol and ports the rule exposes.
#ifndef SEGPROOF_LINT_PATH_VERDICTS_H_
#define SEGPROOF_LINT_PATH_VERDICTS_H_

#include <string>
#include <vector>

#include "segproof/lint/lint.h"
#include "segproof/model/network.h"
#include "segproof/segproof.h"

namespace segproof::lint {

// Sets `path` of every finding that has RuleFacts. Engine self-check
// failures are appended to `internal_errors`.
// `options.progress`, when set, is called after each path verdict (how many
// of how many open rules).
void addPathVerdicts(const Network& network, const AnalyzerOptions& options,
                     std::vector<LintFinding>& findings,
                     std::vector<std::string>& internal_errors);

// Sets `path` of every finding with RuleFacts to unknown with `why` (the
// inputs do not build into a network).
void markPathsUnknown(std::vector<LintFinding>& findings, const std::string& why);

}  // namespace segproof::lint

#endif  // SEGPROOF_LINT_PATH_VERDICTS_H_
