// What a security group rule or network ACL entry matches, as AWS reads what
// was written: protocol names and numbers, absent ports, ICMP type and code in
// the port fields. Shared by ModelBuilder and the rule-level lint, which reads
// rules whose group or ACL may not be in the inputs.
#ifndef SEGPROOF_AWS_RULE_MATCH_H_
#define SEGPROOF_AWS_RULE_MATCH_H_

#include <optional>
#include <string>

#include "aws/resources.h"
#include "segproof/diag/diagnostic.h"
#include "segproof/model/network.h"

namespace segproof::aws {

// AWS accepts "tcp", "udp", "icmp", "icmpv6" (any case), "-1" and "all" for
// every protocol, and IANA numbers 0-255. nullopt otherwise.
std::optional<int> protocolNumber(const std::string& written);

// The match of `spec`; problems (invalid protocol, port out of range or
// reversed, ICMP type or code out of range) are errors in `diags`, reported
// at the value or else at `where`, and give nullopt.
std::optional<Match> readMatch(const MatchSpec& spec, const SourceLocation& where,
                               DiagnosticEngine& diags);

}  // namespace segproof::aws

#endif  // SEGPROOF_AWS_RULE_MATCH_H_
