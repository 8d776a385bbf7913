// A validator for the SARIF 2.1.0 logs segproof writes, written from the
// OASIS specification (https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/sarif-v2.1.0-os.html)
// and GitHub code scanning's documented subset and limits
// (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning,
// .../troubleshooting-sarif-uploads/results-exceed-limit). Not a general schema
// validator: it covers every object kind segproof emits (log, run, tool,
// toolComponent, reportingDescriptor, result, location, physicalLocation,
// artifactLocation, region, message, codeFlow, threadFlow, suppression,
// invocation, notification, artifact, property bags) with their required
// properties, types, enums, unknown-property checks, cross references
// (ruleId/ruleIndex against tool.driver.rules, uriBaseId against
// originalUriBaseIds) and GitHub's requirements and hard limits.
#ifndef SEGPROOF_TESTS_TOOLS_SARIF_VALIDATE_H_
#define SEGPROOF_TESTS_TOOLS_SARIF_VALIDATE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace segproof {

// Every violation as "JSON-pointer: what is wrong" ("/runs/0/results/2/level:
// 'fatal' is not one of none, note, warning, error"); empty when valid.
std::vector<std::string> validateSarif(const nlohmann::json& log);

}  // namespace segproof

#endif  // SEGPROOF_TESTS_TOOLS_SARIF_VALIDATE_H_
