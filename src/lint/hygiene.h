// Internal to the hygiene checks (checks.h, hygieneFindings()): hygiene.cc
// holds the security group and VPC checks and the helpers below,
// hygiene_routes.cc the checks of public addresses and routes.
#ifndef SEGPROOF_LINT_HYGIENE_H_
#define SEGPROOF_LINT_HYGIENE_H_

#include <string>
#include <string_view>
#include <vector>

#include "lint/checks.h"

namespace segproof::lint::hygiene {

bool endsWith(const std::string& text, std::string_view suffix);

// The uncertainty the readers recorded for the unknown value at `where`
// (a flag read as true because its value is not known), if any.
const aws::UncertaintySpec* uncertaintyAt(const aws::Resources& resources,
                                          const SourceLocation& where);

// subnet-public-ip, instance-public-ip.
void publicAddressFindings(const LintContext& context, std::vector<LintFinding>& out);
// route-data-store-igw, route-peering-wide.
void routeFindings(const LintContext& context, std::vector<LintFinding>& out);

}  // namespace segproof::lint::hygiene

#endif  // SEGPROOF_LINT_HYGIENE_H_
