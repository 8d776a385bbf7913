// The control mapping: which controls of which compliance frameworks each
// lint check and each built-in assertion evidences or violates. The table is
// data, queries/controls.yaml (compiled in, like the built-in pack), so a
// compliance team can read and extend it (docs/lint.md, "Controls").
#ifndef SEGPROOF_LINT_CONTROLS_H_
#define SEGPROOF_LINT_CONTROLS_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "segproof/diag/diagnostic.h"
#include "segproof/lint/lint.h"

namespace segproof::lint {

// The address family an open-rule finding's peer must have for a control to
// apply (CIS 5.2 is about 0.0.0.0/0, 5.3 about ::/0).
enum class PeerFamily : uint8_t { kAny, kIpv4, kIpv6 };

struct ControlTable {
  // By lint check id or assertion id, in the order the table writes them.
  // For an assertion, `by_check.at(id)` is what reports list.
  std::map<std::string, std::vector<ControlRef>> by_check;
  // by_check[id][i] applies only to findings whose rule peer is of family
  // peer_family[id][i]; same length as by_check[id].
  std::map<std::string, std::vector<PeerFamily>> peer_family;
};

// queries/controls.yaml as compiled in. A mapping of an id that is neither a
// lint check nor a built-in assertion is an error here (a test keeps the
// table clean).
ControlTable builtinControls(DiagnosticEngine& diags);
// A control table file in the same format, used instead of the built-in one;
// problems go to `diags` with file:line:col. A mapping of an unknown id is a
// warning only: a user table may map the ids of its own assertions.
ControlTable loadControls(const std::string& path, DiagnosticEngine& diags);
ControlTable parseControls(const std::string& name, const std::string& text,
                           DiagnosticEngine& diags);
// The same, reporting a mapping of an unknown id with `unknown_ids`
// (kError for the built-in table).
ControlTable parseControls(const std::string& name, const std::string& text,
                           DiagnosticEngine& diags, Severity unknown_ids);

// Sets each finding's `controls` from the table (by its check id), leaving
// out controls limited to the other address family of the rule's peer.
void attachControls(const ControlTable& table, std::vector<LintFinding>& findings);
// Sets each assertion result's `controls` from the table (by assertion id).
void attachControls(const ControlTable& table, std::vector<AssertionResult>& results);

}  // namespace segproof::lint

#endif  // SEGPROOF_LINT_CONTROLS_H_
