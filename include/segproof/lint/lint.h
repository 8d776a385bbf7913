// Rule-level findings (`segproof lint`): what rule scanners report, each open
// rule with the path verdict no rule scanner can give.
//
//   DiagnosticEngine diags;
//   LintReport report = lintInputs({"infra/"}, diags);
//
// Findings are judged on the resources as written (a rule of a group whose VPC
// is not in the inputs is still a rule), and, for rules that admit the
// internet, on the network built from the inputs: does the internet actually
// reach an interface through that rule (a witness), or what stops it (a
// proof). The checks, their ids and severities are listed in docs/lint.md;
// the controls each finding evidences come from queries/controls.yaml;
// suppressions from a `.segproof.yaml` (docs/lint.md, "Suppressions").
#ifndef SEGPROOF_LINT_LINT_H_
#define SEGPROOF_LINT_LINT_H_

#include <optional>
#include <string>
#include <vector>

#include "segproof/diag/diagnostic.h"
#include "segproof/model/network.h"
#include "segproof/query/result.h"
#include "segproof/segproof.h"

namespace segproof {

enum class LintSeverity : uint8_t { kCritical, kHigh, kMedium, kLow, kInfo };
const char* lintSeverityName(LintSeverity severity);  // "critical", "high", ...
std::optional<LintSeverity> parseLintSeverity(const std::string& text);

// Whether traffic actually flows through an open rule.
struct PathVerdict {
  enum class Kind : uint8_t {
    kNotApplicable,  // not an open rule
    kReachable,      // a witness: the internet reaches an interface through the rule
    kNotReachable,   // a proof: no packet the rule admits reaches an interface
    kUnknown,        // not decided (the reason says why)
  };
  Kind kind = Kind::kNotApplicable;
  // One line: for kNotReachable what stops it ("no interface carries the
  // group", "subnet-a has no route to an internet gateway", "network ACL
  // rule 100 denies it"), for kUnknown why, for kReachable the packet.
  std::string summary;
  std::optional<Witness> witness;             // kReachable
  std::optional<BlockedExplanation> blocked;  // kNotReachable, when a path got partway
};
const char* pathVerdictName(PathVerdict::Kind kind);  // "n/a", "reachable", "not reachable", "unknown"

// What an open-rule finding is about: the rule as AWS reads it.
struct RuleFacts {
  std::string owner;  // the group or network ACL the rule belongs to, as referenced
  bool network_acl = false;  // the owner is a network ACL (else a security group)
  Direction direction = Direction::kIngress;
  int protocol = kAnyProtocol;
  PortRange ports;                    // tcp/udp; all for other protocols
  std::string peer;                   // the CIDR as written ("1.2.3.4/0")
  std::string peer_canonical;         // as AWS reads it ("0.0.0.0/0")
  // Ports the rule opens to the internet for tcp/udp (for a network ACL
  // rule: what earlier rules of the ACL leave to it); the whole range for
  // "all protocols".
  std::vector<PortRange> exposed_ports;
  // The sensitive services among them: "tcp/22 (internet-management-ports)".
  std::vector<std::string> sensitive;
  // true: an open-rule finding (the peer is the internet; the finding gets a
  // path verdict). false: a rule-shape finding (sg-rule-*, nacl-entry-*),
  // about how wide the rule is whatever its peer; no path verdict.
  bool open = true;
};

struct LintFinding {
  std::string check;  // "sg-ingress-admin"; the list is in docs/lint.md
  LintSeverity severity = LintSeverity::kMedium;
  std::string message;
  // The resource as the input names it ("aws_security_group.web", a logical
  // id) and, for a rule written inside it, the rule ("...web.ingress[0]");
  // element == resource otherwise.
  std::string resource;
  std::string element;
  SourceLocation location;
  std::string fix;
  std::optional<RuleFacts> rule;  // open-rule findings
  PathVerdict path;               // open-rule findings
  std::vector<ControlRef> controls;
};

// `- check: ID, resource: ADDR, reason: TEXT` in .segproof.yaml.
struct Suppression {
  std::string check;     // a check id, or "*"
  std::string resource;  // a resource address; "aws_instance.web" matches its instances
  std::string reason;    // mandatory
  std::string expires;   // "YYYY-MM-DD" or empty; an expired suppression matches nothing
  SourceLocation location;
  size_t matched = 0;    // findings it suppressed in this run
};

struct SuppressedFinding {
  LintFinding finding;
  size_t suppression = 0;  // index into LintReport::suppressions
};

struct LintReport {
  std::vector<std::string> inputs;
  std::vector<LintFinding> findings;           // in file, line, check order
  std::vector<SuppressedFinding> suppressed;   // listed in every report, never counted
  std::vector<Suppression> suppressions;       // with how many findings each matched
  std::string config;                          // the .segproof.yaml read, if any
  std::vector<std::string> notes;
  // Checks of the engine against itself that failed while deciding path
  // verdicts (as CheckReport::internal_errors); the CLI exits 4.
  std::vector<std::string> internal_errors;
  double seconds = 0;
};

struct LintOptions {
  InputOptions input;
  AnalyzerOptions analyzer;
  bool path_verdicts = true;  // false: rule-level findings only (--no-paths)
  // The suppression file; empty: `.segproof.yaml` in the current directory
  // if there is one.
  std::string config_path;
  bool use_config = true;     // false: --no-config
  // A control table to use instead of the built-in queries/controls.yaml
  // (--controls); empty: the built-in one.
  std::string controls_path;
};

// Reads the inputs and lints them. Input problems go to `diags` (file:line:col);
// findings are reported for what was read even when some input has errors (the
// caller exits with the input-error code then).
LintReport lintInputs(const std::vector<std::string>& inputs, DiagnosticEngine& diags,
                      const LintOptions& options = {});

}  // namespace segproof

#endif  // SEGPROOF_LINT_LINT_H_
